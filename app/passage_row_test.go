package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss/annotate"
)

// rowLine returns what a row's first line shows, as cut, and how wide it
// is drawn.
func rowLine(t *testing.T, r *passageRow) (string, float32) {
	t.Helper()
	rr := test.TempWidgetRenderer(t, r).(*passageRowRenderer)
	var s strings.Builder
	var w float32
	for _, tx := range []struct {
		text  string
		style fyne.TextStyle
	}{{rr.before.Text, fyne.TextStyle{}}, {rr.quote.Text, fyne.TextStyle{Bold: true}}, {rr.after.Text, fyne.TextStyle{}}} {
		s.WriteString(tx.text)
		if tx.text != "" {
			w += fyne.MeasureText(tx.text, theme.TextSize(), tx.style).Width
		}
	}
	return s.String(), w
}

func TestPassageRowMarkup(t *testing.T) {
	lightApp(t)
	r := newPassageRow()
	r.set(tagColor(annotate.Palette[0]), "…the two leaders met for ", "less than four hours", " of talks on…",
		"Biden and Putin hold their Geneva summit · Cyber red lines · Ada", true, func() {})
	r.Resize(fyne.NewSize(720, r.MinSize().Height))
	test.AssertObjectRendersToMarkup(t, "markup/passage_row.xml", r)
	r.setWaiting()
	test.AssertObjectRendersToMarkup(t, "markup/passage_row_waiting.xml", r)
}

// TestPassageRowCutsWithAnEllipsis narrows a row until its line no longer
// fits: the line is cut with "…" where it meets the star, never drawn
// past it, and the context before the quote gives way first from its
// start.
func TestPassageRowCutsWithAnEllipsis(t *testing.T) {
	lightApp(t)
	r := newPassageRow()
	before, quote, after := "…who said the meeting was constructive and that ", "ambassadors would return to their posts in Washington and Moscow", " within weeks, as both sides…"
	r.set(nil, before, quote, after, "Geneva summit · Ambassadors · Ada · ✎ the one concrete outcome of the day", false, func() {})
	rr := test.TempWidgetRenderer(t, r).(*passageRowRenderer)

	r.Resize(fyne.NewSize(2000, r.MinSize().Height))
	if got, _ := rowLine(t, r); got != before+"“"+quote+"”"+after {
		t.Fatalf("a wide row shows %q", got)
	}
	for _, width := range []float32{700, 450, 300, 200} {
		r.Resize(fyne.NewSize(width, r.MinSize().Height))
		got, w := rowLine(t, r)
		room := rr.textWidth(r.Size())
		if w > room {
			t.Errorf("at %v: %q is %v wide, over the %v before the star", width, got, w, room)
		}
		if !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
			t.Errorf("at %v: %q is not cut with an ellipsis", width, got)
		}
		if !strings.Contains(got, "“amb") {
			t.Errorf("at %v: %q lost the quote's start to its context", width, got)
		}
		if b := rr.before.Text; strings.HasPrefix(b, "…") && !strings.Contains(before, " "+strings.TrimPrefix(b, "…")) {
			t.Errorf("at %v: the context before is cut inside a word: %q", width, b)
		}
		if star := r.star.Position().X; rr.quote.Position().X+rr.quote.Size().Width > star {
			t.Errorf("at %v: the quote runs under the star", width)
		}
		meta := rr.meta.Text
		if mw := fyne.MeasureText(meta, theme.CaptionTextSize(), fyne.TextStyle{}).Width; mw > room || width <= 300 && !strings.HasSuffix(meta, "…") {
			t.Errorf("at %v: the second line %q (%v wide) is not cut to %v", width, meta, mw, room)
		}
	}
}

// TestPassageRowUpdatesInPlace gives a row another passage: it keeps its
// objects, and a text that did not change is not drawn again.
func TestPassageRowUpdatesInPlace(t *testing.T) {
	lightApp(t)
	r := newPassageRow()
	r.set(nil, "", "first", ".", "Doc · Code · Ada", false, nil)
	r.Resize(fyne.NewSize(600, r.MinSize().Height))
	rr := test.TempWidgetRenderer(t, r).(*passageRowRenderer)
	objects := rr.Objects()
	meta := rr.meta
	r.set(nil, "", "second", ".", "Doc · Code · Ada", true, nil)
	for i, o := range rr.Objects() {
		if o != objects[i] {
			t.Fatalf("object %d was replaced", i)
		}
	}
	if rr.quote.Text != "“second”" || meta.Text != "Doc · Code · Ada" || r.star.Icon.Name() != starIcon(true).Name() {
		t.Fatalf("the row shows %q, %q, star %v", rr.quote.Text, meta.Text, r.star.Icon.Name())
	}
	// Waiting for its passage, the row has no star; given one, it has.
	r.setWaiting()
	if r.star.Visible() || rr.quote.Text != "…" || rr.meta.Text != "" {
		t.Fatalf("waiting, the row shows %q, %q, its star visible: %v", rr.quote.Text, rr.meta.Text, r.star.Visible())
	}
	r.set(nil, "", "third", ".", "Doc · Code · Ada", false, nil)
	if !r.star.Visible() || rr.quote.Text != "“third”" || r.star.Icon.Name() != starIcon(false).Name() {
		t.Fatalf("after waiting, the row shows %q, its star visible: %v, %v", rr.quote.Text, r.star.Visible(), r.star.Icon.Name())
	}
}
