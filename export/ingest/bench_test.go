package ingest_test

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/ingest"
	"gloss/export/ingest/ingesttest"
)

// benchInput returns about size bytes of real article text, as plain text
// and as an HTML page with the clutter real pages carry.
func benchInput(b *testing.B, size int) (text, page []byte) {
	b.Helper()
	paths, _ := filepath.Glob("testdata/seeds/*.txt")
	var t, h strings.Builder
	h.WriteString("<!DOCTYPE html><html><head><title>Bench</title><script>var x = 1;</script></head><body><nav>Home</nav><article>")
	for t.Len() < size {
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			t.Write(data)
			t.WriteString("\n\n")
			for para := range strings.SplitSeq(string(data), "\n") {
				h.WriteString("<p>" + html.EscapeString(para) + "</p>\n")
			}
		}
	}
	h.WriteString("</article><footer>Footer</footer></body></html>")
	return []byte(t.String()), []byte(h.String())
}

// BenchmarkBytes measures importing about 1 MB of text and of HTML against
// a baseline of hashing the same bytes, the least any import must do.
func BenchmarkBytes(b *testing.B) {
	text, page := benchInput(b, 1<<20)
	b.Run("baseline-hash", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			annotate.HashText(string(text))
		}
	})
	b.Run("text", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			if _, err := ingest.Bytes("a.txt", text); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := ingest.Bytes("a.html", page); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFormats measures importing about 1 MB of text as a Word
// document and as a news site's page, against importing the same text as
// plain text in the same run.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Formats -count 5 ./export/ingest/
func BenchmarkFormats(b *testing.B) {
	docx := ingesttest.LargeDOCX(1 << 20)
	page := ingesttest.LargeHTML(1 << 20)
	a, err := ingest.Bytes("big.docx", docx)
	if err != nil {
		b.Fatal(err)
	}
	plain := []byte(a.Text)
	run := func(name, file string, data []byte) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			ingest.ReportCPU(b, func() {
				for b.Loop() {
					if _, err := ingest.Bytes(file, data); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
	run("baseline-text", "big.txt", plain)
	run("docx", "big.docx", docx)
	run("html", "big.html", page)
}
