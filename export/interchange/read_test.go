package interchange_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/interchange"
	"gloss/export/qdpx"
	"gloss/export/webanno"
)

func TestReadFileTellsFormatByContent(t *testing.T) {
	dir := t.TempDir()
	// Names that lie about the content: the content decides.
	copyAs := func(src, name string) string {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	for _, tc := range []struct {
		src, name, format string
		passages, tags    int
	}{
		{"../webanno/testdata/hypothesis.json", "annotations.qdpx", webanno.FormatHypothesis, 6, 3},
		{"../qdpx/testdata/other-tool.qdpx", "project.json", qdpx.FormatProject, 5, 5},
		{"../qdpx/testdata/codebook.qdc", "codes.txt", qdpx.FormatCodebook, 0, 4},
	} {
		b, err := interchange.ReadFile(copyAs(tc.src, tc.name))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if b.Format != tc.format || len(b.Passages) != tc.passages || len(b.Tags) != tc.tags || !strings.HasSuffix(b.File, tc.name) {
			t.Errorf("%s: %s with %d passages, %d tags from %s", tc.name, b.Format, len(b.Passages), len(b.Tags), b.File)
		}
	}
	if _, err := interchange.ReadFile(dir); annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
	if _, err := interchange.ReadFile(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
	bom := filepath.Join(dir, "bom.xml")
	os.WriteFile(bom, []byte("\xef\xbb\xbf  <?xml version=\"1.0\"?><Other/>"), 0o644)
	if _, err := interchange.ReadFile(bom); err == nil || !strings.Contains(err.Error(), "<Other>") {
		t.Errorf("XML of another kind: %v", err)
	}
}
