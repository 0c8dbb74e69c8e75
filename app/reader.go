package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/docview"
)

// everyone is the coder filter's choice for all authors.
const everyone = "All coders"

// readerPane is the centre: the open document's title and details, the
// codebook as chips (1–9 on the first nine), a box for a new code, a hint
// saying what a key or click will do, the find bar and the reading view.
// What the researcher asks for goes through the On… callbacks.
type readerPane struct {
	widget.BaseWidget

	OnDetails  func()            // Details… was clicked
	OnCoder    func(name string) // the coder filter changed ("" everyone)
	OnApplyTag func(tagID string)
	OnNewTag   func(name string) // a new code's name was typed
	OnMore     func()            // the codes that do not fit were asked for

	view   *docview.DocView
	root   fyne.CanvasObject
	title  *widget.Label
	meta   *widget.Label
	edit   *widget.Button
	coder  *widget.Select
	chips  *fyne.Container
	newTag *widget.Entry
	hint   *widget.Label
	find   *fyne.Container // holds the find bar when shown
	finder *docFinder      // nil until first shown
	stack  *fyne.Container // everything, top to bottom
	empty  *widget.Label
}

// readingState is what the hint describes: what a key or click does now.
type readingState struct {
	document  bool   // a document is open
	selection string // the selected text, "" for none
	passage   bool   // a passage is selected
	codes     int    // codes in the codebook
}

func newReaderPane(view *docview.DocView) *readerPane {
	r := &readerPane{view: view}
	r.title = widget.NewLabel("")
	r.title.TextStyle.Bold = true
	r.title.SizeName = theme.SizeNameSubHeadingText
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta = widget.NewLabel("")
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.edit = widget.NewButtonWithIcon("Details…", theme.DocumentCreateIcon(), func() {
		if r.OnDetails != nil {
			r.OnDetails()
		}
	})
	r.coder = widget.NewSelect(nil, func(s string) {
		name := ""
		if s != everyone {
			name = strings.TrimPrefix(s, "Only ")
		}
		if r.OnCoder != nil {
			r.OnCoder(name)
		}
	})
	r.coder.Hide() // shown once a project has several coders
	more := widget.NewButton("", func() {
		if r.OnMore != nil {
			r.OnMore()
		}
	})
	more.Importance = widget.LowImportance
	r.chips = container.New(&chipBarLayout{gap: theme.Padding(), more: more, maxRows: r.chipRows})
	r.newTag = widget.NewEntry()
	r.newTag.SetPlaceHolder("New code…")
	r.newTag.OnSubmitted = func(s string) {
		r.newTag.SetText("")
		if r.OnNewTag != nil {
			r.OnNewTag(s)
		}
		r.focusView()
	}
	r.hint = widget.NewLabel("")
	r.hint.SizeName = theme.SizeNameCaptionText
	r.hint.Truncation = fyne.TextTruncateEllipsis
	r.find = container.NewStack()
	r.find.Hide()
	r.empty = widget.NewLabel("")
	r.empty.Alignment = fyne.TextAlignCenter
	r.empty.Wrapping = fyne.TextWrapWord
	r.empty.Hide()

	header := container.NewBorder(nil, nil, nil, container.NewVBox(container.NewHBox(r.coder, r.edit)),
		container.New(&stackLayout{gap: -2 * theme.Padding()}, r.title, r.meta))
	newTag := container.NewGridWrap(fyne.NewSize(150, r.newTag.MinSize().Height), r.newTag)
	r.chips.Objects = []fyne.CanvasObject{newTag, more}
	body := container.NewStack(view, container.NewCenter(r.empty))
	r.stack = container.New(&stackLayout{gap: theme.Padding()}, header, r.chips, r.hint, r.find, body)
	r.root = container.NewPadded(r.stack)
	r.ExtendBaseWidget(r)
	return r
}

// coderLabel is the coder filter's label for an author ("" everyone).
func coderLabel(name string) string {
	if name == "" {
		return everyone
	}
	return "Only " + name
}

// showDocument shows a document's title and details (nil: none open; then
// what to do depends on whether a project is open).
func (r *readerPane) showDocument(doc *annotate.Document, projectOpen bool) {
	if doc == nil {
		r.title.SetText("")
		r.meta.SetText("")
		r.edit.Disable()
		r.empty.SetText("Choose a document on the left, or import articles with File ▸ Import Articles… or by dropping files on the window.")
		if !projectOpen {
			r.empty.SetText("No project is open. Use File ▸ New Project… or File ▸ Open….")
		}
		r.empty.Show()
		return
	}
	r.empty.Hide()
	r.edit.Enable()
	r.title.SetText(doc.Title)
	var parts []string
	for _, s := range []string{doc.Outlet, doc.Byline, doc.Published} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "No outlet, author or date yet — click Details… to add them")
	}
	r.meta.SetText(strings.Join(parts, " · "))
}

