package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
)

// SetCodeMemo sets a live tag's memo, its long form beside the one-line
// description; "" clears it. The memo has its own author and time: a
// merge keeps the one written last whatever else changed on the code.
func (db *DB) SetCodeMemo(ctx context.Context, tagID, text string) error {
	if err := annotate.ValidMemo(text); err != nil {
		return err
	}
	return db.write(ctx, func(tx *Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT memo FROM tags WHERE id = ? AND deleted_at IS NULL`, tagID).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return missingCode(ctx, tx, tagID, "code")
		} else if err != nil {
			return fmt.Errorf("code memo: %w", err)
		}
		if old == text {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tags SET memo = ?, memo_author_id = ?, memo_updated_at = ? WHERE id = ?`,
			text, tx.authorID, tx.now, tagID); err != nil {
			return fmt.Errorf("code memo: %w", err)
		}
		return nil
	})
}

// CodeMemo returns a live tag's memo ("" for none), with who wrote it.
func (db *DB) CodeMemo(ctx context.Context, tagID string) (*annotate.Memo, error) {
	var m *annotate.Memo
	err := db.read(ctx, func(tx *sql.Tx) error {
		var author sql.NullString
		var updated sql.NullString
		m = &annotate.Memo{Kind: annotate.MemoCode, ID: tagID}
		err := tx.QueryRowContext(ctx, `SELECT t.name, t.memo, a.name, t.memo_updated_at FROM tags t
			LEFT JOIN authors a ON a.id = t.memo_author_id WHERE t.id = ? AND t.deleted_at IS NULL`, tagID).
			Scan(&m.Subject, &m.Text, &author, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return missingCode(ctx, tx, tagID, "code")
		} else if err != nil {
			return err
		}
		m.Author, m.UpdatedAt = author.String, parseTime(updated.String)
		return nil
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("code memo: %w", err)
	}
	return m, nil
}

// CreateJournalEntry adds an entry to the project journal, dated today
// when its date is empty.
func (db *DB) CreateJournalEntry(ctx context.Context, e *annotate.JournalEntry) error {
	if e.ID == "" {
		e.ID = annotate.NewID()
	} else if !annotate.ValidID(e.ID) {
		return annotate.Errorf(annotate.EINVALID, "journal entry: %q is not an ID", e.ID)
	}
	var now string
	err := db.write(ctx, func(tx *Tx) error {
		now = tx.now
		if e.Date == "" {
			e.Date = tx.now[:10]
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO journal (id, entry_date, title, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.Date, e.Title, e.Text, tx.authorID, tx.now, tx.now); err != nil {
			if isPrimaryKeyConflict(err) {
				return annotate.Errorf(annotate.ECONFLICT, "journal entry %s already exists", e.ID)
			}
			return fmt.Errorf("journal entry: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	e.Author = db.Author()
	e.CreatedAt, e.UpdatedAt = parseTime(now), parseTime(now)
	return nil
}

const journalColumns = `j.id, j.entry_date, j.title, j.body, a.name, j.created_at, j.updated_at`

func scanJournal(row rowScanner) (*annotate.JournalEntry, error) {
	e := &annotate.JournalEntry{}
	var created, updated string
	if err := row.Scan(&e.ID, &e.Date, &e.Title, &e.Text, &e.Author, &created, &updated); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = parseTime(created), parseTime(updated)
	return e, nil
}

// JournalEntry returns one live entry, or ENOTFOUND.
func (db *DB) JournalEntry(ctx context.Context, id string) (*annotate.JournalEntry, error) {
	var e *annotate.JournalEntry
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = scanJournal(tx.QueryRowContext(ctx, `SELECT `+journalColumns+` FROM journal j JOIN authors a ON a.id = j.author_id
			WHERE j.id = ? AND j.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "journal entry %s not found", id)
		}
		return err
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("journal entry %s: %w", id, err)
	}
	return e, nil
}

// JournalEntries lists the live entries, newest date first.
func (db *DB) JournalEntries(ctx context.Context) ([]*annotate.JournalEntry, error) {
	var es []*annotate.JournalEntry
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		es, err = queryAll(ctx, tx, scanJournal, `SELECT `+journalColumns+` FROM journal j JOIN authors a ON a.id = j.author_id
			WHERE j.deleted_at IS NULL ORDER BY j.entry_date DESC, j.created_at DESC, j.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return es, nil
}

// UpdateJournalEntry changes a live entry's date, title and text.
func (db *DB) UpdateJournalEntry(ctx context.Context, e *annotate.JournalEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	var now string
	changed := false
	err := db.write(ctx, func(tx *Tx) error {
		now = tx.now
		var date, title, body string
		err := tx.QueryRowContext(ctx, `SELECT entry_date, title, body FROM journal WHERE id = ? AND deleted_at IS NULL`, e.ID).Scan(&date, &title, &body)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "journal entry %s not found", e.ID)
		} else if err != nil {
			return fmt.Errorf("journal entry: %w", err)
		}
		if date == e.Date && title == e.Title && body == e.Text {
			return nil
		}
		changed = true
		if _, err := tx.ExecContext(ctx, `UPDATE journal SET entry_date = ?, title = ?, body = ?, author_id = ?, updated_at = ? WHERE id = ?`,
			e.Date, e.Title, e.Text, tx.authorID, tx.now, e.ID); err != nil {
			return fmt.Errorf("journal entry: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if changed {
		e.Author, e.UpdatedAt = db.Author(), parseTime(now)
	}
	return nil
}

// DeleteJournalEntry tombstones an entry.
func (db *DB) DeleteJournalEntry(ctx context.Context, id string) error {
	return db.setJournalDeleted(ctx, id, true)
}

// RestoreJournalEntry brings back a deleted entry (undo).
func (db *DB) RestoreJournalEntry(ctx context.Context, id string) error {
	return db.setJournalDeleted(ctx, id, false)
}

func (db *DB) setJournalDeleted(ctx context.Context, id string, deleted bool) error {
	return db.write(ctx, func(tx *Tx) error {
		q := `UPDATE journal SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3 AND deleted_at IS NULL`
		if !deleted {
			q = `UPDATE journal SET deleted_at = NULL, updated_at = ?1, author_id = ?2 WHERE id = ?3 AND deleted_at IS NOT NULL`
		}
		res, err := tx.ExecContext(ctx, q, tx.now, tx.authorID, id)
		if err != nil {
			return fmt.Errorf("journal entry %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "journal entry %s not found", id)
		}
		return nil
	})
}

// Memos lists the memos matching f: journal entries newest first, then
// code memos in codebook order, then document memos by title. Empty memos
// are not listed.
func (db *DB) Memos(ctx context.Context, f annotate.MemoFilter) ([]*annotate.Memo, error) {
	want := func(kind string) bool {
		if len(f.Kinds) == 0 {
			return true
		}
		for _, k := range f.Kinds {
			if k == kind {
				return true
			}
		}
		return false
	}
	needle := foldCase(strings.TrimSpace(f.Text))
	byAuthor := map[string]bool{}
	for _, a := range f.Authors {
		byAuthor[a] = true
	}
	keep := func(m *annotate.Memo) bool {
		if len(byAuthor) > 0 && !byAuthor[m.Author] {
			return false
		}
		return needle == "" || strings.Contains(foldCase(m.Text), needle) || strings.Contains(foldCase(m.Subject), needle)
	}
	var out []*annotate.Memo
	err := db.read(ctx, func(tx *sql.Tx) error {
		if want(annotate.MemoJournal) {
			rows, err := tx.QueryContext(ctx, `SELECT `+journalColumns+` FROM journal j JOIN authors a ON a.id = j.author_id
				WHERE j.deleted_at IS NULL ORDER BY j.entry_date DESC, j.created_at DESC, j.id`)
			if err != nil {
				return err
			}
			for rows.Next() {
				e, err := scanJournal(rows)
				if err != nil {
					rows.Close()
					return err
				}
				m := &annotate.Memo{Kind: annotate.MemoJournal, ID: e.ID, Subject: e.Title, Date: e.Date, Text: e.Text,
					Author: e.Author, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
				if keep(m) {
					out = append(out, m)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		// Code and document memos: id, subject, text, author, time.
		memos := func(kind, query string) error {
			if !want(kind) {
				return nil
			}
			rows, err := tx.QueryContext(ctx, query)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				m := &annotate.Memo{Kind: kind}
				var updated string
				if err := rows.Scan(&m.ID, &m.Subject, &m.Text, &m.Author, &updated); err != nil {
					return err
				}
				m.UpdatedAt = parseTime(updated)
				if keep(m) {
					out = append(out, m)
				}
			}
			return rows.Err()
		}
		if err := memos(annotate.MemoCode, `SELECT t.id, t.name, t.memo, coalesce(a.name, ''), coalesce(t.memo_updated_at, '') FROM tags t
			LEFT JOIN authors a ON a.id = t.memo_author_id
			WHERE t.deleted_at IS NULL AND t.memo != '' ORDER BY t.sort_order, t.name COLLATE NOCASE`); err != nil {
			return err
		}
		if err := memos(annotate.MemoDocument, `SELECT d.id, d.title, d.memo, coalesce(a.name, ''), coalesce(d.memo_updated_at, '') FROM documents d
			LEFT JOIN authors a ON a.id = d.memo_author_id
			WHERE d.deleted_at IS NULL AND d.memo != '' ORDER BY d.title COLLATE NOCASE, d.id`); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memos: %w", err)
	}
	return out, nil
}
