package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// everyone is the coder filter's choice for all authors.
const everyone = "All coders"

// readerPane is the centre: the open document's title and details, the
// codebook as chips (1–9 on the first nine), a box for a new code, a hint
// saying what a key or click will do, and the reading view.
type readerPane struct {
	u      *ui
	root   fyne.CanvasObject
	title  *widget.Label
	meta   *widget.Label
	edit   *widget.Button
	coder  *widget.Select
	chips  *fyne.Container
	newTag *widget.Entry
	hint   *widget.Label
	find   *fyne.Container // holds the find bar when shown
	stack  *fyne.Container // everything, top to bottom
	empty  *widget.Label
}

func newReaderPane(u *ui) *readerPane {
	r := &readerPane{u: u}
	r.title = widget.NewLabel("")
	r.title.TextStyle.Bold = true
	r.title.SizeName = theme.SizeNameSubHeadingText
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta = widget.NewLabel("")
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.edit = widget.NewButtonWithIcon("Details…", theme.DocumentCreateIcon(), func() {
		if u.doc != nil {
			u.editDocumentDialog(u.doc.ID)
		}
	})
	r.coder = widget.NewSelect(nil, func(s string) {
		name := ""
		if s != everyone {
			name = strings.TrimPrefix(s, "Only ")
		}
		if name != u.coder {
			u.coder = name
			u.view.SetPassages(u.visiblePassages())
		}
	})
	r.coder.Hide() // shown once a project has several coders
	r.chips = container.New(&flowLayout{gap: theme.Padding()})
	r.newTag = widget.NewEntry()
	r.newTag.SetPlaceHolder("New code…")
	r.newTag.OnSubmitted = func(s string) {
		r.newTag.SetText("")
		u.newTagFromInput(s)
		u.win.Canvas().Focus(u.view)
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
	r.chips.Add(newTag)
	view := container.NewStack(u.view, container.NewCenter(r.empty))
	r.stack = container.New(&stackLayout{gap: theme.Padding()}, header, r.chips, r.hint, r.find, view)
	r.root = container.NewPadded(r.stack)
	return r
}

// coderLabel is the coder filter's label for an author ("" everyone).
func coderLabel(name string) string {
	if name == "" {
		return everyone
	}
	return "Only " + name
}

// showDocument shows a document's title and details (nil: none open).
func (r *readerPane) showDocument(doc *annotate.Document) {
	if doc == nil {
		r.title.SetText("")
		r.meta.SetText("")
		r.edit.Disable()
		r.empty.SetText("Choose a document on the left, or import articles with File ▸ Import Articles… or by dropping files on the window.")
		if r.u.db == nil {
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

// reloadTags rebuilds the chips and the coder filter.
func (r *readerPane) reloadTags() {
	u := r.u
	newTag := r.chips.Objects[len(r.chips.Objects)-1]
	objs := make([]fyne.CanvasObject, 0, len(u.tags)+1)
	for i, t := range u.tags {
		t := t
		key := ""
		if i < 9 {
			key = fmt.Sprint(i + 1)
		}
		c := newChip(t, key, func() { u.applyTag(t.ID) })
		if d := u.depth(t); d > 0 {
			c.Name = strings.Repeat("›", d) + " " + t.Name
		}
		objs = append(objs, c)
	}
	r.chips.Objects = append(objs, newTag)
	r.stack.Refresh() // the chips may need more or fewer rows
	opts := []string{everyone}
	for _, a := range u.authors {
		opts = append(opts, coderLabel(a))
	}
	r.coder.Options = opts
	r.coder.SetSelected(coderLabel(u.coder))
	r.coder.Hidden = len(u.authors) < 2 && u.coder == ""
	r.coder.Refresh()
	r.updateHint()
}

// updateHint says what the keys and chips will do now.
func (r *readerPane) updateHint() {
	u := r.u
	switch {
	case u.db == nil || u.doc == nil:
		r.hint.SetText("")
	case u.hasSelection():
		q := annotate.Ellipsize(strings.Join(strings.Fields(u.text.Slice(u.selStart, u.selEnd)), " "), 48)
		switch n := min(9, len(u.tags)); n {
		case 0:
			r.hint.SetText(fmt.Sprintf("Type a code name in “New code…” and press Enter to code “%s”.", q))
		case 1:
			r.hint.SetText(fmt.Sprintf("Press 1 or click the code to code “%s” — or type a new code.", q))
		default:
			r.hint.SetText(fmt.Sprintf("Press 1–%d or click a code to code “%s” — or type a new code.", n, q))
		}
	case u.selected != "":
		r.hint.SetText("Passage selected: press 1–9 or click a code to add it; Delete removes the passage.")
	default:
		r.hint.SetText("Select text with the mouse (double-click a word, triple-click a paragraph), then press 1–9 or click a code.")
	}
}

// focusNewTag puts the cursor in the new-code box.
func (r *readerPane) focusNewTag() {
	r.u.win.Canvas().Focus(r.newTag)
}
