package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's document service.

const documentColumns = `d.id, d.title, d.outlet, d.byline, d.published, d.url, d.source, d.sha256, d.length,
	a.name, d.created_at, d.updated_at, d.direction, d.memo, coalesce((SELECT ma.name FROM authors ma WHERE ma.id = d.memo_author_id), ''), coalesce(d.memo_updated_at, ''),
	(SELECT count(*) FROM passages p WHERE p.document_id = d.id AND p.deleted_at IS NULL)`

func scanDocument(row rowScanner, extra ...any) (*annotate.Document, error) {
	d := &annotate.Document{}
	var created, updated, memoUpdated string
	dest := append([]any{&d.ID, &d.Title, &d.Outlet, &d.Byline, &d.Published, &d.URL, &d.Source, &d.Hash, &d.Length,
		&d.Author, &created, &updated, &d.Direction, &d.Memo, &d.MemoAuthor, &memoUpdated, &d.Passages}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = parseTime(created), parseTime(updated)
	if memoUpdated != "" {
		d.MemoUpdatedAt = parseTime(memoUpdated)
	}
	return d, nil
}

// CreateDocument adds doc, filling in its ID, hash, length and times. A
// document with the same text already present is not added again: doc is
// filled in from it and created is false. The text must be normalized
// already (see export/ingest). A document deleted earlier with the same
// text comes back to life.
func (db *DB) CreateDocument(ctx context.Context, doc *annotate.Document) (bool, error) {
	return db.createDocument(ctx, doc, nil)
}

// createDocument is CreateDocument; also, when set, it runs within in the
// same transaction once the document's id is known (see ImportDocument).
func (db *DB) createDocument(ctx context.Context, doc *annotate.Document, within func(tx *Tx, id string) error) (bool, error) {
	if err := doc.Validate(); err != nil {
		return false, err
	}
	doc.Hash = annotate.HashText(doc.Text)
	doc.Length = utf8.RuneCountInString(doc.Text)
	doc.Memo = strings.TrimSpace(doc.Memo)
	if doc.ID != "" && !annotate.ValidID(doc.ID) {
		return false, annotate.Errorf(annotate.EINVALID, "document id %q is not a UUID", doc.ID)
	}
	var stored *annotate.Document // the document already holding the text
	var restored bool
	var now string
	id := doc.ID
	if id == "" {
		id = annotate.NewID()
	}
	err := db.write(ctx, func(tx *Tx) error {
		now = tx.now
		var existing string
		var deleted sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT id, deleted_at FROM documents WHERE sha256 = ?`, doc.Hash).Scan(&existing, &deleted)
		switch {
		case err == nil:
			if deleted.Valid {
				if _, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = NULL, updated_at = ? WHERE id = ?`, tx.now, existing); err != nil {
					return fmt.Errorf("restore document: %w", err)
				}
				if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = NULL WHERE document_id = ? AND deleted_at = ?`, existing, deleted.String); err != nil {
					return fmt.Errorf("restore passages: %w", err)
				}
			}
			stored, err = scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d JOIN authors a ON a.id = d.author_id WHERE d.id = ?`, existing))
			if err != nil {
				return fmt.Errorf("document %s: %w", existing, err)
			}
			restored = deleted.Valid
			if within != nil {
				return within(tx, existing)
			}
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("look up document: %w", err)
		}
		memoUpdated := ""
		if doc.Memo != "" {
			memoUpdated = tx.now
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO documents (id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, direction, memo, memo_author_id, memo_updated_at, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?14 = '' THEN NULL ELSE ?10 END, nullif(?, ''), ?)`,
			id, doc.Title, doc.Outlet, doc.Byline, doc.Published, doc.URL, doc.Source, doc.Hash, doc.Length, tx.authorID, tx.now, tx.now, doc.Direction, doc.Memo, memoUpdated, doc.Text)
		if isPrimaryKeyConflict(err) {
			return annotate.Errorf(annotate.ECONFLICT, "a document with id %s already exists", id)
		} else if err != nil {
			return fmt.Errorf("insert document %q: %w", doc.Title, err)
		}
		if err := tx.attributesFromMetadata(ctx, id, doc); err != nil {
			return err
		}
		if within != nil {
			return within(tx, id)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if stored != nil {
		text := doc.Text
		*doc = *stored
		doc.Text = text
		return restored, nil
	}
	doc.ID = id
	doc.Author = db.Author()
	doc.CreatedAt, doc.UpdatedAt = parseTime(now), parseTime(now)
	if doc.Memo != "" {
		doc.MemoUpdatedAt = parseTime(now)
	}
	doc.Passages = 0
	return true, nil
}

// Document returns one live document with its text.
func (db *DB) Document(ctx context.Context, id string) (*annotate.Document, error) {
	var text string
	var doc *annotate.Document
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		doc, err = scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+`, d.text
			FROM documents d JOIN authors a ON a.id = d.author_id WHERE d.id = ? AND d.deleted_at IS NULL`, id), &text)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "document %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	doc.Text = text
	return doc, nil
}

// FindDocument resolves a unique prefix of a live document's ID.
func (db *DB) FindDocument(ctx context.Context, prefix string) (*annotate.Document, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" || strings.Trim(prefix, "0123456789abcdef-") != "" {
		return nil, annotate.Errorf(annotate.EINVALID, "document id %q is not (a prefix of) a UUID", prefix)
	}
	var ids []string
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		ids, err = queryAll(ctx, tx, scanString, `SELECT id FROM documents WHERE deleted_at IS NULL AND substr(id, 1, ?) = ? LIMIT 3`, len(prefix), prefix)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find document: %w", err)
	}
	switch len(ids) {
	case 0:
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no document with id %s", prefix)
	case 1:
		return db.Document(ctx, ids[0])
	}
	return nil, annotate.Errorf(annotate.EINVALID, "document id %s is ambiguous: give more characters", prefix)
}

// Documents lists live documents by title, without their text.
func (db *DB) Documents(ctx context.Context, filter annotate.DocumentFilter) ([]*annotate.Document, error) {
	q := `SELECT ` + documentColumns + ` FROM documents d JOIN authors a ON a.id = d.author_id WHERE d.deleted_at IS NULL`
	var args []any
	var needle string // matched in Go: SQLite's lower() folds ASCII letters only
	if f := strings.TrimSpace(filter.Text); f != "" && isASCII(f) {
		q += ` AND (instr(lower(d.title), lower(?)) OR instr(lower(d.outlet), lower(?)) OR instr(lower(d.byline), lower(?)))`
		args = append(args, f, f, f)
	} else if f != "" {
		needle = foldCase(f)
	}
	q += ` ORDER BY d.title COLLATE NOCASE, d.id`
	var docs []*annotate.Document
	err := db.read(ctx, func(tx *sql.Tx) error {
		all, err := queryAll(ctx, tx, func(r rowScanner) (*annotate.Document, error) { return scanDocument(r) }, q, args...)
		for _, d := range all {
			if needle != "" && !strings.Contains(foldCase(d.Title), needle) && !strings.Contains(foldCase(d.Outlet), needle) &&
				!strings.Contains(foldCase(d.Byline), needle) {
				continue
			}
			docs = append(docs, d)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	if len(filter.Attributes) > 0 {
		return db.documentsMeeting(ctx, docs, filter.Attributes)
	}
	return docs, nil
}

// UpdateDocument changes a document's metadata.
func (db *DB) UpdateDocument(ctx context.Context, id string, upd annotate.DocumentUpdate) (*annotate.Document, error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "documents", id, "document"); err != nil {
			return err
		}
		for _, f := range []struct {
			col string
			v   *string
		}{{"title", upd.Title}, {"outlet", upd.Outlet}, {"byline", upd.Byline}, {"published", upd.Published}, {"url", upd.URL},
			{"direction", upd.Direction}} {
			if f.v == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET `+f.col+` = ?, updated_at = ? WHERE id = ?`, strings.TrimSpace(*f.v), tx.now, id); err != nil {
				return fmt.Errorf("update document %s %s: %w", id, f.col, err)
			}
		}
		// The memo has its own time: merges keep the memo written last
		// whoever changed the title meanwhile.
		if upd.Memo != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET memo = ?1, memo_updated_at = ?2, memo_author_id = ?4 WHERE id = ?3 AND memo != ?1`,
				strings.TrimSpace(*upd.Memo), tx.now, id, tx.authorID); err != nil {
				return fmt.Errorf("update document %s memo: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.documentByID(ctx, id)
}

// documentByID returns a document without its text, deleted or not.
func (db *DB) documentByID(ctx context.Context, id string) (*annotate.Document, error) {
	var d *annotate.Document
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		d, err = scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d JOIN authors a ON a.id = d.author_id WHERE d.id = ?`, id))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "document %s not found", id)
	}
	return d, err
}

