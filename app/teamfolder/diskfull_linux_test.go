//go:build linux

package teamfolder_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/app/teamfolder"
	"gloss/storage/storagetest/diskfull"
)

// TestAColleaguesFileWaitsForRoomOnAFullDisk has a colleague's file arrive
// while the disk of the temporary folder the watcher reads it from is
// full: it is not merged, with a message that says the disk is full and
// what to do, and is not taken for a file that cannot be read. Once there
// is room, the next look merges it.
func TestAColleaguesFileWaitsForRoomOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "Biden and Putin met in Geneva")
	ben := tm.project(t.TempDir(), "Ben", "less than four hours")
	tmp := filepath.Join(mnt, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	w, ch := watch(t, ada)
	free := diskfull.Fill(t, mnt, 0)

	syncClient{t, folder}.deliver("Ben.gloss", fileBytes(t, ben))
	e := next(t, ch, "Ben.gloss")
	if e.State != teamfolder.Failed || !strings.HasPrefix(e.Reason, "the disk is full: "+tmp) || !strings.Contains(e.Reason, "Free some space on the disk") {
		t.Fatalf("on a full disk: %v: %s", e.State, e.Reason)
	}
	if got := quotes(t, ada); has(got, "Ben: less than four hours") {
		t.Fatalf("merged on a full disk: %v", got)
	}
	free()
	w.Rescan()
	if e := next(t, ch, "Ben.gloss"); e.State != teamfolder.Merged || e.Report.PassagesAdded != 1 {
		t.Fatalf("once there is room: %v: %s", e.State, e.Reason)
	}
	if got := quotes(t, ada); !has(got, "Ben: less than four hours") {
		t.Fatalf("Ada's project once there is room: %v", got)
	}
}
