package docview

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// The benchmarks compare the reading view with Fyne's RichText, word-wrapped,
// in the same run. RichText is super-linear (seconds for tens of KB), so the
// baseline uses 32 KB; the view is measured on the same 32 KB, on 3 MB and
// on 30 MB.
//
//	go test -run '^$' -bench . -benchmem ./app/docview/

const (
	hugeSize  = 30 << 20
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
	v.spawn = func(f func()) { f() } // measure the whole text before returning
	v.Resize(fyne.NewSize(800, 600))
	return v
}

// arabicText returns about n bytes of the Arabic sample article, repeated.
func arabicText(tb testing.TB, n int) string {
	return repeatTo(tb, []string{arabicArticle(tb)}, n)
}

// mixedText returns about n bytes that alternate English and Arabic
// paragraphs with a mixed one between them: English with Arabic names and
// Arabic with Latin names and numbers, as a researcher's corpus has.
func mixedText(tb testing.TB, n int) string {
	mixed := "The summit in Geneva (قمة جنيف) lasted four hours; the Arabic press called it «لقاء صعب» and New START (ستارت الجديدة) was extended to 2026."
	paras := append(strings.Split(arabicArticle(tb), "\n\n"), mixed)
	var all []string
	for i, t := range seedTexts(tb) {
		all = append(all, t, paras[i%len(paras)], mixed)
	}
	return repeatTo(tb, all, n)
}

// repeatTo joins texts, repeated, to about n bytes, not cutting a character.
func repeatTo(tb testing.TB, texts []string, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(texts[i%len(texts)])
		b.WriteString("\n\n")
	}
	s := b.String()[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// benchOpen measures (a): a fresh view is given the document and lays all
// of it out (the measuring a long text leaves to a goroutine runs before
// SetDocument returns), with the first screen's objects built.
func benchOpen(b *testing.B, n int) { benchOpenText(b, bigText(b, n)) }

func benchOpenText(b *testing.B, text string) {
	test.NewTempApp(b)
	n := len(text)
	doc := &annotate.Document{ID: "doc", Title: "big", Text: text}
	b.SetBytes(int64(len(doc.Text)))
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v := benchView(b)
		b.StartTimer()
		v.SetDocument(doc)
		if v.layout == nil || v.text.partial || len(v.layout.Lines) < n/1000 {
			b.Fatal("not laid out")
		}
	}
}

func BenchmarkOpen30MB(b *testing.B)      { benchOpen(b, hugeSize) }
func BenchmarkOpen3MB(b *testing.B)       { benchOpen(b, bigSize) }
func BenchmarkOpen32KB(b *testing.B)      { benchOpen(b, smallSize) }
func BenchmarkOpen3MBArabic(b *testing.B) { benchOpenText(b, arabicText(b, bigSize)) }
func BenchmarkOpen3MBMixed(b *testing.B)  { benchOpenText(b, mixedText(b, bigSize)) }

// benchFirstScreen measures what the researcher waits for: a fresh view,
// in an 800×600 window, is given the document and builds the objects of
// its first screen. The rest of the text is measured on a goroutine,
// which here is not started.
func benchFirstScreen(b *testing.B, text string) {
	test.NewTempApp(b)
	doc := &annotate.Document{ID: "doc", Title: "big", Text: text}
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		v := New()
		v.spawn = func(func()) {}
		v.Resize(fyne.NewSize(800, 600))
		r := test.WidgetRenderer(v)
		b.StartTimer()
		v.SetDocument(doc)
		r.Refresh()
		if !v.text.partial || len(r.Objects()) < 20 {
			b.Fatalf("partial %v, %d objects", v.text.partial, len(r.Objects()))
		}
	}
}

func BenchmarkFirstScreen30MB(b *testing.B)       { benchFirstScreen(b, bigText(b, hugeSize)) }
func BenchmarkFirstScreen30MBArabic(b *testing.B) { benchFirstScreen(b, arabicText(b, hugeSize)) }

// BenchmarkHeap reports the heap the view keeps for a text it has laid
// out, per MB of text (the text itself, which the document holds, not
// counted), next to RichText's for 32 KB, the largest it lays out in
// reasonable time.
func BenchmarkHeap(b *testing.B) {
	test.NewTempApp(b)
	for _, tc := range []struct {
		name string
		text string
	}{
		{"Latin3MB", bigText(b, bigSize)},
		{"Latin30MB", bigText(b, hugeSize)},
		{"Arabic3MB", arabicText(b, bigSize)},
		{"Mixed3MB", mixedText(b, bigSize)},
		{"CJK3MB", strings.Repeat("日本語のテキストは、単語の間に空白を置かずに書かれる。中文也是这样写的。\n", bigSize/109)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			doc := &annotate.Document{Text: tc.text}
			layOut := func() *DocView {
				v := benchView(b)
				v.SetDocument(doc)
				test.WidgetRenderer(v).Refresh()
				return v
			}
			// The first text of a script loads faces the process keeps
			// for every text after it: not counted, even at b.N = 1.
			layOut()
			var per float64
			for i := 0; i < b.N; i++ {
				before := heapInUse()
				v := layOut()
				per = float64(heapInUse()-before) / float64(len(tc.text))
				runtime.KeepAlive(v)
			}
			b.ReportMetric(per, "heap-MB/MB")
		})
	}
	b.Run("RichText32KB", func(b *testing.B) {
		text := bigText(b, smallSize)
		layOut := func() *widget.RichText {
			rt := widget.NewRichTextWithText(text)
			rt.Wrapping = fyne.TextWrapWord
			rt.Resize(fyne.NewSize(800, 600))
			test.WidgetRenderer(rt).Layout(rt.Size())
			return rt
		}
		layOut()
		var per float64
		for i := 0; i < b.N; i++ {
			before := heapInUse()
			rt := layOut()
			per = float64(heapInUse()-before) / float64(len(text))
			runtime.KeepAlive(rt)
		}
		b.ReportMetric(per, "heap-MB/MB")
	})
}

