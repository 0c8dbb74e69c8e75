package export

import (
	"fmt"
	"math"
	"strings"

	"gloss/annotate"
)

// sectionsPart draws a section per tag or document.
func (w *pdfWriter) sectionsPart() error {
	b := w.b
	if len(b.sections) == 0 {
		return nil
	}
	part := "Passages by tag"
	if b.groupBy == GroupByDocument {
		part = "Passages by document"
	}
	w.heading1(part)
	for i, s := range b.sections {
		if i > 0 {
			w.y += 8
		}
		first := w.layoutPassage(s, s.passages[0])
		w.sectionHeading(s, first.start)
		for i, p := range s.passages {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			if i == 0 {
				w.drawPassage(first)
			} else {
				w.passage(s, p)
			}
			w.done++
			b.progress(w.done)
		}
	}
	return nil
}

// sectionHeading draws a section's title with its colour, its numbers and
// its description, kept on one page with keep millimetres of what follows
// (the start of its first passage).
func (w *pdfWriter) sectionHeading(s *section, keep float64) {
	hs := tstyle{bold, 14, inkColor, 1.3}
	swatch := 4.2
	titleW := contentW - swatch - 3
	tl := w.lines(s.title, hs, titleW)
	var meta string
	if s.doc != nil {
		meta = w.b.docMeta(s.doc)
	} else {
		meta = plural(len(s.passages), "passage") + " from " + plural(s.documents, "document")
	}
	var desc []line
	if s.description != "" {
		desc = w.lines(s.description, descStyle, contentW)
	}
	h := float64(len(tl))*hs.lineHeight() + 2 + sourceStyle.lineHeight() + 3 + float64(len(desc))*descStyle.lineHeight()
	w.ensure(math.Min(h+3+keep, bottom-marginTop))
	swatchColor := ""
	if s.tag != nil {
		swatchColor = s.color
	}
	w.entry(s.title, 1, swatchColor)
	for i, l := range tl {
		if i == 0 {
			w.rect(marginLeft, w.y+(hs.lineHeight()-swatch)/2, swatch, swatch, hexColor(s.color))
		}
		w.drawLine(marginLeft+swatch+3, w.y, l, hs, titleW, 'L')
		w.y += hs.lineHeight()
	}
	w.y += 0.5
	w.flow(marginLeft+swatch+3, titleW, meta, sourceStyle)
	w.y += 1.5
	w.rule(marginLeft, w.y, contentW, faintColor, 0.3)
	w.y += 3.5
	for _, l := range desc {
		w.ensure(descStyle.lineHeight())
		w.drawLine(marginLeft, w.y, l, descStyle, contentW, 'L')
		w.y += descStyle.lineHeight()
	}
	if len(desc) > 0 {
		w.y += 3
	}
}

// docMeta is a document's outlet, author and date on one line.
func (b *brief) docMeta(d *annotate.Document) string {
	var parts []string
	for _, s := range []string{d.Outlet, d.Byline, formatPublished(d.Published)} {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	n := fmt.Sprintf("source [%d]", b.docNum[d.ID])
	if len(parts) == 0 {
		return n
	}
	return strings.Join(parts, " · ") + " · " + n
}