// DeleteDocument tombstones a document and its live passages, all with the
// same time so RestoreDocument can bring exactly them back.
func (db *DB) DeleteDocument(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "documents", id, "document"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = ?, updated_at = ? WHERE document_id = ? AND deleted_at IS NULL`, tx.now, tx.now, id); err != nil {
			return fmt.Errorf("delete document %s passages: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id); err != nil {
			return fmt.Errorf("delete document %s: %w", id, err)
		}
		return nil
	})
}

// RestoreDocument undoes DeleteDocument: the document and the passages
// deleted with it come back.
func (db *DB) RestoreDocument(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		var deleted sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT deleted_at FROM documents WHERE id = ?`, id).Scan(&deleted)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "document %s not found", id)
		} else if err != nil {
			return fmt.Errorf("restore document %s: %w", id, err)
		}
		if !deleted.Valid {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = NULL, updated_at = ? WHERE document_id = ? AND deleted_at = ?`, tx.now, id, deleted.String); err != nil {
			return fmt.Errorf("restore document %s passages: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = NULL, updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return fmt.Errorf("restore document %s: %w", id, err)
		}
		return nil
	})
}

// isPrimaryKeyConflict reports whether err is an insert that clashed with a
// row, live or tombstoned, that already has the same id.
func isPrimaryKeyConflict(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// liveRow returns ENOTFOUND unless table has a live row with that id.
func (tx *Tx) liveRow(ctx context.Context, table, id, what string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ? AND deleted_at IS NULL`, id).Scan(&n); err != nil {
		return fmt.Errorf("look up %s %s: %w", what, id, err)
	}
	if n == 0 && table == "tags" {
		return missingCode(ctx, tx, id, what)
	} else if n == 0 {
		return annotate.Errorf(annotate.ENOTFOUND, "%s %s not found", what, id)
	}
	return nil
}
