//go:build e2e

package app

import (
	"fmt"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"gloss/app/internal/uiwatch"
)

// An end-to-end build (go build -tags 'sqlite_fts5 e2e') prints what the
// window does on standard output, one event a line after the prefix "e2e ",
// so that the tests in app/e2e wait on events instead of sleeping. The
// events are:
//
//	ready DOCID          the open document is laid out in the shown window, and drawn
//	selection START END  the reading view's selection changed
//	passage ID START END a passage was coded from the selection
//	inspect ID           the inspector shows the passage
//	original PAGE N      the Show Original window drew a page (from 1), with N rectangles highlighted
//	passages N TEXT      the Passages tab shows a listing of N passages, its text filter holding TEXT
//	passages-page FROM N the Passages tab shows N more passages, the FROM-th (from 0) first
//	watching             the UI goroutine ran the stall watchdog's first call
//	stall MS             the UI goroutine ran nothing else for MS milliseconds (over 50)
//	stall-max MS         the longest such gap since the last ask (a line "stall?" on standard input)
//	paint PX COVERED N   what a frame of the window shades, asked by a line "paint?" (app/internal/uiwatch's Paint)
//	profile-stopped      the CPU profile is written (asked for by a line "profile-stop"; see profileEnv)
//	quit                 the window is closing
//
// They report what happened, never where things are on screen: the tests
// find that out from the screen itself.

var traceMu sync.Mutex

// trace prints one event. The event "quit" also ends the CPU profile, if
// one is being taken (traceWatch).
func trace(format string, args ...any) {
	traceMu.Lock()
	defer traceMu.Unlock()
	if format == "quit" && profiling {
		pprof.StopCPUProfile()
		profiling = false
	}
	fmt.Fprintf(os.Stdout, "e2e "+format+"\n", args...)
}

// profiling is set while a CPU profile is being written.
var profiling bool

// profileEnv names the environment variable that asks an end-to-end
// build for a CPU profile of the whole process, written to its value
// followed by "." and the process ID, until the window closes (or the
// line "profile-stop" arrives on standard input):
//
//	GLOSS_E2E_CPUPROFILE=/tmp/gloss.cpu go test -tags 'sqlite_fts5 e2e' -run '^$' -bench PassagesTab ./app/e2e/
//	go tool pprof -top /tmp/gloss.cpu.PID
const profileEnv = "GLOSS_E2E_CPUPROFILE"

// startProfile starts the CPU profile asked for by profileEnv, if any.
func startProfile() {
	prefix := os.Getenv(profileEnv)
	if prefix == "" {
		return
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
	if err != nil {
		trace("error %s: %v", profileEnv, err)
		return
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		trace("error %s: %v", profileEnv, err)
		f.Close()
		return
	}
	traceMu.Lock()
	profiling = true
	traceMu.Unlock()
}

// stopProfile ends the CPU profile, if one is being taken.
func stopProfile() {
	traceMu.Lock()
	defer traceMu.Unlock()
	if profiling {
		pprof.StopCPUProfile()
		profiling = false
	}
}

// readyPoll is how often traceReady looks at the window: the resolution
// of the time to "ready" that the benchmarks measure.
const readyPoll = 5 * time.Millisecond

// frameTime is the time between two frames: Fyne draws at 60 a second.
const frameTime = time.Second/60 + time.Millisecond

// traceReady reports "ready" once the reading view has a size in the shown
// window with a document in it, and the frame after that is drawn. A
// project without documents is never ready.
func traceReady(u *ui) {
	go func() {
		// A colleague's large file is checked in full first: minutes on
		// a busy machine.
		deadline := time.Now().Add(10 * time.Minute)
		for time.Now().Before(deadline) {
			id := ""
			fyne.DoAndWait(func() {
				if u.doc != nil && u.view.Size().Width > 100 && u.view.Size().Height > 100 {
					id = u.doc.ID
				}
			})
			if id != "" {
				// The frame that draws it: a call queued after the next
				// frame started runs once that frame is drawn.
				time.Sleep(frameTime)
				fyne.DoAndWait(func() {})
				trace("ready %s", id)
				return
			}
			time.Sleep(readyPoll)
		}
		trace("error the reading view was never laid out")
	}()
}

// traceWatch starts the stall watchdog (app/internal/uiwatch), which runs
// until the process ends and answers "stall?" lines on standard input
// with the longest gap since the last one, and "profile-stop" by ending
// the CPU profile.
func traceWatch() {
	startProfile()
	uiwatch.Start(trace, func(line string) {
		if line == "profile-stop" {
			stopProfile()
			trace("profile-stopped")
		}
	})
}
