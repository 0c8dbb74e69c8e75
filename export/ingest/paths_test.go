package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/ingest"
)

// writeTree creates files (path → content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// outcome is a Result reduced to what a test compares: a title or an error.
func outcome(t *testing.T, root string, r ingest.Result) string {
	t.Helper()
	rel, err := filepath.Rel(root, r.Path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = r.Path
	}
	rel = filepath.ToSlash(rel)
	switch {
	case r.Err != nil && r.Doc != nil:
		t.Errorf("%s: both a document and an error", r.Path)
	case r.Err != nil:
		if !strings.HasPrefix(r.Err.Error(), r.Path+": ") {
			t.Errorf("error %q does not start with the path %s", r.Err, r.Path)
		}
		return rel + " ! " + strings.TrimPrefix(r.Err.Error(), r.Path+": ")
	case r.Doc == nil:
		t.Errorf("%s: neither a document nor an error", r.Path)
	}
	return rel + " = " + r.Doc.Title
}

func TestPathsFolder(t *testing.T) {
	root := writeTree(t, map[string]string{
		"b.txt":             "Bravo\n",
		"a.md":              "# Alpha\n",
		"sub/c.HTML":        "<title>Charlie</title><p>text</p>",
		"sub/deeper/d.text": "Delta\n",
		"sub/report.pdf":    "%PDF-1.7\n",
		"sub/empty.txt":     "",
		"notes":             "no extension\n",
		".hidden.txt":       "skipped\n",
		".git/config.txt":   "skipped\n",
		"z.markdown":        "Zulu\n",
	})
	var got []string
	for _, r := range ingest.Paths([]string{root}) {
		got = append(got, outcome(t, root, r))
	}
	want := []string{
		"a.md = Alpha",
		"b.txt = Bravo",
		"notes ! unsupported file type (no extension)",
		"sub/c.HTML = Charlie",
		"sub/deeper/d.text = Delta",
		"sub/empty.txt ! file is empty",
		"sub/report.pdf ! the PDF is damaged (its structure cannot be read); open it in a PDF reader and save a new copy, then import that",
		"z.markdown = Zulu",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPathsMixed(t *testing.T) {
	root := writeTree(t, map[string]string{
		"one.txt":        "One\n",
		"dir/two.txt":    "Two\n",
		"dir/one.txt":    "Another one\n",
		"only/image.png": "\x89PNG\r\n\x1a\n",
		"empty/.keep":    "",
		"paper.pdf":      "%PDF-1.4\n",
		"data.csv":       "a,b\n1,2\n",
	})
	p := func(name string) string { return filepath.Join(root, name) }
	results := ingest.Paths([]string{
		p("paper.pdf"),   // named: attempted, and refused for its content
		p("data.csv"),    // named: attempted, read as text
		p("dir"),         // a folder
		p("dir/two.txt"), // already read from the folder
		p("missing.txt"),
		p("only"),
		p("empty"),
	})
	var got []string
	for _, r := range results {
		got = append(got, outcome(t, root, r))
	}
	want := []string{
		"paper.pdf ! the PDF is damaged (its structure cannot be read); open it in a PDF reader and save a new copy, then import that",
		"data.csv = a,b",
		"dir/one.txt = Another one",
		"dir/two.txt = Two",
		"missing.txt ! no such file or folder",
		"only/image.png ! unsupported file type (.png)",
		"only ! no supported files in the folder (.txt, .text, .md, .markdown, .html, .htm, .pdf, .docx, .odt)",
		"empty ! no supported files in the folder (.txt, .text, .md, .markdown, .html, .htm, .pdf, .docx, .odt)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range results {
		if r.Err != nil && strings.Contains(r.Err.Error(), "unsupported") && annotate.ErrorCode(r.Err) != annotate.EINVALID {
			t.Errorf("%s: code %q, want %q", r.Path, annotate.ErrorCode(r.Err), annotate.EINVALID)
		}
	}
}

func TestPathsSymlinkLoop(t *testing.T) {
	root := writeTree(t, map[string]string{"a/x.txt": "Ex\n"})
	if err := os.Symlink(root, filepath.Join(root, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "a", "x.txt"), filepath.Join(root, "a", "y.txt")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range ingest.Paths([]string{root}) {
		got = append(got, outcome(t, root, r))
	}
	want := "a/x.txt = Ex\na/y.txt = Ex"
	if strings.Join(got, "\n") != want {
		t.Errorf("Paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
