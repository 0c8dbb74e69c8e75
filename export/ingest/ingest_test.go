package ingest_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gloss/annotate"
	"gloss/export/ingest"
)

// want is what a fixture should import as.
type want struct {
	title, text                       string
	outlet, byline, published, webURL string
}

func TestFile(t *testing.T) {
	tests := []struct {
		file string
		want want
	}{
		{"utf8.txt", want{
			title: "Putin and Biden agree to return ambassadors",
			text: "Putin and Biden agree to return ambassadors\n\n" +
				"GENEVA — The two leaders met for “less than four hours” at Villa La Grange.\n\n" +
				"Officials said the talks were ‘constructive’.",
		}},
		{"utf8-bom.txt", want{
			title: "Résumé of the summit",
			text:  "Résumé of the summit\n\nCafé talks.",
		}},
		{"utf16le.txt", want{
			title: "Summit in Genève",
			text:  "Summit in Genève\n\nCost: €5 🌍",
		}},
		{"utf16be.txt", want{
			title: "Summit in Genève",
			text:  "Summit in Genève\n\nCost: €5 🌍",
		}},
		{"utf16le-nobom.txt", want{
			title: "Saved without a mark",
			text:  "Saved without a mark\n\nStill text.",
		}},
		{"cp1252.txt", want{
			title: "“Curly” ‘quotes’",
			text:  "“Curly” ‘quotes’\n\nIt cost €5 at the café…",
		}},
		{"crlf.txt", want{
			title: "First line",
			text:  "First line\n\nSecond paragraph",
		}},
		{"cr.txt", want{
			title: "Old Mac title",
			text:  "Old Mac title\n\nSecond paragraph",
		}},
		{"nfd.txt", want{
			title: "Caf\u00e9 society",
			text:  "Caf\u00e9 society\n\nThe r\u00e9sum\u00e9.",
		}},
		{"article.md", want{
			title: "Summit takeaways",
			text: "Summit takeaways\n\nBy the numbers:\n\n- 3 hours of talks\n- 2 ambassadors returning\n\n" +
				"“We agreed,” Putin said.",
		}},
		{"frontmatter.md", want{
			title:     "Biden, Putin hold first summit",
			text:      "A different heading\n\nThe summit in Geneva lasted under four hours.",
			outlet:    "Example News",
			byline:    "Jane Doe",
			published: "2021-06-16",
			webURL:    "https://news.example.com/2021/06/16/summit",
		}},
		{"keyvalue.txt", want{
			title:     "Ambassadors to return to posts",
			text:      "The U.S. and Russia agreed to send their ambassadors back.",
			outlet:    "The Hill",
			byline:    "Morgan Chalfant",
			published: "2021-06-16",
			webURL:    "https://thehill.com/policy/international/558846",
		}},
		{"rule.md", want{
			title: "Not front matter",
			text:  "Not front matter\n\nText between rules.\n\nAfter the rule.",
		}},
		{"article.html", want{
			title: "Biden & Putin meet in Geneva",
			text: "Biden & Putin meet\n\nBy Jane Doe\n\n" +
				"The summit lasted less than four hours — shorter than expected.\n\n" +
				"Key points:\n\n" +
				"- Ambassadors return\n\n- Talks on cyber security\n\n- Arms control\n  - New START\n\n" +
				"Line one\nLine two\n\nAfter a gap\n\n" +
				"“We agreed,” Putin said.\n\n" +
				"Leader\tCountry\nBiden\tUS\n\n" +
				// Readability leaves the article's own footer (tags, share
				// links) behind with the page's.
				"  code   stays\n    as written",
			outlet:    "Example News",
			byline:    "Jane Doe",
			published: "2021-06-16",
			webURL:    "https://news.example.com/geneva-summit",
		}},
		{"nometa.htm", want{
			title: "Only a heading",
			text:  "Only a heading\n\nAnd a paragraph with café €5 <tags>.",
		}},
		{"cyrillic.html", want{
			title: "Путин",
			text:  "Женева",
		}},
		{"noext", want{
			title: "page saved without an extension",
			text:  "page saved without an extension",
		}},
		{"webpage", want{
			title: "Sniffed",
			text:  "Saved without an extension.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := ingest.File(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc, tt.file, tt.want)
		})
	}
}

