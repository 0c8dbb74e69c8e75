package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// codebookPanel is the Codebook tab: the codes with their colours, nesting,
// keys and passage counts, and the buttons to add, edit, merge and delete
// them and to list a code's passages. What the buttons do is the window's
// business, told through the On… callbacks.
type codebookPanel struct {
	widget.BaseWidget

	OnNew          func()
	OnEdit         func(t *annotate.Tag)
	OnMerge        func(t *annotate.Tag)
	OnDelete       func(t *annotate.Tag)
	OnShowPassages func(t *annotate.Tag)
	// OnSaveMemo saves a code's memo as typed; old is the memo as it was.
	OnSaveMemo func(t *annotate.Tag, old, new string) error

	cb      *codebook
	sel     string // selected tag ID
	root    fyne.CanvasObject
	list    *widget.List
	edit    *widget.Button
	merge   *widget.Button
	del     *widget.Button
	showing *widget.Button
	desc    *widget.Label
	memo    *memoEditor
	memos   map[string]string // code memos by tag ID
	memoFor string            // the tag whose memo is in the editor
	memoBox *fyne.Container
}

func newCodebookPanel() *codebookPanel {
	p := &codebookPanel{cb: newCodebook(nil), memos: map[string]string{}}
	p.list = widget.NewList(
		func() int { return len(p.cb.tags) },
		func() fyne.CanvasObject {
			sw := canvas.NewCircle(color.Transparent)
			d := theme.TextSize()
			swatch := container.NewCenter(container.NewGridWrap(fyne.NewSize(d, d), sw))
			name := widget.NewLabel("name")
			name.Truncation = fyne.TextTruncateEllipsis
			count := widget.NewLabel("0")
			indent := canvas.NewRectangle(color.Transparent)
			return container.NewBorder(nil, nil, container.NewHBox(indent, swatch), count, name)
		},
		p.updateRow,
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.cb.tags) {
			p.sel = p.cb.tags[i].ID
		}
		p.update()
	}
	act := func(fn *func(*annotate.Tag)) func() {
		return func() {
			if t := p.cb.tag(p.sel); t != nil && *fn != nil {
				(*fn)(t)
			}
		}
	}
	newBtn := widget.NewButtonWithIcon("New", theme.ContentAddIcon(), func() {
		if p.OnNew != nil {
			p.OnNew()
		}
	})
	p.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), act(&p.OnEdit))
	p.merge = widget.NewButtonWithIcon("Merge…", theme.ContentCopyIcon(), act(&p.OnMerge))
	p.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), act(&p.OnDelete))
	p.showing = widget.NewButtonWithIcon("Show Passages", theme.ListIcon(), act(&p.OnShowPassages))
	p.desc = widget.NewLabel("")
	p.desc.Wrapping = fyne.TextWrapWord
	p.memo = newMemoEditor("The code's memo: what it means, how to apply it, what you make of it…", 5)
	p.memo.OnSave = func(old, new string) error {
		t := p.cb.tag(p.memoFor)
		if t == nil || p.OnSaveMemo == nil {
			return nil
		}
		if err := p.OnSaveMemo(t, old, new); err != nil {
			return err
		}
		p.memos[t.ID] = new
		return nil
	}
	p.memo.Hide()
	memoHeading := widget.NewLabelWithStyle("Memo", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.memoBox = container.NewVBox(memoHeading, p.memo)
	p.memoBox.Hide()
	buttons := container.NewGridWithColumns(2, newBtn, p.edit, p.merge, p.del)
	bottom := container.NewVBox(widget.NewSeparator(), p.desc, p.memoBox, p.showing)
	p.root = container.NewBorder(buttons, bottom, nil, nil, p.list)
	p.ExtendBaseWidget(p)
	p.update()
	return p
}

// updateRow shows the i-th code in a row of the list.
func (p *codebookPanel) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(p.cb.tags) {
		return
	}
	t := p.cb.tags[i]
	c := o.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	left := c.Objects[1].(*fyne.Container)
	count := c.Objects[2].(*widget.Label)
	indent := left.Objects[0].(*canvas.Rectangle)
	indent.SetMinSize(fyne.NewSize(float32(p.cb.depth(t))*theme.IconInlineSize(), 1))
	sw := left.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle)
	sw.FillColor = tagColor(t.Color)
	sw.Refresh()
	label := t.Name
	if k := p.cb.keyOf(t); k != "" {
		label = fmt.Sprintf("%s  (key %s)", t.Name, k)
	} else if t.Grouping {
		label += "  (grouping code)"
	}
	name.SetText(label)
	count.SetText(annotate.Number(t.Passages))
	left.Refresh()
}

// setCodebook shows cb, keeping the selection on its code, wherever the
// code now is in the list, when it still exists.
func (p *codebookPanel) setCodebook(cb *codebook) {
	p.cb = cb
	p.list.Refresh()
	p.selectTag(p.sel)
}

// selectTag makes the code with that ID the one the buttons act on, and
// the one the list highlights.
func (p *codebookPanel) selectTag(id string) {
	p.sel = ""
	if p.cb.tag(id) != nil {
		p.sel = id
	}
	p.highlight()
	p.update()
}

// setMemos gives the codes' memos, by tag ID. The memo being typed stays
// as it is; one changed elsewhere (an undo) is shown.
func (p *codebookPanel) setMemos(memos map[string]string) {
	p.memos = memos
	if p.memoFor != "" && p.memoFor == p.sel && p.memo.Text() == p.memo.was && memos[p.sel] != p.memo.was {
		p.memo.load(memos[p.sel])
	}
}

// highlight selects the list row of the selected code (none when no code
// is selected), without the list calling back.
func (p *codebookPanel) highlight() {
	onSelected := p.list.OnSelected
	p.list.OnSelected = nil
	defer func() { p.list.OnSelected = onSelected }()
	for i, t := range p.cb.tags {
		if t.ID == p.sel {
			p.list.Select(i)
			return
		}
	}
	p.list.UnselectAll()
}

// update enables the buttons that apply to the selection and shows the
// selected code's description.
func (p *codebookPanel) update() {
	t := p.cb.tag(p.sel)
	for _, b := range []*widget.Button{p.edit, p.merge, p.del, p.showing} {
		if t == nil {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	kind := ""
	if t != nil && t.Grouping {
		kind = " (a grouping code: it groups the codes nested in it and is not applied to passages)"
	}
	if t == nil {
		p.memo.flush()
		p.memoFor = ""
		p.memoBox.Hide()
	} else if t.ID != p.memoFor {
		p.memo.load(p.memos[t.ID]) // saves the memo of the code before
		p.memoFor = t.ID
		p.memo.Show()
		p.memoBox.Show()
	}
	switch {
	case t == nil:
		p.desc.SetText("Select a code to edit, merge or delete it. The keys 1–9 apply the codes that have them in the reading view; Edit… gives a code its key.")
	case t.Description == "":
		p.desc.SetText(t.Name + kind + ": no description yet (Edit… to add one).")
	default:
		p.desc.SetText(t.Name + kind + ": " + t.Description)
	}
}

// CreateRenderer shows the panel's layout.
func (p *codebookPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.root)
}
