package export

import (
	"fmt"
)

// headersAndFooters draws every page's running header (the brief's title,
// and who it is for) and footer (Page N of M) once the page count is known.
// The cover has neither.
func (w *pdfWriter) headersAndFooters() {
	n := w.pdf.PageCount()
	hs := tstyle{regular, 8, mutedColor, 1.3}
	for p := 2; p <= n; p++ {
		w.setPage(p)
		half := contentW*0.62 - 2
		w.drawLine(marginLeft, 11, w.line1(w.b.title, hs, half), hs, half, 'L')
		right := w.b.created.Format("2 January 2006")
		if w.b.audience != "" {
			right = w.b.audience + " · " + right
		} else if w.b.opts.Project != "" {
			right = w.b.opts.Project + " · " + right
		}
		rw := contentW - half - 4
		w.drawLine(marginLeft+half+4, 11, w.line1(right, hs, rw), hs, rw, 'R')
		w.rule(marginLeft, 16, contentW, faintColor, 0.25)
		fs := tstyle{regular, 8, mutedColor, 1.3}
		w.drawLine(marginLeft, pageH-14, w.line1(fmt.Sprintf("Page %d of %d", p, n), fs, contentW), fs, contentW, 'C')
	}
	w.setPage(n)
}
