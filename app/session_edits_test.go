package app

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/storage"
)

// otherProject makes an empty project, other.gloss, to open.
func otherProject(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.gloss")
	db, err := project.Create(path, false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// TestTypingInDialogsIsSavedBeforeAnotherProjectOpens types into Document
// Details, Edit Code and New Code, leaves them open and opens another
// project: the dialogs go, and what was typed is in the project it was
// typed for.
func TestTypingInDialogsIsSavedBeforeAnotherProjectOpens(t *testing.T) {
	u, _ := newTestUI(t)
	first := u.proj.db.Path()
	docID := u.doc.ID
	tag := u.cb.tags[0]

	u.editOpenDocument()
	details := topEntries(t, u.win)
	details[len(details)-1].SetText("Read against the Kremlin's readout.") // the memo, last of the entries
	u.tagDialog(tag)
	topEntries(t, u.win)[1].SetText("Passages on red lines in cyberspace.")
	u.tagDialog(nil)
	topEntries(t, u.win)[0].SetText("Summit atmosphere")
	// In tool windows: a briefing named, an attribute defined.
	bv, bw, _ := openBriefingView(t, u)
	bv.proj = u.proj
	test.Tap(findButton(t, bv.content, "New"))
	topEntries(t, bw)[0].SetText("Geneva readout")
	u.tools.show(attributesTool)
	aw := u.tools.open[attributesTool]
	test.Tap(findButton(t, aw.Content(), "Define Attribute…"))
	topEntries(t, aw)[0].SetText("Outlet type")

	u.openProject(otherProject(t))
	if filepath.Base(u.proj.db.Path()) != "other.gloss" {
		t.Fatalf("%s is open, want other.gloss", u.proj.db.Path())
	}
	if n := overlayCount(u.win); n != 0 {
		t.Errorf("%d dialogs left over the window", n)
	}
	db, err := storage.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d, err := db.Document(bg, docID); err != nil || d.Memo != "Read against the Kremlin's readout." {
		t.Errorf("the document's memo is %q (%v)", d.Memo, err)
	}
	tags, err := db.Tags(bg)
	if err != nil {
		t.Fatal(err)
	}
	var edited, created bool
	for _, x := range tags {
		edited = edited || x.ID == tag.ID && x.Description == "Passages on red lines in cyberspace."
		created = created || x.Name == "Summit atmosphere"
	}
	if !edited || !created {
		t.Errorf("the code edited was saved: %v; the code typed in New Code was created: %v", edited, created)
	}
	if bs, err := db.Briefings(bg); err != nil || len(bs) != 1 || bs[0].Name != "Geneva readout" {
		t.Errorf("briefings %v (%v), want the one named Geneva readout", bs, err)
	}
	if as, err := db.Attributes(bg); err != nil || len(as) != 1 || as[0].Name != "Outlet type" {
		t.Errorf("attributes %v (%v), want Outlet type", as, err)
	}
}

// TestTypingThatCannotBeSavedIsAskedAbout types a description into New
// Code with no name, which cannot be saved, and opens another project:
// the window asks first. Keep Editing keeps the project and the dialog
// with what was typed; Open drops it and opens the other project, and the
// code is not created.
func TestTypingThatCannotBeSavedIsAskedAbout(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t) // the auto-coding review reads its rules on the test's goroutine
	first := u.proj.db.Path()
	before := projectState(t, u.proj.db)
	u.tagDialog(nil)
	entries := topEntries(t, u.win)
	entries[1].SetText("Whatever the leaders said of each other")
	// A rule is added by its own button alone: it is asked about too.
	u.autocode(u.proj)
	tapButton(t, u, "New rule…")
	topEntries(t, u.win)[0].SetText("Cyber")
	other := otherProject(t)

	u.openProject(other)
	if u.proj.db.Path() != first {
		t.Fatalf("%s was opened over typing that cannot be saved", u.proj.db.Path())
	}
	msg := dialogText(t, u)
	for _, want := range []string{"New Code: a code needs a name\nNew rule: the rule is not added yet", "Opening other.gloss drops it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question says %q, want it to say %q", msg, want)
		}
	}
	tapButton(t, u, "Keep Editing")
	if u.proj.db.Path() != first || u.proj.closed() {
		t.Fatal("Keep Editing did not keep the project open")
	}
	if es := topEntries(t, u.win); len(es) < 1 || es[0].Text != "Cyber" {
		t.Fatal("the New rule dialog is not there with what was typed")
	}
	if n := u.proj.openDialogs(); n != 3 {
		t.Fatalf("%d dialogs open on the project, want New Code, Auto-code and New rule", n)
	}

	u.openProject(other)
	tapButton(t, u, "Open other.gloss")
	if filepath.Base(u.proj.db.Path()) != "other.gloss" {
		t.Fatalf("%s is open, want other.gloss", u.proj.db.Path())
	}
	if n := overlayCount(u.win); n != 0 {
		t.Errorf("%d dialogs left over the window", n)
	}
	if got := stateOfFile(t, first); got != before {
		t.Errorf("the project left changed:\n%s", got)
	}
}

