package export

// Drawing primitives: fonts, lines of text, the cursor and page breaks,
// rules and fills, bookmarks and headings.

import (
	"fmt"
	"strings"
)

// family returns the gofpdf family of a face, registering it on first use.
// Fallback fonts are named in the order this document first uses them, so
// the output does not depend on what other exports did before.
func (w *pdfWriter) family(f *face) string {
	if name, ok := w.families[f]; ok {
		return name
	}
	name := f.family
	if name == "" {
		w.nfb++
		name = fmt.Sprintf("fallback%d", w.nfb)
	}
	w.pdf.AddUTF8FontFromBytes(name, f.style, f.ttf)
	w.families[f] = name
	return name
}

func (w *pdfWriter) setFace(f *face, size float64) {
	if f == w.curFace && size == w.curSize {
		return
	}
	w.pdf.SetFont(w.family(f), f.style, size)
	w.curFace, w.curSize = f, size
}

// setPage makes an earlier page current, to draw on it again.
func (w *pdfWriter) setPage(n int) {
	w.pdf.SetPage(n)
	w.curFace, w.curText, w.curFill = nil, nil, nil
}

// mm converts thousandths of an em at size points to millimetres.
func mm(milli int, size float64) float64 { return float64(milli) * size / 1000 / ptPerMM }

// em converts millimetres to thousandths of an em at size points.
func em(x, size float64) int { return int(x * ptPerMM * 1000 / size) }

func (ts tstyle) lineHeight() float64 { return ts.size * ts.lead / ptPerMM }

