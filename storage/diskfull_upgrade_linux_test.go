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

// TestReadingAnOlderProjectOnAFullTemporaryDisk opens for reading a
// project of an older schema, which is read through an upgraded copy in
// the temporary folder, with that folder's disk full, first with no room
// at all, then with room for the copy but not for its upgrade: the
// project is not opened, with a message that names the copy, says the disk
// is full and what to do; nothing is left there, and the project opens
// once there is room.
func TestReadingAnOlderProjectOnAFullTemporaryDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	path := filepath.Join(t.TempDir(), "old.gloss")
	olderProject(t, path, 1)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", mnt)
	for _, leave := range []int64{0, info.Size() + 16<<10} {
		free := diskfull.Fill(t, mnt, leave)
		db, err := OpenReading(path)
		if err == nil {
			db.Close()
			t.Fatalf("with %d bytes free, an older project was read through a copy on a full disk", leave)
		}
		if m := err.Error(); !strings.HasPrefix(m, path+": ") || !strings.Contains(m, ": the disk is full: "+mnt+"/") ||
			!strings.HasSuffix(m, " was not written. Free some space on the disk, then try again") {
			t.Errorf("with %d bytes free: %v", leave, err)
		}
		if extra := diskfull.Leftovers(t, mnt); len(extra) > 0 {
			t.Errorf("with %d bytes free, left behind %s", leave, strings.Join(extra, ", "))
		}
		free()
	}
	db, err := OpenReading(path)
	if err != nil {
		t.Fatalf("with room on the disk: %v", err)
	}
	db.Close()
}
