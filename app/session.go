package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

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
	// scratch is a temporary folder for restore points (see restorePoint),
	// made when first needed and removed when the project closes.
	mu      sync.Mutex
	scratch string
	points  int

	team      *teamfolder.Watcher // the project's team folder, when watched
	teamShown func()              // refreshes the Team Folder dialog while it is open
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

// closed reports whether the project was closed.
func (s *session) closed() bool { return s.ctx.Err() != nil }
