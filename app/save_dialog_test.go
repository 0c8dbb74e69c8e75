package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// writerIntoGoneFolder opens a writer for a file named name in a folder
// that is then removed, as a save dialog hands one over for a folder taken
// away before the write: writing through it fails. It returns the file's
// path too.
func writerIntoGoneFolder(t *testing.T, name string) (fyne.URIWriteCloser, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	return w, path
}

// shownSave is a save dialog a test was shown: what it asked and how to
// answer it.
type shownSave struct {
	opt  saveAs
	done func(fyne.URIWriteCloser, error)
}

// captureSaves has the save dialogs shown from now on recorded instead of
// shown, for the test to answer.
func captureSaves(t *testing.T) *[]shownSave {
	t.Helper()
	var shown []shownSave
	old := openSave
	openSave = func(_ fyne.Window, _ *session, opt saveAs, done func(fyne.URIWriteCloser, error)) {
		shown = append(shown, shownSave{opt, done})
	}
	t.Cleanup(func() { openSave = old })
	return &shown
}

// saveUse is one place that asks where to save.
type saveUse struct {
	what    string
	win     func() fyne.Window // the window it speaks in
	ask     func()             // shows its save dialog, through what comes before it
	name    string             // the file name suggested
	exts    []string           // the extensions listed
	folder  string             // the kind of folder remembered
	notDone string             // what the message says was not done; "" for a project-less save
	// back is the title of the dialog that asked, shown again when no
	// file is chosen; "" when none asked.
	back string
}

// saveUses are all the places in the window and its tool windows that ask
// where to save, on the window's project.
func saveUses(t *testing.T, u *ui) []saveUse {
	t.Helper()
	inline(t)
	codeQuotes(t, u, [][2]string{{"raised human rights and cyberattacks", "Human rights"}})
	main := func() fyne.Window { return u.win }
	tool := func(kind string) func() fyne.Window {
		return func() fyne.Window { return u.tools.open[kind] }
	}
	u.tools.show(memosTool)
	u.tools.show(analysisTool)
	u.tools.show(agreementTool)
	bv, bw := openNewBriefing(t, u)
	agreement := makeAgreementView(u.tools.open[agreementTool], u.proj.db)
	agreement.proj = u.proj
	agreement.names = [2]string{"Ada", "Ben"}
	return []saveUse{
		{"Export PDF", main, func() {
			showExportDialog(u.win, u.proj, "pdf")
			tapDialogButton(t, u.win, "Export…")
		}, "test.pdf", []string{".pdf"}, folderExports, "nothing was written to", "Export PDF briefing"},
		{"Export Web Annotations", main, func() { showExportAnnotationsDialog(u.win, u.proj, "json") },
			"test.jsonld", []string{".jsonld"}, folderExports, "nothing was written to", ""},
		{"Export Passages", main, func() { u.exportPassages(annotate.PassageFilter{}) },
			"passages.csv", []string{".csv"}, folderExports, "nothing was written to", ""},
		{"Save a Copy", main, func() {
			showSaveCopyDialog(u.win, u.proj)
			tapDialogButton(t, u.win, "Choose file…")
		}, "test (copy).gloss", []string{".gloss"}, folderProjects, "no copy was saved as", "Save a copy"},
		{"Save My Version Elsewhere", main, func() {
			// The notice of a lost file offers it (see showFileLost).
			u.showFileLost(&storage.FileChangedError{Path: u.proj.db.Path(), Deleted: true, Recovery: u.proj.db.Path()})
			tapDialogButton(t, u.win, "Save my version elsewhere…")
		}, "test (mine).gloss", nil, folderProjects, "your version was not saved as", "test.gloss was deleted"},
		{"New Project", main, func() {
			u.newProjectDialog()
			tapDialogButton(t, u.win, "Choose File…")
		}, "Untitled.gloss", nil, folderProjects, "", "New Project"},
		{"Briefing Export", func() fyne.Window { return bw }, func() { bv.exportAs("md") },
			"Briefing.md", []string{".md"}, folderExports, "nothing was written to", ""},
		{"Memos Export", tool(memosTool), func() { test.Tap(findButton(t, u.tools.open[memosTool].Content(), "Export…")) },
			"memos.md", []string{".md", ".csv"}, folderExports, "nothing was written to", ""},
		{"Analysis CSV", tool(analysisTool), func() { test.Tap(findButton(t, u.tools.open[analysisTool].Content(), "Export CSV…")) },
			analysisMatrix + ".csv", []string{".csv"}, folderExports, "nothing was written to", ""},
		{"Analysis Chart", tool(analysisTool), func() { test.Tap(findButton(t, u.tools.open[analysisTool].Content(), "Export chart…")) },
			analysisMatrix + ".png", []string{".png", ".svg"}, folderExports, "nothing was written to", ""},
		{"Agreement CSV", tool(agreementTool), agreement.saveCSV,
			"agreement Ada-Ben.csv", []string{".csv"}, folderExports, "nothing was written to", ""},
	}
}

