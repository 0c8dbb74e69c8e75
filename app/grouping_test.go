package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestGroupingCodeIsNeverApplied: a code made a grouping code in the edit
// dialog shows as one in the codebook and the chips, and neither its key,
// its chip nor the inspector's list applies it; undo makes it an ordinary
// code again, which then applies.
func TestGroupingCodeIsNeverApplied(t *testing.T) {
	u, _ := newTestUI(t)
	var flashes []func()
	u.status.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } {
		flashes = append(flashes, f)
		return &manualTimer{f: f}
	}
	third := u.cb.tags[2]
	// The seed codebook's codes each have an auto-coding rule: one
	// cannot become a grouping code, and the dialog says why.
	editGrouping(t, u, third.ID)
	tapButton(t, u, "Save")
	if !dialogSays(t, u, "auto-coding rule") {
		t.Error("no error says the code is applied by a rule")
	}
	tapButton(t, u, "OK")
	rules, err := u.proj.db.Rules(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if r.TagID == third.ID {
			if err := u.proj.db.DeleteRule(bg, r.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	editGrouping(t, u, third.ID)
	tapButton(t, u, "Save")
	if got, err := u.proj.db.Tag(bg, third.ID); err != nil || !got.Grouping {
		t.Fatalf("tag after the edit: %+v, %v", got, err)
	}
	if !strings.Contains(u.cbook.desc.Text, "grouping code") {
		t.Errorf("codebook description %q", u.cbook.desc.Text)
	}
	// Its key goes free: a grouping code is never applied.
	var c *chip
	for _, o := range u.reader.chips.Objects {
		if oc, ok := o.(*chip); ok && oc.Name == third.Name {
			c = oc
		}
	}
	if c == nil || !c.Grouping || c.Key != "" {
		t.Fatalf("chip of the grouping code: %+v", c)
	}

	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	test.Tap(c)
	if n := len(allPassages(t, u.proj.db)); n != 0 {
		t.Fatalf("%d passages coded with a grouping code", n)
	}
	if !strings.Contains(u.status.message.Text, "is a grouping code") || len(flashes) != 2 {
		t.Errorf("status says %q (%d flashes, want one for the free key and one for the chip)", u.status.message.Text, len(flashes))
	}
	flashes[len(flashes)-1]()
	if u.status.message.Visible() {
		t.Error("the message stays after its time")
	}
	test.Type(u.view, "1")
	ps := allPassages(t, u.proj.db)
	if len(ps) != 1 {
		t.Fatalf("%d passages after pressing 1", len(ps))
	}
	u.selectPassage(ps[0].ID)
	for _, o := range u.insp.add.Options {
		if o == third.Name {
			t.Errorf("the inspector offers the grouping code %q", o)
		}
	}

	u.undo() // the passage
	u.undo() // the edit (deleting the rule was not made in the window)
	if got, _ := u.proj.db.Tag(bg, third.ID); got.Grouping {
		t.Fatal("undo left the grouping code")
	}
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	if ps := allPassages(t, u.proj.db); len(ps) != 1 || ps[0].Tags[0] != third.ID {
		t.Fatalf("an ordinary code again: %+v", ps)
	}
}

// editGrouping opens the edit dialog of a code and checks its grouping box.
func editGrouping(t *testing.T, u *ui, id string) {
	t.Helper()
	u.cbook.sel = id
	u.cbook.update()
	test.Tap(u.cbook.edit)
	for _, o := range overlayObjects(t, u) {
		if c, ok := o.(*widget.Check); ok && strings.Contains(c.Text, "Grouping code") {
			c.SetChecked(true)
			return
		}
	}
	t.Fatal("the edit dialog lacks the grouping check")
}

// dialogSays reports whether the top dialog shows text containing s.
func dialogSays(t *testing.T, u *ui, s string) bool {
	t.Helper()
	for _, o := range overlayObjects(t, u) {
		switch w := o.(type) {
		case *widget.Label:
			if strings.Contains(w.Text, s) {
				return true
			}
		case *widget.RichText:
			if strings.Contains(w.String(), s) {
				return true
			}
		}
	}
	return false
}
