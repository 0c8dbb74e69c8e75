package pdfium

import (
	"context"
	"image"
)

// Render draws the pages of the PDF in data, from first up to (not
// including) last (both from 0; last < 0 means to the end), at dpi dots
// per inch, and returns them with the document's page count. ctx is
// checked between pages, so that a newer request can cancel an older one.
func (r *Runtime) Render(ctx context.Context, data []byte, dpi, first, last int) (pages []*image.RGBA, count int, err error) {
	err = r.Open(ctx, data, func(d *Document) error {
		count = d.Pages
		if last < 0 || last > count {
			last = count
		}
		for p := max(first, 0); p < last; p++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			img, err := d.Draw(p, dpi)
			if err != nil {
				return err
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
