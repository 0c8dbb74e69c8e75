//go:build linux

package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/storage/storagetest/diskfull"
)

// TestCommandsOnAFullDisk runs every command that writes a file with its
// file on a full disk: each exports, copies or makes nothing, says the
// disk is full, naming the file, and what to do, leaves no temporary file,
// and leaves the file already there byte for byte. Then a merge and an
// import into a project on the full disk are refused with the project's
// message for a full disk, and the project is unchanged and passes check.
func TestCommandsOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	dir, geneva := codedSummit(t)
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Outlet type", "--choices", "Wire,Newspaper")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", geneva.ID[:8], "Outlet type=Newspaper")
	mustGloss(t, dir, "memos", "x.gloss", "journal", "A memo on the summit", "--author", "Ada")
	on := func(name string) string { return filepath.Join(mnt, name) }
	writes := []struct {
		out  string
		args []string
	}{
		{"b.pdf", []string{"export", "pdf", "x.gloss", "-o", on("b.pdf")}},
		{"p.csv", []string{"export", "csv", "x.gloss", "-o", on("p.csv")}},
		{"b.md", []string{"export", "md", "x.gloss", "-o", on("b.md")}},
		{"a.json", []string{"export", "json", "x.gloss", "-o", on("a.json")}},
		{"a.qdpx", []string{"export", "qdpx", "x.gloss", "-o", on("a.qdpx")}},
		{"c.qdc", []string{"export", "qdc", "x.gloss", "-o", on("c.qdc")}},
		{"passages.csv", []string{"passages", "x.gloss", "--csv", on("passages.csv")}},
		{"matrix.csv", []string{"analysis", "x.gloss", "matrix", "--csv", on("matrix.csv")}},
		{"outlets.svg", []string{"analysis", "x.gloss", "attribute", "Outlet type", "--chart", on("outlets.svg")}},
		{"values.csv", []string{"attrs", "x.gloss", "values", "--csv", on("values.csv")}},
		{"memos.md", []string{"memos", "x.gloss", "list", "--md", on("memos.md")}},
		{"memos.csv", []string{"memos", "x.gloss", "list", "--csv", on("memos.csv")}},
		{"copy.gloss", []string{"copy", "x.gloss", on("copy.gloss"), "--force"}},
		{"new.gloss", []string{"new", on("new.gloss"), "--author", "Ada"}},
	}
	var kept []string
	for _, w := range writes {
		if w.out != "new.gloss" {
			if err := os.WriteFile(on(w.out), []byte("what "+w.out+" held before"), 0o644); err != nil {
				t.Fatal(err)
			}
			kept = append(kept, w.out)
		}
	}
	free := diskfull.Fill(t, mnt, 0)
	for _, w := range writes {
		out, errs, code := gloss(t, dir, w.args...)
		want := "the disk is full: " + on(w.out) + " was not written. Free some space on the disk, then try again"
		if code != 1 || !strings.Contains(errs, want) || strings.Contains(errs, "no space left") {
			t.Errorf("gloss %s: exit %d, %s%s\nwant the message %q", strings.Join(w.args, " "), code, out, errs, want)
		}
		if w.out == "new.gloss" {
			continue
		}
		if got, _ := os.ReadFile(on(w.out)); !bytes.Equal(got, []byte("what "+w.out+" held before")) {
			t.Errorf("gloss %s: the file already there became %d bytes", strings.Join(w.args, " "), len(got))
		}
	}
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("the commands left behind %q", extra)
	}
	free()

	// A merge and an import that need more room than is left.
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, diskfull.Noise(1, 300<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "new", "theirs.gloss", "--author", "Ben")
	mustGloss(t, dir, "import", "theirs.gloss", "big.txt", "--author", "Ben")
	mustGloss(t, dir, "new", on("p.gloss"), "--samples", "--author", "Ada")
	before := len(docs(t, dir, on("p.gloss")))
	free = diskfull.Fill(t, mnt, 64<<10)
	for _, args := range [][]string{
		{"merge", on("p.gloss"), "theirs.gloss", "--author", "Ada"},
		{"import", on("p.gloss"), "big.txt", "--author", "Ada"},
	} {
		out, errs, code := gloss(t, dir, args...)
		said := out + errs // import reports each file on its output
		if code != 1 || !strings.Contains(said, "the disk is full: this change was not saved.") || !strings.Contains(said, "p.gloss") ||
			!strings.Contains(said, "Free some space on the disk") {
			t.Errorf("gloss %s: exit %d, %s%s\nwant the project's message for a full disk", strings.Join(args, " "), code, out, errs)
		}
	}
	if extra := diskfull.Leftovers(t, mnt, append(kept, "p.gloss")...); len(extra) > 0 {
		t.Errorf("the merge and the import left behind %q", extra)
	}
	free()
	mustGloss(t, dir, "check", on("p.gloss"))
	if n := len(docs(t, dir, on("p.gloss"))); n != before {
		t.Errorf("the project holds %d documents after the full disk, want its %d", n, before)
	}
}

// TestGitOnAFullDisk sets up Git for Gloss and runs the merge driver in a
// repository on a full disk: git-setup keeps the .gitattributes already
// there line for line, and the merge driver leaves ours as it was, each
// saying the disk is full, naming the file, and what to do.
func TestGitOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	dir := t.TempDir()
	mustGit(t, mnt, "init", "-q")
	attrs := filepath.Join(mnt, ".gitattributes")
	before := []byte("*.txt text\n")
	if err := os.WriteFile(attrs, before, 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "new", "theirs.gloss", "--author", "Ben")
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), diskfull.Noise(1, 300<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "import", "theirs.gloss", "big.txt", "--author", "Ben")
	ours := filepath.Join(mnt, "ours.gloss")
	mustGloss(t, dir, "new", ours, "--samples", "--author", "Ada")
	oursBefore, err := os.ReadFile(ours)
	if err != nil {
		t.Fatal(err)
	}
	kept := diskfull.Leftovers(t, mnt)

	// No room for the copy of ours merged into, then room for it but not
	// for what the merge adds.
	for _, leave := range []int64{0, int64(len(oursBefore)) + 128<<10} {
		free := diskfull.Fill(t, mnt, leave)
		out, errs, code := gloss(t, dir, "git-merge-driver", filepath.Join(dir, "theirs.gloss"), ours, filepath.Join(dir, "theirs.gloss"), "p.gloss")
		want := "the disk is full: p.gloss (ours) was not written. Free some space on the disk, then try again; p.gloss is left unmerged"
		if code != 1 || !strings.Contains(errs, want) {
			t.Errorf("git-merge-driver with %d bytes free: exit %d, %s%s\nwant %q", leave, code, out, errs, want)
		}
		if got, _ := os.ReadFile(ours); !bytes.Equal(got, oursBefore) {
			t.Errorf("git-merge-driver with %d bytes free changed ours", leave)
		}
		if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
			t.Errorf("git-merge-driver with %d bytes free left behind %q", leave, extra)
		}
		free()
	}

	free := diskfull.Fill(t, mnt, 0)
	defer free()
	out, errs, code := gloss(t, dir, "git-setup", mnt)
	want := "the disk is full: " + attrs + " was not written. Free some space on the disk, then try again"
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("git-setup: exit %d, %s%s\nwant %q", code, out, errs, want)
	}
	if got, _ := os.ReadFile(attrs); !bytes.Equal(got, before) {
		t.Errorf(".gitattributes became %q", got)
	}
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("git-setup left behind %q", extra)
	}
}
