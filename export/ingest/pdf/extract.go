package pdf

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/text/unicode/norm"
)

// Reasons a PDF cannot be read. Each is a sentence without the file's
// name, which the caller adds.
var (
	ErrEncrypted = errors.New("the PDF is protected with a password; open it in a PDF reader and save an unprotected copy, then import that")
	ErrScanned   = errors.New("the PDF has no text layer (its pages are images, as in a scan); run it through OCR first, then import the result")
	ErrDamaged   = errors.New("the PDF is damaged (its structure cannot be read); open it in a PDF reader and save a new copy, then import that")
)

// Text is a PDF's text in reading order, with its metadata and what the
// extraction removed.
type Text struct {
	Text   string
	Title  string // from the document information or XMP
	Author string
	Date   string // as the PDF writes it; see Date in ingest

	Pages      int
	Paragraphs int
	Removed    []string // what was dropped: running headers, page numbers...

	refs []ref // the source of each rune of Text
}

// Progress hears, after each page, how many of the document's pages are
// read.
type Progress func(done, total int)

// Extract reads the text of the PDF in data. Encrypted, damaged and
// image-only PDFs are refused with ErrEncrypted, ErrDamaged and
// ErrScanned; ctx cancels between pages.
func (e *Engine) Extract(ctx context.Context, data []byte, progress Progress) (*Text, error) {
	inst, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer e.mu.Unlock()
	doc, err := open(inst, data)
	if err != nil {
		return nil, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc})

	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return nil, ErrDamaged
	}
	n := count.PageCount
	if n == 0 {
		return nil, ErrDamaged
	}
	pages := make([][]*line, n)
	block := 0
	for p := 0; p < n; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gs, err := pageGlyphs(inst, doc, p)
		if err != nil {
			return nil, err
		}
		pages[p] = readingOrder(p, fragments(p, gs), &block)
		if progress != nil {
			progress(p+1, n)
		}
	}
	t := &Text{Pages: n}
	drop, removed := furniture(pages)
	var ls []*line
	for _, pl := range pages {
		for _, l := range pl {
			if !drop[l] {
				ls = append(ls, l)
			}
		}
	}
	if len(ls) == 0 {
		return nil, ErrScanned
	}
	ps, joined := paragraphs(ls)
	t.Removed = removed
	if joined > 0 {
		t.Removed = append(t.Removed, plural(joined, "hyphenated line break")+" joined")
	}
	t.build(ps)
	if strings.TrimSpace(t.Text) == "" {
		return nil, ErrScanned
	}
	t.Title, t.Author, t.Date = metadata(inst, doc, data)
	return t, nil
}

// open opens data in PDFium, telling encrypted and damaged files apart.
func open(inst pdfium.Pdfium, data []byte) (references.FPDF_DOCUMENT, error) {
	res, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	switch {
	case err == nil:
		return res.Document, nil
	case errors.Is(err, pdferrors.ErrPassword), errors.Is(err, pdferrors.ErrSecurity):
		return "", ErrEncrypted
	case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile), errors.Is(err, pdferrors.ErrUnknown):
		return "", ErrDamaged
	}
	return "", fmt.Errorf("the PDF could not be read: %w", err)
}

// pageGlyphs returns the characters of one page with their boxes and font
// sizes.
func pageGlyphs(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, page int) ([]glyph, error) {
	res, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page:                   requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: page}},
		Mode:                   requests.GetPageTextStructuredModeChars,
		CollectFontInformation: true,
	})
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", page+1, ErrDamaged)
	}
	gs := make([]glyph, 0, len(res.Chars))
	for i, c := range res.Chars {
		r, _ := utf8.DecodeRuneInString(c.Text)
		if c.Text == "" {
			r = 0
		}
		g := glyph{r: r, idx: i, l: c.PointPosition.Left, b: c.PointPosition.Bottom, x: c.PointPosition.Right, t: c.PointPosition.Top}
		if c.FontInformation != nil {
			g.size = c.FontInformation.Size
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// build sets the text from paragraphs, separated by blank lines, in the
// form ingest.Normalize keeps unchanged (composed, no control
// characters, no trailing spaces).
func (t *Text) build(ps []*paragraph) {
	var b strings.Builder
	var refs []ref
	n := 0
	for _, p := range ps {
		clean(&p.run)
		if len(p.text) == 0 {
			continue
		}
		if n > 0 {
			b.WriteString("\n\n")
			refs = append(refs, ref{p.src[0].page, -1}, ref{p.src[0].page, -1})
		}
		n++
		text, src := composed(p.text, p.src)
		b.WriteString(string(text))
		refs = append(refs, src...)
	}
	t.Text, t.refs, t.Paragraphs = b.String(), refs, n
}

// composed returns text in Unicode Normalization Form C, keeping the
// sources: the runes a segment composes to take its first rune's source.
func composed(text []rune, src []ref) ([]rune, []ref) {
	s := string(text)
	if norm.NFC.IsNormalString(s) {
		return text, src
	}
	var out []rune
	var outSrc []ref
	buf := []byte(s)
	pos := 0 // index in text of buf's first rune
	for len(buf) > 0 {
		n := norm.NFC.NextBoundary(buf, true)
		if n <= 0 {
			n = len(buf)
		}
		for _, r := range string(norm.NFC.Bytes(buf[:n])) {
			out = append(out, r)
			outSrc = append(outSrc, src[pos])
		}
		pos += utf8.RuneCount(buf[:n])
		buf = buf[n:]
	}
	return out, outSrc
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + one + "s"
}
