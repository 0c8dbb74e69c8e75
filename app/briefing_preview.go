package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
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
	dpi    int

	status *widget.Label
	pages  *fyne.Container
	scroll *container.Scroll
	root   fyne.CanvasObject

	mu     sync.Mutex
	gen    int // bumped by every show: a drawing of an older one is stale
	timer  interface{ Stop() bool }
	cancel context.CancelFunc
	// afterFunc schedules the drawing; tests replace it to fire at will.
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
}

func newBriefingPreview(write briefingPDF, render pageRenderer) *briefingPreview {
	p := &briefingPreview{write: write, render: render, dpi: previewDPI}
	p.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	p.status = widget.NewLabel("")
	p.status.SizeName = theme.SizeNameCaptionText
	p.status.Truncation = fyne.TextTruncateEllipsis
	p.pages = container.New(&pagesLayout{gap: 2 * theme.Padding()})
	p.scroll = container.NewVScroll(p.pages)
	bg := canvas.NewRectangle(previewBackground) // white pages stand out in either theme
	p.root = container.NewBorder(nil, p.status, nil, nil, container.NewStack(bg, p.scroll))
	p.ExtendBaseWidget(p)
	return p
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
		p.mu.Unlock()
		p.pages.Objects = nil
		p.pages.Refresh()
		p.status.SetText("")
		return
	}
	b = copyBriefing(b)
	p.timer = p.afterFunc(previewDelay, func() { p.draw(gen, b) })
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

// draw writes and renders the briefing off the UI goroutine: the first
// pages, then the rest, each shown through fyne.Do unless stale.
func (p *briefingPreview) draw(gen int, b *annotate.Briefing) {
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
		p.deliver(gen, nil, 0, 0, err, start)
		return
	}
	first, count, err := p.render.Render(ctx, data, p.dpi, 0, previewFirst)
	if err != nil || count <= previewFirst {
		p.deliver(gen, first, 0, count, err, start)
		return
	}
	p.deliver(gen, first, 0, count, nil, time.Time{})
	rest, _, err := p.render.Render(ctx, data, p.dpi, previewFirst, -1)
	p.deliver(gen, rest, previewFirst, count, err, start)
}

// deliver shows pages drawn from index from of count on the UI goroutine,
// unless a newer edit has been asked for meanwhile. A zero start means
// more pages are coming.
func (p *briefingPreview) deliver(gen int, pages []*image.RGBA, from, count int, err error, start time.Time) {
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
		p.place(pages, from, count)
		if start.IsZero() {
			return
		}
		p.status.SetText(fmt.Sprintf("%s · drawn in %.1f s", plural(count, "page"), took.Seconds()))
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

// previewWidth is the width of a page in the preview.
const previewWidth = 430

// pagesLayout stacks pages of a width, centred, each as tall as its
// image's proportions ask, with a gap between.
type pagesLayout struct{ gap float32 }

func (l *pagesLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := max(l.gap, (size.Width-previewWidth)/2)
	y := l.gap
	for _, o := range objs {
		h := previewWidth * pageAspect(o)
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(previewWidth, h))
		y += h + l.gap
	}
}

func (l *pagesLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := l.gap
	for _, o := range objs {
		h += previewWidth*pageAspect(o) + l.gap
	}
	return fyne.NewSize(previewWidth+2*l.gap, h)
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
