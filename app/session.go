package app

import (
	"context"

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
}

// closed reports whether the project was closed.
func (s *session) closed() bool { return s.ctx.Err() != nil }
