package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/ingest/pdf"
	"gloss/export/pdfium"
	"gloss/storage"
)

// originalSource is what the "Show original" window reads from the
// project.
type originalSource interface {
	Original(ctx context.Context, documentID string) (*storage.Original, error)
	Document(ctx context.Context, id string) (*annotate.Document, error)
}

// originalView shows the page of a document's original PDF that a
// passage came from, with the passage's characters highlighted, and lets
// the researcher page through the file.
type originalView struct {
	win    fyne.Window
	pdfium *pdfium.Runtime
	doc    *annotate.Document
	orig   *storage.Original
	spans  []pdf.Span
	note   string // said under the page: where the passage is, or why it is not marked

	page, pages int
	dpi         int
	gen         int // which render is wanted; older ones are dropped

	img    *canvas.Image
	status *widget.Label
	prev   *widget.Button
	next   *widget.Button
	scroll *container.Scroll
}

// extractions caches the text of originals by hash, so paging through a
// long report or showing a second passage does not read it again.
var extractions = struct {
	sync.Mutex
	m     map[string]*pdf.Text
	order []string
}{m: map[string]*pdf.Text{}}

func cachedExtraction(ctx context.Context, rt *pdfium.Runtime, o *storage.Original) (*pdf.Text, error) {
	extractions.Lock()
	t := extractions.m[o.SHA256]
	extractions.Unlock()
	if t != nil {
		return t, nil
	}
	t, err := pdf.Extract(ctx, rt, o.Data, nil)
	if err != nil {
		return nil, err
	}
	extractions.Lock()
	defer extractions.Unlock()
	if len(extractions.order) >= 8 {
		delete(extractions.m, extractions.order[0])
		extractions.order = extractions.order[1:]
	}
	extractions.m[o.SHA256] = t
	extractions.order = append(extractions.order, o.SHA256)
	return t, nil
}

// showOriginalOf opens the page of the original file passage p came from,
// with the passage highlighted.
func (u *ui) showOriginalOf(p *annotate.Passage) {
	if u.proj == nil || p == nil {
		return
	}
	u.openOriginal(p.DocumentID, p)
}

// openOriginal replaces the Show Original window with one on docID.
func (u *ui) openOriginal(docID string, p *annotate.Passage) {
	u.closeOriginal()
	w := showOriginal(u.app, u.proj.db, docID, p, u.quit)
	w.SetOnClosed(func() {
		if u.origWin == w {
			u.origWin = nil
		}
	})
	u.origWin = w
}

// showOriginalOfDocument opens the original of the open document, at the
// selected passage's page or at its first; it says so when the project
// keeps no original for the document.
func (u *ui) showOriginalOfDocument() {
	if u.doc == nil {
		u.showError(errors.New("open a document first"))
		return
	}
	if _, err := u.proj.db.OriginalInfo(bg, u.doc.ID); err != nil {
		u.showError(fmt.Errorf("“%s” has no original file in the project: it was not imported from a PDF, or its PDF was left out of a copy", u.doc.Title))
		return
	}
	if p := u.passage(u.selected); p != nil {
		u.showOriginalOf(p)
		return
	}
	u.openOriginal(u.doc.ID, nil)
}

// closeOriginal closes the Show Original window, which shows a file of the
// project that was open.
func (u *ui) closeOriginal() {
	if w := u.origWin; w != nil {
		u.origWin = nil
		w.Close()
	}
}

// showOriginal opens a window on the original of document docID at the
// page passage p (nil for none) came from, and returns it. Reading the
// file happens off the UI goroutine; the window says so meanwhile. The
// platform's Quit shortcut calls quit from this window too; its Close
// shortcut and Escape close it.
func showOriginal(a fyne.App, src originalSource, docID string, p *annotate.Passage, quit func()) fyne.Window {
	v := &originalView{pdfium: pdfium.Default(), dpi: 110}
	v.win = a.NewWindow("Original")
	v.status = widget.NewLabel("Reading the original file…")
	v.status.Wrapping = fyne.TextWrapWord
	v.img = canvas.NewImageFromImage(nil)
	v.img.FillMode = canvas.ImageFillContain
	v.img.ScaleMode = canvas.ImageScaleSmooth
	v.prev = widget.NewButtonWithIcon("Previous page", theme.NavigateBackIcon(), func() { v.show(v.page - 1) })
	v.next = widget.NewButtonWithIcon("Next page", theme.NavigateNextIcon(), func() { v.show(v.page + 1) })
	zoomIn := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { v.zoom(1.25) })
	zoomOut := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { v.zoom(0.8) })
	v.prev.Disable()
	v.next.Disable()
	bar := container.NewBorder(nil, nil, container.NewHBox(v.prev, v.next), container.NewHBox(zoomOut, zoomIn), v.status)
	v.scroll = container.NewScroll(container.NewCenter(v.img))
	v.win.SetContent(container.NewBorder(bar, nil, nil, nil, v.scroll))
	v.win.Resize(fyne.NewSize(820, 900))
	v.win.Canvas().AddShortcut(shortcut(fyne.KeyQ, false), func(fyne.Shortcut) { quit() })
	v.win.Canvas().AddShortcut(shortcut(fyne.KeyW, false), func(fyne.Shortcut) { v.win.Close() })
	v.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyPageDown, fyne.KeyRight:
			v.show(v.page + 1)
		case fyne.KeyPageUp, fyne.KeyLeft:
			v.show(v.page - 1)
		case fyne.KeyEscape:
			v.win.Close()
		}
	})
	v.win.Show()
	offUI(func() { v.load(src, docID, p) })
	return v.win
}

