package export

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"gloss/annotate"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

func hexColor(s string) rgb {
	r, g, b, ok := annotate.ParseColor(s)
	if !ok {
		return rgb{128, 128, 128}
	}
	return rgb{int(r), int(g), int(b)}
}

// tint mixes c with white: t = 1 is c, t = 0 white.
func (c rgb) tint(t float64) rgb {
	mix := func(v int) int { return int(math.Round(float64(v)*t + 255*(1-t))) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// The briefing's palette.
var (
	inkColor    = rgb{0x1f, 0x29, 0x33} // body text
	mutedColor  = rgb{0x5f, 0x6b, 0x7a} // source lines, captions
	faintColor  = rgb{0xd5, 0xda, 0xe1} // rules, grid
	accentColor = rgb{0x1f, 0x3a, 0x5f} // title band, headings
	noteColor   = rgb{0x6b, 0x3e, 0x0a} // researcher's notes
	linkColor   = rgb{0x1d, 0x4e, 0xd8}
)

// tstyle is how a run of text looks.
type tstyle struct {
	st    style
	size  float64 // points
	color rgb
	lead  float64 // line height as a multiple of size
}

var (
	bodyStyle    = tstyle{regular, 10, inkColor, 1.45}
	quoteStyle   = tstyle{regular, 10.5, inkColor, 1.5}
	sourceStyle  = tstyle{regular, 8.5, mutedColor, 1.4}
	noteLabel    = tstyle{bold, 8, noteColor, 1.5}
	noteStyle    = tstyle{italic, 9.5, noteColor, 1.45}
	chipStyle    = tstyle{regular, 8, mutedColor, 1.5}
	h1Style      = tstyle{bold, 17, accentColor, 1.25}
	h2Style      = tstyle{bold, 11.5, inkColor, 1.3}
	captionStyle = tstyle{medium, 8, mutedColor, 1.4}
	descStyle    = tstyle{italic, 10, mutedColor, 1.45}
	tableStyle   = tstyle{regular, 8.5, inkColor, 1.3}
	tableHead    = tstyle{medium, 8, mutedColor, 1.3}
)

// Page geometry in millimetres (A4).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 22.0
	marginRight  = 22.0
	marginTop    = 24.0
	marginBottom = 22.0
	contentW     = pageW - marginLeft - marginRight
	ptPerMM      = 72 / 25.4
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

// pdfWriter lays out a brief on gofpdf pages.
type pdfWriter struct {
	ctx      context.Context
	pdf      *gofpdf.Fpdf
	b        *brief
	fs       *fontSet
	families map[*face]string
	nfb      int
	y        float64
	done     int
	toc      []*tocEntry
	tocPages []int

	// The font last set, to skip setting it again. gofpdf sets it again
	// on every new page itself; after SetPage it is unknown (nil).
	curFace *face
	curSize float64
	curText *rgb
	curFill *rgb
}

// PDF writes the briefing as a PDF to w.
func PDF(ctx context.Context, w io.Writer, src Source, opts Options) error {
	b, err := gather(ctx, src, opts)
	if err != nil {
		return err
	}
	fs, err := newFontSet(opts.FindFont)
	if err != nil {
		return err
	}
	pw := &pdfWriter{ctx: ctx, b: b, fs: fs, families: map[*face]string{}}
	pdf, err := pw.render()
	if err != nil {
		return err
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	b.progress(b.blocks)
	return nil
}

// render lays out the whole briefing.
func (w *pdfWriter) render() (pdf *gofpdf.Fpdf, err error) {
	defer func() {
		// gofpdf panics on some inputs it cannot handle; every string is
		// guarded against the known ones, and anything else is an error,
		// never a crash of the application.
		if r := recover(); r != nil {
			pdf, err = nil, fmt.Errorf("lay out pdf: %v", r)
		}
	}()
	b := w.b
	pdf = gofpdf.New("P", "mm", "A4", "")
	w.pdf = pdf
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(b.created)
	pdf.SetModificationDate(b.created)
	pdf.SetTitle(sanitize(b.title), true)
	if b.opts.Subtitle != "" {
		pdf.SetSubject(sanitize(b.opts.Subtitle), true)
	}
	if b.opts.PreparedBy != "" {
		pdf.SetAuthor(sanitize(b.opts.PreparedBy), true)
	}
	pdf.SetCreator("Gloss", true)
	pdf.SetCellMargin(0)

	w.titlePage()
	w.reserveContents()
	w.overview()
	if err := w.sectionsPart(); err != nil {
		return nil, err
	}
	w.sources()
	w.contents()
	w.headersAndFooters()
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("lay out pdf: %w", err)
	}
	return pdf, nil
}

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
func (w *pdfWriter) lines(text string, ts tstyle, width float64) []line {
	var out []line
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		ls := breakLines(tokenize(w.fs.segments(para, ts.st)), em(width, ts.size))
		if len(ls) == 0 {
			ls = []line{{}}
		}
		out = append(out, ls...)
	}
	return out
}

// line1 lays out text on one line, ellipsized to width.
func (w *pdfWriter) line1(text string, ts tstyle, width float64) line {
	segs := w.fs.segments(text, ts.st)
	var l line
	for _, a := range tokenize(segs) {
		for _, p := range a.pieces {
			l.pieces = appendPiece(l.pieces, p)
			l.w += p.w
		}
	}
	p := w.fs.primary[ts.st]
	return ellipsize(l, em(width, ts.size), newPiece(p, "…", p.width('…')))
}

// clamp keeps at most n lines, ending the last with an ellipsis when it cuts.
func (w *pdfWriter) clamp(ls []line, n int, ts tstyle, width float64) []line {
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
	base := top + ts.lineHeight()/2 + sizeMM*0.35
	if w.curText == nil || *w.curText != ts.color {
		w.pdf.SetTextColor(ts.color.r, ts.color.g, ts.color.b)
		c := ts.color
		w.curText = &c
	}
	for _, p := range l.pieces {
		if p.face.vector != nil {
			w.drawVector(x, base, p, ts)
		} else {
			w.setFace(p.face, ts.size)
			w.pdf.Text(x, base, p.text())
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
	lh := ts.lineHeight()
	for _, l := range w.lines(text, ts, width) {
		w.ensure(lh)
		w.drawLine(x, w.y, l, ts, width, 'L')
		w.y += lh
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
	w.pdf.Rect(x, y, width, h, "F")
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

// entry records a table-of-contents entry at the cursor.
func (w *pdfWriter) entry(title string, level int, color string) {
	e := &tocEntry{title: title, level: level, color: color, page: w.pdf.PageNo(), y: w.y, link: w.pdf.AddLink()}
	w.pdf.SetLink(e.link, w.y, e.page)
	w.toc = append(w.toc, e)
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

// titlePage draws the cover: title, subtitle, who prepared it when, the
// project and the scope, and the brief's numbers at a glance.
func (w *pdfWriter) titlePage() {
	b := w.b
	w.newPage()
	w.rect(0, 0, pageW, 9, accentColor)
	// A strip in the colours of the tags in scope, in proportion to their passages.
	_, totals := b.counts()
	sum := 0
	for _, n := range totals {
		sum += n
	}
	if sum > 0 {
		x := 0.0
		for i, t := range b.tags {
			wd := pageW * float64(totals[i]) / float64(sum)
			w.rect(x, 9, wd+0.05, 1.6, hexColor(t.Color))
			x += wd
		}
	}

	y := 62.0
	label := tstyle{medium, 9.5, accentColor, 1.3}
	w.drawLine(marginLeft, y, w.line1("BRIEFING", label, contentW), label, contentW, 'L')
	y += 9
	title := tstyle{bold, 28, inkColor, 1.18}
	// An absurdly long title or subtitle is cut with an ellipsis: the cover
	// stays one page.
	for _, l := range w.clamp(w.lines(b.title, title, contentW), 4, title, contentW) {
		w.drawLine(marginLeft, y, l, title, contentW, 'L')
		y += title.lineHeight()
	}
	if b.opts.Subtitle != "" {
		y += 2
		sub := tstyle{regular, 14, mutedColor, 1.3}
		for _, l := range w.clamp(w.lines(b.opts.Subtitle, sub, contentW), 3, sub, contentW) {
			w.drawLine(marginLeft, y, l, sub, contentW, 'L')
			y += sub.lineHeight()
		}
	}
	y += 7
	w.rect(marginLeft, y, 28, 1.2, accentColor)
	y += 10

	labelW := 32.0
	field := func(name, value string) {
		lab := tstyle{medium, 8, mutedColor, 1.55}
		val := tstyle{regular, 10.5, inkColor, 1.45}
		w.drawLine(marginLeft, y+0.6, w.line1(strings.ToUpper(name), lab, labelW), lab, labelW, 'L')
		for _, l := range w.clamp(w.lines(value, val, contentW-labelW), 4, val, contentW-labelW) {
			w.drawLine(marginLeft+labelW, y, l, val, contentW-labelW, 'L')
			y += val.lineHeight()
		}
		y += 1.8
	}
	if b.opts.PreparedBy != "" {
		field("Prepared by", b.opts.PreparedBy)
	}
	field("Date", b.created.Format("2 January 2006"))
	if b.opts.Project != "" {
		field("Project", b.opts.Project)
	}
	for _, s := range b.scope {
		field(s.label, s.value)
	}

	// Key figures.
	y = math.Max(y+8, 222)
	figures := []struct {
		n     int
		label string
	}{{len(b.passages), "passages"}, {len(b.docs), "documents"}, {len(b.tags), "tags"}}
	boxW := (contentW - 2*5) / 3
	for i, f := range figures {
		x := marginLeft + float64(i)*(boxW+5)
		w.rect(x, y, boxW, 24, rgb{0xf3, 0xf5, 0xf8})
		w.rect(x, y, 1.2, 24, accentColor)
		num := tstyle{bold, 22, accentColor, 1.2}
		w.drawLine(x+6, y+3, w.line1(fmt.Sprint(f.n), num, boxW-8), num, boxW-8, 'L')
		cap := tstyle{medium, 8.5, mutedColor, 1.3}
		w.drawLine(x+6, y+14.5, w.line1(f.label, cap, boxW-8), cap, boxW-8, 'L')
	}
	if len(b.passages) == 0 {
		note := tstyle{italic, 10, mutedColor, 1.4}
		w.drawLine(marginLeft, y+30, w.line1("No passages match the scope of this briefing.", note, contentW), note, contentW, 'L')
	}
	foot := tstyle{regular, 8, mutedColor, 1.4}
	w.rule(marginLeft, pageH-31, contentW, faintColor, 0.25)
	for i, l := range w.lines("Quotations are verbatim from the sources listed at the end of this briefing; notes are the researchers’ own.", foot, contentW) {
		w.drawLine(marginLeft, pageH-28+float64(i)*foot.lineHeight(), l, foot, contentW, 'L')
	}
}

// tocLine is the height of a table-of-contents line, tocHead the space its
// heading takes.
const (
	tocLine = 7.5
	tocHead = 16.0
)

// reserveContents leaves pages for the table of contents, which is drawn
// last when every section's page is known. Its length is known now: the
// overview, a line per section and the sources.
func (w *pdfWriter) reserveContents() {
	n := 2 // overview, sources
	if len(w.b.sections) > 0 {
		n += 1 + len(w.b.sections)
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
			x += 6
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

// headersAndFooters draws every page's running header (the brief's title)
// and footer (Page N of M) once the page count is known. The cover has
// neither.
func (w *pdfWriter) headersAndFooters() {
	n := w.pdf.PageCount()
	hs := tstyle{regular, 8, mutedColor, 1.3}
	for p := 2; p <= n; p++ {
		w.setPage(p)
		half := contentW*0.62 - 2
		w.drawLine(marginLeft, 11, w.line1(w.b.title, hs, half), hs, half, 'L')
		right := w.b.created.Format("2 January 2006")
		if w.b.opts.Project != "" {
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

// sectionsPart draws a section per tag or document.
func (w *pdfWriter) sectionsPart() error {
	b := w.b
	if len(b.sections) == 0 {
		return nil
	}
	part := "Passages by tag"
	if b.groupBy == GroupByDocument {
		part = "Passages by document"
	}
	w.heading1(part)
	for i, s := range b.sections {
		if i > 0 {
			w.y += 8
		}
		first := w.layoutPassage(s, s.passages[0])
		w.sectionHeading(s, first.start)
		for i, p := range s.passages {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			if i == 0 {
				w.drawPassage(first)
			} else {
				w.passage(s, p)
			}
			w.done++
			b.progress(w.done)
		}
	}
	return nil
}

// sectionHeading draws a section's title with its colour, its numbers and
// its description, kept on one page with keep millimetres of what follows
// (the start of its first passage).
func (w *pdfWriter) sectionHeading(s *section, keep float64) {
	hs := tstyle{bold, 14, inkColor, 1.3}
	swatch := 4.2
	titleW := contentW - swatch - 3
	tl := w.lines(s.title, hs, titleW)
	var meta string
	if s.doc != nil {
		meta = w.b.docMeta(s.doc)
	} else {
		meta = plural(len(s.passages), "passage") + " from " + plural(s.documents, "document")
	}
	var desc []line
	if s.description != "" {
		desc = w.lines(s.description, descStyle, contentW)
	}
	h := float64(len(tl))*hs.lineHeight() + 2 + sourceStyle.lineHeight() + 3 + float64(len(desc))*descStyle.lineHeight()
	w.ensure(math.Min(h+3+keep, bottom-marginTop))
	swatchColor := ""
	if s.tag != nil {
		swatchColor = s.color
	}
	w.entry(s.title, 1, swatchColor)
	for i, l := range tl {
		if i == 0 {
			w.rect(marginLeft, w.y+(hs.lineHeight()-swatch)/2, swatch, swatch, hexColor(s.color))
		}
		w.drawLine(marginLeft+swatch+3, w.y, l, hs, titleW, 'L')
		w.y += hs.lineHeight()
	}
	w.y += 0.5
	w.flow(marginLeft+swatch+3, titleW, meta, sourceStyle)
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

// docMeta is a document's outlet, author and date on one line.
func (b *brief) docMeta(d *annotate.Document) string {
	var parts []string
	for _, s := range []string{d.Outlet, d.Byline, formatPublished(d.Published)} {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	n := fmt.Sprintf("source [%d]", b.docNum[d.ID])
	if len(parts) == 0 {
		return n
	}
	return strings.Join(parts, " · ") + " · " + n
}

// Quote block geometry.
const (
	barW     = 1.5
	quotePad = 3.2
	quoteIn  = barW + 4.5 // text indent from the block's left edge
)

// passage draws one passage: the quote in a tinted block with a bar in its
// tag's colour, then its source, note and other tags. A block that fits on
// a page is never split; a longer one continues on the next pages.
// passageBox is a passage laid out, ready to draw.
type passageBox struct {
	color      rgb
	ql, sl, nl []line // quote, source, note
	others     []*annotate.Tag
	total      float64 // height, all on one page
	start      float64 // the least height it starts with on a page
}

// passage lays out and draws one passage.
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

// sources draws the appendix of every cited document.
func (w *pdfWriter) sources() {
	b := w.b
	w.heading1("Sources")
	if len(b.docs) == 0 {
		w.flow(marginLeft, contentW, "No documents are cited.", bodyStyle)
		return
	}
	numW := 11.0
	textW := contentW - numW
	titleStyle := tstyle{bold, 10.5, inkColor, 1.35}
	metaStyle := tstyle{regular, 9, inkColor, 1.4}
	urlStyle := tstyle{regular, 8.5, linkColor, 1.4}
	cited := map[string]int{}
	for _, p := range b.passages {
		cited[p.DocumentID]++
	}
	for i, d := range b.docs {
		tl := w.lines(d.Title, titleStyle, textW)
		var meta []string
		if d.Outlet != "" {
			meta = append(meta, d.Outlet)
		}
		if d.Byline != "" {
			meta = append(meta, d.Byline)
		}
		if d.Published != "" {
			meta = append(meta, formatPublished(d.Published))
		}
		var ml, ul []line
		if len(meta) > 0 {
			ml = w.lines(strings.Join(meta, " · "), metaStyle, textW)
		}
		if d.URL != "" {
			ul = w.lines(d.URL, urlStyle, textW)
		}
		cl := w.lines(plural(cited[d.ID], "passage")+" cited", sourceStyle, textW)
		h := float64(len(tl))*titleStyle.lineHeight() + float64(len(ml))*metaStyle.lineHeight() +
			float64(len(ul))*urlStyle.lineHeight() + float64(len(cl))*sourceStyle.lineHeight()
		if h <= bottom-marginTop {
			w.ensure(h)
		}
		// The number in the title's size, so that they share a baseline.
		numStyle := tstyle{medium, titleStyle.size, accentColor, titleStyle.lead}
		w.drawLine(marginLeft, w.y, w.line1(fmt.Sprintf("[%d]", i+1), numStyle, numW), numStyle, numW, 'L')
		x := marginLeft + numW
		draw := func(ls []line, ts tstyle, url string) {
			for _, l := range ls {
				w.ensure(ts.lineHeight())
				w.drawLine(x, w.y, l, ts, textW, 'L')
				if url != "" {
					w.pdf.LinkString(x, w.y, mm(l.w, ts.size), ts.lineHeight(), sanitize(url))
				}
				w.y += ts.lineHeight()
			}
		}
		draw(tl, titleStyle, "")
		draw(ml, metaStyle, "")
		draw(ul, urlStyle, d.URL)
		draw(cl, sourceStyle, "")
		w.y += 5
	}
}
