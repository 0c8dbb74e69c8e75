package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// attributesView is the table of every document and its attributes: a row
// per document, a column per attribute. Choosing a cell edits that value;
// the buttons define, change and delete attributes. Every change goes
// through the editor, one undo step each.
type attributesView struct {
	win      fyne.Window
	ed       *editor
	onChange func()
	// proj, when set, is the project the attributes are of: what is typed
	// into its dialogs is saved into it before it closes (see editing).
	proj *session

	filter *widget.Entry
	status *widget.Label
	table  *widget.Table
	edit   *widget.Select // the attribute the Edit and Delete buttons act on
	editB  *widget.Button
	delB   *widget.Button

	attrs []*annotate.Attribute
	docs  []*annotate.Document // shown, by title
	all   []*annotate.Document
	dv    annotate.DocumentValues

	content fyne.CanvasObject
}

func newAttributesView(win fyne.Window, ed *editor, onChange func()) *attributesView {
	v := &attributesView{win: win, ed: ed, onChange: onChange}
	v.filter = widget.NewEntry()
	v.filter.SetPlaceHolder("Filter documents by title, outlet or author")
	v.filter.OnChanged = func(string) { v.show() }
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.docs), len(v.attrs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(v.docs) || id.Col >= len(v.attrs) {
				l.SetText("")
				return
			}
			val := v.dv[v.docs[id.Row].ID][v.attrs[id.Col].ID]
			if val == "" {
				l.Importance = widget.LowImportance
				l.SetText("—")
				return
			}
			l.Importance = widget.MediumImportance
			l.SetText(val)
		})
	v.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		switch {
		case id.Row < 0 && id.Col < 0:
			l.SetText("Document")
		case id.Row < 0 && id.Col < len(v.attrs):
			a := v.attrs[id.Col]
			l.SetText(a.Name + " (" + kindWord(a.Kind) + ")")
		case id.Col < 0 && id.Row < len(v.docs):
			l.SetText(v.docs[id.Row].Title)
		default:
			l.SetText("")
		}
	}
	v.table.SetColumnWidth(-1, 280)
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(v.docs) && id.Col >= 0 && id.Col < len(v.attrs) {
			v.editCell(v.docs[id.Row], v.attrs[id.Col])
		}
	}
	define := widget.NewButtonWithIcon("Define Attribute…", theme.ContentAddIcon(), func() {
		v.proj.keep(defineAttributeDialog(v.win, v.ed, nil, v.done))
	})
	v.edit = widget.NewSelect(nil, func(string) { v.buttons() })
	v.edit.PlaceHolder = "Attribute…"
	v.editB = widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() {
		if a := v.selected(); a != nil {
			v.proj.keep(defineAttributeDialog(v.win, v.ed, a, v.done))
		}
	})
	v.delB = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), v.deleteAttribute)
	bar := container.NewHBox(define, v.edit, v.editB, v.delB)
	v.content = container.NewBorder(container.NewVBox(bar, v.filter, v.status), nil, nil, nil, v.table)
	v.refresh()
	return v
}

// kindWord names a kind for a column heading.
func kindWord(kind string) string {
	if kind == annotate.AttributeChoice {
		return "list"
	}
	return kind
}

func (v *attributesView) selected() *annotate.Attribute {
	for _, a := range v.attrs {
		if a.Name == v.edit.Selected {
			return a
		}
	}
	return nil
}

func (v *attributesView) buttons() {
	if v.selected() == nil {
		v.editB.Disable()
		v.delB.Disable()
	} else {
		v.editB.Enable()
		v.delB.Enable()
	}
}

// refresh reads the attributes, documents and values again.
func (v *attributesView) refresh() {
	var err error
	if v.attrs, err = v.ed.db.Attributes(bg); err != nil {
		v.status.SetText("Cannot read the attributes: " + err.Error())
		return
	}
	if v.all, err = v.ed.db.Documents(bg, annotate.DocumentFilter{}); err != nil {
		v.status.SetText("Cannot read the documents: " + err.Error())
		return
	}
	if v.dv, err = v.ed.db.DocumentValues(bg); err != nil {
		v.status.SetText("Cannot read the values: " + err.Error())
		return
	}
	var names []string
	for _, a := range v.attrs {
		names = append(names, a.Name)
	}
	v.edit.Options = names
	if v.selected() == nil {
		v.edit.Selected = ""
	}
	v.edit.Refresh()
	v.buttons()
	for i := range v.attrs {
		v.table.SetColumnWidth(i, 170)
	}
	v.show()
}

// show lists the documents the filter keeps.
func (v *attributesView) show() {
	needle := strings.ToLower(strings.TrimSpace(v.filter.Text))
	v.docs = v.docs[:0]
	for _, d := range v.all {
		if needle == "" || strings.Contains(strings.ToLower(d.Title+"\n"+d.Outlet+"\n"+d.Byline), needle) {
			v.docs = append(v.docs, d)
		}
	}
	switch {
	case len(v.attrs) == 0:
		v.status.SetText("No attributes yet. Define one (outlet type, country, stance…) to compare documents by it in the Passages tab and in Analysis.")
	default:
		v.status.SetText(fmt.Sprintf("%s, %s. Choose a cell to set its value.", plural(len(v.docs), "document"), plural(len(v.attrs), "attribute")))
	}
	v.table.Refresh()
}

// editCell asks for a document's value of an attribute.
func (v *attributesView) editCell(d *annotate.Document, a *annotate.Attribute) {
	old := v.dv[d.ID][a.ID]
	f := newAttributeField(a, old)
	items := []*widget.FormItem{widget.NewFormItem(a.Name, f.widget)}
	save := func() error {
		if f.value() == old {
			return nil
		}
		if err := v.ed.setAttributes(map[string]map[string]string{d.ID: {a.ID: old}}, map[string]map[string]string{d.ID: {a.ID: f.value()}}); err != nil {
			return fmt.Errorf("the %s of “%s” was not saved: %w", a.Name, annotate.Ellipsize(d.Title, 60), err)
		}
		v.done(nil)
		return nil
	}
	var kept *editingDialog
	dlg := dialog.NewForm(annotate.Ellipsize(d.Title, 60), "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			v.done(err)
		}
	}, v.win)
	dlg.Resize(fyne.NewSize(420, 200))
	dlg.Show()
	// A value chosen from a list is not typed: only an entry's typing is
	// saved or asked about when the project closes.
	var typed []*widget.Entry
	if f.entry != nil {
		typed = append(typed, f.entry)
	}
	kept = editing(dlg, v.win, save, a.Name, typed...)
	v.proj.keep(kept)
	if f.entry != nil {
		v.win.Canvas().Focus(f.entry)
	}
}

// deleteAttribute removes the chosen attribute and its values, after asking.
func (v *attributesView) deleteAttribute() {
	a := v.selected()
	if a == nil {
		return
	}
	msg := fmt.Sprintf("Delete the attribute “%s” and its values on %s?\n\nYou can undo this with Edit ▸ Undo.", a.Name, plural(a.Documents, "document"))
	c := dialog.NewConfirm("Delete Attribute", msg, func(ok bool) {
		if ok {
			v.done(v.ed.deleteAttribute(a))
		}
	}, v.win)
	c.SetConfirmText("Delete")
	c.SetConfirmImportance(widget.DangerImportance)
	c.Show()
}

// done shows what a change did, or why it was refused.
func (v *attributesView) done(err error) {
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.refresh()
	if v.onChange != nil {
		v.onChange()
	}
}
