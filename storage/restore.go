package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
)

// Snapshot writes the project as of its last commit to the new file out:
// a restore point that Restore can bring back, e.g. before a merge. Writes
// go on meanwhile; they are not in the snapshot.
func (db *DB) Snapshot(ctx context.Context, out string) error {
	if _, err := os.Lstat(out); err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "%s: file already exists", out)
	}
	if err := db.vacuumInto(ctx, out); err != nil {
		return notWritten(out, err)
	}
	if err := syncFile(out); err != nil {
		removeProject(out)
		return notWritten(out, err)
	}
	return nil
}

// Restore makes the project exactly what the project in the file from
// holds (a Snapshot, usually), in one step: everything in it is replaced,
// nothing is merged. The file from is checked as Open checks a file first
// and must be at this Gloss's schema version; it is only read. The project
// stays the same file, open, with the same connections, so other programs
// reading it see the change as one commit.
func (db *DB) Restore(ctx context.Context, from string) error {
	version, err := Inspect(from)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	if version != SchemaVersion() {
		return annotate.Errorf(annotate.EINVALID, "%s: schema version %d, want %d", from, version, SchemaVersion())
	}
	return db.withWriteConn(ctx, func(conn *sql.Conn) error {
		err := conn.Raw(func(dc any) error {
			dst, ok := dc.(*sqlite3.SQLiteConn)
			if !ok {
				return errors.New("restore: not an SQLite connection")
			}
			sc, err := glossDriver.Open("file:" + escapePath(from) + "?mode=ro&immutable=1")
			if err != nil {
				return describeSQLiteError(err)
			}
			src := sc.(*sqlite3.SQLiteConn)
			defer src.Close()
			// The backup copies every page in one write transaction on
			// ours: readers see the project before or after, never between.
			b, err := dst.Backup("main", src, "main")
			if err != nil {
				return err
			}
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
		if err != nil {
			return db.failed(ctx, conn, fmt.Errorf("restore %s: %w", filepath.Base(from), err))
		}
		return nil
	})
}

// PreviewMerge says what Merge(ctx, path) would change in the project,
// without changing it: the merge runs on a copy of the project in a
// temporary folder, which is then removed.
func (db *DB) PreviewMerge(ctx context.Context, path string) (*MergeReport, error) {
	if a, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	} else if b, err := os.Stat(db.path); err == nil && os.SameFile(a, b) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: cannot merge a project with itself", path)
	}
	dir, err := os.MkdirTemp("", "gloss-preview-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, filepath.Base(db.path))
	// A full disk is the temporary folder's, where the copy is.
	if err := db.vacuumInto(ctx, cp); err != nil {
		return nil, fmt.Errorf("preview the merge: %w", notWritten(cp, err))
	}
	c, err := open(cp, nil, "")
	if err != nil {
		return nil, fmt.Errorf("preview the merge: %w", onFullDisk(cp, err))
	}
	defer c.Close()
	c.SetAuthor(db.Author())
	c.Now = db.Now
	rep, err := c.Merge(ctx, path)
	if diskFull(err) {
		return nil, fmt.Errorf("preview the merge: %w", notWritten(cp, err))
	}
	if err != nil {
		return nil, err
	}
	rep.File = path
	return rep, nil
}
