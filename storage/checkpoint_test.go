package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"gloss/annotate"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// copyAlone copies the project's file without its write-ahead log, as a
// sync client or git add does, and opens the copy.
func copyAlone(t *testing.T, db *storage.DB) *storage.DB {
	t.Helper()
	b, err := os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "copy.gloss")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cp, err := storage.OpenReading(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cp.Close() })
	return cp
}

func TestCheckpointPutsSavedChangesInTheFile(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	// A new project's schema is in the log too, until folded.
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTag(ctx, &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(db.Path() + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("the change is not in the log: %v, %v", info, err)
	}
	if tags, err := copyAlone(t, db).Tags(ctx); err != nil || len(tags) != 0 {
		t.Fatalf("before the checkpoint, the file alone has tags %v (%v)", tags, err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(db.Path() + "-wal"); err == nil && info.Size() != 0 {
		t.Fatalf("the log still holds %d bytes", info.Size())
	}
	if tags, err := copyAlone(t, db).Tags(ctx); err != nil || len(tags) != 1 || tags[0].Name != "Diplomacy" {
		t.Fatalf("after the checkpoint, the file alone has tags %v (%v)", tags, err)
	}
	// With nothing new, the file is left as it is.
	before, _ := os.Stat(db.Path())
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(db.Path()); !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Fatal("a checkpoint with an empty log wrote the file")
	}
}
