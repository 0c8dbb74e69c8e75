package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// codebookPanel is the Codebook tab: the codes with their colours, nesting
// and passage counts, and the buttons to add, edit (rename, recolour,
// describe, nest), merge and delete them.
type codebookPanel struct {
	u       *ui
	root    fyne.CanvasObject
	list    *widget.List
	edit    *widget.Button
	merge   *widget.Button
	del     *widget.Button
	showing *widget.Button
	desc    *widget.Label
	sel     string // selected tag ID
}

func newCodebookPanel(u *ui) *codebookPanel {
	cb := &codebookPanel{u: u}
	cb.list = widget.NewList(
		func() int { return len(u.tags) },
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
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(u.tags) {
				return
			}
			t := u.tags[i]
			c := o.(*fyne.Container)
			name := c.Objects[0].(*widget.Label)
			left := c.Objects[1].(*fyne.Container)
			count := c.Objects[2].(*widget.Label)
			indent := left.Objects[0].(*canvas.Rectangle)
			indent.SetMinSize(fyne.NewSize(float32(u.depth(t))*theme.IconInlineSize(), 1))
			sw := left.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle)
			sw.FillColor = tagColor(t.Color)
			sw.Refresh()
			label := t.Name
			switch {
			case t.Grouping:
				label += "  (grouping code)"
			case i < 9:
				label = fmt.Sprintf("%s  (key %d)", t.Name, i+1)
			}
			name.SetText(label)
			count.SetText(fmt.Sprint(t.Passages))
			left.Refresh()
		},
	)
	cb.list.OnSelected = func(i widget.ListItemID) {
		if i < len(u.tags) {
			cb.sel = u.tags[i].ID
		}
		cb.update()
	}
	newBtn := widget.NewButtonWithIcon("New", theme.ContentAddIcon(), func() { u.tagDialog(nil) })
	cb.edit = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		if t := u.tagByID[cb.sel]; t != nil {
			u.tagDialog(t)
		}
	})
	cb.merge = widget.NewButtonWithIcon("Merge…", theme.ContentCopyIcon(), func() {
		if t := u.tagByID[cb.sel]; t != nil {
			u.mergeDialog(t)
		}
	})
	cb.del = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
		if t := u.tagByID[cb.sel]; t != nil {
			u.deleteTagDialog(t)
		}
	})
	cb.showing = widget.NewButtonWithIcon("Show Passages", theme.ListIcon(), func() {
		if t := u.tagByID[cb.sel]; t != nil {
			u.plist.showTag(t.Name)
		}
	})
	cb.desc = widget.NewLabel("")
	cb.desc.Wrapping = fyne.TextWrapWord
	buttons := container.NewGridWithColumns(2, newBtn, cb.edit, cb.merge, cb.del)
	bottom := container.NewVBox(widget.NewSeparator(), cb.desc, cb.showing)
	cb.root = container.NewBorder(buttons, bottom, nil, nil, cb.list)
	cb.update()
	return cb
}

// reload refreshes the list, keeping the selection when the tag still exists.
func (cb *codebookPanel) reload() {
	cb.list.Refresh()
	if cb.sel != "" && cb.u.tagByID[cb.sel] == nil {
		cb.sel = ""
		cb.list.UnselectAll()
	}
	cb.update()
}

// update enables the buttons that apply to the selection and shows the
// selected code's description.
func (cb *codebookPanel) update() {
	t := cb.u.tagByID[cb.sel]
	for _, b := range []*widget.Button{cb.edit, cb.merge, cb.del, cb.showing} {
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
	switch {
	case t == nil:
		cb.desc.SetText("Select a code to edit, merge or delete it. Codes 1–9 are the keys in the reading view.")
	case t.Description == "":
		cb.desc.SetText(t.Name + kind + ": no description yet (Edit… to add one).")
	default:
		cb.desc.SetText(t.Name + kind + ": " + t.Description)
	}
}

// tagDialog creates (t == nil) or edits a code: name, colour, description
// and the code it is nested under.
func (u *ui) tagDialog(t *annotate.Tag) {
	if u.db == nil {
		return
	}
	name := widget.NewEntry()
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("a code needs a name")
		}
		return nil
	}
	desc := widget.NewMultiLineEntry()
	desc.Wrapping = fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	desc.SetPlaceHolder("What belongs under this code, for you and colleagues")
	colour := u.ed.nextColor()
	parentID := ""
	if t != nil {
		name.SetText(t.Name)
		desc.SetText(t.Description)
		colour, parentID = t.Color, t.ParentID
	}
	picker := newPalettePicker(colour)
	const top = "(top level)"
	parents := []string{top}
	parentByName := map[string]string{}
	for _, o := range u.tags {
		if t != nil && (o.ID == t.ID || u.descendsFrom(o, t.ID)) {
			continue
		}
		parents = append(parents, o.Name)
		parentByName[o.Name] = o.ID
	}
	parent := widget.NewSelect(parents, nil)
	parent.SetSelected(top)
	if p := u.tagByID[parentID]; p != nil {
		parent.SetSelected(p.Name)
	}
	// A grouping code (a category in QualCoder and MAXQDA, a code with
	// isCodable="false" in REFI-QDA files) only groups the codes nested in
	// it. One that codes passages cannot become one: storage says why.
	grouping := widget.NewCheck("Grouping code: groups the codes nested in it, never applied to passages", nil)
	if t != nil {
		grouping.SetChecked(t.Grouping)
	}
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Colour", picker.root),
		widget.NewFormItem("Description", desc),
		widget.NewFormItem("Nested under", parent),
		widget.NewFormItem("", grouping),
	}
	title, confirm := "New Code", "Create"
	if t != nil {
		title, confirm = "Edit Code", "Save"
	}
	d := dialog.NewForm(title, confirm, "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		pid := parentByName[parent.Selected]
		if t == nil {
			nt := &annotate.Tag{Name: name.Text, Color: picker.color, Description: desc.Text, ParentID: pid, Grouping: grouping.Checked}
			if err := u.ed.createTag(nt); err != nil {
				u.showError(err)
				return
			}
			u.cbook.sel = nt.ID
		} else {
			n, c, ds, g := strings.TrimSpace(name.Text), picker.color, desc.Text, grouping.Checked
			if _, err := u.ed.updateTag(t.ID, annotate.TagUpdate{Name: &n, Color: &c, Description: &ds, ParentID: &pid, Grouping: &g}, "Edit Code"); err != nil {
				u.showError(err)
				return
			}
		}
		u.afterEdit()
	}, u.win)
	d.Resize(fyne.NewSize(540, 360))
	d.Show()
	u.win.Canvas().Focus(name)
}

