//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// app is a running Gloss window (or the window it is compared with), with
// the events it printed (the lines after "e2e " on its standard output).
type app struct {
	d      *desktop
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr lockedBuffer
	window string        // X window ID
	wait   time.Duration // how long await waits; awaitTimeout when zero

	mu      sync.Mutex
	events  []string
	times   []time.Time   // when each event was read
	matched time.Time     // when the event the last await returned was read
	next    int           // events before next were consumed by await
	changed chan struct{} // closed, and replaced, on every new event and on exit
	exited  bool
	exitErr error
}

// launch starts the app with args (usually a project file) and waits until
// its window is on screen.
func (d *desktop) launch(args ...string) *app {
	t := d.t
	t.Helper()
	a := d.start(glossBin, args...)

	// The title is "Gloss — name.gloss"; the pattern leaves out the dash,
	// which xdotool only matches in a UTF-8 locale.
	ctx, cancel := context.WithTimeout(context.Background(), awaitTimeout)
	defer cancel()
	search := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^Gloss")
	search.Env = d.env
	ids, err := search.Output()
	if err != nil {
		t.Fatalf("no Gloss window within %v: %v", awaitTimeout, err)
	}
	a.window = strings.Fields(string(ids))[0]
	return a
}

// fyneThreadError starts what Fyne logs when it is called from a goroutine
// other than the UI's, where fyne.Do should have been used.
const fyneThreadError = "*** Error in Fyne call thread"

// start starts the program bin (the app, or another window to compare it
// with) on the display and collects its events, without waiting for
// anything. The program ends with the test if it is still running.
func (d *desktop) start(bin string, args ...string) *app {
	t := d.t
	t.Helper()
	a := &app{d: d, changed: make(chan struct{})}
	a.cmd = exec.Command(bin, args...)
	a.cmd.Env = d.env
	a.cmd.Stderr = &a.stderr
	out, err := a.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if a.stdin, err = a.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	d.apps = append(d.apps, a)
	done := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if ev, ok := strings.CutPrefix(sc.Text(), "e2e "); ok {
				a.mu.Lock()
				a.events = append(a.events, ev)
				a.times = append(a.times, time.Now())
				close(a.changed)
				a.changed = make(chan struct{})
				a.mu.Unlock()
			}
		}
		close(done)
	}()
	go func() {
		<-done // every event is read before the exit is noted
		err := a.cmd.Wait()
		a.mu.Lock()
		a.exited, a.exitErr = true, err
		close(a.changed)
		a.changed = make(chan struct{})
		a.mu.Unlock()
	}()
	t.Cleanup(func() {
		if t.Failed() {
			d.saveFailure()
			a.mu.Lock()
			t.Logf("the app's events:\n  %s\nits standard error:\n%s", strings.Join(a.events, "\n  "), a.stderr.String())
			a.mu.Unlock()
		}
		a.mu.Lock()
		exited := a.exited
		a.mu.Unlock()
		if !exited {
			a.kill()
		}
		if strings.Contains(a.stderr.String(), fyneThreadError) {
			t.Errorf("%s called Fyne off the UI goroutine:\n%s", bin, a.stderr.String())
		}
	})
	return a
}

// await waits for the next event that matches pattern (a regular
// expression), skipping those before it, and returns its submatches (the
// whole event first). It fails the test when the app exits or the wait
// times out.
func (a *app) await(pattern string) []string {
	a.d.t.Helper()
	re := regexp.MustCompile(pattern)
	var m []string
	a.awaitFunc("/"+pattern+"/", func(ev string) bool {
		m = re.FindStringSubmatch(ev)
		return m != nil
	})
	return m
}

