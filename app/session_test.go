package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/storage"
)

// The tests here start work on the window's project, open another project
// before the work is done (or before its dialog's button is pressed), then
// let it finish: neither project may change, and the researcher is told
// plainly what became of the work.

// queueWork holds the work started off the UI goroutine until the test
// runs it with runQueued.
func queueWork(t *testing.T) *[]func() {
	t.Helper()
	var pending []func()
	old := offUI
	offUI = func(work func()) { pending = append(pending, work) }
	t.Cleanup(func() { offUI = old })
	return &pending
}

// runQueued runs the work held, and the work it starts, in order.
func runQueued(pending *[]func()) {
	for len(*pending) > 0 {
		w := (*pending)[0]
		*pending = (*pending)[1:]
		w()
	}
}

// openOther opens a new empty project, other.gloss, in the window and
// returns it with what it holds.
func openOther(t *testing.T, u *ui) (*storage.DB, string) {
	t.Helper()
	other, err := project.Create(filepath.Join(t.TempDir(), "other.gloss"), false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(other)
	if u.proj.db != other {
		t.Fatal("other.gloss is not open")
	}
	return other, projectState(t, other)
}

// stateOfFile opens the project file at path again and returns what it
// holds.
func stateOfFile(t *testing.T, path string) string {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return projectState(t, db)
}

// wantClosedFirst fails the test unless the message says what was not done
// because test.gloss was closed first, in the researcher's words.
func wantClosedFirst(t *testing.T, msg, what string) {
	t.Helper()
	want := what + ": test.gloss was closed first (another project was opened)"
	if !strings.Contains(msg, want) && !strings.Contains(msg, capitalize(want)) || strings.Contains(msg, "database is closed") {
		t.Errorf("the message says %q, want %q", msg, want)
	}
}

// topText is what the topmost dialog over w says.
func topText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// topEntries are the entries of the topmost dialog over w, in order.
func topEntries(t *testing.T, w fyne.Window) []*widget.Entry {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var es []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			es = append(es, e)
		}
	}
	return es
}

// overlayCount is how many dialogs are over w.
func overlayCount(w fyne.Window) int { return len(w.Canvas().Overlays().List()) }

// TestProjectDialogsGoWithTheProject opens every dialog of the main
// window that acts on the project, and one in a tool window, then opens
// another project: they all go, as if cancelled, and neither project
// changes; a dialog about Gloss itself stays.
func TestProjectDialogsGoWithTheProject(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	s := u.proj
	first := s.db.Path()
	before := projectState(t, s.db)
	showShortcuts(u.win)
	// The reading view's context menu and the code palette offer the
	// project's codes.
	start, end := selectQuote(t, u, quoteA)
	u.contextMenu(nil, start, end, fyne.NewPos(200, 200))
	u.showCodePalette()
	u.tools.show(analysisTool)
	analysis := u.tools.open[analysisTool]
	dialog.ShowInformation("Still here?", "a dialog on the old project", analysis)

	opens := []struct {
		name string
		open func()
	}{
		{"New Code", func() { u.tagDialog(nil) }},
		{"Edit Code", func() { u.tagDialog(u.cb.tags[0]) }},
		{"Merge Code", func() { u.mergeTagDialog(u.cb.tags[0]) }},
		{"Delete Code", func() { u.deleteTagDialog(u.cb.tags[0]) }},
		{"Document Details", u.editOpenDocument},
		{"Remove Document", u.removeOpenDocument},
		{"Import Articles", u.importDialog},
		{"Import Folder", u.importFolderDialog},
		{"Import from Web Address", u.importWebDialog},
		{"Import Annotations", func() { showImportAnnotationsDialog(u.win, s, u.afterOutsideChange) }},
		{"Merge", func() { showMergeDialog(u.win, s, u.afterOutsideChange, u.undo) }},
		{"Save a Copy", func() { showSaveCopyDialog(u.win, s) }},
		{"Export PDF", func() { showExportDialog(u.win, s, "pdf") }},
		{"Export Web Annotations", func() { showExportAnnotationsDialog(u.win, s, "json") }},
		{"Export Passages", func() { u.exportPassages(annotate.PassageFilter{}) }},
		{"Auto-code", func() { u.autocode(s) }},
	}
	for _, o := range opens {
		n := overlayCount(u.win)
		o.open()
		if overlayCount(u.win) != n+1 {
			t.Fatalf("%s showed %d dialogs", o.name, overlayCount(u.win)-n)
		}
	}
	if n := s.openDialogs(); n != len(opens) {
		t.Fatalf("%d dialogs kept with the project, want %d", n, len(opens))
	}
	if n := overlayCount(u.win); n != len(opens)+3 {
		t.Fatalf("%d overlays, want %d", n, len(opens)+3)
	}

	other, newState := openOther(t, u)
	if n := s.openDialogs(); n != 0 {
		t.Errorf("%d dialogs of the closed project are still kept", n)
	}
	if n := overlayCount(u.win); n != 1 {
		t.Errorf("%d dialogs and pop-ups left over the window, want only Keyboard Shortcuts", n)
	} else if !strings.Contains(dialogContent(t, u), "Undo") {
		t.Errorf("the dialog left is not Keyboard Shortcuts:\n%s", dialogContent(t, u))
	}
	if analysis.Canvas().Overlays().Top() != nil {
		t.Error("a dialog on the closed project is still shown in the Analysis window")
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the new project changed:\n%s", got)
	}
	if got := stateOfFile(t, first); got != before {
		t.Errorf("the closed project changed:\n%s", got)
	}
}

