package docview

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// arabicArticle returns the Arabic sample article on the summit.
func arabicArticle(tb testing.TB) string {
	b, err := os.ReadFile("testdata/article-ar.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

const issueLine = "قمة جنيف ناقشت حقوق الإنسان"

// TestDoubleClickRightmostArabicWord: on an Arabic line the word drawn at
// the right end is the first one; a double-click there selects it, and
// one at the left end selects the last.
func TestDoubleClickRightmostArabicWord(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, issueLine, 600, 200)
	g := v.geom()
	ln := v.layout.Lines[0]
	if !ln.RTL {
		t.Fatal("the Arabic paragraph is not right to left")
	}
	// The line is aligned right: its right edge is the column's.
	right := v.PositionOf(0)
	if want := g.colLeft + g.colWidth; abs(right.X-want) > 0.01 {
		t.Fatalf("the first character starts at x=%v, the column ends at %v", right.X, want)
	}
	v.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(right.X-3, right.Y)})
	if s := v.SelectedText(); s != "قمة" {
		t.Errorf("double-click on the rightmost word selected %q, want قمة", s)
	}
	left := v.PositionOf(v.textLen())
	v.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(left.X+3, left.Y)})
	if s := v.SelectedText(); s != "الإنسان" {
		t.Errorf("double-click on the leftmost word selected %q, want الإنسان", s)
	}
	// Triple click: the paragraph.
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary}
	ev.Position = fyne.NewPos(right.X-20, right.Y)
	for range 3 {
		v.MouseDown(ev)
		v.MouseUp(ev)
	}
	if s := v.SelectedText(); s != issueLine {
		t.Errorf("triple click selected %q", s)
	}
}

// TestDragAcrossMixedLine drags from the left edge of "summit" to the
// left edge of the Arabic "جنيف", which is drawn left of "قمة": the logical
// range between them, "summit (قمة ", is what is selected.
func TestDragAcrossMixedLine(t *testing.T) {
	test.NewTempApp(t)
	text := "The summit (قمة جنيف) lasted four hours."
	v, w := newView(t, text, 700, 200)
	from := v.PositionOf(v.runesIndex(t, "summit"))
	// The caret after قمة and its space stands at the right edge of جنيف.
	to := v.PositionOf(v.runesIndex(t, "جنيف"))
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y) // ends at to, having moved from from
	if s := v.SelectedText(); s != "summit (قمة " {
		t.Errorf("drag selected %q, want %q", s, "summit (قمة ")
	}
	// Drawn as two rectangles: "summit (" and, apart from it, "قمة ".
	s, e := v.Selection()
	spans := rangeSpans(v.lineText(0), v.lineRuns(0), v.layout.Lines[0], v.layout.Width, s, e, 0, nil)
	if len(spans) != 2 {
		t.Errorf("selection drawn as %v, want two rectangles", spans)
	}
}

// TestShiftArrowsInRTL: Shift+Left in Arabic moves on through the text, as
// drawn, and the selection is the logical range.
func TestShiftArrowsInRTL(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, issueLine, 600, 200)
	v.SetSelection(0, 0)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	for range 3 {
		v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	}
	if s := v.SelectedText(); s != "قمة" {
		t.Errorf("Shift+Left ×3 selected %q, want قمة", s)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if s := v.SelectedText(); s != "قم" {
		t.Errorf("then Shift+Right selected %q, want قم", s)
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift})
	if s := v.SelectedText(); s != "قمة" {
		t.Errorf("then Ctrl+Shift+Left selected %q, want قمة", s)
	}
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	// Without shift, Left collapses the selection to its left end.
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if s, e := v.Selection(); s != 3 || e != 3 {
		t.Errorf("Left collapsed the selection to [%d, %d), want [3, 3)", s, e)
	}
}

// TestPassageBandsOnArabic: a passage's band covers exactly its words as
// drawn, and tapping a word drawn inside the band reports the passage.
func TestPassageBandsOnArabic(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, issueLine, 600, 200)
	v.SetTags(testTags)
	p := passage(t, issueLine, "p1", "حقوق الإنسان", "rights")
	v.SetPassages([]*annotate.Passage{p})
	var tapped *annotate.Passage
	v.OnPassageTapped = func(q *annotate.Passage) { tapped = q }
	// The passage is the last two words: drawn at the left end.
	x0, x1 := v.PositionOf(p.End).X, v.PositionOf(p.Start).X
	if x0 >= x1 {
		t.Fatalf("passage drawn from %v to %v", x0, x1)
	}
	y := v.PositionOf(p.Start).Y
	test.TapAt(v, fyne.NewPos(x0+2, y))
	if tapped != p {
		t.Errorf("tap inside the band reported %v", tapped)
	}
	test.TapAt(v, fyne.NewPos(x1+4, y)) // ناقشت, right of the band
	if tapped != nil {
		t.Errorf("tap beside the band reported %v", tapped)
	}
	// The band's rectangle is where the words are drawn.
	var band bool
	for _, o := range test.WidgetRenderer(v).Objects() {
		if abs(o.Position().X-x0) < 0.01 && abs(o.Size().Width-(x1-x0)) < 0.01 {
			band = true
		}
	}
	if !band {
		t.Errorf("no band from x=%v to %v", x0, x1)
	}
}

