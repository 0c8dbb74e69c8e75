package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// topSelects are the selects of the topmost dialog over w, in order.
func topSelects(w fyne.Window) []*widget.Select {
	var ss []*widget.Select
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// TestARefusedSaveKeepsWhatWasTyped types, into each dialog that edits
// the project, what storage (or the dialog's own check) refuses, and
// presses the dialog's own button: the error says why over the dialog,
// which is back with exactly what was typed, still one of the project's
// dialogs; corrected, the same dialog saves it and goes.
func TestARefusedSaveKeepsWhatWasTyped(t *testing.T) {
	for _, c := range []struct {
		name string
		// open shows the dialog over w, on a project s that will refuse
		// what is typed.
		open   func(t *testing.T, u *ui) (w fyne.Window)
		typed  map[int]string // an entry's place in the dialog: what is typed into it
		choose func(t *testing.T, u *ui, w fyne.Window)
		button string
		why    string // what the error says
		// fix corrects the typing (es, the dialog's entries) so that the
		// save goes through, and saved says whether it did.
		fix   func(w fyne.Window, es []*widget.Entry)
		saved func(t *testing.T, u *ui) bool
	}{{
		name: "New Code, a name taken",
		open: func(t *testing.T, u *ui) fyne.Window {
			u.tagDialog(nil)
			return u.win
		},
		typed:  map[int]string{0: "ambassadors", 1: "Whatever the leaders said of each other"},
		button: "Create",
		why:    `A code named "Ambassadors" already exists`,
		fix:    func(_ fyne.Window, es []*widget.Entry) { es[0].SetText("Summit atmosphere") },
		saved: func(t *testing.T, u *ui) bool {
			_, created := typedCodesSaved(t, u.proj.db, "")
			return created
		},
	}, {
		name: "Edit Code, a code with passages made a grouping code",
		open: func(t *testing.T, u *ui) fyne.Window {
			codeQuote(t, u, "Biden", u.cb.tags[0].Name)
			u.tagDialog(u.cb.tags[0])
			return u.win
		},
		typed: map[int]string{1: "Passages on red lines in cyberspace."},
		choose: func(t *testing.T, u *ui, w fyne.Window) {
			for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
				if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "Grouping code") {
					c.SetChecked(true)
				}
			}
		},
		button: "Save",
		why:    "grouping code is never applied to a passage",
		fix: func(w fyne.Window, _ []*widget.Entry) {
			for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
				if c, ok := o.(*widget.Check); ok {
					c.SetChecked(false)
				}
			}
		},
		saved: func(t *testing.T, u *ui) bool {
			edited, _ := typedCodesSaved(t, u.proj.db, u.cb.tags[0].ID)
			return edited
		},
	}, {
		name: "Define Attribute, a name taken",
		open: func(t *testing.T, u *ui) fyne.Window {
			if err := u.proj.db.CreateAttribute(bg, &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeText}); err != nil {
				t.Fatal(err)
			}
			u.tools.show(attributesTool)
			w := u.tools.open[attributesTool]
			test.Tap(findButton(t, w.Content(), "Define Attribute…"))
			return w
		},
		typed:  map[int]string{0: "outlet Type"},
		button: "Save",
		why:    `attribute named "outlet Type" already exists`,
		fix:    func(_ fyne.Window, es []*widget.Entry) { es[0].SetText("Outlet country") },
		saved: func(t *testing.T, u *ui) bool {
			a, err := u.proj.db.AttributeByName(bg, "Outlet country")
			return err == nil && a != nil
		},
	}, {
		name: "A value of an attribute deleted meanwhile",
		open: func(t *testing.T, u *ui) fyne.Window {
			a := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeText}
			if err := u.proj.db.CreateAttribute(bg, a); err != nil {
				t.Fatal(err)
			}
			u.tools.show(attributesTool)
			w := u.tools.open[attributesTool]
			findFirst[*widget.Table](t, w.Content()).Select(widget.TableCellID{Row: 0, Col: 0})
			if err := u.proj.db.DeleteAttribute(bg, a.ID); err != nil { // in another window, say
				t.Fatal(err)
			}
			return w
		},
		typed:  map[int]string{0: "Wire service"},
		button: "Save",
		why:    "Outlet type of “Biden and Putin hold their Geneva summit” was not saved: attribute ",
	}, {
		name: "New Briefing, a name taken",
		open: func(t *testing.T, u *ui) fyne.Window {
			if err := u.proj.db.CreateBriefing(bg, &annotate.Briefing{Name: "Geneva readout"}); err != nil {
				t.Fatal(err)
			}
			v, w, _ := openBriefingView(t, u)
			v.proj = u.proj
			test.Tap(findButton(t, v.content, "New"))
			return w
		},
		typed:  map[int]string{0: "Geneva Readout"},
		button: "Create",
		why:    `briefing named "Geneva readout" already exists`,
		fix:    func(_ fyne.Window, es []*widget.Entry) { es[0].SetText("Geneva readout, second day") },
		saved:  func(t *testing.T, u *ui) bool { return briefingNamed(t, u.proj.db, "Geneva readout, second day") },
	}, {
		name: "Rename Briefing, a name taken",
		open: func(t *testing.T, u *ui) fyne.Window {
			v, w := openNewBriefing(t, u)
			if err := u.proj.db.CreateBriefing(bg, &annotate.Briefing{Name: "Geneva readout"}); err != nil {
				t.Fatal(err)
			}
			v.renameBriefing()
			return w
		},
		typed:  map[int]string{0: "geneva readout"},
		button: "Rename",
		why:    `briefing named "Geneva readout" already exists`,
		fix:    func(_ fyne.Window, es []*widget.Entry) { es[0].SetText("Geneva, the second day") },
		saved:  func(t *testing.T, u *ui) bool { return briefingNamed(t, u.proj.db, "Geneva, the second day") },
	}, {
		name: "New rule, a name taken",
		open: func(t *testing.T, u *ui) fyne.Window {
			inline(t) // the rule is added off the UI goroutine; the seed's rules have "Cyber"
			u.autocode(u.proj)
			tapButton(t, u, "New rule…")
			return u.win
		},
		typed: map[int]string{0: "cyber", 1: "hack*|ransomware"},
		choose: func(t *testing.T, u *ui, w fyne.Window) {
			topSelects(w)[0].SetSelected(u.cb.tags[0].Name)
		},
		button: "Add",
		why:    `rule named "Cyber" already exists`,
		fix:    func(_ fyne.Window, es []*widget.Entry) { es[0].SetText("Hacking") },
		saved: func(t *testing.T, u *ui) bool {
			rs, err := u.proj.db.Rules(bg)
			return err == nil && slices.ContainsFunc(rs, func(r *annotate.Rule) bool { return r.Name == "Hacking" && r.Pattern == "hack*|ransomware" })
		},
	}, {
		name: "Import from Web Address, an address that is not one",
		open: func(t *testing.T, u *ui) fyne.Window {
			u.importWebDialog()
			return u.win
		},
		typed:  map[int]string{0: "https://www.example.com/geneva\nexample.com/helsinki"},
		button: "Import",
		why:    "helsinki: not a web address",
	}} {
		t.Run(c.name, func(t *testing.T) {
			u, _ := newTestUI(t)
			w := c.open(t, u)
			es := topEntries(t, w)
			for i, text := range c.typed {
				es[i].SetText(text)
			}
			if c.choose != nil {
				c.choose(t, u, w)
			}
			want := make([]string, len(es))
			for i, e := range es {
				want[i] = e.Text
			}
			dialogs := u.proj.openDialogs()

			tapDialogButton(t, w, c.button)
			if msg := topText(w); !strings.Contains(msg, c.why) {
				t.Fatalf("the error says %q, want it to say %q", msg, c.why)
			}
			tapDialogButton(t, w, "OK")
			back := topEntries(t, w)
			if len(back) != len(es) {
				t.Fatalf("%d entries in the dialog on top, want the %d of the dialog refused", len(back), len(es))
			}
			for i, e := range back {
				if e != es[i] || e.Text != want[i] {
					t.Errorf("entry %d is %q, want %q as typed", i, e.Text, want[i])
				}
			}
			if n := u.proj.openDialogs(); n != dialogs {
				t.Errorf("%d dialogs kept with the project, want %d: the one refused is one of them", n, dialogs)
			}
			if c.saved == nil {
				return
			}
			c.fix(w, es)
			tapDialogButton(t, w, c.button)
			if !c.saved(t, u) {
				t.Error("corrected, what was typed is not saved")
			}
			if n := u.proj.openDialogs(); n != dialogs-1 {
				t.Errorf("%d dialogs kept with the project after the save, want %d", n, dialogs-1)
			}
		})
	}
}

