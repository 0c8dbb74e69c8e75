package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// textListing lists f both ways, with Passages and as the Passages tab
// does (IndexPassages, then PassagesAt), checks that the two agree, and
// returns the quotes (with their note, if any) sorted.
func textListing(t *testing.T, db *storage.DB, f annotate.PassageFilter) []string {
	t.Helper()
	ps, err := db.Passages(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	ids, total := listIDs(t, db, f, 2)
	if total != len(ps) || strings.Join(ids, " ") != strings.Join(passageIDs(ps), " ") {
		t.Fatalf("%+v: Passages lists %d, the index %d (%d read)", f, len(ps), total, len(ids))
	}
	var got []string
	for _, p := range ps {
		s := p.Quote
		if p.Note.Text != "" {
			s += " / " + p.Note.Text
		}
		got = append(got, s)
	}
	sort.Strings(got)
	return got
}

func wantListing(t *testing.T, db *storage.DB, f annotate.PassageFilter, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := textListing(t, db, f); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("%q lists\n%q\nwant\n%q", f.Text, got, want)
	}
}

// textProject makes a project with one document and a passage on its first
// sentence, and returns it with the document.
func textProject(t *testing.T, path string) (*storage.DB, *annotate.Document, *annotate.Tag) {
	t.Helper()
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetAuthor("Ada")
	doc := MustDocument(t, db, "Grove", "The orange grove. A green field. Orangeade stands. The lemon tree. Forange is no word.")
	tag := MustTag(t, db, "Fruit")
	MustPassage(t, db, doc, "The orange grove", tag.ID)
	return db, doc, tag
}

// TestTextFilterFollowsThisProcessesEdits: every change made through the
// project changes what the text filter lists at once, whatever it had
// listed before: new passages, notes set, changed and removed, passages
// deleted and restored, a document deleted.
func TestTextFilterFollowsThisProcessesEdits(t *testing.T) {
	ctx := context.Background()
	db, doc, tag := textProject(t, filepath.Join(t.TempDir(), "p.gloss"))
	orange := annotate.PassageFilter{Text: "orange"}
	wantListing(t, db, orange, "The orange grove")
	ade := MustPassage(t, db, doc, "Orangeade stands", tag.ID)
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")
	MustPassage(t, db, doc, "Forange is no word", tag.ID) // not at a word's start
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")
	lemon := MustPassage(t, db, doc, "The lemon tree", tag.ID)
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")
	if err := db.SetNote(ctx, lemon.ID, "Oranges grow here too"); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands", "The lemon tree / Oranges grow here too")
	wantListing(t, db, annotate.PassageFilter{Text: "GROW", TagIDs: []string{tag.ID}}, "The lemon tree / Oranges grow here too")
	if err := db.SetNote(ctx, lemon.ID, "Only lemons"); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")
	if err := db.DeletePassage(ctx, ade.ID); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove")
	if err := db.RestorePassage(ctx, ade.ID); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")
	if err := db.SetNote(ctx, lemon.ID, ""); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, annotate.PassageFilter{Text: "lemons"})
	if err := db.DeleteDocument(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange)
}

// TestTextFilterFollowsOtherWriters: what another program writes to the
// file (here a second handle on it, with connections of its own, and then
// another process), and what a merge brings, is listed by the text filter
// of a project open all along.
func TestTextFilterFollowsOtherWriters(t *testing.T) {
	if os.Getenv(childEnv) == "text-writer" {
		textWriter()
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "p.gloss")
	db, doc, tag := textProject(t, path)
	orange := annotate.PassageFilter{Text: "orange"}
	wantListing(t, db, orange, "The orange grove")

	other, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	other.SetAuthor("Bob")
	MustPassage(t, other, doc, "Orangeade stands", tag.ID)
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands")

	cmd, lines := startChild(t, "TestTextFilterFollowsOtherWriters", "text-writer", "GLOSS_TEST_PROJECT="+path, "GLOSS_TEST_DOC="+doc.ID, "GLOSS_TEST_TAG="+tag.ID)
	for lines.Scan() {
		if l := lines.Text(); strings.HasPrefix(l, "error ") {
			t.Fatal(l)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands", "The lemon tree / An orange tree, once")

	// A colleague's copy, with a passage of their own, merged in.
	colleague := filepath.Join(dir, "colleague.gloss")
	if err := db.SaveAs(ctx, colleague); err != nil {
		t.Fatal(err)
	}
	c, err := storage.Open(colleague)
	if err != nil {
		t.Fatal(err)
	}
	c.SetAuthor("Cleo")
	MustPassage(t, c, doc, "A green field", tag.ID)
	ps, err := c.Passages(ctx, annotate.PassageFilter{Text: "green"})
	if err != nil || len(ps) != 1 {
		t.Fatalf("colleague's passage: %d, %v", len(ps), err)
	}
	if err := c.SetNote(ctx, ps[0].ID, "orange in autumn"); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands", "The lemon tree / An orange tree, once")
	if _, err := db.Merge(ctx, colleague); err != nil {
		t.Fatal(err)
	}
	wantListing(t, db, orange, "The orange grove", "Orangeade stands", "The lemon tree / An orange tree, once", "A green field / orange in autumn")
}

// textWriter is the child of TestTextFilterFollowsOtherWriters: it adds a
// passage with a note to the project.
func textWriter() {
	ctx := context.Background()
	db, err := storage.Open(os.Getenv("GLOSS_TEST_PROJECT"))
	if err != nil {
		childFail("%v", err)
	}
	db.SetAuthor("Dan")
	p := &annotate.Passage{DocumentID: os.Getenv("GLOSS_TEST_DOC"), Quote: "The lemon tree", Tags: []string{os.Getenv("GLOSS_TEST_TAG")},
		Note: annotate.Note{Text: "An orange tree, once"}}
	d, err := db.Document(ctx, p.DocumentID)
	if err != nil {
		childFail("%v", err)
	}
	if p.Start, p.End, err = annotate.FindQuote(annotate.NewText(d.Text), p.Quote, 0); err != nil {
		childFail("%v", err)
	}
	if err := db.CreatePassage(ctx, p); err != nil {
		childFail("%v", err)
	}
	if err := db.Close(); err != nil {
		childFail("%v", err)
	}
	fmt.Println("done")
}