// TestWordsKeptForADecisionAreDecidedBeforeTheProjectCloses types, in
// the Disagreements window's Put the Code on…, words that are not in the
// text, then words that are: the first cannot be decided and are asked
// about; the second are decided in the project as it closes.
func TestWordsKeptForADecisionAreDecidedBeforeTheProjectCloses(t *testing.T) {
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
	if got := s.unsavedTyping(); len(got) != 1 || !strings.HasPrefix(got[0], "Put the Code on…: ") {
		t.Fatalf("unsaved typing %q, want the words not in the text", got)
	}
	words.SetText("would return to their")
	if got := s.unsavedTyping(); len(got) != 0 {
		t.Fatalf("unsaved typing %q for words in the text", got)
	}
	if err := s.saveTyped(false); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Passages(bg, annotate.PassageFilter{Authors: []string{"Carol"}})
	if err != nil || len(ps) != 1 || ps[0].Quote != "would return to their" {
		t.Fatalf("Carol's passages %+v (%v), want the one decided on the words kept", ps, err)
	}
	if n := s.openDialogs(); n != 0 {
		t.Errorf("%d dialogs still open", n)
	}
}

// TestTypingForAnExportOrImportIsAskedAbout opens Export PDF and Import
// from Web Address on the project: untouched, they go with it unasked;
// with a subtitle or an address typed, opening another project asks first,
// since neither is done but by its own button.
func TestTypingForAnExportOrImportIsAskedAbout(t *testing.T) {
	u, _ := newTestUI(t)
	showExportDialog(u.win, u.proj, "pdf")
	export := topEntries(t, u.win)
	u.importWebDialog()
	address := topEntries(t, u.win)[0]
	if got := u.proj.unsavedTyping(); len(got) != 0 {
		t.Fatalf("dialogs nothing was typed into are asked about: %q", got)
	}
	export[1].SetText("What Geneva settled, and what it left open")
	address.SetText("https://www.example.com/2021/06/16/geneva-summit")
	want := []string{"Export PDF briefing: nothing is exported yet", "Import from Web Address: the page is not imported yet"}
	if got := u.proj.unsavedTyping(); !slices.Equal(got, want) {
		t.Fatalf("asked about %q, want %q", got, want)
	}
}

