package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export"
)

// previewDelay is how long edits must pause before the preview is drawn
// again: short enough that the pages follow within a second, long enough
// that typing a word draws them once.
const previewDelay = 250 * time.Millisecond

// previewDPI is the resolution the preview's pages are drawn at: sharp
// at the width the window gives them, cheap enough to draw a dozen pages
// well within a second.
const previewDPI = 80

// previewBackground is the grey the pages lie on.
var previewBackground = color.NRGBA{R: 0x6b, G: 0x70, B: 0x78, A: 0xff}

// previewFirst is how many pages are drawn and shown before the rest, so
// that the top of the briefing is up to date first.
const previewFirst = 2

// a4Width is an A4 page's width on screen at 100 %: 210 mm at 96 units to
// the inch, Fyne's own size of a unit.
const a4Width = 210 / 25.4 * 96

// zoomFit is the zoom that fits a page's width to the pane.
const zoomFit = "Fit width"

// zoomLevels are the preview's zooms: the pane's width, or a share of a
// page's real size.
var zoomLevels = []struct {
	label string
	scale float32 // of a4Width; 0 fits the width
}{{zoomFit, 0}, {"50%", 0.5}, {"75%", 0.75}, {"100%", 1}, {"150%", 1.5}, {"200%", 2}}

// pageRenderer draws PDF pages; *pdfium.Runtime is one.
type pageRenderer interface {
	Render(ctx context.Context, data []byte, dpi, first, last int) ([]*image.RGBA, int, error)
}

// briefingPDF writes a briefing's PDF into memory.
type briefingPDF func(ctx context.Context, b *annotate.Briefing) ([]byte, error)

// exportBriefing writes briefings of the project src as PDF, as File ▸
// Export would.
func exportBriefing(src export.Source, project string) briefingPDF {
	return func(ctx context.Context, b *annotate.Briefing) ([]byte, error) {
		var buf bytes.Buffer
		if err := export.PDF(ctx, &buf, src, export.Options{Briefing: b, Project: project}); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}

// briefingPreview shows a briefing's PDF pages as they will print, drawn
// by PDFium, and follows its edits: show schedules a new drawing once
// edits pause for previewDelay; the drawing runs off the UI goroutine, a
// newer edit cancels one under way, and a drawing that finishes after a
// newer one was asked for is dropped. Typing never waits for it.
type briefingPreview struct {
	widget.BaseWidget

	// OnDrawn, when set (tests, benchmarks), hears when a drawing has been
	// shown, with its page count or its error.
	OnDrawn func(pages int, err error)

	write  briefingPDF
	render pageRenderer

	status *widget.Label
	zoom   *widget.Select
	layout *pagesLayout
	pages  *fyne.Container
	scroll *container.Scroll
	root   fyne.CanvasObject

	// last is the briefing drawn last, drawn again when the zoom asks for
	// sharper pages; drawnWidth is the page width its pages were drawn for.
	last       *annotate.Briefing
	drawnWidth float32

	mu     sync.Mutex
	gen    int // bumped by every show: a drawing of an older one is stale
	timer  interface{ Stop() bool }
	cancel context.CancelFunc
	// afterFunc schedules the drawing; tests replace it to fire at will.
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
}

func newBriefingPreview(write briefingPDF, render pageRenderer) *briefingPreview {
	p := &briefingPreview{write: write, render: render}
	p.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	p.status = widget.NewLabel("")
	p.status.SizeName = theme.SizeNameCaptionText
	p.status.Truncation = fyne.TextTruncateEllipsis
	p.layout = &pagesLayout{gap: 2 * theme.Padding()}
	p.pages = container.New(p.layout)
	p.scroll = container.NewScroll(p.pages)
	var labels []string
	for _, z := range zoomLevels {
		labels = append(labels, z.label)
	}
	p.zoom = widget.NewSelect(labels, p.setZoom)
	p.zoom.SetSelected(zoomFit)
	bg := canvas.NewRectangle(previewBackground) // white pages stand out in either theme
	p.root = container.NewBorder(nil, container.NewBorder(nil, nil, nil, p.zoom, p.status), nil, nil, container.NewStack(bg, p.scroll))
	p.ExtendBaseWidget(p)
	return p
}

// setZoom shows the pages at the zoom labelled label, drawing them again
// when they are to be larger than they were drawn for.
func (p *briefingPreview) setZoom(label string) {
	for _, z := range zoomLevels {
		if z.label == label {
			p.layout.scale = z.scale
		}
	}
	p.pages.Refresh()
	p.scroll.Refresh()
	p.sharpen()
}

// pageWidth is the width a page is shown at in the pane as it is now.
func (p *briefingPreview) pageWidth() float32 {
	return p.layout.pageWidth(p.scroll.Size().Width)
}

// previewPixels bounds the pixels of all the pages drawn, about 200 MB
// of images: a long briefing is drawn at a lower resolution than a zoom
// would ask for rather than at any memory cost.
const previewPixels = 50_000_000

// drawDPI is the resolution that draws a page of width w sharp on this
// screen: never below previewDPI, and not above what keeps the pages of
// the last drawing within previewPixels.
func (p *briefingPreview) drawDPI(w float32) int {
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
		scale = c.Scale()
	}
	dpi := int(w*scale/(210/25.4) + 0.5)
	// An A4 page at d dpi has 8.27 × 11.69 × d² pixels.
	pages := max(p.pageCount(), 1)
	most := int(math.Sqrt(previewPixels / float64(pages) / (210 / 25.4 * 297 / 25.4)))
	return max(min(dpi, most), previewDPI)
}

