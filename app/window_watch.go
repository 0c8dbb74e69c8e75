package app

import (
	"context"
	"errors"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"gloss/storage"
)

// watchInterval is how often the window looks at its project's file while
// the researcher is not writing: whether it is still the file opened (a
// sync client, a restore or a move may put another in its place, or delete
// it), and whether another program has changed it.
const watchInterval = 2 * time.Second

// watchTicks returns the ticks the window looks at its file on, and how to
// stop them. Tests replace it, and look with checkFile when they choose.
var watchTicks = func() (<-chan time.Time, func()) {
	t := time.NewTicker(watchInterval)
	return t.C, t.Stop
}

// watch looks at s's file on every tick until s ends, off the UI
// goroutine (see checkFile).
func (u *ui) watch(s *session) {
	ticks, stop := watchTicks()
	go func() {
		defer stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-ticks:
			}
			if !u.checkFile(s) {
				return
			}
		}
	}()
}

// checkFile looks once at s's file and hands what it finds to the UI
// goroutine: a file replaced or deleted to fileLost (storage has stopped
// writing into it and kept the researcher's work by then), changes another
// program committed to pickUpOutsideChanges. It reports whether to go on
// watching.
func (u *ui) checkFile(s *session) bool {
	// Changed waits while this window writes: a second is enough to learn
	// that, and the next tick asks again.
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	changed, err := s.db.Changed(ctx)
	cancel()
	var lost *storage.FileChangedError
	switch {
	case s.closed():
		return false
	case errors.As(err, &lost):
		fyne.Do(func() { u.fileLost(s, lost) })
		return false
	case changed:
		fyne.Do(func() {
			if u.proj == s {
				u.pickUpOutsideChanges()
			}
		})
	}
	foldLog(s)
	return true
}

// foldAfter is how long the project's write-ahead log must have been left
// alone before foldLog folds it into the file. Tests set it to zero.
var foldAfter = 1500 * time.Millisecond

// foldLog folds the write-ahead log into the project's file once the
// researcher has paused, so that the file alone holds the work saved so
// far: a copy taken with Git, a backup tool or a sync client that is not
// a team folder carries every edit, not the state of the last automatic
// checkpoint. A log another program holds open for reading cannot be
// folded; the next look tries again, and closing the project folds it.
func foldLog(s *session) {
	info, err := os.Stat(s.db.Path() + "-wal")
	if err != nil || info.Size() == 0 || time.Since(info.ModTime()) < foldAfter {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	defer cancel()
	if err := s.db.Checkpoint(ctx); err != nil {
		trace("fold-log %v", err)
	}
}

// pickUpOutsideChanges shows what another program (the command line, a
// second window, a sync client writing in place) saved into the project,
// without moving what the researcher is looking at: the open document, its
// scroll and selection, the passage in the inspector and the note being
// typed there stay as they are.
func (u *ui) pickUpOutsideChanges() {
	trace("outside-change")
	u.keepTyping = true
	defer func() { u.keepTyping = false }()
	u.refresh()
}

// fileChanged reports whether err says the project file was replaced or
// deleted, and if so hands it to fileLost: every path that shows an error
// goes through here, so a write refused for that reason is never shown as
// an ordinary failure.
func (u *ui) fileChanged(err error) bool {
	var lost *storage.FileChangedError
	if !errors.As(err, &lost) || u.proj == nil {
		return false
	}
	u.fileLost(u.proj, lost)
	return true
}