// load reads the original and finds the passage in it, then shows its
// first page.
func (v *originalView) load(src originalSource, docID string, p *annotate.Passage) {
	ctx := context.Background()
	fail := func(err error) {
		fyne.Do(func() {
			v.status.SetText(capitalize(annotate.ErrorMessage(err)))
			if annotate.ErrorCode(err) == annotate.EINTERNAL {
				v.status.SetText(capitalize(err.Error()))
			}
		})
	}
	doc, err := src.Document(ctx, docID)
	if err != nil {
		fail(err)
		return
	}
	orig, err := src.Original(ctx, docID)
	if err != nil {
		fail(err)
		return
	}
	v.doc, v.orig = doc, orig
	page := 0
	if p != nil {
		t, err := cachedExtraction(ctx, v.pdfium, orig)
		if err != nil {
			fail(fmt.Errorf("%s: %w", orig.Name, err))
			return
		}
		start, end, ok := p.Start, p.End, t.Text == doc.Text
		if !ok {
			// Read by another version of Gloss: find the quote by its
			// words and context in this reading of the file.
			sel := annotate.Describe(annotate.NewText(doc.Text), p.Start, p.End)
			start, end, ok = annotate.Anchor(annotate.NewText(t.Text), sel)
		}
		if ok {
			v.spans = t.Locate(start, end)
		}
		if len(v.spans) > 0 {
			page = v.spans[0].Page
			pages := map[int]bool{}
			for _, s := range v.spans {
				pages[s.Page] = true
			}
			v.note = "the passage is highlighted"
			if len(pages) > 1 {
				v.note = fmt.Sprintf("the passage is highlighted; it runs over %d pages", len(pages))
			}
		} else {
			v.note = "the passage could not be found on the pages of this file"
		}
	}
	fyne.Do(func() { v.show(page) })
}

// show renders a page off the UI goroutine and puts it in the window.
func (v *originalView) show(page int) {
	if v.orig == nil || page < 0 || v.pages > 0 && page >= v.pages {
		return
	}
	v.gen++
	gen, dpi := v.gen, v.dpi
	v.prev.Disable()
	v.next.Disable()
	v.status.SetText(fmt.Sprintf("Drawing page %d…", page+1))
	offUI(func() {
		r, err := pdf.Render(context.Background(), v.pdfium, v.orig.Data, page, dpi, v.spans)
		fyne.Do(func() {
			if gen != v.gen {
				return
			}
			if err != nil {
				if errors.Is(err, pdf.ErrDamaged) || errors.Is(err, pdf.ErrEncrypted) {
					err = fmt.Errorf("%s: %w", v.orig.Name, err)
				}
				v.status.SetText(capitalize(err.Error()))
				return
			}
			v.page, v.pages = r.Page, r.Pages
			v.img.Image = r.Image
			scale := v.win.Canvas().Scale()
			if scale <= 0 {
				scale = 1
			}
			size := fyne.NewSize(float32(r.Image.Bounds().Dx())/scale, float32(r.Image.Bounds().Dy())/scale)
			v.img.SetMinSize(size)
			v.img.Refresh()
			v.scroll.Refresh()
			status := fmt.Sprintf("%s — page %d of %d", v.orig.Name, r.Page+1, r.Pages)
			if v.note != "" {
				status += " · " + v.note
				if len(r.Highlights) == 0 && len(v.spans) > 0 {
					status += fmt.Sprintf(" (from page %d)", v.spans[0].Page+1)
				}
			}
			v.status.SetText(status)
			v.win.SetTitle(fmt.Sprintf("%s — page %d of %d", v.doc.Title, r.Page+1, r.Pages))
			v.prev.Enable()
			v.next.Enable()
			if r.Page == 0 {
				v.prev.Disable()
			}
			if r.Page == r.Pages-1 {
				v.next.Disable()
			}
			v.scrollTo(r.Highlights, scale)
			trace("original %d %d", r.Page+1, len(r.Highlights))
		})
	})
}

// scrollTo brings the first highlight into view: the page stays at its
// top when the highlight is in the upper half of the window, else the
// highlight comes a third of the way down.
func (v *originalView) scrollTo(hs []image.Rectangle, scale float32) {
	view := v.scroll.Size().Height
	if len(hs) == 0 || float32(hs[0].Max.Y)/scale < view/2 {
		v.scroll.ScrollToTop()
		return
	}
	y := float32(hs[0].Min.Y)/scale - view/3
	v.scroll.Offset = fyne.NewPos(0, max(y, 0))
	v.scroll.Refresh()
}

// zoom draws the page larger or smaller.
func (v *originalView) zoom(f float64) {
	dpi := int(float64(v.dpi) * f)
	if dpi < 50 || dpi > 300 {
		return
	}
	v.dpi = dpi
	v.show(v.page)
}
