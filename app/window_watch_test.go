package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss/storage"
)

// copyAlone copies the project's file without its write-ahead log, as Git,
// a backup tool or a sync client does, and returns the quotes the copy
// holds, or why it does not open.
func copyAlone(t *testing.T, u *ui) (string, error) {
	t.Helper()
	data, err := os.ReadFile(u.proj.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.gloss")
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(dst)
	if err != nil {
		return "", err
	}
	defer db.Close()
	return projectQuotes(t, db), nil
}

// TestFileAloneHoldsTheWork codes a passage and lets the window look at
// its file after the pause: the project's file, copied without its log,
// holds the passage. Before the look it is only in the log.
func TestFileAloneHoldsTheWork(t *testing.T) {
	old := foldAfter
	foldAfter = 0
	t.Cleanup(func() { foldAfter = old })
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	if q, err := copyAlone(t, u); err == nil && strings.Contains(q, quoteA) {
		t.Fatalf("the passage is in the file before the log was folded (%q): the test shows nothing", q)
	}
	if !u.checkFile(u.proj) {
		t.Fatal("an unchanged file stops the watching")
	}
	if q, err := copyAlone(t, u); err != nil || !strings.Contains(q, quoteA) {
		t.Fatalf("the file alone holds %q (%v); want the passage %q", q, err, quoteA)
	}
	if info, err := os.Stat(u.proj.db.Path() + "-wal"); err == nil && info.Size() != 0 {
		t.Fatalf("the log still holds %d bytes", info.Size())
	}
}

// TestLogNotFoldedWhileTyping leaves the log alone while it was written
// less than foldAfter ago: folding waits for the researcher to pause.
func TestLogNotFoldedWhileTyping(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	if !u.checkFile(u.proj) {
		t.Fatal("an unchanged file stops the watching")
	}
	if q, err := copyAlone(t, u); err == nil && strings.Contains(q, quoteA) {
		t.Fatalf("the log was folded right after a write: the file holds %q", q)
	}
}