// TestAnnotationImportStopsWhenTheProjectCloses chooses a file of
// annotations, opens another project before the import runs and lets it
// go on: neither project changes, and the researcher is told that the
// file was not imported because its project was closed first.
func TestAnnotationImportStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	pending := queueWork(t)
	first := u.proj.db.Path()
	var buf bytes.Buffer
	if _, err := exportAnnotations(bg, u.proj.db, "json", &buf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "colleague.json")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	rc, err := fynestorage.Reader(fynestorage.NewFileURI(file))
	if err != nil {
		t.Fatal(err)
	}
	before := projectState(t, u.proj.db)
	done := 0
	runImportAnnotations(u.win, u.proj, rc, func() { done++ })

	other, newState := openOther(t, u)
	runQueued(pending)
	if got := projectState(t, other); got != newState {
		t.Errorf("the import went into the project opened after it:\n%s", got)
	}
	if done != 0 {
		t.Error("the window was told of an import that did not happen")
	}
	wantClosedFirst(t, dialogText(t, u), "nothing was imported from colleague.json")
	if got := stateOfFile(t, first); got != before {
		t.Errorf("the closed project changed:\n%s", got)
	}
}

// TestExportsStopWhenTheProjectCloses starts each kind of export and Save
// a Copy, each replacing an earlier file of its name, opens another
// project before they run, and lets them go on: nothing is written, the
// earlier files are as they were, and each says why.
func TestExportsStopWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	guardSaves() // as the app does: the save dialog leaves the file it is to replace alone
	pending := queueWork(t)
	s := u.proj
	dir := t.TempDir()
	// The researcher chose to replace an earlier export of each name.
	made := func(name string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("earlier "+name), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var messages []string
	said := func(w fyne.Window) {
		if w.Canvas().Overlays().Top() == nil {
			t.Fatal("nothing said")
		}
		messages = append(messages, topText(w))
		dismissDialogs(w)
	}

	csv := made("passages.csv")
	f, err := newExportForm(s.db, "csv")
	if err != nil {
		t.Fatal(err)
	}
	f.proj = s
	var exportErr error
	f.start(u.win, csv, func(err error) { exportErr = err })

	annotations := made("annotations.json")
	w, err := fynestorage.Writer(fynestorage.NewFileURI(annotations))
	if err != nil {
		t.Fatal(err)
	}
	runExportAnnotations(u.win, s, "json", w)

	gloss := made("copy.gloss")
	saveCopy(u.win, s, gloss, storage.CopyOptions{}, nil)

	list := made("list.csv")
	u.writePassages(s, list, annotate.PassageFilter{}, nil, nil)

	if len(*pending) != 4 {
		t.Fatalf("%d pieces of work started, want 4", len(*pending))
	}
	other, newState := openOther(t, u)
	if n := overlayCount(u.win); n != 0 {
		t.Errorf("%d progress dialogs of the closed project left over the window", n)
	}
	work := *pending
	*pending = nil
	for _, run := range work {
		run()
		runQueued(pending)
		said(u.win)
	}
	if exportErr == nil {
		t.Error("the CSV export reports success")
	}
	for i, what := range []string{"nothing was written to passages.csv", "nothing was written to annotations.json", "no copy was saved as copy.gloss", "nothing was written to list.csv"} {
		wantClosedFirst(t, messages[i], what)
	}
	for _, path := range []string{csv, annotations, gloss, list} {
		if got, err := os.ReadFile(path); err != nil || string(got) != "earlier "+filepath.Base(path) {
			t.Errorf("%s holds %q (%v); want the earlier file", filepath.Base(path), got, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 4 {
		t.Errorf("files there: %v; want the four earlier ones alone", left)
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the new project changed:\n%s", got)
	}
}

// openNewBriefing opens the Briefing window on u's project, as the window
// does, with a new briefing in it.
func openNewBriefing(t *testing.T, u *ui) (*briefingView, fyne.Window) {
	t.Helper()
	v, w, _ := openBriefingView(t, u)
	v.proj = u.proj
	test.Tap(findButton(t, v.content, "New"))
	tapDialogButton(t, w, "Create")
	if v.cur == nil {
		t.Fatal("no briefing")
	}
	return v, w
}

// TestBriefingExportStopsWhenTheProjectCloses exports a briefing from the
// Briefing window and opens another project before it is written: no file
// is written and the window says why.
func TestBriefingExportStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	v, w := openNewBriefing(t, u)
	pending := queueWork(t)
	path := filepath.Join(t.TempDir(), "Briefing.pdf")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	v.writeBriefing(path, "pdf", copyBriefing(v.cur))
	openOther(t, u)
	runQueued(pending)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("nothing said")
	}
	wantClosedFirst(t, topText(w), "nothing was written to Briefing.pdf")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("Briefing.pdf is there (%v)", err)
	}
}

