package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/storage"

	"gloss/annotate"
	"gloss/app/project"
	gstorage "gloss/storage"
)

// projectState is what the researcher sees of a project: its documents,
// codes and passages with their codes and notes.
func projectState(t *testing.T, db *gstorage.DB) string {
	t.Helper()
	var lines []string
	docs, err := db.Documents(bg, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		lines = append(lines, "doc "+d.Title)
	}
	tags, err := db.Tags(bg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range tags {
		lines = append(lines, "tag "+tg.Name+" "+tg.Color)
	}
	for _, p := range allPassages(t, db) {
		lines = append(lines, "passage "+p.Quote+" "+strings.Join(p.Tags, ",")+" "+p.Note.Text)
	}
	return strings.Join(lines, "\n")
}

// colleagueCopy saves a copy of the window's project as Ben's, in which he
// codes a passage with a new code, writes a note and removes a document.
func colleagueCopy(t *testing.T, u *ui) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ben.gloss")
	if _, err := u.proj.db.SaveCopy(bg, path, gstorage.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	ben, err := gstorage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ben.Close()
	ben.SetAuthor("Ben")
	tag := &annotate.Tag{Name: "Venues", Color: "#9a6324"}
	if err := ben.CreateTag(bg, tag); err != nil {
		t.Fatal(err)
	}
	doc, err := ben.Document(bg, u.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	s, e, err := annotate.FindQuote(annotate.NewText(doc.Text), "Villa La Grange", 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: "Villa La Grange", Tags: []string{tag.ID}}
	if err := ben.CreatePassage(bg, p); err != nil {
		t.Fatal(err)
	}
	if err := ben.SetNote(bg, p.ID, "the venue"); err != nil {
		t.Fatal(err)
	}
	if err := ben.DeleteDocument(bg, u.docList.items[len(u.docList.items)-1].ID); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMergeIsPreviewedAndUndoable merges a colleague's file as the
// researcher does: the preview says what will be added and deleted and
// changes nothing; after the merge the report offers Undo Merge, which
// puts the project back exactly as it was, and Redo merges again.
func TestMergeIsPreviewedAndUndoable(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	selectQuote(t, u, quoteA)
	u.typedRune('1')
	theirs := colleagueCopy(t, u)
	before := projectState(t, u.proj.db)

	previewMerge(u.win, u.proj, theirs, u.afterOutsideChange, u.undo)
	plan := dialogText(t, u)
	for _, want := range []string{"Merging ben.gloss into test.gloss will:", "add 1 passage", "add 1 code", "add 1 note",
		"delete 1 document, with their passages", "Nothing changes until you click Merge"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the preview lacks %q:\n%s", want, plan)
		}
	}
	if got := projectState(t, u.proj.db); got != before {
		t.Fatalf("the preview changed the project:\n%s", got)
	}

	tapButton(t, u, "Merge")
	merged := projectState(t, u.proj.db)
	if !strings.Contains(merged, "passage Villa La Grange") || !strings.Contains(merged, "tag Venues") {
		t.Fatalf("after the merge:\n%s", merged)
	}
	if len(u.docList.items) != 3 {
		t.Errorf("the document list shows %d documents after the merge, want 3", len(u.docList.items))
	}
	if u.menu.undo.Label != "Undo Merge ben.gloss" {
		t.Errorf("Edit ▸ Undo says %q", u.menu.undo.Label)
	}
	if report := dialogText(t, u); !strings.Contains(report, "Passages: 1 added") {
		t.Errorf("the report says:\n%s", report)
	}

	tapButton(t, u, "Undo Merge")
	if got := projectState(t, u.proj.db); got != before {
		t.Fatalf("Undo Merge left:\n%s\nwant:\n%s", got, before)
	}
	if len(u.docList.items) != 4 {
		t.Errorf("the document list shows %d documents after undoing the merge, want 4", len(u.docList.items))
	}
	u.redo()
	if got := projectState(t, u.proj.db); got != merged {
		t.Fatalf("Redo left:\n%s\nwant:\n%s", got, merged)
	}
	// The restore points go with the project.
	scratch := u.proj.scratch
	u.proj.close()
	u.proj = nil
	if _, err := os.Stat(scratch); !os.IsNotExist(err) {
		t.Errorf("the restore points are still in %s after the project closed", scratch)
	}
}

// TestMergeDialogNeverOffersTheOpenProject lists .gloss files other than
// the open project, and starts in the folder last used for colleagues'
// files, never in the hidden folder where the default project lives.
func TestMergeDialogNeverOffersTheOpenProject(t *testing.T) {
	u, _ := newTestUI(t)
	self := u.proj.db.Path()
	other := filepath.Join(t.TempDir(), "ben.gloss")
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f := colleagueFilter{self: self}
	for path, want := range map[string]bool{self: false, other: true, filepath.Join(filepath.Dir(other), "notes.txt"): false} {
		if got := f.Matches(storage.NewFileURI(path)); got != want {
			t.Errorf("the merge dialog offers %s: %v, want %v", path, got, want)
		}
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	docs := filepath.Join(home, "Documents")
	data := filepath.Join(home, ".local", "share", "gloss")
	for _, d := range []string{docs, data} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got := startFolder(folderColleagues, filepath.Join(data, "Default.gloss")); got != docs {
		t.Errorf("with the default project open, dialogs start in %q, want %q", got, docs)
	}
	remember(folderColleagues, storage.NewFileURI(other), false)
	if got := startFolder(folderColleagues, filepath.Join(data, "Default.gloss")); got != filepath.Dir(other) {
		t.Errorf("after choosing %s, the merge dialog starts in %q", other, got)
	}
	if got := startFolder(folderArticles, filepath.Join(data, "Default.gloss")); got != docs {
		t.Errorf("the import dialog starts in %q, want %q: each kind of file keeps its own folder", got, docs)
	}
	remember(folderArticles, storage.NewFileURI(filepath.Join(data, "x.txt")), false)
	if got := startFolder(folderArticles, ""); got != docs {
		t.Errorf("a file chosen in the data folder made the import dialog start in %q", got)
	}
}

// TestMergeStopsWhenTheProjectCloses starts a merge and opens another
// project before it runs: neither project changes, and the researcher is
// told the merge did not happen.
func TestMergeStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	var pending []func()
	old := offUI
	offUI = func(work func()) { pending = append(pending, work) }
	t.Cleanup(func() { offUI = old })
	theirs := colleagueCopy(t, u)
	first := u.proj.db.Path()
	before := projectState(t, u.proj.db)
	runMerge(u.win, u.proj, theirs, u.afterOutsideChange, u.undo)

	other, err := project.Create(filepath.Join(t.TempDir(), "other.gloss"), false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(other)
	newState := projectState(t, other)
	for len(pending) > 0 {
		w := pending[0]
		pending = pending[1:]
		w()
	}
	if got := projectState(t, other); got != newState {
		t.Errorf("the merge went into the project opened after it:\n%s", got)
	}
	if u.menu.undo.Label != "Undo" {
		t.Errorf("the new project's Edit ▸ Undo offers %q", u.menu.undo.Label)
	}
	if msg := dialogText(t, u); !strings.Contains(msg, "ben.gloss was not merged: test.gloss was closed first") {
		t.Errorf("the message says %q", msg)
	}
	db, err := gstorage.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := projectState(t, db); got != before {
		t.Errorf("the closed project changed:\n%s", got)
	}
}
