package export

import (
	"fmt"
	"math"

	"gloss/annotate"
	"gloss/export/markup"
)

// Quote block geometry.
const (
	barW     = 1.5
	quotePad = 3.2
	quoteIn  = barW + 4.5 // text indent from the block's left edge
)

// quoteBox is a quotation laid out, ready to draw.
type quoteBox struct {
	color  rgb
	spans  []markup.Span
	ql     []line // the quotation
	sl     []line // its source
	coding []line // who coded it with what, when more than one coded in the briefing
	notes  []noteBox
	others []*annotate.Tag // its other codes, when one coded
	chips  *chipsBox       // the others laid out, by layoutChips
	// bySource is set in a section of a document, where every code is
	// "other".
	bySource bool
	total    float64 // height, all on one page
	start    float64 // the least height it starts with on a page
}

// noteBox is a coder's note on a quotation, laid out.
type noteBox struct {
	label line // "NOTE", or the coder's name when several coded
	rows  []richRow
}

// noteLabelW is the width of a note's label when it is "NOTE".
const noteLabelW = 11.0

// layoutQuote lays out a quotation without drawing it: the text in a
// tinted block with a bar in its code's colour, then its source, who coded
// it (with their codes and notes, attributed by name), and its other
// codes.
func (w *layouter) layoutQuote(s *section, q *quote) *quoteBox {
	b := w.b
	box := &quoteBox{color: hexColor(b.quoteColor(s, q)), spans: q.quoted(), bySource: s.tag == nil}
	textW := contentW - quoteIn - quotePad
	box.ql = w.richLines(box.spans, quoteStyle, textW)
	qlh := quoteStyle.lineHeight()

	sw := contentW - quoteIn
	box.sl = w.sourceLine(q.DocumentID)
	several := len(b.coders) > 1
	if several {
		box.coding = w.lines("Coded by "+b.coding(q), codingStyle, sw)
	} else {
		box.others = b.otherTags(q, s)
	}
	for _, n := range q.notes() {
		nb := noteBox{}
		labelW := noteLabelW
		if several {
			nb.label = w.line1Once(n.Author, noteLabel, sw*0.4)
			labelW = mm(nb.label.w, noteLabel.size) + 2.5
		} else {
			nb.label = w.line1Once("NOTE", noteLabel, noteLabelW)
		}
		nb.rows = w.layoutBlocks(markup.Parse(n.Text), noteStyle, sw-labelW)
		box.notes = append(box.notes, nb)
	}

	tail := 1.5 + float64(len(box.sl))*sourceStyle.lineHeight()
	if len(box.coding) > 0 {
		tail += 0.5 + float64(len(box.coding))*codingStyle.lineHeight()
	}
	for _, nb := range box.notes {
		tail += 1.5 + rowsHeight(nb.rows)
	}
	if len(box.others) > 0 {
		tail += 1 + chipStyle.lineHeight()
	}
	box.total = 2*quotePad + float64(len(box.ql))*qlh + tail
	box.start = box.total
	if box.total > bottom-marginTop {
		// At least two lines of a long quotation on the page it starts on.
		box.start = 2*quotePad + math.Min(2, float64(len(box.ql)))*qlh
	}
	return box
}

// sourceLine lays out a quotation's source on one line, once per
// document: the title gives way to the outlet and date, and the sources
// list has it whole.
func (w *layouter) sourceLine(docID string) []line {
	if sl, ok := w.sources[docID]; ok {
		return sl
	}
	b := w.b
	d := b.docByID[docID]
	sw := contentW - quoteIn
	head := fmt.Sprintf("[%d] %s", b.docNum[docID], d.Title)
	var sl []line
	if suffix := b.sourceSuffix(d); suffix != "" {
		sfx := w.line1(" · "+suffix, sourceStyle, sw)
		title := w.line1(head, sourceStyle, sw-mm(sfx.w, sourceStyle.size))
		sl = []line{join(title, sfx)}
	} else {
		sl = []line{w.line1(head, sourceStyle, sw)}
	}
	if w.sources == nil {
		w.sources = map[string][]line{}
	}
	w.sources[docID] = sl
	return sl
}

