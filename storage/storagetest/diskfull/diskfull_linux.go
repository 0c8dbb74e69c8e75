package diskfull

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// childEnv names, in the child process, the test it runs on the small disk;
// mountEnv the folder the disk is mounted on.
const (
	childEnv = "GLOSS_DISKFULL_TEST"
	mountEnv = "GLOSS_DISKFULL_MOUNT"
)

// Disk gives the test t a 4 MB disk of its own. Called in the test's own
// process, it runs the test again in a child process with a mount
// namespace of its own (CLONE_NEWNS as root, CLONE_NEWUSER|CLONE_NEWNS
// otherwise), waits for it, fails t with the child's output when the child
// failed or did not run the test, and returns "": the test then returns.
// In the child, it mounts the disk (a tmpfs, seen by no other process) and
// returns its folder, unmounted when the test ends. t must be a top-level
// test.
func Disk(t *testing.T) string {
	t.Helper()
	name := t.Name()
	if strings.Contains(name, "/") {
		t.Fatalf("diskfull.Disk needs a top-level test, not %s", name)
	}
	if os.Getenv(childEnv) == name {
		return mount(t)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+name+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+name, mountEnv+"="+t.TempDir())
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	} else {
		cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
			UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}},
			GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}}
	}
	out, err := cmd.CombinedOutput()
	switch {
	case err != nil:
		t.Fatalf("on a disk of its own (a mount namespace, which needs root or user namespaces): %v\n%s", err, out)
	case !strings.Contains(string(out), "--- PASS: "+name+" "):
		t.Fatalf("the child process did not run %s:\n%s", name, out)
	case testing.Verbose():
		t.Logf("on a disk of its own:\n%s", out)
	}
	return ""
}

// mount mounts the disk in the child, on the folder the parent made.
func mount(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(mountEnv)
	if err := syscall.Mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		t.Fatalf("make mounts private: %v", err)
	}
	if err := syscall.Mount("gloss-test", dir, "tmpfs", 0, "size=4m"); err != nil {
		t.Fatalf("mount a 4 MB disk: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// Fill fills the disk dir is on until leave bytes (rounded down to whole
// 4 KB blocks) are free, with a file of its own in dir, and returns a
// function that frees the space again.
func Fill(t *testing.T, dir string, leave int64) (free func()) {
	t.Helper()
	path := filepath.Join(dir, ".filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("filler: %v", err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	var n int64
	for {
		m, err := f.Write(chunk)
		n += int64(m)
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filler: %v", err)
			}
			break
		}
	}
	if leave > 0 {
		if err := f.Truncate(max(0, n-leave)); err != nil {
			t.Fatalf("filler: %v", err)
		}
	}
	return func() { os.Remove(path) }
}

// Leftovers lists the files in dir other than want and the filler, for a
// test to check that a failed write left nothing behind.
func Leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{".filler": true}
	for _, w := range want {
		keep[w] = true
	}
	var extra []string
	for _, e := range entries {
		if !keep[e.Name()] {
			extra = append(extra, e.Name())
		}
	}
	return extra
}
