package docview

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2/test"
)

// refWrap breaks t into lines code point by code point, as the view did
// before it kept segments: the reference the segment breaker must match.
func refWrap(t *shapedText, width float32, m Metrics) []Line {
	var lt lineText
	t.measureLine(0, t.n, true, &lt)
	var lines []Line
	emit := func(start, end int, w float32, paraEnd bool) {
		lines = append(lines, Line{Start: start, End: end, Width: w, ParaEnd: paraEnd})
	}
	width = max(width, 1)
	ps := 0
	for {
		pe := ps
		for pe < t.n && lt.r(pe) != '\n' {
			pe++
		}
		if ps == pe {
			emit(ps, pe, 0, true)
		} else {
			refParagraph(&lt, ps, pe, width, emit)
		}
		if pe >= t.n {
			break
		}
		ps = pe + 1
	}
	return lines
}

func refParagraph(lt *lineText, ps, pe int, width float32, emit func(start, end int, w float32, paraEnd bool)) {
	lineStart, x, visible, breakAt, breakWidth := ps, float32(0), float32(0), -1, float32(0)
	for i := ps; i < pe; i++ {
		r := lt.r(i)
		var w float32
		switch {
		case r == '\t':
			w = tabStop(x, lt.t.tab) - x
		case i == lineStart:
			w = lt.first(i)
		default:
			w = lt.advance(i)
		}
		if isBreakSpace(r) {
			if i > lineStart && !isBreakSpace(lt.r(i-1)) {
				breakWidth = visible
			}
			x += w
			breakAt = i + 1
			if i == lineStart {
				breakWidth = 0
			}
			continue
		}
		if i > lineStart && !isBreakSpace(lt.r(i-1)) && !lt.isCont(i) && canBreakBefore(lt.runes, i-lt.start) {
			breakAt, breakWidth = i, visible
		}
		if x+w > width && i > lineStart && !lt.isCont(i) {
			next, bw := i, visible
			if breakAt > lineStart && breakAt <= i {
				next, bw = breakAt, breakWidth
			}
			emit(lineStart, next, bw, false)
			lineStart, breakAt, x, visible = next, -1, 0, 0
			i = next - 1
			continue
		}
		x += w
		visible = x
	}
	emit(lineStart, pe, visible, true)
}

