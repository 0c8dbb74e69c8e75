package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// replacement writes another researcher's project, closed, at a fresh
// path, and returns the path and its file's bytes.
func replacement(t *testing.T) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "theirs.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ben")
	doc := MustDocument(t, db, "Their summit", "Lavrov and Blinken met in Reykjavik before the summit.\n")
	MustPassage(t, db, doc, "Reykjavik", MustTag(t, db, "Venues").ID)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// checkIntact asserts that the file at path is byte for byte want, alone
// (no write-ahead log with pages beside it), and a sound project holding
// Ben's work only.
func checkIntact(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("the file that replaced the project was written to")
	}
	if info, err := os.Stat(path + "-wal"); err == nil && info.Size() > 0 {
		t.Fatalf("a write-ahead log of %d bytes was left beside the new file", info.Size())
	}
	if _, problems, err := storage.CheckFile(context.Background(), path); err != nil || len(problems) > 0 {
		t.Fatalf("the new file does not check: %v %q", err, problems)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.Documents(context.Background(), annotate.DocumentFilter{})
	if err != nil || len(docs) != 1 || docs[0].Title != "Their summit" {
		t.Fatalf("the new file's documents: %v, %v", docs, err)
	}
}

// checkRecovered asserts that the recovery copy named by err holds every
// passage made, and returns it opened.
func checkRecovered(t *testing.T, err error, path string, deleted bool, quotes ...string) *storage.DB {
	t.Helper()
	var fc *storage.FileChangedError
	if !errors.As(err, &fc) {
		t.Fatalf("error %v; want a *storage.FileChangedError", err)
	}
	if fc.Path != path || fc.Deleted != deleted || fc.Recovery == "" || fc.Err != nil {
		t.Fatalf("FileChangedError %+v", fc)
	}
	if filepath.Dir(fc.Recovery) != filepath.Dir(path) || !strings.Contains(filepath.Base(fc.Recovery), "(recovered ") {
		t.Fatalf("recovery copy %s: want it beside %s, named as recovered", fc.Recovery, path)
	}
	if !strings.Contains(fc.Error(), fc.Recovery) {
		t.Fatalf("the message does not say where the work is: %s", fc.Error())
	}
	rec, err := storage.Open(fc.Recovery)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rec.Close() })
	ps, err := rec.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Quote)
	}
	if strings.Join(got, "|") != strings.Join(quotes, "|") {
		t.Fatalf("recovered passages %q; want %q", got, quotes)
	}
	return rec
}

// TestReplacedWhileWriting replaces the project file under an open project
// (a sync client's rename, a restore) between two edits. The next edit is
// refused, the edits made before it are in the recovery copy, and the new
// file is left exactly as it came, with no log of ours applied to it.
func TestReplacedWhileWriting(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, doc, "ambassadors would return", tag.ID)
	MustPassage(t, db, doc, "Geneva", tag.ID)
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("the edits should be in the write-ahead log: %v", err)
	}
	theirs, want := replacement(t)
	if err := os.Rename(theirs, path); err != nil {
		t.Fatal(err)
	}
	t0 := annotate.NewText(doc.Text)
	s, e, _ := annotate.FindQuote(t0, "President Biden", 0)
	err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: "President Biden", Tags: []string{tag.ID}})
	checkRecovered(t, err, path, false, "Geneva", "ambassadors would return")
	// Every later call says the same; closing leaves the new file alone.
	if err2 := db.SetNote(ctx, "x", "y"); !errors.Is(err2, err) {
		t.Fatalf("a later write: %v", err2)
	}
	if _, err2 := db.Tags(ctx); !errors.Is(err2, err) {
		t.Fatalf("a later read: %v", err2)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	checkIntact(t, path, want)
}

// TestReplacedWhileReading replaces the file while the project is only read:
// Verify, which the app calls on a timer, notices, and so does Close.
func TestReplacedWhileReading(t *testing.T) {
	ctx := context.Background()
	for _, how := range []string{"verify", "close"} {
		t.Run(how, func(t *testing.T) {
			db, path, _ := newProject(t, "Ada")
			doc := MustDocument(t, db, "Summit", article)
			MustPassage(t, db, doc, "Geneva", MustTag(t, db, "Venues").ID)
			if err := db.Verify(ctx); err != nil {
				t.Fatalf("Verify of an unchanged file: %v", err)
			}
			theirs, want := replacement(t)
			if err := os.Rename(theirs, path); err != nil {
				t.Fatal(err)
			}
			if how == "verify" {
				checkRecovered(t, db.Verify(ctx), path, false, "Geneva")
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			checkIntact(t, path, want)
			recovered, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "project (recovered *).gloss"))
			if len(recovered) != 1 {
				t.Fatalf("recovery copies %q; want one", recovered)
			}
		})
	}
}

// TestDeletedWhileOpen deletes the project file under an open project: the
// next edit is refused rather than saved into a file nobody will see again,
// and the work so far is in the recovery copy.
func TestDeletedWhileOpen(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors would return", tag.ID)
	if err := db.SetNote(ctx, p.ID, "Compare Lavrov's account."); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	err := db.SetNote(ctx, p.ID, "A note written after the file was deleted.")
	rec := checkRecovered(t, err, path, true, "ambassadors would return")
	got, _ := rec.Passage(ctx, p.ID)
	if got == nil || got.Note.Text != "Compare Lavrov's account." {
		t.Fatalf("recovered passage %+v", got)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(side); err == nil {
			t.Errorf("%s was left (or made) where the deleted file was", side)
		}
	}
}

// TestReplacementIsNotTrusted checks that a file replacing a project is
// not recorded as this machine's when the project closes.
func TestReplacementIsNotTrusted(t *testing.T) {
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	db, path, _ := newProject(t, "Ada")
	MustTag(t, db, "Venues")
	theirs, _ := replacement(t)
	if err := os.Rename(theirs, path); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if storage.Trusted(path) {
		t.Fatal("the file that replaced the project is trusted as this machine's")
	}
}

// TestChanged sees commits by another connection (another program) and not
// the project's own.
func TestChanged(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	if changed, err := db.Changed(ctx); err != nil || changed {
		t.Fatalf("first call: %v, %v; want false, it only starts counting", changed, err)
	}
	MustTag(t, db, "Venues")
	if changed, err := db.Changed(ctx); err != nil || changed {
		t.Fatalf("after our own write: %v, %v; want false", changed, err)
	}
	other, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	other.SetAuthor("Ben")
	MustTag(t, other, "Cyber")
	other.Close()
	if changed, err := db.Changed(ctx); err != nil || !changed {
		t.Fatalf("after another program's write: %v, %v; want true", changed, err)
	}
	if changed, err := db.Changed(ctx); err != nil || changed {
		t.Fatalf("asked again: %v, %v; want false", changed, err)
	}
}

// TestSaveAs writes the whole project under another name: every passage,
// deleted ones too, and refuses to replace a file.
func TestSaveAs(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Venues")
	MustPassage(t, db, doc, "Geneva", tag.ID)
	gone := MustPassage(t, db, doc, "ambassadors would return", tag.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "mine elsewhere.gloss")
	if err := db.SaveAs(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveAs(ctx, out); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("saving over a file: %v; want ECONFLICT", err)
	}
	cp, err := storage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	cp.SetAuthor("Ada")
	if ps, _ := cp.Passages(ctx, annotate.PassageFilter{}); len(ps) != 1 || ps[0].Quote != "Geneva" {
		t.Fatalf("passages of the copy: %v", ps)
	}
	if err := cp.RestorePassage(ctx, gone.ID); err != nil {
		t.Fatalf("the deleted passage is not in the copy: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
