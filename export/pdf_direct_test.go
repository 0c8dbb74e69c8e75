package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"gloss/export"
)

// TestPDFDirectDrawSameBytes checks that writing text and fills into the
// page directly gives the very bytes gofpdf's Text and Rect give: on the
// sample briefing (charts, links, notes by two coders), on text of many
// scripts with and without fallback fonts (emoji drawn as outlines), on
// characters whose UTF-16 bytes are ones a PDF string escapes, and on a
// long annex.
func TestPDFDirectDrawSameBytes(t *testing.T) {
	sample, bf, _, _ := sampleBriefing(t)
	uni, _ := unicodeProject(t)
	// Ĩ ĩ Ŝ č are 0x0128, 0x0129, 0x015C and 0x010D: a parenthesis, a
	// backslash and a carriage return in their low bytes.
	escapes := memSnapshot(2, 30)
	for i, p := range escapes.passages[:12] {
		p.Quote = strings.Repeat("Ĩĩ Ŝ č (paren) back\\slash ", i+1) + p.Quote
		p.Note.Text = "(ĩ) \\ Ŝč"
	}
	escapes.tags[0].Name = "Codes (Ĩ\\ĩ)"
	annex := memSnapshot(6, 120)
	cases := []struct {
		name string
		src  export.Source
		opts export.Options
	}{
		{"sample briefing", sample, export.Options{Briefing: bf, Project: "geneva-2021", Created: created}},
		{"scripts", uni, export.Options{Title: "Brief “Женева” 😀", Created: created}},
		{"scripts without fallbacks", uni, export.Options{Title: "Brief", Created: created, FindFont: func(rune) string { return "" }}},
		{"escapes", escapes, export.Options{Title: "Escapes (Ĩ) \\ č", Created: created}},
		{"annex", annex, export.Options{Title: "Annex", Created: created}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			restore := export.SetDirectDraw(false)
			var want bytes.Buffer
			err := export.PDF(context.Background(), &want, c.src, c.opts)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			before := export.DirectWrites()
			var got bytes.Buffer
			if err := export.PDF(context.Background(), &got, c.src, c.opts); err != nil {
				t.Fatal(err)
			}
			if n := export.DirectWrites() - before; n == 0 {
				t.Fatal("nothing was written directly")
			}
			if g, w := got.Bytes(), want.Bytes(); !bytes.Equal(g, w) {
				at := 0
				for at < min(len(g), len(w)) && g[at] == w[at] {
					at++
				}
				t.Fatalf("direct drawing changed the PDF (%d bytes, gofpdf's %d), from byte %d: %q, gofpdf's %q",
					len(g), len(w), at, g[at:min(len(g), at+80)], w[at:min(len(w), at+80)])
			}
		})
	}
	// The escaped characters read back as themselves.
	path := writePDF(t, escapes, export.Options{Title: "Escapes", Created: created})
	qpdfCheck(t, path)
	if text := squash(pdfText(t, path)); !strings.Contains(text, squash(`Ĩĩ Ŝ č (paren) back\slash`)) || !strings.Contains(text, squash(`Codes (Ĩ\ĩ)`)) {
		t.Errorf("escaped text lost:\n%.2000s", text)
	}
}
