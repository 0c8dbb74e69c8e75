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
	"gloss/app/docview"
)

// directions are the reading directions Details offers, as stored.
var directions = []struct{ label, value string }{
	{"From the text", ""}, {"Left to right", "ltr"}, {"Right to left", "rtl"},
}

// editDocumentDialog edits a document's title, outlet, author, date, URL
// and reading direction.
func (u *ui) editDocumentDialog(id string) {
	doc, err := u.db.Document(bg, id)
	if err != nil {
		u.showError(err)
		return
	}
	entry := func(v, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(v)
		e.SetPlaceHolder(placeholder)
		return e
	}
	title := entry(doc.Title, "")
	title.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("a document needs a title")
		}
		return nil
	}
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
	items := []*widget.FormItem{
		widget.NewFormItem("Title", title),
		widget.NewFormItem("Outlet", outlet),
		widget.NewFormItem("Author", byline),
		widget.NewFormItem("Date", date),
		widget.NewFormItem("URL", url),
		{Text: "Direction", Widget: dir, HintText: "each paragraph's from its first letter, or one for the whole text"},
	}
	if doc.Source != "" {
		src := widget.NewLabel(fmt.Sprintf("%s, added by %s on %s", doc.Source, orUnknown(doc.Author), when(doc.CreatedAt)))
		src.Wrapping = fyne.TextWrapWord
		items = append(items, widget.NewFormItem("Imported from", src))
	}
	d := dialog.NewForm("Document Details", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		direction := doc.Direction
		for _, d := range directions {
			if d.label == dir.Selected {
				direction = d.value
			}
		}
		upd := annotate.DocumentUpdate{Title: &title.Text, Outlet: &outlet.Text, Byline: &byline.Text, Published: &date.Text, URL: &url.Text,
			Direction: &direction}
		if _, err := u.ed.updateDocument(id, upd); err != nil {
			u.showError(err)
			return
		}
		if u.doc != nil && u.doc.ID == id {
			if fresh, err := u.db.Document(bg, id); err == nil {
				u.doc = fresh
				u.reader.showDocument(fresh)
				u.view.SetDirection(docview.ParseDirection(fresh.Direction))
			}
		}
		u.afterEdit()
	}, u.win)
	d.Resize(fyne.NewSize(560, 400))
	d.Show()
}

// removeDocumentDialog removes the open document after confirmation.
func (u *ui) removeDocumentDialog() {
	if u.doc == nil {
		return
	}
	doc := u.doc
	n := len(u.passages)
	msg := fmt.Sprintf("Remove “%s” and its %s from the project?\n\nYou can undo this with Edit ▸ Undo.", doc.Title, plural(n, "passage"))
	d := dialog.NewConfirm("Remove Document", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := u.ed.deleteDocument(doc.ID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
		if u.doc == nil && len(u.docs.items) > 0 {
			u.openDocument(u.docs.items[0].ID)
		}
	}, u.win)
	d.SetConfirmText("Remove")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}