// ask shows use's save dialog and returns it.
func ask(t *testing.T, shown *[]shownSave, use saveUse) shownSave {
	t.Helper()
	n := len(*shown)
	use.ask()
	if len(*shown) != n+1 {
		t.Fatalf("%s showed %d save dialogs", use.what, len(*shown)-n)
	}
	return (*shown)[n]
}

// TestEverySaveDialogAsksAlike asks each place that saves a file where to
// save it: each suggests its name, lists its extensions and starts in the
// folder of its kind; an error of the dialog is shown in its window, and a
// cancel writes nothing and says nothing.
func TestEverySaveDialogAsksAlike(t *testing.T) {
	u, _ := newTestUI(t)
	shown := captureSaves(t)
	dir := t.TempDir()
	for _, use := range saveUses(t, u) {
		d := ask(t, shown, use)
		if d.opt.name != use.name || d.opt.folder != use.folder {
			t.Errorf("%s suggests %q in the %q folder, want %q in %q", use.what, d.opt.name, d.opt.folder, use.name, use.folder)
		}
		if use.exts != nil && !slices.Equal(d.opt.exts, use.exts) {
			t.Errorf("%s lists %v, want %v", use.what, d.opt.exts, use.exts)
		}
		if use.exts == nil && (d.opt.filter == nil || !d.opt.filter.Matches(fynestorage.NewFileURI("/x/a.gloss")) || d.opt.filter.Matches(fynestorage.NewFileURI("/x/a.csv"))) {
			t.Errorf("%s does not list .gloss files alone", use.what)
		}
		if d.opt.near == "" && use.notDone != "" {
			t.Errorf("%s starts nowhere near the project", use.what)
		}
		w := use.win()
		before := overlayCount(w)
		d.done(nil, nil)
		if back := d.opt.back != nil; back != (use.back != "") {
			t.Errorf("%s: the dialog that asked comes back when no file is chosen: %v", use.what, back)
		}
		if use.back != "" {
			// The dialog that asked is back, its choices kept (see
			// TestAnExportNotWrittenKeepsItsChoices): only it.
			if overlayCount(w) != before+1 || !strings.Contains(topText(w), use.back) {
				t.Errorf("%s shows %q when cancelled, not its dialog again", use.what, topText(w))
			}
			dismissDialogs(w)
			before = overlayCount(w)
		}
		if overlayCount(w) != before {
			t.Errorf("%s said something when cancelled: %q", use.what, topText(w))
		}
		d.done(nil, errors.New("the disk is not mounted"))
		if got := topText(w); !strings.Contains(strings.ToLower(got), "the disk is not mounted") {
			t.Errorf("%s shows %q for a dialog's error", use.what, got)
		}
		dismissDialogs(w)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("files written: %v", left)
	}
}

