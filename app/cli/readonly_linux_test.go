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
// to (a shared drive, a colleague's folder, a CD): every command that only
// reads works, and one that writes says plainly that the folder is
// read-only, leaving the folder as it was. Root writes anywhere, so run as
// root (as CI is) the commands run as the user nobody, from a copy of the
// binary nobody may run.
func TestReadOnlyFolder(t *testing.T) {
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
	// The file may be written by anyone, the folder by no one: the
	// write-ahead log Gloss needs beside the file cannot be made.
	if err := os.Chmod(filepath.Join(shared, "x.gloss"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o555); err != nil {
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
	if _, _, code := run("new", "probe"); code == 0 {
		os.Remove(probe + ".gloss")
		t.Fatalf("uid %d can create files in %s: the test cannot check a read-only folder", os.Geteuid(), shared)
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
			t.Errorf("gloss %s in a read-only folder: exit %d\n%s%s\nwant %q", strings.Join(c.args, " "), code, out, errs, c.want)
		}
	}
	_, errs, code := run("highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", "Geneva", "--occurrence", "1", "--tag", "Ambassadors", "--author", "Ben")
	if want := "cannot save changes: the folder " + shared + " is read-only"; code != 1 || !strings.Contains(errs, want) {
		t.Errorf("a write in a read-only folder: exit %d, %q\nwant %q", code, errs, want)
	}
	if after := folderState(t, shared); after != before {
		t.Fatalf("the read-only folder changed:\nbefore %s\nafter  %s", before, after)
	}
}
