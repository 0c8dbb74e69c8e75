package cli_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/export/ingest/ingesttest"
)

// TestImportFormats imports a folder holding an article in every format,
// and a web address: each is reported with what was made of it.
func TestImportFormats(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "articles")
	os.Mkdir(in, 0o755)
	page, err := os.ReadFile("../../export/ingest/testdata/news/newspaper.html")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"summit.pdf":  ingesttest.ArticlePDF(),
		"agreed.docx": ingesttest.DOCX(),
		"cyber.odt":   ingesttest.ODT(),
		"talks.html":  page,
		"notes.md":    []byte("---\ntitle: Field notes\n---\n# Day one\n\nWe arrived\nin Geneva.\n"),
		"locked.pdf":  ingesttest.EncryptedPDF(),
	} {
		if err := os.WriteFile(filepath.Join(in, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	}))
	defer srv.Close()
	mustGloss(t, dir, "new", "p.gloss")
	out, errs, code := gloss(t, dir, "import", "p.gloss", "articles", srv.URL+"/2021/06/16/talks.html")
	if code != 1 || !strings.Contains(errs, "1 file could not be imported") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	for _, want := range []string{
		"Biden and Putin Meet in Geneva  (articles/summit.pdf)\n         PDF, 2 pages, 14 paragraphs; removed: running header or footer “The Geneva Review - Summit Special” (2 pages), page numbers (2 pages), 2 hyphenated line breaks joined\n",
		"Geneva Summit: What Was Agreed  (articles/agreed.docx)\n         Word document, 9 paragraphs; removed: 2 notes moved to the end, 1 tracked deletion, comments\n",
		"Cyber Talks Begin  (articles/cyber.odt)\n         OpenDocument text, 7 paragraphs",
		"Field notes  (articles/notes.md)\n         Markdown, 2 paragraphs; removed: front matter (read as the document's details)\n",
		"Putin and Biden Hold Talks in Geneva, With Low Expectations  (articles/talks.html)\n         Web page, 9 paragraphs",
		"failed   articles/locked.pdf: the PDF is protected with a password",
		"present  ",
		"Putin and Biden Hold Talks in Geneva, With Low Expectations  (" + srv.URL + "/2021/06/16/talks.html: same text)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := len(docs(t, dir, "p.gloss")); n != 5 {
		t.Errorf("%d documents, want 5", n)
	}
	mustGloss(t, dir, "check", "p.gloss")
	out = mustGloss(t, dir, "copy", "p.gloss", "small.gloss", "--drop-originals")
	if !strings.Contains(out, "5 documents") || !strings.Contains(out, "0 original files") {
		t.Errorf("copy: %s", out)
	}
	out = mustGloss(t, dir, "copy", "p.gloss", "full.gloss")
	if !strings.Contains(out, "1 original file") {
		t.Errorf("copy: %s", out)
	}
}
