package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// theirFile writes, closed, another researcher's project with one passage
// of their own, and returns its path and bytes.
func theirFile(t *testing.T) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "theirs.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ben")
	doc := &annotate.Document{Title: "Reykjavik", Text: "Lavrov and Blinken met in Reykjavik before the summit.\n"}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "Venues", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	s, e, _ := annotate.FindQuote(annotate.NewText(doc.Text), "Reykjavik", 0)
	if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: "Reykjavik", Tags: []string{tag.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// dialogContent returns the text of every label and button of the topmost dialog.
func dialogContent(t *testing.T, u *ui) string {
	t.Helper()
	var parts []string
	for _, o := range overlayObjects(t, u) {
		switch w := o.(type) {
		case *widget.Label:
			parts = append(parts, w.Text)
		case *widget.Button:
			parts = append(parts, "["+w.Text+"]")
		}
	}
	return strings.Join(parts, "\n")
}

// projectQuotes returns the quotes of every passage of db, sorted as listed.
func projectQuotes(t *testing.T, db *storage.DB) string {
	t.Helper()
	var qs []string
	for _, p := range allPassages(t, db) {
		qs = append(qs, p.Quote)
	}
	return strings.Join(qs, " | ")
}

// TestReplacedWhileCoding has a sync client put another file in place of
// the project while the researcher codes and types a note. The next change
// is refused into it; the window moves to the recovery copy at the same
// place, the note kept, tells the researcher, and the new file is left as
// it came. Merging the recovered work into the new file then brings both
// researchers' work together there.
func TestReplacedWhileCoding(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	coded := u.selected
	u.insp.note.SetText("Ben reads this as a concession.") // typed, not saved yet

	theirs, want := theirFile(t)
	if err := os.Rename(theirs, path); err != nil {
		t.Fatal(err)
	}
	selectQuote(t, u, "Villa La Grange")
	test.Type(u.view, "8") // refused: the file is not the one opened

	rec := u.proj.db.Path()
	if !strings.Contains(filepath.Base(rec), "test (recovered ") || filepath.Dir(rec) != filepath.Dir(path) {
		t.Fatalf("the window shows %s; want the recovery copy beside %s", rec, path)
	}
	if got, _ := os.ReadFile(path); string(got) != string(want) {
		t.Fatal("the new file was written to")
	}
	if u.selected != coded {
		t.Fatalf("the inspector shows %q; want the passage coded before, %s", u.selected, coded)
	}
	p, err := u.proj.db.Passage(bg, coded)
	if err != nil || p.Note.Text != "Ben reads this as a concession." {
		t.Fatalf("the typed note in the recovery copy: %+v, %v", p, err)
	}
	text := dialogContent(t, u)
	for _, w := range []string{"test.gloss was replaced", "left exactly as it came", "Nothing you did is lost", filepath.Base(rec),
		"[Open the new file and merge my work into it]", "[Save my version elsewhere…]", "[Keep working in the recovered copy]"} {
		if !strings.Contains(text, w) {
			t.Errorf("the notice lacks %q:\n%s", w, text)
		}
	}

	tapButton(t, u, "Open the new file and merge my work into it")
	if u.proj.db.Path() != path {
		t.Fatalf("after merging, the window shows %s; want %s", u.proj.db.Path(), path)
	}
	if q := projectQuotes(t, u.proj.db); !strings.Contains(q, quoteA) || !strings.Contains(q, "Reykjavik") {
		t.Fatalf("the merged file's passages: %s", q)
	}
	if _, err := os.Stat(rec); err != nil {
		t.Fatalf("the recovery copy is gone after the merge: %v", err)
	}
}

// TestDeletedWhileReading deletes the project file while the researcher
// only reads: the window's look at its file notices, moves to the
// recovery copy, and putting the version back makes the project whole at
// its path again.
func TestDeletedWhileReading(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	path := u.proj.db.Path()
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	deleteWatched(t, u)
	if !strings.Contains(u.proj.db.Path(), "(recovered ") {
		t.Fatalf("the window shows %s; want the recovery copy", u.proj.db.Path())
	}
	text := dialogContent(t, u)
	if !strings.Contains(text, "test.gloss was deleted") || !strings.Contains(text, "[Put my version back as test.gloss]") {
		t.Fatalf("the notice:\n%s", text)
	}
	tapPutBack(t, u, path)
}

// tapPutBack answers the deleted file's notice with "Put my version back":
// the window shows the project whole at path again, holding the passage
// of quoteA coded before the file went.
func tapPutBack(t *testing.T, u *ui, path string) {
	t.Helper()
	tapButton(t, u, "Put my version back as test.gloss")
	if u.proj.db.Path() != path {
		t.Fatalf("the window shows %s; want the project back at %s", u.proj.db.Path(), path)
	}
	if q := projectQuotes(t, u.proj.db); q != quoteA {
		t.Fatalf("the project put back holds %q", q)
	}
}

// TestOutsideChangesShowWithoutJumping has another program code a passage
// in the open document while the researcher selects text and types a
// note: the new passage shows, and the document, the selection and the
// note being typed stay as they were.
func TestOutsideChangesShowWithoutJumping(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	mine := u.selected
	u.insp.note.SetText("Still typing")
	s, e := selectQuote(t, u, "Villa La Grange")
	// The researcher has scrolled down the document.
	u.view.ScrollToOffset(u.text.Len() - 1)
	top := u.view.PositionOf(0)
	if top.Y >= 0 {
		t.Fatalf("the document's start is still in view at %v: nothing scrolled", top)
	}
	if !u.checkFile(u.proj) {
		t.Fatal("the first look stops the watching")
	}

	other, err := storage.Open(u.proj.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	other.SetAuthor("Ben")
	q := "President Biden"
	qs, qe, err := annotate.FindQuote(u.text, q, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.CreatePassage(bg, &annotate.Passage{DocumentID: u.doc.ID, Start: qs, End: qe, Quote: q, Tags: []string{u.cb.tags[0].ID}}); err != nil {
		t.Fatal(err)
	}
	other.Close()

	doc := u.doc.ID
	if !u.checkFile(u.proj) {
		t.Fatal("an outside change stops the watching")
	}
	found := false
	for _, p := range u.passages {
		found = found || p.Quote == q && p.Author == "Ben"
	}
	if !found {
		t.Fatalf("Ben's passage does not show: %v", u.passages)
	}
	if u.doc.ID != doc || u.selected != mine || u.insp.note.Text != "Still typing" {
		t.Fatalf("the view moved: document %s, passage %q, note %q", u.doc.ID, u.selected, u.insp.note.Text)
	}
	if gs, ge := u.view.Selection(); gs != s || ge != e {
		t.Fatalf("the selection moved from [%d, %d) to [%d, %d)", s, e, gs, ge)
	}
	if now := u.view.PositionOf(0); now != top {
		t.Fatalf("the document scrolled: its start was at %v, is at %v", top, now)
	}
}

// TestTypingWhenTheFileIsLost has the project's file deleted while the
// researcher types a code's description into Edit Code and a description
// without a name into New Code. The edit is saved into the recovery copy;
// the new code cannot be, so the window asks before moving there. Keep
// Editing keeps New Code with what was typed; named and created, it goes
// into the recovery copy, and the window moves there with both.
func TestTypingWhenTheFileIsLost(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	tag, newCode := typeIntoTwoCodeDialogs(t, u)
	deleteWatched(t, u)

	msg := dialogText(t, u)
	for _, want := range []string{"test.gloss was deleted", "New Code: a code needs a name", "Going on drops it"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the question says %q, want it to say %q", msg, want)
		}
	}
	tapButton(t, u, "Keep Editing")
	if es := topEntries(t, u.win); len(es) < 2 || es[1] != newCode[1] || newCode[1].Text != "Whatever the leaders said of each other" {
		t.Fatal("New Code is not there with what was typed")
	}
	newCode[0].SetText("Summit atmosphere")
	tapButton(t, u, "Create")

	rec := u.proj.db.Path()
	if !strings.Contains(rec, "(recovered ") {
		t.Fatalf("the window shows %s; want the recovery copy", rec)
	}
	if text := dialogContent(t, u); !strings.Contains(text, "test.gloss was deleted") {
		t.Errorf("the notice of the lost file is not shown:\n%s", text)
	}
	if edited, created := typedCodesSaved(t, u.proj.db, tag.ID); !edited || !created {
		t.Errorf("in the recovery copy, the code edited was saved: %v; the new code was created: %v", edited, created)
	}
}

// TestGoingOnFromALostFileDropsWhatWasAskedAbout answers the question of
// a lost file with Go On: the window moves to the recovery copy, the
// dialog goes, and the code without a name is not made.
func TestGoingOnFromALostFileDropsWhatWasAskedAbout(t *testing.T) {
	inline(t)
	u, _ := newTestUI(t)
	n := len(u.cb.tags)
	u.tagDialog(nil)
	topEntries(t, u.win)[1].SetText("Whatever the leaders said of each other")
	deleteWatched(t, u)
	tapButton(t, u, "Go On in the Recovered Copy")
	if !strings.Contains(u.proj.db.Path(), "(recovered ") {
		t.Fatalf("the window shows %s; want the recovery copy", u.proj.db.Path())
	}
	if got := len(u.cb.tags); got != n {
		t.Errorf("%d codes in the recovery copy, want %d", got, n)
	}
	if text := dialogContent(t, u); !strings.Contains(text, "[Put my version back as test.gloss]") {
		t.Errorf("the notice of the lost file is not on top:\n%s", text)
	}
}

// deleteWatched deletes the open project's file under the window and has
// the window look at it, as its watch does: it must see the file there
// before and gone after.
func deleteWatched(t *testing.T, u *ui) {
	t.Helper()
	if !u.checkFile(u.proj) {
		t.Fatal("an unchanged file stops the watching")
	}
	if err := os.Remove(u.proj.db.Path()); err != nil {
		t.Fatal(err)
	}
	if u.checkFile(u.proj) {
		t.Fatal("a deleted file is still watched")
	}
}
