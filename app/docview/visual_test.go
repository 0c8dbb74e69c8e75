package docview

import (
	"fmt"
	"testing"
)

// The layouts below use fakeMeasure: 10 px a character, 5 a space, 0 for
// marks and joiners, so every position can be worked out by hand. Lines
// are 300 px wide: a right-to-left paragraph ends at x = 300.

// runsOf lays text out 300 px wide and returns its first line's runs.
func runsOf(t *testing.T, text string, dir Direction) (*lineText, *Layout, []vrun) {
	t.Helper()
	st := shapeWith(text, fakeCache(), 40, dir)
	l := wrap(st, 300, testMetrics, true)
	lt, runs := l.runs(st, 0)
	return lt, l, runs
}

// describe prints runs as "[start,end)@x+w/level".
func describe(runs []vrun) string {
	s := ""
	for _, r := range runs {
		s += fmt.Sprintf("[%d,%d)@%g+%g/%d ", r.start, r.end, r.x, r.w, r.level)
	}
	return s
}

func TestVisualRuns(t *testing.T) {
	tests := []struct {
		name string
		text string
		dir  Direction
		want string // runs left to right
	}{
		{"Latin", "hello world", Auto, "[0,11)@0+105/0 "},
		// "قمة جنيف": 7 letters and a space, right-aligned.
		{"Arabic", "قمة جنيف", Auto, "[0,8)@225+75/1 "},
		{"Hebrew", "שלום עולם", Auto, "[0,9)@215+85/1 "},
		// The zero-width non-joiner of گفت‌وگو is part of the word and
		// draws nothing.
		{"Persian", "نشست گفت\u200cوگو", Auto, "[0,12)@195+105/1 "},
		// A number inside right-to-left text keeps its own order, in the
		// place rule L2 gives it: عام 2021 في جنيف.
		{"number in RTL", "عام 2021 في جنيف", Auto, "[8,16)@155+70/1 [4,8)@225+40/2 [0,4)@265+35/1 "},
		// Arabic inside a left-to-right sentence is reversed in place.
		{"Arabic in Latin", "The summit (قمة جنيف) ended", Auto, "[0,12)@0+110/0 [12,20)@110+75/1 [20,27)@185+65/0 "},
		// Latin inside an Arabic sentence.
		{"Latin in Arabic", "فيلا Villa La Grange في جنيف", Auto, "[20,28)@45+70/1 [5,20)@115+140/2 [0,5)@255+45/1 "},
		// A Latin paragraph forced right to left is aligned right.
		{"override RTL", "abc def", RightToLeft, "[0,7)@235+65/2 "},
		// An Arabic paragraph forced left to right starts at the left.
		{"override LTR", "قمة جنيف", LeftToRight, "[0,8)@0+75/1 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, runs := runsOf(t, tt.text, tt.dir)
			if got := describe(runs); got != tt.want {
				t.Errorf("runs of %q:\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestLogicalToVisual(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []float32 // caretX of every code point and of the end
	}{
		// The caret before a right-to-left character is at its right edge.
		{"Arabic", "قمة جنيف", []float32{300, 290, 280, 270, 265, 255, 245, 235, 225}},
		{"Hebrew", "שלום", []float32{300, 290, 280, 270, 260}},
		// In "عام 2021 في": the digits read left to right in the middle.
		{"number in RTL", "عام 2021 في", []float32{300, 290, 280, 270, 225, 235, 245, 255, 225, 220, 210, 200}},
		// A combining mark stays with its letter: no caret between them,
		// so both get the letter's leading edge.
		{"marks", "مُد", []float32{300, 290, 290, 280}},
		// A family emoji of three people joined by ZWJs is one cluster.
		{"ZWJ emoji", "a\U0001F468\u200d\U0001F469\u200d\U0001F467b", []float32{0, 10, 40, 40, 40, 40, 40, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, l, runs := runsOf(t, tt.text, Auto)
			ln := l.Lines[0]
			for cp, want := range tt.want {
				got := caretX(st, runs, ln, l.Width, cp)
				if cp > 0 && cp < len(st.runes) && st.isCont(cp) {
					continue // inside a cluster no caret stands
				}
				if got != want {
					t.Errorf("caretX(%d) = %v, want %v (runs %s)", cp, got, want, describe(runs))
				}
			}
		})
	}
}

func TestHitRTL(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		x     float32
		char  int // charAt: the cluster under x
		caret int // caretAt: the nearest caret position
	}{
		{"rightmost Arabic letter", "قمة جنيف", 299, 0, 0},
		{"its left half", "قمة جنيف", 292, 0, 1},
		{"leftmost letter", "قمة جنيف", 227, 7, 8},
		{"left of the text", "قمة جنيف", 100, -1, 8},
		{"right of the text", "قمة جنيف", 299.9, 0, 0},
		{"the first word, drawn rightmost", "قمة جنيف ناقشت حقوق الإنسان", 295, 0, 0},
		{"the last word, drawn leftmost", "قمة جنيف ناقشت حقوق الإنسان", 51, 26, 27},
		{"Hebrew", "שלום עולם", 281, 1, 2},
		{"a digit in RTL", "عام 2021 في", 236, 5, 5},
		{"right half of that digit", "عام 2021 في", 243, 5, 6},
		{"space between Arabic and Latin", "فيلا Villa جنيف", 258, 4, 4},
		// Marks and the letter they sit on are hit as one.
		{"letter with marks", "مُدّد", 283, 2, 4},
		// The ZWJ family is one cluster: hits after it do not drift.
		{"inside a ZWJ emoji", "a\U0001F468\u200d\U0001F469\u200d\U0001F467b", 22, 1, 1},
		{"after a ZWJ emoji", "a\U0001F468\u200d\U0001F469\u200d\U0001F467b", 44, 6, 6},
		{"a flag", "\U0001F1E8\U0001F1EDx", 12, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, l, runs := runsOf(t, tt.text, Auto)
			ln := l.Lines[0]
			if got := charAt(st, runs, ln, tt.x); got != tt.char {
				t.Errorf("charAt(%v) = %d, want %d (runs %s)", tt.x, got, tt.char, describe(runs))
			}
			if got := caretAt(st, runs, ln, tt.x); got != tt.caret {
				t.Errorf("caretAt(%v) = %d, want %d (runs %s)", tt.x, got, tt.caret, describe(runs))
			}
		})
	}
}

func TestRangeSpans(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		start, end int
		want       []span
	}{
		{"Arabic word", "قمة جنيف", 4, 8, []span{{225, 265}}},
		{"first Arabic word", "قمة جنيف", 0, 3, []span{{270, 300}}},
		// "summit (قمة" crosses into the Arabic, whose first word is drawn
		// at its right end: two rectangles for one logical range.
		{"across a direction change", "The summit (قمة جنيف) ended", 4, 15, []span{{35, 110}, {155, 185}}},
		{"the whole mixed line", "The summit (قمة جنيف) ended", 0, 27, []span{{0, 250}}},
		// Digits and the Arabic after them: logically adjacent, drawn
		// apart around the word before.
		{"number and the next word", "عام 2021 في", 4, 11, []span{{200, 265}}},
		{"number alone", "عام 2021 في", 4, 8, []span{{225, 265}}},
		{"number's first digits", "عام 2021 في", 4, 6, []span{{225, 245}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, l, runs := runsOf(t, tt.text, Auto)
			got := rangeSpans(st, runs, l.Lines[0], l.Width, tt.start, tt.end, 0, nil)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("rangeSpans(%d, %d) = %v, want %v (runs %s)", tt.start, tt.end, got, tt.want, describe(runs))
			}
		})
	}
}

