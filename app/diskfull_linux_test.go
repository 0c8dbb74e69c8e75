//go:build linux

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	fynestorage "fyne.io/fyne/v2/storage"

	"gloss/internal/diskfull"
)

// TestEverySaveOnAFullDiskSaysSoAndKeepsTheFile answers each place that
// asks where to save with a file on a full disk, over an earlier file of
// that name where the save may replace one: each says the disk is full,
// naming the file, and what to do; the earlier file is kept byte for byte,
// nothing is left beside it, the dialog that asked comes back (with what
// was typed or chosen in it, see TestAnExportNotWrittenKeepsItsChoices),
// and the project is unchanged.
func TestEverySaveOnAFullDiskSaysSoAndKeepsTheFile(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	u, _ := newTestUI(t)
	guardSaves() // as the app does: the dialog leaves the file it is to replace alone
	shown := captureSaves(t)
	uses := saveUses(t, u)
	state := projectState(t, u.proj.db)
	for _, use := range uses {
		path := filepath.Join(mnt, use.name)
		replaces := use.what != "New Project" && use.what != "Save My Version Elsewhere"
		var kept []string
		if replaces {
			if err := os.WriteFile(path, []byte("earlier"), 0o644); err != nil {
				t.Fatal(err)
			}
			kept = append(kept, use.name)
		}
		d := ask(t, shown, use)
		w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		free := diskfull.Fill(t, mnt, 0)
		d.done(w, nil)
		win := use.win()
		want := "the disk is full: " + path + " was not written. Free some space on the disk, then try again"
		if got := topText(win); !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
			t.Errorf("%s shows %q, want %q", use.what, topText(win), want)
		}
		if replaces {
			if got, err := os.ReadFile(path); err != nil || string(got) != "earlier" {
				t.Errorf("%s: %s holds %.40q (%v), not the earlier file", use.what, use.name, got, err)
			}
		}
		if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
			t.Errorf("%s left behind %q", use.what, extra)
		}
		if use.back != "" {
			tapDialogButton(t, win, "OK")
			if !strings.Contains(topText(win), use.back) {
				t.Errorf("%s shows %q after its error, not its dialog again", use.what, topText(win))
			}
		}
		dismissDialogs(win)
		free()
		os.Remove(path)
	}
	if got := projectState(t, u.proj.db); got != state {
		t.Errorf("the project changed:\n%s", got)
	}
}