// checkDoc asserts that doc holds w and obeys the rules of every imported
// document.
func checkDoc(t *testing.T, doc *annotate.Document, source string, w want) {
	t.Helper()
	if doc.Text != w.text {
		t.Errorf("text:\n got %q\nwant %q", doc.Text, w.text)
	}
	if doc.Title != w.title {
		t.Errorf("title = %q, want %q", doc.Title, w.title)
	}
	if doc.Outlet != w.outlet || doc.Byline != w.byline || doc.Published != w.published || doc.URL != w.webURL {
		t.Errorf("metadata = %q, %q, %q, %q; want %q, %q, %q, %q",
			doc.Outlet, doc.Byline, doc.Published, doc.URL, w.outlet, w.byline, w.published, w.webURL)
	}
	if doc.Source != source {
		t.Errorf("source = %q, want %q", doc.Source, source)
	}
	if doc.Hash != annotate.HashText(doc.Text) {
		t.Errorf("hash = %s, want annotate.HashText(text)", doc.Hash)
	}
	if n := utf8.RuneCountInString(doc.Text); doc.Length != n {
		t.Errorf("length = %d, want %d code points", doc.Length, n)
	}
	if doc.ID != "" || doc.Author != "" || !doc.CreatedAt.IsZero() {
		t.Errorf("storage fields set: id %q, author %q, created %v", doc.ID, doc.Author, doc.CreatedAt)
	}
	if err := doc.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	checkText(t, doc.Text)
}

// checkText asserts the invariants of normalized text.
func checkText(t *testing.T, text string) {
	t.Helper()
	switch {
	case !utf8.ValidString(text):
		t.Errorf("text is not valid UTF-8: %q", text)
	case !norm.NFC.IsNormalString(text):
		t.Errorf("text is not NFC: %q", text)
	case strings.ContainsRune(text, '\r'):
		t.Errorf("text holds a CR: %q", text)
	case strings.Contains(text, "\n\n\n"):
		t.Errorf("text holds two blank lines in a row: %q", text)
	case text != strings.TrimSpace(text) && strings.TrimRight(text, " \t\n") != text:
		t.Errorf("text ends in white space: %q", text)
	case ingest.Normalize(text) != text:
		t.Errorf("Normalize changes normalized text %q to %q", text, ingest.Normalize(text))
	}
}

func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: takes no disk space, and must be refused before it is read.
	if err := f.Truncate(ingest.MaxFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		path   string
		reason string
		code   string // annotate error code; EINTERNAL for I/O errors
	}{
		{"testdata/notes.bin", "not a text file (binary content)", annotate.EINVALID},
		{"testdata/controls.txt", "not a text file (binary content)", annotate.EINVALID},
		{"testdata/report.pdf", "the PDF is damaged (its structure cannot be read)", annotate.EINVALID},
		{"testdata/letter.docx", "not a valid Word document (the ZIP archive inside is damaged", annotate.EINVALID},
		{"testdata/photo.txt", "not a text file (a PNG image)", annotate.EINVALID},
		{"testdata/utf32.txt", "UTF-32 text is not supported", annotate.EINVALID},
		{"testdata/empty.txt", "file is empty", annotate.EINVALID},
		{"testdata/blank.txt", "file has no text (only whitespace)", annotate.EINVALID},
		{"testdata/empty.html", "no readable text in the HTML", annotate.EINVALID},
		{big, "file is too large (50.1 MB; the limit is 50 MB)", annotate.EINVALID},
		{filepath.Join(dir, "missing.txt"), "no such file or folder", annotate.EINTERNAL},
		{"testdata/utf8.txt/child.txt", "not a directory", annotate.EINTERNAL},
		{"testdata", "is a directory, not a file", annotate.EINTERNAL},
		{fifo, "not a regular file", annotate.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			doc, err := ingest.File(tt.path)
			if err == nil {
				t.Fatalf("imported %q, want an error", doc.Title)
			}
			if doc != nil {
				t.Errorf("returned a document with the error")
			}
			if !strings.HasPrefix(err.Error(), tt.path+": ") {
				t.Errorf("error %q does not start with the path", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not give the reason %q", err, tt.reason)
			}
			if code := annotate.ErrorCode(err); code != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
			if tt.code == annotate.EINVALID && annotate.ErrorMessage(err) != err.Error() {
				t.Errorf("ErrorMessage = %q loses part of %q", annotate.ErrorMessage(err), err)
			}
		})
	}

	_, err = ingest.File(filepath.Join(dir, "missing.txt"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}
}

