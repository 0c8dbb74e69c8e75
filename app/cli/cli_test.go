package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gloss/app/cli"
	"gloss/app/settings"
)

// binary is the gloss binary built once for the smoke tests; the others
// run the commands in process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "gloss")
	build := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", binary, "gloss")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building gloss:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gloss runs a command in process, as main would, in dir with a private
// home, so no preferences leak in.
func gloss(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	home(t, dir)
	var out, errb bytes.Buffer
	code = cli.Run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// home makes dir the working directory and the home folder.
func home(t *testing.T, dir string) {
	t.Chdir(dir)
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, ".config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, ".data"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(filepath.Dir(binary), "cache")) // PDFium's compiled code, shared by the tests
}

// glossBinary runs the built binary in dir with a private home: the
// smoke tests check that main hands commands to the command line.
func glossBinary(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "XDG_DATA_HOME="+filepath.Join(dir, ".data"),
		"XDG_CACHE_HOME="+filepath.Join(filepath.Dir(binary), "cache")) // PDFium's compiled code, shared by the tests
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// mustGloss runs the binary and fails the test unless it exits 0.
func mustGloss(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, errs, code := gloss(t, dir, args...)
	if code != 0 {
		t.Fatalf("gloss %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

type doc struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Passages int    `json:"passages"`
}

type passage struct {
	ID       string   `json:"id"`
	Document string   `json:"document"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Quote    string   `json:"quote"`
	Tags     []string `json:"tags"`
	Note     string   `json:"note"`
	Author   string   `json:"author"`
}

func docs(t *testing.T, dir, file string) []doc {
	t.Helper()
	var ds []doc
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "docs", file, "--json")), &ds); err != nil {
		t.Fatal(err)
	}
	return ds
}

func passages(t *testing.T, dir string, args ...string) []passage {
	t.Helper()
	var ps []passage
	if err := json.Unmarshal([]byte(mustGloss(t, dir, append([]string{"passages"}, append(args, "--json")...)...)), &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// docByTitle finds the sample whose title contains s.
func docByTitle(t *testing.T, ds []doc, s string) doc {
	t.Helper()
	for _, d := range ds {
		if strings.Contains(d.Title, s) {
			return d
		}
	}
	t.Fatalf("no document titled like %q in %v", s, ds)
	return doc{}
}

func TestNewHighlightPassages(t *testing.T) {
	dir := t.TempDir()
	out := mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	if !strings.Contains(out, "4 documents, 9 codes") {
		t.Fatalf("new: %q", out)
	}
	ds := docs(t, dir, "x.gloss")
	geneva := docByTitle(t, ds, "hold their Geneva summit")
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ada", "--note", "Both sides gave ground")
	ps := passages(t, dir, "x.gloss", "--tag", "ambassadors")
	if len(ps) != 1 {
		t.Fatalf("got %d passages, want 1", len(ps))
	}
	p := ps[0]
	if p.Quote != "ambassadors would return to their posts" || p.Document != geneva.Title || p.Author != "Ada" ||
		len(p.Tags) != 1 || p.Tags[0] != "Ambassadors" || p.Note != "Both sides gave ground" || p.End-p.Start != len(p.Quote) {
		t.Fatalf("passage = %+v", p)
	}
	// The read-only view shows it to anyone with sqlite3.
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Fatal("sqlite3 is needed for this test (make deps installs it)")
	}
	view, err := exec.Command("sqlite3", filepath.Join(dir, "x.gloss"), "SELECT document, quote, tags, author FROM passages_v").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, view)
	}
	want := geneva.Title + "|ambassadors would return to their posts|Ambassadors|Ada\n"
	if string(view) != want {
		t.Fatalf("passages_v = %q, want %q", view, want)
	}
	// Text output names the passage too.
	if out := mustGloss(t, dir, "passages", "x.gloss", "--tag", "Ambassadors"); !strings.Contains(out, "“ambassadors would return to their posts”") {
		t.Fatalf("passages text output: %q", out)
	}
	if out := mustGloss(t, dir, "check", "x.gloss"); !strings.Contains(out, "ok (4 documents, 9 codes, 1 passage)") {
		t.Fatalf("check: %q", out)
	}
}

func TestHighlightErrors(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples")
	geneva := docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"absent quote", []string{"--doc", geneva.ID, "--quote", "a sentence nobody wrote", "--tag", "Ambassadors"}, 1, "not found"},
		{"ambiguous quote", []string{"--doc", geneva.ID, "--quote", "Putin", "--tag", "Ambassadors"}, 1, "occurs 7 times"},
		{"occurrence out of range", []string{"--doc", geneva.ID, "--quote", "Putin", "--occurrence", "8", "--tag", "Ambassadors"}, 1, "occurs 7 time"},
		{"unknown tag", []string{"--doc", geneva.ID, "--quote", "Putin", "--occurrence", "1", "--tag", "Weather"}, 1, `no code named "Weather"`},
		{"unknown document", []string{"--doc", "ffffffff", "--quote", "Putin", "--tag", "Ambassadors"}, 1, "no document with id ffffffff"},
		{"missing tag", []string{"--doc", geneva.ID, "--quote", "Putin"}, 2, "at least one --tag"},
		{"bad flag", []string{"--colour", "red"}, 2, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := gloss(t, dir, append([]string{"highlight", "x.gloss"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
	// The second occurrence is chosen with --occurrence.
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", "Putin", "--occurrence", "2", "--tag", "Expectations")
	ps := passages(t, dir, "x.gloss")
	if len(ps) != 1 || ps[0].Quote != "Putin" {
		t.Fatalf("passages after failures and one success: %+v", ps)
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "p.gloss")
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Talks in Geneva\n\nThe leaders met.\r\nThey talked.\r\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "bin.txt"), []byte{0x00, 0x01, 0x02, 0xff, 0x00, 0x10}, 0o644)
	out, errs, code := gloss(t, dir, "import", "p.gloss", "a.txt", "empty.txt", "bin.txt", "missing.txt")
	if code != 1 || !strings.Contains(errs, "3 files could not be imported") {
		t.Fatalf("import with bad files: exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"added", "Talks in Geneva", "empty.txt", "bin.txt", "missing.txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("import report lacks %q:\n%s", want, out)
		}
	}
	// The same text again is the same document.
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Talks in Geneva\n\nThe leaders met.\nThey talked.\n"), 0o644)
	out = mustGloss(t, dir, "import", "p.gloss", "b.txt")
	if !strings.Contains(out, "present") {
		t.Fatalf("re-import: %q", out)
	}
	if ds := docs(t, dir, "p.gloss"); len(ds) != 1 || ds[0].Title != "Talks in Geneva" {
		t.Fatalf("documents: %+v", ds)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.gloss"), []byte("just some notes\n"), 0o644)
	for _, tc := range []struct{ file, want string }{
		{"missing.gloss", "missing.gloss: no such file or directory"},
		{"notes.gloss", "notes.gloss: not a Gloss project"},
	} {
		_, errs, code := gloss(t, dir, "docs", tc.file)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("docs %s: exit %d, stderr %q; want %q", tc.file, code, errs, tc.want)
		}
	}
	if _, errs, code := gloss(t, dir, "frobnicate"); code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []string{"new", "import", "docs", "tags", "highlight", "passages", "check"} {
		out := mustGloss(t, dir, c, "--help")
		if !strings.HasPrefix(out, "usage: gloss "+c) {
			t.Errorf("%s --help: %q", c, out)
		}
	}
	if out := mustGloss(t, dir, "help"); !strings.Contains(out, "highlight") {
		t.Errorf("help: %q", out)
	}
}

// The name the app saved in Gloss's settings stamps command-line edits too.
func TestAuthorFromAppSettings(t *testing.T) {
	dir := t.TempDir()
	home(t, dir)
	if err := settings.SetAuthor("Grace Hopper"); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "new", "x.gloss", "--samples")
	geneva := docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", "ambassadors would return to their posts", "--tag", "Ambassadors")
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", "Villa La Grange", "--tag", "Expectations", "--author", "Ada")
	ps := passages(t, dir, "x.gloss")
	authors := map[string]string{}
	for _, p := range ps {
		authors[p.Quote] = p.Author
	}
	if authors["ambassadors would return to their posts"] != "Grace Hopper" || authors["Villa La Grange"] != "Ada" {
		t.Fatalf("authors %v: want the app's saved name by default and --author when given", authors)
	}
}

// TestBinarySmoke runs the built binary: main passes commands, their
// output and their exit statuses through.
func TestBinarySmoke(t *testing.T) {
	dir := t.TempDir()
	if out, errs, code := glossBinary(t, dir, "new", "x.gloss", "--samples", "--author", "Ada"); code != 0 || !strings.Contains(out, "4 documents, 9 codes") {
		t.Fatalf("new: exit %d, %q %q", code, out, errs)
	}
	out, errs, code := glossBinary(t, dir, "docs", "x.gloss", "--json")
	var ds []doc
	if code != 0 || json.Unmarshal([]byte(out), &ds) != nil || len(ds) != 4 {
		t.Fatalf("docs --json: exit %d, %q %q", code, out, errs)
	}
	if _, errs, code := glossBinary(t, dir, "docs", "missing.gloss"); code != 1 || !strings.Contains(errs, "missing.gloss: no such file or directory") {
		t.Errorf("docs of a missing file: exit %d, %q", code, errs)
	}
	if _, errs, code := glossBinary(t, dir, "highlight", "x.gloss", "--colour", "red"); code != 2 || !strings.Contains(errs, "usage: gloss highlight") {
		t.Errorf("bad flag: exit %d, %q", code, errs)
	}
	if out, _, code := glossBinary(t, dir, "help"); code != 0 || !strings.Contains(out, "highlight") {
		t.Errorf("help: exit %d, %q", code, out)
	}
}

// TestOlderProjectIsUpgradedWithABackup opens a project in the first
// format Gloss wrote: the command works on it, and says where the file as
// it was is kept.
func TestOlderProjectIsUpgradedWithABackup(t *testing.T) {
	dir := t.TempDir()
	schema, err := os.ReadFile("../../storage/migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.gloss")
	script := string(schema) + `
INSERT INTO meta (key, value) VALUES ('project_id', '0b9c2d5e-7f3a-4c1e-9a2b-5d6e7f8a9b0c'), ('created_at', '2021-06-16T12:00:00.000000Z');
PRAGMA application_id = 1198288755;
PRAGMA user_version = 1;
`
	sq := exec.Command("sqlite3", old)
	sq.Stdin = strings.NewReader(script)
	if out, err := sq.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	out, errs, code := gloss(t, dir, "docs", "old.gloss")
	if code != 0 || !strings.Contains(out, "ID") {
		t.Fatalf("docs on an older project: exit %d, %q %q", code, out, errs)
	}
	if want := "old.gloss was brought up to the current format; the file as it was is kept as old.gloss.bak-v1"; !strings.Contains(errs, want) {
		t.Fatalf("stderr %q, want %q", errs, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "old.gloss.bak-v1")); err != nil {
		t.Fatal(err)
	}
	// Once upgraded, it is opened without a word.
	if _, errs, _ := gloss(t, dir, "docs", "old.gloss"); errs != "" {
		t.Fatalf("second open says %q", errs)
	}
}
