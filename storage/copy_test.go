package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func TestSaveCopyPurgesDeletedWork(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	gone := MustDocument(t, db, "Gone", "An article deleted before the copy, with a secret in it.\n")
	amb := MustTag(t, db, "Ambassadors")
	old := MustTag(t, db, "Old code")
	keep := MustPassage(t, db, doc, "ambassadors would return to their posts", amb.ID)
	del := MustPassage(t, db, doc, "Vladimir Putin", amb.ID)
	MustPassage(t, db, gone, "secret", old.ID)
	if err := db.SetNote(ctx, keep.ID, "kept note"); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{db.DeletePassage(ctx, del.ID), db.DeleteDocument(ctx, gone.ID), db.DeleteTag(ctx, old.ID)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "copy.gloss")
	rep, err := db.SaveCopy(ctx, out, storage.CopyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Documents != 1 || rep.Tags != 1 || rep.Passages != 1 || rep.Notes != 1 || rep.Bytes <= 0 {
		t.Fatalf("report %+v", rep)
	}
	if want, got := content(t, db), contentOf(t, out); got != want {
		t.Fatalf("copy's live content differs:\n%s", diff(want, got))
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "secret") || strings.Contains(string(raw), "Old code") {
		t.Fatal("deleted content is still in the copy's bytes")
	}
	for _, p := range []string{out + "-wal", out + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			t.Fatalf("the copy left %s", p)
		}
	}
	plain, err := sql.Open("sqlite3", out)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var tombstones int
	if err := plain.QueryRow(`SELECT (SELECT count(*) FROM documents WHERE deleted_at IS NOT NULL) + (SELECT count(*) FROM tags WHERE deleted_at IS NOT NULL)
		+ (SELECT count(*) FROM passages WHERE deleted_at IS NOT NULL) + (SELECT count(*) FROM passage_tags WHERE deleted_at IS NOT NULL)`).Scan(&tombstones); err != nil || tombstones != 0 {
		t.Fatalf("%d tombstones in the copy, %v", tombstones, err)
	}
}

func TestSaveCopyOfOneResearcher(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	amb := MustTag(t, db, "Ambassadors")
	MustTag(t, db, "Unused by Ben")
	MustPassage(t, db, doc, "ambassadors would return to their posts", amb.ID)
	db.SetAuthor("Ben")
	parent := MustTag(t, db, "Diplomacy")
	if _, err := db.UpdateTag(ctx, amb.ID, annotate.TagUpdate{ParentID: &parent.ID}); err != nil {
		t.Fatal(err)
	}
	cafe := MustTag(t, db, "Cafe")
	bp := MustPassage(t, db, doc, "constructive", cafe.ID, amb.ID)
	if err := db.SetNote(ctx, bp.ID, "Ben's note"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ben.gloss")
	if _, err := db.SaveCopy(ctx, out, storage.CopyOptions{Authors: []string{"Ben"}}); err != nil {
		t.Fatal(err)
	}
	cp := openAs(t, out, "Ben")
	defer cp.Close()
	ps, _ := cp.Passages(ctx, annotate.PassageFilter{})
	if len(ps) != 1 || ps[0].ID != bp.ID || ps[0].Note.Text != "Ben's note" || len(ps[0].Tags) != 2 {
		t.Fatalf("Ben's copy passages %+v", ps)
	}
	tags, _ := cp.Tags(ctx)
	var names []string
	for _, tg := range tags {
		names = append(names, tg.Name)
	}
	// The tags on his passage, and the parent that nests one of them.
	if strings.Join(names, ",") != "Ambassadors,Diplomacy,Cafe" {
		t.Fatalf("tags in Ben's copy: %v", names)
	}
}

func TestSaveCopyFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	MustDocument(t, db, "Summit", article)
	dir := t.TempDir()
	// The destination is a folder that is not empty: the rename fails.
	out := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(out, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveCopy(ctx, out, storage.CopyOptions{Overwrite: true}); err == nil || !strings.Contains(err.Error(), out) {
		t.Fatalf("copy onto a folder: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("a failed copy left files: %v", names)
	}
	if _, err := db.SaveCopy(ctx, db.Path(), storage.CopyOptions{Overwrite: true}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("copy over the project itself: %v", err)
	}
	existing := filepath.Join(dir, "x.gloss")
	os.WriteFile(existing, []byte("x"), 0o644)
	if _, err := db.SaveCopy(ctx, existing, storage.CopyOptions{}); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("copy over a file without Overwrite: %v", err)
	}
}
