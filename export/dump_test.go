package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
	"gloss/storage/storagetest"
)

func dump(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b bytes.Buffer
	rules, err := db.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Dump(context.Background(), &b, db, export.DumpOptions{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDumpSaysWhoCodedWhat(t *testing.T) {
	f := storagetest.NewFixture(t)
	got := dump(t, f.DB)
	for _, want := range []string{
		"Gloss project: 2 documents, 4 codes, 5 passages by Ada, Grace\n",
		"\nDocuments\n  Biden and Putin meet in Geneva [",
		fmt.Sprintf("    Axios, Mike Allen, 2021-06-16, %d characters, added by Ada\n    https://example.org/geneva-summit\n", utf8.RuneCountInString(storagetest.GenevaText)),
		// The codebook as a tree: Ambassadors under Diplomacy.
		"  Diplomacy #4363d8\n    Ambassadors #f58231\n",
		"  Cyber red lines #e6194b\n    Limits on cyberattacks.\n",
		// Passages in text order, codes sorted, with the coder's name.
		" Ada coded Ambassadors, Diplomacy\n      “The ambassadors will return to their posts”\n",
		" Grace coded Cyber red lines\n      “Cyber red lines — an analysis 🇺🇸🇷🇺”\n      Grace’s note: Title with a flag: code points, not UTF-16.\n",
		// A note's second line stays inside its passage.
		"      Grace’s note: Raised by Biden, per the café talk.\n      Second line.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("dump lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "2021-06-16T") || strings.Contains(got, "Auto-coding rules") {
		t.Errorf("dump shows times or an empty rules section:\n%s", got)
	}
	if i, j := strings.Index(got, "list of 16 critical"), strings.Index(got, "The ambassadors will"); i < 0 || j < i {
		t.Errorf("passages are not in text order:\n%s", got)
	}
}

// Two researchers' projects merged either way round dump the same, though
// their rows were written in different orders and at different times.
func TestDumpIsTheSameWhateverTheMergeOrder(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "base.gloss")
	if _, err := f.DB.SaveCopy(ctx, base, storage.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	copyTo := func(name string) *storage.DB {
		b, err := os.ReadFile(base)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := storage.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	ada, ben := copyTo("ada.gloss"), copyTo("ben.gloss")
	ada.SetAuthor("Ada")
	ben.SetAuthor("Ben")
	highlight := func(db *storage.DB, doc *annotate.Document, quote, note string, tags ...string) {
		start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Tags: tags, Note: annotate.Note{Text: note}}); err != nil {
			t.Fatal(err)
		}
	}
	// Ben works in the opposite order to Ada, on the same passages' texts.
	highlight(ada, f.Geneva, "less than four hours", "Short.", f.Diplomacy.ID)
	highlight(ada, f.Red, "Human rights were raised", "", f.Rights.ID)
	highlight(ben, f.Red, "Human rights were raised", "Ben agrees.", f.Rights.ID, f.Diplomacy.ID)
	highlight(ben, f.Geneva, "less than four hours", "", f.Cyber.ID)
	if _, err := ada.Merge(ctx, ben.Path()); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.Merge(ctx, filepath.Join(dir, "ada.gloss")); err != nil {
		t.Fatal(err)
	}
	a, b := dump(t, ada), dump(t, ben)
	if a != b {
		t.Fatalf("merged either way round, the dumps differ:\n--- Ada's\n%s\n--- Ben's\n%s", a, b)
	}
	if !strings.Contains(a, " Ben coded Diplomacy, Human rights\n      “Human rights were raised”\n      Ben’s note: Ben agrees.\n") {
		t.Fatalf("the merged dump lacks Ben's passage:\n%s", a)
	}
}
