package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// cellOf renders a cell of the attributes table.
func cellOf(v *attributesView, row, col int) string {
	l := widget.NewLabel("")
	v.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text
}

func TestAttributesView(t *testing.T) {
	u, _ := newTestUI(t)
	w := test.NewTempWindow(t, nil)
	v := newAttributesView(w, u.proj.ed, u.refresh)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(900, 500))
	if len(v.docs) != 4 || len(v.attrs) != 0 || v.editB.Disabled() == false {
		t.Fatalf("no attributes yet: %d documents, %d attributes", len(v.docs), len(v.attrs))
	}
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	v.done(u.proj.ed.defineAttribute(outlet))
	axios := v.docs[0]
	if err := u.proj.ed.setAttributes(map[string]map[string]string{axios.ID: {outlet.ID: ""}}, map[string]map[string]string{axios.ID: {outlet.ID: "newspaper"}}); err != nil {
		t.Fatal(err)
	}
	v.refresh()
	if cellOf(v, 0, 0) != "Newspaper" || cellOf(v, 1, 0) != "—" {
		t.Fatalf("cells %q, %q", cellOf(v, 0, 0), cellOf(v, 1, 0))
	}
	// The Passages tab can now filter by it.
	if u.plist.scope.Hidden || len(u.plist.scope.attrs) != 1 {
		t.Fatalf("the Passages tab's attribute filter: hidden %v", u.plist.scope.Hidden)
	}
	// Choosing a cell edits it; the field refuses a value that does not fit.
	v.editCell(v.docs[1], outlet)
	sel := findSelect(t, w, notSetChoice)
	sel.SetSelected("Wire")
	tapDialogButton(t, w, "Save")
	if cellOf(v, 1, 0) != "Wire" {
		t.Fatalf("edited cell %q", cellOf(v, 1, 0))
	}
	if u.proj.ed.stack.undoName() != "Set Attribute" {
		t.Fatalf("undo names %q", u.proj.ed.stack.undoName())
	}
	if _, err := u.proj.ed.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
	v.refresh()
	if cellOf(v, 1, 0) != "—" {
		t.Fatalf("after undo %q", cellOf(v, 1, 0))
	}
	// Changing the list so that a value no longer fits is refused.
	narrower := *outlet
	narrower.Choices = []string{"Wire"}
	if err := u.proj.ed.updateAttribute(outlet, &narrower); err == nil {
		t.Fatal("a change that a value does not fit was made")
	}
	words := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	v.done(u.proj.ed.defineAttribute(words))
	f := newAttributeField(words, "")
	if f.entry.Validator("1,200") != nil || f.entry.Validator("many") == nil {
		t.Fatal("the number field takes what it should not, or refuses what it should take")
	}
	v.filter.SetText("hill")
	if len(v.docs) != 1 {
		t.Fatalf("filtered: %d documents", len(v.docs))
	}
}

// TestDocumentDetailsAttributes sets attributes in a document's details,
// as one undo step with the metadata.
func TestDocumentDetailsAttributes(t *testing.T) {
	u, _ := newTestUI(t)
	stance := &annotate.Attribute{Name: "Stance", Kind: annotate.AttributeChoice, Choices: []string{"Hawkish", "Dovish"}}
	if err := u.proj.ed.defineAttribute(stance); err != nil {
		t.Fatal(err)
	}
	var result error = errorText("not done")
	showDocumentDetails(u.win, u.proj.ed, u.doc.ID, func(err error) { result = err })
	for _, o := range overlayObjects(t, u) {
		if s, ok := o.(*widget.Select); ok && s.Selected == notSetChoice {
			s.SetSelected("Dovish")
		}
		if e, ok := o.(*widget.Entry); ok && e.Text == "Axios" {
			e.SetText("Axios Media")
		}
	}
	tapButton(t, u, "Save")
	if result != nil {
		t.Fatal(result)
	}
	dv, _ := u.proj.db.DocumentValues(bg)
	d, _ := u.proj.db.Document(bg, u.doc.ID)
	if dv[u.doc.ID][stance.ID] != "Dovish" || d.Outlet != "Axios Media" {
		t.Fatalf("saved %q, outlet %q", dv[u.doc.ID][stance.ID], d.Outlet)
	}
	if name := u.proj.ed.stack.undoName(); name != "Edit Document Details" {
		t.Fatalf("undo names %q", name)
	}
	if _, err := u.proj.ed.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
	dv, _ = u.proj.db.DocumentValues(bg)
	d, _ = u.proj.db.Document(bg, u.doc.ID)
	if dv[u.doc.ID][stance.ID] != "" || d.Outlet != "Axios" {
		t.Fatalf("after one undo: %q, outlet %q", dv[u.doc.ID][stance.ID], d.Outlet)
	}
}

// findSelect finds the select showing text in w's topmost dialog.
func findSelect(t *testing.T, w fyne.Window, text string) *widget.Select {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok && s.Selected == text {
			return s
		}
	}
	t.Fatalf("no select showing %q", text)
	return nil
}
