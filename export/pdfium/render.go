package pdfium

import (
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
)

// ErrUnreadable is the error of a file PDFium cannot open as a PDF.
var ErrUnreadable = errors.New("not a PDF that can be read")

// Render draws the pages of the PDF in data, from first up to (not
// including) last (both from 0; last < 0 means to the end), at dpi dots
// per inch, and returns them with the document's page count. ctx is
// checked between pages, so that a newer request can cancel an older one.
func (r *Runtime) Render(ctx context.Context, data []byte, dpi, first, last int) (pages []*image.RGBA, count int, err error) {
	err = r.Do(ctx, func(inst pdfium.Pdfium) error {
		doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			if errors.Is(err, pdferrors.ErrPassword) || errors.Is(err, pdferrors.ErrSecurity) ||
				errors.Is(err, pdferrors.ErrFormat) || errors.Is(err, pdferrors.ErrFile) || errors.Is(err, pdferrors.ErrUnknown) {
				return ErrUnreadable
			}
			return fmt.Errorf("open the PDF: %w", err)
		}
		defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
		n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
		if err != nil {
			return ErrUnreadable
		}
		count = n.PageCount
		if last < 0 || last > count {
			last = count
		}
		for p := max(first, 0); p < last; p++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
				Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: p}},
				DPI:  dpi,
			})
			if err != nil {
				return fmt.Errorf("draw page %d: %w", p+1, err)
			}
			src, ok := res.Result.RenderedImage.(*image.RGBA)
			if !ok {
				if res.CleanupFunc != nil {
					res.CleanupFunc()
				}
				return fmt.Errorf("draw page %d: PDFium gave %T, not RGBA", p+1, res.Result.RenderedImage)
			}
			img := image.NewRGBA(src.Bounds())
			copy(img.Pix, src.Pix) // the pixels live in PDFium's memory until cleanup
			if res.CleanupFunc != nil {
				res.CleanupFunc()
			}
			pages = append(pages, img)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return pages, count, nil
}
