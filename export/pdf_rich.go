package export

// Rich text: the analyst's summary and findings, notes and quotes, laid
// out from markup's blocks and spans. Each piece of a laid-out line keeps
// the number of its span (piece.mark, from 1), so that a link is drawn in
// the link colour under a PDF link and struck text gets its line.

import (
	"math"
	"strings"

	"gloss/export/markup"
)

// spanStyle is the face style of a span set in a text of base style:
// bold and italic combine, italic within italic text is upright again,
// code is set in the medium weight.
func spanStyle(base style, s markup.Style) style {
	b := base == bold || base == boldItalic || s&markup.Bold != 0
	i := base == italic || base == boldItalic
	if s&markup.Italic != 0 {
		i = !i
	}
	switch {
	case s&markup.Code != 0 && !b && !i:
		return medium
	case b && i:
		return boldItalic
	case b:
		return bold
	case i:
		return italic
	}
	return regular
}

// richLines lays out spans in width millimetres: a line break span starts
// a new line, and lines wrap between words.
func (w *layouter) richLines(spans []markup.Span, ts tstyle, width float64) []line {
	var out []line
	segs := w.segs[:0]
	flush := func() {
		var atoms []atom
		atoms, w.pieces = tokenizeInto(segs, w.atoms, w.pieces)
		w.atoms = atoms
		ls := breakLines(atoms, em(width, ts.size))
		if len(ls) == 0 {
			ls = []line{{}}
		}
		var dir int8
		for _, sg := range segs {
			if dir = paraDir(sg.text); dir != 0 {
				break
			}
		}
		setPara(ls, dir)
		out = append(out, ls...)
		segs = segs[:0]
	}
	for i, s := range spans {
		if s.Break {
			flush()
			continue
		}
		for _, sg := range w.fs.segments(s.Text, spanStyle(ts.st, s.Style)) {
			sg.mark = i + 1
			segs = append(segs, sg)
		}
	}
	if len(segs) > 0 || len(out) == 0 {
		flush()
	}
	w.segs = segs
	return out
}

// drawRich draws a line of rich text whose box starts at top, aligned
// left (or right, for a right-to-left line) in width.
func (w *pdfWriter) drawRich(x, top float64, l line, ts tstyle, width float64, spans []markup.Span) {
	l, rtl := visual(l)
	if rtl {
		x += width - mm(l.w, ts.size)
	}
	base := top + ts.lineHeight()/2 + ts.size/ptPerMM*0.35
	for k, p := range l.pieces {
		pw := mm(p.w, ts.size)
		pts := ts
		var sp markup.Span
		if p.mark > 0 && p.mark <= len(spans) {
			sp = spans[p.mark-1]
		}
		if sp.URL != "" {
			pts.color = linkColor
		}
		w.drawPieces(x, base, line{pieces: l.pieces[k : k+1 : k+1], w: p.w}, pts)
		if sp.URL != "" {
			w.pdf.LinkString(x, top, pw, ts.lineHeight(), sanitize(sp.URL))
		}
		if sp.Style&markup.Strike != 0 && strings.TrimSpace(p.text()) != "" {
			w.rule(x, base-ts.size/ptPerMM*0.3, pw, pts.color, math.Max(0.2, ts.size*0.02))
		}
		x += pw
	}
}

// richRow is one line of laid-out blocks.
type richRow struct {
	indent float64 // from the left edge of the text, in millimetres
	l      line
	ts     tstyle
	spans  []markup.Span
	gap    float64 // space above it
	marker *line   // a list item's marker, drawn in the margin before indent
	rule   bool    // a thematic break: a short rule instead of text
	keep   bool    // kept on the page of the row before (lines of one paragraph)
}

// listIndent is how far each level of a list is indented.
const listIndent = 6.0

// layoutBlocks lays out blocks in width millimetres in style ts:
// paragraphs spaced apart, list items with their markers hanging in the
// indent, quotes indented in italic, headings in bold.
func (w *layouter) layoutBlocks(blocks []markup.Block, ts tstyle, width float64) []richRow {
	var rows []richRow
	lh := ts.lineHeight()
	for i, b := range blocks {
		gap := lh * 0.55
		if i == 0 {
			gap = 0
		} else if b.Tight && blocks[i-1].Tight {
			gap = lh * 0.15
		}
		bts := ts
		indent := float64(b.Depth) * listIndent
		spans := b.Spans
		switch b.Kind {
		case markup.Heading:
			bts.st = spanStyle(ts.st, markup.Bold)
			if i > 0 {
				gap = lh * 0.8
			}
		case markup.Quote:
			indent += listIndent
			bts.st = spanStyle(ts.st, markup.Italic)
			bts.color = mutedColor
		case markup.Rule:
			rows = append(rows, richRow{indent: indent, gap: gap + lh*0.3, rule: true, ts: ts})
			continue
		case markup.Row:
			// A table row reads as its cells in a line, the header bold.
			spans = nil
			for k, c := range b.Cells {
				if k > 0 {
					spans = append(spans, markup.Span{Text: "  ·  "})
				}
				spans = append(spans, c...)
			}
			if i > 0 && blocks[i-1].Kind == markup.Row {
				gap = lh * 0.15
			}
		}
		if len(b.Quotes) > 0 && b.Kind != markup.Quote {
			indent += listIndent
			bts.color = mutedColor
		}
		var marker *line
		if b.Kind == markup.Item {
			m := w.line1(b.Marker, tstyle{ts.st, ts.size, ts.color, ts.lead}, listIndent)
			marker = &m
		}
		ls := w.richLines(spans, bts, width-indent)
		for k, l := range ls {
			r := richRow{indent: indent, l: l, ts: bts, spans: spans, keep: k > 0}
			if k == 0 {
				r.gap, r.marker = gap, marker
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// rowsHeight is the height rows take.
func rowsHeight(rows []richRow) float64 {
	h := 0.0
	for _, r := range rows {
		h += r.gap + r.ts.lineHeight()
	}
	return h
}

// drawRows draws laid-out blocks at the cursor from x, starting new pages
// as needed; a paragraph's first line never stays alone at a page's foot.
func (w *pdfWriter) drawRows(x float64, rows []richRow, width float64) {
	for i, r := range rows {
		lh := r.ts.lineHeight()
		need := r.gap + lh
		if !r.keep && i+1 < len(rows) && rows[i+1].keep {
			need += rows[i+1].ts.lineHeight() // no paragraph's first line alone at a page's foot
		}
		if w.y+need > bottom {
			w.newPage()
		} else {
			w.y += r.gap
		}
		if r.rule {
			w.rule(x+r.indent, w.y+lh/2, math.Min(30, width-r.indent), faintColor, 0.4)
			w.y += lh
			continue
		}
		if r.marker != nil {
			w.drawLine(x+r.indent-listIndent, w.y, *r.marker, r.ts, listIndent-1.5, 'R')
		}
		w.drawRich(x+r.indent, w.y, r.l, r.ts, width-r.indent, r.spans)
		w.y += lh
	}
}
