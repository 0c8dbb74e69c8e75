package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's passage service.
var _ annotate.PassageService = (*DB)(nil)

const passageColumns = `p.id, p.document_id, p.start_offset, p.end_offset, p.quote, p.prefix, p.suffix, p.provenance,
	a.name, p.created_at, p.updated_at,
	coalesce(n.id, ''), coalesce(n.body, ''), coalesce(na.name, ''), coalesce(n.created_at, ''), coalesce(n.updated_at, '')`

const passageFrom = ` FROM passages p
	JOIN documents d ON d.id = p.document_id
	JOIN authors a ON a.id = p.author_id
	LEFT JOIN notes n ON n.passage_id = p.id AND n.deleted_at IS NULL
	LEFT JOIN authors na ON na.id = n.author_id`

func scanPassage(row interface{ Scan(...any) error }, extra ...any) (*annotate.Passage, error) {
	p := &annotate.Passage{}
	var created, updated, ncreated, nupdated string
	if err := row.Scan(append([]any{&p.ID, &p.DocumentID, &p.Start, &p.End, &p.Quote, &p.Prefix, &p.Suffix, &p.Provenance,
		&p.Author, &created, &updated,
		&p.Note.ID, &p.Note.Text, &p.Note.Author, &ncreated, &nupdated}, extra...)...); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	if p.Note.ID != "" {
		p.Note.CreatedAt, p.Note.UpdatedAt = parseTime(ncreated), parseTime(nupdated)
	}
	return p, nil
}

// liveTagsQuery selects the live tags of passages, in the order applied.
const liveTagsQuery = `SELECT pt.passage_id, pt.tag_id FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
	WHERE pt.deleted_at IS NULL AND t.deleted_at IS NULL`

// fillTags sets the Tags of ps from rows of (passage_id, tag_id).
func fillTags(rows *sql.Rows, ps map[string]*annotate.Passage) error {
	defer rows.Close()
	for rows.Next() {
		var pid, tid string
		if err := rows.Scan(&pid, &tid); err != nil {
			return err
		}
		if p := ps[pid]; p != nil {
			p.Tags = append(p.Tags, tid)
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
		if p.Provenance == "" {
			p.Provenance = annotate.ProvenanceManual
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
	if err != nil {
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
	p, err := scanPassage(db.db.QueryRowContext(ctx, `SELECT `+passageColumns+passageFrom+`
		WHERE p.id = ? AND p.deleted_at IS NULL AND d.deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "passage %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("passage %s: %w", id, err)
	}
	rows, err := db.db.QueryContext(ctx, liveTagsQuery+` AND pt.passage_id = ? ORDER BY pt.created_at, pt.tag_id`, id)
	if err != nil {
		return nil, fmt.Errorf("passage %s tags: %w", id, err)
	}
	if err := fillTags(rows, map[string]*annotate.Passage{id: p}); err != nil {
		return nil, fmt.Errorf("passage %s tags: %w", id, err)
	}
	return p, nil
}

// Passages lists live passages matching filter, by document title and start.
func (db *DB) Passages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error) {
	var where []string
	var args []any
	// tagWhere narrows the query for the passages' tags the same way, where
	// it can do so through indexes alone.
	var tagWhere []string
	var tagArgs []any
	list := func(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
	where = append(where, `p.deleted_at IS NULL AND d.deleted_at IS NULL`)
	if len(f.TagIDs) > 0 {
		sub := `(SELECT pt.passage_id FROM passage_tags pt WHERE pt.deleted_at IS NULL AND pt.tag_id IN (` + list(len(f.TagIDs)) + `))`
		where = append(where, `p.id IN `+sub)
		tagWhere = append(tagWhere, `pt.passage_id IN `+sub)
		for _, v := range f.TagIDs {
			args = append(args, v)
			tagArgs = append(tagArgs, v)
		}
	}
	if len(f.DocumentIDs) > 0 {
		where = append(where, `p.document_id IN (`+list(len(f.DocumentIDs))+`)`)
		tagWhere = append(tagWhere, `pt.passage_id IN (SELECT id FROM passages WHERE document_id IN (`+list(len(f.DocumentIDs))+`))`)
		for _, v := range f.DocumentIDs {
			args = append(args, v)
			tagArgs = append(tagArgs, v)
		}
	}
	if len(f.Authors) > 0 {
		where = append(where, `a.name IN (`+list(len(f.Authors))+`)`)
		for _, v := range f.Authors {
			args = append(args, v)
		}
	}
	if s := strings.TrimSpace(f.Text); s != "" {
		where = append(where, `(instr(lower(p.quote), lower(?)) OR instr(lower(coalesce(n.body, '')), lower(?)))`)
		args = append(args, s, s)
	}
	var ps []*annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+passageColumns+`, d.title`+passageFrom+` WHERE `+strings.Join(where, " AND "), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		titles := map[*annotate.Passage]string{}
		byID := map[string]*annotate.Passage{}
		for rows.Next() {
			var title string
			p, err := scanPassage(rows, &title)
			if err != nil {
				return err
			}
			titles[p] = strings.ToLower(title)
			byID[p.ID] = p
			ps = append(ps, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ps) == 0 {
			return nil
		}
		q := liveTagsQuery
		if len(tagWhere) > 0 {
			q += ` AND ` + strings.Join(tagWhere, " AND ")
		}
		trows, err := tx.QueryContext(ctx, q+` ORDER BY pt.created_at, pt.tag_id`, tagArgs...)
		if err != nil {
			return err
		}
		if err := fillTags(trows, byID); err != nil {
			return err
		}
		sort.Slice(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			if ta, tb := titles[a], titles[b]; ta != tb {
				return ta < tb
			}
			if a.DocumentID != b.DocumentID {
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

func (tx *Tx) addTag(ctx context.Context, passageID, tagID string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
		ON CONFLICT (passage_id, tag_id) DO UPDATE SET deleted_at = NULL, updated_at = ?4, author_id = ?3 WHERE deleted_at IS NOT NULL`,
		passageID, tagID, tx.authorID, tx.now)
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
	return nil
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
