//go:build linux

package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
	"gloss/storage/storagetest/diskfull"
)

// TestDiskFull fills the disk under a project and makes a change that needs
// more room. The change is refused with a message that says what to do;
// what was saved before is kept, in the file alone when the write-ahead
// log could be folded into it (the changes before rewrote pages the file
// has), else in the file and its log together, which the message then says
// to keep together. The disk is a 4 MB tmpfs of the test's own (see
// diskfull.Disk).
func TestDiskFull(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	out := t.TempDir()
	msgs := diskFullCases(t, mnt, out)
	ctx := context.Background()
	t.Logf("in place: %s\nwith the log: %s", msgs["in-place"], msgs["with-log"])

	// The changes before the full disk rewrote pages the file has: folded
	// into it, the file alone holds them.
	if m := msgs["in-place"]; !strings.HasPrefix(m, "the disk is full: this change was not saved. Everything saved before it is in ") ||
		strings.Contains(m, "-wal") || !strings.Contains(m, "Free some space") {
		t.Errorf("message after the full disk: %q", m)
	}
	alone := filepath.Join(out, "in-place.gloss")
	if _, err := os.Stat(alone + "-wal"); err == nil {
		t.Fatal("the test copied a log it should not have")
	}
	db, err := storage.Open(alone)
	if err != nil {
		t.Fatalf("the file alone, copied after the full disk: %v", err)
	}
	if _, err := db.TagByName(ctx, "Renamed 2"); err != nil {
		t.Errorf("the file alone lacks a change saved before the disk was full: %v", err)
	}
	db.Close()

	// New pages that could not be folded in: the message says to keep the
	// file with its log, and the two together hold everything saved.
	if m := msgs["with-log"]; !strings.Contains(m, "together with with-log.gloss-wal: keep the two files together") {
		t.Errorf("message after the full disk, with pages left in the log: %q", m)
	}
	db, err = storage.Open(filepath.Join(out, "with-log.gloss"))
	if err != nil {
		t.Fatalf("the file and its log, copied after the full disk: %v", err)
	}
	defer db.Close()
	if docs, err := db.Documents(ctx, annotate.DocumentFilter{Text: "Saved before"}); err != nil || len(docs) != 1 {
		t.Errorf("the file and its log lack the document saved before the disk was full: %v, %v", docs, err)
	}
}

// diskFullCases runs both cases on the small disk at mnt and returns the
// message of each ("in-place", "with-log"), having copied the files to out.
func diskFullCases(t *testing.T, mnt, out string) map[string]string {
	childFail := t.Fatalf
	msgs := map[string]string{}
	ctx := context.Background()
	long := func(title string, kb int) *annotate.Document {
		var b strings.Builder
		for i := 0; b.Len() < kb<<10; i++ {
			fmt.Fprintf(&b, "%s, line %d: the ambassadors would return to their posts. ", title, i)
		}
		return &annotate.Document{Title: title, Text: b.String()}
	}
	var free func()
	fill := func() { free = diskfull.Fill(t, mnt, 0) }
	copyOut := func(names ...string) {
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(mnt, n))
			if err != nil {
				childFail("copy %s: %v", n, err)
			}
			if err := os.WriteFile(filepath.Join(out, n), b, 0o644); err != nil {
				childFail("copy %s: %v", n, err)
			}
		}
	}
	create := func(name string) (*storage.DB, string) {
		path := filepath.Join(mnt, name)
		db, err := storage.Create(path)
		if err != nil {
			childFail("create: %v", err)
		}
		db.SetAuthor("Ada")
		if _, err := db.CreateDocument(ctx, long("Background", 200)); err != nil {
			childFail("document: %v", err)
		}
		for i := 0; i < 3; i++ {
			if err := db.CreateTag(ctx, &annotate.Tag{Name: fmt.Sprintf("Code %d", i), Color: "#4363d8"}); err != nil {
				childFail("tag: %v", err)
			}
		}
		if err := db.Close(); err != nil {
			childFail("close: %v", err)
		}
		db, err = storage.Open(path)
		if err != nil {
			childFail("open: %v", err)
		}
		db.SetAuthor("Ada")
		return db, path
	}

	// Changes that rewrite pages the file has, then a full disk.
	db, path := create("in-place.gloss")
	tags, err := db.Tags(ctx)
	if err != nil {
		childFail("tags: %v", err)
	}
	for i, tag := range tags {
		name := fmt.Sprintf("Renamed %d", i)
		if _, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Name: &name}); err != nil {
			childFail("rename: %v", err)
		}
	}
	fill()
	_, err = db.CreateDocument(ctx, long("Too big for the disk", 600))
	if err == nil {
		childFail("a document larger than the free space was saved")
	}
	msgs["in-place"] = strings.ReplaceAll(err.Error(), path, "in-place.gloss")
	if _, err := os.Stat(path + "-wal"); err == nil {
		if info, _ := os.Stat(path + "-wal"); info.Size() > 0 {
			childFail("the log still holds %d bytes after it was folded in", info.Size())
		}
	}
	copyOut("in-place.gloss")
	db.Close()
	free()
	os.Remove(path)

	// A change that adds pages, then a full disk: the log cannot be folded in.
	db, path = create("with-log.gloss")
	if _, err := db.CreateDocument(ctx, long("Saved before the disk was full", 300)); err != nil {
		childFail("document: %v", err)
	}
	fill()
	_, err = db.CreateDocument(ctx, long("Too big for the disk", 600))
	if err == nil {
		childFail("a document larger than the free space was saved")
	}
	msgs["with-log"] = strings.ReplaceAll(err.Error(), path, "with-log.gloss")
	copyOut("with-log.gloss", "with-log.gloss-wal")
	db.Close()
	return msgs
}