// briefingNamed reports whether db has a briefing of that name.
func briefingNamed(t *testing.T, db *storage.DB, name string) bool {
	t.Helper()
	bs, err := db.Briefings(bg)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(bs, func(b *annotate.Briefing) bool { return b.Name == name })
}

// TestDecidingWordsNotInTheTextKeepsThem types, in the Disagreements
// window's Put the Code on…, words that are not in the text and presses
// Decide: the window says why, and the dialog is back with the words.
func TestDecidingWordsNotInTheTextKeepsThem(t *testing.T) {
	test.NewTempApp(t)
	db := twoCoders(t)
	db.SetAuthor("Carol")
	s := newSession(db)
	w := test.NewTempWindow(t, nil)
	v := newReconcileView(w, s.ed, nil)
	v.proj = s
	w.SetContent(v.content)
	v.list.Select(0)
	v.editRange()
	words := topEntries(t, w)[0]
	words.SetText("would come back")

	tapDialogButton(t, w, "Decide")
	if msg := topText(w); !strings.Contains(msg, "not in the document") {
		t.Fatalf("the error says %q, want it to say the words are not in the document", msg)
	}
	tapDialogButton(t, w, "OK")
	if es := topEntries(t, w); len(es) != 1 || es[0] != words || words.Text != "would come back" {
		t.Fatal("Put the Code on… is not back with the words typed")
	}
	if got := s.unsavedTyping(); len(got) != 1 {
		t.Errorf("unsaved typing %q, want the words not in the text asked about", got)
	}
}

