package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"fyne.io/fyne/v2/dialog"

	"gloss/annotate"
	"gloss/app/teamfolder"
	"gloss/storage"
)

// session is a project open in the window: its file, this window's undo
// history of it, and a context that ends when the project closes, so that
// work still running on it (an import, say) stops instead of writing to a
// project the researcher has left.
type session struct {
	db     *storage.DB
	ed     *editor
	ctx    context.Context
	cancel context.CancelFunc
	lost   bool // its file was replaced or deleted (see fileLost)
	// recovered is the recovery copy of a lost project, open while the
	// window waits for the researcher to finish its dialogs before moving
	// there (see ui.moveToRecovered); nil otherwise.
	recovered *storage.DB
	// afterDialog, when set, runs each time one of the project's dialogs
	// closes.
	afterDialog func()
	lostAsk     dialog.Dialog // the question moveToRecovered asks, while shown
	moving      bool          // moveToRecovered is under way
	// scratch is a temporary folder for restore points (see restorePoint),
	// made when first needed and removed when the project closes.
	mu      sync.Mutex
	scratch string
	points  int

	team      *teamfolder.Watcher // the project's team folder, when watched
	teamShown func()              // refreshes the Team Folder dialog while it is open

	// dialogs are the dialogs open in the main window on the project (see
	// keep). They are shown and closed on the UI goroutine; the lock is for
	// the test driver, which runs fyne.Do on the goroutine that calls it.
	dmu     sync.Mutex
	dialogs []dialog.Dialog
}

func newSession(db *storage.DB) *session {
	ctx, cancel := context.WithCancel(context.Background())
	return &session{db: db, ed: newEditor(db), ctx: ctx, cancel: cancel}
}

// close ends the work running on the project, then closes it.
func (s *session) close() {
	s.cancel()
	if s.team != nil {
		s.team.Close() // waits for a merge under way
	}
	s.db.Close()
	if s.recovered != nil {
		s.recovered.Close()
		s.recovered = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scratch != "" {
		os.RemoveAll(s.scratch)
		s.scratch = ""
	}
}

// restorePoint saves the project as it is now in the session's scratch
// folder and returns the file, for undoing a change too large to undo
// row by row (a merge). It may run off the UI goroutine, one at a time.
func (s *session) restorePoint(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed() {
		return "", context.Canceled
	}
	if s.scratch == "" {
		dir, err := os.MkdirTemp("", "gloss-restore-")
		if err != nil {
			return "", err
		}
		s.scratch = dir
	}
	s.points++
	path := filepath.Join(s.scratch, fmt.Sprintf("point-%d.gloss", s.points))
	return path, s.db.Snapshot(ctx, path)
}

// context is the context work on the project runs on: the session's, or,
// for a nil s, one that never ends.
func (s *session) context() context.Context {
	if s == nil {
		return context.Background()
	}
	return s.ctx
}

// path is the project's file, "" for a nil s.
func (s *session) path() string {
	if s == nil {
		return ""
	}
	return s.db.Path()
}

// closed reports whether the project was closed; a nil s never is.
func (s *session) closed() bool { return s != nil && s.ctx.Err() != nil }

// closedWhy says why the project was closed under the work that ran on it.
func (s *session) closedWhy() string {
	if s.lost {
		return "its file was replaced or deleted"
	}
	return "another project was opened"
}

// orClosed returns err, or, when the project was closed while the work ran
// (another was opened, or its file was lost), an error that says what was
// not done and why, instead of the database's own "database is closed" or
// a cancellation. A nil s is a project that never closes.
func (s *session) orClosed(what string, err error) error {
	if err == nil || !s.closed() {
		return err
	}
	return s.closedFirst(what)
}

// closedFirst is the error for work on s not done because s closed first.
func (s *session) closedFirst(what string) error {
	return annotate.Errorf(annotate.ECONFLICT, "%s: %s was closed first (%s)", what, filepath.Base(s.db.Path()), s.closedWhy())
}

// keep makes d, just shown, one of the project's dialogs: when the project
// closes, d is dismissed as if cancelled, since what it would do was for
// this project. A dialog that edits the project (an editingDialog) stays
// kept when its save is refused and it is shown again (see reopen). It
// returns d; a nil s keeps nothing. Call it on the UI goroutine.
func (s *session) keep(d dialog.Dialog) dialog.Dialog {
	if s == nil || d == nil {
		return d
	}
	if s.closed() {
		// Opened on a project closed since (a file chosen in a native
		// dialog, say): it goes at once.
		d.Hide()
		return d
	}
	e, _ := d.(*editingDialog)
	if e != nil {
		e.proj = s
	}
	s.dmu.Lock()
	s.dialogs = append(s.dialogs, d)
	s.dmu.Unlock()
	d.SetOnClosed(func() {
		s.dmu.Lock()
		if e != nil && e.reshown {
			// Shown again, its save refused (see editingDialog.reopen):
			// it is still open.
			e.reshown = false
			s.dmu.Unlock()
			return
		}
		if i := slices.Index(s.dialogs, d); i >= 0 {
			s.dialogs = slices.Delete(s.dialogs, i, i+1)
		}
		s.dmu.Unlock()
		if s.afterDialog != nil {
			s.afterDialog()
		}
	})
	return d
}

// dismissDialogs dismisses the project's dialogs still open, newest first.
func (s *session) dismissDialogs() {
	for {
		s.dmu.Lock()
		n := len(s.dialogs)
		if n == 0 {
			s.dmu.Unlock()
			return
		}
		d := s.dialogs[n-1]
		s.dialogs = s.dialogs[:n-1]
		s.dmu.Unlock()
		d.Hide()
	}
}

// openDialogs is how many of the project's dialogs are open.
func (s *session) openDialogs() int {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	return len(s.dialogs)
}
