package assets

import (
	"os"
	"path/filepath"
	"testing"

	"gloss/annotate"
)

func TestSamplesMatchSeeds(t *testing.T) {
	ss, err := Samples()
	if err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join("..", "..", "shared", "seeds", "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Fatalf("no seed articles found beside the project (%v)", err)
	}
	if len(ss) != len(seeds) {
		t.Fatalf("%d samples ship, %d seed articles exist", len(ss), len(seeds))
	}
	for i, s := range ss {
		want, err := os.ReadFile(seeds[i])
		if err != nil {
			t.Fatal(err)
		}
		if string(s.Data) != string(want) || s.File != filepath.Base(seeds[i]) {
			t.Errorf("sample %d (%s) differs from seed %s", i, s.File, seeds[i])
		}
		if s.Title == "" {
			t.Errorf("sample %s has no title", s.File)
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
