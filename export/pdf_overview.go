package export

import (
	"fmt"
	"math"
)

// overview draws the counts: a bar chart of passages per tag and the
// tag × document table.
func (w *pdfWriter) overview() {
	b := w.b
	w.heading1("Overview")
	if len(b.passages) == 0 {
		w.flow(marginLeft, contentW, "No passages match the scope of this briefing: there is nothing to summarize.", bodyStyle)
		return
	}
	summary := fmt.Sprintf("This briefing collects %s from %s, coded with %s.",
		plural(len(b.passages), "passage"), plural(len(b.docs), "document"), plural(len(b.tags), "tag"))
	if b.groupBy == GroupByTag {
		summary += " A passage with several tags appears under each of them."
	}
	w.flow(marginLeft, contentW, summary, bodyStyle)
	w.y += 6

	cells, totals := b.counts()
	w.barChart(totals)
	w.y += 8
	w.matrix(cells, totals)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// barChart draws a horizontal bar per tag in scope, in the tag's colour.
func (w *pdfWriter) barChart(totals []int) {
	b := w.b
	const (
		labelW = 58.0
		rowH   = 6.4
		barH   = 4.2
		numW   = 12.0
	)
	w.heading2("Passages per tag", rowH*3)
	peak := 1
	for _, n := range totals {
		peak = max(peak, n)
	}
	barMax := contentW - labelW - numW - 4
	ls := tstyle{regular, 8.5, inkColor, 1.3}
	ns := tstyle{medium, 8.5, inkColor, 1.3}
	for i, t := range b.tags {
		w.ensure(rowH)
		top := w.y + (rowH-ls.lineHeight())/2
		w.drawLine(marginLeft, top, w.line1(t.Name, ls, labelW-3), ls, labelW-3, 'L')
		x := marginLeft + labelW
		w.rect(x, w.y+(rowH-barH)/2, barMax, barH, rgb{0xf3, 0xf5, 0xf8})
		bw := barMax * float64(totals[i]) / float64(peak)
		if bw > 0 {
			w.rect(x, w.y+(rowH-barH)/2, math.Max(bw, 0.6), barH, hexColor(t.Color))
		}
		w.drawLine(x+barMax+2, top, w.line1(fmt.Sprint(totals[i]), ns, numW), ns, numW, 'R')
		w.y += rowH
	}
}

// matrix draws the table of passage counts per tag (rows) and document
// (columns, numbered as in the sources), in chunks of columns that fit the
// page; the header row repeats on every page.
func (w *pdfWriter) matrix(cells [][]int, totals []int) {
	b := w.b
	const (
		labelW  = 58.0
		minColW = 11.5
		rowH    = 6.2
	)
	perChunk := int(math.Floor((contentW - labelW - minColW) / minColW))
	// Few documents get wider columns, so that the table spans the page.
	colW := math.Min(24, (contentW-labelW)/float64(min(len(b.docs), perChunk)+1))
	peak := 1
	for _, row := range cells {
		for _, n := range row {
			peak = max(peak, n)
		}
	}
	for c0 := 0; c0 < len(b.docs); c0 += perChunk {
		c1 := min(c0+perChunk, len(b.docs))
		title := "Passages per tag and document"
		if len(b.docs) > perChunk {
			title += fmt.Sprintf(" (documents %d–%d of %d)", c0+1, c1, len(b.docs))
		}
		w.heading2(title, rowH*4)
		header := func() {
			w.rect(marginLeft, w.y, contentW, rowH, rgb{0xee, 0xf1, 0xf5})
			top := w.y + (rowH-tableHead.lineHeight())/2
			w.drawLine(marginLeft+2, top, w.line1("Tag", tableHead, labelW-4), tableHead, labelW-4, 'L')
			for c := c0; c < c1; c++ {
				x := marginLeft + labelW + float64(c-c0)*colW
				w.drawLine(x, top, w.line1(fmt.Sprintf("[%d]", c+1), tableHead, colW), tableHead, colW, 'C')
			}
			x := marginLeft + labelW + float64(c1-c0)*colW
			w.drawLine(x, top, w.line1("Total", tableHead, colW), tableHead, colW, 'C')
			w.y += rowH
		}
		header()
		for i, t := range b.tags {
			if w.y+rowH > bottom {
				w.newPage()
				header()
			}
			top := w.y + (rowH-tableStyle.lineHeight())/2
			w.rect(marginLeft+2, w.y+rowH/2-1.3, 2.6, 2.6, hexColor(t.Color))
			w.drawLine(marginLeft+6.5, top, w.line1(t.Name, tableStyle, labelW-8.5), tableStyle, labelW-8.5, 'L')
			for c := c0; c < c1; c++ {
				x := marginLeft + labelW + float64(c-c0)*colW
				n := cells[i][c]
				if n == 0 {
					w.drawLine(x, top, w.line1("·", tableStyle, colW), tstyle{regular, 8.5, faintColor, 1.3}, colW, 'C')
					continue
				}
				shade := hexColor(t.Color).tint(0.12 + 0.38*float64(n)/float64(peak))
				w.rect(x+0.6, w.y+0.6, colW-1.2, rowH-1.2, shade)
				w.drawLine(x, top, w.line1(fmt.Sprint(n), tableStyle, colW), tableStyle, colW, 'C')
			}
			x := marginLeft + labelW + float64(c1-c0)*colW
			tot := tstyle{medium, 8.5, inkColor, 1.3}
			w.drawLine(x, top, w.line1(fmt.Sprint(totals[i]), tot, colW), tot, colW, 'C')
			w.y += rowH
			w.rule(marginLeft, w.y, contentW, rgb{0xe8, 0xeb, 0xef}, 0.2)
		}
		w.y += 3
		// The key to the column numbers.
		for c := c0; c < c1; c++ {
			d := b.docs[c]
			text := fmt.Sprintf("[%d] %s", c+1, d.Title)
			if d.Outlet != "" {
				text += " · " + d.Outlet
			}
			w.ensure(captionStyle.lineHeight())
			w.drawLine(marginLeft, w.y, w.line1(text, captionStyle, contentW), captionStyle, contentW, 'L')
			w.y += captionStyle.lineHeight()
		}
		w.y += 6
	}
}
