package export

// The briefing as a PDF: the writer and the order of its parts. The drawing
// primitives are in pdf_draw.go (rich text in pdf_rich.go, charts through
// pdf_canvas.go, glyphs drawn as outlines in glyphs.go) and the styles in
// pdf_style.go; each part of the briefing has a file of its own:
// pdf_cover.go (with the summary and pdf_method.go's method box),
// pdf_contents.go, pdf_overview.go (the charts), pdf_sections.go (findings
// and annex, their quotes in pdf_passage.go), pdf_sources.go, and
// pdf_pages.go for the running heads and page numbers.

import (
	"context"
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
)

// pdfWriter lays out a brief on gofpdf pages.
type pdfWriter struct {
	*layouter // for the parts laid out as they are drawn
	ctx       context.Context
	pdf       *gofpdf.Fpdf
	b         *brief
	families  map[*face]string
	nfb       int
	y         float64
	done      int
	toc       []*tocEntry
	tocPages  []int

	// The font last set, to skip setting it again. gofpdf sets it again
	// on every new page itself; after SetPage it is unknown (nil).
	curFace *face
	curSize float64
	curText *rgb // gofpdf's text colour (see syncTextColor)
	// textColor is the colour of the text drawn now.
	textColor rgb
	curFill   *rgb
	pen       directPen
}

// layouter lays out text in the briefing's fonts: lines, rich text and
// quotations, without drawing. Each goroutine that lays out has its own,
// for its scratch space.
type layouter struct {
	b  *brief
	fs *fontSet

	// Scratch for laying out lines.
	atoms  []atom
	pieces []piece
	segs   []seg

	// Lines laid out once and drawn again and again, which are never
	// changed: each document's source line, and labels and code names.
	sources map[string][]line
	labels  map[labelKey]line
}

// labelKey is what a label is laid out from.
type labelKey struct {
	text  string
	ts    tstyle
	width float64
}

// line1Once is line1 for a label drawn again and again (a code's name, a
// coder's): laid out once. Laying out the same text again gives the same
// line, the fonts for its characters having been found the first time.
func (w *layouter) line1Once(text string, ts tstyle, width float64) line {
	k := labelKey{text, ts, width}
	if l, ok := w.labels[k]; ok {
		return l
	}
	l := w.line1(text, ts, width)
	if w.labels == nil {
		w.labels = map[labelKey]line{}
	}
	w.labels[k] = l
	return l
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
	pw := &pdfWriter{layouter: &layouter{b: b, fs: fs}, ctx: ctx, b: b, families: map[*face]string{}}
	pdf, err := pw.render()
	if err != nil {
		return err
	}
	if err := writePDF(pdf, w); err != nil {
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
	if b.subtitle != "" {
		pdf.SetSubject(sanitize(b.subtitle), true)
	}
	if b.preparedBy != "" {
		pdf.SetAuthor(sanitize(b.preparedBy), true)
	}
	pdf.SetCreator("Gloss", true)
	pdf.SetCellMargin(0)

	w.cover()
	if b.needsContents() {
		w.reserveContents()
	}
	w.overview()
	if err := w.findingsPart(); err != nil {
		return nil, err
	}
	if err := w.annexPart(); err != nil {
		return nil, err
	}
	w.sources()
	if len(w.tocPages) > 0 {
		w.contents()
	}
	w.headersAndFooters()
	directWrites.Add(w.pen.writes)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("lay out pdf: %w", err)
	}
	return pdf, nil
}
