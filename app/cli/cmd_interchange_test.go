package cli_test

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// dump returns the project's content as sqlite3 prints it.
func dump(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", path, ".dump").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	return string(out)
}

func TestExportImportAnnotations(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "a.gloss", "--samples", "--author", "Ada")
	ds := docs(t, dir, "a.gloss")
	geneva := docByTitle(t, ds, "hold their Geneva summit")
	hill := docByTitle(t, ds, "return ambassadors")
	mustGloss(t, dir, "highlight", "a.gloss", "--doc", geneva.ID, "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--tag", "Cooperation", "--author", "Ada", "--note", "Both sides gave ground")
	mustGloss(t, dir, "highlight", "a.gloss", "--doc", hill.ID, "--quote", "Putin", "--occurrence", "1", "--tag", "Expectations", "--author", "Grace")
	want := passages(t, dir, "a.gloss")

	for _, format := range []string{"json", "qdpx"} {
		t.Run(format, func(t *testing.T) {
			out := mustGloss(t, dir, "export", format, "a.gloss", "-o", "out."+format)
			if !strings.Contains(out, "wrote out."+format) {
				t.Errorf("export said %q", out)
			}
			// A colleague's project with the same articles (json: matched by
			// URL and text) or an empty one (qdpx carries the texts).
			target := format + ".gloss"
			if format == "json" {
				mustGloss(t, dir, "new", target, "--samples", "--author", "Linus")
			} else {
				mustGloss(t, dir, "new", target, "--author", "Linus")
			}
			out = mustGloss(t, dir, "import-annotations", target, "out."+format, "--author", "Linus")
			if !strings.Contains(out, "2 passages added (0 re-anchored), 0 already present, 0 unanchored") {
				t.Errorf("import report:\n%s", out)
			}
			got := passages(t, dir, target)
			if len(got) != len(want) {
				t.Fatalf("%d passages, want %d", len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.Quote != w.Quote || g.Start != w.Start || g.End != w.End || g.Note != w.Note || g.Author != w.Author ||
					!reflect.DeepEqual(g.Tags, w.Tags) || g.Document != w.Document {
					t.Errorf("passage %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
			// Again: nothing new.
			out = mustGloss(t, dir, "import-annotations", target, "out."+format, "--quiet")
			if !strings.Contains(out, "0 passages added") || strings.Count(out, "\n") != 1 {
				t.Errorf("second import:\n%s", out)
			}
		})
	}
	// The JSON is one AnnotationCollection.
	var col struct {
		Type  string `json:"type"`
		Total int    `json:"total"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &col); err != nil || col.Type != "AnnotationCollection" || col.Total != 2 {
		t.Errorf("out.json: %+v %v", col, err)
	}
	// The codebook.
	mustGloss(t, dir, "export", "qdc", "a.gloss", "-o", "codes.qdc")
	mustGloss(t, dir, "new", "codes.gloss", "--author", "Linus")
	if out := mustGloss(t, dir, "import-annotations", "codes.gloss", "codes.qdc"); !strings.Contains(out, "9 matched") {
		t.Errorf("codebook into a project with the seed codebook:\n%s", out)
	}
}

func TestImportAnnotationsBadInput(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "p.gloss", "--samples", "--author", "Ada")
	before := dump(t, filepath.Join(dir, "p.gloss"))

	os.WriteFile(filepath.Join(dir, "broken.json"), []byte("[{\"type\": \"Annotation\",\n \"target\": }]"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.qdc"), []byte("<CodeBook><Codes><Code guid=\"x\" name=\"a\""), 0o644)
	f, _ := os.Create(filepath.Join(dir, "slip.qdpx"))
	zw := zip.NewWriter(f)
	w, _ := zw.Create("project.qde")
	w.Write([]byte(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>`))
	w, _ = zw.Create("../../outside.txt")
	w.Write([]byte("gotcha"))
	zw.Close()
	f.Close()
	for _, tc := range []struct{ file, want string }{
		{"broken.json", "broken.json:2:13: malformed JSON"},
		{"broken.qdc", "broken.qdc"},
		{"slip.qdpx", `slip.qdpx: archive entry "../../outside.txt" points outside the archive`},
		{"missing.json", "missing.json"},
	} {
		_, errs, code := gloss(t, dir, "import-annotations", "p.gloss", tc.file)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", tc.file, code, errs, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "outside.txt")); err == nil {
		t.Error("a zip entry was written outside the archive")
	}
	if after := dump(t, filepath.Join(dir, "p.gloss")); after != before {
		t.Error("failed imports changed the project")
	}

	// Export errors: unknown format (usage), a codebook-less project (no
	// file left behind).
	if _, errs, code := gloss(t, dir, "export", "docx", "p.gloss", "-o", "x.docx"); code != 2 || !strings.Contains(errs, `unknown format "docx"`) {
		t.Errorf("unknown format: exit %d %q", code, errs)
	}
	mustGloss(t, dir, "new", "bare.gloss", "--author", "Ada")
	// Empty its codebook behind Gloss's back, as a tombstone would.
	if out, err := exec.Command("sqlite3", filepath.Join(dir, "bare.gloss"), "UPDATE tags SET deleted_at = updated_at").CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v %s", err, out)
	}
	_, errs, code := gloss(t, dir, "export", "qdc", "bare.gloss", "-o", "bare.qdc")
	if code != 1 || !strings.Contains(errs, "no codes") {
		t.Errorf("empty codebook: exit %d %q", code, errs)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "*bare.qdc*")); len(entries) != 0 {
		t.Errorf("a failed export left %v", entries)
	}
}