// TestDetailsTypedWhenTheFileIsLostGoIntoTheCopy types a memo into
// Document Details, deletes the project's file and presses Save: the
// save is refused, the window moves to the recovery copy, and the memo
// typed is saved there.
func TestDetailsTypedWhenTheFileIsLostGoIntoTheCopy(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	docID := u.doc.ID
	u.editOpenDocument()
	details := topEntries(t, u.win)
	details[len(details)-1].SetText("Read against the Kremlin's readout.") // the memo, last of the entries
	if !u.checkFile(u.proj) {
		t.Fatal("an unchanged file stops the watching")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}

	tapButton(t, u, "Save")
	if !strings.Contains(u.proj.db.Path(), "(recovered ") {
		t.Fatalf("the window shows %s; want the recovery copy", u.proj.db.Path())
	}
	if d, err := u.proj.db.Document(bg, docID); err != nil || d.Memo != "Read against the Kremlin's readout." {
		t.Errorf("in the recovery copy, the document's memo is %q (%v)", d.Memo, err)
	}
	if text := dialogContent(t, u); !strings.Contains(text, "test.gloss was deleted") {
		t.Errorf("the notice of the lost file is not on top:\n%s", text)
	}
	if n := overlayCount(u.win); n != 1 {
		t.Errorf("%d dialogs over the window, want the notice alone: Document Details went, saved", n)
	}
}

