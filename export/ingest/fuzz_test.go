package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gloss/annotate"
	"gloss/export/ingest"
)

// FuzzBytes checks that Bytes never panics and that whatever it accepts is
// valid, normalized text with a title and a matching hash and length.
func FuzzBytes(f *testing.F) {
	names := []string{"a.txt", "a.md", "a.html", "a"}
	files, _ := filepath.Glob("testdata/*")
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			for i := range names {
				f.Add(uint8(i), data)
			}
		}
	}
	f.Add(uint8(0), []byte("e\x01\u0301\r\n \n\n\n\ttext\u2028\uFEFF"))
	f.Add(uint8(2), []byte("<ul><li><p>x<br><br><pre>\t y\n</pre><td>a<td>b"))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		name := names[int(kind)%len(names)]
		doc, err := ingest.Bytes(name, data)
		if err != nil {
			if doc != nil {
				t.Fatal("document returned with an error")
			}
			if !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		switch {
		case !utf8.ValidString(doc.Text):
			t.Fatalf("text is not valid UTF-8: %q", doc.Text)
		case !norm.NFC.IsNormalString(doc.Text):
			t.Fatalf("text is not NFC: %q", doc.Text)
		case strings.ContainsRune(doc.Text, '\r'):
			t.Fatalf("text holds a CR: %q", doc.Text)
		case ingest.Normalize(doc.Text) != doc.Text:
			t.Fatalf("Normalize changes the text: %q", doc.Text)
		case doc.Hash != annotate.HashText(doc.Text) || doc.Length != utf8.RuneCountInString(doc.Text):
			t.Fatal("hash or length does not match the text")
		}
		for _, s := range []string{doc.Title, doc.Outlet, doc.Byline, doc.Published, doc.URL} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") {
				t.Fatalf("metadata field %q is not one line of UTF-8", s)
			}
		}
		if err := doc.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzNormalize checks that Normalize is idempotent and its output obeys the
// rules of document text, for any input.
func FuzzNormalize(f *testing.F) {
	f.Add("a\r\nb\rc\n\n\n\nd  \n")
	f.Add("\uFEFFe\u0301\x00\u0085x\u2029")
	f.Fuzz(func(t *testing.T, s string) {
		n := ingest.Normalize(s)
		if ingest.Normalize(n) != n {
			t.Fatalf("Normalize(%q) = %q is not stable: %q", s, n, ingest.Normalize(n))
		}
		if !utf8.ValidString(n) || !norm.NFC.IsNormalString(n) {
			t.Fatalf("Normalize(%q) = %q is not valid NFC text", s, n)
		}
		if strings.ContainsRune(n, '\r') || strings.Contains(n, "\n\n\n") || strings.HasPrefix(n, "\n") {
			t.Fatalf("Normalize(%q) = %q keeps breaks it should not", s, n)
		}
	})
}
