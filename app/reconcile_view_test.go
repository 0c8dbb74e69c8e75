package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

func TestReconcileView(t *testing.T) {
	test.NewTempApp(t)
	db := twoCoders(t)
	db.SetAuthor("Carol")
	ed := newEditor(db)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	changed := 0
	v := newReconcileView(w, ed, func() { changed++ })
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1000, 600))
	if len(v.items) != 1 || !strings.Contains(v.status.Text, "1 stretch where Ada and Ben coded differently, 1 not decided yet") {
		t.Fatalf("%d items, status %q", len(v.items), v.status.Text)
	}
	v.list.Select(0)
	if v.pane.Hidden || v.sideA.Text != "“ambassadors would return to their posts” (85–124)" || v.sideB.Text != "“ambassadors would return” (85–109)" {
		t.Fatalf("side by side: %q | %q", v.sideA.Text, v.sideB.Text)
	}
	var bold, only []string
	for _, s := range v.text.Segments {
		if ts, ok := s.(*widget.TextSegment); ok {
			switch {
			case ts.Style.TextStyle.Bold && !ts.Style.TextStyle.Italic && !ts.Style.TextStyle.Underline:
				bold = append(bold, ts.Text)
			case ts.Style.TextStyle.Italic:
				only = append(only, ts.Text)
			}
		}
	}
	if strings.Join(bold, "") != "ambassadors would return" || strings.Join(only, "") != " to their posts" {
		t.Fatalf("in the text: both %q, only Ada %q", bold, only)
	}
	// Accepting Ada's takes the code off Ben's passage, which had no other.
	v.note.SetText("The whole clause")
	test.Tap(v.acceptA)
	ps, _ := db.Passages(bg, annotate.PassageFilter{Authors: []string{"Ben"}})
	if len(ps) != 0 || changed == 0 {
		t.Fatalf("Ben's passages after accepting Ada's: %d", len(ps))
	}
	if !strings.Contains(v.decision.Text, "Decided by Carol") || !strings.Contains(v.decision.Text, "Ada's version. “The whole clause”") || !v.acceptA.Disabled() {
		t.Fatalf("decision shown: %q", v.decision.Text)
	}
	if ed.stack.undoName() != "Reconcile Disagreement" {
		t.Fatalf("undo names %q", ed.stack.undoName())
	}
	if _, err := ed.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
	v.refresh()
	ps, _ = db.Passages(bg, annotate.PassageFilter{Authors: []string{"Ben"}})
	if len(ps) != 1 || v.acceptA.Disabled() {
		t.Fatalf("after undo: %d passages of Ben's, buttons disabled %v", len(ps), v.acceptA.Disabled())
	}
	// An edited range: the words kept must be the document's.
	doc, _ := db.Documents(bg, annotate.DocumentFilter{})
	full, _ := db.Document(bg, doc[0].ID)
	text := annotate.NewText(full.Text)
	s, e, err := rangeNear(text, "would return to their", 85, 124)
	if err != nil || text.Slice(s, e) != "would return to their" {
		t.Fatalf("range %d–%d, %v", s, e, err)
	}
	if _, _, err := rangeNear(text, "would come back", 85, 124); err == nil {
		t.Fatal("words not in the text were taken")
	}
	v.decide(annotate.DecideEdit, s, e)
	ps, _ = db.Passages(bg, annotate.PassageFilter{Authors: []string{"Carol"}})
	if len(ps) != 1 || ps[0].Quote != "would return to their" {
		t.Fatalf("Carol's passage: %+v", ps)
	}
	test.Tap(v.reverse)
	ps, _ = db.Passages(bg, annotate.PassageFilter{})
	if len(ps) != 2 {
		t.Fatalf("after reversing the edit: %d passages", len(ps))
	}
}