// sharpen draws the last briefing again when its pages are shown more than
// a tenth larger than they were drawn for (a zoom, a wider pane); they are
// scaled meanwhile.
func (p *briefingPreview) sharpen() {
	if p.last == nil || p.drawnWidth <= 0 {
		return
	}
	if w, drawn := p.pageWidth(), p.drawDPI(p.drawnWidth); p.drawDPI(w) > drawn+drawn/10 {
		p.show(p.last)
	}
}

// Resize lays the preview out at size, and draws the pages again when
// the pane grew wide enough to blur them.
func (p *briefingPreview) Resize(size fyne.Size) {
	p.layout.fitTo = size.Width // the pages' column is as wide as the pane
	p.BaseWidget.Resize(size)
	p.sharpen()
}

// show draws b once edits pause; nil clears the preview.
func (p *briefingPreview) show(b *annotate.Briefing) {
	p.mu.Lock()
	p.gen++
	gen := p.gen
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.cancel != nil {
		p.cancel() // a drawing under way is of an older state
		p.cancel = nil
	}
	if b == nil {
		p.last, p.drawnWidth = nil, 0
		p.mu.Unlock()
		p.pages.Objects = nil
		p.pages.Refresh()
		p.status.SetText("")
		return
	}
	b = copyBriefing(b)
	p.last = b
	width := p.pageWidth()
	dpi := p.drawDPI(width)
	p.timer = p.afterFunc(previewDelay, func() { p.draw(gen, b, dpi, width) })
	p.mu.Unlock()
	if len(p.pages.Objects) == 0 {
		p.status.SetText("Drawing the pages…")
	}
}

// stop cancels the drawing under way and any scheduled, as the window
// closes.
func (p *briefingPreview) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gen++
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
}

