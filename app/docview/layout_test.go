package docview

import (
	"testing"
	"unicode"
)

// fakeMeasure is a monospace-like shaper: 10 px per character, 5 px per
// space, 0 for combining marks, and kerning of -2 for "AV" and -3 for "VA",
// so tests can see kerning handled at line starts.
func fakeMeasure(s string) float32 {
	var w float32
	var prev rune
	for _, r := range s {
		switch {
		case r == ' ':
			w += 5
		case isCombining(r) || unicode.Is(unicode.Cf, r):
		default:
			w += 10
		}
		switch {
		case prev == 'A' && r == 'V':
			w -= 2
		case prev == 'V' && r == 'A':
			w -= 3
		}
		prev = r
	}
	return w
}

var testMetrics = Metrics{LineHeight: 20, ParaGap: 6, EmptyHeight: 8}

func layoutOf(s string, width float32) (*shapedText, *Layout) {
	t := shapeWith(s, fakeCache(), 40, Auto)
	return t, wrap(t, width, testMetrics, true)
}

type lspan struct {
	start, end int
	width      float32
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32
		want  []lspan
	}{
		{"fits", "hello world", 1000, []lspan{{0, 11, 105}}},
		{"breaks at space", "hello world", 60, []lspan{{0, 6, 50}, {6, 11, 50}}},
		{"spaces hang past the margin", "aaaa    bbbb", 45, []lspan{{0, 8, 40}, {8, 12, 40}}},
		{"long word breaks anywhere", "abcdefghij", 35, []lspan{{0, 3, 30}, {3, 6, 30}, {6, 9, 30}, {9, 10, 10}}},
		{"long word after a short one", "ab abcdefgh", 55, []lspan{{0, 3, 20}, {3, 8, 50}, {8, 11, 30}}},
		{"after a hyphen", "Russian-based", 100, []lspan{{0, 8, 80}, {8, 13, 50}}},
		{"not after a leading hyphen", "x -abcd", 55, []lspan{{0, 2, 10}, {2, 7, 50}}},
		{"empty text", "", 100, []lspan{{0, 0, 0}}},
		{"empty paragraphs", "a\n\nb", 100, []lspan{{0, 1, 10}, {2, 2, 0}, {3, 4, 10}}},
		{"trailing newline", "a\n", 100, []lspan{{0, 1, 10}, {2, 2, 0}}},
		{"no trailing newline", "ab\ncd", 100, []lspan{{0, 2, 20}, {3, 5, 20}}},
		{"tab stops", "a\tb", 1000, []lspan{{0, 3, 50}}},
		{"tab past a stop", "abcde\tb", 1000, []lspan{{0, 7, 90}}},
		{"ideographs break anywhere", "日本語テキスト", 35, []lspan{{0, 3, 30}, {3, 6, 30}, {6, 7, 10}}},
		{"no break before closing punctuation", "日本語。テキ", 35, []lspan{{0, 2, 20}, {2, 5, 30}, {5, 6, 10}}},
		{"Latin then ideographs", "ab日本", 35, []lspan{{0, 3, 30}, {3, 4, 10}}},
		{"never before a combining mark", "e\u0301e\u0301e\u0301", 15, []lspan{{0, 2, 10}, {2, 4, 10}, {4, 6, 10}}},
		{"kerning dropped at a line start", "AVAVAV", 20, []lspan{{0, 2, 18}, {2, 4, 18}, {4, 6, 18}}},
		{"width below one character", "abc", 0, []lspan{{0, 1, 10}, {1, 2, 10}, {2, 3, 10}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := layoutOf(tt.text, tt.width)
			var got []lspan
			for _, ln := range l.Lines {
				got = append(got, lspan{ln.Start, ln.End, ln.Width})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("wrap(%q, %v) = %v, want %v", tt.text, tt.width, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("wrap(%q, %v) = %v, want %v", tt.text, tt.width, got, tt.want)
				}
			}
		})
	}
}

func TestWrapVertical(t *testing.T) {
	_, l := layoutOf("aaa bbb\n\nccc", 35)
	// "aaa " | "bbb" (para end, +gap) | empty (+gap) | "ccc"
	wantY := []float32{0, 20, 46, 60}
	if len(l.Lines) != len(wantY) {
		t.Fatalf("got %d lines, want %d", len(l.Lines), len(wantY))
	}
	for i, y := range wantY {
		if l.Lines[i].Y != y {
			t.Errorf("line %d at y=%v, want %v", i, l.Lines[i].Y, y)
		}
	}
	if l.Height != 80 {
		t.Errorf("height %v, want 80", l.Height)
	}
	if !l.Lines[1].ParaEnd || l.Lines[0].ParaEnd {
		t.Errorf("paragraph ends wrong: %+v", l.Lines)
	}
}

