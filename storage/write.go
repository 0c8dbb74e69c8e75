package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
)

// maxLockWait is how long a write waits for another program's write to
// the same file (the CLI, a second window) to end before giving up. Gloss's
// own writes hold the lock for well under a second each.
const maxLockWait = 2 * time.Minute

// Tx is a write transaction stamped with one author and one time.
type Tx struct {
	*sql.Tx
	db       *DB
	now      string
	authorID int64
}

// write runs fn in a write transaction stamped with the researcher's name
// and the time, and commits it: every change fn makes is saved, or, when it
// or the commit fails, none is. The author must be set.
//
// It is the one door for changes to the project. Before it opens a
// transaction, and again before it commits, it checks that the file at
// the project's path is still the file Gloss opened (see Verify), so that
// nothing is ever written into a file that replaced it. It waits its turn
// behind other programs' writes to the file (see maxLockWait), and turns
// a full disk or a read-only file into a message that says what to do.
func (db *DB) write(ctx context.Context, fn func(tx *Tx) error) error {
	author := db.Author()
	if author == "" {
		return annotate.Errorf(annotate.EINVALID, "no author name set: every change is stamped with one")
	}
	return db.writeTx(ctx, func(t *sql.Tx) error {
		tx := &Tx{Tx: t, db: db, now: db.now()}
		id, err := authorID(ctx, t, author, tx.now)
		if err != nil {
			return err
		}
		tx.authorID = id
		return fn(tx)
	})
}

// writeTx is write for changes that are not stamped with an author:
// migrations, and rebuilding what triggers maintain.
func (db *DB) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.withWriteConn(ctx, func(conn *sql.Conn) error {
		return db.inTx(ctx, conn, fn)
	})
}

// withWriteConn runs fn on the write connection once the project is known
// to be writable and still the file Gloss opened. Every change goes through
// it (edits, merges, restores), so after one the text index, once used, is
// read anew in the background (see textWarmer).
func (db *DB) withWriteConn(ctx context.Context, fn func(conn *sql.Conn) error) error {
	if db.readOnly != nil {
		return db.readOnly
	}
	if err := db.Verify(ctx); err != nil {
		return err
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return db.failed(ctx, nil, err)
	}
	err = fn(conn)
	conn.Close()
	if err == nil {
		db.warmTextIndex()
	}
	return err
}

// inTx runs fn in a write transaction on conn and commits it.
func (db *DB) inTx(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	tx, err := beginOn(ctx, conn)
	if err != nil {
		return db.failed(ctx, conn, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.failed(ctx, conn, err)
	}
	// The file may have been replaced while fn ran: then nothing is
	// committed into the write-ahead log, which now stands beside the
	// other file.
	if err := db.sameFile(); err != nil {
		tx.Rollback()
		return db.lose(ctx, conn, err)
	}
	if err := tx.Commit(); err != nil {
		tx.Rollback()
		return db.failed(ctx, conn, err)
	}
	return nil
}

// beginOn starts a write transaction (BEGIN IMMEDIATE) on conn, asking
// again while another program holds the lock, for up to maxLockWait.
// Each attempt waits a second in SQLite's busy handler.
func beginOn(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	deadline := time.Now().Add(maxLockWait)
	for {
		tx, err := conn.BeginTx(ctx, nil)
		if err == nil || !isBusy(err) || ctx.Err() != nil || time.Now().After(deadline) {
			return tx, err
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// sqliteCode returns the SQLite result code in err's chain, 0 if none.
func sqliteCode(err error) sqlite3.ErrNo {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// sqliteFull reports whether err is SQLite's for a disk with no room: its
// full disk, or an I/O error whose system error is a full disk or a used
// up quota (as a write of its log or shared memory index reports it).
func sqliteFull(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrIoErr && se.SystemErrno != 0 && annotate.DiskFull(se.SystemErrno)
}

// failed turns the error of a write that did not happen into one that
// says what to do. The transaction has been rolled back. After a full
// disk, what was saved before is folded from the write-ahead log into the
// file when there is room, so that the file alone holds it.
func (db *DB) failed(ctx context.Context, conn *sql.Conn, err error) error {
	var done *worded
	if errors.As(err, &done) {
		return err
	}
	if sqliteFull(err) {
		where := "Everything saved before it is in " + db.path + "."
		if conn == nil || !checkpoint(ctx, conn) {
			where = fmt.Sprintf("Everything saved before it is in %s together with %s: keep the two files together (a copy of one without the other lacks the latest changes) until Gloss has saved again.",
				filepath.Base(db.path), filepath.Base(db.path)+"-wal")
		}
		return &worded{err: err, msg: fmt.Sprintf("the disk is full: this change was not saved. %s Free some space on the disk, then make the change again", where)}
	}
	switch sqliteCode(err) {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("%s is being written by another program and has been for over %s: try again when it has finished", db.path, maxLockWait)
	case sqlite3.ErrReadonly, sqlite3.ErrPerm:
		return fmt.Errorf("cannot save changes to %s: the file or its folder has become read-only", db.path)
	case sqlite3.ErrIoErr:
		return fmt.Errorf("cannot save changes to %s: the disk reports an error (%v); everything saved before is kept", db.path, err)
	}
	return err
}

// worded is failed's message for a full disk, wrapping SQLite's error so
// that a copy being written can tell its full disk (see notWritten), as
// can annotate.DiskFull.
type worded struct {
	err error
	msg string
}

func (e *worded) Error() string { return e.msg }
func (e *worded) Unwrap() error { return e.err }

// Is makes the message a full disk to annotate.DiskFull.
func (e *worded) Is(target error) bool { return target == syscall.ENOSPC }

// notWritten is the error of a file SQLite wrote other than the project
// (a copy, a restore point, a new project, a backup): on a full disk,
// annotate.NotWritten's message for path; otherwise err, named by path.
func notWritten(path string, err error) error {
	if sqliteFull(err) {
		return annotate.NotWritten(path, fmt.Errorf("%w (%w)", syscall.ENOSPC, err))
	}
	if annotate.DiskFull(err) {
		return annotate.NotWritten(path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// onFullDisk is err, or notWritten's message for path when err is a full
// disk.
func onFullDisk(path string, err error) error {
	if diskFull(err) {
		return notWritten(path, err)
	}
	return err
}

// diskFull reports whether err is SQLite's or the system's full disk.
func diskFull(err error) bool {
	return sqliteFull(err) || annotate.DiskFull(err)
}

// checkpoint folds the write-ahead log into the file and empties it;
// false when it could not (no room, or another program reading).
func checkpoint(ctx context.Context, conn *sql.Conn) bool {
	var busy, logged, done int
	err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &done)
	return err == nil && busy == 0
}

// authorID returns the id of the named author, adding the name if new.
func authorID(ctx context.Context, tx *sql.Tx, name, now string) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO authors (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, now); err != nil {
		return 0, fmt.Errorf("author %q: %w", name, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM authors WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("author %q: %w", name, err)
	}
	return id, nil
}

// describeSQLiteError turns SQLite's errors about the file itself into
// sentences a researcher can act on.
func describeSQLiteError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return errors.New("not a Gloss project (not an SQLite database)")
		case sqlite3.ErrCorrupt:
			return errors.New("the file is damaged (SQLite reports corruption)")
		case sqlite3.ErrCantOpen:
			return errors.New("cannot open the file")
		case sqlite3.ErrReadonly, sqlite3.ErrPerm:
			return errors.New("the file is read-only")
		}
	}
	return err
}
