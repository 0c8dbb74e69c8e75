//go:build linux

package storage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/storage/storagetest/diskfull"
)

// TestUpgradeOnAFullDisk opens a project of an older schema on a full
// disk: the copy written before the upgrade does not fit, so the project is
// not opened, with a message that names the copy and says the disk is full
// and what to do; the file is left as it was and no partial copy remains.
func TestUpgradeOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	path := filepath.Join(mnt, "old.gloss")
	olderProject(t, path, 1)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	free := diskfull.Fill(t, mnt, 0)
	defer free()
	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatal("an older project was upgraded on a full disk")
	}
	want := path + ": back up before upgrading: the disk is full: " + path + ".bak-v1 was not written. Free some space on the disk, then try again"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the project changed")
	}
	if extra := diskfull.Leftovers(t, mnt, "old.gloss"); len(extra) > 0 {
		t.Errorf("left behind %s", strings.Join(extra, ", "))
	}
}
