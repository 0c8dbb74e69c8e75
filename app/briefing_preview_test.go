package app

import (
	"context"
	"image"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// a4Pages draws every PDF as two A4 pages at the resolution asked for, and
// keeps the resolutions it was asked for.
type a4Pages struct{ dpis []int }

func (f *a4Pages) Render(_ context.Context, _ []byte, dpi, first, last int) ([]*image.RGBA, int, error) {
	f.dpis = append(f.dpis, dpi)
	w, h := int(210/25.4*float64(dpi)), int(297/25.4*float64(dpi))
	var out []*image.RGBA
	for i := first; i < 2 && (last < 0 || i < last); i++ {
		out = append(out, image.NewRGBA(image.Rect(0, 0, w, h)))
	}
	return out, 2, nil
}

// TestBriefingPreviewZooms shows the preview's pages at the pane's width,
// then at 100 % and 50 % of a page's real size: each zoom sizes the pages,
// a zoom or a wider pane that would blur them draws them again at a
// higher resolution, and one that shrinks them does not.
func TestBriefingPreviewZooms(t *testing.T) {
	test.NewTempApp(t)
	pages := &a4Pages{}
	write := func(context.Context, *annotate.Briefing) ([]byte, error) { return []byte("%PDF"), nil }
	p := newBriefingPreview(write, pages)
	timers := manualPreview(p)
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(500, 800))
	p.show(&annotate.Briefing{Name: "Geneva"})
	fireLast(timers)
	if p.pageCount() != 2 || len(pages.dpis) != 1 {
		t.Fatalf("%d pages shown after %d drawings", p.pageCount(), len(pages.dpis))
	}
	width := func() float32 { return p.pages.Objects[0].Size().Width }
	fit := p.scroll.Size().Width
	if got := width(); got > fit || got < fit-80 {
		t.Errorf("fitting the width, a page is %v wide in a pane %v wide", got, fit)
	}
	if pages.dpis[0] != previewDPI {
		t.Errorf("a page %v wide is drawn at %d dpi; want %d", width(), pages.dpis[0], previewDPI)
	}

	p.zoom.SetSelected("100%")
	if got := width(); math.Abs(float64(got-a4Width)) > 1 {
		t.Errorf("at 100%% a page is %v wide; want A4's %v", got, a4Width)
	}
	if len(*timers) != 2 {
		t.Fatalf("zooming in to 100%% scheduled %d drawings; want one more", len(*timers)-1)
	}
	fireLast(timers)
	if got := pages.dpis[len(pages.dpis)-1]; got != 96 {
		t.Errorf("at 100%% the pages are drawn at %d dpi; want 96", got)
	}
	if img := p.pages.Objects[0].Size(); img.Height < img.Width {
		t.Errorf("a page is %v: not a portrait page", img)
	}

	p.zoom.SetSelected("50%")
	if got := width(); math.Abs(float64(got-a4Width/2)) > 1 {
		t.Errorf("at 50%% a page is %v wide; want %v", got, a4Width/2)
	}
	if len(*timers) != 2 {
		t.Error("zooming out drew the pages again")
	}

	p.zoom.SetSelected(zoomFit)
	w.Resize(fyne.NewSize(1400, 800))
	if len(*timers) != 3 {
		t.Fatalf("a pane wide enough to blur the pages scheduled %d drawings; want a third", len(*timers))
	}
	fireLast(timers)
	if got := pages.dpis[len(pages.dpis)-1]; got <= 96 {
		t.Errorf("fitting a 1400-wide pane the pages are drawn at %d dpi", got)
	}
}

// TestBriefingPreviewBoundsItsMemory zooms a long briefing's preview to
// 200 %: its pages are drawn no sharper than keeps them within
// previewPixels, and never below previewDPI.
func TestBriefingPreviewBoundsItsMemory(t *testing.T) {
	test.NewTempApp(t)
	p := newBriefingPreview(nil, nil)
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(800, 800))
	if got := p.drawDPI(2 * a4Width); got != 192 {
		t.Errorf("an empty preview at 200%% draws at %d dpi; want 192", got)
	}
	for i := 0; i < 60; i++ {
		p.pages.Objects = append(p.pages.Objects, canvas.NewRectangle(nil))
	}
	dpi := p.drawDPI(2 * a4Width)
	if px := 60 * (210 / 25.4 * float64(dpi)) * (297 / 25.4 * float64(dpi)); dpi < previewDPI || dpi > 192 || px > previewPixels*1.01 && dpi > previewDPI {
		t.Errorf("60 pages at 200%% are drawn at %d dpi: %.0f pixels", dpi, px)
	}
}

// manyPages draws every PDF as n small pages, from first to last (all
// with -1), and keeps how many it drew.
type manyPages struct{ n, drawn int }

func (f *manyPages) Render(_ context.Context, _ []byte, _, first, last int) ([]*image.RGBA, int, error) {
	if last < 0 || last > f.n {
		last = f.n
	}
	var out []*image.RGBA
	for i := first; i < last; i++ {
		out = append(out, image.NewRGBA(image.Rect(0, 0, 21, 30)))
	}
	f.drawn += len(out)
	return out, f.n, nil
}

// TestBriefingPreviewShowsTheStartOfALongBriefing previews a briefing of
// 1,300 pages: the first previewPages are drawn and shown, and the status
// says how many there are.
func TestBriefingPreviewShowsTheStartOfALongBriefing(t *testing.T) {
	test.NewTempApp(t)
	pages := &manyPages{n: 1300}
	write := func(context.Context, *annotate.Briefing) ([]byte, error) { return []byte("%PDF"), nil }
	p := newBriefingPreview(write, pages)
	timers := manualPreview(p)
	test.NewTempWindow(t, p).Resize(fyne.NewSize(500, 800))
	p.show(&annotate.Briefing{Name: "Annex"})
	fireLast(timers)
	if p.pageCount() != previewPages || pages.drawn != previewPages {
		t.Errorf("%d pages shown, %d drawn; want the first %d", p.pageCount(), pages.drawn, previewPages)
	}
	if want := "1,300 pages · the first 60 shown"; !strings.HasPrefix(p.status.Text, want) {
		t.Errorf("the status says %q; want it to start %q", p.status.Text, want)
	}
}
