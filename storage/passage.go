package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's passage service.
var _ annotate.PassageService = (*DB)(nil)

const passageColumns = `p.id, p.document_id, p.start_offset, p.end_offset, p.quote, p.prefix, p.suffix, p.provenance,
	p.author_id, p.created_at, p.updated_at`

const passageFrom = ` FROM passages p JOIN documents d ON d.id = p.document_id`

// liveTagsQuery selects the live tags of passages, in the order applied.
const liveTagsQuery = `SELECT pt.passage_id, pt.tag_id FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
	WHERE pt.deleted_at IS NULL AND t.deleted_at IS NULL`

// liveNotesQuery selects the live notes of passages.
const liveNotesQuery = `SELECT n.passage_id, n.id, n.body, n.author_id, n.created_at, n.updated_at FROM notes n
	WHERE n.deleted_at IS NULL`

// passageReader turns rows into passages. It reads the few columns a
// listing needs per row and fills in author names, tags and notes from
// separate queries, which is much cheaper than joining them row by row.
type passageReader struct {
	authors map[int64]string
	byID    map[string]*annotate.Passage
}

func newPassageReader(ctx context.Context, q querier) (*passageReader, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM authors`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r := &passageReader{authors: map[int64]string{}, byID: map[string]*annotate.Passage{}}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		r.authors[id] = name
	}
	return r, rows.Err()
}

// scan reads one row of passageColumns.
func (r *passageReader) scan(row interface{ Scan(...any) error }) (*annotate.Passage, error) {
	p := &annotate.Passage{}
	var created, updated string
	var author int64
	if err := row.Scan(&p.ID, &p.DocumentID, &p.Start, &p.End, &p.Quote, &p.Prefix, &p.Suffix, &p.Provenance,
		&author, &created, &updated); err != nil {
		return nil, err
	}
	p.Author = r.authors[author]
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	r.byID[p.ID] = p
	return p, nil
}

// fill adds tags and notes to the passages read so far. where narrows both
// queries; "{id}" in it stands for the passage ID column.
func (r *passageReader) fill(ctx context.Context, q querier, where string, args ...any) error {
	if len(r.byID) == 0 {
		return nil
	}
	tq, nq := liveTagsQuery, liveNotesQuery
	if where != "" {
		tq += " AND " + strings.ReplaceAll(where, "{id}", "pt.passage_id")
		nq += " AND " + strings.ReplaceAll(where, "{id}", "n.passage_id")
	}
	rows, err := q.QueryContext(ctx, tq+` ORDER BY pt.created_at, pt.tag_id`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var pid, tid string
		if err := rows.Scan(&pid, &tid); err != nil {
			rows.Close()
			return err
		}
		if p := r.byID[pid]; p != nil {
			p.Tags = append(p.Tags, tid)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, nq, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, created, updated string
		var n annotate.Note
		var author int64
		if err := rows.Scan(&pid, &n.ID, &n.Text, &author, &created, &updated); err != nil {
			return err
		}
		if p := r.byID[pid]; p != nil {
			n.Author = r.authors[author]
			n.CreatedAt, n.UpdatedAt = parseTime(created), parseTime(updated)
			p.Note = n
		}
	}
	return rows.Err()
}

// CreatePassage adds a passage with its tags and note. The quote must match
// the document's text at [Start, End); Prefix and Suffix are filled in from
// the text when empty.
func (db *DB) CreatePassage(ctx context.Context, p *annotate.Passage) error {
	return db.CreatePassages(ctx, []*annotate.Passage{p})
}

// CreatePassages adds several passages in one transaction: all of them or,
// on the first error, none.
func (db *DB) CreatePassages(ctx context.Context, ps []*annotate.Passage) error {
	for _, p := range ps {
		if p.ID == "" {
			p.ID = annotate.NewID()
		} else if !annotate.ValidID(p.ID) {
			return annotate.Errorf(annotate.EINVALID, "passage id %q is not a UUID", p.ID)
		}
		switch p.Provenance {
		case "":
			p.Provenance = annotate.ProvenanceManual
		case annotate.ProvenanceManual, annotate.ProvenanceAuto, annotate.ProvenanceImport:
		default:
			return annotate.Errorf(annotate.EINVALID, "passage provenance %q is not manual, auto or import", p.Provenance)
		}
		if err := p.Validate(); err != nil {
			return err
		}
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	texts := map[string]*annotate.Text{}
	liveTags := map[string]bool{}
	for _, p := range ps {
		if err := tx.createPassage(ctx, p, texts, liveTags); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("insert passage: %w", err)
	}
	for _, p := range ps {
		p.Author = db.Author()
		p.CreatedAt, p.UpdatedAt = parseTime(tx.now), parseTime(tx.now)
	}
	return nil
}

// createPassage inserts one validated passage; texts and liveTags cache
// document texts and checked tags across a batch.
func (tx *Tx) createPassage(ctx context.Context, p *annotate.Passage, texts map[string]*annotate.Text, liveTags map[string]bool) error {
	t, ok := texts[p.DocumentID]
	if !ok {
		var text string
		err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ? AND deleted_at IS NULL`, p.DocumentID).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "document %s not found", p.DocumentID)
		} else if err != nil {
			return fmt.Errorf("passage document: %w", err)
		}
		t = annotate.NewText(text)
		texts[p.DocumentID] = t
	}
	if p.End > t.Len() {
		return annotate.Errorf(annotate.EINVALID, "passage range [%d, %d) is past the end of the document (%d)", p.Start, p.End, t.Len())
	}
	sel := annotate.Describe(t, p.Start, p.End)
	if sel.Exact != p.Quote {
		return annotate.Errorf(annotate.EINVALID, "quote %q does not match the document's text at [%d, %d)", annotate.Ellipsize(p.Quote, 40), p.Start, p.End)
	}
	if p.Prefix == "" && p.Suffix == "" {
		p.Prefix, p.Suffix = sel.Prefix, sel.Suffix
	}
	seen := map[string]bool{}
	for _, tag := range p.Tags {
		if seen[tag] {
			return annotate.Errorf(annotate.EINVALID, "tag %s given twice", tag)
		}
		seen[tag] = true
		if !liveTags[tag] {
			if err := tx.liveRow(ctx, "tags", tag, "tag"); err != nil {
				return err
			}
			liveTags[tag] = true
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.DocumentID, p.Start, p.End, p.Quote, p.Prefix, p.Suffix, p.Provenance, tx.authorID, tx.now, tx.now)
	if isPrimaryKeyConflict(err) {
		return annotate.Errorf(annotate.ECONFLICT, "a passage with id %s already exists", p.ID)
	} else if err != nil {
		return fmt.Errorf("insert passage: %w", err)
	}
	for _, tag := range p.Tags {
		if err := tx.addTag(ctx, p.ID, tag); err != nil {
			return err
		}
	}
	if p.Note.Text != "" {
		if err := tx.setNote(ctx, p.ID, p.Note.Text); err != nil {
			return err
		}
	}
	return nil
}

