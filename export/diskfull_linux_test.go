//go:build linux

package export_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export"
	"gloss/export/qdpx"
	"gloss/export/webanno"
	"gloss/storage"
	"gloss/storage/storagetest/diskfull"
)

// TestWriteFileOnAFullDisk writes every kind of export onto a disk with
// 8 KB left, over the previous export of the same name. Each export is
// refused with the message every writer of files gives on a full disk
// (naming the file, saying the disk is full and what to do), the previous
// export is kept byte for byte, and no temporary or partial file is left.
func TestWriteFileOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	ctx := context.Background()
	db := incompressible(t)
	writers := map[string]func(w io.Writer) error{
		"briefing.pdf": func(w io.Writer) error { return export.PDF(ctx, w, db, export.Options{Created: created}) },
		"passages.csv": func(w io.Writer) error { return export.CSV(ctx, w, db, export.Options{}) },
		"briefing.md":  func(w io.Writer) error { return export.Markdown(ctx, w, db, export.Options{Created: created}) },
		"project.json": func(w io.Writer) error { return webanno.Export(ctx, db, w, webanno.Options{Label: "p"}) },
		"project.qdpx": func(w io.Writer) error { return qdpx.Export(ctx, db, w, qdpx.Options{Name: "p"}) },
	}
	for name, write := range writers {
		path := filepath.Join(mnt, name)
		var whole bytes.Buffer
		if err := write(&whole); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if whole.Len() < 32<<10 {
			t.Fatalf("%s: %d bytes, too few to fill the disk", name, whole.Len())
		}
		before := []byte("the previous export of " + name)
		if err := os.WriteFile(path, before, 0o644); err != nil {
			t.Fatal(err)
		}
		free := diskfull.Fill(t, mnt, 8<<10)
		err := export.WriteFile(path, write)
		free()
		checkNotWritten(t, err, path)
		if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
			t.Errorf("%s: the previous export became %d bytes (%.40q)", name, len(got), got)
		}
		if extra := diskfull.Leftovers(t, mnt, name); len(extra) > 0 {
			t.Errorf("%s: left behind %q", name, extra)
		}
		os.Remove(path)
	}
}

// checkNotWritten fails t unless err is the full disk's message for path.
func checkNotWritten(t *testing.T, err error, path string) {
	t.Helper()
	want := "the disk is full: " + path + " was not written. Free some space on the disk, then try again"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// incompressible is a project of 200 KB of text that does not compress, with a
// passage in every kilobyte.
func incompressible(t *testing.T) *storage.DB {
	db := MustOpen(t)
	r := rand.New(rand.NewSource(1))
	tag := MustTag(t, db, "Cyber red lines", "#4363d8", "")
	for d := range 2 {
		var b strings.Builder
		for b.Len() < 100<<10 {
			for range 12 {
				w := make([]byte, 3+r.Intn(6))
				for i := range w {
					w[i] = byte('a' + r.Intn(26))
				}
				b.Write(w)
				b.WriteByte(' ')
			}
			b.WriteString(".\n\n")
		}
		doc := MustDocument(t, db, &annotate.Document{Title: fmt.Sprintf("Article %d", d), Text: b.String()})
		paras := strings.Split(doc.Text, "\n\n")
		for i := 0; i < len(paras); i += 16 {
			MustPassage(t, db, doc, strings.TrimSpace(paras[i]), "a note on "+paras[i+1], tag)
		}
	}
	return db
}