// chipRows is how many rows of chips the pane gives room to: one on a
// small window, where the reading view needs the height, up to three on
// a tall one.
func (r *readerPane) chipRows() int {
	switch h := r.Size().Height; {
	case h > 0 && h < 640:
		return 1
	case h > 0 && h < 800:
		return 2
	}
	return 3
}

// chip returns the chip of the i-th code in codebook order, or nil.
func (r *readerPane) chip(i int) *chip {
	if i < 0 || i+1 >= len(r.chips.Objects)-1 {
		return nil
	}
	c, _ := r.chips.Objects[i+1].(*chip)
	return c
}

// setCodebook rebuilds the chips and the coder filter.
func (r *readerPane) setCodebook(cb *codebook, authors []string, coder string) {
	newTag, more := r.chips.Objects[0], r.chips.Objects[len(r.chips.Objects)-1]
	objs := make([]fyne.CanvasObject, 0, len(cb.tags)+2)
	objs = append(objs, newTag)
	for _, t := range cb.tags {
		id := t.ID
		c := newChip(t, cb.keyOf(t), func() {
			if r.OnApplyTag != nil {
				r.OnApplyTag(id)
			}
			r.focusView() // so that the keys go on working
		})
		c.Name = cb.indented(t)
		objs = append(objs, c)
	}
	r.chips.Objects = append(objs, more)
	r.stack.Refresh() // the chips may need more or fewer rows
	opts := []string{everyone}
	for _, a := range authors {
		opts = append(opts, coderLabel(a))
	}
	r.coder.Options = opts
	r.coder.Hidden = len(authors) < 2 && coder == ""
	r.setCoder(coder)
}

// setCoder shows the coder filter's choice.
func (r *readerPane) setCoder(name string) {
	r.coder.SetSelected(coderLabel(name))
	r.coder.Refresh()
}

// updateHint says what the keys and chips will do now.
func (r *readerPane) updateHint(s readingState) {
	switch {
	case !s.document:
		r.hint.SetText("")
	case s.selection != "":
		q := annotate.Ellipsize(strings.Join(strings.Fields(s.selection), " "), 48)
		switch n := min(9, s.codes); n {
		case 0:
			r.hint.SetText(fmt.Sprintf("Type a code name in “New code…” and press Enter to code “%s”.", q))
		case 1:
			r.hint.SetText(fmt.Sprintf("Press 1 or click the code to code “%s” — or type a new code.", q))
		default:
			r.hint.SetText(fmt.Sprintf("Press 1–%d or click a code to code “%s” — or type a new code.", n, q))
		}
	case s.passage:
		r.hint.SetText("Passage selected: 1–9 or a code adds it · Delete removes it · Alt+Down, Alt+Up step through the passages stacked here.")
	default:
		r.hint.SetText("Select text with the mouse (double-click a word, triple-click a paragraph), then press 1–9 or click a code.")
	}
}

// focusNewTag puts the cursor in the new-code box on canvas c.
func (r *readerPane) focusNewTag(c fyne.Canvas) {
	c.Focus(r.newTag)
}

// startNewTag puts the cursor in the new-code box with what was typed in
// the reading view, so that a name can be typed straight after selecting.
func (r *readerPane) startNewTag(typed string) {
	c := fyne.CurrentApp().Driver().CanvasForObject(r.newTag)
	if c == nil {
		return
	}
	c.Focus(r.newTag)
	r.newTag.SetText(typed)
	r.newTag.CursorColumn = len([]rune(typed))
	r.newTag.Refresh()
}

// focusView gives the keyboard back to the reading view.
func (r *readerPane) focusView() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.view); c != nil {
		c.Focus(r.view)
	}
}

// showFind shows the find bar above the text and puts the keyboard in it.
func (r *readerPane) showFind() {
	if r.finder == nil {
		r.finder = newFindBar(r.view)
		r.finder.onHide = func() { r.stack.Refresh() }
		r.find.Objects = []fyne.CanvasObject{r.finder}
	}
	r.find.Show()
	r.finder.Show()
	r.stack.Refresh() // make room for the bar
	r.finder.Focus()  // once it is laid out above the text
}

// CreateRenderer shows the pane's layout.
func (r *readerPane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.root)
}
