package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// TestCountsReadByResearchersGroupThousands prints a merge of a large
// project and a table of counts as the CLI does: the counts read by a
// researcher are grouped in thousands, as the window writes them, while
// the same table written as CSV keeps plain digits for other programs.
func TestCountsReadByResearchersGroupThousands(t *testing.T) {
	var out bytes.Buffer
	writeMergeReport(&out, "mine.gloss", &storage.MergeReport{File: "theirs.gloss", DocumentsAdded: 1200, DocumentsMatched: 3, PassagesAdded: 104250, PassagesUpdated: 1, TagsAdded: 12, NotesAdded: 2500})
	for _, want := range []string{"documents: 1,200 added, 3 matched", "passages:  104,250 added, 1 updated", "codes:     12 added", "notes:     2,500 added"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the merge report lacks %q:\n%s", want, out.String())
		}
	}

	m := &annotate.Matrix{Corner: "Code", Rows: []annotate.Label{{ID: "t1", Name: "Cyber"}}, Cols: []annotate.Label{{ID: "d1", Name: "Reuters"}, {ID: "d2", Name: "TASS"}},
		Counts: [][]int{{12000, 345}}, TotalName: "Total"}
	out.Reset()
	if err := printMatrix(&out, m); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "12,000") || !strings.Contains(out.String(), "12,345") {
		t.Errorf("the table does not group its counts:\n%s", out.String())
	}
	path := filepath.Join(t.TempDir(), "m.csv")
	if err := writeCSVFile(path, m); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), "12000") || strings.Contains(string(csv), "12,000") {
		t.Errorf("the CSV changed its digits:\n%s", csv)
	}
	if got := plural(1, "file", "files") + ", " + plural(40000, "file", "files"); got != "1 file, 40,000 files" {
		t.Errorf("plural: %q", got)
	}
}
