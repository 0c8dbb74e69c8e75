package export

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gloss/annotate"
	"gloss/export/chart"
)

// overview draws where the evidence comes from, as charts: quotations
// per code by outlet and, when the sources span more than one day (or
// week, or month), over time.
func (w *pdfWriter) overview() {
	b := w.b
	if len(b.passages) == 0 {
		return
	}
	w.heading1("Overview")
	intro := fmt.Sprintf("The briefing rests on %s from %s, coded with %s.",
		plural(len(b.quotes), "quotation"), plural(len(b.docs), "document"), plural(len(b.tags), "code"))
	if len(b.tags) > 1 {
		intro += " A quotation with several codes counts for each of them."
	}
	w.flow(marginLeft, contentW, intro, bodyStyle)
	w.y += 5

	if ch, codes, err := b.outletChart(); err == nil && ch != nil {
		title := "Quotations per code, by outlet"
		if _, all := b.chartCodes(); all > len(codes) {
			title += fmt.Sprintf(" (the %s codes with the most, of %s)", annotate.Number(len(codes)), annotate.Number(all))
		}
		w.drawChart(title, ch, len(codes), true)
	}
	if ts := b.overTime(); ts != nil {
		if ch, err := b.timeChart(ts); err == nil {
			title := "Quotations over time, by code"
			if ts.undated > 0 {
				title += fmt.Sprintf(" (%s from undated sources not shown)", plural(ts.undated, "quotation"))
			}
			w.y += 4
			w.drawChart(title, ch, len(ts.periods), false)
		}
	}
}

// drawChart draws a chart under its title across the text width, on one
// page.
func (w *pdfWriter) drawChart(title string, ch *chart.Chart, categories int, horizontal bool) {
	wd, ht := chart.Size(vg.Length(contentW/ptToMM), categories, horizontal)
	h := float64(ht) * ptToMM
	if h > bottom-marginTop-20 {
		h = bottom - marginTop - 20
	}
	w.heading2(title, h)
	c := w.newCanvas(marginLeft, w.y, float64(wd)*ptToMM, h)
	ch.Draw(draw.New(c))
	c.finish()
	w.y += h + 4
}

// counts returns the quotations of every code in scope per cited document
// (rows in b.tags order, columns in b.docs order) and the row totals.
func (b *brief) counts() (cells [][]int, totals []int) {
	row := map[string]int{}
	for i, t := range b.tags {
		row[t.ID] = i
	}
	cells = make([][]int, len(b.tags))
	for i := range cells {
		cells[i] = make([]int, len(b.docs))
	}
	totals = make([]int, len(b.tags))
	for _, q := range b.quotes {
		col := b.docNum[q.DocumentID] - 1
		for _, id := range q.Tags() {
			if i, ok := row[id]; ok {
				cells[i][col]++
				totals[i]++
			}
		}
	}
	return cells, totals
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
		title := "Quotations per code and document"
		if len(b.docs) > perChunk {
			title += fmt.Sprintf(" (documents %s–%s of %s)", annotate.Number(c0+1), annotate.Number(c1), annotate.Number(len(b.docs)))
		}
		w.heading2(title, rowH*4)
		header := func() {
			w.rect(marginLeft, w.y, contentW, rowH, rgb{0xee, 0xf1, 0xf5})
			top := w.y + (rowH-tableHead.lineHeight())/2
			w.drawLine(marginLeft+2, top, w.line1("Code", tableHead, labelW-4), tableHead, labelW-4, 'L')
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
				w.drawLine(x, top, w.line1(annotate.Number(n), tableStyle, colW), tableStyle, colW, 'C')
			}
			x := marginLeft + labelW + float64(c1-c0)*colW
			tot := tstyle{medium, 8.5, inkColor, 1.3}
			w.drawLine(x, top, w.line1(annotate.Number(totals[i]), tot, colW), tot, colW, 'C')
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
