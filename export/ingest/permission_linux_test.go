//go:build linux

package ingest_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gloss/export/ingest"
)

// unreadableEnv names, in the child process of TestFilePermission, the file
// to check.
const unreadableEnv = "GLOSS_TEST_UNREADABLE"

// TestFilePermission checks an unreadable file: the error names it and says
// so. Root reads any file whatever its mode, so run as root (as CI is) the
// check runs in a child process of this test binary that has given up its
// privileges for those of the user nobody.
func TestFilePermission(t *testing.T) {
	if path := os.Getenv(unreadableEnv); path != "" {
		checkUnreadable(t, path)
		return
	}
	dir, err := os.MkdirTemp("", "gloss-permission-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // nobody may enter, not read secret.txt
		t.Fatal(err)
	}
	path := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(path, []byte("private"), 0o000); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		checkUnreadable(t, path)
		return
	}

	// The test binary may sit in a folder only root can enter: run a copy.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "ingest.test")
	copyFile(t, exe, bin)
	cmd := exec.Command(bin, "-test.run=^TestFilePermission$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), unreadableEnv+"="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the check as user nobody failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestFilePermission") {
		t.Fatalf("the check as user nobody did not run:\n%s", out)
	}
}

// checkUnreadable asserts that path cannot be opened and that ingest.File
// reports it by name, wrapping fs.ErrPermission.
func checkUnreadable(t *testing.T, path string) {
	t.Helper()
	if f, err := os.Open(path); err == nil {
		f.Close()
		t.Fatalf("%s is readable by uid %d: the test cannot check a permission error", path, os.Geteuid())
	}
	_, err := ingest.File(path)
	if err == nil || err.Error() != path+": permission denied" || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error = %v, want %q wrapping fs.ErrPermission", err, path+": permission denied")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
