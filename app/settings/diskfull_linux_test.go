//go:build linux

package settings

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gloss/storage/storagetest/diskfull"
)

// TestSaveOnAFullDisk saves a new name on a full disk: it is refused with
// the message every writer of files gives, naming the settings file, and
// the name saved before is kept, with nothing left beside it.
func TestSaveOnAFullDisk(t *testing.T) {
	mnt := diskfull.Disk(t)
	if mnt == "" {
		return
	}
	t.Setenv("XDG_CONFIG_HOME", mnt)
	t.Setenv("HOME", mnt)
	if err := SetAuthor("Ada Lovelace"); err != nil {
		t.Fatal(err)
	}
	path, _ := Path()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	free := diskfull.Fill(t, mnt, 0)
	defer free()
	err = SetAuthor("Ben")
	want := "the disk is full: " + path + " was not written. Free some space on the disk, then try again"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
		t.Errorf("the settings became %q", got)
	}
	if extra := diskfull.Leftovers(t, filepath.Dir(path), filepath.Base(path)); len(extra) > 0 {
		t.Errorf("left behind %q", extra)
	}
}
