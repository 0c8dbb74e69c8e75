package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's tag service.

// tagColumns ends with the tag's live passages on live documents, summed
// from the counts the triggers of 004_analysis.sql keep per document: a
// few hundred rows per tag, where counting the passages themselves joins
// every tag application to its passage (100,000 passages: over 100 ms for
// the codebook).
const tagColumns = `t.id, t.name, t.color, t.description, coalesce(t.parent_id, ''), t.codable = 0, coalesce(t.shortcut, 0), a.name, t.created_at, t.updated_at,
	(SELECT coalesce(sum(c.n), 0) FROM tag_document_counts c JOIN documents d ON d.id = c.document_id
	 WHERE c.tag_id = t.id AND d.deleted_at IS NULL)`

func scanTag(row rowScanner) (*annotate.Tag, error) {
	t := &annotate.Tag{}
	var created, updated string
	if err := row.Scan(&t.ID, &t.Name, &t.Color, &t.Description, &t.ParentID, &t.Grouping, &t.Key, &t.Author, &created, &updated, &t.Passages); err != nil {
		return nil, err
	}
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return t, nil
}

// CreateTag adds a tag to the codebook, after the existing ones. A tag
// with Key 0 takes the lowest key (1 to 9) no live tag holds, if any; one
// with a key takes it from the tag that holds it.
func (db *DB) CreateTag(ctx context.Context, tag *annotate.Tag) error {
	tag.Name = strings.TrimSpace(tag.Name)
	tag.Color = strings.ToLower(tag.Color)
	if tag.ID == "" {
		tag.ID = annotate.NewID()
	} else if !annotate.ValidID(tag.ID) {
		return annotate.Errorf(annotate.EINVALID, "code id %q is not a UUID", tag.ID)
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
			if err := tx.liveRow(ctx, "tags", tag.ParentID, "parent code"); err != nil {
				return err
			}
		}
		// A grouping code is never applied, so it has no key.
		key := tag.Key
		switch {
		case tag.Grouping:
			key = 0
		case key == 0:
			var err error
			if key, err = tx.freeShortcut(ctx); err != nil {
				return err
			}
		default:
			if err := tx.takeShortcut(ctx, key, tag.ID); err != nil {
				return err
			}
		}
		tag.Key = key
		_, err := tx.ExecContext(ctx, `INSERT INTO tags (id, name, color, description, parent_id, codable, shortcut, sort_order, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, nullif(?, ''), ?, nullif(?, 0), (SELECT coalesce(max(sort_order), 0) + 1 FROM tags), ?, ?, ?)`,
			tag.ID, tag.Name, tag.Color, tag.Description, tag.ParentID, codable(tag.Grouping), key, tx.authorID, tx.now, tx.now)
		if isPrimaryKeyConflict(err) {
			return annotate.Errorf(annotate.ECONFLICT, "a code with id %s already exists", tag.ID)
		} else if err != nil {
			return fmt.Errorf("insert code %q: %w", tag.Name, err)
		}
		tag.Key = key
		return nil
	})
	if err != nil {
		return err
	}
	tag.Author = db.Author()
	tag.CreatedAt, tag.UpdatedAt = parseTime(txNow), parseTime(txNow)
	return nil
}

// codable is the tags.codable value of a tag: 1 for an ordinary tag, 0 for
// a grouping code.
func codable(grouping bool) int {
	if grouping {
		return 0
	}
	return 1
}

// applicable returns nil when the live tag id may be applied to a passage:
// ENOTFOUND when there is no such live tag, EINVALID for a grouping code.
func (tx *Tx) applicable(ctx context.Context, id string) error {
	var name string
	var c int
	err := tx.QueryRowContext(ctx, `SELECT name, codable FROM tags WHERE id = ? AND deleted_at IS NULL`, id).Scan(&name, &c)
	if errors.Is(err, sql.ErrNoRows) {
		return missingCode(ctx, tx, id, "code")
	} else if err != nil {
		return fmt.Errorf("look up code %s: %w", id, err)
	}
	return (&annotate.Tag{Name: name, Grouping: c == 0}).Applicable()
}