// TestDirectionOverride: a document set right to left is aligned right and
// read from the right even where its text is Latin; set left to right, an
// Arabic paragraph starts at the left.
func TestDirectionOverride(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, "abc def\n"+issueLine, 600, 200)
	g := v.geom()
	if v.layout.Lines[0].RTL || !v.layout.Lines[1].RTL {
		t.Fatal("auto: want the Latin line left to right and the Arabic one right to left")
	}
	v.SetDirection(RightToLeft)
	if !v.layout.Lines[0].RTL || abs(v.PositionOf(7).X-(g.colLeft+g.colWidth)) > 0.01 {
		t.Errorf("RTL: the Latin line ends at x=%v, want the right edge %v", v.PositionOf(7).X, g.colLeft+g.colWidth)
	}
	v.SetDirection(LeftToRight)
	if v.layout.Lines[1].RTL || abs(v.PositionOf(v.layout.Lines[1].End).X-g.colLeft) > 0.01 {
		t.Errorf("LTR: the Arabic line ends at x=%v, want the left edge %v", v.PositionOf(v.layout.Lines[1].End).X, g.colLeft)
	}
	// The document's own setting is taken when it is shown.
	v.SetDocument(&annotate.Document{Text: "abc", Direction: "rtl"})
	if v.Direction() != RightToLeft || !v.layout.Lines[0].RTL {
		t.Errorf("document direction rtl shown as %v", v.Direction())
	}
}

// TestArabicArticleWraps: every line of the Arabic article fits the
// column, right-aligned, and every code point is on exactly one line.
func TestArabicArticleWraps(t *testing.T) {
	test.NewTempApp(t)
	text := arabicArticle(t)
	v, _ := newView(t, text, 700, 600)
	g := v.geom()
	next := 0
	for i, ln := range v.layout.Lines {
		if ln.Start != next {
			t.Fatalf("line %d starts at %d, want %d", i, ln.Start, next)
		}
		next = ln.End
		if ln.ParaEnd {
			next++
		}
		if ln.Start == ln.End {
			continue
		}
		runs := v.lineRuns(i)
		lo, hi := runs[0].x, runs[len(runs)-1].x+runs[len(runs)-1].w
		end := visibleEnd(v.lineText(i), ln)
		if ln.RTL {
			if abs(hi-g.colWidth) > 0.01 {
				t.Errorf("line %d ends at %v, not at the right edge %v", i, hi, g.colWidth)
			}
			if lo < -40 || caretX(v.lineText(i), runs, ln, g.colWidth, end) < -0.01 {
				t.Errorf("line %d runs past the left edge: %v", i, lo)
			}
		}
	}
}

// TestDrawnTextMatchesShaper checks that each text object drawn for
// Arabic, Hebrew, Persian and mixed lines is as wide, by the view's model,
// as the shaper makes it: Arabic letters take their joined forms and
// lam-alef its ligature, so summing letters measured alone would be off by
// a third. The model's boxes are where hits and bands are measured, the
// shaper's what the researcher sees.
func TestDrawnTextMatchesShaper(t *testing.T) {
	test.NewTempApp(t)
	text := arabicArticle(t) + "\n" + strings.Join([]string{
		"The summit in Geneva (قمة جنيف) lasted four hours, not five.",
		"פסגת ז'נבה דנה בזכויות אדם ובסייבר, 16 ביוני 2021.",
		"نشست ژنو درباره حقوق بشر و امنیت سایبری گفت\u200cوگو کرد؛ پوتین و بایدن.",
		"مُدّدت «لا» الاستقرار ١٦ يونيو",
	}, "\n")
	v, w := newView(t, text, 900, 3000)
	_ = w
	var worst, plainWorst float32
	n := 0
	size := v.textSize()
	for _, o := range test.WidgetRenderer(v).Objects() {
		tx, ok := o.(*canvas.Text)
		if !ok {
			continue
		}
		want := fyne.MeasureText(tx.Text, size, fyne.TextStyle{}).Width
		worst = max(worst, abs(tx.Size().Width-want))
		var plain float32
		for _, r := range tx.Text {
			plain += fyne.MeasureText(string(r), size, fyne.TextStyle{}).Width
		}
		plainWorst = max(plainWorst, abs(plain-want))
		n++
	}
	t.Logf("%d text objects, worst difference %.3f px (%.1f px summing characters measured alone)", n, worst, plainWorst)
	if n < 30 {
		t.Fatalf("only %d text objects drawn", n)
	}
	if worst > 0.1 {
		t.Errorf("drawn text differs from the shaper by up to %v px", worst)
	}
	if plainWorst < 5 {
		t.Errorf("letters measured alone are off by only %v px: is the text being shaped?", plainWorst)
	}
}
