// Package pdf reads the text of PDF files in reading order, and draws
// their pages with a passage highlighted for the "Show original" view.
// Both run on a PDFium runtime of package pdfium, which the app shares
// with everything else that uses PDFium.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium/requests"
	"golang.org/x/text/unicode/norm"

	"gloss/export/pdfium"
)

// Reasons a PDF cannot be read. Each is a sentence without the file's
// name, which the caller adds. ErrEncrypted and ErrDamaged are
// pdfium.ErrEncrypted and pdfium.ErrDamaged with what to do about them.
var (
	ErrEncrypted = fmt.Errorf("%w; open it in a PDF reader and save an unprotected copy, then import that", pdfium.ErrEncrypted)
	ErrScanned   = errors.New("the PDF has no text layer (its pages are images, as in a scan); run it through OCR first, then import the result")
	ErrDamaged   = fmt.Errorf("%w; open it in a PDF reader and save a new copy, then import that", pdfium.ErrDamaged)
)

// open runs fn with the PDF in data open in rt, refusing a file PDFium
// cannot open with ErrEncrypted or ErrDamaged.
func open(ctx context.Context, rt *pdfium.Runtime, data []byte, fn func(d *pdfium.Document) error) error {
	err := rt.Open(ctx, data, fn)
	switch err {
	case pdfium.ErrEncrypted:
		return ErrEncrypted
	case pdfium.ErrDamaged:
		return ErrDamaged
	}
	return err
}

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

// Extract reads the text of the PDF in data with rt. Encrypted, damaged
// and image-only PDFs are refused with ErrEncrypted, ErrDamaged and
// ErrScanned; ctx cancels between pages.
func Extract(ctx context.Context, rt *pdfium.Runtime, data []byte, progress Progress) (*Text, error) {
	var t *Text
	err := open(ctx, rt, data, func(d *pdfium.Document) error {
		var err error
		t, err = readText(ctx, d, data, progress)
		return err
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// readText reads the text of the open document d, whose file is data.
func readText(ctx context.Context, d *pdfium.Document, data []byte, progress Progress) (*Text, error) {
	n := d.Pages
	if n == 0 {
		return nil, ErrDamaged
	}
	pages := make([][]*line, n)
	block := 0
	for p := 0; p < n; p++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gs, err := pageGlyphs(d, p)
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
	t.Title, t.Author, t.Date = metadata(d, data)
	return t, nil
}

// pageGlyphs returns the characters of one page with their boxes and font
// sizes.
func pageGlyphs(d *pdfium.Document, page int) ([]glyph, error) {
	res, err := d.Inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page:                   d.Page(page),
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
