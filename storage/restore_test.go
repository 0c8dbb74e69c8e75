package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// benFile makes a colleague's copy of the base project with a new tag, a
// passage with a note, a recoloured tag and a deleted document.
func benFile(t *testing.T, dir, ours string) string {
	t.Helper()
	ctx := context.Background()
	b := filepath.Join(dir, "ben.gloss")
	copyFile(t, ours, b)
	ben := openAs(t, b, "Ben")
	defer ben.Close()
	docs, _ := ben.Documents(ctx, annotate.DocumentFilter{})
	tag := MustTag(t, ben, "Energy")
	for _, d := range docs {
		switch d.Title {
		case "Cyber":
			doc, _ := ben.Document(ctx, d.ID)
			p := MustPassage(t, ben, doc, "Lavrov called them frank", tag.ID)
			if err := ben.SetNote(ctx, p.ID, "tone"); err != nil {
				t.Fatal(err)
			}
		case "Navalny":
			if err := ben.DeleteDocument(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b
}

// TestPreviewMergeChangesNothing previews a merge: the report is the one
// the merge then gives, and until the merge the project is untouched.
func TestPreviewMergeChangesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ours := base(t, dir)
	b := benFile(t, dir, ours)
	db := openAs(t, ours, "Ada")
	defer db.Close()
	before := content(t, db)

	preview, err := db.PreviewMerge(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := content(t, db); got != before {
		t.Fatalf("the preview changed the project:\n%s", diff(before, got))
	}
	if preview.PassagesAdded != 1 || preview.TagsAdded != 1 || preview.NotesAdded != 1 || preview.DocumentsDeleted != 1 || preview.File != b {
		t.Fatalf("preview %+v", preview)
	}
	rep, err := db.Merge(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(preview, rep) {
		t.Fatalf("the preview said %+v, the merge did %+v", preview, rep)
	}
	if _, err := db.PreviewMerge(ctx, ours); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("previewing a merge with itself: %v", err)
	}
}

// TestRestoreUndoesAMerge takes a restore point, merges, and restores: the
// project is exactly as it was, rows and all, for this connection and for
// another program reading the file; restoring the point taken after the
// merge brings the merge back.
func TestRestoreUndoesAMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ours := base(t, dir)
	b := benFile(t, dir, ours)
	db := openAs(t, ours, "Ada")
	defer db.Close()
	before := content(t, db)
	rowsBefore, err := storage.Rows(db)
	if err != nil {
		t.Fatal(err)
	}

	point := filepath.Join(dir, "before.gloss")
	if err := db.Snapshot(ctx, point); err != nil {
		t.Fatal(err)
	}
	if err := db.Snapshot(ctx, point); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("a snapshot over an existing file: %v", err)
	}
	if _, err := db.Merge(ctx, b); err != nil {
		t.Fatal(err)
	}
	after := content(t, db)
	if after == before {
		t.Fatal("the merge changed nothing")
	}
	reader, err := storage.OpenReading(ours)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if got := content(t, reader); got != after {
		t.Fatal("another reader does not see the merge")
	}
	redo := filepath.Join(dir, "after.gloss")
	if err := db.Snapshot(ctx, redo); err != nil {
		t.Fatal(err)
	}

	if err := db.Restore(ctx, point); err != nil {
		t.Fatal(err)
	}
	if got := content(t, db); got != before {
		t.Fatalf("after restoring:\n%s", diff(before, got))
	}
	if rows, err := storage.Rows(db); err != nil || rows != rowsBefore {
		t.Fatalf("the rows differ after restoring (%v):\n%s", err, diff(rowsBefore, rows))
	}
	if got := content(t, reader); got != before {
		t.Fatalf("another reader sees, after the restore:\n%s", diff(before, got))
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check after restoring: %v %v", problems, err)
	}
	// Writing goes on as usual, and the merge can be brought back.
	MustTag(t, db, "Nuclear")
	if err := db.Restore(ctx, redo); err != nil {
		t.Fatal(err)
	}
	if got := content(t, db); got != after {
		t.Fatalf("after restoring the merge:\n%s", diff(after, got))
	}
	if hits, err := db.Search(ctx, "frank", storage.SearchOptions{}); err != nil || len(hits.Hits) == 0 {
		t.Fatalf("search after restoring: %+v, %v", hits, err)
	}
}

// TestRestoreRefusesADamagedFile refuses a file that is not a project,
// changing nothing.
func TestRestoreRefusesADamagedFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ours := base(t, dir)
	db := openAs(t, ours, "Ada")
	defer db.Close()
	before := content(t, db)
	bad := filepath.Join(dir, "bad.gloss")
	if err := os.WriteFile(bad, []byte(strings.Repeat("not a database, just text. ", 10)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, bad); err == nil {
		t.Fatal("restored from a text file")
	}
	if got := content(t, db); got != before {
		t.Fatal("a refused restore changed the project")
	}
}
