// Package uiwatch is the stall watchdog of the end-to-end builds: it
// times how long a Fyne app's UI goroutine, which draws every frame, runs
// nothing else. Gloss's end-to-end build (app/trace_e2e.go) and the bare
// windows the benchmarks compare it with (app/e2e/testdata) run the same
// one, so that their stalls are measured alike. It holds no code of
// Gloss's.
package uiwatch

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"gloss/app/internal/overdraw"
)

// The watchdog calls the UI goroutine every Every and times how long each
// call waits to run: the time the window could not draw a frame or answer
// a key. A window painting at 60 frames a second answers within about
// 17 ms.
const (
	Every = 10 * time.Millisecond
	Shown = 50 * time.Millisecond // gaps reported as they happen
)

// Start starts the watchdog, which runs until the process ends. It prints
// with event "watching" once the event loop ran its first call, "stall MS"
// for every gap over Shown, and "stall-max MS" (the longest gap since the
// last one) for every line "stall?" on standard input, "paint PX COVERED
// DRAWS" for every line "paint?" (what a frame of the app's first window
// shades, see Paint); every other line of standard input is given to
// other (nil for none).
func Start(event func(format string, args ...any), other func(line string)) {
	var (
		mu      sync.Mutex
		longest time.Duration
	)
	note := func(gap time.Duration) {
		mu.Lock()
		longest = max(longest, gap)
		mu.Unlock()
	}
	go func() {
		fyne.DoAndWait(func() {}) // waits for the event loop to run
		event("watching")
		for {
			time.Sleep(Every)
			start := time.Now()
			fyne.DoAndWait(func() {})
			gap := time.Since(start)
			note(gap)
			if gap > Shown {
				event("stall %d", gap.Milliseconds())
			}
		}
	}()
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "paint?" {
				Paint(event)
				continue
			}
			if line != "stall?" {
				if other != nil {
					other(line)
				}
				continue
			}
			// A stall under way when asked counts too.
			start := time.Now()
			fyne.DoAndWait(func() {})
			note(time.Since(start))
			mu.Lock()
			gap := longest
			longest = 0
			mu.Unlock()
			event("stall-max %.1f", float64(gap.Microseconds())/1000)
		}
	}()
}

// PaintEnv names the environment variable that has Paint also write the
// whole report of the frame (the area per kind of object and per panel,
// the largest draw calls) to its value followed by "." and the process ID.
const PaintEnv = "GLOSS_E2E_PAINT"

// Paint measures, on the UI goroutine, what a frame of the app's first
// window shades (app/internal/overdraw) and prints "paint PX COVERED
// DRAWS" with event: the pixels all draw calls cover, the pixels of the
// window covered at least once, the number of draw calls.
func Paint(event func(format string, args ...any)) {
	var (
		report         string
		area           float32
		covered, draws int
	)
	fyne.DoAndWait(func() {
		if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
			f := overdraw.Measure(ws[0].Canvas())
			report, area, covered, draws = f.String(), f.Area(), f.Covered(), len(f.Draws)
		}
	})
	if prefix := os.Getenv(PaintEnv); prefix != "" {
		if err := os.WriteFile(fmt.Sprintf("%s.%d", prefix, os.Getpid()), []byte(report), 0o644); err != nil {
			event("error %s: %v", PaintEnv, err)
		}
	}
	event("paint %.0f %d %d", area, covered, draws)
}
