package docview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestAdvancesMatchShaper checks that what the view measures is what it
// draws: every laid-out line of the sample articles (and some harder text)
// is as wide, by cached advances, as the shaper makes the canvas.Text that
// draws it. It also checks the kerning matters, so the pair cache is not
// dead weight.
func TestAdvancesMatchShaper(t *testing.T) {
	test.NewTempApp(t)
	texts := append(seedTexts(t),
		"AVATAR Yes, To Wavy LTA “quoted” — dashes – and café naïve Ærø façade",
		"Ünïcödé ﬁne ffi fl e\u0301te\u0301 ÅÇÉ",
		"混合 text 日本語のテキスト, mixed with Latin.",
		"tabs\tin\tthe\tmiddle\tof a line",
	)
	for _, size := range []float32{14, 21.7} {
		c := newAdvanceCache(func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }, newWordShaper(theme.Current()), size)
		var worst, worstNoKern float32
		lines := 0
		for _, text := range texts {
			c.lockUI()
			tab := 8 * c.rune(' ')
			c.unlock()
			st := shapeWith(text, c, tab, Auto)
			l := wrap(st, 500, Metrics{LineHeight: 20}, true)
			for i, ln := range l.Lines {
				lt, _ := l.runs(st, i)
				// Runs between tabs are drawn as separate texts.
				for s := ln.Start; s < ln.End; {
					e := s
					for e < ln.End && lt.r(e) != '\t' {
						e++
					}
					run := strings.TrimRight(st.slice(s, e), " ")
					if run != "" {
						want := fyne.MeasureText(run, size, fyne.TextStyle{}).Width
						got := lt.runWidth(s, s+len([]rune(run)))
						worst = max(worst, abs(got-want))
						var plain float32
						c.lockUI()
						for _, r := range run {
							plain += c.rune(r)
						}
						c.unlock()
						worstNoKern = max(worstNoKern, abs(plain-want))
						lines++
					}
					s = e + 1
				}
			}
		}
		t.Logf("size %v: %d runs, worst difference %.4f px (%.2f px without kerning)", size, lines, worst, worstNoKern)
		if worst > 0.1 { // a tenth of a pixel: invisible, and far from a caret's width
			t.Errorf("size %v: cached advances differ from the shaper by up to %v px", size, worst)
		}
		if worstNoKern < 0.5 {
			t.Errorf("size %v: kerning changes lines by only %v px; is the shaper kerning?", size, worstNoKern)
		}
	}
}

// TestWordShaperMatchesFyne checks that shaping a word with go-text's
// HarfBuzz, as the view does for words of contextually shaped scripts,
// gives the width Fyne's shaper gives it, for every word of the Arabic
// sample and of Hebrew, Persian, Hindi and mixed lines, whether the word
// goes the short way (one script, one face, right to left) or through
// the segmenter.
func TestWordShaperMatchesFyne(t *testing.T) {
	test.NewTempApp(t)
	text := arabicArticle(t) + "\n" + strings.Join([]string{
		"פסגת ז'נבה דנה בזכויות אדם ובסייבר, 16 ביוני 2021.",
		"نشست ژنو درباره حقوق بشر و امنیت سایبری گفت\u200cوگو کرد؛ پوتین و بایدن.",
		"मंगलवार को जिनेवा में शिखर सम्मेलन हुआ।",
		"مُدّدت «لا» الاستقرار ١٦ يونيو (قمة) جنيف: 2021، Grange)",
	}, "\n")
	for _, size := range []float32{14, 21.7} {
		ws := newWordShaper(theme.Current())
		n := 0
		for _, w := range strings.Fields(text) {
			got := ws.shape([]rune(w), size, nil, nil)
			want := toFixed32(fyne.MeasureText(w, size, fyne.TextStyle{}).Width)
			if got != want {
				t.Errorf("size %v: %q is %v px shaped here, %v px by Fyne", size, w, float32(got)/64, float32(want)/64)
			}
			n++
		}
		if n < 200 {
			t.Fatalf("only %d words", n)
		}
	}
}