// TestClosingAToolWindowSavesOrAsksAboutItsDialogs closes the Document
// Attributes window with two Define Attribute dialogs in it: one named,
// one with values but no name. Closing asks, in the window, about the
// one that cannot be saved; Keep Editing keeps the window and both
// dialogs. Closing again and dropping it saves the named one and leaves
// nothing on the project to save or ask about later: another project
// opens unasked. A name taken stops the closing, and the window says
// why; a window closed without asking (by the system) saves what it can.
func TestClosingAToolWindowSavesOrAsksAboutItsDialogs(t *testing.T) {
	u, _ := newTestUI(t)
	first := u.proj.db.Path()
	define := func() (fyne.Window, []*widget.Entry) {
		t.Helper()
		u.tools.show(attributesTool)
		w := u.tools.open[attributesTool]
		test.Tap(findButton(t, w.Content(), "Define Attribute…"))
		return w, topEntries(t, w)
	}
	w, named := define()
	named[0].SetText("Outlet type")
	_, unnamed := define()
	topSelects(w)[0].SetSelected("One of a list")
	unnamed[1].SetText("Wire\nNewspaper")

	u.tools.askClose(attributesTool)
	msg := topText(w)
	for _, want := range []string{"in the Document Attributes window", "Define Attribute: an attribute needs a name", "Closing the Document Attributes window drops it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question says %q, want it to say %q", msg, want)
		}
	}
	tapDialogButton(t, w, "Keep Editing")
	if u.tools.open[attributesTool] != w || u.proj.openDialogs() != 2 {
		t.Fatalf("Keep Editing: the window open %v, %d dialogs on the project; want it and both", u.tools.open[attributesTool] == w, u.proj.openDialogs())
	}
	if es := topEntries(t, w); len(es) < 2 || es[1] != unnamed[1] || es[1].Text != "Wire\nNewspaper" {
		t.Fatal("the dialog asked about is not there with what was typed")
	}

	u.tools.askClose(attributesTool)
	tapDialogButton(t, w, "Close the Window")
	if _, open := u.tools.open[attributesTool]; open {
		t.Fatal("the window is still open")
	}
	if n := u.proj.openDialogs(); n != 0 {
		t.Errorf("%d dialogs of the closed window kept with the project", n)
	}
	if a, err := u.proj.db.AttributeByName(bg, "Outlet type"); err != nil || a == nil {
		t.Errorf("the attribute named is not saved (%v)", err)
	}

	// A name taken stops the closing.
	w, taken := define()
	taken[0].SetText("outlet Type")
	u.tools.askClose(attributesTool)
	if u.tools.open[attributesTool] != w {
		t.Fatal("the window closed over a save that failed")
	}
	msg = topText(w)
	for _, want := range []string{"Closing the Document Attributes window was stopped", `attribute named "outlet Type" already exists`, "still in its dialog"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the window says %q, want it to say %q", msg, want)
		}
	}
	tapDialogButton(t, w, "OK")
	if es := topEntries(t, w); len(es) < 1 || es[0] != taken[0] || taken[0].Text != "outlet Type" {
		t.Fatal("the dialog is not there with the name typed")
	}

	// Closed by the system, the window saves what it can.
	taken[0].SetText("Country")
	w.Close()
	if n := u.proj.openDialogs(); n != 0 {
		t.Errorf("%d dialogs of the closed window kept with the project", n)
	}

	u.openProject(otherProject(t))
	if filepath.Base(u.proj.db.Path()) != "other.gloss" {
		t.Fatalf("%s is open, want other.gloss: the switch asked about a dialog no longer shown", u.proj.db.Path())
	}
	db, err := storage.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	as, err := db.Attributes(bg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	if want := []string{"Country", "Outlet type"}; !slices.Equal(names, want) {
		t.Errorf("attributes %q, want %q", names, want)
	}
}

// findFirst finds the first object of type T laid out in o.
func findFirst[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject) T {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if found, ok := x.(T); ok {
			return found
		}
	}
	var none T
	t.Fatalf("no %T laid out", none)
	return none
}
