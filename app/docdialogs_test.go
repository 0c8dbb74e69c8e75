package app

import (
	"testing"

	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// TestDocumentMemoInDetails: the memo a REFI-QDA source's description
// arrives as shows in Document Details, where it can be edited and the
// edit undone.
func TestDocumentMemoInDetails(t *testing.T) {
	u, _ := newTestUI(t)
	doc := u.doc
	imported := "Dispatch from the press centre."
	if _, err := u.proj.db.UpdateDocument(bg, doc.ID, annotate.DocumentUpdate{Memo: &imported}); err != nil {
		t.Fatal(err)
	}
	u.editOpenDocument()
	var memo *widget.Entry
	for _, o := range overlayObjects(t, u) {
		if e, ok := o.(*widget.Entry); ok && e.MultiLine && e.Text == imported {
			memo = e
		}
	}
	if memo == nil {
		t.Fatal("the details dialog does not show the memo")
	}
	memo.SetText(imported + "\nRead with the Kremlin readout.")
	tapButton(t, u, "Save")
	if got, _ := u.proj.db.Document(bg, doc.ID); got.Memo != imported+"\nRead with the Kremlin readout." {
		t.Fatalf("memo after the edit: %q", got.Memo)
	}
	u.undo()
	if got, _ := u.proj.db.Document(bg, doc.ID); got.Memo != imported {
		t.Fatalf("memo after undo: %q", got.Memo)
	}
}
