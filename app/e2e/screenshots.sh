#!/usr/bin/env bash
# Regenerates docs/screenshots/main-light.png and main-dark.png: the real
# app under Xvfb on a sample project that two researchers have coded, with
# one passage selected. Run from anywhere: app/e2e/screenshots.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

if [ -z "${GLOSS_SHOTS_INNER:-}" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work" 2>/dev/null || true' EXIT
	(cd "$root" && go build -tags sqlite_fts5 -o "$work/gloss" .)
	export LANG=en_US.UTF-8 FYNE_SCALE=1
	export HOME=$work/home XDG_CONFIG_HOME=$work/home/config XDG_DATA_HOME=$work/home/data XDG_CACHE_HOME=$work/home/cache
	mkdir -p "$XDG_CONFIG_HOME/fyne/io.gloss.app" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$root/docs/screenshots"
	for theme in light dark; do
		GLOSS_SHOTS_INNER=1 GLOSS_SHOTS_WORK=$work GLOSS_SHOTS_THEME=$theme \
			xvfb-run -a -s "-screen 0 1280x800x24" "$0"
	done
	exit
fi

work=$GLOSS_SHOTS_WORK
theme=$GLOSS_SHOTS_THEME
gloss=$work/gloss
project="$HOME/Documents/Geneva summit.gloss"
mkdir -p "$HOME/Documents"
out=$work/app.out
rm -f "$project"*
echo "{\"theme\":\"$theme\"}" >"$XDG_CONFIG_HOME/fyne/io.gloss.app/preferences.json"

"$gloss" new "$project" --samples --author "Ada Lovelace" >/dev/null
doc=$("$gloss" docs "$project" | awk '/Biden and Putin hold their Geneva summit/ {print $1}')
hl() { # AUTHOR TAG QUOTE [NOTE]
	"$gloss" highlight "$project" --author "$1" --doc "$doc" --tag "$2" --quote "$3" ${4:+--note "$4"} >/dev/null
}
hl "Ada Lovelace" "Expectations" "Biden called the talks \"positive\""
hl "Ada Lovelace" "Ambassadors" "Russia's respective ambassadors would return to their posts" \
	"The one concrete outcome announced at the press conferences. Compare with The Hill's framing."
hl "Sam Carter" "Cyber red lines" "16 pieces of infrastructure limits that the U.S. would consider off limits"
hl "Sam Carter" "Human rights" "crackdown on dissidents"
hl "Ada Lovelace" "Cooperation" "to work together on the few issues, like nuclear security, where interests overlap"

quote="Russia's respective ambassadors would return to their posts"
GLOSS_E2E=1 GLOSS_E2E_QUOTE=$quote GLOSS_AUTHOR="Ada Lovelace" "$gloss" "$project" >"$out" 2>/dev/null &
app=$!
win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Gloss .* summit\.gloss$' | head -n 1)
until grep -q '^e2e drag' "$out"; do sleep 0.1; done
read -r _ _ x1 y1 _ <<<"$(grep -m1 '^e2e drag' "$out")"
xdotool mousemove --window "$win" $((x1 + 30)) "$y1" click 1
sleep 1 # let the inspector and highlight paint
import -window root "$root/docs/screenshots/main-$theme.png"
xdotool key ctrl+q
wait "$app"
echo "docs/screenshots/main-$theme.png"
