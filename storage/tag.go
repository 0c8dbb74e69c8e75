package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's tag service.

// tagColumns ends with the tag's live passages on live documents, summed
// from the counts the triggers of 004_analysis.sql keep per document: a
// few hundred rows per tag, where counting the passages themselves joins
// every tag application to its passage (100,000 passages: over 100 ms for
// the codebook).
const tagColumns = `t.id, t.name, t.color, t.description, coalesce(t.parent_id, ''), a.name, t.created_at, t.updated_at,
	(SELECT coalesce(sum(c.n), 0) FROM tag_document_counts c JOIN documents d ON d.id = c.document_id
	 WHERE c.tag_id = t.id AND d.deleted_at IS NULL)`

func scanTag(row rowScanner) (*annotate.Tag, error) {
	t := &annotate.Tag{}
	var created, updated string
	if err := row.Scan(&t.ID, &t.Name, &t.Color, &t.Description, &t.ParentID, &t.Author, &created, &updated, &t.Passages); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return t, nil
}

// CreateTag adds a tag to the codebook, after the existing ones.
func (db *DB) CreateTag(ctx context.Context, tag *annotate.Tag) error {
	tag.Name = strings.TrimSpace(tag.Name)
	tag.Color = strings.ToLower(tag.Color)
	if tag.ID == "" {
		tag.ID = annotate.NewID()
	} else if !annotate.ValidID(tag.ID) {
		return annotate.Errorf(annotate.EINVALID, "tag id %q is not a UUID", tag.ID)
	}
	if err := tag.Validate(); err != nil {
		return err
	}
	var txNow string
	err := db.write(ctx, func(tx *Tx) error {
		txNow = tx.now
		if err := tx.uniqueTagName(ctx, tag.Name, ""); err != nil {
			return err
		}
		if tag.ParentID != "" {
			if err := tx.liveRow(ctx, "tags", tag.ParentID, "parent tag"); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tags (id, name, color, description, parent_id, sort_order, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, nullif(?, ''), (SELECT coalesce(max(sort_order), 0) + 1 FROM tags), ?, ?, ?)`,
			tag.ID, tag.Name, tag.Color, tag.Description, tag.ParentID, tx.authorID, tx.now, tx.now)
		if isPrimaryKeyConflict(err) {
			return annotate.Errorf(annotate.ECONFLICT, "a tag with id %s already exists", tag.ID)
		} else if err != nil {
			return fmt.Errorf("insert tag %q: %w", tag.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	tag.Author = db.Author()
	tag.CreatedAt, tag.UpdatedAt = parseTime(txNow), parseTime(txNow)
	return nil
}

// uniqueTagName returns ECONFLICT if a live tag other than except has name.
func (tx *Tx) uniqueTagName(ctx context.Context, name, except string) error {
	other, err := liveTagNamed(ctx, tx, name, except)
	if err != nil {
		return fmt.Errorf("look up tag %q: %w", name, err)
	}
	if other != nil {
		return annotate.Errorf(annotate.ECONFLICT, "a tag named %q already exists", other.name)
	}
	return nil
}

// namedTag is a live tag found by name.
type namedTag struct{ id, name string }

// liveTagNamed finds the live tag, other than except, whose name equals name
// ignoring case, or returns nil. SQLite's NOCASE folds ASCII letters only,
// so a name beyond ASCII is compared in Go with Unicode case folding.
func liveTagNamed(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, name, except string) (*namedTag, error) {
	query, args := `SELECT id, name FROM tags WHERE deleted_at IS NULL AND id != ? AND name = ? COLLATE NOCASE`, []any{except, name}
	if !isASCII(name) {
		query, args = `SELECT id, name FROM tags WHERE deleted_at IS NULL AND id != ?`, []any{except}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := foldCase(name)
	for rows.Next() {
		var t namedTag
		if err := rows.Scan(&t.id, &t.name); err != nil {
			return nil, err
		}
		if foldCase(t.name) == want {
			return &t, nil
		}
	}
	return nil, rows.Err()
}

// Tag returns one live tag.
func (db *DB) Tag(ctx context.Context, id string) (*annotate.Tag, error) {
	t, err := readValue(ctx, db, func(tx *sql.Tx) (*annotate.Tag, error) {
		return scanTag(tx.QueryRowContext(ctx, `SELECT `+tagColumns+` FROM tags t JOIN authors a ON a.id = t.author_id WHERE t.id = ? AND t.deleted_at IS NULL`, id))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "tag %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("tag %s: %w", id, err)
	}
	return t, nil
}

// TagByName finds a live tag by name, ignoring case.
func (db *DB) TagByName(ctx context.Context, name string) (*annotate.Tag, error) {
	found, err := readValue(ctx, db, func(tx *sql.Tx) (*namedTag, error) {
		return liveTagNamed(ctx, tx, strings.TrimSpace(name), "")
	})
	if err != nil {
		return nil, fmt.Errorf("tag %q: %w", name, err)
	} else if found == nil {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no tag named %q", name)
	}
	return db.Tag(ctx, found.id)
}

// Tags lists the live codebook in its order.
func (db *DB) Tags(ctx context.Context) ([]*annotate.Tag, error) {
	tags, err := readValue(ctx, db, func(tx *sql.Tx) ([]*annotate.Tag, error) {
		return queryAll(ctx, tx, scanTag, `SELECT `+tagColumns+` FROM tags t JOIN authors a ON a.id = t.author_id
			WHERE t.deleted_at IS NULL ORDER BY t.sort_order, t.name COLLATE NOCASE`)
	})
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return tags, nil
}

// UpdateTag renames, recolours, describes or moves a tag.
func (db *DB) UpdateTag(ctx context.Context, id string, upd annotate.TagUpdate) (*annotate.Tag, error) {
	cur, err := db.Tag(ctx, id)
	if err != nil {
		return nil, err
	}
	next := *cur
	if upd.Name != nil {
		next.Name = strings.TrimSpace(*upd.Name)
	}
	if upd.Color != nil {
		next.Color = strings.ToLower(*upd.Color)
	}
	if upd.Description != nil {
		next.Description = *upd.Description
	}
	if upd.ParentID != nil {
		next.ParentID = *upd.ParentID
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		if err := tx.uniqueTagName(ctx, next.Name, id); err != nil {
			return err
		}
		if next.ParentID != "" {
			if err := tx.liveRow(ctx, "tags", next.ParentID, "parent tag"); err != nil {
				return err
			}
			// Refuse a cycle: the new parent must not descend from this tag.
			var cycle int
			err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT t.parent_id FROM tags t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)
				SELECT count(*) FROM up WHERE id = ?`, next.ParentID, id).Scan(&cycle)
			if err != nil {
				return fmt.Errorf("check tag nesting: %w", err)
			}
			if cycle > 0 {
				return annotate.Errorf(annotate.EINVALID, "tag %q cannot be nested inside its own descendant", next.Name)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE tags SET name = ?, color = ?, description = ?, parent_id = nullif(?, ''), updated_at = ? WHERE id = ?`,
			next.Name, next.Color, next.Description, next.ParentID, tx.now, id)
		if err != nil {
			return fmt.Errorf("update tag %q: %w", cur.Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.Tag(ctx, id)
}

// DeleteTag tombstones a tag and takes it off every passage; a passage left
// without tags is deleted. Children move up to the tag's parent. Everything
// is stamped with one time so RestoreTag can undo exactly this.
func (db *DB) DeleteTag(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "tags", id, "tag"); err != nil {
			return err
		}
		if err := tx.deleteTag(ctx, id); err != nil {
			return err
		}
		return nil
	})
}

func (tx *Tx) deleteTag(ctx context.Context, id string) error {
	for _, q := range []string{
		`UPDATE passage_tags SET deleted_at = ?1, updated_at = ?1 WHERE tag_id = ?2 AND deleted_at IS NULL`,
		`UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE deleted_at IS NULL
			AND id IN (SELECT passage_id FROM passage_tags WHERE tag_id = ?2 AND deleted_at = ?1)
			AND NOT EXISTS (SELECT 1 FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
				WHERE pt.passage_id = passages.id AND pt.deleted_at IS NULL AND t.deleted_at IS NULL)`,
		`UPDATE tags SET parent_id = (SELECT parent_id FROM tags WHERE id = ?2), updated_at = ?1 WHERE parent_id = ?2 AND deleted_at IS NULL`,
		`UPDATE tags SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, tx.now, id); err != nil {
			return fmt.Errorf("delete tag %s: %w", id, err)
		}
	}
	return nil
}

// RestoreTag undoes DeleteTag: the tag, its place on passages and the
// passages deleted with it come back. Children that moved up stay where
// they are.
func (db *DB) RestoreTag(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.restoreTag(ctx, id); err != nil {
			return err
		}
		return nil
	})
}

