//go:build linux

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	fynestorage "fyne.io/fyne/v2/storage"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/storage"
	"gloss/storage/storagetest/diskfull"
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

// TestAMergeAndAnImportOnAFullDiskKeepTheProject merges a colleague's file
// into a project on a full disk, and imports a long article into it: each
// is refused with the project's message for a full disk, and the project
// is as it was, in the window and in its file, which opens.
func TestAMergeAndAnImportOnAFullDiskKeepTheProject(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	u, _ := newTestUI(t)
	inline(t)
	path := filepath.Join(mnt, "summit.gloss")
	db, err := project.Create(path, true, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(db)
	big := filepath.Join(t.TempDir(), "long.txt")
	if err := os.WriteFile(big, diskfull.Noise(1, 300<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	theirs, err := project.Create(filepath.Join(t.TempDir(), "ben.gloss"), false, "Ben")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := theirs.CreateDocument(bg, &annotate.Document{Title: "Ben's long article", Text: string(diskfull.Noise(1, 300<<10))}); err != nil {
		t.Fatal(err)
	}
	theirs.Close()
	state := projectState(t, db)
	kept := diskfull.Leftovers(t, mnt)
	free := diskfull.Fill(t, mnt, 64<<10)
	full := func(what, got string) {
		t.Helper()
		if !strings.Contains(strings.ToLower(got), "the disk is full: this change was not saved. everything saved before it is in ") ||
			!strings.Contains(got, "summit.gloss") || !strings.Contains(got, "Free some space on the disk") || strings.Contains(got, "also failed") {
			t.Errorf("%s: the window shows %q, want the project's message for a full disk", what, got)
		}
	}

	runMerge(u.win, u.proj, theirs.Path(), u.afterOutsideChange, u.undo)
	full("merge", topText(u.win))
	dismissDialogs(u.win)
	var outs []importOutcome
	u.onImported = func(o []importOutcome) { outs = o }
	u.importPaths([]string{big})
	if len(outs) != 1 || outs[0].created || outs[0].err == nil {
		t.Fatalf("import outcome %+v", outs)
	}
	full("import", outs[0].err.Error())
	dismissDialogs(u.win)
	if extra := diskfull.Leftovers(t, mnt, kept...); len(extra) > 0 {
		t.Errorf("left behind %q", extra)
	}
	if got := projectState(t, u.proj.db); got != state {
		t.Errorf("the project changed:\n%s", got)
	}
	if len(u.docList.items) != 4 {
		t.Errorf("the document list shows %d documents, want the project's 4", len(u.docList.items))
	}
	free()
	u.proj.close()
	u.proj = nil
	db, err = storage.Open(path)
	if err != nil {
		t.Fatalf("the project after the full disk: %v", err)
	}
	defer db.Close()
	if got := projectState(t, db); got != state {
		t.Errorf("the project's file changed:\n%s", got)
	}
}
