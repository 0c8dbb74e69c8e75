package export

import (
	"fmt"
	"math"
)

// tocEntry is a line of the table of contents and a bookmark.
type tocEntry struct {
	title string
	level int
	color string // a swatch before the title, for tag sections
	page  int
	y     float64
	link  int
}

// tocLine is the height of a table-of-contents line, tocHead the space its
// heading takes.
const (
	tocLine = 7.5
	tocHead = 16.0
)

// contentsFrom is the number of sections from which a briefing has a
// table of contents; a shorter one reads without.
const contentsFrom = 8

// needsContents reports whether the briefing is long enough for a table
// of contents.
func (b *brief) needsContents() bool { return len(b.findings)+len(b.annex) >= contentsFrom }

// reserveContents leaves pages for the table of contents, which is drawn
// last when every section's page is known. Its length is known now: the
// overview, the findings and annex with a line per section, and the
// sources.
func (w *pdfWriter) reserveContents() {
	b := w.b
	n := 1 // sources
	if len(b.passages) > 0 {
		n++ // overview
	}
	if len(b.findings) > 0 {
		n += 1 + len(b.findings)
	}
	if len(b.annex) > 0 {
		n += 1 + len(b.annex)
	}
	first := int(math.Floor((bottom - marginTop - tocHead) / tocLine))
	rest := int(math.Floor((bottom - marginTop) / tocLine))
	pages := 1
	for left := n - first; left > 0; left -= rest {
		pages++
	}
	for i := 0; i < pages; i++ {
		w.newPage()
		if i == 0 {
			w.setFace(w.fs.primary[regular], 10)
			w.pdf.Bookmark("Contents", 0, marginTop)
		}
		w.tocPages = append(w.tocPages, w.pdf.PageNo())
	}
}

// contents draws the table of contents on the reserved pages.
func (w *pdfWriter) contents() {
	pi := 0
	w.setPage(w.tocPages[pi])
	w.y = marginTop
	for _, l := range w.lines("Contents", h1Style, contentW) {
		w.drawLine(marginLeft, w.y, l, h1Style, contentW, 'L')
		w.y += h1Style.lineHeight()
	}
	w.y += 1.5
	w.rule(marginLeft, w.y, contentW, accentColor, 0.6)
	w.y = marginTop + tocHead
	numW := 12.0
	for _, e := range w.toc {
		if w.y+tocLine > bottom {
			pi++
			w.setPage(w.tocPages[pi])
			w.y = marginTop
		}
		ts := tstyle{medium, 10.5, inkColor, 1.3}
		x := marginLeft
		if e.level > 0 {
			ts = tstyle{regular, 10, inkColor, 1.3}
			x += 6 * float64(e.level)
			if e.color != "" {
				w.rect(x, w.y+tocLine/2-1.6, 3.2, 3.2, hexColor(e.color))
				x += 5.5
			}
		}
		avail := marginLeft + contentW - numW - x - 4
		l := w.line1(e.title, ts, avail)
		top := w.y + (tocLine-ts.lineHeight())/2
		w.drawLine(x, top, l, ts, avail, 'L')
		num := w.line1(fmt.Sprint(e.page), ts, numW)
		w.drawLine(marginLeft+contentW-numW, top, num, ts, numW, 'R')
		// Dotted leader between title and number.
		lx := x + mm(l.w, ts.size) + 2
		rx := marginLeft + contentW - mm(num.w, ts.size) - 2
		w.fill(rgb{0xa0, 0xa8, 0xb3})
		for dx := lx; dx < rx; dx += 1.6 {
			w.pdf.Circle(dx, w.y+tocLine/2+1.3, 0.22, "F")
		}
		w.pdf.Link(marginLeft, w.y, contentW, tocLine, e.link)
		w.y += tocLine
	}
}
