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

// sectionList draws sections one after the other. A goroutine of its own
// lays them out (shapes, measures and breaks their lines) a few
// quotations ahead of the drawing, in the order the drawing needs them,
// so that the layout of the next quotations runs on another core while
// gofpdf writes this one. Only that goroutine lays out meanwhile, so the
// fallback fonts are found in the same order every time and the PDF is
// the same.
func (w *pdfWriter) sectionList(ss []*section, annex bool) error {
	out := make(chan laidOut, 128)
	stop := make(chan struct{})
	lay := &layouter{b: w.b, fs: w.fs}
	go lay.layoutSections(ss, annex, out, stop)
	defer func() {
		close(stop)
		for range out {
		}
	}()
	next := func() (laidOut, error) {
		lo, ok := <-out
		if !ok {
			return lo, fmt.Errorf("lay out pdf: layout ended early")
		}
		return lo, lo.err
	}
	for i, s := range ss {
		if i > 0 {
			w.y += 6
		}
		lo, err := next()
		if err != nil {
			return err
		}
		sb := lo.section
		w.drawSectionHeading(sb.head, sb.keep)
		if len(sb.rows) > 0 {
			w.drawRows(marginLeft, sb.rows, contentW)
			w.y += 5
		}
		for k := range s.quotes {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			box := sb.first
			if k > 0 {
				if lo, err = next(); err != nil {
					return err
				}
				box = lo.quote
			}
			w.drawQuote(box)
			w.done++
			w.b.progress(w.done)
		}
		if lo, err = next(); err != nil {
			return err
		}
		for _, t := range lo.tail {
			w.ensure(sourceStyle.lineHeight())
			w.flowLines(marginLeft, contentW, t, tailStyle)
		}
	}
	return nil
}

// tailStyle is the style of the lines after a section's quotations.
var tailStyle = tstyle{italic, 8.5, mutedColor, 1.4}

// laidOut is what sectionList's layout sends its drawing, in order: for
// each section, the section (its heading, finding and first quotation),
// each further quotation, and the lines that end it. A failed layout
// sends only its error.
type laidOut struct {
	section *sectionBox
	quote   *quoteBox
	tail    [][]line // paragraphs in tailStyle
	err     error
}

// sectionBox is a section laid out: its heading, the analyst's finding,
// and its first quotation, which the heading keeps with.
type sectionBox struct {
	head  *headBox
	rows  []richRow
	keep  float64
	first *quoteBox
}

// layoutSections lays out ss for sectionList, sending each part to out
// until stop is closed; it closes out when done.
func (w *layouter) layoutSections(ss []*section, annex bool, out chan<- laidOut, stop <-chan struct{}) {
	defer close(out)
	send := func(lo laidOut) bool {
		select {
		case out <- lo:
			return true
		case <-stop:
			return false
		}
	}
	defer func() {
		if r := recover(); r != nil {
			send(laidOut{err: fmt.Errorf("lay out pdf: %v", r)})
		}
	}()
	for _, s := range ss {
		sb := &sectionBox{}
		if len(s.quotes) > 0 {
			sb.first = w.layoutQuote(s, s.quotes[0])
		}
		if len(s.finding) > 0 {
			sb.rows = w.layoutBlocks(s.finding, findingStyle, contentW)
			for k := 0; k < len(sb.rows) && k < 3; k++ {
				sb.keep += sb.rows[k].gap + sb.rows[k].ts.lineHeight()
			}
		} else if sb.first != nil {
			sb.keep = sb.first.start
		}
		sb.head = w.layoutSectionHeading(s, annex)
		if sb.first != nil {
			w.layoutChips(sb.first)
		}
		if !send(laidOut{section: sb}) {
			return
		}
		for _, q := range s.quotes[min(1, len(s.quotes)):] {
			box := w.layoutQuote(s, q)
			w.layoutChips(box)
			if !send(laidOut{quote: box}) {
				return
			}
		}
		var tail [][]line
		if r := s.refsText(!annex); r != "" {
			tail = append(tail, w.lines(r, tailStyle, contentW))
		}
		if s.elsewhere > 0 {
			var text string
			if len(w.b.annex) > 0 {
				text = fmt.Sprintf("%s more on this code in the annex.", plural(s.elsewhere, "quotation"))
			} else {
				text = fmt.Sprintf("%s more on this code, not quoted here.", plural(s.elsewhere, "quotation"))
			}
			tail = append(tail, w.lines(text, tailStyle, contentW))
		}
		if !send(laidOut{tail: tail}) {
			return
		}
	}
}