// TestAFailedSaveStopsTheSwitch types, in the Briefing window's New
// Briefing, the name of a briefing the project already has, and opens
// another project: storage refuses the name, so the project stays open,
// the main window says why, and the dialog is still there with the name
// typed. With the name corrected, the switch saves it and goes through.
func TestAFailedSaveStopsTheSwitch(t *testing.T) {
	u, _ := newTestUI(t)
	first := u.proj.db.Path()
	if err := u.proj.db.CreateBriefing(bg, &annotate.Briefing{Name: "Geneva readout"}); err != nil {
		t.Fatal(err)
	}
	bv, bw, _ := openBriefingView(t, u)
	bv.proj = u.proj
	test.Tap(findButton(t, bv.content, "New"))
	name := topEntries(t, bw)[0]
	name.SetText("Geneva Readout")
	other := otherProject(t)

	u.openProject(other)
	if u.proj.db.Path() != first || u.proj.closed() {
		t.Fatalf("%s is open: the switch went on over a save that failed", u.proj.db.Path())
	}
	msg := dialogText(t, u)
	for _, want := range []string{"Opening other.gloss was stopped", "New Briefing: a briefing named", "still in its dialog"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the main window says %q, want it to say %q", msg, want)
		}
	}
	if es := topEntries(t, bw); len(es) != 1 || es[0] != name || name.Text != "Geneva Readout" {
		t.Fatal("the New Briefing dialog is not there with the name typed")
	}

	name.SetText("Geneva readout, second day")
	u.openProject(other)
	if filepath.Base(u.proj.db.Path()) != "other.gloss" {
		t.Fatalf("%s is open, want other.gloss", u.proj.db.Path())
	}
	db, err := storage.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bs, err := db.Briefings(bg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range bs {
		names = append(names, b.Name)
	}
	slices.Sort(names)
	if want := []string{"Geneva readout", "Geneva readout, second day"}; !slices.Equal(names, want) {
		t.Errorf("briefings %q, want %q", names, want)
	}
}

// TestQuitSavesOrAsksAboutTyping quits with a code's description typed
// in Edit Code, and a description without a name in New Code: Quit asks
// first, and Keep Editing keeps the project open with the dialog. Named,
// the new code and the edit are saved as Gloss quits.
func TestQuitSavesOrAsksAboutTyping(t *testing.T) {
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	tag, newCode := typeIntoTwoCodeDialogs(t, u)

	u.quit()
	if u.proj == nil || u.proj.closed() {
		t.Fatal("Quit closed the project over typing that cannot be saved")
	}
	msg := dialogText(t, u)
	for _, want := range []string{"New Code: a code needs a name", "Quitting drops it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question says %q, want it to say %q", msg, want)
		}
	}
	tapButton(t, u, "Keep Editing")
	if u.proj == nil || u.proj.closed() || u.proj.openDialogs() != 2 {
		t.Fatal("Keep Editing did not keep the project and its dialogs")
	}

	newCode[0].SetText("Summit atmosphere")
	u.quit()
	if u.proj != nil {
		t.Fatal("Gloss did not quit")
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if edited, created := typedCodesSaved(t, db, tag.ID); !edited || !created {
		t.Errorf("the code edited was saved: %v; the new code was created: %v", edited, created)
	}
}

// typeIntoTwoCodeDialogs types a description into Edit Code for the
// project's first code, and a description without a name into New Code:
// what typedCodesSaved looks for. It returns the code edited and New
// Code's entries.
func typeIntoTwoCodeDialogs(t *testing.T, u *ui) (*annotate.Tag, []*widget.Entry) {
	t.Helper()
	tag := u.cb.tags[0]
	u.tagDialog(tag)
	topEntries(t, u.win)[1].SetText("Passages on red lines in cyberspace.")
	u.tagDialog(nil)
	newCode := topEntries(t, u.win)
	newCode[1].SetText("Whatever the leaders said of each other")
	return tag, newCode
}

