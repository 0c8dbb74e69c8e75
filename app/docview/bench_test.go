package docview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// The benchmarks compare the reading view with Fyne's RichText, word-wrapped,
// in the same run. RichText is super-linear (seconds for tens of KB), so the
// baseline uses 32 KB; the view is measured on the same 32 KB and on 3 MB.
//
//	go test -run '^$' -bench . -benchmem ./app/docview/

const (
	bigSize   = 3 << 20
	smallSize = 32 << 10
)

// cpuPerOp starts measuring the process's CPU time; the function it returns
// reports it per operation as the metric cpu-ms/op.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if d := cpuTime() - start; d > 0 {
			b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

// benchView returns a view sized as in a window 800 px wide.
func benchView(b *testing.B) *DocView {
	v := New()
	v.Resize(fyne.NewSize(800, 600))
	return v
}

// benchOpen measures (a): a fresh view is given the document and lays it
// out, with the first screen's objects built.
func benchOpen(b *testing.B, n int) {
	test.NewTempApp(b)
	doc := &annotate.Document{ID: "doc", Title: "big", Text: bigText(b, n)}
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v := benchView(b)
		b.StartTimer()
		v.SetDocument(doc)
		if v.layout == nil || len(v.layout.Lines) < n/1000 {
			b.Fatal("not laid out")
		}
	}
}

func BenchmarkOpen3MB(b *testing.B)  { benchOpen(b, bigSize) }
func BenchmarkOpen32KB(b *testing.B) { benchOpen(b, smallSize) }

// BenchmarkRichText32KB is the baseline: a word-wrapped RichText given the
// same 32 KB, resized and laid out.
func BenchmarkRichText32KB(b *testing.B) {
	test.NewTempApp(b)
	text := bigText(b, smallSize)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		rt := widget.NewRichTextWithText(text)
		rt.Wrapping = fyne.TextWrapWord
		rt.Resize(fyne.NewSize(800, 600))
		test.WidgetRenderer(rt).Layout(rt.Size())
		if rt.MinSize().Height < 600 {
			b.Fatal("not wrapped")
		}
	}
}

// BenchmarkRewrap3MB measures (b): breaking the measured 3 MB text into
// lines again for a new width, as a window resize does.
func BenchmarkRewrap3MB(b *testing.B) {
	test.NewTempApp(b)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: bigText(b, bigSize)})
	m := v.geom().metrics
	b.SetBytes(bigSize)
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		w := float32(800)
		if i%2 == 1 {
			w = 640
		}
		if l := wrap(v.text, w, m); len(l.Lines) == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkScreen measures (c): building the canvas objects for one screen
// of the 3 MB text, with passages, jumping between two far-apart places so
// every line's objects are made anew.
func BenchmarkScreen(b *testing.B) {
	test.NewTempApp(b)
	text := bigText(b, bigSize)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: text})
	v.SetTags(testTags)
	var ps []*annotate.Passage
	for s := 0; s+400 < len(v.runes); s += 300 {
		ps = append(ps, &annotate.Passage{ID: annotate.NewID(), Start: s, End: s + 120, Tags: []string{"cyber", "amb"}},
			&annotate.Passage{ID: annotate.NewID(), Start: s + 60, End: s + 250, Tags: []string{"rights"}})
	}
	v.SetPassages(ps)
	r := test.WidgetRenderer(v)
	g := v.geom()
	far := v.maxScroll(g) / 2
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		v.scrollY = far
		if i%2 == 1 {
			v.scrollY = far / 2
		}
		r.Refresh()
		if len(r.Objects()) < 40 {
			b.Fatalf("only %d objects", len(r.Objects()))
		}
	}
}

// BenchmarkHitTest measures (d): finding the code point under a point of
// the 3 MB text.
func BenchmarkHitTest(b *testing.B) {
	test.NewTempApp(b)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: bigText(b, bigSize)})
	v.scrollY = v.maxScroll(v.geom()) / 3
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		p := fyne.NewPos(float32(100+i%500), float32(i%600))
		if v.offsetAtPos(p) <= 0 {
			b.Fatal("hit the start")
		}
	}
}

// BenchmarkRewrapCJK3MB is (b) for Japanese and Chinese text, which breaks
// between any two ideographs except around punctuation.
func BenchmarkRewrapCJK3MB(b *testing.B) {
	test.NewTempApp(b)
	text := strings.Repeat("日本語のテキストは、単語の間に空白を置かずに書かれる。中文也是这样写的。\n", bigSize/109)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: text})
	m := v.geom().metrics
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		w := float32(800)
		if i%2 == 1 {
			w = 640
		}
		if l := wrap(v.text, w, m); len(l.Lines) == 0 {
			b.Fatal("no lines")
		}
	}
}
