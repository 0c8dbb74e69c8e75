package webanno_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/webanno"
	"gloss/storage/storagetest"
)

// FuzzParse checks that Parse never panics, that an error names the file,
// and that whatever it accepts holds together and imports into a project
// that then passes check. The seeds are the Hypothesis fixtures, the W3C
// working group's sample annotations and Gloss's own export.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"hypothesis.json", "hypothesis-typography.json"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
		}
	}
	samples, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "conformance", "w3c-web-annotation", "tools", "samples", "correct", "*.json"))
	for _, s := range samples {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"rows": [{"id": "a", "uri": "https://example.org/geneva-summit", "user": "acct:x@hypothes.is", "text": "t", "tags": ["x"],
		"target": [{"selector": [{"type": "TextQuoteSelector", "exact": "very\u00a0experienced"}]}]},
		{"id": "b", "references": ["a"], "uri": "https://example.org/geneva-summit", "text": "reply", "target": [{}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := webanno.Parse("fuzz.json", bytes.NewReader(data))
		if err != nil {
			if b != nil {
				t.Fatal("batch returned with an error")
			}
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("the batch does not hold together: %v", err)
		}
		db := storagetest.MustOpen(t)
		if _, err := db.CreateDocument(context.Background(), &annotate.Document{Title: "Geneva", URL: "https://example.org/geneva-summit", Text: storagetest.GenevaText}); err != nil {
			t.Fatal(err)
		}
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
