package assets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/annotate"
)

// TestSamplesAreListed checks that every article in samples/ is embedded and
// listed once in samples.json with its metadata, so none ships unnamed or is
// named without shipping.
func TestSamplesAreListed(t *testing.T) {
	ss, err := Samples()
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := filepath.Glob(filepath.Join("samples", "*.txt"))
	if err != nil || len(onDisk) == 0 {
		t.Fatalf("no sample articles in samples/ (%v)", err)
	}
	if len(ss) != len(onDisk) {
		t.Fatalf("samples.json lists %d articles, samples/ holds %d", len(ss), len(onDisk))
	}
	listed := map[string]bool{}
	for _, s := range ss {
		if listed[s.File] {
			t.Errorf("sample %s is listed twice", s.File)
		}
		listed[s.File] = true
		want, err := os.ReadFile(filepath.Join("samples", s.File))
		if err != nil {
			t.Fatalf("sample %s: %v", s.File, err)
		}
		if string(s.Data) != string(want) {
			t.Errorf("sample %s: embedded text differs from samples/%s", s.File, s.File)
		}
		if !utf8.Valid(s.Data) || len(strings.TrimSpace(string(s.Data))) == 0 {
			t.Errorf("sample %s is empty or not UTF-8", s.File)
		}
		if s.Title == "" || s.Published == "" {
			t.Errorf("sample %s lacks a title or date: %+v", s.File, s)
		}
	}
}

func TestCodebookColoursAreDistinct(t *testing.T) {
	cs, err := Codebook()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 9 {
		t.Fatalf("seed codebook has %d codes, want 9", len(cs))
	}
	seen := map[string]string{}
	for _, c := range cs {
		if !annotate.ValidColor(c.Color) {
			t.Errorf("%s: bad colour %q", c.Name, c.Color)
		}
		if other, ok := seen[c.Color]; ok {
			t.Errorf("%s and %s share colour %s", c.Name, other, c.Color)
		}
		seen[c.Color] = c.Name
		if c.Description == "" {
			t.Errorf("%s has no description", c.Name)
		}
	}
}