// descendsFrom reports whether t is nested, at any depth, under id.
func (u *ui) descendsFrom(t *annotate.Tag, id string) bool {
	for p, n := t.ParentID, 0; p != "" && n < 32; n++ {
		if p == id {
			return true
		}
		pt := u.tagByID[p]
		if pt == nil {
			return false
		}
		p = pt.ParentID
	}
	return false
}

// mergeDialog merges t into a code the researcher picks.
func (u *ui) mergeDialog(t *annotate.Tag) {
	var names []string
	byName := map[string]string{}
	for _, o := range u.tags {
		if o.ID != t.ID {
			names = append(names, o.Name)
			byName[o.Name] = o.ID
		}
	}
	if len(names) == 0 {
		u.showError(fmt.Errorf("there is no other code to merge %q into", t.Name))
		return
	}
	into := widget.NewSelect(names, nil)
	into.PlaceHolder = "Choose a code"
	msg := widget.NewLabel(fmt.Sprintf("Every passage coded “%s” (%s) will be coded with the code you choose, and “%s” is removed from the codebook. You can undo this.", t.Name, plural(t.Passages, "passage"), t.Name))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Merge “"+t.Name+"” Into…", "Merge", "Cancel", container.NewVBox(msg, into), func(ok bool) {
		if !ok || into.Selected == "" {
			return
		}
		if err := u.ed.mergeTags(t.ID, byName[into.Selected]); err != nil {
			u.showError(err)
			return
		}
		u.cbook.sel = byName[into.Selected]
		u.afterEdit()
	}, u.win)
	d.Resize(fyne.NewSize(460, 260))
	d.Show()
}

// deleteTagDialog deletes a code after confirmation.
func (u *ui) deleteTagDialog(t *annotate.Tag) {
	msg := fmt.Sprintf("Delete the code “%s”?\n\nIt is on %s. Those passages keep their other codes; a passage that has only this code is deleted with it. You can undo this with Edit ▸ Undo.", t.Name, plural(t.Passages, "passage"))
	d := dialog.NewConfirm("Delete Code", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := u.ed.deleteTag(t.ID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
	}, u.win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// palettePicker chooses a colour from annotate.Palette.
type palettePicker struct {
	root  fyne.CanvasObject
	color string
	rings []*canvas.Circle
}

func newPalettePicker(selected string) *palettePicker {
	pp := &palettePicker{color: strings.ToLower(selected)}
	var objs []fyne.CanvasObject
	for _, c := range annotate.Palette {
		c := c
		ring := canvas.NewCircle(color.Transparent)
		ring.StrokeWidth = 2
		dot := canvas.NewCircle(tagColor(c))
		btn := widget.NewButton("", func() { pp.set(c) })
		btn.Importance = widget.LowImportance
		cell := container.NewStack(btn, ring, container.NewPadded(dot))
		pp.rings = append(pp.rings, ring)
		objs = append(objs, cell)
	}
	pp.root = container.NewGridWrap(fyne.NewSize(26, 26), objs...)
	pp.set(pp.color)
	return pp
}

func (pp *palettePicker) set(c string) {
	pp.color = c
	for i, p := range annotate.Palette {
		if p == c {
			pp.rings[i].StrokeColor = theme.Color(theme.ColorNameForeground)
		} else {
			pp.rings[i].StrokeColor = color.Transparent
		}
		pp.rings[i].Refresh()
	}
}