// freeShortcut returns the lowest key, 1 to 9, no live tag holds; 0 when
// every one is taken.
func (tx *Tx) freeShortcut(ctx context.Context) (int, error) {
	var key int
	err := tx.QueryRowContext(ctx, `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 9)
		SELECT coalesce(min(n), 0) FROM k WHERE n NOT IN (SELECT shortcut FROM tags WHERE deleted_at IS NULL AND shortcut IS NOT NULL)`).Scan(&key)
	if err != nil {
		return 0, fmt.Errorf("find a free key: %w", err)
	}
	return key, nil
}

// takeShortcut takes key from any live tag other than id that holds it.
func (tx *Tx) takeShortcut(ctx context.Context, key int, id string) error {
	if key == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE tags SET shortcut = NULL, updated_at = ? WHERE shortcut = ? AND id != ? AND deleted_at IS NULL`, tx.now, key, id)
	if err != nil {
		return fmt.Errorf("move key %d: %w", key, err)
	}
	return nil
}

// uniqueTagName returns ECONFLICT if a live tag other than except has name.
func (tx *Tx) uniqueTagName(ctx context.Context, name, except string) error {
	other, err := liveTagNamed(ctx, tx, name, except)
	if err != nil {
		return fmt.Errorf("look up code %q: %w", name, err)
	}
	if other != nil {
		return annotate.Errorf(annotate.ECONFLICT, "a code named %q already exists", other.name)
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
	var missing error
	t, err := readValue(ctx, db, func(tx *sql.Tx) (*annotate.Tag, error) {
		t, err := scanTag(tx.QueryRowContext(ctx, `SELECT `+tagColumns+` FROM tags t JOIN authors a ON a.id = t.author_id WHERE t.id = ? AND t.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			missing = missingCode(ctx, tx, id, "code")
			return nil, missing
		}
		return t, err
	})
	if missing != nil {
		return nil, missing
	} else if err != nil {
		return nil, fmt.Errorf("code %s: %w", id, err)
	}
	return t, nil
}

