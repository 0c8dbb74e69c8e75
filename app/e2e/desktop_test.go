//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss/storage"
)

// awaitTimeout bounds every wait: for the display, the window, an event.
const awaitTimeout = 60 * time.Second

// desktopOptions describe the machine a scenario runs on.
type desktopOptions struct {
	width, height int    // the screen, 1280×800 when zero
	author        string // the researcher's name (GLOSS_AUTHOR), "E2E Tester" when empty
	theme         string // "light" or "dark" saved in the app's preferences; "" follows the system
	ocrLang       string // tesseract's languages, "eng" when empty (e.g. "ara+eng")
	window        bool   // the window opens filling the screen (else at its default size)
}

// desktop is one scenario's X display (an Xvfb of its own) and home
// folder, shared by the command line and the app.
type desktop struct {
	t             testing.TB
	dir           string
	display       string // ":N"
	env           []string
	width, height int
	author        string
	ocrLang       string
	apps          []*app
	shots         int
}

// newDesktop starts an X display and makes a home folder with no
// preferences, recent files or data of the user's. Both go away when the
// test ends; a failed test first saves the screen in artifacts/.
func newDesktop(t testing.TB, opt desktopOptions) *desktop {
	t.Helper()
	d := &desktop{t: t, dir: t.TempDir(), width: opt.width, height: opt.height, author: opt.author, ocrLang: opt.ocrLang}
	if d.width == 0 || d.height == 0 {
		d.width, d.height = 1280, 800
	}
	if d.author == "" {
		d.author = "E2E Tester"
	}
	if d.ocrLang == "" {
		d.ocrLang = "eng"
	}
	home := filepath.Join(d.dir, "home")
	config := filepath.Join(home, ".config")
	for _, dir := range []string{config, filepath.Join(home, ".local", "share"), filepath.Join(home, ".cache")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	prefs := map[string]any{}
	if opt.theme != "" {
		prefs["theme"] = opt.theme
	}
	if opt.window {
		// The size the window had when it last closed: the whole screen.
		prefs["windowWidth"], prefs["windowHeight"] = d.width, d.height
	}
	if len(prefs) > 0 {
		file := filepath.Join(config, "fyne", "io.gloss.app", "preferences.json")
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(prefs)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d.display = d.startX()
	d.env = append(os.Environ(),
		"DISPLAY="+d.display, "HOME="+home, "XDG_CONFIG_HOME="+config,
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"LANG=en_US.UTF-8", "LC_ALL=", "FYNE_SCALE=1", "GLOSS_AUTHOR="+d.author,
		"OMP_THREAD_LIMIT=1", // tesseract: one thread is several times faster on a busy machine
	)
	if _, bench := t.(*testing.B); !bench {
		// Tests keep Fyne's checks of the goroutine each call comes from,
		// and fail on any call they log (see app.start); benchmarks run
		// as the product does, without them.
		d.env = append(d.env, "GLOSS_FYNE_THREAD_CHECKS=1")
	}
	t.Cleanup(func() {
		if t.Failed() && len(d.apps) == 0 {
			d.saveFailure()
		}
	})
	return d
}

// startX starts Xvfb on a free display and returns its name (":N").
func (d *desktop) startX() string {
	t := d.t
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", d.width, d.height),
		"-nolisten", "tcp", "-noreset")
	x.ExtraFiles = []*os.File{w}
	var xerr bytes.Buffer
	x.Stderr = &xerr
	if err := x.Start(); err != nil {
		w.Close()
		t.Fatalf("starting Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() {
		x.Process.Kill()
		x.Wait()
	})
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb did not start: %q\n%s", n, xerr.String())
		}
		return ":" + n
	case <-time.After(awaitTimeout):
		t.Fatalf("Xvfb did not start within %v\n%s", awaitTimeout, xerr.String())
	}
	return ""
}

// path returns a path in the scenario's scratch folder.
func (d *desktop) path(name string) string { return filepath.Join(d.dir, name) }

// run runs a program on the display and returns its standard output,
// failing the test when it fails.
func (d *desktop) run(name string, args ...string) string {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), awaitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = d.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		d.t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// gloss runs a command of Gloss's command line in the scenario's home and
// returns what it printed.
func (d *desktop) gloss(args ...string) string {
	d.t.Helper()
	return d.run(glossBin, args...)
}

// open opens a project with storage, to check what the app saved. It is
// closed when the test ends.
func (d *desktop) open(path string) *storage.DB {
	d.t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		d.t.Fatal(err)
	}
	d.t.Cleanup(func() { db.Close() })
	return db
}

// screenshot saves the whole screen as a PNG.
func (d *desktop) screenshot(path string) {
	d.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		d.t.Fatal(err)
	}
	d.run("import", "-window", "root", path)
}

// saveArtifact saves the screen as artifacts/NAME, kept after the run.
func (d *desktop) saveArtifact(name string) string {
	d.t.Helper()
	path := filepath.Join(repoRoot, "artifacts", name)
	d.screenshot(path)
	return path
}

// saveFailure saves the screen for a failed test as artifacts/e2e-TEST.png.
func (d *desktop) saveFailure() {
	path := filepath.Join(repoRoot, "artifacts", "e2e-"+strings.ReplaceAll(d.t.Name(), "/", "-")+".png")
	os.MkdirAll(filepath.Dir(path), 0o755)
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = d.env
	if err := cmd.Run(); err == nil {
		d.t.Logf("the screen is in %s", path)
	}
}

// xdotool drives the pointer and the keyboard.
func (d *desktop) xdotool(args ...string) {
	d.t.Helper()
	d.run("xdotool", args...)
}

func coords(p image.Point) []string { return []string{strconv.Itoa(p.X), strconv.Itoa(p.Y)} }

// move moves the pointer to p, in screen pixels.
func (d *desktop) move(p image.Point) {
	d.t.Helper()
	d.xdotool(append([]string{"mousemove"}, coords(p)...)...)
}

// click clicks at p with the left button.
func (d *desktop) click(p image.Point) {
	d.t.Helper()
	d.xdotool(append(append([]string{"mousemove"}, coords(p)...), "click", "1")...)
}

// doubleClick double-clicks at p.
func (d *desktop) doubleClick(p image.Point) {
	d.t.Helper()
	d.xdotool(append(append([]string{"mousemove"}, coords(p)...), "click", "--repeat", "2", "--delay", "80", "1")...)
}

// drag presses the left button at from, moves through the midpoint to to,
// calls settle (nil for none) and releases. settle should wait for the app
// to have followed the pointer, e.g. for the selection it reports: a
// release that overtook the last motion would end the drag early.
func (d *desktop) drag(from, to image.Point, settle func()) {
	d.t.Helper()
	d.xdotool(append(append([]string{"mousemove"}, coords(from)...), "mousedown", "1")...)
	d.move(image.Pt((from.X+to.X)/2, (from.Y+to.Y)/2))
	d.move(to)
	if settle != nil {
		settle()
	}
	d.xdotool("mouseup", "1")
}

// key presses keys, each an xdotool key name or combination ("1",
// "ctrl+q", "Escape").
func (d *desktop) key(keys ...string) {
	d.t.Helper()
	d.xdotool(append([]string{"key", "--delay", "40"}, keys...)...)
}

// typeText types s as if on the keyboard.
func (d *desktop) typeText(s string) {
	d.t.Helper()
	d.xdotool("type", "--delay", "40", s)
}

// lockedBuffer collects a process's output from another goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
