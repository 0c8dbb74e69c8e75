package app

import (
	"os"
	"path/filepath"
	"testing"

	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/storage/repository"
	"fyne.io/fyne/v2/test"
)

// TestSaveDialogKeepsTheFileItReplaces opens writers as Fyne's save dialog
// does (storage.Writer on the chosen file) and closes them unwritten, as
// Gloss does before writing the file itself: an existing file keeps what
// it holds and no new file is made; a writer written to replaces the file.
func TestSaveDialogKeepsTheFileItReplaces(t *testing.T) {
	test.NewTempApp(t)
	guardSaves()
	guardSaves() // once is enough; a second call wraps nothing again
	r, err := repository.ForScheme("file")
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := r.(lazyFiles); !ok {
		t.Fatalf("the file repository is %T", r)
	} else if _, nested := l.fileRepository.(lazyFiles); nested {
		t.Fatal("guardSaves wrapped its own repository")
	}

	dir := t.TempDir()
	old := filepath.Join(dir, "briefing.pdf")
	if err := os.WriteFile(old, []byte("%PDF last week's briefing"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := fynestorage.Writer(fynestorage.NewFileURI(old))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(old); string(got) != "%PDF last week's briefing" {
		t.Fatalf("the file chosen to replace holds %q after the dialog", got)
	}

	fresh := filepath.Join(dir, "new.csv")
	w, err = fynestorage.Writer(fynestorage.NewFileURI(fresh))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Fatalf("a writer closed unwritten made %s (%v)", fresh, err)
	}

	w, err = fynestorage.Writer(fynestorage.NewFileURI(old))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(old); string(got) != "new" {
		t.Fatalf("a written writer left %q", got)
	}
}