// TagByName finds a live tag by name, ignoring case.
func (db *DB) TagByName(ctx context.Context, name string) (*annotate.Tag, error) {
	found, err := readValue(ctx, db, func(tx *sql.Tx) (*namedTag, error) {
		return liveTagNamed(ctx, tx, strings.TrimSpace(name), "")
	})
	if err != nil {
		return nil, fmt.Errorf("code %q: %w", name, err)
	} else if found == nil {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no code named %q", name)
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
		return nil, fmt.Errorf("list codes: %w", err)
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
	if upd.Grouping != nil {
		next.Grouping = *upd.Grouping
	}
	if upd.Key != nil {
		next.Key = *upd.Key
	}
	if next.Grouping {
		next.Key = 0 // a grouping code is never applied: its key goes free
	}
	if err := next.Validate(); err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		if err := tx.uniqueTagName(ctx, next.Name, id); err != nil {
			return err
		}
		if next.Grouping && !cur.Grouping {
			if err := tx.noRulesOrPassages(ctx, &next); err != nil {
				return err
			}
		}
		if next.ParentID != "" {
			if err := tx.liveRow(ctx, "tags", next.ParentID, "parent code"); err != nil {
				return err
			}
			// Refuse a cycle: the new parent must not descend from this tag.
			var cycle int
			err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT t.parent_id FROM tags t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL)
				SELECT count(*) FROM up WHERE id = ?`, next.ParentID, id).Scan(&cycle)
			if err != nil {
				return fmt.Errorf("check code nesting: %w", err)
			}
			if cycle > 0 {
				return annotate.Errorf(annotate.EINVALID, "code %q cannot be nested inside its own descendant", next.Name)
			}
		}
		if next.Key != cur.Key {
			if err := tx.takeShortcut(ctx, next.Key, id); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE tags SET name = ?, color = ?, description = ?, parent_id = nullif(?, ''), codable = ?, shortcut = nullif(?, 0), updated_at = ? WHERE id = ?`,
			next.Name, next.Color, next.Description, next.ParentID, codable(next.Grouping), next.Key, tx.now, id)
		if err != nil {
			return fmt.Errorf("update code %q: %w", cur.Name, err)
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
		if err := tx.liveRow(ctx, "tags", id, "code"); err != nil {
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
			return fmt.Errorf("delete code %s: %w", id, err)
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

// mergeInto checks that into may take from's passages: a live tag, and
// not a grouping code unless from carries no passage.
func (tx *Tx) mergeInto(ctx context.Context, from, into string) error {
	if err := tx.liveRow(ctx, "tags", into, "code"); err != nil {
		return err
	}
	err := tx.applicable(ctx, into)
	if annotate.ErrorCode(err) != annotate.EINVALID {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
		WHERE pt.tag_id = ? AND pt.deleted_at IS NULL AND p.deleted_at IS NULL`, from).Scan(&n); err != nil {
		return fmt.Errorf("merge codes: %w", err)
	}
	if n > 0 {
		return err
	}
	return nil
}

// noRulesOrPassages refuses to make t a grouping code while passages carry
// it or an auto-coding rule applies it: a grouping code is never applied.
func (tx *Tx) noRulesOrPassages(ctx context.Context, t *annotate.Tag) error {
	var passages, rules int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
		WHERE pt.tag_id = ? AND pt.deleted_at IS NULL AND p.deleted_at IS NULL`, t.ID).Scan(&passages); err != nil {
		return fmt.Errorf("count passages of code %q: %w", t.Name, err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rules WHERE tag_id = ? AND deleted_at IS NULL`, t.ID).Scan(&rules); err != nil {
		return fmt.Errorf("count rules of code %q: %w", t.Name, err)
	}
	switch {
	case passages > 0:
		return annotate.Errorf(annotate.EINVALID, "%q codes %d passage(s): a grouping code is never applied to a passage, so move them to another code first (merge %q into one of its codes)", t.Name, passages, t.Name)
	case rules > 0:
		return annotate.Errorf(annotate.EINVALID, "%q is applied by %d auto-coding rule(s): a grouping code is never applied to a passage, so point them at another code first", t.Name, rules)
	}
	return nil
}

// restoreTag brings back a tombstoned tag with the pairings and passages
// deleted with it; a live tag is left alone.
func (tx *Tx) restoreTag(ctx context.Context, id string) error {
	var deleted sql.NullString
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name, deleted_at FROM tags WHERE id = ?`, id).Scan(&name, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return annotate.Errorf(annotate.ENOTFOUND, "code %s not found", id)
	} else if err != nil {
		return fmt.Errorf("restore code %s: %w", id, err)
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
			return fmt.Errorf("restore code %s: %w", id, err)
		}
	}
	// Its key went to another tag meanwhile: that one keeps it.
	if _, err := tx.ExecContext(ctx, `UPDATE tags SET shortcut = NULL WHERE id = ?1
		AND shortcut IN (SELECT shortcut FROM tags WHERE id != ?1 AND deleted_at IS NULL)`, id); err != nil {
		return fmt.Errorf("restore code %s: %w", id, err)
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
			return fmt.Errorf("merge codes: %w", err)
		}
	}
	return tx.deleteTag(ctx, from)
}

// missingCode is the ENOTFOUND error for id when it is not a live code:
// what ("code", "parent code") is named as the researcher knows it when the
// file still holds it deleted, by its id when the file holds no such code.
func missingCode(ctx context.Context, q querier, id, what string) error {
	var name string
	if err := q.QueryRowContext(ctx, `SELECT name FROM tags WHERE id = ? AND deleted_at IS NOT NULL`, id).Scan(&name); err == nil {
		return annotate.Errorf(annotate.ENOTFOUND, "the %s %q was deleted", what, name)
	}
	return annotate.Errorf(annotate.ENOTFOUND, "%s %s not found", what, id)
}

// codeLabel names the code id in a message: its name, quoted, or its id
// when the file holds no such code.
func codeLabel(ctx context.Context, q querier, id string) string {
	var name string
	if err := q.QueryRowContext(ctx, `SELECT name FROM tags WHERE id = ?`, id).Scan(&name); err == nil {
		return strconv.Quote(name)
	}
	return id
}