// typedCodesSaved reports whether db holds what the Quit and lost-file
// tests type: the description of the code tagID edited, and the code
// "Summit atmosphere" created with its description.
func typedCodesSaved(t *testing.T, db *storage.DB, tagID string) (edited, created bool) {
	t.Helper()
	tags, err := db.Tags(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range tags {
		edited = edited || x.ID == tagID && x.Description == "Passages on red lines in cyberspace."
		created = created || x.Name == "Summit atmosphere" && x.Description == "Whatever the leaders said of each other"
	}
	return edited, created
}

// TestTheProjectAskedForLastIsTheOneAskedAbout types a description into
// New Code with no name, which cannot be saved, and asks for other.gloss,
// then, its question open, for third.gloss: one question is shown, about
// third.gloss. Keep Editing leaves the project and the dialog as they
// were, nothing more asked; Open opens third.gloss. A file that is checked
// a while before it opens withdraws the older question at once, and is
// asked about once checked. Quit asked for over the question, or while
// the file is checked, is asked about instead of it.
func TestTheProjectAskedForLastIsTheOneAskedAbout(t *testing.T) {
	u, _ := newTestUI(t)
	first := u.proj.db.Path()
	before := projectState(t, u.proj.db)
	u.tagDialog(nil)
	typed := topEntries(t, u.win)[1]
	typed.SetText("Whatever the leaders said of each other")
	other := otherProject(t)
	third := filepath.Join(t.TempDir(), "third.gloss")
	db, err := project.Create(third, false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	asked := func(when, doing string) {
		t.Helper()
		if n := overlayCount(u.win); n != 2 {
			t.Fatalf("%s: %d dialogs over the window, want New Code and one question", when, n)
		}
		if msg := dialogText(t, u); !strings.Contains(msg, doing+" drops it") {
			t.Fatalf("%s: the question says %q, want %q", when, msg, doing+" drops it")
		}
	}
	stayed := func(when string) {
		t.Helper()
		if u.proj.db.Path() != first || u.proj.closed() {
			t.Fatalf("%s: %s is open", when, u.proj.db.Path())
		}
		if n := overlayCount(u.win); n != 1 {
			t.Fatalf("%s: %d dialogs over the window, want New Code alone (top: %q)", when, n, topText(u.win))
		}
		if es := topEntries(t, u.win); len(es) < 2 || es[1] != typed || typed.Text != "Whatever the leaders said of each other" {
			t.Fatalf("%s: New Code is not there with what was typed", when)
		}
	}

	u.openProject(other)
	u.openProject(third)
	asked("third.gloss asked for over other.gloss's question", "Opening third.gloss")
	tapButton(t, u, "Keep Editing")
	stayed("Keep Editing")

	u.openProject(other)
	u.quit()
	asked("Quit over other.gloss's question", "Quitting")
	tapButton(t, u, "Keep Editing")
	stayed("Keep Editing on Quit")

	// third.gloss is checked a while: other.gloss's question goes as it
	// is asked for, and its own comes once it is checked.
	u.openProject(other)
	size := backgroundCheckSize
	backgroundCheckSize = 0
	t.Cleanup(func() { backgroundCheckSize, openFile = size, storage.Open })
	gate := make(chan struct{})
	openFile = func(path string) (*storage.DB, error) {
		<-gate
		return storage.Open(path)
	}
	u.openProject(third)
	if n := overlayCount(u.win); n != 1 || !strings.Contains(u.status.path.Text, "Checking third.gloss") {
		t.Fatalf("while third.gloss is checked: %d dialogs over the window (top: %q), status %q", n, topText(u.win), u.status.path.Text)
	}
	gate <- struct{}{}
	u.opens.Wait()
	asked("third.gloss checked", "Opening third.gloss")
	tapButton(t, u, "Keep Editing")
	stayed("Keep Editing on third.gloss checked")

	// Quit asked for while third.gloss is checked is the last request:
	// third.gloss is not opened once checked, nor asked about.
	u.openProject(third)
	u.quit()
	asked("Quit while third.gloss is checked", "Quitting")
	gate <- struct{}{}
	u.opens.Wait()
	asked("third.gloss checked after Quit", "Quitting")
	if title := u.win.Title(); title != "Gloss — test.gloss" {
		t.Errorf("the window is titled %q after Quit was asked for", title)
	}
	tapButton(t, u, "Keep Editing")
	stayed("Keep Editing on Quit, third.gloss checked")

	u.openProject(third)
	gate <- struct{}{}
	u.opens.Wait()
	tapButton(t, u, "Open third.gloss")
	if u.proj.db.Path() != third {
		t.Fatalf("%s is open, want third.gloss", u.proj.db.Path())
	}
	if n := overlayCount(u.win); n != 0 {
		t.Errorf("%d dialogs left over the window (top: %q)", n, topText(u.win))
	}
	if got := stateOfFile(t, first); got != before {
		t.Errorf("the project left changed:\n%s", got)
	}
}