// randomText makes n words of Latin, Arabic, CJK, hyphens, dashes, tabs,
// marks, long words and runs of spaces, in paragraphs.
func randomText(rng *rand.Rand, n int) string {
	pieces := []string{"the", "summit", "Russian-based", "—", "–", "a", "AVATAR", "e\u0301te\u0301", "قمة", "جنيف",
		"(قمة", "2021،", "日本語のテキスト", "中文", "。", "「引用」", "\t", "  ", "x\u200by", "abcdefghijklmnopqrstuvwxyz0123456789",
		"well-قمة", "ok", "\u00a0", "naïve", "\n", "\n\n", "Ünïcödé"}
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
		if rng.IntN(4) > 0 {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestSegmentsBreakAsRunes checks that breaking lines over segments gives
// exactly the lines that breaking code point by code point gives, on
// random texts of every kind the view meets, at widths from a few
// characters to many.
func TestSegmentsBreakAsRunes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for k := range 300 {
		text := randomText(rng, 1+rng.IntN(60))
		st := shapeWith(text, fakeCache(), 40, Auto)
		for _, width := range []float32{1, 25, 37.5, 60, 123, 300, 1000} {
			got := wrap(st, width, testMetrics, true).Lines
			want := refWrap(st, width, testMetrics)
			if len(got) != len(want) {
				t.Fatalf("text %d %q at %v: %d lines, want %d\n got %v\nwant %v", k, text, width, len(got), len(want), spans(got), spans(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.Start != w.Start || g.End != w.End || g.ParaEnd != w.ParaEnd || g.Width != w.Width {
					t.Fatalf("text %d %q at %v: line %d is %v, want %v", k, text, width, i, spans(got[i:i+1]), spans(want[i:i+1]))
				}
			}
		}
	}
}

func spans(ls []Line) string {
	s := ""
	for _, l := range ls {
		s += fmt.Sprintf("[%d,%d)%g%s ", l.Start, l.End, l.Width, map[bool]string{true: "¶"}[l.ParaEnd])
	}
	return s
}

// TestLongSegments checks words and space runs longer than a segment
// holds, and widths past what its fields hold, against the reference.
func TestLongSegments(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("x", 1000) + " tail",
		"head " + strings.Repeat(" ", 700) + "tail",
		strings.Repeat("قمة", 300) + " جنيف",
		strings.Repeat("日本", 400),
		"a" + strings.Repeat("\t", 40) + "b",
	} {
		st := shapeWith(text, fakeCache(), 40, Auto)
		for _, width := range []float32{30, 333, 5000} {
			got, want := wrap(st, width, testMetrics, true).Lines, refWrap(st, width, testMetrics)
			if spans(got) != spans(want) {
				t.Errorf("%.20q… at %v:\n got %v\nwant %v", text, width, spans(got), spans(want))
			}
		}
	}
}

// TestShapeInBackground checks that measuring off the UI goroutine, a
// chunk at a time with what is new measured in batches, gives the text
// measured in one go: the same segments, clusters and index, with a
// script first met chunks into the text.
func TestShapeInBackground(t *testing.T) {
	test.NewTempApp(t)
	var b strings.Builder
	for b.Len() < 3*chunkBytes {
		b.WriteString("The summit in Geneva lasted four hours. ")
	}
	b.WriteString("Η σύνοδος κορυφής στη Γενεύη. قمة جنيف مُدّدت. Ünïcödé e\u0301te\u0301.\n")
	for b.Len() < 5*chunkBytes {
		b.WriteString("Η σύνοδος κορυφής. ")
	}
	text := b.String()
	calls := 0
	measure := func(s string) float32 { calls++; return fakeMeasure(s) }
	want := shapeWith(text, fakeCache(), 40, Auto)
	c := newAdvanceCache(measure, nil, 14)
	got := shapeInBackground(text, len(text), c, 40, func() bool { return false })
	if got == nil {
		t.Fatal("stopped")
	}
	if got.n != want.n || got.end != want.end || fmt.Sprint(got.marks) != fmt.Sprint(want.marks) {
		t.Fatalf("index: %d code points, %d bytes; want %d, %d", got.n, got.end, want.n, want.end)
	}
	if fmt.Sprint(got.segs) != fmt.Sprint(want.segs) {
		t.Error("segments differ")
	}
	if fmt.Sprint(got.cont) != fmt.Sprint(want.cont) {
		t.Error("cluster bits differ")
	}
	if calls == 0 {
		t.Error("nothing measured")
	}
	stopped := shapeInBackground(text, len(text), newAdvanceCache(fakeMeasure, nil, 14), 40, func() bool { return true })
	if stopped != nil {
		t.Error("a stale pass went on to the end")
	}
}

// TestIndex checks finding code points in the text against a rune slice,
// for ASCII and for text of one to four bytes a character, and past the
// indexed start of a text.
func TestIndex(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("plain ascii ", 50),
		strings.Repeat("Russia’s “leader” قمة 日本語 👨\u200d👩 é ", 30),
	} {
		rs := []rune(text)
		st := shapeWith(text, fakeCache(), 40, Auto)
		cut := shapeWith(text, fakeCache(), 40, Auto)
		cut.index = st.index
		cut.n, cut.end = 100, len(string(rs[:100]))
		for _, x := range []*index{&st.index, &cut.index} {
			for cp := 0; cp <= len(rs); cp++ {
				if b := x.byteOf(cp); b != len(string(rs[:cp])) {
					t.Fatalf("byteOf(%d) = %d, want %d", cp, b, len(string(rs[:cp])))
				}
				if cp < len(rs) && x.at(cp) != rs[cp] {
					t.Fatalf("at(%d) = %q, want %q", cp, x.at(cp), rs[cp])
				}
			}
			if got := x.slice(17, 201); got != string(rs[17:201]) {
				t.Errorf("slice = %q", got)
			}
		}
		if !utf8.ValidString(st.slice(0, st.n)) || st.slice(0, st.n) != text {
			t.Error("the whole text does not slice back")
		}
	}
}

// TestFullSegments checks a segment filled to the code points it holds
// and then given more that cannot start another: a newline after a word
// or spaces as long as a segment holds, and a grapheme cluster of several
// code points straddling that length in a word the shaper forms
// contextually. Every code point stays counted and the lines match the
// reference.
func TestFullSegments(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("x", maxSegRunes) + "\nnext",
		strings.Repeat("x", maxSegRunes-3) + "   \nnext",
		"a" + strings.Repeat(" ", maxSegRunes-1) + "\nnext",
		strings.Repeat("क", maxSegRunes-1) + "क\u0901\u0902\u0903" + strings.Repeat("क", 20) + " tail",
		strings.Repeat("क", maxSegRunes-2) + "-क\u0901\u0902\u0903" + strings.Repeat("क", 300) + "\nnext",
	} {
		st := shapeWith(text, fakeCache(), 40, Auto)
		n := 0
		for _, s := range st.segs {
			n += int(s.n)
			if s.w&segRun != 0 {
				n += int(s.sp)
			}
		}
		if n != st.n {
			t.Errorf("%.20q…: the segments count %d code points of %d", text, n, st.n)
		}
		for _, width := range []float32{30, 333, 5000} {
			got, want := wrap(st, width, testMetrics, true).Lines, refWrap(st, width, testMetrics)
			if d := lineDiff(got, want); d != "" {
				t.Errorf("%.20q… at %v: %s", text, width, d)
			}
		}
	}
}