// TestHitRoundTripBidi checks, on every line of mixed texts, that the
// character drawn at the caret's place is the one the caret stands
// before: a point just inside its leading edge hits it.
func TestHitRoundTripBidi(t *testing.T) {
	for _, text := range []string{
		"قمة جنيف ناقشت حقوق الإنسان في 16 يونيو 2021، في فيلا لا غرانج (Villa La Grange).",
		"The summit (قمة جنيف) lasted 4 hours; פסגת ז'נבה דנה בזכויות אדם.",
		"نشست ژنو درباره حقوق بشر گفت\u200cوگو کرد، ۲۰۲۱.",
		"a\tقمة\tb 👨\u200d👩\u200d👧 x",
	} {
		st := shapeWith(text, fakeCache(), 40, Auto)
		l := wrap(st, 120, testMetrics, true)
		for i, ln := range l.Lines {
			lt, runs := l.runs(st, i)
			for _, r := range runs {
				for cp := r.start; cp < min(r.end, visibleEnd(lt, ln)); cp = st.clusterEnd(cp) {
					x := lt.edgeX(r, cp)
					in := x + 0.5
					if r.rtl() {
						in = x - 0.5
					}
					if got := charAt(lt, runs, ln, in); got != cp {
						t.Errorf("%q line %d: %d is drawn from x=%v, which hits %d (runs %s)", text, i, cp, x, got, describe(runs))
					}
					if got := caretAt(lt, runs, ln, in); got != cp {
						t.Errorf("%q line %d: caret at x=%v is %d, want %d", text, i, in, got, cp)
					}
				}
			}
		}
	}
}

func TestVisualStep(t *testing.T) {
	st, l, runs := runsOf(t, "قمة 2021 ab", Auto)
	ln := l.Lines[0]
	// Left from the start of right-to-left text moves on through it.
	for _, tt := range []struct {
		cp, dir, want int
		ok            bool
	}{
		{0, -1, 1, true}, {1, 1, 0, true}, {0, 1, 0, false},
		// Into the digits, which run left to right: from before the space
		// before them, Left lands after their last digit...
		{3, -1, 4, true},
	} {
		got, ok := visualStep(st, runs, ln, l.Width, tt.cp, tt.dir)
		if got != tt.want || ok != tt.ok {
			t.Errorf("visualStep(%d, %d) = %d, %v; want %d, %v (runs %s)", tt.cp, tt.dir, got, ok, tt.want, tt.ok, describe(runs))
		}
	}
}