// lines lays out text in width millimetres. Every line break in text
// starts a new line; an empty line of text is an empty line.
func (w *layouter) lines(text string, ts tstyle, width float64) []line {
	var out []line
	if strings.Contains(text, "\r\n") {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	for para := range strings.SplitSeq(text, "\n") {
		var atoms []atom
		atoms, w.pieces = tokenizeInto(w.fs.segments(para, ts.st), w.atoms, w.pieces)
		w.atoms = atoms
		ls := breakLines(atoms, em(width, ts.size))
		if len(ls) == 0 {
			ls = []line{{}}
		}
		setPara(ls, paraDir(para))
		out = append(out, ls...)
	}
	return out
}

// line1 lays out text on one line, ellipsized to width.
func (w *layouter) line1(text string, ts tstyle, width float64) line {
	var l line
	for _, sg := range w.fs.segments(text, ts.st) {
		if sg.text != "" {
			p := newPiece(sg.face, sg.text, sg.face.advance(sg.text))
			l.pieces = appendPiece(l.pieces, p)
			l.w += p.w
		}
	}
	p := w.fs.primary[ts.st]
	return ellipsize(l, em(width, ts.size), newPiece(p, "…", p.width('…')))
}

// clamp keeps at most n lines, ending the last with an ellipsis when it cuts.
func (w *layouter) clamp(ls []line, n int, ts tstyle, width float64) []line {
	if len(ls) <= n {
		return ls
	}
	p := w.fs.primary[ts.st]
	return append(ls[:n-1:n-1], withEllipsis(ls[n-1], em(width, ts.size), newPiece(p, "…", p.width('…'))))
}

// drawLine draws a line whose box starts at top; align is 'L', 'R' or 'C'
// within width.
func (w *pdfWriter) drawLine(x, top float64, l line, ts tstyle, width float64, align byte) {
	l, rtl := visual(l)
	if rtl && align == 'L' {
		align = 'R'
	}
	lw := mm(l.w, ts.size)
	switch align {
	case 'R':
		x += width - lw
	case 'C':
		x += (width - lw) / 2
	}
	sizeMM := ts.size / ptPerMM
	w.drawPieces(x, top+ts.lineHeight()/2+sizeMM*0.35, l, ts)
}

// drawBaseline draws a line of text with its baseline at base, from x.
func (w *pdfWriter) drawBaseline(x, base float64, l line, ts tstyle) {
	l, _ = visual(l)
	w.drawPieces(x, base, l, ts)
}

// drawPieces draws a line in visual order with its baseline at base: text
// through gofpdf, glyphs of vector faces as outlines.
func (w *pdfWriter) drawPieces(x, base float64, l line, ts tstyle) {
	w.textColor = ts.color
	for _, p := range l.pieces {
		if p.face.vector != nil {
			w.drawVector(x, base, p, ts)
		} else {
			w.setFace(p.face, ts.size)
			w.text(x, base, p.face, p.text())
		}
		x += mm(p.w, ts.size)
	}
}

// bottom is the lowest y content may reach.
const bottom = pageH - marginBottom

// newPage starts a page with the cursor at the top margin.
func (w *pdfWriter) newPage() {
	w.pdf.AddPage()
	w.y = marginTop
}

// ensure starts a new page unless h millimetres fit below the cursor.
func (w *pdfWriter) ensure(h float64) {
	if w.y+h > bottom {
		w.newPage()
	}
}

// flow draws text at the cursor, starting new pages as needed.
func (w *pdfWriter) flow(x, width float64, text string, ts tstyle) {
	w.flowLines(x, width, w.lines(text, ts, width), ts)
}

// flowLines draws laid-out lines at the cursor, starting new pages as
// needed.
func (w *pdfWriter) flowLines(x, width float64, ls []line, ts tstyle) {
	lh := ts.lineHeight()
	for _, l := range ls {
		w.ensure(lh)
		w.drawLine(x, w.y, l, ts, width, 'L')
		w.y += lh
	}
}

// syncTextColor gives gofpdf the colour text is drawn in, before a call
// of its own that draws text. Setting gofpdf's text colour writes
// nothing into the page; only its text calls use it.
func (w *pdfWriter) syncTextColor() {
	if w.curText == nil || *w.curText != w.textColor {
		c := w.textColor
		w.pdf.SetTextColor(c.r, c.g, c.b)
		w.curText = &c
	}
}

func (w *pdfWriter) fill(c rgb) {
	if w.curFill == nil || *w.curFill != c {
		w.pdf.SetFillColor(c.r, c.g, c.b)
		w.curFill = &c
	}
}

func (w *pdfWriter) rect(x, y, width, h float64, c rgb) {
	w.fill(c)
	w.fillRect(x, y, width, h)
}

func (w *pdfWriter) rule(x, y, width float64, c rgb, thick float64) {
	w.pdf.SetDrawColor(c.r, c.g, c.b)
	w.pdf.SetLineWidth(thick)
	w.pdf.Line(x, y, x+width, y)
}

// bookmark adds an outline entry at the cursor; a face must be set so that
// gofpdf encodes the title as UTF-16.
func (w *pdfWriter) bookmark(title string, level int) {
	w.setFace(w.fs.primary[regular], 10)
	w.pdf.Bookmark(sanitize(title), level, w.y)
}

// entry records a table-of-contents entry and a bookmark at the cursor.
func (w *pdfWriter) entry(title string, level int, color string) {
	w.entryAt(title, level, color, true)
}

// entryAt adds a bookmark at the cursor, and a table-of-contents entry
// when toc is set.
func (w *pdfWriter) entryAt(title string, level int, color string, toc bool) {
	if toc {
		e := &tocEntry{title: title, level: level, color: color, page: w.pdf.PageNo(), y: w.y, link: w.pdf.AddLink()}
		w.pdf.SetLink(e.link, w.y, e.page)
		w.toc = append(w.toc, e)
	}
	w.bookmark(title, level)
}

// heading1 starts a major part on a new page.
func (w *pdfWriter) heading1(title string) {
	w.newPage()
	w.entry(title, 0, "")
	for _, l := range w.lines(title, h1Style, contentW) {
		w.drawLine(marginLeft, w.y, l, h1Style, contentW, 'L')
		w.y += h1Style.lineHeight()
	}
	w.y += 1.5
	w.rule(marginLeft, w.y, contentW, accentColor, 0.6)
	w.y += 6
}

// heading2 draws a subheading that keeps with at least keep millimetres of
// what follows.
func (w *pdfWriter) heading2(title string, keep float64) {
	ls := w.lines(title, h2Style, contentW)
	h := float64(len(ls))*h2Style.lineHeight() + 2
	w.ensure(h + keep)
	for _, l := range ls {
		w.drawLine(marginLeft, w.y, l, h2Style, contentW, 'L')
		w.y += h2Style.lineHeight()
	}
	w.y += 2
}