// headBox is a section heading laid out: the section's number, colour
// and title, what it holds, and (without a finding) the code's
// description.
type headBox struct {
	s      *section
	title  string // for the contents and bookmarks
	hs     tstyle
	num    line // the number, hanging before the title
	numTS  tstyle
	indent float64
	titleW float64
	tl     []line
	meta   []line
	desc   []line
}

// sectionSwatch is the size of the square in a section's colour before its title.
const sectionSwatch = 4.2

// layoutSectionHeading lays out a section's heading.
func (w *layouter) layoutSectionHeading(s *section, annex bool) *headBox {
	size := 14.0
	if s.depth > 0 {
		size = 12
	}
	h := &headBox{s: s, hs: tstyle{bold, size, inkColor, 1.3}, numTS: tstyle{bold, size, accentColor, 1.3}, title: s.title}
	if s.number != "" && !annex {
		h.title = s.number + " " + s.title
		h.num = w.line1(s.number, h.numTS, 20)
		h.indent = mm(h.num.w, size) + 2.5
	}
	h.titleW = contentW - sectionSwatch - 3 - h.indent
	h.tl = w.lines(s.title, h.hs, h.titleW)
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
	if s.description != "" && len(s.finding) == 0 {
		h.desc = w.lines(s.description, descStyle, contentW)
	}
	if meta != "" {
		h.meta = w.lines(meta, sourceStyle, h.titleW)
	}
	return h
}

// drawSectionHeading draws a section's heading, kept on one page with
// keep millimetres of what follows.
func (w *pdfWriter) drawSectionHeading(h *headBox, keep float64) {
	s, hs := h.s, h.hs
	height := float64(len(h.tl))*hs.lineHeight() + 2 + 3 + float64(len(h.desc))*descStyle.lineHeight()
	if len(h.meta) > 0 {
		height += sourceStyle.lineHeight()
	}
	w.ensure(math.Min(height+3+keep, bottom-marginTop))
	swatchColor := ""
	if s.tag != nil {
		swatchColor = s.color
	}
	w.entry(h.title, 1+s.depth, swatchColor)
	for i, l := range h.tl {
		if i == 0 {
			w.rect(marginLeft, w.y+(hs.lineHeight()-sectionSwatch)/2, sectionSwatch, sectionSwatch, hexColor(s.color))
			if h.indent > 0 {
				w.drawLine(marginLeft+sectionSwatch+3, w.y, h.num, h.numTS, h.indent, 'L')
			}
		}
		w.drawLine(marginLeft+sectionSwatch+3+h.indent, w.y, l, hs, h.titleW, 'L')
		w.y += hs.lineHeight()
	}
	w.y += 0.5
	w.flowLines(marginLeft+sectionSwatch+3+h.indent, h.titleW, h.meta, sourceStyle)
	w.y += 1.5
	w.rule(marginLeft, w.y, contentW, faintColor, 0.3)
	w.y += 3.5
	for _, l := range h.desc {
		w.ensure(descStyle.lineHeight())
		w.drawLine(marginLeft, w.y, l, descStyle, contentW, 'L')
		w.y += descStyle.lineHeight()
	}
	if len(h.desc) > 0 {
		w.y += 3
	}
}