// drawQuote draws a laid-out quotation at the cursor. A block that fits on
// a page is never split; a longer one continues on the next pages.
func (w *pdfWriter) drawQuote(box *quoteBox) {
	textW := contentW - quoteIn - quotePad
	qlh := quoteStyle.lineHeight()
	if w.y+box.start > bottom {
		w.newPage()
	}
	tint := box.color.tint(0.09)
	for i := 0; i < len(box.ql); {
		if i > 0 {
			w.newPage()
		}
		fit := int((bottom - w.y - 2*quotePad) / qlh)
		if fit < 1 {
			fit = 1
		}
		n := min(fit, len(box.ql)-i)
		h := 2*quotePad + float64(n)*qlh
		w.rect(marginLeft, w.y, contentW, h, tint)
		w.rect(marginLeft, w.y, barW, h, box.color)
		y := w.y + quotePad
		for _, l := range box.ql[i : i+n] {
			w.drawRich(marginLeft+quoteIn, y, l, quoteStyle, textW, box.spans)
			y += qlh
		}
		w.y += h
		i += n
	}

	x := marginLeft + quoteIn
	sw := contentW - quoteIn
	w.y += 1.5
	for _, l := range box.sl {
		w.ensure(sourceStyle.lineHeight())
		w.drawLine(x, w.y, l, sourceStyle, sw, 'L')
		w.y += sourceStyle.lineHeight()
	}
	if len(box.coding) > 0 {
		w.y += 0.5
		for _, l := range box.coding {
			w.ensure(codingStyle.lineHeight())
			w.drawLine(x, w.y, l, codingStyle, sw, 'L')
			w.y += codingStyle.lineHeight()
		}
	}
	for _, nb := range box.notes {
		w.y += 1.5
		if len(nb.rows) == 0 {
			continue
		}
		labelW := noteLabelW
		if len(w.b.coders) > 1 {
			labelW = mm(nb.label.w, noteLabel.size) + 2.5
		}
		first := nb.rows[0]
		w.ensure(first.ts.lineHeight())
		w.drawLine(x, w.y+(first.ts.lineHeight()-noteLabel.lineHeight())/2+0.25, nb.label, noteLabel, labelW, 'L')
		w.drawRows(x+labelW, nb.rows, sw-labelW)
	}
	if box.chips != nil {
		w.y += 1
		w.chips(x, sw, box.chips)
	}
	w.y += 7
}

// chipsBox is a quotation's other codes laid out: a lead ("Also
// coded") and each code's name.
type chipsBox struct {
	lead  line
	tags  []*annotate.Tag
	names []line
}

// chipName is the style of a code's name among a quotation's others.
var chipName = tstyle{regular, 8, inkColor, 1.5}

// layoutChips lays out a quotation's other codes, if it has any.
func (w *layouter) layoutChips(box *quoteBox) {
	if len(box.others) == 0 {
		return
	}
	label := "Also coded"
	if box.bySource {
		label = "Coded"
	}
	width := contentW - quoteIn
	c := &chipsBox{lead: w.line1Once(label, chipStyle, width), tags: box.others}
	for _, t := range box.others {
		c.names = append(c.names, w.line1Once(t.Name, chipName, width-5))
	}
	box.chips = c
}

// chips draws a quotation's other codes, each after a dot in its colour,
// wrapping as needed.
func (w *pdfWriter) chips(x0, width float64, c *chipsBox) {
	lh := chipStyle.lineHeight()
	w.ensure(lh)
	w.drawLine(x0, w.y, c.lead, chipStyle, width, 'L')
	x := x0 + mm(c.lead.w, chipStyle.size) + 3
	for i, t := range c.tags {
		l := c.names[i]
		cw := 2.2 + 1.6 + mm(l.w, chipStyle.size)
		if x+cw > x0+width {
			w.y += lh
			w.ensure(lh)
			x = x0
		}
		w.fill(hexColor(t.Color))
		w.pdf.Circle(x+1.1, w.y+lh/2, 1.1, "F")
		w.drawLine(x+2.2+1.2, w.y, l, chipName, width, 'L')
		x += cw + 4
	}
	w.y += lh
}
