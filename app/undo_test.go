package app

import (
	"path/filepath"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

const testArticle = "President Biden met with Russian President Vladimir Putin in Geneva.\n\nPutin said the ambassadors would return to their posts. Both sides called the talks constructive.\n"

// newTestEditor returns an editor on a new project in t.TempDir() with one
// document and two tags.
func newTestEditor(t *testing.T) (*editor, *annotate.Document, *annotate.Tag, *annotate.Tag) {
	t.Helper()
	db, err := storage.Create(filepath.Join(t.TempDir(), "undo.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetAuthor("Ada")
	doc := &annotate.Document{Title: "Summit", Text: testArticle}
	if _, err := db.CreateDocument(bg, doc); err != nil {
		t.Fatal(err)
	}
	a := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	b := &annotate.Tag{Name: "Cooperation", Color: "#469990"}
	for _, tag := range []*annotate.Tag{a, b} {
		if err := db.CreateTag(bg, tag); err != nil {
			t.Fatal(err)
		}
	}
	return newEditor(db), doc, a, b
}

func rangeOf(t *testing.T, doc *annotate.Document, quote string) (int, int) {
	t.Helper()
	s, e, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
	if err != nil {
		t.Fatal(err)
	}
	return s, e
}

func livePassages(t *testing.T, db *storage.DB) []*annotate.Passage {
	t.Helper()
	ps, err := db.Passages(bg, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func mustUndo(t *testing.T, e *editor, want string) {
	t.Helper()
	if got := e.stack.undoName(); got != want {
		t.Fatalf("undo would take back %q, want %q", got, want)
	}
	if _, err := e.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
}

func mustRedo(t *testing.T, e *editor, want string) {
	t.Helper()
	if got := e.stack.redoName(); got != want {
		t.Fatalf("redo would do %q, want %q", got, want)
	}
	if _, err := e.stack.redo(bg); err != nil {
		t.Fatal(err)
	}
}

func TestUndoCodeRange(t *testing.T) {
	e, doc, amb, _ := newTestEditor(t)
	s, end := rangeOf(t, doc, "the ambassadors would return to their posts.")
	// A selection that overshoots into spaces is trimmed to the words.
	p, err := e.codeRange(doc, annotate.NewText(doc.Text), s-1, end+1, amb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Quote != "the ambassadors would return to their posts." {
		t.Fatalf("quote = %q", p.Quote)
	}
	if ps := livePassages(t, e.db); len(ps) != 1 || ps[0].ID != p.ID || ps[0].Prefix == "" {
		t.Fatalf("passages after coding = %+v", ps)
	}
	mustUndo(t, e, `Code as "Ambassadors"`)
	if ps := livePassages(t, e.db); len(ps) != 0 {
		t.Fatalf("passages after undo = %d, want 0", len(ps))
	}
	mustRedo(t, e, `Code as "Ambassadors"`)
	if ps := livePassages(t, e.db); len(ps) != 1 || ps[0].Quote != p.Quote {
		t.Fatalf("passages after redo = %+v", ps)
	}
}

func TestUndoNoteFoldsTyping(t *testing.T) {
	e, doc, amb, _ := newTestEditor(t)
	s, end := rangeOf(t, doc, "Geneva")
	p, err := e.codeRange(doc, annotate.NewText(doc.Text), s, end, amb.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range [][2]string{{"", "Ven"}, {"Ven", "Venue"}, {"Venue", "Venue of the summit"}} {
		if err := e.setNote(p.ID, step[0], step[1]); err != nil {
			t.Fatal(err)
		}
	}
	note := func() string {
		got, err := e.db.Passage(bg, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Note.Text
	}
	if got := note(); got != "Venue of the summit" {
		t.Fatalf("note = %q", got)
	}
	mustUndo(t, e, "Edit Note")
	if got := note(); got != "" {
		t.Fatalf("note after one undo = %q, want the note gone", got)
	}
	mustRedo(t, e, "Edit Note")
	if got := note(); got != "Venue of the summit" {
		t.Fatalf("note after redo = %q", got)
	}
	// After a seal (another passage selected), the next edit is its own step.
	e.stack.seal()
	if err := e.setNote(p.ID, "Venue of the summit", "Venue"); err != nil {
		t.Fatal(err)
	}
	mustUndo(t, e, "Edit Note")
	if got := note(); got != "Venue of the summit" {
		t.Fatalf("note after undoing the second edit = %q", got)
	}
}

func TestUndoTagsOnPassage(t *testing.T) {
	e, doc, amb, coop := newTestEditor(t)
	s, end := rangeOf(t, doc, "Vladimir Putin")
	p, err := e.codeRange(doc, annotate.NewText(doc.Text), s, end, amb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.addTag(p, coop.ID); err != nil {
		t.Fatal(err)
	}
	p, _ = e.db.Passage(bg, p.ID)
	if err := e.removeTag(p, amb.ID); err != nil {
		t.Fatal(err)
	}
	tags := func() []string {
		got, err := e.db.Passage(bg, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Tags
	}
	if got := tags(); len(got) != 1 || got[0] != coop.ID {
		t.Fatalf("tags = %v", got)
	}
	mustUndo(t, e, `Remove "Ambassadors"`)
	if got := tags(); len(got) != 2 {
		t.Fatalf("tags after undoing the removal = %v", got)
	}
	mustUndo(t, e, `Add "Cooperation"`)
	if got := tags(); len(got) != 1 || got[0] != amb.ID {
		t.Fatalf("tags after undoing the addition = %v", got)
	}
	// The editor never deletes a passage by taking off its only tag.
	p, _ = e.db.Passage(bg, p.ID)
	if err := e.removeTag(p, amb.ID); err != errLastCode {
		t.Fatalf("removing the only tag: %v, want errLastCode", err)
	}
	if ps := livePassages(t, e.db); len(ps) != 1 || len(ps[0].Tags) != 1 {
		t.Fatalf("passages after refusing to remove the only tag = %+v", ps)
	}
}

func TestUndoCodebook(t *testing.T) {
	e, doc, amb, coop := newTestEditor(t)
	text := annotate.NewText(doc.Text)
	s, end := rangeOf(t, doc, "Geneva")
	p1, _ := e.codeRange(doc, text, s, end, amb.ID)
	s, end = rangeOf(t, doc, "constructive")
	p2, _ := e.codeRange(doc, text, s, end, coop.ID)

	// Rename and recolour, then undo.
	name, color := "Envoys", annotate.Palette[0]
	if _, err := e.updateTag(amb.ID, annotate.TagUpdate{Name: &name, Color: &color}, "Edit Code"); err != nil {
		t.Fatal(err)
	}
	mustUndo(t, e, `Edit Code "Ambassadors"`)
	if got, _ := e.db.Tag(bg, amb.ID); got.Name != "Ambassadors" || got.Color != "#4363d8" {
		t.Fatalf("tag after undo = %+v", got)
	}
	mustRedo(t, e, `Edit Code "Ambassadors"`)
	if got, _ := e.db.Tag(bg, amb.ID); got.Name != "Envoys" {
		t.Fatalf("tag after redo = %+v", got)
	}

	// Merge Cooperation into Envoys: p2 moves; undo moves it back.
	if err := e.mergeTags(coop.ID, amb.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.db.Passage(bg, p2.ID); len(got.Tags) != 1 || got.Tags[0] != amb.ID {
		t.Fatalf("after merge p2 tags = %v", got.Tags)
	}
	mustUndo(t, e, `Merge "Cooperation" into "Envoys"`)
	if got, _ := e.db.Passage(bg, p2.ID); len(got.Tags) != 1 || got.Tags[0] != coop.ID {
		t.Fatalf("after unmerge p2 tags = %v", got.Tags)
	}

	// Delete a tag: its only passage goes too; undo restores both.
	if err := e.deleteTag(amb.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Passage(bg, p1.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("passage with only the deleted tag: %v", err)
	}
	mustUndo(t, e, `Delete Code "Envoys"`)
	if got, err := e.db.Passage(bg, p1.ID); err != nil || got.Tags[0] != amb.ID {
		t.Fatalf("passage after undoing the delete: %v %v", got, err)
	}

	// A new tag applied to a selection is one step.
	s, end = rangeOf(t, doc, "Biden")
	tag, p3, err := e.newTagAndCode("Leaders", doc, text, s, end)
	if err != nil {
		t.Fatal(err)
	}
	if tag.Color == "" || p3 == nil || p3.Tags[0] != tag.ID {
		t.Fatalf("new tag %+v passage %+v", tag, p3)
	}
	mustUndo(t, e, `Code as New "Leaders"`)
	if _, err := e.db.TagByName(bg, "Leaders"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("tag survived undo: %v", err)
	}
	if _, err := e.db.Passage(bg, p3.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("passage survived undo: %v", err)
	}
	mustRedo(t, e, `Code as New "Leaders"`)
	if got, err := e.db.Passage(bg, p3.ID); err != nil || got.Tags[0] != tag.ID {
		t.Fatalf("after redo: %v %v", got, err)
	}
}

func TestUndoDocuments(t *testing.T) {
	e, doc, _, _ := newTestEditor(t)
	title, outlet := "Geneva summit", "Axios"
	if _, err := e.updateDocument(doc.ID, annotate.DocumentUpdate{Title: &title, Outlet: &outlet}); err != nil {
		t.Fatal(err)
	}
	mustUndo(t, e, "Edit Document Details")
	if got, _ := e.db.Document(bg, doc.ID); got.Title != "Summit" || got.Outlet != "" {
		t.Fatalf("document after undo = %q %q", got.Title, got.Outlet)
	}
	mustRedo(t, e, "Edit Document Details")
	if got, _ := e.db.Document(bg, doc.ID); got.Title != title || got.Outlet != outlet {
		t.Fatalf("document after redo = %q %q", got.Title, got.Outlet)
	}

	// The reading direction alone is an edit, undone like the others.
	rtl := "rtl"
	if _, err := e.updateDocument(doc.ID, annotate.DocumentUpdate{Direction: &rtl}); err != nil {
		t.Fatal(err)
	}
	mustUndo(t, e, "Edit Document Details")
	if got, _ := e.db.Document(bg, doc.ID); got.Direction != "" || got.Title != title {
		t.Fatalf("document after undoing the direction = %q %q", got.Direction, got.Title)
	}
	mustRedo(t, e, "Edit Document Details")
	if got, _ := e.db.Document(bg, doc.ID); got.Direction != "rtl" {
		t.Fatalf("direction after redo = %q", got.Direction)
	}

	more := &annotate.Document{Title: "Second", Text: "Another article.\n"}
	if _, err := e.db.CreateDocument(bg, more); err != nil {
		t.Fatal(err)
	}
	e.recordImport([]string{more.ID})
	mustUndo(t, e, "Import Article")
	if _, err := e.db.Document(bg, more.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("imported document survived undo: %v", err)
	}
	mustRedo(t, e, "Import Article")
	if _, err := e.db.Document(bg, more.ID); err != nil {
		t.Fatalf("imported document not back after redo: %v", err)
	}
}

func TestUndoStackRules(t *testing.T) {
	e, doc, amb, coop := newTestEditor(t)
	text := annotate.NewText(doc.Text)
	s, end := rangeOf(t, doc, "Geneva")
	p, _ := e.codeRange(doc, text, s, end, amb.ID)
	mustUndo(t, e, `Code as "Ambassadors"`)
	// A new edit clears what could be redone.
	s, end = rangeOf(t, doc, "Biden")
	if _, err := e.codeRange(doc, text, s, end, coop.ID); err != nil {
		t.Fatal(err)
	}
	if got := e.stack.redoName(); got != "" {
		t.Fatalf("redo still offers %q after a new edit", got)
	}
	// An undo that storage refuses clears the history and says why.
	e.stack.push(cmdCreatePassage(e.db, "Ghost", annotate.NewID()))
	if _, err := e.stack.undo(bg); err == nil {
		t.Fatal("undoing a command on a missing passage succeeded")
	}
	if e.stack.undoName() != "" || e.stack.redoName() != "" {
		t.Fatal("history kept after a failed undo")
	}
	_ = p
}
