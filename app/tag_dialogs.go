package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// The codebook's dialogs make their change through the editor, so that it
// can be undone, and then call done on the UI goroutine with the code the
// change leaves selected, or with the error that stopped it.

// showTagDialog creates (t == nil) or edits a code: name, colour,
// description, the code it is nested under and whether it is a grouping
// code. It returns the dialog shown.
func showTagDialog(win fyne.Window, cb *codebook, ed *editor, t *annotate.Tag, done func(tagID string, err error)) dialog.Dialog {
	name := widget.NewEntry()
	name.Validator = required("a code needs a name")
	desc := widget.NewMultiLineEntry()
	desc.Wrapping = fyne.TextWrapWord
	desc.SetMinRowsVisible(3)
	desc.SetPlaceHolder("What belongs under this code, for you and colleagues")
	colour := ed.nextColor()
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
	for _, o := range cb.tags {
		if t != nil && (o.ID == t.ID || cb.descendsFrom(o, t.ID)) {
			continue
		}
		parents = append(parents, o.Name)
		parentByName[o.Name] = o.ID
	}
	parent := widget.NewSelect(parents, nil)
	parent.SetSelected(top)
	if p := cb.tag(parentID); p != nil {
		parent.SetSelected(p.Name)
	}
	// A grouping code (a category in QualCoder and MAXQDA, a code with
	// isCodable="false" in REFI-QDA files) only groups the codes nested in
	// it. One that codes passages cannot become one: storage says why.
	grouping := widget.NewCheck("Grouping code: groups the codes nested in it, never applied to passages", nil)
	if t != nil {
		grouping.SetChecked(t.Grouping)
	}
	key := newKeySelect(cb, t)
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Colour", picker),
		widget.NewFormItem("Description", desc),
		widget.NewFormItem("Nested under", parent),
		widget.NewFormItem("Key", key.Select),
		widget.NewFormItem("", grouping),
	}
	title, confirm := "New Code", "Create"
	if t != nil {
		title, confirm = "Edit Code", "Save"
	}
	// save makes the change; it returns the error when nothing was saved,
	// and reports through done otherwise.
	save := func() error {
		pid := parentByName[parent.Selected]
		k := key.key()
		if t == nil {
			nt := &annotate.Tag{Name: name.Text, Color: picker.color, Description: desc.Text, ParentID: pid, Grouping: grouping.Checked}
			if err := ed.createTag(nt); err != nil {
				return err
			}
			var err error
			if k != nt.Key && !nt.Grouping {
				// The code is made: a key it could not take is told,
				// not typed again.
				_, err = ed.updateTag(nt.ID, annotate.TagUpdate{Key: &k}, "Set the Key of")
			}
			done(nt.ID, err)
			return nil
		}
		n, c, ds, g := strings.TrimSpace(name.Text), picker.color, desc.Text, grouping.Checked
		if _, err := ed.updateTag(t.ID, annotate.TagUpdate{Name: &n, Color: &c, Description: &ds, ParentID: &pid, Grouping: &g, Key: &k}, "Edit Code"); err != nil {
			return err
		}
		done(t.ID, nil)
		return nil
	}
	var kept *editingDialog
	d := dialog.NewForm(title, confirm, "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			done("", err)
		}
	}, win)
	d.Resize(fyne.NewSize(540, 360))
	submitOnEnter(d, name)
	d.Show()
	win.Canvas().Focus(name)
	kept = editing(d, win, save, title, name, desc)
	return kept
}

// keySelect chooses the key (1–9, or none) that applies a code, saying
// which code holds each key now: choosing it moves the key.
type keySelect struct {
	*widget.Select
	keys map[string]int
}

const noKey = "None"

func newKeySelect(cb *codebook, t *annotate.Tag) *keySelect {
	k := &keySelect{keys: map[string]int{noKey: 0}}
	opts := []string{noKey}
	current := noKey
	free := ""
	for n := 1; n <= 9; n++ {
		label := fmt.Sprint(n)
		switch h := cb.withKey(n); {
		case h == nil:
			label += " (free)"
			if free == "" {
				free = label
			}
		case t != nil && h.ID == t.ID:
			current = label
		default:
			label += " (now " + h.Name + ")"
		}
		opts = append(opts, label)
		k.keys[label] = n
	}
	k.Select = widget.NewSelect(opts, nil)
	if t == nil && free != "" {
		current = free // a new code takes the lowest free key
	}
	k.SetSelected(current)
	return k
}

// key is the chosen key, 0 for none.
func (k *keySelect) key() int { return k.keys[k.Selected] }

// showMergeTagDialog merges t into a code the researcher picks. It returns
// the dialog shown, nil when there is none to pick.
func showMergeTagDialog(win fyne.Window, cb *codebook, ed *editor, t *annotate.Tag, done func(tagID string, err error)) dialog.Dialog {
	var names []string
	byName := map[string]string{}
	for _, o := range cb.tags {
		if o.ID != t.ID {
			names = append(names, o.Name)
			byName[o.Name] = o.ID
		}
	}
	if len(names) == 0 {
		done(t.ID, fmt.Errorf("there is no other code to merge %q into", t.Name))
		return nil
	}
	into := widget.NewSelect(names, nil)
	into.PlaceHolder = "Choose a code"
	msg := widget.NewLabel(fmt.Sprintf("Every passage coded “%s” (%s) will be coded with the code you choose, and “%s” is removed from the codebook. You can undo this.", t.Name, plural(t.Passages, "passage"), t.Name))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Merge “"+t.Name+"” Into…", "Merge", "Cancel", container.NewVBox(msg, into), func(ok bool) {
		if !ok || into.Selected == "" {
			return
		}
		id := byName[into.Selected]
		done(id, ed.mergeTags(t.ID, id))
	}, win)
	d.Resize(fyne.NewSize(460, 260))
	d.Show()
	return d
}

// showDeleteTagDialog deletes a code after confirmation, and returns the
// dialog that asks.
func showDeleteTagDialog(win fyne.Window, ed *editor, t *annotate.Tag, done func(tagID string, err error)) dialog.Dialog {
	msg := fmt.Sprintf("Delete the code “%s”?\n\nIt is on %s. Those passages keep their other codes; a passage that has only this code is deleted with it. You can undo this with Edit ▸ Undo.", t.Name, plural(t.Passages, "passage"))
	d := dialog.NewConfirm("Delete Code", msg, func(ok bool) {
		if ok {
			done("", ed.deleteTag(t.ID))
		}
	}, win)
	d.SetConfirmText("Delete")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
	return d
}