// TestSavesChosenAfterTheProjectClosedWriteNothing asks each place on the
// project where to save, then opens another project before the file is
// chosen (a native dialog stays open while the window moves on) and
// chooses an earlier file of that name: nothing is written, the earlier
// file is as it was, the folder is remembered, and each says why in its
// window.
func TestSavesChosenAfterTheProjectClosedWriteNothing(t *testing.T) {
	u, _ := newTestUI(t)
	guardSaves() // as the app does: the dialog leaves the file it is to replace alone
	shown := captureSaves(t)
	uses := saveUses(t, u)
	asked := make([]shownSave, len(uses))
	for i, use := range uses {
		asked[i] = ask(t, shown, use)
	}
	other, newState := openOther(t, u)
	dir := t.TempDir()
	for i, use := range uses {
		if use.notDone == "" {
			continue // saves no project
		}
		path := filepath.Join(dir, use.name)
		if err := os.WriteFile(path, []byte("earlier"), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		u.app.Preferences().SetString(folderPref(use.folder), "")
		asked[i].done(w, nil)
		win := use.win()
		wantClosedFirst(t, topText(win), use.notDone+" "+use.name)
		dismissDialogs(win)
		if got, err := os.ReadFile(path); err != nil || string(got) != "earlier" {
			t.Errorf("%s: %s holds %.40q (%v), not the earlier file", use.what, use.name, got, err)
		}
		if got := u.app.Preferences().String(folderPref(use.folder)); got != dir {
			t.Errorf("%s remembers the folder %q, want %q", use.what, got, dir)
		}
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the project opened meanwhile changed:\n%s", got)
	}
}

// TestNewProjectKeepsTheFileItWouldReplace chooses, in New Project, a
// file that is there: a project is not made over it, the file is as it
// was and the researcher is told why; a file left empty is made the new
// project.
func TestNewProjectKeepsTheFileItWouldReplace(t *testing.T) {
	u, _ := newTestUI(t)
	guardSaves()
	shown := captureSaves(t)
	dir := t.TempDir()
	choose := func(path string) {
		t.Helper()
		u.newProjectDialog()
		tapDialogButton(t, u.win, "Choose File…")
		w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		(*shown)[len(*shown)-1].done(w, nil)
	}

	old := filepath.Join(dir, "fieldwork.gloss")
	if err := os.WriteFile(old, []byte("a colleague's project"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := u.proj.db.Path()
	choose(old)
	if got, _ := os.ReadFile(old); string(got) != "a colleague's project" {
		t.Errorf("fieldwork.gloss holds %.40q after New Project chose it", got)
	}
	if msg := topText(u.win); !strings.Contains(msg, "fieldwork.gloss: file already exists") {
		t.Errorf("the window says %q", msg)
	}
	if u.proj.db.Path() != first {
		t.Errorf("%s is open", u.proj.db.Path())
	}
	dismissDialogs(u.win)

	empty := filepath.Join(dir, "empty.gloss")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	choose(empty)
	if u.proj.db.Path() != empty {
		t.Errorf("%s is open, want the new empty.gloss", u.proj.db.Path())
	}
}

// topRadio is the radio group of the topmost dialog over w.
func topRadio(t *testing.T, w fyne.Window) *widget.RadioGroup {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	for _, o := range test.LaidOutObjects(top) {
		if r, ok := o.(*widget.RadioGroup); ok {
			return r
		}
	}
	t.Fatalf("no choice in the dialog (top: %q)", topText(w))
	return nil
}

// TestANewProjectNotMadeKeepsItsChoice chooses the sample articles in New
// Project, presses Choose File… and cancels the save dialog: New Project
// is back with the samples chosen. Then the file chosen is one there
// already, which is not replaced: the error is shown over New Project,
// which again has the samples chosen; and the project made at last holds
// them.
func TestANewProjectNotMadeKeepsItsChoice(t *testing.T) {
	t.Setenv("GLOSS_AUTHOR", "Ada") // the samples are stamped with the researcher's name
	u, _ := newTestUI(t)
	guardSaves()
	shown := captureSaves(t)
	u.newProjectDialog()
	choice := topRadio(t, u.win)
	samples := choice.Options[1]
	choice.SetSelected(samples)
	same := func(when string) {
		t.Helper()
		if r := topRadio(t, u.win); r != choice || r.Selected != samples {
			t.Fatalf("%s: New Project is not back with the samples chosen (top: %q)", when, topText(u.win))
		}
	}
	choose := func(path string) {
		t.Helper()
		tapDialogButton(t, u.win, "Choose File…")
		if path == "" {
			(*shown)[len(*shown)-1].done(nil, nil)
			return
		}
		w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		(*shown)[len(*shown)-1].done(w, nil)
	}

	choose("")
	same("save dialog cancelled")

	dir := t.TempDir()
	old := filepath.Join(dir, "fieldwork.gloss")
	if err := os.WriteFile(old, []byte("a colleague's project"), 0o644); err != nil {
		t.Fatal(err)
	}
	choose(old)
	if got := topText(u.win); !strings.Contains(got, "fieldwork.gloss: file already exists") {
		t.Fatalf("the window shows %q, want why the project was not made", got)
	}
	tapDialogButton(t, u.win, "OK")
	same("project not made")

	made := filepath.Join(dir, "summit.gloss")
	choose(made)
	if u.proj.db.Path() != made {
		t.Fatalf("%s is open, want the new summit.gloss (top: %q)", u.proj.db.Path(), topText(u.win))
	}
	if docs, err := u.proj.db.Documents(bg, annotate.DocumentFilter{}); err != nil || len(docs) == 0 {
		t.Errorf("the new project holds %d documents (%v), want the samples", len(docs), err)
	}
}

// TestALostFilesNoticeComesBackWhenItsSaveIsNotDone deletes the project's
// file under the window, presses the notice's Save my version elsewhere…
// and cancels the save dialog: the notice is back, still offering to put
// the version back. Then the file chosen cannot be written (its folder is
// gone): the error is shown over the notice, whose offer then puts the
// version back.
func TestALostFilesNoticeComesBackWhenItsSaveIsNotDone(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	deleteWatched(t, u)
	shown := captureSaves(t)
	offered := func(when string) {
		t.Helper()
		if text := dialogContent(t, u); !strings.Contains(text, "test.gloss was deleted") || !strings.Contains(text, "[Put my version back as test.gloss]") {
			t.Fatalf("%s: the notice is not back:\n%s", when, text)
		}
		if n := u.proj.openDialogs(); n != 1 {
			t.Fatalf("%s: %d dialogs kept with the project, want the notice", when, n)
		}
	}

	tapButton(t, u, "Save my version elsewhere…")
	(*shown)[0].done(nil, nil)
	offered("save dialog cancelled")

	tapButton(t, u, "Save my version elsewhere…")
	w, _ := writerIntoGoneFolder(t, (*shown)[1].opt.name)
	(*shown)[1].done(w, nil)
	if got := dialogText(t, u); !strings.Contains(got, "Your version could not be saved there") {
		t.Fatalf("the window shows %q, want why the version was not saved", got)
	}
	tapButton(t, u, "OK")
	offered("version not saved")

	tapPutBack(t, u, path)
}

// TestALostFilesNoticeComesBackWhenTheMergeIsNotDone replaces the project
// with a file that is no Gloss project: merging the recovered work into it
// fails, the window says why, and the notice with its offers is back.
func TestALostFilesNoticeComesBackWhenTheMergeIsNotDone(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	if !u.checkFile(u.proj) {
		t.Fatal("an unchanged file stops the watching")
	}
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("Not a project: the sync client's conflict copy of a text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(notes, path); err != nil {
		t.Fatal(err)
	}
	if u.checkFile(u.proj) {
		t.Fatal("a replaced file is still watched")
	}
	rec := u.proj.db.Path()
	tapButton(t, u, "Open the new file and merge my work into it")
	if got := dialogText(t, u); !strings.Contains(got, "the new file could not take it") {
		t.Fatalf("the window shows %q, want why the work was not merged", got)
	}
	tapButton(t, u, "OK")
	if text := dialogContent(t, u); !strings.Contains(text, "test.gloss was replaced") || !strings.Contains(text, "[Open the new file and merge my work into it]") {
		t.Fatalf("the notice is not back:\n%s", text)
	}
	if u.proj.db.Path() != rec {
		t.Fatalf("the window shows %s, want the recovered copy %s", u.proj.db.Path(), rec)
	}
	if got, _ := os.ReadFile(path); !strings.HasPrefix(string(got), "Not a project") {
		t.Fatal("the file put in the project's place was written to")
	}
}
