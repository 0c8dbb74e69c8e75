package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// pdfBytes stands in for a PDF: storage keeps the bytes, it does not read them.
func pdfBytes(s string) []byte { return []byte("%PDF-1.4\n" + s + "\n%%EOF\n") }

func importPDF(t *testing.T, db *storage.DB, title, text string, data []byte) (*annotate.Document, bool) {
	t.Helper()
	doc := &annotate.Document{Title: title, Text: text, Source: title + ".pdf"}
	created, err := db.ImportDocument(context.Background(), doc, &storage.Original{Name: "/home/ada/" + title + ".pdf", MediaType: "application/pdf", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return doc, created
}

func TestOriginals(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	data := pdfBytes("one")
	a, created := importPDF(t, db, "Summit", article, data)
	if !created {
		t.Fatal("not created")
	}
	got, err := db.Original(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if string(got.Data) != string(data) || got.SHA256 != hex.EncodeToString(sum[:]) || got.Name != "Summit.pdf" ||
		got.MediaType != "application/pdf" || got.Size != int64(len(data)) {
		t.Errorf("original %+v", got)
	}
	if info, err := db.OriginalInfo(ctx, a.ID); err != nil || info.Data != nil || info.SHA256 != got.SHA256 {
		t.Errorf("info %+v, %v", info, err)
	}
	// Importing the same file again adds nothing; another document read
	// from the same bytes shares them.
	if _, created := importPDF(t, db, "Summit", article, data); created {
		t.Error("the same document was created twice")
	}
	b, _ := importPDF(t, db, "Other", "Another text read from the same file.", data)
	if files, size, err := db.OriginalsSize(ctx); err != nil || files != 1 || size != int64(len(data)) {
		t.Errorf("originals: %d files, %d bytes, %v; want 1 and %d", files, size, err, len(data))
	}
	if o, err := db.Original(ctx, b.ID); err != nil || o.SHA256 != got.SHA256 {
		t.Errorf("second document's original %+v, %v", o, err)
	}
	// A document without one, and a deleted one.
	plain := MustDocument(t, db, "Plain", "Typed in, no file.")
	if _, err := db.Original(ctx, plain.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("document without an original: %v", err)
	}
	if err := db.DeleteDocument(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Original(ctx, b.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("deleted document: %v", err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %q, %v", problems, err)
	}
}

func TestOriginalLimits(t *testing.T) {
	db := MustOpen(t)
	for _, c := range []struct {
		orig storage.Original
		want string
	}{
		{storage.Original{Name: "big.pdf", MediaType: "application/pdf", Data: make([]byte, storage.MaxOriginalBytes+1)}, `original "big.pdf" is larger than 50 MB, the most a project keeps`},
		{storage.Original{Name: "a.doc", MediaType: "application/msword", Data: []byte("x")}, `original "a.doc": files of type "application/msword" are not kept`},
		{storage.Original{Name: "e.pdf", MediaType: "application/pdf"}, `original "e.pdf" is empty`},
	} {
		doc := &annotate.Document{Title: "T", Text: "Some text."}
		_, err := db.ImportDocument(context.Background(), doc, &c.orig)
		if annotate.ErrorCode(err) != annotate.EINVALID || annotate.ErrorMessage(err) != c.want {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	// Refused as a whole: the document was not added without its file.
	if docs, err := db.Documents(context.Background(), annotate.DocumentFilter{}); err != nil || len(docs) != 0 {
		t.Errorf("%d documents, %v", len(docs), err)
	}
}

func TestCopyOriginals(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	importPDF(t, db, "Summit", article, pdfBytes("kept"))
	gone, _ := importPDF(t, db, "Gone", "A document deleted before the copy.", pdfBytes("gone"))
	if err := db.DeleteDocument(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		drop  bool
		files int
	}{{false, 1}, {true, 0}} {
		out := filepath.Join(dir, "copy.gloss")
		rep, err := db.SaveCopy(ctx, out, storage.CopyOptions{DropOriginals: c.drop, Overwrite: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Originals != c.files || rep.Documents != 1 {
			t.Errorf("drop=%v: report %+v", c.drop, rep)
		}
		cp, err := storage.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		files, _, err := cp.OriginalsSize(ctx)
		if err != nil || files != c.files {
			t.Errorf("drop=%v: copy keeps %d files, %v", c.drop, files, err)
		}
		if problems, err := cp.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("drop=%v: check %q, %v", c.drop, problems, err)
		}
		cp.Close()
	}
}

func TestMergeOriginals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// Ours has the document as text only (from a copy without originals);
	// theirs has it with its PDF, and one more PDF document.
	theirsPath := filepath.Join(dir, "theirs.gloss")
	theirs, err := storage.Create(theirsPath)
	if err != nil {
		t.Fatal(err)
	}
	theirs.SetAuthor("Grace")
	importPDF(t, theirs, "Summit", article, pdfBytes("summit"))
	importPDF(t, theirs, "Cyber", "Cyber talks will begin within months.", pdfBytes("cyber"))
	theirs.Close()

	db := MustOpen(t)
	ours := MustDocument(t, db, "Summit", article)
	rep, err := db.Merge(ctx, theirsPath)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OriginalsAdded != 2 || rep.DocumentsAdded != 1 {
		t.Errorf("report: %d originals, %d documents added; want 2 and 1", rep.OriginalsAdded, rep.DocumentsAdded)
	}
	if o, err := db.Original(ctx, ours.ID); err != nil || string(o.Data) != string(pdfBytes("summit")) {
		t.Errorf("our document's original: %v", err)
	}
	// Merging again changes nothing.
	rep, err = db.Merge(ctx, theirsPath)
	if err != nil || rep.OriginalsAdded != 0 || rep.Changed() {
		t.Errorf("second merge: %+v, %v", rep, err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %q, %v", problems, err)
	}
}

// TestOriginalTampered changes a kept file's bytes behind Gloss's back:
// check reports it, and opening and merging the file refuse it.
func TestOriginalTampered(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tampered.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Grace")
	importPDF(t, db, "Summit", article, pdfBytes("real"))
	db.Close()
	alter(t, path, `UPDATE originals SET data = CAST(replace(CAST(data AS TEXT), 'real', 'fake') AS BLOB)`)

	const want = ": its content does not match its SHA-256"
	if _, err := storage.Inspect(path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("inspect: %v", err)
	}
	if _, err := storage.Open(path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("open: %v", err)
	}
	ours := MustOpen(t)
	if _, err := ours.Merge(ctx, path); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("merge: %v", err)
	}
}
