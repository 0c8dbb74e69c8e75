package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// MustOpen creates a new project in a temporary directory, with an author set
// and a clock that advances one millisecond per call.
var MustOpen = storagetest.MustOpen

// MustDocument adds a document with the given text.
func MustDocument(tb testing.TB, db *storage.DB, title, text string) *annotate.Document {
	tb.Helper()
	doc := &annotate.Document{Title: title, Text: text}
	if _, err := db.CreateDocument(context.Background(), doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// MustTag adds a tag.
func MustTag(tb testing.TB, db *storage.DB, name string) *annotate.Tag {
	tb.Helper()
	tag := &annotate.Tag{Name: name, Color: "#4363d8"}
	if err := db.CreateTag(context.Background(), tag); err != nil {
		tb.Fatal(err)
	}
	return tag
}

// MustPassage highlights the only occurrence of quote in doc with tags.
func MustPassage(tb testing.TB, db *storage.DB, doc *annotate.Document, quote string, tags ...string) *annotate.Passage {
	tb.Helper()
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
	if err != nil {
		tb.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Tags: tags}
	if err := db.CreatePassage(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

const article = "President Biden met with Russian President Vladimir Putin in Geneva.\n\nPutin said the ambassadors would return to their posts. Café “talks” — constructive.\n"

func TestCreateAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors would return to their posts", tag.ID)
	if err := db.SetNote(ctx, p.ID, "Key outcome"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	if _, err := storage.Create(path); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create over an existing file: got %v", err)
	}
	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Passage(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Quote != "ambassadors would return to their posts" || got.Note.Text != "Key outcome" || got.Author != "Ada" ||
		len(got.Tags) != 1 || got.Tags[0] != tag.ID || got.Prefix != "utin in Geneva.\n\nPutin said the " {
		t.Fatalf("passage after reopen = %+v", got)
	}
	d, err := db.Document(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != article || d.Hash != annotate.HashText(article) || d.Passages != 1 {
		t.Fatalf("document after reopen = %+v", d)
	}
}

func TestSameTextIsOneDocument(t *testing.T) {
	db := MustOpen(t)
	a := MustDocument(t, db, "First", article)
	b := &annotate.Document{Title: "Second", Text: article}
	created, err := db.CreateDocument(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if created || b.ID != a.ID || b.Title != "First" {
		t.Fatalf("second import: created=%v id=%s title=%q; want the first document", created, b.ID, b.Title)
	}
}

func TestQuoteMustMatchText(t *testing.T) {
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "Not Biden", Tags: []string{tag.ID}}
	if err := db.CreatePassage(context.Background(), p); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("mismatched quote: got %v, want EINVALID", err)
	}
}

func TestTombstones(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	if err := db.DeletePassage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Passage(ctx, p.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted passage: got %v, want ENOTFOUND", err)
	}
	if err := db.RestorePassage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Passage(ctx, p.ID); err != nil {
		t.Fatalf("restored passage: %v", err)
	}
	// The tombstone keeps the row: deleting the tag deletes the passage, and
	// restoring the tag brings both back.
	if err := db.DeleteTag(ctx, tag.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{}); len(ps) != 0 {
		t.Fatalf("after deleting its only tag, %d passages remain", len(ps))
	}
	if err := db.RestoreTag(ctx, tag.ID); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{tag.ID}}); len(ps) != 1 {
		t.Fatalf("after restoring the tag, %d passages, want 1", len(ps))
	}
}

func TestNewerVersionRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := setUserVersion(path, storage.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = storage.Open(path)
	if err == nil || !strings.Contains(err.Error(), "newer version of Gloss") || !strings.Contains(err.Error(), path) {
		t.Fatalf("open newer file: got %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("refusing a newer file changed it")
	}
}
