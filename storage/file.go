package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileChangedError says that the file at a project's path is no longer the
// file Gloss opened: a sync client, a restore from backup or a move put
// another file in its place, or it was deleted. Once that is seen (before
// every write, by Verify, and on Close), Gloss writes nothing more into
// it: the researcher's work, every change included, is copied to Recovery
// beside it, and the project's write-ahead log is emptied into the file
// Gloss had open, so that the log can never be applied to the new file.
// The DB is then closed; every later call returns this error.
type FileChangedError struct {
	Path     string
	Deleted  bool   // nothing is at Path any more; else another file is
	Recovery string // the recovery copy; "" when it could not be written (see Err)
	Err      error  // why the recovery copy could not be written
}

func (e *FileChangedError) Error() string {
	what := "was replaced by another file (a sync client, a restore or a move)"
	if e.Deleted {
		what = "was deleted or moved away"
	}
	s := fmt.Sprintf("%s %s while Gloss had it open: nothing more is saved into it", e.Path, what)
	if e.Recovery != "" {
		return s + "; your work, with every change, is in " + e.Recovery
	}
	return fmt.Sprintf("%s, and a copy of your work could not be written (%v)", s, e.Err)
}

// fileMoved is what sameFile finds: the project's path names another file
// or none.
type fileMoved struct{ deleted bool }

func (e *fileMoved) Error() string {
	if e.deleted {
		return "the project file was deleted or moved away"
	}
	return "the project file was replaced by another file"
}

// sameFile returns nil while the file at the project's path is the one
// Gloss opened: the *FileChangedError once that has been handled, a
// *fileMoved when it is seen now.
func (db *DB) sameFile() error {
	db.mu.Lock()
	gone := db.gone
	db.mu.Unlock()
	if gone != nil {
		return gone
	}
	id, err := statID(db.path)
	if err == nil && id == db.id {
		return nil
	}
	return &fileMoved{deleted: err != nil}
}

// Verify checks that the file at the project's path is still the file Gloss
// opened, and returns nil when it is. When it is not, it stops every
// further write, keeps the researcher's work and returns the
// *FileChangedError that says where (see FileChangedError). Every write
// calls it first; the app calls it on a timer too, so that a replaced
// file is noticed while the researcher is only reading.
func (db *DB) Verify(ctx context.Context) error {
	err := db.sameFile()
	if err == nil {
		return nil
	}
	var gone *FileChangedError
	if errors.As(err, &gone) {
		return gone
	}
	// Every connection of the pool was opened on the file Gloss opened:
	// connector refuses any other, so conn is one of them or an error.
	conn, cerr := db.db.Conn(ctx)
	if cerr != nil {
		conn = nil
	} else {
		defer conn.Close()
	}
	return db.lose(ctx, conn, err)
}

// lose handles the file having changed under the project: it records the
// fact (every later write and Verify returns it), copies the project as
// this connection sees it beside the path, empties the write-ahead log into
// the file Gloss had open and closes the project. conn is the write
// connection, nil when none could be had.
func (db *DB) lose(ctx context.Context, conn *sql.Conn, cause error) error {
	db.mu.Lock()
	if db.gone != nil {
		db.mu.Unlock()
		return db.gone
	}
	var moved *fileMoved
	e := &FileChangedError{Path: db.path, Deleted: errors.As(cause, &moved) && moved.deleted}
	db.gone = e
	db.mu.Unlock()
	if conn == nil {
		e.Err = errors.New("the project's connection was lost")
	} else {
		e.Recovery, e.Err = db.writeRecovery(ctx, conn)
		// The log beside the path holds changes of the file Gloss had open:
		// fold them into that file (wherever it now is, or unlinked), so
		// that the log left beside the new file is empty. Readers of this
		// process may hold it for a moment; ask a few times.
		for i := 0; i < 5 && !checkpoint(ctx, conn); i++ {
		}
	}
	db.closePools()
	if e.Deleted {
		// Nothing is at the path: an empty log and the shared-memory index
		// beside it are ours alone, left because SQLite does not remove
		// them for a file that has moved.
		if info, err := os.Stat(db.path + "-wal"); err == nil && info.Size() == 0 && !exists(db.path) {
			os.Remove(db.path + "-wal")
			os.Remove(db.path + "-shm")
		}
	}
	return e
}

// writeRecovery copies the project, as Gloss has it, to a new file beside
// its path (or, when that folder cannot be written, in the home folder),
// named after it: "Summit (recovered 2021-06-16 12-00-00).gloss".
func (db *DB) writeRecovery(ctx context.Context, conn *sql.Conn) (string, error) {
	base := strings.TrimSuffix(filepath.Base(db.path), filepath.Ext(db.path))
	stamp := time.Now().Format("2006-01-02 15-04-05")
	dirs := []string{filepath.Dir(db.path)}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, home)
	}
	var firstErr error
	for _, dir := range dirs {
		name := filepath.Join(dir, fmt.Sprintf("%s (recovered %s).gloss", base, stamp))
		for i := 2; exists(name); i++ {
			name = filepath.Join(dir, fmt.Sprintf("%s (recovered %s) %d.gloss", base, stamp, i))
		}
		_, err := conn.ExecContext(ctx, "VACUUM INTO ?", name)
		if err == nil {
			if err = syncFile(name); err == nil {
				return name, nil
			}
		}
		os.Remove(name)
		if firstErr == nil {
			firstErr = notWritten(name, describeSQLiteError(err))
		}
	}
	return "", firstErr
}