// Passage returns one live passage.
func (db *DB) Passage(ctx context.Context, id string) (*annotate.Passage, error) {
	var p *annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		r, err := newPassageReader(ctx, tx)
		if err != nil {
			return err
		}
		p, err = r.scan(tx.QueryRowContext(ctx, `SELECT `+passageColumns+passageFrom+`
			WHERE p.id = ? AND p.deleted_at IS NULL AND d.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s not found", id)
		} else if err != nil {
			return err
		}
		return r.fill(ctx, tx, "{id} = ?", id)
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("passage %s: %w", id, err)
	}
	return p, nil
}

// Passages lists live passages matching filter, by document title and start.
func (db *DB) Passages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error) {
	list := func(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
	from := passageFrom
	where := []string{`p.deleted_at IS NULL AND d.deleted_at IS NULL`}
	var args []any
	// fillWhere narrows the queries for tags and notes the same way, where
	// it can do so through indexes alone.
	var fillWhere []string
	var fillArgs []any
	if len(f.TagIDs) > 0 {
		sub := `(SELECT pt2.passage_id FROM passage_tags pt2 WHERE pt2.deleted_at IS NULL AND pt2.tag_id IN (` + list(len(f.TagIDs)) + `))`
		where = append(where, `p.id IN `+sub)
		fillWhere = append(fillWhere, `{id} IN `+sub)
		for _, v := range f.TagIDs {
			args = append(args, v)
			fillArgs = append(fillArgs, v)
		}
	}
	if len(f.DocumentIDs) > 0 {
		where = append(where, `p.document_id IN (`+list(len(f.DocumentIDs))+`)`)
		fillWhere = append(fillWhere, `{id} IN (SELECT id FROM passages WHERE document_id IN (`+list(len(f.DocumentIDs))+`))`)
		for _, v := range f.DocumentIDs {
			args = append(args, v)
			fillArgs = append(fillArgs, v)
		}
	}
	if len(f.Authors) > 0 {
		where = append(where, `p.author_id IN (SELECT id FROM authors WHERE name IN (`+list(len(f.Authors))+`))`)
		for _, v := range f.Authors {
			args = append(args, v)
		}
	}
	var needle string // matched in Go after notes are read: SQLite's lower() folds ASCII letters only
	if s := strings.TrimSpace(f.Text); s != "" && isASCII(s) {
		from += ` LEFT JOIN notes n ON n.passage_id = p.id AND n.deleted_at IS NULL`
		where = append(where, `(instr(lower(p.quote), lower(?)) OR instr(lower(coalesce(n.body, '')), lower(?)))`)
		args = append(args, s, s)
	} else if s != "" {
		needle = foldCase(s)
	}
	var ps []*annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		r, err := newPassageReader(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+passageColumns+from+` WHERE `+strings.Join(where, " AND "), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := r.scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ps) == 0 {
			return err
		}
		if err := r.fill(ctx, tx, strings.Join(fillWhere, " AND "), fillArgs...); err != nil {
			return err
		}
		if needle != "" {
			kept := ps[:0]
			for _, p := range ps {
				if strings.Contains(foldCase(p.Quote), needle) || strings.Contains(foldCase(p.Note.Text), needle) {
					kept = append(kept, p)
				}
			}
			ps = kept
		}
		titles, err := documentTitles(ctx, tx)
		if err != nil {
			return err
		}
		sort.Slice(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			if a.DocumentID != b.DocumentID {
				if ta, tb := titles[a.DocumentID], titles[b.DocumentID]; ta != tb {
					return ta < tb
				}
				return a.DocumentID < b.DocumentID
			}
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			return a.ID < b.ID
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list passages: %w", err)
	}
	return ps, nil
}

// documentTitles maps every document's ID to its title folded for sorting.
func documentTitles(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title FROM documents`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	titles := map[string]string{}
	for rows.Next() {
		var id, title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		titles[id] = strings.ToLower(title)
	}
	return titles, rows.Err()
}

// AddTag applies a tag to a passage.
func (db *DB) AddTag(ctx context.Context, passageID, tagID string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
		return err
	}
	if err := tx.liveRow(ctx, "tags", tagID, "tag"); err != nil {
		return err
	}
	if err := tx.addTag(ctx, passageID, tagID); err != nil {
		return err
	}
	return tx.Commit()
}

// addTag applies a tag to a passage. A passage's tags are listed by the
// created_at of their pairing, and every row of a transaction shares one
// time; so a tag applied after others in the same transaction (or after a
// colleague's pairing stamped by a clock running ahead) is stamped one
// microsecond after the passage's latest pairing, to keep the order applied.
func (tx *Tx) addTag(ctx context.Context, passageID, tagID string) error {
	created := tx.now
	var latest sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT max(created_at) FROM passage_tags WHERE passage_id = ?`, passageID).Scan(&latest); err != nil {
		return fmt.Errorf("tag passage: %w", err)
	}
	if latest.Valid && latest.String >= created {
		created = formatTime(parseTime(latest.String).Add(time.Microsecond))
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?5, ?4)
		ON CONFLICT (passage_id, tag_id) DO UPDATE SET deleted_at = NULL, updated_at = ?4, author_id = ?3 WHERE deleted_at IS NOT NULL`,
		passageID, tagID, tx.authorID, tx.now, created)
	if err != nil {
		return fmt.Errorf("tag passage: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.touchPassage(ctx, passageID)
	}
	return nil
}

func (tx *Tx) touchPassage(ctx context.Context, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE passages SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
		return fmt.Errorf("passage %s: %w", id, err)
	}
	return nil
}

