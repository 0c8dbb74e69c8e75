package app

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// listSelection is the row a widget.List highlights, -1 for none.
func listSelection(l *widget.List) int {
	sel := reflect.ValueOf(l).Elem().FieldByName("selected")
	if sel.Len() == 0 {
		return -1
	}
	return int(sel.Index(0).Int())
}

// editDialog opens the Edit dialog of the codebook's selected code and
// returns its parent and key choices.
func editDialog(t *testing.T, u *ui) (parent, key *widget.Select) {
	t.Helper()
	test.Tap(u.cbook.edit)
	for _, o := range overlayObjects(t, u) {
		if s, ok := o.(*widget.Select); ok && len(s.Options) > 0 {
			switch s.Options[0] {
			case "(top level)":
				parent = s
			case noKey:
				key = s
			}
		}
	}
	if parent == nil || key == nil {
		t.Fatal("the Edit Code dialog lacks the parent or the key")
	}
	return parent, key
}

// TestKeysStayWithTheirCodes nests a code under the first: every code
// keeps its key (Ambassadors stays on 3, the ninth on 9), and the codebook
// goes on highlighting the code Edit and Delete act on. A key given to a
// code in the Edit dialog moves to it from the code that had it, and one
// Undo gives it back.
func TestKeysStayWithTheirCodes(t *testing.T) {
	u, _ := newTestUI(t)
	if len(u.cb.tags) < 9 {
		t.Fatalf("the sample codebook has %d codes, want at least 9", len(u.cb.tags))
	}
	keys := map[string]string{}
	for _, tg := range u.cb.tags {
		keys[tg.Name] = u.cb.keyOf(tg)
	}
	amb := u.cb.named("Ambassadors")
	if keys["Ambassadors"] != "3" {
		t.Fatalf("Ambassadors is on key %q in the sample codebook, want 3", keys["Ambassadors"])
	}
	moved := u.cb.tags[5]
	u.cbook.list.Select(5)
	parent, _ := editDialog(t, u)
	parent.SetSelected(u.cb.tags[0].Name)
	tapButton(t, u, "Save")
	if u.cb.tags[1].ID != moved.ID {
		t.Fatalf("%s is not listed under %s after nesting", moved.Name, u.cb.tags[0].Name)
	}
	for _, tg := range u.cb.tags {
		if got := u.cb.keyOf(tg); got != keys[tg.Name] {
			t.Errorf("after nesting %s, %s is on key %q, was %q", moved.Name, tg.Name, got, keys[tg.Name])
		}
	}
	if row := listSelection(u.cbook.list); row < 0 || u.cb.tags[row].ID != u.cbook.sel || u.cbook.sel != moved.ID {
		t.Fatalf("the codebook highlights row %d while Edit acts on %q, want both on %s", row, u.cbook.sel, moved.Name)
	}

	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	if p, err := u.proj.db.Passage(bg, u.selected); err != nil || p.Tags[0] != amb.ID {
		t.Fatalf("key 3 coded %+v, %v; want Ambassadors", p, err)
	}

	// Give Ambassadors key 7.
	seventh := u.cb.withKey(7)
	u.cbook.selectTag(amb.ID)
	_, key := editDialog(t, u)
	want := "7 (now " + seventh.Name + ")"
	found := false
	for _, o := range key.Options {
		found = found || o == want
	}
	if !found {
		t.Fatalf("the key choices %q lack %q", key.Options, want)
	}
	key.SetSelected(want)
	tapButton(t, u, "Save")
	if u.cb.withKey(7).ID != amb.ID || u.cb.keyOf(u.cb.tag(seventh.ID)) != "" || u.cb.withKey(3) != nil {
		t.Fatalf("after giving key 7 to Ambassadors: 7 is %s, %s has %q, 3 is %v", u.cb.withKey(7).Name, seventh.Name, u.cb.keyOf(u.cb.tag(seventh.ID)), u.cb.withKey(3))
	}
	var chip7 *chip
	for _, o := range u.reader.chips.Objects {
		if c, ok := o.(*chip); ok && c.Key == "7" {
			chip7 = c
		}
	}
	if chip7 == nil || chip7.Name != "Ambassadors" {
		t.Fatalf("the chip on key 7 is %+v", chip7)
	}
	u.undo()
	if u.cb.withKey(7).ID != seventh.ID || u.cb.withKey(3).ID != amb.ID {
		t.Fatalf("undo left key 7 on %s and 3 on %v", u.cb.withKey(7).Name, u.cb.withKey(3))
	}
}
