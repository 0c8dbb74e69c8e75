package docview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
		c := newAdvanceCache(func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width })
		var worst, worstNoKern float32
		lines := 0
		for _, text := range texts {
			st := shape(text, c, 8*c.rune(' '), nil)
			l := wrap(st, 500, Metrics{LineHeight: 20})
			for _, ln := range l.Lines {
				// Runs between tabs are drawn as separate texts.
				for s := ln.Start; s < ln.End; {
					e := s
					for e < ln.End && st.runes[e] != '\t' {
						e++
					}
					run := strings.TrimRight(string(st.runes[s:e]), " ")
					if run != "" {
						want := fyne.MeasureText(run, size, fyne.TextStyle{}).Width
						got := st.runWidth(s, s+len([]rune(run)))
						worst = max(worst, abs(got-want))
						var plain float32
						for _, r := range run {
							plain += c.rune(r)
						}
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
