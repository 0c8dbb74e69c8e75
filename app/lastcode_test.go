package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// removeChip taps the × of the inspector's chip for the code named name.
func removeChip(t *testing.T, u *ui, name string) {
	t.Helper()
	for _, o := range u.insp.chips.Objects {
		if c := o.(*chip); c.Name == name && c.OnRemove != nil {
			test.TapAt(c, fyne.NewPos(c.Size().Width-2, c.Size().Height/2))
			return
		}
	}
	t.Fatalf("no removable chip %q in the inspector", name)
}

// TestRemovingTheLastCodeAsksFirst takes the only code off a passage with
// a note: nothing is deleted until the researcher says so, keeping it
// keeps passage and note, and deleting it offers Undo, which brings both
// back.
func TestRemovingTheLastCodeAsksFirst(t *testing.T) {
	u, timers := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "1")
	id := u.selected
	test.Type(u.insp.note, "The one concrete outcome")
	(*timers)[len(*timers)-1].f()
	name := u.cb.tags[0].Name

	removeChip(t, u, name)
	if p, err := u.proj.db.Passage(bg, id); err != nil || len(p.Tags) != 1 || p.Note.Text != "The one concrete outcome" {
		t.Fatalf("the passage changed before the answer: %+v, %v", p, err)
	}
	msg := dialogText(t, u)
	for _, want := range []string{name, "deletes the passage", "its note", "The one concrete outcome", "Undo"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question %q does not mention %q", msg, want)
		}
	}
	tapButton(t, u, "Keep It")
	if p, err := u.proj.db.Passage(bg, id); err != nil || len(p.Tags) != 1 {
		t.Fatalf("keeping the passage lost it: %+v, %v", p, err)
	}

	removeChip(t, u, name)
	tapButton(t, u, "Delete Passage")
	if _, err := u.proj.db.Passage(bg, id); err == nil {
		t.Fatal("the passage survived the confirmed deletion")
	}
	if u.status.undo.Hidden || !strings.Contains(u.status.message.Text, "Passage deleted") {
		t.Fatalf("no Undo offered after the deletion: %q (button hidden %v)", u.status.message.Text, u.status.undo.Hidden)
	}
	test.Tap(u.status.undo)
	p, err := u.proj.db.Passage(bg, id)
	if err != nil || p.Note.Text != "The one concrete outcome" || len(p.Tags) != 1 {
		t.Fatalf("Undo brought back %+v, %v; want the passage with its code and note", p, err)
	}
	if !u.status.undo.Hidden {
		t.Error("the Undo button stays after it was used")
	}
}

// dialogText is the text of the labels in the dialog on top, which must
// be shown.
func dialogText(t *testing.T, u *ui) string {
	t.Helper()
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}
