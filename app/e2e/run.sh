#!/usr/bin/env bash
# End-to-end check of the desktop app, run by `make test`: the real binary
# under Xvfb, driven with xdotool like a researcher would. It creates a
# project with the sample articles, drags across the first sentence of the
# first article, presses 1 and quits with Ctrl+Q; then the command line must
# list exactly one passage, quoting exactly that sentence, coded with the
# first code.
#
# The app, run with GLOSS_E2E=1, prints where the sentence is on screen and
# every selection and saved passage, so the script waits on those lines
# instead of sleeping. The final screenshot is kept as artifacts/e2e.png.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

if [ -z "${GLOSS_E2E_INNER:-}" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work" 2>/dev/null || true' EXIT
	echo "e2e: building gloss"
	(cd "$root" && go build -tags sqlite_fts5 -o "$work/gloss" .)
	# A home of its own: no preferences, recent files or data of the user's.
	export LANG=en_US.UTF-8 FYNE_SCALE=1
	export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data XDG_CACHE_HOME=$work/home/cache
	mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
	GLOSS_E2E_INNER=1 GLOSS_E2E_WORK=$work xvfb-run -a -s "-screen 0 1280x800x24" "$0"
	exit
fi

work=$GLOSS_E2E_WORK
gloss=$work/gloss
project=$work/x.gloss
out=$work/app.out
mkdir -p "$root/artifacts"

app=

fail() {
	echo "e2e: FAIL: $*" >&2
	import -window root "$root/artifacts/e2e.png" 2>/dev/null || true
	[ -z "$app" ] || kill "$app" 2>/dev/null || true
	echo "--- app output:" >&2
	cat "$out" >&2 || true
	exit 1
}

# await PATTERN: wait (up to 60 s) until a line of the app's output matches
# PATTERN, and put it in $line. The output is checked ten times a second;
# the app exiting ends the wait at once.
await() {
	local deadline=$((SECONDS + 60))
	until line=$(grep -m1 -E "$1" "$out"); do
		if ! kill -0 "$app" 2>/dev/null; then
			line=$(grep -m1 -E "$1" "$out") && return
			fail "the app exited while waiting for /$1/"
		fi
		[ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for /$1/"
		sleep 0.1
	done
}

"$gloss" new "$project" --samples --author "E2E Tester" >/dev/null

# The first article in the list (by title) is sample 000; its first line
# is its first sentence.
quote=$(head -n 1 "$root"/assets/samples/000_*.txt)
[ -n "$quote" ] || fail "no first sentence in the sample"

GLOSS_E2E=1 GLOSS_E2E_QUOTE=$quote GLOSS_AUTHOR="E2E Tester" "$gloss" "$project" >"$out" 2>"$work/app.err" &
app=$!

# The title is "Gloss — x.gloss"; the pattern avoids the dash, which
# xdotool's regular expressions only match in a UTF-8 locale.
win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Gloss .* x\.gloss$' | head -n 1) || fail "no window titled 'Gloss — x.gloss'"
await '^e2e (drag|error)'
read -r _ _ x1 y1 x2 y2 start end _ <<<"$line"
[ "$x1" != "error:" ] || fail "the app could not locate the sentence: $line"
echo "e2e: window $win; dragging from ($x1,$y1) to ($x2,$y2) over code points [$start, $end)"

xdotool mousemove --window "$win" "$x1" "$y1" mousedown 1
xdotool mousemove --window "$win" $(((x1 + x2) / 2)) $(((y1 + y2) / 2))
xdotool mousemove --window "$win" "$x2" "$y2"
# Release only once the drag has reached the end: a release that overtakes
# the last motion event would end the selection early.
await "^e2e selection $start $end\$"
xdotool mouseup 1
xdotool key 1
await "^e2e passage [0-9a-f-]+ $start $end\$"
import -window root "$root/artifacts/e2e.png"
xdotool key ctrl+q
await '^e2e quit$'
status=0
wait "$app" || status=$?
app=
[ "$status" = 0 ] || fail "the app exited with status $status"

json=$("$gloss" passages "$project" --json)
n=$(jq length <<<"$json")
[ "$n" = 1 ] || fail "want 1 passage, the CLI lists $n: $json"
got=$(jq -r '.[0].quote' <<<"$json")
[ "$got" = "$quote" ] || fail "passage quote is \"$got\", want \"$quote\""
tag=$(jq -r '.[0].tags[0]' <<<"$json")
[ "$tag" = "Cyber red lines" ] || fail "passage coded \"$tag\", want the first code \"Cyber red lines\""
author=$(jq -r '.[0].author' <<<"$json")
[ "$author" = "E2E Tester" ] || fail "passage author \"$author\", want \"E2E Tester\""
echo "e2e: ok: one passage, \"${quote:0:60}…\", coded \"$tag\" by $author"
