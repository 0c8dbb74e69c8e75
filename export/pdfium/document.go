package pdfium

import (
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// Reasons PDFium cannot open a PDF. Each is a sentence without the file's
// name, which the caller adds.
var (
	ErrEncrypted = errors.New("the PDF is protected with a password")
	ErrDamaged   = errors.New("the PDF is damaged (its structure cannot be read)")
)

// Document is a PDF open in PDFium, for the length of the call to Open's
// function.
type Document struct {
	// Inst is PDFium, which the function has to itself meanwhile.
	Inst  pdfium.Pdfium
	Doc   references.FPDF_DOCUMENT
	Pages int
}

// Open opens the PDF in data (starting PDFium if need be), runs fn with
// it while no other call uses PDFium, and closes it. A file PDFium cannot
// open is refused with ErrEncrypted or ErrDamaged; fn's error is returned
// as it is.
func (r *Runtime) Open(ctx context.Context, data []byte, fn func(d *Document) error) error {
	return r.Do(ctx, func(inst pdfium.Pdfium) error {
		res, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		switch {
		case err == nil:
		case errors.Is(err, pdferrors.ErrPassword), errors.Is(err, pdferrors.ErrSecurity):
			return ErrEncrypted
		case errors.Is(err, pdferrors.ErrFormat), errors.Is(err, pdferrors.ErrFile), errors.Is(err, pdferrors.ErrUnknown):
			return ErrDamaged
		default:
			return fmt.Errorf("the PDF could not be read: %w", err)
		}
		defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: res.Document})
		n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: res.Document})
		if err != nil {
			return ErrDamaged
		}
		return fn(&Document{Inst: inst, Doc: res.Document, Pages: n.PageCount})
	})
}

// Page returns the reference to page i (from 0) that PDFium's requests
// take.
func (d *Document) Page(i int) requests.Page {
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.Doc, Index: i}}
}

// Draw draws page i (from 0) at dpi dots per inch. The image is the
// caller's: its pixels are copied out of PDFium's memory.
func (d *Document) Draw(i, dpi int) (*image.RGBA, error) {
	res, err := d.Inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: d.Page(i), DPI: dpi})
	if err != nil {
		return nil, fmt.Errorf("page %d could not be drawn: %w", i+1, err)
	}
	if res.CleanupFunc != nil {
		defer res.CleanupFunc()
	}
	src, ok := res.Result.RenderedImage.(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("page %d could not be drawn (PDFium gave an image of type %T)", i+1, res.Result.RenderedImage)
	}
	img := image.NewRGBA(src.Bounds())
	copy(img.Pix, src.Pix) // the pixels live in PDFium's memory until cleanup
	return img, nil
}
