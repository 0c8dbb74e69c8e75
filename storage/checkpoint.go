package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// Checkpoint folds the write-ahead log into the project's file while it
// stays open, so that the file alone holds every change saved so far: for
// a sync client or Git, which copy the file without its log, to carry the
// latest work. It writes nothing when the log is empty, and nothing into
// a file that replaced the project's (see Verify).
func (db *DB) Checkpoint(ctx context.Context) error {
	return db.withWriteConn(ctx, func(conn *sql.Conn) error {
		if !checkpoint(ctx, conn) {
			return fmt.Errorf("%s: the latest changes could not be folded into the file yet (another program is reading it, or the disk is full); they are kept in %s-wal", db.path, db.path)
		}
		return nil
	})
}
