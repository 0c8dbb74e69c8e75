package docview

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The tests of ideograph runs: text where a line may break between any
// two code points keeps a stretch of them of one width as one run segment
// (see seg), which must break, hit and select as the code points one by
// one would.

// cjkSentence is the benchmarks' paragraph of Japanese and Chinese.
const cjkSentence = "日本語のテキストは、単語の間に空白を置かずに書かれる。中文也是这样写的。"

// segShapes describes t's segments: "run×N" for a run of N code points,
// otherwise the segment's code points, with ¶ at a paragraph's end.
func segShapes(t *shapedText) string {
	var b strings.Builder
	for _, s := range t.segs {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if s.w&segRun != 0 {
			fmt.Fprintf(&b, "run×%d", s.sp)
		} else {
			fmt.Fprintf(&b, "%d", s.n)
		}
		if s.w&segPara != 0 {
			b.WriteString("¶")
		}
	}
	return b.String()
}

// lineDiff returns a description of the first line where got and want
// differ in span, width or paragraph end, or "" when they agree.
func lineDiff(got, want []Line) string {
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Start != w.Start || g.End != w.End || g.Width != w.Width || g.ParaEnd != w.ParaEnd {
			return fmt.Sprintf("line %d is %v, want %v", i, spans(got[i:i+1]), spans(want[i:i+1]))
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d lines, want %d", len(got), len(want))
	}
	return ""
}

// proportionalMeasure is fakeMeasure with kana 12 px wide and Hangul
// 11 px, so runs of ideographs meet code points of other widths.
func proportionalMeasure(s string) float32 {
	w := fakeMeasure(s)
	for _, r := range s {
		switch {
		case r >= 0x3040 && r <= 0x30ff && !isCombining(r):
			w += 2
		case r >= 0xac00 && r <= 0xd7af:
			w++
		}
	}
	return w
}

// TestIdeographsMakeRuns pins the representation: ideographs with a break
// allowed after each become one run segment up to a kinsoku pair (a
// character that must not end a line and the one after it, or one that
// must not start a line and the one before), a change of width, a space,
// a mark or a paragraph's end.
func TestIdeographsMakeRuns(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		c          *advanceCache
		want       string
	}{
		{"kinsoku pairs end runs", cjkSentence, fakeCache(), "run×8 2 run×15 2 run×7 2¶"},
		{"a paragraph per line", cjkSentence + "\n" + cjkSentence, fakeCache(), "run×8 2 run×15 2 run×7 3¶ run×8 2 run×15 2 run×7 2¶"},
		{"brackets and small kana", "会談は「成功」だった", fakeCache(), "run×3 2 2 2 1¶"},
		{"a Latin word is its own segment", "ab日本語cd", fakeCache(), "2 run×3 2¶"},
		{"a Latin letter as wide joins", "a日本語cd", fakeCache(), "run×4 2¶"},
		{"spaces end a run", "中文 中文", fakeCache(), "1 2 1 1¶"},
		{"a combining mark ends a run", "かか\u3099か", fakeCache(), "1 2 1¶"},
		{"a word's last letter after a glued body starts none", strings.Repeat("x", maxSegRunes+1) + "日本", fakeCache(), "255 1 1 1¶"},
		{"a change of width ends a run", "日本語のテキスト中文", newAdvanceCache(proportionalMeasure, nil, 14), "run×3 run×5 1 1¶"},
		{"Hangul between spaces", "한국어 텍스트는 띄어 쓴다", newAdvanceCache(proportionalMeasure, nil, 14), "run×2 2 run×3 2 1 2 1 1¶"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := shapeWith(tc.text, tc.c, 40, Auto)
			if got := segShapes(st); got != tc.want {
				t.Errorf("segments %s, want %s", got, tc.want)
			}
		})
	}
	// A run longer than its count holds goes on in another.
	st := shapeWith(strings.Repeat("日", maxRunRunes+10), fakeCache(), 40, Auto)
	if got, want := segShapes(st), fmt.Sprintf("run×%d run×9 1¶", maxRunRunes); got != want {
		t.Errorf("a long run: segments %s, want %s", got, want)
	}
	// The benchmark's text keeps 6 segments a paragraph, not one an ideograph.
	st = shapeWith(strings.Repeat(cjkSentence+"\n", 1000), fakeCache(), 40, Auto)
	if len(st.segs) != 6*1000+1 {
		t.Errorf("1,000 paragraphs of CJK keep %d segments", len(st.segs))
	}
}