// draw writes and renders the briefing off the UI goroutine at dpi, for
// pages width wide: the first pages, then the rest, each shown through
// fyne.Do unless stale.
func (p *briefingPreview) draw(gen int, b *annotate.Briefing, dpi int, width float32) {
	p.mu.Lock()
	if gen != p.gen {
		p.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.mu.Unlock()
	defer cancel()

	start := time.Now()
	data, err := p.write(ctx, b)
	if err != nil {
		p.deliver(gen, nil, 0, 0, err, start, width)
		return
	}
	first, count, err := p.render.Render(ctx, data, dpi, 0, previewFirst)
	if err != nil || count <= previewFirst {
		p.deliver(gen, first, 0, count, err, start, width)
		return
	}
	p.deliver(gen, first, 0, count, nil, time.Time{}, width)
	rest, _, err := p.render.Render(ctx, data, dpi, previewFirst, min(count, previewPages))
	p.deliver(gen, rest, previewFirst, count, err, start, width)
}

// previewPages is how many pages the preview draws: the briefing a
// decision maker reads, and the start of a long annex, whose pages would
// otherwise hold gigabytes of images (a 10,000-passage annex runs to some
// 1,300 pages); the export has them all.
const previewPages = 60

// deliver shows pages drawn from index from of count on the UI goroutine,
// unless a newer edit has been asked for meanwhile. A zero start means
// more pages are coming; width is the page width they were drawn for.
func (p *briefingPreview) deliver(gen int, pages []*image.RGBA, from, count int, err error, start time.Time, width float32) {
	if err != nil && ctxErr(err) {
		return // cancelled by a newer edit
	}
	took := time.Since(start)
	fyne.Do(func() {
		p.mu.Lock()
		stale := gen != p.gen
		p.mu.Unlock()
		if stale {
			return
		}
		if err != nil {
			p.status.SetText("The preview could not be drawn: " + err.Error())
			if p.OnDrawn != nil {
				p.OnDrawn(0, err)
			}
			return
		}
		p.place(pages, from, min(count, previewPages))
		p.drawnWidth = width
		if start.IsZero() {
			return
		}
		if count > previewPages {
			p.status.SetText(fmt.Sprintf("%s · the first %d shown · drawn in %.1f s", plural(count, "page"), previewPages, took.Seconds()))
		} else {
			p.status.SetText(fmt.Sprintf("%s · drawn in %.1f s", plural(count, "page"), took.Seconds()))
		}
		if p.OnDrawn != nil {
			p.OnDrawn(count, nil)
		}
	})
}

// place puts pages from index from in the column of count pages, reusing
// the images already shown so that the scroll position stays.
func (p *briefingPreview) place(pages []*image.RGBA, from, count int) {
	objs := p.pages.Objects
	if len(objs) > count {
		objs = objs[:count]
	}
	for i, img := range pages {
		at := from + i
		if at < len(objs) {
			c := objs[at].(*canvas.Image)
			c.Image = img
			c.Refresh()
			continue
		}
		c := canvas.NewImageFromImage(img)
		c.FillMode = canvas.ImageFillContain
		c.ScaleMode = canvas.ImageScaleSmooth
		objs = append(objs, c)
	}
	p.pages.Objects = objs
	p.pages.Refresh()
}

// pageCount is how many pages the preview shows.
func (p *briefingPreview) pageCount() int { return len(p.pages.Objects) }

func ctxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// copyBriefing copies a briefing deeply enough that the drawing, running
// off the UI goroutine, never sees a later edit.
func copyBriefing(b *annotate.Briefing) *annotate.Briefing {
	c := *b
	c.Findings = append([]annotate.Finding(nil), b.Findings...)
	c.Quotes = append([]annotate.KeyQuote(nil), b.Quotes...)
	c.Scope.TagIDs = append([]string(nil), b.Scope.TagIDs...)
	c.Scope.DocumentIDs = append([]string(nil), b.Scope.DocumentIDs...)
	c.Scope.Coders = append([]string(nil), b.Scope.Coders...)
	return &c
}

func (p *briefingPreview) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.root)
}

// minPageWidth is the narrowest a page is shown, fitting a narrow pane.
const minPageWidth = 240

// pagesLayout stacks pages of a width, centred, each as tall as its
// image's proportions ask, with a gap between. The width is a share of a
// page's real size (scale), or, with scale 0, the pane's width.
type pagesLayout struct {
	gap   float32
	scale float32
	// fitTo is the pane width the pages last fitted (Layout), which
	// MinSize, not told the width, makes them as tall for.
	fitTo float32
}

// pageWidth is the width of a page in a pane avail wide.
func (l *pagesLayout) pageWidth(avail float32) float32 {
	if l.scale > 0 {
		return a4Width * l.scale
	}
	return max(minPageWidth, avail-2*l.gap-theme.ScrollBarSize())
}

func (l *pagesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if l.scale == 0 {
		l.fitTo = size.Width
	}
	w := l.pageWidth(size.Width)
	x := max(l.gap, (size.Width-w)/2)
	y := l.gap
	for _, o := range objs {
		h := w * pageAspect(o)
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, h))
		y += h + l.gap
	}
}

func (l *pagesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := l.pageWidth(l.fitTo)
	h := l.gap
	for _, o := range objs {
		h += w*pageAspect(o) + l.gap
	}
	if l.scale == 0 {
		// Fitting the pane, the pages are never what makes it scroll sideways.
		return fyne.NewSize(minPageWidth+2*l.gap, h)
	}
	return fyne.NewSize(w+2*l.gap, h)
}

// pageAspect is a page's height over its width (A4's when unknown).
func pageAspect(o fyne.CanvasObject) float32 {
	if c, ok := o.(*canvas.Image); ok && c.Image != nil {
		if b := c.Image.Bounds(); b.Dx() > 0 {
			return float32(b.Dy()) / float32(b.Dx())
		}
	}
	return 297.0 / 210
}