// restoreTag brings back a tombstoned tag with the pairings and passages
// deleted with it; a live tag is left alone.
func (tx *Tx) restoreTag(ctx context.Context, id string) error {
	var deleted sql.NullString
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name, deleted_at FROM tags WHERE id = ?`, id).Scan(&name, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return annotate.Errorf(annotate.ENOTFOUND, "tag %s not found", id)
	} else if err != nil {
		return fmt.Errorf("restore tag %s: %w", id, err)
	}
	if !deleted.Valid {
		return nil
	}
	if err := tx.uniqueTagName(ctx, name, id); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE passages SET deleted_at = NULL, updated_at = ?1 WHERE deleted_at = ?3
			AND id IN (SELECT passage_id FROM passage_tags WHERE tag_id = ?2 AND deleted_at = ?3)`,
		`UPDATE passage_tags SET deleted_at = NULL, updated_at = ?1 WHERE tag_id = ?2 AND deleted_at = ?3`,
		`UPDATE tags SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2`,
		// A parent deleted meanwhile did not take this tag along when its
		// children moved up: hang it under its nearest live ancestor (or at
		// the top), never under a tag that is not in the codebook.
		`WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM tags WHERE id = ?2 AND parent_id IS NOT NULL
			UNION ALL SELECT t.parent_id, up.depth + 1 FROM tags t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL AND up.depth < 1000)
		UPDATE tags SET parent_id = (SELECT up.id FROM up JOIN tags t ON t.id = up.id WHERE t.deleted_at IS NULL ORDER BY up.depth LIMIT 1), updated_at = ?1
			WHERE id = ?2 AND parent_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
	} {
		if _, err := tx.ExecContext(ctx, q, tx.now, id, deleted.String); err != nil {
			return fmt.Errorf("restore tag %s: %w", id, err)
		}
	}
	return nil
}

// mergeTags moves from's pairings onto into, nests from's children under
// into and deletes from.
func (tx *Tx) mergeTags(ctx context.Context, from, into string) error {
	for _, q := range []string{
		// When into descends from from, it first takes from's place, or
		// moving from's children under it would close a cycle.
		`WITH RECURSIVE up(id) AS (SELECT parent_id FROM tags WHERE id = ?3
			UNION SELECT t.parent_id FROM tags t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)
		UPDATE tags SET parent_id = (SELECT parent_id FROM tags WHERE id = ?2), updated_at = ?1
			WHERE id = ?3 AND ?2 IN (SELECT id FROM up)`,
		// Bring back a tombstoned pairing rather than inserting a duplicate key.
		`UPDATE passage_tags SET deleted_at = NULL, updated_at = ?1, author_id = ?4 WHERE tag_id = ?3 AND deleted_at IS NOT NULL
			AND passage_id IN (SELECT passage_id FROM passage_tags WHERE tag_id = ?2 AND deleted_at IS NULL)`,
		`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
			SELECT passage_id, ?3, ?4, created_at, ?1 FROM passage_tags WHERE tag_id = ?2 AND deleted_at IS NULL
			AND passage_id NOT IN (SELECT passage_id FROM passage_tags WHERE tag_id = ?3)`,
		`UPDATE tags SET parent_id = ?3, updated_at = ?1 WHERE parent_id = ?2 AND deleted_at IS NULL AND id != ?3`,
	} {
		if _, err := tx.ExecContext(ctx, q, tx.now, from, into, tx.authorID); err != nil {
			return fmt.Errorf("merge tags: %w", err)
		}
	}
	return tx.deleteTag(ctx, from)
}
