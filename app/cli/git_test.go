package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gloss/storage"
)

// gitRun runs the real git in dir, with an identity and without the
// machine's configuration, and returns its combined output; a failure
// fails the test unless fail is false.
func gitRun(t *testing.T, dir string, fail bool, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=Gloss Test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=Gloss Test", "GIT_COMMITTER_EMAIL=test@example.org", "GIT_PAGER=cat", "PAGER=cat")
	out, err := cmd.CombinedOutput()
	if err != nil && fail {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), err
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, _ := gitRun(t, dir, true, args...)
	return out
}

// gitTeam makes a bare repository, Ada's clone with a project of the
// samples committed and pushed, and Ben's clone of it; both are set up with
// gloss git-setup, running the built binary.
func gitTeam(t *testing.T) (root, ada, ben string, geneva doc) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed for this test (make deps installs it)")
	}
	root = t.TempDir()
	home(t, root)
	mustGit(t, root, "init", "--quiet", "--bare", "--initial-branch=main", "hub.git")
	mustGit(t, root, "clone", "--quiet", "hub.git", "ada")
	ada, ben = filepath.Join(root, "ada"), filepath.Join(root, "ben")
	mustGloss(t, ada, "new", "project.gloss", "--samples", "--author", "Ada")
	mustGloss(t, ada, "git-setup", "--gloss", binary)
	mustGit(t, ada, "checkout", "--quiet", "-b", "main")
	mustGit(t, ada, "add", ".")
	mustGit(t, ada, "commit", "--quiet", "-m", "Samples")
	mustGit(t, ada, "push", "--quiet", "origin", "main")
	mustGit(t, root, "clone", "--quiet", "hub.git", "ben")
	mustGloss(t, ben, "git-setup", "--gloss", binary)
	geneva = docByTitle(t, docs(t, ada, "project.gloss"), "hold their Geneva summit")
	return root, ada, ben, geneva
}

// passagesBy maps each author's quotes in the project in dir.
func passagesBy(t *testing.T, dir string) map[string][]string {
	t.Helper()
	by := map[string][]string{}
	for _, p := range passages(t, dir, "project.gloss") {
		by[p.Author] = append(by[p.Author], p.Quote)
	}
	for _, qs := range by {
		sort.Strings(qs)
	}
	return by
}

func TestGitSetup(t *testing.T) {
	_, ada, _, _ := gitTeam(t)
	attrs, err := os.ReadFile(filepath.Join(ada, ".gitattributes"))
	if err != nil || string(attrs) != "*.gloss -text merge=gloss diff=gloss\n" {
		t.Fatalf(".gitattributes = %q, %v", attrs, err)
	}
	if ignore, _ := os.ReadFile(filepath.Join(ada, ".gitignore")); !strings.Contains(string(ignore), "*.gloss-wal\n") {
		t.Fatalf(".gitignore = %q", ignore)
	}
	// Git sees the attributes and runs the built binary.
	if out := mustGit(t, ada, "check-attr", "merge", "diff", "text", "--", "project.gloss"); out !=
		"project.gloss: merge: gloss\nproject.gloss: diff: gloss\nproject.gloss: text: unset\n" {
		t.Fatalf("check-attr: %q", out)
	}
	if out := mustGit(t, ada, "config", "merge.gloss.driver"); out != binary+" git-merge-driver %O %A %B %P\n" {
		t.Fatalf("merge.gloss.driver = %q", out)
	}
	// Running it again adds nothing twice.
	out := mustGloss(t, ada, "git-setup", "--gloss", binary)
	if !strings.Contains(out, ".gitattributes already marks *.gloss") {
		t.Fatalf("second git-setup: %q", out)
	}
	if again, _ := os.ReadFile(filepath.Join(ada, ".gitattributes")); !bytes.Equal(again, attrs) {
		t.Fatalf(".gitattributes after a second setup: %q", again)
	}
	// --print writes nothing and shows lines that work as they are.
	out = mustGloss(t, ada, "git-setup", "--print", "--gloss", "/opt/Gloss Apps/gloss")
	for _, want := range []string{"*.gloss -text merge=gloss diff=gloss", "[merge \"gloss\"]",
		"\tdriver = '/opt/Gloss Apps/gloss' git-merge-driver %O %A %B %P\n", "\ttextconv = '/opt/Gloss Apps/gloss' git-textconv\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("--print lacks %q:\n%s", want, out)
		}
	}
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte(out[strings.Index(out, "[merge"):]), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := mustGit(t, ada, "config", "--file", cfg, "diff.gloss.textconv"); got != "'/opt/Gloss Apps/gloss' git-textconv\n" {
		t.Fatalf("the printed configuration reads back as %q", got)
	}
	outside := t.TempDir()
	if _, errs, code := gloss(t, outside, "git-setup", "--gloss", binary); code != 1 || !strings.Contains(errs, "is not inside a Git repository") {
		t.Fatalf("git-setup outside a repository: exit %d, %q", code, errs)
	}
}

