package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// typeOnCanvas types s into whatever has the keyboard in the window.
func typeOnCanvas(t *testing.T, u *ui, s string) {
	t.Helper()
	f := u.win.Canvas().Focused()
	if f == nil {
		t.Fatalf("nothing has the keyboard to type %q into", s)
	}
	for _, r := range s {
		u.win.Canvas().Focused().TypedRune(r)
	}
}

// TestKeysWorkAfterAChipClick clicks a code chip with the keyboard in the
// note box: the reading view gets the keyboard back, so the next number
// key codes the next selection.
func TestKeysWorkAfterAChipClick(t *testing.T) {
	u, _ := newTestUI(t)
	u.win.Canvas().Focus(u.insp.note)
	selectQuote(t, u, quoteA)
	test.Tap(u.reader.chip(0))
	if f := u.win.Canvas().Focused(); f != u.view {
		t.Fatalf("after a chip click the keyboard is with %T, not the reading view", f)
	}
	selectQuote(t, u, "Villa La Grange")
	typeOnCanvas(t, u, "2")
	ps, err := u.proj.db.Passages(bg, annotate.PassageFilter{TagIDs: []string{u.cb.withKey(2).ID}})
	if err != nil || len(ps) != 1 || ps[0].Quote != "Villa La Grange" {
		t.Fatalf("key 2 after the chip click coded %+v, %v", ps, err)
	}
}

// TestTypingANameWithTextSelected types a code's name straight after
// selecting text: the letters go to "New code…", and Enter codes the
// selection with the new code and gives the keyboard back.
func TestTypingANameWithTextSelected(t *testing.T) {
	u, _ := newTestUI(t)
	u.win.Canvas().Focus(u.view)
	selectQuote(t, u, "Villa La Grange")
	typeOnCanvas(t, u, "Venues")
	if f := u.win.Canvas().Focused(); f != u.reader.newTag || u.reader.newTag.Text != "Venues" {
		t.Fatalf("typing a name with text selected: the keyboard is with %T, the new-code box reads %q", f, u.reader.newTag.Text)
	}
	u.reader.newTag.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tag, err := u.proj.db.TagByName(bg, "Venues")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := u.proj.db.Passages(bg, annotate.PassageFilter{TagIDs: []string{tag.ID}})
	if err != nil || len(ps) != 1 || ps[0].Quote != "Villa La Grange" {
		t.Fatalf("passages coded Venues = %+v, %v", ps, err)
	}
	if f := u.win.Canvas().Focused(); f != u.view {
		t.Fatalf("after Enter the keyboard is with %T, not the reading view", f)
	}
	// Without a selection, letters do nothing.
	u.view.SetSelection(0, 0)
	u.selectPassage("")
	typeOnCanvas(t, u, "x")
	if u.win.Canvas().Focused() != u.view || u.reader.newTag.Text != "" {
		t.Fatal("a letter typed with nothing selected went to the new-code box")
	}
}
