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

// Render draws a page (from 0) of the PDF in data at dpi dots per inch,
// with the characters of the spans that fall on it highlighted with
// PDFium's character boxes.
func (e *Engine) Render(ctx context.Context, data []byte, page, dpi int, spans []Span) (*Rendering, error) {
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
	if page < 0 || page >= count.PageCount {
		return nil, fmt.Errorf("the PDF has no page %d (it has %d)", page+1, count.PageCount)
	}
	ref := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: page}}
	res, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: ref, DPI: dpi})
	if err != nil {
		return nil, fmt.Errorf("page %d could not be drawn: %w", page+1, err)
	}
	src, ok := res.Result.RenderedImage.(*image.RGBA)
	if !ok {
		if res.CleanupFunc != nil {
			res.CleanupFunc()
		}
		return nil, fmt.Errorf("page %d could not be drawn (PDFium gave an image of type %T)", page+1, res.Result.RenderedImage)
	}
	img := image.NewRGBA(src.Bounds())
	copy(img.Pix, src.Pix) // the pixels live in PDFium's memory until cleanup
	w, h := res.Result.Width, res.Result.Height
	if res.CleanupFunc != nil {
		res.CleanupFunc()
	}
	out := &Rendering{Image: img, Page: page, Pages: count.PageCount}
	var mine []Span
	for _, s := range spans {
		if s.Page == page && s.End > s.Start {
			mine = append(mine, s)
		}
	}
	if len(mine) == 0 {
		return out, nil
	}
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return out, nil // the page is shown, without highlights
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	device := func(x, y float64) image.Point {
		d, err := inst.FPDF_PageToDevice(&requests.FPDF_PageToDevice{Page: ref, SizeX: w, SizeY: h, Rotate: enums.FPDF_PAGE_ROTATION_NONE, PageX: x, PageY: y})
		if err != nil {
			return image.Point{}
		}
		return image.Pt(d.DeviceX, d.DeviceY)
	}
	paint := image.NewUniform(Highlight)
	for _, s := range mine {
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
			out.Highlights = append(out.Highlights, rect)
		}
	}
	return out, nil
}