// TestAutocodeAcceptStopsWhenTheProjectCloses accepts an auto-coding
// proposal and opens another project before it is coded: nothing is
// coded in either project, the review goes, and the researcher is told.
func TestAutocodeAcceptStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	first := u.proj.db.Path()
	rule := &annotate.Rule{Name: "Envoys", Kind: annotate.RuleWords, Pattern: "ambassador*", TagID: u.cb.tags[0].ID, Scope: annotate.ScopeSentence}
	if err := u.proj.db.CreateRule(bg, rule); err != nil {
		t.Fatal(err)
	}
	before := projectState(t, u.proj.db)
	a := showAutocodeDialog(u.win, u.proj, func([]string) { t.Error("told of passages coded") })
	if len(a.proposals) == 0 {
		t.Fatalf("no proposals: %s", a.status.Text)
	}
	pending := queueWork(t)
	a.list.Select(0)
	test.Tap(a.accept)
	other, newState := openOther(t, u)
	if overlayCount(u.win) != 0 {
		t.Error("the review of the closed project is still shown")
	}
	runQueued(pending)
	wantClosedFirst(t, dialogText(t, u), "nothing was coded")
	if got := projectState(t, other); got != newState {
		t.Errorf("the new project changed:\n%s", got)
	}
	if got := stateOfFile(t, first); got != before {
		t.Errorf("the closed project changed:\n%s", got)
	}
}

// TestCodeAllHitsStopsWhenTheProjectCloses asks the Search window to code
// every hit and opens another project before the hits are found: no
// review opens on the project shown now, and the window says why.
func TestCodeAllHitsStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	s := u.proj
	w := test.NewTempWindow(t, nil)
	pending := queueWork(t)
	showCodeHitsReview(w, s, s.db, s.ed, "ambassadors", func(int) { t.Error("told of hits coded") })
	dismissDialogs(w) // the window is rebuilt on the other project
	other, newState := openOther(t, u)
	runQueued(pending)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing said")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	wantClosedFirst(t, strings.Join(texts, "\n"), "the hits were not coded")
	if got := projectState(t, other); got != newState {
		t.Errorf("the new project changed:\n%s", got)
	}
}

