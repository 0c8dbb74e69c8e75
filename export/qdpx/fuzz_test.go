package qdpx_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage/storagetest"
)

// FuzzRead checks that Read never panics on a .qdpx, .qde or .qdc, that an
// error names the file, and that whatever it accepts holds together and
// imports into a project that then passes check: nothing a file from
// another tool brings can damage a project. The seeds are the fixtures of
// other tools' conventions, zipped and bare, and Gloss's own export.
func FuzzRead(f *testing.F) {
	for _, dir := range []string{"qualcoder", "maxqda", "atlasti"} {
		f.Add(zipDir(f, filepath.Join("testdata", dir)))
		if qde, err := os.ReadFile(filepath.Join("testdata", dir, "project.qde")); err == nil {
			f.Add(qde)
		}
	}
	for _, name := range []string{"atlasti.qdc", "codebook.qdc", "other-tool.qdpx"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<Project name="x"><Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="a"><PlainTextContent>a` + "\r\n" +
		`b 🇺🇸</PlainTextContent><PlainTextSelection guid="5E100000-0000-4000-8000-000000000001" name="b 🇺" startPosition="3" endPosition="6"/></TextSource></Sources></Project>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := qdpx.Read("fuzz.qdpx", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			if b != nil {
				t.Fatal("batch returned with an error")
			}
			if !strings.HasPrefix(err.Error(), "fuzz.qdpx") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("the batch does not hold together: %v", err)
		}
		for _, p := range b.Passages {
			if d := b.Document(p.Document); d != nil && d.Text != "" {
				if got := annotate.NewText(d.Text).Slice(p.Selector.Start, p.Selector.End); got != p.Selector.Exact {
					t.Fatalf("passage %s: its quote %q is not the text at [%d, %d): %q", p.Key, p.Selector.Exact, p.Selector.Start, p.Selector.End, got)
				}
			}
		}
		// A small archive may inflate to texts of megabytes; they are read
		// above, and importing them would only make each run slow.
		size := 0
		for _, d := range b.Documents {
			size += len(d.Text)
		}
		if size > 1<<20 {
			return
		}
		db := storagetest.MustOpen(t)
		if _, err := db.ImportBatch(context.Background(), b); err != nil {
			if annotate.ErrorCode(err) != annotate.EINVALID {
				t.Fatalf("import failed for another reason than the file: %v", err)
			}
			return
		}
		if problems, err := db.Check(context.Background()); err != nil || len(problems) > 0 {
			t.Fatalf("check after the import: %v %v", problems, err)
		}
	})
}