// closePools closes the connection pools; idempotent.
func (db *DB) closePools() error {
	db.mu.Lock()
	if db.poolsClosed {
		db.mu.Unlock()
		return nil
	}
	db.poolsClosed = true
	db.mu.Unlock()
	db.textWarm.stop()
	return errors.Join(db.tdb.Close(), db.rdb.Close(), db.db.Close())
}

// Close closes the project. The file is checked first (see Verify): a file
// replaced or deleted meanwhile is left as it is and the researcher's work
// recovered beside it, and Close returns nil (Verify's error having been,
// or being, reported). Otherwise the write-ahead log is folded into the
// file, so that the file alone is the whole project, and the file is
// recorded as written by this machine (see trust.go), so reopening it
// unchanged skips the full checks.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	db.mu.Unlock()
	defer func() {
		if db.cleanup != nil {
			db.cleanup()
		}
	}()
	ctx := context.Background()
	if db.readOnly == nil {
		if err := db.Verify(ctx); err != nil {
			return nil
		}
		// Folded now, the log is empty even if the file is replaced in the
		// instant before the connections close.
		if conn, err := db.db.Conn(ctx); err == nil {
			checkpoint(ctx, conn)
			conn.Close()
		}
	}
	err := db.closePools()
	if err == nil && db.trustOnClose && db.readOnly == nil {
		trust(db.path)
	}
	return err
}

// Changed reports whether another program (the CLI, a second window, a
// sync client writing in place) has committed changes to the project since
// the last call; the first call only starts counting. It reads PRAGMA
// data_version on the write connection, which moves with every commit but
// its own, and every write of this process goes through it. It waits while
// this process is writing: give it a context with a short deadline.
func (db *DB) Changed(ctx context.Context) (bool, error) {
	if err := db.Verify(ctx); err != nil {
		return false, err
	}
	var v int64
	if err := db.db.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return false, err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	changed := db.dataVersion != 0 && v != db.dataVersion
	db.dataVersion = v
	return changed, nil
}

// readOnlyReason returns, as the refusal of every change, why the project
// at path cannot be written; nil when it can. Gloss writes the file and
// creates its write-ahead log beside it.
func readOnlyReason(path string) error {
	what := ""
	if !canWrite(path) {
		what = "the file " + path + " is read-only"
	} else if dir := filepath.Dir(path); !canWrite(dir) {
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		what = "the folder " + dir + " is read-only"
	} else {
		return nil
	}
	return fmt.Errorf("cannot save changes: %s; copy the project to a folder you can write to and open it there", what)
}

// OpenReading opens a project for reading only: it is checked as Open
// checks it, never written (a file of an older schema is read through an
// upgraded copy in a temporary folder), and every change is refused.
func OpenReading(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	version, err := inspect(path, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	reason := readOnlyReason(path)
	if reason == nil {
		reason = errors.New("cannot save changes: the project was opened for reading only")
	}
	return openReadOnlyProject(path, version, reason)
}

// openReadOnlyProject opens a project that cannot be written, for reading
// only: the file as it is when it is at this Gloss's schema version, else
// an upgraded copy in a temporary folder (Path still names the file).
func openReadOnlyProject(path string, version int, reason error) (*DB, error) {
	if version == SchemaVersion() {
		db, err := open(path, reason, readParams(path))
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	dir, err := os.MkdirTemp("", "gloss-read-only-")
	if err != nil {
		if diskFull(err) {
			err = fmt.Errorf("copy for upgrade: %w", notWritten(os.TempDir(), err))
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cp, err := upgradedCopy(context.Background(), path, version, filepath.Join(dir, filepath.Base(path)))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	cp.readOnly, cp.shown = reason, path
	cp.cleanup = func() { os.RemoveAll(dir) }
	return cp, nil
}

// upgradedCopy copies the file at path, of schema version, to out and
// brings the copy up to this Gloss's schema; the original is only read.
// When out's disk is full, the error says so, naming out (see
// notWritten): the folder it is in says which disk to free.
func upgradedCopy(ctx context.Context, path string, version int, out string) (*DB, error) {
	conn, err := openReading(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	err = vacuumInto(ctx, conn.Conn, out)
	conn.Close()
	if diskFull(err) {
		return nil, fmt.Errorf("%s: copy for upgrade: %w", path, notWritten(out, err))
	} else if err != nil {
		return nil, fmt.Errorf("%s: copy for upgrade: %w", path, describeSQLiteError(err))
	}
	up, err := open(out, nil, "")
	if diskFull(err) {
		return nil, fmt.Errorf("%s: copy for upgrade: %w", path, notWritten(out, err))
	} else if err != nil {
		return nil, err
	}
	if err := up.migrate(ctx, false); err != nil {
		up.Close()
		return nil, fmt.Errorf("%s: upgrade a copy from schema %d: %w", path, version, onFullDisk(out, err))
	}
	return up, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}