// cjkText makes n pieces of Chinese, Japanese and Korean mixed with Latin,
// with kinsoku punctuation, brackets, small kana, marks, spaces, tabs and
// paragraphs, so that runs start and end in every way.
func cjkText(rng *rand.Rand, n int) string {
	pieces := []string{"日本語のテキスト", "中文也是这样写的", "。", "、", "「", "」", "（注）", "ッ", "ー", "か\u3099",
		"葛\U000E0100", "한국어", " ", "  ", "\t", "\n", "\n\n", "Geneva", "2021", "年", "—", "x\u200by", "。」",
		strings.Repeat("漢", 40), "AVA", "الصين", "\u3000", "e\u0301", "々", "👍"}
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// TestRunsBreakAsRunes checks that text with runs breaks into exactly the
// lines breaking code point by code point gives, with uniform and with
// proportional widths, at widths narrower than one ideograph, a few
// wide, on an ideograph's edge and many wide.
func TestRunsBreakAsRunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 3))
	widths := []float32{1, 9, 9.99, 10, 10.01, 15, 19.99, 20, 25, 37.5, 60, 99.984375, 100, 123, 300, 1000}
	for k := range 400 {
		text := cjkText(rng, 1+rng.IntN(40))
		for _, measure := range []func(string) float32{fakeMeasure, proportionalMeasure} {
			st := shapeWith(text, newAdvanceCache(measure, nil, 14), 40, Auto)
			for _, width := range widths {
				got, want := wrap(st, width, testMetrics, true).Lines, refWrap(st, width, testMetrics)
				if d := lineDiff(got, want); d != "" {
					t.Fatalf("text %d %q at %v: %s\n got %v\nwant %v", k, text, width, d, spans(got), spans(want))
				}
			}
		}
	}
	for _, text := range []string{
		strings.Repeat("日", maxRunRunes+10),
		"ab " + strings.Repeat("中文", 500) + "。" + strings.Repeat("日本", 300),
		"      " + strings.Repeat("漢", 100),
		"\t" + strings.Repeat("漢", 100),
		strings.Repeat("x", maxSegRunes+1) + "日本語",
	} {
		st := shapeWith(text, fakeCache(), 40, Auto)
		for _, width := range widths {
			got, want := wrap(st, width, testMetrics, true).Lines, refWrap(st, width, testMetrics)
			if d := lineDiff(got, want); d != "" {
				t.Errorf("%.20q… at %v: %s", text, width, d)
			}
		}
	}
}

