//go:build linux

package storage_test

import (
	"bytes"
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

// TestNewFilesOnAFullDisk saves a copy of a project (over an earlier
// copy, and as a new file), takes a restore point and makes a new project
// on a full disk, then merges a colleague's file into the project and
// imports a document with its original there. Each is refused with a
// message that names the file and says the disk is full and what to do;
// nothing is left behind, the earlier copy is kept byte for byte, and the
// project is unchanged and opens.
func TestNewFilesOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	ctx := context.Background()
	path := filepath.Join(mnt, "p.gloss")
	db := noisyProject(t, path, 300)
	earlier := filepath.Join(mnt, "copy.gloss")
	before := []byte("the copy saved last week")
	if err := os.WriteFile(earlier, before, 0o644); err != nil {
		t.Fatal(err)
	}
	theirs := noisyProject(t, filepath.Join(t.TempDir(), "theirs.gloss"), 300)
	theirs.Close()
	kept := []string{"p.gloss", "p.gloss-wal", "p.gloss-shm", "copy.gloss"}
	free := diskfull.Fill(t, mnt, 64<<10)

	_, err := db.SaveCopy(ctx, earlier, storage.CopyOptions{Overwrite: true})
	wantNotWritten(t, "save a copy over another", err, earlier)
	if got, _ := os.ReadFile(earlier); !bytes.Equal(got, before) {
		t.Errorf("the earlier copy became %d bytes", len(got))
	}
	out := filepath.Join(mnt, "new copy.gloss")
	_, err = db.SaveCopy(ctx, out, storage.CopyOptions{})
	wantNotWritten(t, "save a copy", err, out)
	wantNotWritten(t, "save as", db.SaveAs(ctx, out), out)
	wantNotWritten(t, "restore point", db.Snapshot(ctx, out), out)
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("the copies left behind %q", extra)
	}

	_, err = db.Merge(ctx, theirs.Path())
	wantFullProject(t, "merge", err, path)
	orig := &storage.Original{Name: "big.pdf", MediaType: "application/pdf", Data: diskfull.Noise(1, 200<<10)}
	_, err = db.ImportDocument(ctx, &annotate.Document{Title: "Too big", Text: string(diskfull.Noise(2, 100<<10))}, orig)
	wantFullProject(t, "import", err, path)
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("the merge and the import left behind %q", extra)
	}

	free()
	free = diskfull.Fill(t, mnt, 0)
	fresh := filepath.Join(mnt, "new.gloss")
	if db, err := storage.Create(fresh); err == nil {
		db.Close()
		t.Error("a new project was made on a full disk")
	} else {
		wantNotWritten(t, "new project", err, fresh)
	}
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("the new project left behind %q", extra)
	}
	free()

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(path)
	if err != nil {
		t.Fatalf("the project after the full disk: %v", err)
	}
	defer db.Close()
	if docs, err := db.Documents(ctx, annotate.DocumentFilter{}); err != nil || len(docs) != 3 {
		t.Errorf("the project holds %d documents (%v), want its 3", len(docs), err)
	}
}

// wantNotWritten fails t unless err is the full disk's message for a file
// written at path.
func wantNotWritten(t *testing.T, what string, err error, path string) {
	t.Helper()
	want := "the disk is full: " + path + " was not written. Free some space on the disk, then try again"
	if err == nil || err.Error() != want {
		t.Errorf("%s: error %v, want %q", what, err, want)
	}
}

// wantFullProject fails t unless err is the full disk's message for a
// change to the project at path.
func wantFullProject(t *testing.T, what string, err error, path string) {
	t.Helper()
	if err == nil || !strings.HasPrefix(err.Error(), "the disk is full: this change was not saved.") ||
		!strings.Contains(err.Error(), filepath.Base(path)) || !strings.Contains(err.Error(), "Free some space on the disk") {
		t.Errorf("%s: error %v, want the full disk's message for %s", what, err, path)
	}
}

// noisyProject makes a project at path of three documents of kb KB of text
// that does not compress, closed and opened again so that its file alone
// holds it.
func noisyProject(t *testing.T, path string, kb int) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	tag := &annotate.Tag{Name: "Cyber red lines", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		doc := &annotate.Document{Title: fmt.Sprintf("Article %d", i), Text: string(diskfull.Noise(int64(10*i)+int64(len(path)), kb<<10/3))}
		if _, err := db.CreateDocument(ctx, doc); err != nil {
			t.Fatal(err)
		}
		p := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 20, Quote: doc.Text[:20], Tags: []string{tag.ID}}
		if err := db.CreatePassage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = storage.Open(path); err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	return db
}

// TestRecoveryOnAFullDisk deletes a project's file while it is open, on a
// full disk, and makes a change: the copy of the researcher's work cannot
// be written beside the file or in the home folder, and the message says
// the disk is full, naming the copy, and what to do.
func TestRecoveryOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	home := filepath.Join(mnt, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	path := filepath.Join(mnt, "p.gloss")
	db := noisyProject(t, path, 300)
	defer db.Close()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	free := diskfull.Fill(t, mnt, 0)
	defer free()
	err := db.CreateTag(context.Background(), &annotate.Tag{Name: "Venues", Color: "#9a6324"})
	if err == nil {
		t.Fatal("a change was saved into a deleted file")
	}
	if m := err.Error(); !strings.Contains(m, "a copy of your work could not be written (the disk is full: "+mnt+"/p (recovered ") ||
		!strings.Contains(m, ".gloss was not written. Free some space on the disk, then try again)") {
		t.Errorf("message %q", m)
	}
	if extra := diskfull.Leftovers(t, mnt, "home", "p.gloss-wal", "p.gloss-shm"); len(extra) > 0 {
		t.Errorf("left behind %q", extra)
	}
}

// TestPreviewMergeOnAFullDisk previews a merge with the temporary folder,
// where the preview merges into a copy of the project, on a full disk,
// first with no room for the copy, then with room for it but not for the
// merge: the preview says the disk is full, naming where, and what to do,
// not that a change to the project was not saved; nothing is left there.
func TestPreviewMergeOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	db := noisyProject(t, filepath.Join(t.TempDir(), "p.gloss"), 30)
	defer db.Close()
	theirs := noisyProject(t, filepath.Join(t.TempDir(), "theirs.gloss"), 600)
	theirs.Close()
	info, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", mnt)
	for _, leave := range []int64{0, info.Size() + 128<<10} {
		free := diskfull.Fill(t, mnt, leave)
		_, err := db.PreviewMerge(context.Background(), theirs.Path())
		if err == nil || !strings.HasPrefix(err.Error(), "preview the merge: the disk is full: "+mnt+"/gloss-preview-") ||
			!strings.HasSuffix(err.Error(), "/p.gloss was not written. Free some space on the disk, then try again") {
			t.Errorf("with %d bytes free: %v", leave, err)
		}
		if extra := diskfull.Leftovers(t, mnt); len(extra) > 0 {
			t.Errorf("with %d bytes free, left behind %q", leave, extra)
		}
		free()
	}
}
