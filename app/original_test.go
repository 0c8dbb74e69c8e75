package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/export/ingest"
	"gloss/export/ingest/ingesttest"
)

// inlineOffUI makes offUI run work at once, on the calling goroutine,
// until t ends.
func inlineOffUI(t *testing.T) {
	old := offUI
	offUI = func(work func()) { work() }
	t.Cleanup(func() { offUI = old })
}

// TestShowOriginal imports a PDF, codes a passage in it, and opens its
// original from the inspector: the window draws the passage's page with
// it highlighted, pages on, and closes when another project opens.
func TestShowOriginal(t *testing.T) {
	u, _ := newTestUI(t)
	inlineOffUI(t)

	a, err := ingest.Options{}.Bytes(context.Background(), "summit.pdf", ingesttest.ArticlePDF())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.proj.db.ImportDocument(bg, a.Doc, keptOriginal(a)); err != nil {
		t.Fatal(err)
	}
	quote := "a more predictable international order"
	at := strings.Index(a.Doc.Text, quote)
	start := len([]rune(a.Doc.Text[:at]))
	tags, err := u.proj.db.Tags(bg)
	if err != nil || len(tags) == 0 {
		t.Fatalf("sample codebook: %v", err)
	}
	p := &annotate.Passage{DocumentID: a.Doc.ID, Start: start, End: start + len([]rune(quote)), Quote: quote, Tags: []string{tags[0].ID}}
	if err := u.proj.db.CreatePassage(bg, p); err != nil {
		t.Fatal(err)
	}
	u.refresh()
	u.openDocument(a.Doc.ID)
	u.selectPassage(p.ID)
	if !u.insp.orig.Visible() {
		t.Fatal("the inspector offers no Show Original for a PDF's passage")
	}
	u.insp.orig.OnTapped()
	if u.origWin == nil {
		t.Fatal("no original window")
	}
	status := findLabel(t, u.origWin.Content(), "summit.pdf")
	if want := "summit.pdf — page 1 of 2 · the passage is highlighted"; status.Text != want {
		t.Errorf("status %q, want %q", status.Text, want)
	}
	if u.origWin.Title() != "Biden and Putin Meet in Geneva — page 1 of 2" {
		t.Errorf("title %q", u.origWin.Title())
	}
	img := findImage(t, u.origWin.Content())
	if img.Image == nil || img.Image.Bounds().Dx() < 800 {
		t.Fatalf("page image %v", img.Image)
	}
	// Paging on: the passage is not on page 2.
	u.origWin.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if want := "summit.pdf — page 2 of 2 · the passage is highlighted (from page 1)"; status.Text != want {
		t.Errorf("after Page Down: %q, want %q", status.Text, want)
	}
	// A sample article was not imported from a PDF: the menu item says so
	// and opens nothing; the inspector offers no button.
	for _, d := range u.docList.items {
		if d.ID != a.Doc.ID {
			u.openDocument(d.ID)
			break
		}
	}
	was := u.origWin
	u.showOriginalOfDocument()
	if u.origWin != was {
		t.Error("a window opened for a document without an original")
	}
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if msg := strings.Join(texts, "\n"); !strings.Contains(msg, "has no original file in the project") {
		t.Errorf("no explanation: %q", msg)
	}
	other, err := project.Create(filepath.Join(t.TempDir(), "other.gloss"), false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(other)
	if u.origWin != nil {
		t.Error("the original window stayed open on another project")
	}
}

func findLabel(t *testing.T, o fyne.CanvasObject, prefix string) *widget.Label {
	t.Helper()
	var found *widget.Label
	walkObjects(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok && found == nil && strings.HasPrefix(l.Text, prefix) {
			found = l
		}
	})
	if found == nil {
		t.Fatalf("no label starting %q", prefix)
	}
	return found
}

func findImage(t *testing.T, o fyne.CanvasObject) *canvas.Image {
	t.Helper()
	var found *canvas.Image
	walkObjects(o, func(c fyne.CanvasObject) {
		if i, ok := c.(*canvas.Image); ok && found == nil {
			found = i
		}
	})
	if found == nil {
		t.Fatal("no image")
	}
	return found
}

// walkObjects visits o and every object inside it.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, x := range c.Objects {
			walkObjects(x, fn)
		}
	case *container.Scroll:
		walkObjects(c.Content, fn)
	}
}
