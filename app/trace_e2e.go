//go:build e2e

package app

import (
	"fmt"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// An end-to-end build (go build -tags 'sqlite_fts5 e2e') prints what the
// window does on standard output, one event a line after the prefix "e2e ",
// so that the tests in app/e2e wait on events instead of sleeping. The
// events are:
//
//	ready DOCID          the open document is laid out in the shown window
//	selection START END  the reading view's selection changed
//	passage ID START END a passage was coded from the selection
//	inspect ID           the inspector shows the passage
//	original PAGE N      the Show Original window drew a page (from 1), with N rectangles highlighted
//	quit                 the window is closing
//
// They report what happened, never where things are on screen: the tests
// find that out from the screen itself.

var traceMu sync.Mutex

// trace prints one event.
func trace(format string, args ...any) {
	traceMu.Lock()
	defer traceMu.Unlock()
	fmt.Fprintf(os.Stdout, "e2e "+format+"\n", args...)
}

// traceReady reports "ready" once the reading view has a size in the shown
// window with a document in it. A project without documents is never
// ready.
func traceReady(u *ui) {
	go func() {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			id := ""
			fyne.DoAndWait(func() {
				if u.doc != nil && u.view.Size().Width > 100 && u.view.Size().Height > 100 {
					id = u.doc.ID
				}
			})
			if id != "" {
				trace("ready %s", id)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		trace("error the reading view was never laid out")
	}()
}