// TestGitTwoResearchers is the whole round: Ada and Ben code the same
// project in their clones at once, push and pull through a bare
// repository, and git merges their versions through the driver, without a
// conflict; each then sees both researchers' work, and git diff, log -p and
// show say in words who coded what.
func TestGitTwoResearchers(t *testing.T) {
	_, ada, ben, geneva := gitTeam(t)
	// Concurrent edits: both code the same article, Ben also notes.
	mustGloss(t, ben, "highlight", "project.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ben", "--note", "The one concrete outcome")
	if diff := mustGit(t, ben, "diff"); !strings.Contains(diff, "+    402–441 Ben coded Ambassadors\n+      “ambassadors would return to their posts”\n+      Ben’s note: The one concrete outcome\n") {
		t.Fatalf("git diff of Ben's change:\n%s", diff)
	}
	mustGit(t, ben, "commit", "--quiet", "-am", "Ben codes the ambassadors")
	mustGit(t, ben, "push", "--quiet", "origin", "main")

	mustGloss(t, ada, "highlight", "project.gloss", "--doc", geneva.ID[:8], "--quote", "Villa La Grange", "--tag", "Expectations", "--author", "Ada")
	mustGit(t, ada, "commit", "--quiet", "-am", "Ada codes the venue")
	pull := mustGit(t, ada, "pull", "--no-rebase", "--no-edit", "origin", "main")
	if !strings.Contains(pull, "merged project.gloss (theirs) into project.gloss (ours)") || !strings.Contains(pull, "passages:  1 added") {
		t.Fatalf("pull did not merge through the driver:\n%s", pull)
	}
	if st := mustGit(t, ada, "status", "--porcelain"); st != "" {
		t.Fatalf("after the merge, git status: %q", st)
	}
	want := map[string][]string{"Ada": {"Villa La Grange"}, "Ben": {"ambassadors would return to their posts"}}
	if got := passagesBy(t, ada); !equalMaps(got, want) {
		t.Fatalf("Ada's project after pulling: %v, want %v", got, want)
	}
	if out := mustGloss(t, ada, "check", "project.gloss"); !strings.Contains(out, "ok (4 documents, 9 codes, 2 passages)") {
		t.Fatalf("check of the merge: %q", out)
	}
	// The merge commit shows what it brought from each side; log -p lists
	// both researchers' commits in words.
	if show := mustGit(t, ada, "show", "--first-parent", "HEAD"); !strings.Contains(show, "+    402–441 Ben coded Ambassadors") {
		t.Fatalf("git show of the merge:\n%s", show)
	}
	log := mustGit(t, ada, "log", "-p", "--", "project.gloss")
	for _, w := range []string{"Ada codes the venue", "+    Ada coded Expectations", "Ben codes the ambassadors", "+      Ben’s note: The one concrete outcome",
		"+Gloss project: 4 documents, 9 codes, 0 passages"} {
		if w == "+    Ada coded Expectations" {
			if !strings.Contains(log, " Ada coded Expectations\n+      “Villa La Grange”") {
				t.Errorf("git log -p lacks Ada's passage:\n%s", log)
			}
			continue
		}
		if !strings.Contains(log, w) {
			t.Errorf("git log -p lacks %q:\n%s", w, log)
		}
	}
	mustGit(t, ada, "push", "--quiet", "origin", "main")

	// Ben pulls a fast-forward and has both; a second round of concurrent
	// work, a note changed on one side and a passage deleted on the
	// other, merges too.
	mustGit(t, ben, "pull", "--quiet", "--no-rebase", "origin", "main")
	if got := passagesBy(t, ben); !equalMaps(got, want) {
		t.Fatalf("Ben's project after pulling: %v", got)
	}
	adaPs := passages(t, ada, "project.gloss", "--author", "Ada")
	mustGloss(t, ben, "highlight", "project.gloss", "--doc", geneva.ID[:8], "--quote", "Geneva", "--occurrence", "1", "--tag", "Expectations", "--author", "Ben")
	mustGit(t, ben, "commit", "--quiet", "-am", "Ben codes Geneva")
	mustGit(t, ben, "push", "--quiet", "origin", "main")
	deletePassage(t, filepath.Join(ada, "project.gloss"), adaPs[0].ID)
	mustGit(t, ada, "commit", "--quiet", "-am", "Ada drops the venue")
	if diff := mustGit(t, ada, "show", "HEAD"); !strings.Contains(diff, "-      “Villa La Grange”") {
		t.Fatalf("git show of a deletion:\n%s", diff)
	}
	mustGit(t, ada, "pull", "--quiet", "--no-rebase", "--no-edit", "origin", "main")
	want = map[string][]string{"Ben": {"Geneva", "ambassadors would return to their posts"}}
	if got := passagesBy(t, ada); !equalMaps(got, want) {
		t.Fatalf("after the second round: %v, want %v", got, want)
	}
}

