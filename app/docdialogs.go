package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// directions are the reading directions Details offers, as stored.
var directions = []struct{ label, value string }{
	{"From the text", ""}, {"Left to right", "ltr"}, {"Right to left", "rtl"},
}

// showDocumentDetails edits a document's title, outlet, author, date, URL,
// reading direction and attributes through the editor, as one undo step.
// done gets the error that stopped the change, or nil once it is saved. It
// returns the dialog shown, nil when the document could not be read.
func showDocumentDetails(win fyne.Window, ed *editor, id string, done func(error)) dialog.Dialog {
	doc, err := ed.db.Document(bg, id)
	if err != nil {
		done(err)
		return nil
	}
	entry := func(v, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(v)
		e.SetPlaceHolder(placeholder)
		return e
	}
	title := entry(doc.Title, "")
	title.Validator = required("a document needs a title")
	outlet := entry(doc.Outlet, "e.g. Axios, The Hill")
	byline := entry(doc.Byline, "the article's author(s)")
	date := entry(doc.Published, "YYYY-MM-DD")
	date.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
			if _, err := time.Parse(layout, s); err == nil {
				return nil
			}
		}
		return errors.New("write the date as YYYY-MM-DD (or YYYY-MM, YYYY)")
	}
	url := entry(doc.URL, "https://…")
	var labels []string
	for _, d := range directions {
		labels = append(labels, d.label)
	}
	dir := widget.NewSelect(labels, nil)
	for _, d := range directions {
		if d.value == doc.Direction {
			dir.SetSelected(d.label)
		}
	}
	// The memo: the researcher's on the document as a whole, or a REFI-QDA
	// source's description it was imported with.
	memo := widget.NewMultiLineEntry()
	memo.Wrapping = fyne.TextWrapWord
	memo.SetMinRowsVisible(3)
	memo.SetText(doc.Memo)
	memo.SetPlaceHolder("Your memo on the document as a whole")
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Outlet", outlet),
		widget.NewFormItem("Author", byline),
		widget.NewFormItem("Date", date),
		widget.NewFormItem("URL", url),
		{Text: "Direction", Widget: dir, HintText: "each paragraph's from its first letter, or one for the whole text"},
		widget.NewFormItem("Memo", memo),
	}
	// The document's attributes, each edited by the field of its kind.
	attrs, err := ed.db.Attributes(bg)
	if err != nil {
		done(err)
		return nil
	}
	dv, err := ed.db.DocumentValues(bg)
	if err != nil {
		done(err)
		return nil
	}
	fields := map[string]*attributeField{}
	for _, a := range attrs {
		f := newAttributeField(a, dv[id][a.ID])
		fields[a.ID] = f
		items = append(items, widget.NewFormItem(a.Name, f.widget))
	}
	if doc.Source != "" {
		src := widget.NewLabel(fmt.Sprintf("%s, added by %s on %s", doc.Source, orUnknown(doc.Author), when(doc.CreatedAt)))
		src.Wrapping = fyne.TextWrapWord
		items = append(items, widget.NewFormItem("Imported from", src))
	}
	save := func() error {
		direction := doc.Direction
		for _, d := range directions {
			if d.label == dir.Selected {
				direction = d.value
			}
		}
		upd := annotate.DocumentUpdate{Title: &title.Text, Outlet: &outlet.Text, Byline: &byline.Text, Published: &date.Text, URL: &url.Text,
			Direction: &direction, Memo: &memo.Text}
		values := map[string]string{}
		for aid, f := range fields {
			values[aid] = f.value()
		}
		if err := ed.updateDocumentDetails(id, upd, dv[id], values); err != nil {
			return err
		}
		done(nil)
		return nil
	}
	var kept *editingDialog
	d := dialog.NewForm("Document Details", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			done(err)
		}
	}, win)
	d.Resize(fyne.NewSize(560, 500+40*float32(len(attrs))))
	d.Show()
	typed := []*widget.Entry{title, outlet, byline, date, url, memo}
	for _, a := range attrs {
		if f := fields[a.ID]; f.entry != nil {
			typed = append(typed, f.entry)
		}
	}
	kept = editing(d, win, save, "Document Details", typed...)
	return kept
}

// confirmRemoveDocument asks before remove takes a document and its n
// passages out of the project, and returns the dialog that asks.
func confirmRemoveDocument(win fyne.Window, doc *annotate.Document, n int, remove func()) dialog.Dialog {
	msg := fmt.Sprintf("Remove “%s” and its %s from the project?\n\nYou can undo this with Edit ▸ Undo.", doc.Title, plural(n, "passage"))
	d := dialog.NewConfirm("Remove Document", msg, func(ok bool) {
		if ok {
			remove()
		}
	}, win)
	d.SetConfirmText("Remove")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
	return d
}
