package cli_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// exportProject makes a sample project with passages on three tags.
func exportProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	mustGloss(t, dir, "new", "geneva.gloss", "--samples", "--author", "Ada")
	ds := docs(t, dir, "geneva.gloss")
	geneva := docByTitle(t, ds, "hold their Geneva summit")
	for _, h := range [][]string{
		{"--quote", "ambassadors would return to their posts", "--tag", "Ambassadors", "--note", "Both sides gave ground — “a first step”"},
		{"--quote", "human rights", "--occurrence", "1", "--tag", "Human rights"},
	} {
		mustGloss(t, dir, append([]string{"highlight", "geneva.gloss", "--doc", geneva.ID[:8], "--author", "Ada"}, h...)...)
	}
	return dir
}

func pdftotext(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestExportPDF(t *testing.T) {
	dir := exportProject(t)
	out := mustGloss(t, dir, "export", "pdf", "geneva.gloss", "-o", "brief.pdf", "--title", "Geneva, June 2021",
		"--subtitle", "Outcomes", "--prepared-by", "Ada Lovelace", "--date", "2021-06-18", "--tag", "ambassadors")
	if strings.TrimSpace(out) != "wrote brief.pdf" {
		t.Errorf("stdout %q", out)
	}
	path := filepath.Join(dir, "brief.pdf")
	if check, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, check)
	}
	text := pdftotext(t, path)
	for _, want := range []string{"Geneva, June 2021", "Outcomes", "Ada Lovelace", "18 June 2021", "ambassadors would return to their posts",
		"Both sides gave ground — “a first step”", "Ambassadors"} {
		if !strings.Contains(text, want) {
			t.Errorf("briefing lacks %q", want)
		}
	}
	if strings.Contains(text, "Human rights") {
		t.Error("a tag outside --tag is in the briefing")
	}
	// The same date gives the same bytes.
	mustGloss(t, dir, "export", "pdf", "geneva.gloss", "-o", "again.pdf", "--title", "Geneva, June 2021",
		"--subtitle", "Outcomes", "--prepared-by", "Ada Lovelace", "--date", "2021-06-18", "--tag", "ambassadors")
	a, _ := os.ReadFile(path)
	b, _ := os.ReadFile(filepath.Join(dir, "again.pdf"))
	if !bytes.Equal(a, b) {
		t.Error("two exports with the same --date differ")
	}
}

func TestExportCSVAndMarkdown(t *testing.T) {
	dir := exportProject(t)
	mustGloss(t, dir, "export", "csv", "geneva.gloss", "-o", "passages.csv", "--bom")
	data, err := os.ReadFile(filepath.Join(dir, "passages.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Error("--bom wrote no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "passage_id" || rows[0][5] != "quote" {
		t.Fatalf("csv rows %q", rows)
	}
	md := mustGloss(t, dir, "export", "md", "geneva.gloss", "-o", "-", "--group-by", "document", "--title", "Geneva")
	for _, want := range []string{"# Geneva\n", "> …ambassadors would return to their posts.", "## Quotations by document", "## Sources"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestExportErrors(t *testing.T) {
	dir := exportProject(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"docx", "geneva.gloss", "-o", "x"}, 2, `unknown format "docx"`},
		{[]string{"pdf", "geneva.gloss"}, 2, "-o OUT is required"},
		{[]string{"pdf", "geneva.gloss", "-o", "-"}, 2, "cannot go to standard output"},
		{[]string{"pdf", "geneva.gloss", "-o", "x.pdf", "--group-by", "month"}, 2, "--group-by"},
		{[]string{"pdf", "geneva.gloss", "-o", "x.pdf", "--date", "18/06/2021"}, 2, "YYYY-MM-DD"},
		{[]string{"pdf", "geneva.gloss", "-o", "x.pdf", "--tag", "Nope"}, 1, `no code named "Nope" (the codebook has: `},
		{[]string{"pdf", "missing.gloss", "-o", "x.pdf"}, 1, "missing.gloss"},
		{[]string{"pdf", "geneva.gloss", "-o", filepath.Join("no", "such", "dir", "x.pdf")}, 1, "no such file or directory"},
	} {
		_, errs, code := gloss(t, dir, append([]string{"export"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("export %s: exit %d, %q; want %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a failed export left a file behind")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
}
