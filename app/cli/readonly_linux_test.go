//go:build linux

package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyFolder works on a project in a folder its user cannot write
// to (a shared drive, a colleague's folder, a CD), and on a read-only
// project in a folder that can be written: every command that only reads
// works, and one that writes says plainly that the folder or the file is
// read-only, leaving the folder as it was. Root writes anywhere, so run as
// root (as CI is) the commands run as the user nobody, from a copy of the
// binary nobody may run.
func TestReadOnlyFolder(t *testing.T) {
	t.Run("folder", func(t *testing.T) { readOnly(t, 0o666, 0o555, "the folder %s is read-only") })
	t.Run("file", func(t *testing.T) { readOnly(t, 0o444, 0o777, "the file x.gloss is read-only") })
}

// readOnly is TestReadOnlyFolder with the project file's and its folder's
// permissions, and the reason a write is refused (%s: the folder).
func readOnly(t *testing.T, fileMode, folderMode os.FileMode, reason string) {
	base, err := os.MkdirTemp("", "gloss-read-only-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.Walk(base, func(p string, info os.FileInfo, err error) error {
			if err == nil && info.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(base, "shared")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, shared, "new", "x.gloss", "--samples", "--author", "Ada")
	geneva := docByTitle(t, docs(t, shared, "x.gloss"), "hold their Geneva summit")
	mustGloss(t, shared, "highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ada")
	// With the folder read-only, the file may be written by anyone, but
	// the write-ahead log Gloss needs beside it cannot be made; with the
	// file read-only, anyone may make files beside it.
	if err := os.Chmod(filepath.Join(shared, "x.gloss"), fileMode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, folderMode); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(base, "home")
	if err := os.Mkdir(home, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(home, 0o777)
	bin := filepath.Join(base, "gloss")
	b, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = shared
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_DATA_HOME="+filepath.Join(home, ".data"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), code
	}
	probe := filepath.Join(shared, "probe")
	if _, _, code := run("new", "probe"); (code == 0) != (folderMode&0o002 != 0) {
		t.Fatalf("uid %d creating files in %s: exit %d", os.Geteuid(), shared, code)
	}
	for _, p := range []string{probe, probe + "-wal", probe + "-shm"} {
		os.Remove(p)
	}
	before := folderState(t, shared)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"docs", "x.gloss"}, "hold their Geneva summit"},
		{[]string{"check", "x.gloss"}, "x.gloss: ok (4 documents"},
		{[]string{"search", "x.gloss", "ambassadors"}, "ambassadors"},
		{[]string{"passages", "x.gloss"}, "ambassadors would return to their posts"},
	} {
		out, errs, code := run(c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("gloss %s: exit %d\n%s%s\nwant %q", strings.Join(c.args, " "), code, out, errs, c.want)
		}
	}
	_, errs, code := run("highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", "Geneva", "--occurrence", "1", "--tag", "Ambassadors", "--author", "Ben")
	if want := "cannot save changes: " + strings.ReplaceAll(reason, "%s", shared); code != 1 || !strings.Contains(errs, want) {
		t.Errorf("a write: exit %d, %q\nwant %q", code, errs, want)
	}
	after := folderState(t, shared)
	if folderMode&0o002 != 0 {
		// SQLite reading a read-only file leaves an empty log and its
		// index beside it, where it may: the project is as it was.
		if info, err := os.Stat(filepath.Join(shared, "x.gloss-wal")); err == nil && info.Size() > 0 {
			t.Fatalf("a log of %d bytes beside the read-only file", info.Size())
		}
		project := func(state string) string {
			for _, f := range strings.Fields(state) {
				if strings.HasPrefix(f, "x.gloss=") {
					return f
				}
			}
			return ""
		}
		before, after = project(before), project(after)
	}
	if after != before {
		t.Fatalf("the folder changed:\nbefore %s\nafter  %s", before, after)
	}
}