// TestImportChosenForAClosedProject chooses articles in a dialog opened on
// one project after another was opened (a dialog the system draws is not
// dismissed with the project): nothing is imported, and the researcher is
// told why.
func TestImportChosenForAClosedProject(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	s := u.proj
	file := filepath.Join(t.TempDir(), "statement.md")
	if err := os.WriteFile(file, []byte("# Joint statement\n\nThe two presidents agreed.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other, newState := openOther(t, u)
	u.importInto(s, []string{file})
	wantClosedFirst(t, dialogText(t, u), "nothing was imported from statement.md")
	if got := projectState(t, other); got != newState {
		t.Errorf("the article went into the project opened after it:\n%s", got)
	}
}

// TestRecoveredWorkStaysOutOfTheProjectOpenedMeanwhile merges the work
// recovered from a replaced file into the new file, and saves it
// elsewhere, while the researcher opens another project: that project
// stays open and unchanged, and the researcher is told where the work
// went; a save the project closes under writes nothing.
func TestRecoveredWorkStaysOutOfTheProjectOpenedMeanwhile(t *testing.T) {
	u, _ := newTestUI(t)
	pending := queueWork(t)
	s := u.proj
	theirs, _ := theirFile(t)
	lost := &storage.FileChangedError{Path: theirs, Recovery: s.db.Path()}
	u.mergeRecovered(s, lost, nil)
	mine := filepath.Join(t.TempDir(), "mine.gloss")
	u.saveVersionAs(s, mine, nil)
	other, newState := openOther(t, u)
	work := *pending
	*pending = nil

	work[0]() // the merge into the new file
	if u.proj.db != other {
		t.Fatalf("the window shows %s, not the project opened meanwhile", u.proj.db.Path())
	}
	if msg := dialogText(t, u); !strings.Contains(msg, "merged into theirs.gloss, which was not opened: other.gloss was opened meanwhile") {
		t.Errorf("the message says %q", msg)
	}
	if got := stateOfFile(t, theirs); !strings.Contains(got, "Reykjavik") || !strings.Contains(got, "doc ") || strings.Count(got, "doc ") < 5 {
		t.Errorf("theirs.gloss after the merge:\n%s", got)
	}
	dismissDialogs(u.win)

	work[1]() // the save elsewhere
	wantClosedFirst(t, dialogText(t, u), "your version was not saved as mine.gloss")
	if _, err := os.Stat(mine); !os.IsNotExist(err) {
		t.Errorf("mine.gloss is there (%v)", err)
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the project opened meanwhile changed:\n%s", got)
	}
	if u.busy != 0 {
		t.Errorf("%d tasks still counted as running", u.busy)
	}
}

// TestTeamFolderFileIsNotStartedFromAClosedProject joins a team folder,
// which starts the researcher's file there as a copy of the open project,
// and opens another project before the copy is written: no file is
// started, the project opened stays open, and the researcher is told.
func TestTeamFolderFileIsNotStartedFromAClosedProject(t *testing.T) {
	t.Setenv("GLOSS_AUTHOR", "Ada")
	u, _ := newTestUI(t)
	pending := queueWork(t)
	folder := t.TempDir()
	u.joinTeamFolder(folder)
	tapButton(t, u, "Start Ada.gloss")
	other, newState := openOther(t, u)
	runQueued(pending)
	wantClosedFirst(t, dialogText(t, u), "your file Ada.gloss was not started")
	if u.proj.db != other {
		t.Errorf("the window shows %s, not the project opened", u.proj.db.Path())
	}
	if left, _ := filepath.Glob(filepath.Join(folder, "*")); len(left) != 0 {
		t.Errorf("files in the team folder: %v", left)
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the project opened changed:\n%s", got)
	}
}
