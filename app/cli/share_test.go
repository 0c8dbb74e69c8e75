package cli_test

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// twoResearchers makes x.gloss with the samples, copies it to y.gloss, and
// has Ada highlight in x and Ben in y, on the same article.
func twoResearchers(t *testing.T) (dir string, geneva doc) {
	t.Helper()
	dir = t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	geneva = docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	b, err := os.ReadFile(filepath.Join(dir, "x.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "y.gloss"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ada", "--note", "Ada's reading")
	mustGloss(t, dir, "highlight", "y.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return",
		"--tag", "Ambassadors", "--author", "Ben")
	return dir, geneva
}

func TestMergeCommand(t *testing.T) {
	dir, _ := twoResearchers(t)
	out := mustGloss(t, dir, "merge", "x.gloss", "y.gloss")
	for _, want := range []string{"merged y.gloss into x.gloss", "passages:  1 added", "documents: 0 added, 4 matched"} {
		if !strings.Contains(out, want) {
			t.Fatalf("merge output lacks %q:\n%s", want, out)
		}
	}
	ps := passages(t, dir, "x.gloss")
	authors := map[string]string{}
	for _, p := range ps {
		authors[p.Author] = p.Quote
	}
	if len(ps) != 2 || authors["Ada"] != "ambassadors would return to their posts" || authors["Ben"] != "ambassadors would return" {
		t.Fatalf("after merge: %+v", ps)
	}
	if out := mustGloss(t, dir, "merge", "x.gloss", "y.gloss"); !strings.Contains(out, "nothing new") {
		t.Fatalf("second merge: %q", out)
	}
	// A file that is not a project is refused before anything is merged.
	os.WriteFile(filepath.Join(dir, "notes.gloss"), []byte("just some notes\n"), 0o644)
	before, _ := os.ReadFile(filepath.Join(dir, "x.gloss"))
	_, errs, code := gloss(t, dir, "merge", "x.gloss", "y.gloss", "notes.gloss")
	if code != 1 || !strings.Contains(errs, "notes.gloss: not a Gloss project (not an SQLite database) (nothing merged)") {
		t.Fatalf("merge with a text file: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "x.gloss")); string(after) != string(before) {
		t.Fatal("a refused merge changed x.gloss")
	}
	// Alone, it is refused by the merge's own check, with the same words.
	_, errs, code = gloss(t, dir, "merge", "x.gloss", "notes.gloss")
	if code != 1 || !strings.Contains(errs, "notes.gloss: not a Gloss project (not an SQLite database) (nothing merged)") {
		t.Fatalf("merge of a text file alone: exit %d, %q", code, errs)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "x.gloss")); string(after) != string(before) {
		t.Fatal("a refused single-file merge changed x.gloss")
	}
	if _, errs, code := gloss(t, dir, "merge", "x.gloss"); code != 2 || !strings.Contains(errs, "missing arguments") {
		t.Fatalf("merge without THEIRS: exit %d, %q", code, errs)
	}
}

func TestCopyCommand(t *testing.T) {
	dir, _ := twoResearchers(t)
	mustGloss(t, dir, "merge", "x.gloss", "y.gloss")
	out := mustGloss(t, dir, "copy", "x.gloss", "ben.gloss", "--author", "Ben")
	if !strings.Contains(out, "wrote ben.gloss with the work of Ben: 4 documents, 1 code, 1 passage, 0 notes") {
		t.Fatalf("copy output: %q", out)
	}
	ps := passages(t, dir, "ben.gloss")
	if len(ps) != 1 || ps[0].Author != "Ben" {
		t.Fatalf("Ben's copy holds %+v", ps)
	}
	// Nothing deleted or belonging to others is left in the file.
	q, err := exec.Command("sqlite3", filepath.Join(dir, "ben.gloss"),
		"SELECT (SELECT count(*) FROM passages WHERE deleted_at IS NOT NULL) || ' ' || (SELECT count(*) FROM notes) || ' ' || (SELECT group_concat(name) FROM authors)").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3: %v %s", err, q)
	}
	if got := strings.TrimSpace(string(q)); got != "0 0 Ada,Ben" && got != "0 0 Ben,Ada" {
		t.Fatalf("copy rows: %q; want no tombstones, no notes, Ada (the documents') and Ben", got)
	}
	full := mustGloss(t, dir, "copy", "x.gloss", "all.gloss")
	if !strings.Contains(full, "2 passages, 1 note") {
		t.Fatalf("full copy: %q", full)
	}
	if _, errs, code := gloss(t, dir, "copy", "x.gloss", "all.gloss"); code != 1 || !strings.Contains(errs, "all.gloss: file already exists") {
		t.Fatalf("copy over a file: exit %d, %q", code, errs)
	}
	if _, errs, code := gloss(t, dir, "copy", "x.gloss", "z.gloss", "--author", "Zoe"); code != 1 || !strings.Contains(errs, `no author named "Zoe"`) {
		t.Fatalf("copy of an unknown author: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "z.gloss")); err == nil {
		t.Fatal("a failed copy left a file behind")
	}
	mustGloss(t, dir, "check", "ben.gloss")
}

func TestAgreementCommand(t *testing.T) {
	dir, _ := twoResearchers(t)
	mustGloss(t, dir, "merge", "x.gloss", "y.gloss")
	out := mustGloss(t, dir, "agreement", "x.gloss", "--authors", "Ada,Ben", "--csv", "k.csv")
	// Ada coded 39 characters, Ben the first 24 of them.
	if !strings.Contains(out, "Ambassadors") || !strings.Contains(out, "(all codes)") || !strings.Contains(out, "wrote k.csv") {
		t.Fatalf("agreement output:\n%s", out)
	}
	f, err := os.Open(filepath.Join(dir, "k.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Both had the seed codebook (Ben coded in his copy of it): a row for
	// each of its nine codes, and the overall row.
	var amb []string
	for _, r := range recs {
		if r[0] == "Ambassadors" {
			amb = r
		}
	}
	if len(recs) != 11 || strings.Join(recs[0], ",") != "tag,agreement_percent,kappa,both,only_Ada,only_Ben,neither" ||
		amb == nil || amb[3] != "24" || amb[4] != "15" || amb[5] != "0" {
		t.Fatalf("csv: %v", recs)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--authors", "Ada"}, 2, "--authors needs two names"},
		{[]string{"--authors", "Ada,Zoe"}, 1, `no researcher named "Zoe"`},
	} {
		if _, errs, code := gloss(t, dir, append([]string{"agreement", "x.gloss"}, tc.args...)...); code != tc.code || !strings.Contains(errs, tc.want) {
			t.Fatalf("agreement %v: exit %d, %q", tc.args, code, errs)
		}
	}
}

func TestOrphansCommand(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "mine.gloss", "--author", "Ada")
	mustGloss(t, dir, "new", "theirs.gloss", "--author", "Ben")
	article := "Talks in Geneva\n\nThe leaders met for three hours by the lake. They agreed to return their ambassadors to their posts.\n" +
		"Biden said he handed over a list of sixteen kinds of critical infrastructure that should be off limits to attack.\n" +
		"Putin said there was no hostility, and that the two sides understood each other better after the meeting.\n" +
		"Both agreed to begin talks on strategic stability, the first step toward a successor to the arms treaty.\n" +
		"Sullivan said the tone was constructive. Lavrov called the talks frank and businesslike, without hostility.\n" +
		"Reporters waited outside the villa for most of the afternoon while the delegations worked through the agenda.\n"
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte(article), 0o644)
	updated := strings.Replace(article, "Lavrov called the talks frank and businesslike, without hostility.", "A spokesman declined to comment further on the matter today.", 1)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Updated at 8:32 p.m.\n"+updated), 0o644)
	mustGloss(t, dir, "import", "mine.gloss", "a.txt", "--author", "Ada")
	mustGloss(t, dir, "import", "theirs.gloss", "b.txt", "--author", "Ben")
	d := docs(t, dir, "theirs.gloss")[0]
	mustGloss(t, dir, "highlight", "theirs.gloss", "--doc", d.ID[:8], "--quote", "A spokesman declined to comment further",
		"--tag", "Expectations", "--author", "Ben", "--note", "only in the update")
	out := mustGloss(t, dir, "merge", "mine.gloss", "theirs.gloss")
	if !strings.Contains(out, "1 by near-identical text") || !strings.Contains(out, "1 orphaned") {
		t.Fatalf("merge output:\n%s", out)
	}
	list := mustGloss(t, dir, "orphans", "mine.gloss")
	if !strings.Contains(list, "“A spokesman declined to comment further”") || !strings.Contains(list, "by Ben, from theirs.gloss [Expectations]") ||
		!strings.Contains(list, "note (Ben): only in the update") {
		t.Fatalf("orphans:\n%s", list)
	}
	id := strings.Fields(list)[0]
	if out := mustGloss(t, dir, "orphans", "mine.gloss", "--dismiss", id); !strings.Contains(out, "dismissed orphan "+id) {
		t.Fatalf("dismiss: %q", out)
	}
	if out := mustGloss(t, dir, "orphans", "mine.gloss"); !strings.Contains(out, "no orphan passages") {
		t.Fatalf("after dismissing: %q", out)
	}
	if _, errs, code := gloss(t, dir, "orphans", "mine.gloss", "--dismiss", "ffff"); code != 1 || !strings.Contains(errs, "no orphan passage ffff") {
		t.Fatalf("dismiss unknown: exit %d, %q", code, errs)
	}
}