// isCaretStop reports whether a caret may stand at cp: not before a
// combining mark, and not inside the trailing spaces of a wrapped line
// (those belong to the break).
func isCaretStop(t *shapedText, l *Layout, cp int) bool {
	if cp < t.n && isCombining(t.at(cp)) {
		return false
	}
	ln := l.Lines[l.lineOf(cp)]
	if !ln.ParaEnd {
		end := ln.End
		for end > ln.Start && isBreakSpace(t.at(end-1)) {
			end--
		}
		if cp > end {
			return false
		}
	}
	return true
}

func TestHitRoundTrip(t *testing.T) {
	texts := []struct {
		text  string
		width float32
	}{
		{"hello world, this is a test of wrapping", 60},
		{"aaaa    bbbb", 45},
		{"abcdefghij", 35},
		{"a\n\nb\n", 100},
		{"a\tbc\td", 1000},
		{"日本語。テキスト", 35},
		{"e\u0301e\u0301e\u0301x", 15},
		{"AVAVAV AVA", 25},
		{"Russian-based hackers", 100},
	}
	for _, tt := range texts {
		st, l := layoutOf(tt.text, tt.width)
		for cp := 0; cp <= st.n; cp++ {
			if !isCaretStop(st, l, cp) {
				continue
			}
			x, y, line := l.positionOf(st, cp)
			if line < 0 {
				t.Fatalf("%q: no line for %d", tt.text, cp)
			}
			if got := l.offsetAt(st, x, y+1); got != cp {
				t.Errorf("%q: offset %d is drawn at (%v, %v), which hits %d", tt.text, cp, x, y, got)
			}
			// Just left and right of the caret stays on it.
			if got := l.offsetAt(st, x+1, y+1); got != cp {
				t.Errorf("%q: (%v+1, %v) hits %d, want %d", tt.text, x, y, got, cp)
			}
		}
	}
}

func TestHitTesting(t *testing.T) {
	st, l := layoutOf("hello world\n\nabc", 60)
	// Lines: "hello " y=0 | "world" y=20 | "" y=46 | "abc" y=60
	tests := []struct {
		x, y float32
		want int
	}{
		{-10, 5, 0},   // left of the text: line start
		{14, 5, 1},    // nearer the end of 'h'
		{16, 5, 2},    // past the middle of 'e'
		{200, 5, 5},   // past a wrapped line's end: before its trailing space
		{200, 25, 11}, // past a paragraph's end: before the newline
		{3, 42, 6},    // in the gap after a paragraph: still its last line
		{50, 48, 12},  // the blank line
		{24, 65, 15},  // "ab|c"
		{0, 1000, 13}, // below the last line: on it
	}
	for _, tt := range tests {
		if got := l.offsetAt(st, tt.x, tt.y); got != tt.want {
			t.Errorf("offsetAt(%v, %v) = %d, want %d", tt.x, tt.y, got, tt.want)
		}
	}
	for _, tt := range []struct {
		x    float32
		line int
		want int
	}{{0, 0, 0}, {9.9, 0, 0}, {10, 0, 1}, {52, 0, 5}, {56, 0, -1}, {-1, 0, -1}, {45, 1, 10}} {
		lt, runs := l.runs(st, tt.line)
		if got := charAt(lt, runs, l.Lines[tt.line], tt.x); got != tt.want {
			t.Errorf("charAtX(line %d, %v) = %d, want %d", tt.line, tt.x, got, tt.want)
		}
	}
}

func TestLineOf(t *testing.T) {
	_, l := layoutOf("hello world\n\nabc", 60)
	for cp, want := range []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3} {
		if got := l.lineOf(cp); got != want {
			t.Errorf("lineOf(%d) = %d, want %d", cp, got, want)
		}
	}
}

func TestIsCombiningMatchesUnicode(t *testing.T) {
	for r := rune(0); r < 0x20000; r++ {
		want := unicode.In(r, unicode.Mn, unicode.Me) || r == 0x200d || r >= 0xfe00 && r <= 0xfe0f || r >= 0x1f3fb && r <= 0x1f3ff
		if got := isCombining(r); got != want {
			t.Fatalf("isCombining(%U) = %v, want %v", r, got, want)
		}
	}
}