func TestBytes(t *testing.T) {
	doc, err := ingest.Bytes("notes/Summit.MD", []byte("## Geneva\r\n\r\nText.\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, "Summit.MD", want{title: "Geneva", text: "Geneva\n\nText."})

	// The name picks the format.
	doc, err = ingest.Bytes("page.HTM", []byte("<p>One</p><p>Two &amp; three</p>"))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, "page.HTM", want{title: "One", text: "One\n\nTwo & three"})
	doc, err = ingest.Bytes("page.txt", []byte("<p>One</p>"))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, "page.txt", want{title: "<p>One</p>", text: "<p>One</p>"})

	// A text without a line that has a letter or digit is named after its file.
	doc, err = ingest.Bytes("dashes.txt", []byte("---\n***\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc, "dashes.txt", want{title: "dashes", text: "---\n***"})

	_, err = ingest.Bytes("big.txt", make([]byte, ingest.MaxFileBytes+1))
	if err == nil || !strings.HasPrefix(err.Error(), "big.txt: file is too large") {
		t.Errorf("oversized: error = %v", err)
	}
	_, err = ingest.Bytes("deep.html", []byte(strings.Repeat("<div>", 600)+"text"))
	if err == nil || err.Error() != "deep.html: the HTML is nested too deeply to read (more than 512 elements)" {
		t.Errorf("deep HTML: error = %v", err)
	}
	_, err = ingest.Bytes("", nil)
	if err == nil || err.Error() != "(unnamed): file is empty" {
		t.Errorf("unnamed empty: error = %v", err)
	}
}

// TestLongDate imports a file whose date Gloss cannot parse and that is
// longer than a document's date may be: it is shortened to what the
// project stores, so the document can be added.
func TestLongDate(t *testing.T) {
	date := strings.Repeat("on the day of the summit in Geneva ", 5) // 175 characters
	doc, err := ingest.Bytes("summit.txt", []byte("Title: Summit\nDate: "+date+"\n\nBiden and Putin met.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(doc.Published); n > annotate.MaxPublished || n < annotate.MaxPublished/2 {
		t.Fatalf("date of %d characters %q; want it shortened to at most %d", n, doc.Published, annotate.MaxPublished)
	}
	if err := doc.Validate(); err != nil {
		t.Fatalf("the imported document does not validate: %v", err)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{
		"a.txt": true, "a.TEXT": true, "a.md": true, "A.Markdown": true, "a.html": true, "a.HTM": true,
		"dir.d/a.txt": true, "a.pdf": true, "a.DOCX": true, "a.odt": true, "a.doc": false, "a.epub": false, "a": false, ".txt.bak": false, "a.txt.gz": false,
	} {
		if got := ingest.Supported(name); got != want {
			t.Errorf("Supported(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSeeds imports the four sample articles Gloss ships (copies in
// testdata/seeds): each keeps its text apart from trailing spaces and extra
// blank lines, and gets its headline, or its opening clause, as title.
func TestSeeds(t *testing.T) {
	titles := map[string]string{
		"000_98207044687a33cb.txt": "President Biden met with Russian President Vladimir Putin in Geneva for less than four hours of talks on Wednesday…",
		"001_cd9eba4ed8eb89c9.txt": "President Joe Biden and Russia’s Vladimir Putin sit down on Wednesday for their highly anticipated summit in the Swiss city of Geneva…",
		"002_196b23ef3a929870.txt": "Biden And Putin's First Meeting: What You Need To Know",
		"003_9517d3311cb2f6c2.txt": "US, Russia to return ambassadors to their posts",
	}
	results := ingest.Paths([]string{"testdata/seeds"})
	if len(results) != len(titles) {
		t.Fatalf("got %d results, want %d", len(results), len(titles))
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Path, r.Err)
			continue
		}
		raw, err := os.ReadFile(r.Path)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			l = strings.TrimRightFunc(l, unicode.IsSpace) // 003 ends lines in U+00A0
			if l == "" && len(lines) > 0 && lines[len(lines)-1] == "" {
				continue
			}
			lines = append(lines, l)
		}
		checkDoc(t, r.Doc, filepath.Base(r.Path), want{
			title: titles[filepath.Base(r.Path)],
			text:  strings.Join(lines, "\n"),
		})
	}
}