// safeSlice returns s from byte i, or "" when s is shorter.
func safeSlice(s string, i int) string {
	if i > len(s) {
		return ""
	}
	return s[i:]
}

// TestTagsTable: a codebook imported from another tool, with grouping
// codes and descriptions of several lines (and a tab), lists as a table
// whose columns hold: each description line continues under DESCRIPTION.
func TestTagsTable(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "p.gloss", "--author", "Ada")
	qdc := `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder 3.6"><Codes>
<Code guid="0C000000-0000-4000-8000-000000000001" name="Security" isCodable="false" color="#000080">
<Description>Everything about security.
Second line,	with a tab.

A second paragraph.</Description>
<Code guid="0C000000-0000-4000-8000-000000000002" name="Cyber red lines" isCodable="true" color="#E6194B"/>
</Code></Codes></CodeBook>`
	if err := os.WriteFile(filepath.Join(dir, "codes.qdc"), []byte(qdc), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "import-annotations", "p.gloss", "codes.qdc", "--author", "Ada")
	out := mustGloss(t, dir, "tags", "p.gloss")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	col := strings.Index(lines[0], "DESCRIPTION")
	var rows []string
	for i, l := range lines {
		if strings.Contains(l, "\t") || strings.HasSuffix(l, " ") {
			t.Errorf("a tab or trailing space in the table: %q", l)
		}
		if strings.HasPrefix(l, "Security ") {
			rows = lines[i : i+4]
		}
	}
	want := []string{"Everything about security.", "Second line, with a tab.", "", "A second paragraph."}
	for i, w := range want {
		if i >= len(rows) || strings.TrimSpace(safeSlice(rows[i], col)) != w || w != "" && rows[i][col:] != w {
			t.Errorf("row %d of the table: %q, want %q at column %d\n%s", i, rows, w, col, out)
		}
	}
	if !strings.Contains(rows[0], " grouping ") || !strings.Contains(out, "Cyber red lines") || !strings.Contains(lines[1], " code ") {
		t.Errorf("kinds not listed:\n%s", out)
	}
	var tags []struct {
		Name     string `json:"name"`
		Grouping bool   `json:"grouping"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "tags", "p.gloss", "--json")), &tags); err != nil || len(tags) != 10 || !tags[9].Grouping || tags[0].Grouping {
		t.Errorf("tags --json: %+v %v", tags, err)
	}
	// A grouping code cannot be applied.
	mustGloss(t, dir, "new", "s.gloss", "--samples", "--author", "Ada")
	mustGloss(t, dir, "import-annotations", "s.gloss", "codes.qdc", "--author", "Ada")
	geneva := docByTitle(t, docs(t, dir, "s.gloss"), "hold their Geneva summit")
	_, errs, code := gloss(t, dir, "highlight", "s.gloss", "--doc", geneva.ID, "--quote", "Putin", "--occurrence", "1", "--tag", "Security", "--author", "Ada")
	if code != 1 || !strings.Contains(errs, `"Security" is a grouping code`) {
		t.Errorf("highlight with a grouping code: exit %d, %q", code, errs)
	}
}
