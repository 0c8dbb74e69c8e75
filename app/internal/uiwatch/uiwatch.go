// Package uiwatch is the stall watchdog of the end-to-end builds: it
// times how long a Fyne app's UI goroutine, which draws every frame, runs
// nothing else. Gloss's end-to-end build (app/trace_e2e.go) and the bare
// windows the benchmarks compare it with (app/e2e/testdata) run the same
// one, so that their stalls are measured alike. It holds no code of
// Gloss's.
package uiwatch

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
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
// last one) for every line "stall?" on standard input; every other line
// of standard input is given to other (nil for none).
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
