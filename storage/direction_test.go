package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage/storagetest"
)

// TestDocumentDirection: a document's reading direction is stored, checked,
// and merged like the rest of its metadata, the later change winning.
func TestDocumentDirection(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	db := f.DB
	if got, _ := db.Document(ctx, f.Geneva.ID); got.Direction != "" {
		t.Fatalf("a new document reads %q, want the default \"\"", got.Direction)
	}
	bad := "up"
	if _, err := db.UpdateDocument(ctx, f.Geneva.ID, annotate.DocumentUpdate{Direction: &bad}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("direction %q: %v, want EINVALID", bad, err)
	}
	rtl := "rtl"
	if _, err := db.UpdateDocument(ctx, f.Geneva.ID, annotate.DocumentUpdate{Direction: &rtl}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Document(ctx, f.Geneva.ID); got.Direction != "rtl" {
		t.Fatalf("after the update it reads %q", got.Direction)
	}

	// A colleague's copy, changed later to left to right, merges in.
	ours := db.Path()
	db.Close()
	theirsPath := filepath.Join(t.TempDir(), "theirs.gloss")
	copyFile(t, ours, theirsPath)
	theirs := openAs(t, theirsPath, "Grace")
	theirs.Now = func() time.Time { return time.Now().Add(time.Minute) }
	ltr := "ltr"
	if _, err := theirs.UpdateDocument(ctx, f.Geneva.ID, annotate.DocumentUpdate{Direction: &ltr}); err != nil {
		t.Fatal(err)
	}
	theirs.Close()
	db = openAs(t, ours, "Ada")
	db.Now = time.Now
	defer db.Close()
	if _, err := db.Merge(ctx, theirsPath); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Document(ctx, f.Geneva.ID); got.Direction != "ltr" {
		t.Errorf("after the merge it reads %q, want their later \"ltr\"", got.Direction)
	}
}