// TestKinsokuAroundRuns checks the kinsoku rules where a run meets them:
// closing punctuation and small kana never start a line and opening
// brackets never end one, the break moving back into the run instead.
func TestKinsokuAroundRuns(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		width      float32
		want       []lspan
	}{
		{"no full stop at a line's start", "あいう。えお", 30, []lspan{{0, 2, 20}, {2, 5, 30}, {5, 6, 10}}},
		{"no comma at a line's start", "日本語、中文", 35, []lspan{{0, 2, 20}, {2, 5, 30}, {5, 6, 10}}},
		{"no opening bracket at a line's end", "あい「う」", 30, []lspan{{0, 2, 20}, {2, 5, 30}}},
		{"no small kana at a line's start", "あいウッあ", 30, []lspan{{0, 2, 20}, {2, 5, 30}}},
		{"a run over several lines", "一二三四五六七八九十", 30, []lspan{{0, 3, 30}, {3, 6, 30}, {6, 9, 30}, {9, 10, 10}}},
		{"narrower than an ideograph", "一二三", 5, []lspan{{0, 1, 10}, {1, 2, 10}, {2, 3, 10}}},
		{"after hanging spaces", "ab   一二三四", 40, []lspan{{0, 5, 20}, {5, 9, 40}}},
		{"Latin word after a run", "一二三Geneva", 60, []lspan{{0, 3, 30}, {3, 9, 60}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, l := layoutOf(tc.text, tc.width)
			got := make([]lspan, len(l.Lines))
			for i, ln := range l.Lines {
				got[i] = lspan{ln.Start, ln.End, ln.Width}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("lines %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRunsMeasuredInChunks checks that measuring off the UI goroutine,
// where a chunk that meets new characters is measured again from its
// start, gives the runs measuring in one go gives, when a run goes on
// across chunks each bringing ideographs never met.
func TestRunsMeasuredInChunks(t *testing.T) {
	test.NewTempApp(t)
	var b strings.Builder
	for r := rune(0x4e00); r <= 0x9fff; r++ {
		b.WriteRune(r)
		if r%500 == 0 {
			b.WriteString("。\n")
		}
	}
	text := b.String()
	want := shapeWith(text, fakeCache(), 40, Auto)
	got := shapeInBackground(text, len(text), newAdvanceCache(fakeMeasure, nil, 14), 40, func() bool { return false })
	if got == nil {
		t.Fatal("stopped")
	}
	if segShapes(got) != segShapes(want) {
		t.Errorf("segments differ:\n got %.200s\nwant %.200s", segShapes(got), segShapes(want))
	}
	if len(text) < 3*chunkBytes || len(want.segs) > 2*want.n/500+2 {
		t.Errorf("%d segments for %d ideographs", len(want.segs), want.n)
	}
	for _, width := range []float32{95, 504} {
		if d := lineDiff(wrap(got, width, testMetrics, true).Lines, refWrap(want, width, testMetrics)); d != "" {
			t.Errorf("at %v: %s", width, d)
		}
	}
}

// TestHitAndSelectInLongRun checks that in a paragraph of thousands of
// ideographs, kept as runs, every line holds as many as fit, each code
// point is found where it is drawn, and a selection across lines gives
// its text.
func TestHitAndSelectInLongRun(t *testing.T) {
	test.NewTempApp(t)
	han := make([]rune, 3000)
	for i := range han {
		han[i] = 0x4e00 + rune(i*7%5000)
	}
	text := "Geneva: " + string(han) + "。" + string(han[:500])
	v, _ := newView(t, text, 800, 600)
	if runs := strings.Count(segShapes(v.text), "run"); runs == 0 {
		t.Fatalf("no runs: %.100s", segShapes(v.text))
	}
	lines := v.layout.Lines
	if len(lines) < 10 {
		t.Fatalf("%d lines", len(lines))
	}
	a := v.text.c.rune(han[1])
	for i, ln := range lines[1 : len(lines)-1] {
		if ln.End >= 3007 && ln.Start <= 3009 {
			continue // the ideograph before 。 goes with it
		}
		if n := ln.End - ln.Start; n != int(v.layout.Width/a) {
			t.Errorf("line %d holds %d ideographs, %v px wide, in %v px", i+1, n, ln.Width, v.layout.Width)
		}
	}
	rs := []rune(text)
	for _, cp := range []int{8, 9, 100, 1234, 2999, 3007, 3008, 3009, len(rs) - 1} {
		p := v.PositionOf(cp)
		h := v.offsetAtPos(fyne.NewPos(p.X+a/4, p.Y))
		if h != cp {
			t.Errorf("code point %d (%q) is drawn at %v, which hits %d", cp, rs[cp], p, h)
		}
	}
	s, e := 500, 2600
	v.SetSelection(s, e)
	if got := v.SelectedText(); got != string(rs[s:e]) || utf8.RuneCountInString(got) != e-s {
		t.Errorf("selected %d code points, want %d", utf8.RuneCountInString(got), e-s)
	}
}