// heapInUse returns the bytes of live heap after a collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkOpenArabicNewWords measures what an Arabic text costs the first
// time its words are met: every iteration opens 256 KB of words never
// measured before (made of random letters), so every word is shaped whole
// and at each of its cluster boundaries. It reports the cost per word.
func BenchmarkOpenArabicNewWords(b *testing.B) {
	test.NewTempApp(b)
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	rng := rand.New(rand.NewPCG(1, 2))
	words := 0
	b.ResetTimer()
	defer cpuPerOp(b)()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var sb strings.Builder
		words = 0
		for sb.Len() < 256<<10 {
			for k := 3 + rng.IntN(5); k > 0; k-- {
				sb.WriteRune(letters[rng.IntN(len(letters))])
			}
			sb.WriteByte(' ')
			words++
		}
		v := benchView(b)
		doc := &annotate.Document{Text: sb.String()}
		b.StartTimer()
		v.SetDocument(doc)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(words)/1000, "µs/word")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/float64(words)/1000, "cpu-µs/word")
}

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
func BenchmarkRewrap30MB(b *testing.B)      { benchRewrap(b, bigText(b, hugeSize)) }
func BenchmarkRewrap3MB(b *testing.B)       { benchRewrap(b, bigText(b, bigSize)) }
func BenchmarkRewrap3MBArabic(b *testing.B) { benchRewrap(b, arabicText(b, bigSize)) }
func BenchmarkRewrap3MBMixed(b *testing.B)  { benchRewrap(b, mixedText(b, bigSize)) }

func benchRewrap(b *testing.B, text string) {
	test.NewTempApp(b)
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
		if l := wrap(v.text, w, m, false); len(l.Lines) == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkScreen measures (c): building the canvas objects for one screen
// of the 3 MB text, with two overlapping passages (three codes) every 300
// characters, at the top of the text, in the middle and at the end,
// alternating between two screens a page apart so every line's objects
// (and measures and visual runs) are made anew. The cost should not grow
// with the position.
func BenchmarkScreen(b *testing.B)       { benchScreen(b, bigText(b, bigSize)) }
func BenchmarkScreenArabic(b *testing.B) { benchScreen(b, arabicText(b, bigSize)) }
func BenchmarkScreenMixed(b *testing.B)  { benchScreen(b, mixedText(b, bigSize)) }

func benchScreen(b *testing.B, text string) {
	test.NewTempApp(b)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: text})
	v.SetTags(testTags)
	var ps []*annotate.Passage
	for s := 0; s+400 < v.textLen(); s += 300 {
		ps = append(ps, &annotate.Passage{ID: annotate.NewID(), Start: s, End: s + 120, Tags: []string{"cyber", "amb"}},
			&annotate.Passage{ID: annotate.NewID(), Start: s + 60, End: s + 250, Tags: []string{"rights"}})
	}
	v.SetPassages(ps)
	r := test.WidgetRenderer(v)
	g := v.geom()
	end := v.maxScroll(g)
	for _, at := range []struct {
		name string
		y    float32
	}{{"top", 0}, {"middle", end / 2}, {"end", end - g.size.Height}} {
		b.Run(at.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			for i := 0; i < b.N; i++ {
				v.scrollY = at.y + float32(i%2)*g.size.Height
				v.drawnFor = nil // measure the lines and lay out their visual runs anew too
				r.Refresh()
				if len(r.Objects()) < 40 {
					b.Fatalf("only %d objects", len(r.Objects()))
				}
			}
		})
	}
}

// BenchmarkHitTest measures (d): finding the code point under a point of
// the 3 MB text.
func BenchmarkHitTest(b *testing.B)       { benchHitTest(b, bigText(b, bigSize)) }
func BenchmarkHitTestArabic(b *testing.B) { benchHitTest(b, arabicText(b, bigSize)) }

func benchHitTest(b *testing.B, text string) {
	test.NewTempApp(b)
	v := benchView(b)
	v.SetDocument(&annotate.Document{Text: text})
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
		if l := wrap(v.text, w, m, false); len(l.Lines) == 0 {
			b.Fatal("no lines")
		}
	}
}