// TestGitMergeRefusesHostileFile: a branch that carries an altered file is
// refused with the words gloss check uses; git reports the conflict and
// the file is left exactly as ours.
func TestGitMergeRefusesHostileFile(t *testing.T) {
	_, ada, ben, geneva := gitTeam(t)
	mustGloss(t, ben, "highlight", "project.gloss", "--doc", geneva.ID[:8], "--quote", "Villa La Grange", "--tag", "Expectations", "--author", "Ben")
	db, err := sql.Open("sqlite3", filepath.Join(ben, "project.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TRIGGER spy AFTER INSERT ON passages BEGIN UPDATE meta SET value = 'x' WHERE key = 'project_id'; END`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	check, _, code := gloss(t, ben, "check", "project.gloss")
	if code != 1 {
		t.Fatalf("check of the altered file: exit %d, %q", code, check)
	}
	reason := strings.TrimPrefix(strings.SplitN(check, "\n", 2)[0], "project.gloss: ")
	mustGit(t, ben, "commit", "--quiet", "-am", "Altered")
	mustGit(t, ben, "push", "--quiet", "origin", "main")

	mustGloss(t, ada, "highlight", "project.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts", "--tag", "Ambassadors", "--author", "Ada")
	mustGit(t, ada, "commit", "--quiet", "-am", "Ada codes")
	ours, err := os.ReadFile(filepath.Join(ada, "project.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := gitRun(t, ada, false, "pull", "--no-rebase", "--no-edit", "origin", "main")
	if err == nil {
		t.Fatalf("pull of an altered file succeeded:\n%s", out)
	}
	for _, w := range []string{"project.gloss (theirs, from the branch being merged): " + reason, "CONFLICT", "project.gloss"} {
		if !strings.Contains(out, w) {
			t.Errorf("pull output lacks %q:\n%s", w, out)
		}
	}
	if st := mustGit(t, ada, "status", "--porcelain"); st != "UU project.gloss\n" {
		t.Fatalf("git status after the refusal: %q", st)
	}
	if after, _ := os.ReadFile(filepath.Join(ada, "project.gloss")); !bytes.Equal(after, ours) {
		t.Fatal("the refused merge changed Ada's file")
	}
	if left, _ := filepath.Glob(filepath.Join(ada, ".gloss-merge-*")); len(left) > 0 {
		t.Fatalf("the driver left %v", left)
	}
	// Git's own resolution works as for any file.
	mustGit(t, ada, "checkout", "--ours", "project.gloss")
	mustGit(t, ada, "add", "project.gloss")
	mustGit(t, ada, "commit", "--quiet", "--no-edit")
	if got := passagesBy(t, ada); !equalMaps(got, map[string][]string{"Ada": {"ambassadors would return to their posts"}}) {
		t.Fatalf("after keeping ours: %v", got)
	}
	// The refused version shows in git log -p as the refusal.
	if log := mustGit(t, ada, "log", "-p", "-1", "origin/main"); !strings.Contains(log, "+Gloss refuses this version of the project: "+reason) {
		t.Fatalf("git log -p of the altered version:\n%s", log)
	}
}

// deletePassage deletes a passage as the app does.
func deletePassage(t *testing.T, path, id string) {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	if err := db.DeletePassage(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func equalMaps(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w := b[k]
		if len(v) != len(w) {
			return false
		}
		for i := range v {
			if v[i] != w[i] {
				return false
			}
		}
	}
	return true
}
