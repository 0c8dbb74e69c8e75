package app

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/app/docview"
)

// fakeView records what the find bar asks of the reading view.
type fakeView struct {
	doc        *annotate.Document
	selStart   int
	matches    [][2]int
	current    int
	scrolledTo int
}

func (v *fakeView) Document() *annotate.Document       { return v.doc }
func (v *fakeView) Selection() (int, int)              { return v.selStart, v.selStart }
func (v *fakeView) SetFindMatches(r [][2]int, cur int) { v.matches, v.current = r, cur }
func (v *fakeView) ScrollToOffset(cp int)              { v.scrolledTo = cp }
func (v *fakeView) slice(i int) string {
	return annotate.NewText(v.doc.Text).Slice(v.matches[i][0], v.matches[i][1])
}
func (v *fakeView) state() string { return fmt.Sprint(v.matches, v.current, v.scrolledTo) }

const findText = "Putin met Biden in Genève. PUTIN left first; Biden stayed. putin’s café."

func newTestFinder(t *testing.T) (*docFinder, *fakeView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := &fakeView{doc: &annotate.Document{ID: "d", Title: "T", Text: findText}}
	f := newFinder(v)
	w := test.NewTempWindow(t, container.NewVBox(f))
	f.Show()
	f.Focus()
	return f, v, w
}

func TestFindTypingTintsMatchesAndCounts(t *testing.T) {
	f, v, w := newTestFinder(t)
	test.Type(f.entry, "putin")
	if len(v.matches) != 3 || v.slice(0) != "Putin" || v.slice(1) != "PUTIN" || v.slice(2) != "putin" {
		t.Fatalf("view matches %v", v.matches)
	}
	if f.count.Text != "1 of 3" || v.current != 0 || v.scrolledTo != 0 {
		t.Fatalf("count %q, current %d, scrolled to %d", f.count.Text, v.current, v.scrolledTo)
	}
	// Enter: next; Shift+Enter: previous, wrapping round.
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.count.Text != "2 of 3" || v.current != 1 || v.scrolledTo != v.matches[1][0] {
		t.Fatalf("after Enter: count %q, %s", f.count.Text, v.state())
	}
	f.entry.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f.entry.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if f.count.Text != "3 of 3" || v.current != 2 {
		t.Fatalf("after Shift+Enter twice: count %q, %s", f.count.Text, v.state())
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if f.count.Text != "1 of 3" {
		t.Fatalf("Enter on the last match: count %q", f.count.Text)
	}
	// Offsets are code points: "café" comes after multi-byte characters.
	f.SetQuery("CAFÉ")
	if len(v.matches) != 1 || v.slice(0) != "café" || f.count.Text != "1 of 1" || !f.next.Disabled() {
		t.Fatalf("café: %v, count %q", v.matches, f.count.Text)
	}
	f.SetQuery("zelensky")
	if len(v.matches) != 0 || f.count.Text != "No matches" {
		t.Fatalf("no match: %v, count %q", v.matches, f.count.Text)
	}
	f.SetQuery("")
	if len(v.matches) != 0 || f.count.Text != "" {
		t.Fatalf("empty query: %v, count %q", v.matches, f.count.Text)
	}
}

func TestFindStartsAtSelectionAndEscapeClears(t *testing.T) {
	f, v, _ := newTestFinder(t)
	v.selStart = 30 // after the first "Putin"
	test.Type(f.entry, "biden")
	if f.count.Text != "2 of 2" || v.current != 1 {
		t.Fatalf("search from the selection: count %q, %s", f.count.Text, v.state())
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.Visible() || v.matches != nil {
		t.Fatalf("Escape: visible %v, matches %v", f.Visible(), v.matches)
	}
	// Reopened on another document, the query is found there.
	v.doc = &annotate.Document{ID: "e", Title: "U", Text: "Biden, Biden, Biden."}
	f.Show()
	if len(v.matches) != 3 || f.count.Text != "1 of 3" {
		t.Fatalf("reopened on another document: %v, count %q", v.matches, f.count.Text)
	}
}

func TestFindDrivesTheReadingView(t *testing.T) {
	test.NewTempApp(t)
	view := docview.New()
	view.SetDocument(&annotate.Document{ID: "d", Title: "T", Text: findText})
	f := newFindBar(view)
	w := test.NewTempWindow(t, container.NewBorder(f, nil, nil, nil, view))
	w.Resize(fyne.NewSize(600, 300))
	f.Show()
	f.Focus()
	test.Type(f.entry, "biden")
	if f.count.Text != "1 of 2" || len(f.matches) != 2 {
		t.Fatalf("count %q, matches %v", f.count.Text, f.matches)
	}
	if w.Canvas().Focused() != f.entry {
		t.Fatal("the query field does not have the keyboard")
	}
	f.Hide()
	if w.Canvas().Focused() != view {
		t.Fatalf("after closing, focus is on %T, want the reading view", w.Canvas().Focused())
	}
}
