package export

import (
	"fmt"
	"math"
)

// findingsPart draws the findings: a numbered section per code, following
// the codebook's hierarchy, with the analyst's finding and its key quotes
// (or, grouped by document, a section per document with its quotes).
func (w *pdfWriter) findingsPart() error {
	b := w.b
	if len(b.findings) == 0 {
		return nil
	}
	part := "Findings"
	if b.groupBy == GroupByDocument {
		part = "Quotations by document"
	}
	w.heading1(part)
	return w.sectionList(b.findings, false)
}

// annexPart draws the annex: the quotations in scope that are not key
// quotes, by code, after the table of quotations per code and document.
func (w *pdfWriter) annexPart() error {
	b := w.b
	if len(b.annex) == 0 {
		return nil
	}
	w.heading1("Annex: further quotations")
	n := 0
	for _, s := range b.annex {
		n += len(s.quotes)
	}
	w.flow(marginLeft, contentW, fmt.Sprintf("The %s in the scope of this briefing that are not quoted in the findings, by code.", plural(n, "quotation")), bodyStyle)
	w.y += 4
	if b.groupBy == GroupByTag && len(b.docs) > 0 {
		cells, totals := b.counts()
		w.matrix(cells, totals)
		w.y += 2
	}
	return w.sectionList(b.annex, true)
}

// sectionList draws sections one after the other.
func (w *pdfWriter) sectionList(ss []*section, annex bool) error {
	for i, s := range ss {
		if i > 0 {
			w.y += 6
		}
		var first *quoteBox
		if len(s.quotes) > 0 {
			first = w.layoutQuote(s, s.quotes[0])
		}
		keep := 0.0
		var rows []richRow
		if len(s.finding) > 0 {
			rows = w.layoutBlocks(s.finding, findingStyle, contentW)
			for k := 0; k < len(rows) && k < 3; k++ {
				keep += rows[k].gap + rows[k].ts.lineHeight()
			}
		} else if first != nil {
			keep = first.start
		}
		w.sectionHeading(s, keep, annex)
		if len(rows) > 0 {
			w.drawRows(marginLeft, rows, contentW)
			w.y += 5
		}
		for k, q := range s.quotes {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			if k == 0 {
				w.drawQuote(first)
			} else {
				w.drawQuote(w.layoutQuote(s, q))
			}
			w.done++
			w.b.progress(w.done)
		}
		if r := s.refsText(!annex); r != "" {
			w.ensure(sourceStyle.lineHeight())
			w.flow(marginLeft, contentW, r, tstyle{italic, 8.5, mutedColor, 1.4})
		}
		if s.elsewhere > 0 {
			var text string
			if len(w.b.annex) > 0 {
				text = fmt.Sprintf("%s more on this code in the annex.", plural(s.elsewhere, "quotation"))
			} else {
				text = fmt.Sprintf("%s more on this code, not quoted here.", plural(s.elsewhere, "quotation"))
			}
			w.ensure(sourceStyle.lineHeight())
			w.flow(marginLeft, contentW, text, tstyle{italic, 8.5, mutedColor, 1.4})
		}
	}
	return nil
}

// sectionHeading draws a section's number, colour and title, what it
// holds, and (without a finding) the code's description, kept on one page
// with keep millimetres of what follows.
func (w *pdfWriter) sectionHeading(s *section, keep float64, annex bool) {
	size := 14.0
	if s.depth > 0 {
		size = 12
	}
	hs := tstyle{bold, size, inkColor, 1.3}
	swatch := 4.2
	// The number hangs before the title, in the accent colour.
	title := s.title
	var num line
	indent := 0.0
	if s.number != "" && !annex {
		title = s.number + " " + s.title
		num = w.line1(s.number, tstyle{bold, size, accentColor, 1.3}, 20)
		indent = mm(num.w, size) + 2.5
	}
	titleW := contentW - swatch - 3 - indent
	tl := w.lines(s.title, hs, titleW)
	var meta string
	switch {
	case s.doc != nil:
		meta = w.b.docMeta(s.doc)
	case len(s.quotes) > 0:
		kind := "quotation"
		if w.b.keyed && !annex {
			kind = "key quotation"
		}
		meta = plural(len(s.quotes), kind) + " from " + plural(s.documents, "source")
	case len(s.refs) > 0:
		n := 0
		for _, r := range s.refs {
			n += r.n
		}
		meta = plural(n, "quotation") + ", printed under other codes"
	}
	if annex && s.number != "" {
		if meta != "" {
			meta += " · "
		}
		meta += "finding " + s.number
	}
	var desc []line
	if s.description != "" && len(s.finding) == 0 {
		desc = w.lines(s.description, descStyle, contentW)
	}
	h := float64(len(tl))*hs.lineHeight() + 2 + 3 + float64(len(desc))*descStyle.lineHeight()
	if meta != "" {
		h += sourceStyle.lineHeight()
	}
	w.ensure(math.Min(h+3+keep, bottom-marginTop))
	swatchColor := ""
	if s.tag != nil {
		swatchColor = s.color
	}
	w.entry(title, 1+s.depth, swatchColor)
	for i, l := range tl {
		if i == 0 {
			w.rect(marginLeft, w.y+(hs.lineHeight()-swatch)/2, swatch, swatch, hexColor(s.color))
			if indent > 0 {
				w.drawLine(marginLeft+swatch+3, w.y, num, tstyle{bold, size, accentColor, 1.3}, indent, 'L')
			}
		}
		w.drawLine(marginLeft+swatch+3+indent, w.y, l, hs, titleW, 'L')
		w.y += hs.lineHeight()
	}
	w.y += 0.5
	if meta != "" {
		w.flow(marginLeft+swatch+3+indent, titleW, meta, sourceStyle)
	}
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
