package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// pressEnter types Enter into the entry, as the keyboard does.
func pressEnter(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// TestEnterInANameDialogConfirmsIt types a name into New Briefing, Rename
// Briefing and New Code and presses Enter: each does what its confirm
// button does.
func TestEnterInANameDialogConfirmsIt(t *testing.T) {
	u, _ := newTestUI(t)
	v, w, _ := openBriefingView(t, u)
	v.proj = u.proj

	test.Tap(findButton(t, v.content, "New"))
	name := topEntries(t, w)[0]
	name.SetText("Geneva summit: what changed")
	pressEnter(name)
	if !briefingNamed(t, u.proj.db, "Geneva summit: what changed") {
		t.Fatal("Enter in New Briefing made no briefing")
	}
	if overlayCount(w) != 0 {
		t.Errorf("New Briefing still open after Enter")
	}

	v.renameBriefing()
	name = topEntries(t, w)[0]
	name.SetText("Geneva, the first day")
	pressEnter(name)
	if !briefingNamed(t, u.proj.db, "Geneva, the first day") {
		t.Error("Enter in Rename Briefing did not rename it")
	}

	u.tagDialog(nil)
	name = topEntries(t, u.win)[0]
	name.SetText("Summit atmosphere")
	pressEnter(name)
	tags, err := u.proj.db.Tags(bg)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range tags {
		found = found || x.Name == "Summit atmosphere"
	}
	if !found {
		t.Error("Enter in New Code made no code")
	}
}

// TestNameDialogsShowANameWhole opens New Briefing and Rename Briefing:
// their name entry is wide enough for a name of a few words, not only for
// "Briefing".
func TestNameDialogsShowANameWhole(t *testing.T) {
	u, _ := newTestUI(t)
	v, w, _ := openBriefingView(t, u)
	v.proj = u.proj
	test.Tap(findButton(t, v.content, "New"))
	if got := topEntries(t, w)[0].Size().Width; got < 300 {
		t.Errorf("New Briefing's entry is %.0f wide", got)
	}
	tapDialogButton(t, w, "Create")
	v.renameBriefing()
	if got := topEntries(t, w)[0].Size().Width; got < 300 {
		t.Errorf("Rename Briefing's entry is %.0f wide", got)
	}
}