// awaitFunc waits for the next event for which ok is true and returns it;
// what describes the event in failure messages.
func (a *app) awaitFunc(what string, ok func(event string) bool) string {
	t := a.d.t
	t.Helper()
	wait := a.wait
	if wait == 0 {
		wait = awaitTimeout
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		a.mu.Lock()
		for ; a.next < len(a.events); a.next++ {
			if ev := a.events[a.next]; ok(ev) {
				a.matched = a.times[a.next]
				a.next++
				a.mu.Unlock()
				return ev
			}
		}
		exited, err, changed := a.exited, a.exitErr, a.changed
		last := ""
		if n := len(a.events); n > 0 {
			last = a.events[n-1]
		}
		a.mu.Unlock()
		if exited {
			t.Fatalf("the app exited (%v) while waiting for %s; last event %q", err, what, last)
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("timed out after %v waiting for %s; last event %q", wait, what, last)
		}
	}
}

// quit quits with Ctrl+Q and waits for the app to exit cleanly.
func (a *app) quit() {
	t := a.d.t
	t.Helper()
	a.d.key("ctrl+q")
	a.await(`^quit$`)
	if err := a.waitExit(); err != nil {
		t.Fatalf("the app exited with %v", err)
	}
}

// waitExit waits for the process to end and returns how it ended.
func (a *app) waitExit() error {
	deadline := time.After(awaitTimeout)
	for {
		a.mu.Lock()
		exited, err, changed := a.exited, a.exitErr, a.changed
		a.mu.Unlock()
		if exited {
			return err
		}
		select {
		case <-changed:
		case <-deadline:
			a.cmd.Process.Kill()
			return context.DeadlineExceeded
		}
	}
}

// awaitAt is await that also returns when the event was read.
func (a *app) awaitAt(pattern string) ([]string, time.Time) {
	a.d.t.Helper()
	m := a.await(pattern)
	a.mu.Lock()
	defer a.mu.Unlock()
	return m, a.matched
}

// stallMax asks the app for the longest time its UI goroutine ran nothing
// else since the last ask (see traceWatch in app/trace_e2e.go), in
// milliseconds. Events before the answer are skipped.
func (a *app) stallMax() float64 {
	t := a.d.t
	t.Helper()
	if _, err := io.WriteString(a.stdin, "stall?\n"); err != nil {
		t.Fatalf("asking for the longest stall: %v", err)
	}
	var ms float64
	m := a.await(`^stall-max (\S+)$`)
	if _, err := fmt.Sscan(m[1], &ms); err != nil {
		t.Fatalf("stall-max %q: %v", m[1], err)
	}
	return ms
}

// paint asks the program what a frame of its window shades
// (app/internal/uiwatch's Paint): the pixels its draw calls cover.
func (a *app) paint() (area float64) {
	t := a.d.t
	t.Helper()
	if _, err := io.WriteString(a.stdin, "paint?\n"); err != nil {
		t.Fatalf("asking what a frame shades: %v", err)
	}
	m := a.await(`^paint (\S+) \S+ \S+$`)
	if _, err := fmt.Sscan(m[1], &area); err != nil {
		t.Fatalf("paint %q: %v", m[1], err)
	}
	return area
}

// stopProfile has the program finish writing the CPU profile that the
// environment variable GLOSS_E2E_CPUPROFILE asks for (app/trace_e2e.go),
// waiting for it at most profileWait; without one, or once the program
// has exited, it does nothing. It runs while a failed test ends too, so
// it reports nothing.
func (a *app) stopProfile() {
	if os.Getenv("GLOSS_E2E_CPUPROFILE") == "" {
		return
	}
	a.mu.Lock()
	exited := a.exited
	a.mu.Unlock()
	if exited {
		return
	}
	if _, err := io.WriteString(a.stdin, "profile-stop\n"); err != nil {
		return
	}
	deadline := time.NewTimer(profileWait)
	defer deadline.Stop()
	for {
		a.mu.Lock()
		stopped := slices.Contains(a.events, "profile-stopped")
		exited, changed := a.exited, a.changed
		a.mu.Unlock()
		if stopped || exited {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			return
		}
	}
}

// profileWait bounds the wait for a CPU profile to be written.
const profileWait = 10 * time.Second

// kill ends the program at once and waits for it to be gone.
func (a *app) kill() {
	a.stopProfile()
	a.cmd.Process.Kill()
	a.waitExit()
}
