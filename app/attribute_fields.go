package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// notSetChoice is what a choice field offers for no value.
const notSetChoice = "(not set)"

// attributeField is the widget that edits one document's value of an
// attribute: a list for a choice, an entry checked as it is typed for a
// number or a date, a plain entry for text. value reads what it holds ("" for
// none); the entries' Validator says what does not fit.
type attributeField struct {
	widget fyne.CanvasObject
	value  func() string
	entry  *widget.Entry  // number, date and text
	choice *widget.Select // choice
}

func newAttributeField(a *annotate.Attribute, value string) *attributeField {
	f := &attributeField{}
	if a.Kind == annotate.AttributeChoice {
		opts := append([]string{notSetChoice}, a.Choices...)
		if value != "" && !containsFold(opts, value) {
			opts = append(opts, value) // a value the list no longer has stays until changed
		}
		f.choice = widget.NewSelect(opts, nil)
		f.choice.Selected = notSetChoice
		for _, o := range opts {
			if strings.EqualFold(o, value) {
				f.choice.Selected = o
			}
		}
		f.widget = f.choice
		f.value = func() string {
			if f.choice.Selected == notSetChoice {
				return ""
			}
			return f.choice.Selected
		}
		return f
	}
	f.entry = widget.NewEntry()
	f.entry.SetText(value)
	switch a.Kind {
	case annotate.AttributeDate:
		f.entry.SetPlaceHolder("YYYY-MM-DD, YYYY-MM or YYYY")
	case annotate.AttributeNumber:
		f.entry.SetPlaceHolder("a number")
	}
	f.entry.Validator = func(s string) error {
		_, err := a.Normalize(s)
		if err != nil {
			return errorText(annotate.ErrorMessage(err))
		}
		return nil
	}
	f.widget = f.entry
	f.value = func() string { return f.entry.Text }
	return f
}

// errorText is an error whose message is already a sentence.
type errorText string

func (e errorText) Error() string { return string(e) }

// defineAttributeDialog asks for a new attribute's name, kind and (for a
// choice) values, or changes an existing one (old not nil), and saves it
// through the editor; done gets the error that stopped it, or nil.
func defineAttributeDialog(win fyne.Window, ed *editor, old *annotate.Attribute, done func(error)) dialog.Dialog {
	name := widget.NewEntry()
	name.Validator = required("an attribute needs a name")
	name.SetPlaceHolder("e.g. Outlet type, Country, Stance")
	kinds := map[string]string{"Text": annotate.AttributeText, "Number": annotate.AttributeNumber, "Date": annotate.AttributeDate, "One of a list": annotate.AttributeChoice}
	labels := []string{"Text", "Number", "Date", "One of a list"}
	choices := widget.NewMultiLineEntry()
	choices.SetPlaceHolder("one value per line, e.g.\nWire\nNewspaper\nBroadcaster")
	choices.SetMinRowsVisible(5)
	kind := widget.NewSelect(labels, func(s string) {
		if kinds[s] == annotate.AttributeChoice {
			choices.Enable()
		} else {
			choices.Disable()
		}
	})
	kind.SetSelected("Text")
	title := "Define Attribute"
	if old != nil {
		title = "Edit Attribute"
		name.SetText(old.Name)
		for l, k := range kinds {
			if k == old.Kind {
				kind.SetSelected(l)
			}
		}
		choices.SetText(strings.Join(old.Choices, "\n"))
	}
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		{Text: "Kind", Widget: kind, HintText: "what its values are; a date may be a day, a month or a year"},
		{Text: "Values", Widget: choices, HintText: "for one of a list"},
	}
	save := func() error {
		a := &annotate.Attribute{Name: strings.TrimSpace(name.Text), Kind: kinds[kind.Selected]}
		if a.Kind == annotate.AttributeChoice {
			for _, l := range strings.Split(choices.Text, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					a.Choices = append(a.Choices, l)
				}
			}
		}
		var err error
		if old == nil {
			err = ed.defineAttribute(a)
		} else {
			a.ID = old.ID
			err = ed.updateAttribute(old, a)
		}
		if err != nil {
			return err
		}
		done(nil)
		return nil
	}
	var kept *editingDialog
	d := dialog.NewForm(title, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			done(err)
		}
	}, win)
	d.Resize(fyne.NewSize(480, 380))
	d.Show()
	kept = editing(d, win, save, title, name, choices)
	return kept
}
