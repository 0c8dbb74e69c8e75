//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gloss/annotate"
)

// awaitDialogPhrase is awaitPhrase for a dialog: the screen is read
// thresholded, so that a dialog's words, white on a coloured button too,
// stand out and the dimmed window behind it drops away.
func (d *desktop) awaitDialogPhrase(p string) (words []word, first, last int) {
	t := d.t
	t.Helper()
	for tries := 0; ; tries++ {
		d.shots++
		shot := d.path(fmt.Sprintf("dialog-%d.png", d.shots))
		big := d.path(fmt.Sprintf("dialog-%d-x%d.png", d.shots, ocrScale))
		d.screenshot(shot)
		args := []string{shot, "-resize", fmt.Sprintf("%d%%", 100*ocrScale), "-colorspace", "Gray"}
		if meanLuminance(t, shot) < 0.5 {
			args = append(args, "-negate")
		}
		d.run("/usr/bin/convert", append(args, "-threshold", "45%", big)...)
		tsv := d.path(fmt.Sprintf("dialog-%d", d.shots))
		d.run("tesseract", big, tsv, "-l", d.ocrLang, "tsv")
		f, err := os.Open(tsv + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		words, err = parseTSV(f, ocrScale)
		f.Close()
		if err != nil {
			t.Fatalf("%s.tsv: %v", tsv, err)
		}
		if i, j, ok := locate(words, p); ok {
			return words, i, j
		}
		if tries == 10 {
			t.Fatalf("%q never appeared in the dialog, which reads:\n%s", p, screenText(words))
		}
	}
}

// codeOnePassage opens project in the app, codes one phrase of the first
// article with the first code, and returns the app and the phrase.
func codeOnePassage(t *testing.T, d *desktop, project string) (*app, string) {
	t.Helper()
	a := d.launch(project)
	doc := d.document(project, a.await(`^ready (\S+)$`)[1])
	phrase := "ambassadors would return to their posts."
	if !strings.Contains(doc.Text, phrase) {
		t.Fatalf("%q is not in %q", phrase, doc.Title)
	}
	d.selectPhrase(a, doc, phrase)
	d.key("1")
	a.await(`^passage (\S+) (\d+) (\d+)$`)
	return a, phrase
}

// hasQuote reports whether the project at path has a live passage quoting
// q, by author (any when "").
func hasQuote(t *testing.T, d *desktop, path, q, author string) bool {
	t.Helper()
	db := d.open(path)
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Quote == q && (author == "" || p.Author == author) {
			return true
		}
	}
	return false
}

// TestReplacedWhileOpen codes a passage, then has a sync client put a
// colleague's version in place of the open project, as a rename. Within a
// couple of seconds the window says so, the colleague's file is left byte
// for byte as it came, and "Open the new file and merge my work into it"
// brings both researchers' work together there.
func TestReplacedWhileOpen(t *testing.T) {
	d := newDesktop(t, desktopOptions{})
	project := d.path("summit.gloss")
	d.gloss("new", project, "--samples", "--author", d.author)
	// The colleague's version: the same project, coded by Ben elsewhere.
	theirs := filepath.Join(t.TempDir(), "summit.gloss")
	b, err := os.ReadFile(project)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(theirs, b, 0o644); err != nil {
		t.Fatal(err)
	}
	docs := d.gloss("docs", theirs)
	id := regexp.MustCompile(`(?m)^([0-9a-f]{8})\S*\s.*Geneva summit`).FindStringSubmatch(docs)
	if id == nil {
		t.Fatalf("no Geneva summit article in:\n%s", docs)
	}
	ben := "Villa La Grange"
	d.gloss("highlight", theirs, "--doc", id[1], "--quote", ben, "--tag", "Ambassadors", "--author", "Ben")
	want, err := os.ReadFile(theirs)
	if err != nil {
		t.Fatal(err)
	}

	a, mine := codeOnePassage(t, d, project)
	if err := os.Rename(theirs, project); err != nil {
		t.Fatal(err)
	}
	recovery := a.await(`^file-lost replaced (.+)$`)[1]
	a.await(`^file-lost-notice `)
	d.awaitPhrase("summit.gloss was replaced")
	d.saveArtifact("e2e-replaced.png")
	if got, _ := os.ReadFile(project); string(got) != string(want) {
		t.Fatal("the colleague's file was written to while it was open")
	}
	if info, err := os.Stat(project + "-wal"); err == nil && info.Size() > 0 {
		t.Fatalf("a write-ahead log of %d bytes sits beside the colleague's file", info.Size())
	}
	if !strings.HasPrefix(filepath.Base(recovery), "summit (recovered ") {
		t.Fatalf("the recovery copy is %s", recovery)
	}

	words, i, j := d.awaitDialogPhrase("merge my work into it")
	d.click(words[(i+j)/2].center())
	a.await(`^merged-recovery `)
	d.awaitDialogPhrase("Your work is merged into")
	d.saveArtifact("e2e-merged-recovery.png")
	words, i, _ = d.awaitDialogPhrase("Close")
	d.click(words[i].center())
	a.quit()

	if !hasQuote(t, d, project, strings.TrimSuffix(mine, "."), d.author) && !hasQuote(t, d, project, mine, d.author) {
		t.Error("the researcher's passage is not in the merged file")
	}
	if !hasQuote(t, d, project, ben, "Ben") {
		t.Error("the colleague's passage is not in the merged file")
	}
	if !hasQuote(t, d, recovery, strings.TrimSuffix(mine, "."), d.author) && !hasQuote(t, d, recovery, mine, d.author) {
		t.Error("the researcher's passage is not in the recovery copy")
	}
}

// TestDeletedWhileOpen codes a passage, then deletes the open project's
// file. The window says so within a couple of seconds, and "Put my version
// back" puts the project, with the passage, at its path again.
func TestDeletedWhileOpen(t *testing.T) {
	d := newDesktop(t, desktopOptions{})
	project := d.path("summit.gloss")
	d.gloss("new", project, "--samples", "--author", d.author)
	a, mine := codeOnePassage(t, d, project)
	if err := os.Remove(project); err != nil {
		t.Fatal(err)
	}
	a.await(`^file-lost deleted (.+)$`)
	a.await(`^file-lost-notice `)
	d.awaitPhrase("summit.gloss was deleted")
	d.saveArtifact("e2e-deleted.png")
	words, i, j := d.awaitDialogPhrase("Put my version back")
	d.click(words[(i+j)/2].center())
	a.await(`^saved-version `)
	a.quit()
	if !hasQuote(t, d, project, strings.TrimSuffix(mine, "."), d.author) && !hasQuote(t, d, project, mine, d.author) {
		t.Error("the project put back lacks the researcher's passage")
	}
}
