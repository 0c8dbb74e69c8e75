package pdf

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sort"

	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"

	"gloss/export/pdfium"
)

// Span is a run of a page's characters, by PDFium's index: [Start, End).
type Span struct {
	Page, Start, End int
}

// Locate returns the characters of the PDF that the code points
// [start, end) of t.Text came from, as runs per page in reading order.
// Spaces and paragraph breaks Gloss wrote itself have no source and are
// passed over.
func (t *Text) Locate(start, end int) []Span {
	start, end = max(start, 0), min(end, len(t.refs))
	var spans []Span
	byPage := map[int32][]int{}
	var pages []int32
	for _, r := range t.refs[start:max(start, end)] {
		if r.idx < 0 {
			continue
		}
		if _, ok := byPage[r.page]; !ok {
			pages = append(pages, r.page)
		}
		byPage[r.page] = append(byPage[r.page], int(r.idx))
	}
	for _, p := range pages {
		idx := byPage[p]
		sort.Ints(idx)
		s := Span{Page: int(p), Start: idx[0], End: idx[0] + 1}
		for _, i := range idx[1:] {
			// Characters a run skips (a space PDFium generated, a dropped
			// hyphen) are taken in, so a line is one rectangle.
			if i <= s.End+2 {
				s.End = max(s.End, i+1)
				continue
			}
			spans = append(spans, s)
			s = Span{Page: int(p), Start: i, End: i + 1}
		}
		spans = append(spans, s)
	}
	return spans
}

// Rendering is one page of a PDF drawn as an image, with the rectangles
// of highlighted characters marked on it.
type Rendering struct {
	Image      *image.RGBA
	Page       int // from 0
	Pages      int
	Highlights []image.Rectangle // in Image's pixels
}

// Highlight is the colour of highlighted characters on a rendered page.
var Highlight = color.NRGBA{R: 0xFF, G: 0xC8, B: 0x00, A: 0x70}

// Render draws a page (from 0) of the PDF in data at dpi dots per inch
// with rt, with the characters of the spans that fall on it highlighted
// with PDFium's character boxes.
func Render(ctx context.Context, rt *pdfium.Runtime, data []byte, page, dpi int, spans []Span) (*Rendering, error) {
	var out *Rendering
	err := open(ctx, rt, data, func(d *pdfium.Document) error {
		if page < 0 || page >= d.Pages {
			return fmt.Errorf("the PDF has no page %d (it has %d)", page+1, d.Pages)
		}
		img, err := d.Draw(page, dpi)
		if err != nil {
			return err
		}
		out = &Rendering{Image: img, Page: page, Pages: d.Pages}
		var mine []Span
		for _, s := range spans {
			if s.Page == page && s.End > s.Start {
				mine = append(mine, s)
			}
		}
		if len(mine) > 0 {
			out.Highlights = highlight(d, page, img, mine)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// highlight paints the characters of spans on img, page (from 0) of d,
// and returns the rectangles painted. A page whose text PDFium cannot
// read is left as it is.
func highlight(d *pdfium.Document, page int, img *image.RGBA, spans []Span) []image.Rectangle {
	inst, ref := d.Inst, d.Page(page)
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return nil
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	device := func(x, y float64) image.Point {
		p, err := inst.FPDF_PageToDevice(&requests.FPDF_PageToDevice{Page: ref, SizeX: w, SizeY: h, Rotate: enums.FPDF_PAGE_ROTATION_NONE, PageX: x, PageY: y})
		if err != nil {
			return image.Point{}
		}
		return image.Pt(p.DeviceX, p.DeviceY)
	}
	paint := image.NewUniform(Highlight)
	var painted []image.Rectangle
	for _, s := range spans {
		n, err := inst.FPDFText_CountRects(&requests.FPDFText_CountRects{TextPage: tp.TextPage, StartIndex: s.Start, Count: s.End - s.Start})
		if err != nil {
			continue
		}
		for i := 0; i < n.Count; i++ {
			r, err := inst.FPDFText_GetRect(&requests.FPDFText_GetRect{TextPage: tp.TextPage, Index: i})
			if err != nil {
				continue
			}
			rect := image.Rectangle{Min: device(r.Left, r.Top), Max: device(r.Right, r.Bottom)}.Canon()
			rect = rect.Inset(-1).Intersect(img.Bounds())
			if rect.Empty() {
				continue
			}
			draw.Draw(img, rect, paint, image.Point{}, draw.Over)
			painted = append(painted, rect)
		}
	}
	return painted
}