// RemoveTag takes a tag off a passage. Removing the last tag is refused:
// delete the passage instead.
func (db *DB) RemoveTag(ctx context.Context, passageID, tagID string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
		return err
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
		WHERE pt.passage_id = ? AND pt.deleted_at IS NULL AND t.deleted_at IS NULL AND pt.tag_id != ?`, passageID, tagID).Scan(&live); err != nil {
		return fmt.Errorf("untag passage: %w", err)
	}
	if live == 0 {
		return annotate.Errorf(annotate.EINVALID, "a passage needs at least one tag: delete the passage instead")
	}
	res, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = ?1, updated_at = ?1, author_id = ?4 WHERE passage_id = ?2 AND tag_id = ?3 AND deleted_at IS NULL`,
		tx.now, passageID, tagID, tx.authorID)
	if err != nil {
		return fmt.Errorf("untag passage: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return annotate.Errorf(annotate.ENOTFOUND, "passage %s does not have tag %s", passageID, tagID)
	}
	if err := tx.touchPassage(ctx, passageID); err != nil {
		return err
	}
	return tx.Commit()
}

// SetNote sets a passage's note; an empty text deletes it.
func (db *DB) SetNote(ctx context.Context, passageID, text string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
		return err
	}
	if err := tx.setNote(ctx, passageID, text); err != nil {
		return err
	}
	return tx.Commit()
}

