package pdf

import (
	"context"
	"image/color"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/export/ingest/ingesttest"
)

// TestLocateAndRender finds a passage that runs over a hyphenated line
// break, and draws its page with the passage's two lines highlighted.
func TestLocateAndRender(t *testing.T) {
	data := ingesttest.ArticlePDF()
	x := extract(t, data)
	quote := "a more predictable international order"
	at := strings.Index(x.Text, quote)
	if at < 0 {
		t.Fatalf("no %q in the text", quote)
	}
	start := utf8.RuneCountInString(x.Text[:at])
	spans := x.Locate(start, start+utf8.RuneCountInString(quote))
	if len(spans) != 1 || spans[0].Page != 0 {
		t.Fatalf("spans %+v, want one run on page 1", spans)
	}
	// The run covers "a more predictable inter-" and "national order":
	// the quote's letters, the hyphen between them.
	if n := spans[0].End - spans[0].Start; n < len(quote) || n > len(quote)+4 {
		t.Errorf("the run holds %d characters for a quote of %d", n, len(quote))
	}
	r, err := Render(context.Background(), rt, data, 0, 72, spans)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages != 2 || r.Image.Bounds().Dx() != 596 || r.Image.Bounds().Dy() != 842 {
		t.Errorf("page of %v, %d pages", r.Image.Bounds(), r.Pages)
	}
	if len(r.Highlights) != 2 {
		t.Fatalf("%d highlighted rectangles, want one per line: %v", len(r.Highlights), r.Highlights)
	}
	// The lines are at about 651 and 636 points from the bottom (1 pt = 1
	// pixel at 72 dpi): 191 and 206 pixels from the top.
	for i, want := range []int{191, 206} {
		h := r.Highlights[i]
		if mid := (h.Min.Y + h.Max.Y) / 2; mid < want-8 || mid > want+8 {
			t.Errorf("highlight %d at %v, want around y=%d", i, h, want)
		}
		// Paper under the highlight is tinted, not white.
		if c := color.RGBAModel.Convert(r.Image.At(h.Max.X-1, h.Min.Y+1)).(color.RGBA); c.B > 200 || c.R < 200 {
			t.Errorf("highlight %d is not tinted: %v", i, c)
		}
	}
	// Another page shows no highlight; a page that is not there is refused.
	if r, err := Render(context.Background(), rt, data, 1, 72, spans); err != nil || len(r.Highlights) != 0 {
		t.Errorf("page 2: %v highlights, %v", len(r.Highlights), err)
	}
	if _, err := Render(context.Background(), rt, data, 2, 72, nil); err == nil || err.Error() != "the PDF has no page 3 (it has 2)" {
		t.Errorf("page 3: %v", err)
	}
}
