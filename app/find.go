package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/docview"
)

// findTarget is what the find bar drives: the reading view.
type findTarget interface {
	Document() *annotate.Document
	Selection() (start, end int)
	SetFindMatches(ranges [][2]int, current int)
	ScrollToOffset(cp int)
}

var _ findTarget = (*docview.DocView)(nil)

// docFinder is the reading view's "Find in document" bar: a query field,
// the position among the matches ("3 of 17"), previous and next buttons and
// a close button. Matching ignores case; every match is tinted in the view
// and the current one more strongly. Enter goes to the next match,
// Shift+Enter to the previous one, Escape closes the bar.
type docFinder struct {
	widget.BaseWidget

	view    findTarget
	entry   *findEntry
	count   *widget.Label
	prev    *widget.Button
	next    *widget.Button
	closeBt *widget.Button

	doc     *annotate.Document // the document finder indexes
	finder  *annotate.Finder
	matches [][2]int
	current int

	// onHide, when set, is called after the bar hides, so the window can
	// give the room back to the reading view.
	onHide func()
}

// Compile-time checks: the bar is a widget the GUI can focus.
var (
	_ fyne.Widget = (*docFinder)(nil)
	_ interface {
		fyne.CanvasObject
		Focus()
	} = (*docFinder)(nil)
)

// newFindBar returns a find bar for view, hidden until Show.
func newFindBar(view *docview.DocView) *docFinder {
	return newFinder(view)
}

func newFinder(view findTarget) *docFinder {
	f := &docFinder{view: view}
	f.entry = newFindEntry(f)
	f.entry.SetPlaceHolder("Find in document")
	f.entry.OnChanged = func(string) { f.search() }
	f.count = widget.NewLabel("")
	f.prev = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.step(-1) })
	f.next = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.step(1) })
	f.closeBt = widget.NewButtonWithIcon("", theme.CancelIcon(), f.Hide)
	f.prev.Importance, f.next.Importance, f.closeBt.Importance = widget.LowImportance, widget.LowImportance, widget.LowImportance
	f.ExtendBaseWidget(f)
	f.update()
	f.BaseWidget.Hide()
	return f
}

// CreateRenderer lays the bar out: the query field takes the free width.
func (f *docFinder) CreateRenderer() fyne.WidgetRenderer {
	right := container.NewHBox(f.count, f.prev, f.next, f.closeBt)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, right, f.entry))
}

// Show shows the bar and finds its query again in the view's document,
// which may have changed since the bar was last open.
func (f *docFinder) Show() {
	f.BaseWidget.Show()
	f.search()
}

// Hide hides the bar, clears the tints from the view and gives the
// keyboard back to the view.
func (f *docFinder) Hide() {
	if c := f.canvas(); c != nil && c.Focused() == f.entry {
		if v, ok := f.view.(fyne.Focusable); ok {
			c.Focus(v)
		} else {
			c.Unfocus()
		}
	}
	f.BaseWidget.Hide()
	f.matches, f.current = nil, 0
	f.view.SetFindMatches(nil, 0)
	f.update()
	if f.onHide != nil {
		f.onHide()
	}
}

// Focus puts the keyboard in the query field with its text selected, so
// typing replaces the last query.
func (f *docFinder) Focus() {
	if c := f.canvas(); c != nil {
		c.Focus(f.entry)
	}
	f.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// canvas returns the canvas the bar is on. A bar just shown has not been
// drawn yet, so the canvas is found through the reading view beside it.
func (f *docFinder) canvas() fyne.Canvas {
	d := fyne.CurrentApp().Driver()
	for _, o := range []any{f.entry, f, f.view} {
		if co, ok := o.(fyne.CanvasObject); ok {
			if c := d.CanvasForObject(co); c != nil {
				return c
			}
		}
	}
	return nil
}

// Query returns the text being searched for.
func (f *docFinder) Query() string { return f.entry.Text }

// SetQuery searches for q as if it had been typed.
func (f *docFinder) SetQuery(q string) { f.entry.SetText(q) }

// search finds the query in the view's document and makes the first match
// at or after the selection current.
func (f *docFinder) search() {
	doc := f.view.Document()
	if doc != f.doc {
		f.doc, f.finder = doc, nil
		if doc != nil {
			f.finder = annotate.NewFinder(doc.Text)
		}
	}
	f.matches, f.current = nil, 0
	if f.finder != nil && f.entry.Text != "" {
		f.matches = f.finder.FindAll(f.entry.Text)
		from, _ := f.view.Selection()
		for i, m := range f.matches {
			if m[0] >= from {
				f.current = i
				break
			}
		}
	}
	f.show()
}

// step moves to the next (+1) or previous (-1) match, wrapping around.
func (f *docFinder) step(by int) {
	if len(f.matches) == 0 {
		return
	}
	f.current = (f.current + by + len(f.matches)) % len(f.matches)
	f.show()
}

// show hands the matches to the view and brings the current one into view.
func (f *docFinder) show() {
	f.view.SetFindMatches(f.matches, f.current)
	if len(f.matches) > 0 {
		f.view.ScrollToOffset(f.matches[f.current][0])
	}
	f.update()
}

// update shows the count and enables the buttons that can act.
func (f *docFinder) update() {
	switch {
	case f.entry.Text == "":
		f.count.SetText("")
	case len(f.matches) == 0:
		f.count.SetText("No matches")
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.current+1, len(f.matches)))
	}
	if len(f.matches) > 1 {
		f.prev.Enable()
		f.next.Enable()
	} else {
		f.prev.Disable()
		f.next.Disable()
	}
}