// MaxNoteLength is the longest note in characters.
const MaxNoteLength = 100000

func (tx *Tx) setNote(ctx context.Context, passageID, text string) error {
	if len([]rune(text)) > MaxNoteLength {
		return annotate.Errorf(annotate.EINVALID, "note is longer than %d characters", MaxNoteLength)
	}
	var id, body string
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, body, deleted_at FROM notes WHERE passage_id = ?`, passageID).Scan(&id, &body, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if text == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			annotate.NewID(), passageID, text, tx.authorID, tx.now, tx.now)
	case err != nil:
		return fmt.Errorf("note: %w", err)
	case text == "" && deleted.Valid, text == body && !deleted.Valid:
		return nil
	case text == "":
		_, err = tx.ExecContext(ctx, `UPDATE notes SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE notes SET body = ?1, deleted_at = NULL, updated_at = ?2, author_id = ?3 WHERE id = ?4`, text, tx.now, tx.authorID, id)
	}
	if err != nil {
		return fmt.Errorf("note: %w", err)
	}
	// The note is part of the passage: a changed note is a changed passage,
	// as a changed tag is.
	return tx.touchPassage(ctx, passageID)
}

// DeletePassage tombstones a passage.
func (db *DB) DeletePassage(ctx context.Context, id string) error {
	return db.setPassageDeleted(ctx, id, true)
}

// RestorePassage brings back a deleted passage.
func (db *DB) RestorePassage(ctx context.Context, id string) error {
	return db.setPassageDeleted(ctx, id, false)
}

func (db *DB) setPassageDeleted(ctx context.Context, id string, deleted bool) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var q string
	if deleted {
		q = `UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NULL`
	} else {
		q = `UPDATE passages SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL`
	}
	res, err := tx.ExecContext(ctx, q, tx.now, id)
	if err != nil {
		return fmt.Errorf("passage %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE id = ?`, id).Scan(&exists); err != nil {
			return fmt.Errorf("passage %s: %w", id, err)
		}
		if exists == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s not found", id)
		}
	}
	return tx.Commit()
}

// isASCII reports whether s has only ASCII characters, the ones SQLite's
// lower() and NOCASE fold.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldCase maps every character of s to one representative of its case
// (Unicode simple case folding), so that "CAFÉ", "Café" and "café", or "Σ",
// "σ" and "ς", compare equal.
func foldCase(s string) string {
	return strings.Map(func(r rune) rune {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		return min
	}, s)
}
