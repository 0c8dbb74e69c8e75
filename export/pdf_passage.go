package export

import (
	"fmt"
	"math"

	"gloss/annotate"
)

// Quote block geometry.
const (
	barW     = 1.5
	quotePad = 3.2
	quoteIn  = barW + 4.5 // text indent from the block's left edge
)

// passageBox is a passage laid out, ready to draw.
type passageBox struct {
	color      rgb
	ql, sl, nl []line // quote, source, note
	others     []*annotate.Tag
	total      float64 // height, all on one page
	start      float64 // the least height it starts with on a page
}

// passage draws one passage: the quote in a tinted block with a bar in its
// tag's colour, then its source, note and other tags. A block that fits on
// a page is never split; a longer one continues on the next pages.
func (w *pdfWriter) passage(s *section, p *annotate.Passage) {
	w.drawPassage(w.layoutPassage(s, p))
}

// layoutPassage lays out a passage without drawing it.
func (w *pdfWriter) layoutPassage(s *section, p *annotate.Passage) *passageBox {
	b := w.b
	color := hexColor(b.passageColor(s, p))
	textW := contentW - quoteIn - quotePad
	ql := w.lines(p.Quote, quoteStyle, textW)
	qlh := quoteStyle.lineHeight()

	// The source on one line: the title gives way to the outlet and date,
	// and the sources list has it whole.
	sw := contentW - quoteIn
	var sl []line
	if suffix := b.sourceSuffix(p); suffix != "" {
		sfx := w.line1(" · "+suffix, sourceStyle, sw)
		title := w.line1(fmt.Sprintf("[%d] %s", b.docNum[p.DocumentID], b.docByID[p.DocumentID].Title), sourceStyle, sw-mm(sfx.w, sourceStyle.size))
		sl = []line{join(title, sfx)}
	} else {
		sl = []line{w.line1(fmt.Sprintf("[%d] %s", b.docNum[p.DocumentID], b.docByID[p.DocumentID].Title), sourceStyle, sw)}
	}
	var nl []line
	labelW := 11.0
	if p.Note.Text != "" {
		nl = w.lines(p.Note.Text, noteStyle, contentW-quoteIn-labelW)
	}
	var others []*annotate.Tag
	if s.tag != nil {
		others = b.otherTags(p, s.tag.ID)
	} else {
		others = b.otherTags(p, "")
	}

	tail := 1.5 + float64(len(sl))*sourceStyle.lineHeight()
	if len(nl) > 0 {
		tail += 1.5 + float64(len(nl))*noteStyle.lineHeight()
	}
	if len(others) > 0 {
		tail += 1 + chipStyle.lineHeight()
	}
	box := &passageBox{color: color, ql: ql, sl: sl, nl: nl, others: others,
		total: 2*quotePad + float64(len(ql))*qlh + tail}
	box.start = box.total
	if box.total > bottom-marginTop {
		// At least two lines of a long quote on the page it starts on.
		box.start = 2*quotePad + math.Min(2, float64(len(ql)))*qlh
	}
	return box
}

// drawPassage draws a laid-out passage at the cursor.
func (w *pdfWriter) drawPassage(box *passageBox) {
	color, ql, sl, nl, others := box.color, box.ql, box.sl, box.nl, box.others
	textW := contentW - quoteIn - quotePad
	qlh := quoteStyle.lineHeight()
	labelW := 11.0
	if w.y+box.start > bottom {
		w.newPage()
	}

	tint := color.tint(0.09)
	for i := 0; i < len(ql); {
		if i > 0 {
			w.newPage()
		}
		fit := int((bottom - w.y - 2*quotePad) / qlh)
		if fit < 1 {
			fit = 1
		}
		n := min(fit, len(ql)-i)
		h := 2*quotePad + float64(n)*qlh
		w.rect(marginLeft, w.y, contentW, h, tint)
		w.rect(marginLeft, w.y, barW, h, color)
		y := w.y + quotePad
		for _, l := range ql[i : i+n] {
			w.drawLine(marginLeft+quoteIn, y, l, quoteStyle, textW, 'L')
			y += qlh
		}
		w.y += h
		i += n
	}

	x := marginLeft + quoteIn
	w.y += 1.5
	for _, l := range sl {
		w.ensure(sourceStyle.lineHeight())
		w.drawLine(x, w.y, l, sourceStyle, contentW-quoteIn, 'L')
		w.y += sourceStyle.lineHeight()
	}
	if len(nl) > 0 {
		w.y += 1.5
		w.ensure(noteStyle.lineHeight())
		lab := w.line1("NOTE", noteLabel, labelW)
		w.drawLine(x, w.y+(noteStyle.lineHeight()-noteLabel.lineHeight())/2+0.25, lab, noteLabel, labelW, 'L')
		for _, l := range nl {
			w.ensure(noteStyle.lineHeight())
			w.drawLine(x+labelW, w.y, l, noteStyle, contentW-quoteIn-labelW, 'L')
			w.y += noteStyle.lineHeight()
		}
	}
	if len(others) > 0 {
		w.y += 1
		w.chips(x, contentW-quoteIn, others)
	}
	w.y += 7
}

// chips draws the passage's other tags, each after a dot in its colour,
// wrapping as needed.
func (w *pdfWriter) chips(x0, width float64, tags []*annotate.Tag) {
	lh := chipStyle.lineHeight()
	w.ensure(lh)
	lead := w.line1("Also tagged", chipStyle, width)
	w.drawLine(x0, w.y, lead, chipStyle, width, 'L')
	x := x0 + mm(lead.w, chipStyle.size) + 3
	for _, t := range tags {
		l := w.line1(t.Name, tstyle{regular, 8, inkColor, 1.5}, width-5)
		cw := 2.2 + 1.6 + mm(l.w, chipStyle.size)
		if x+cw > x0+width {
			w.y += lh
			w.ensure(lh)
			x = x0
		}
		w.fill(hexColor(t.Color))
		w.pdf.Circle(x+1.1, w.y+lh/2, 1.1, "F")
		w.drawLine(x+2.2+1.2, w.y, l, tstyle{regular, 8, inkColor, 1.5}, width, 'L')
		x += cw + 4
	}
	w.y += lh
}
