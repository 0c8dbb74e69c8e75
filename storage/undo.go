package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gloss/annotate"
)

// TagMerge records what MergeTagsRecorded changed, so that UnmergeTags can
// take back exactly that and nothing a colleague or a later edit did.
type TagMerge struct {
	From, Into string
	// Added are the passages that gained Into through the merge (those that
	// carried both tags already are not listed).
	Added []string
	// Children are the tags that moved from under From to under Into.
	Children []string
	// IntoParent is Into's parent before the merge: Into moves up when it
	// was nested under From.
	IntoParent string
}

// MergeTagsRecorded merges like MergeTags and returns what it changed.
func (db *DB) MergeTagsRecorded(ctx context.Context, from, into string) (*TagMerge, error) {
	if from == into {
		return nil, annotate.Errorf(annotate.EINVALID, "cannot merge a code into itself")
	}
	var m *TagMerge
	err := db.write(ctx, func(tx *Tx) (err error) {
		if err := tx.liveRow(ctx, "tags", from, "code"); err != nil {
			return err
		}
		if err := tx.mergeInto(ctx, from, into); err != nil {
			return err
		}
		m = &TagMerge{From: from, Into: into}
		if m.Added, err = tx.strings(ctx, `SELECT passage_id FROM passage_tags WHERE tag_id = ?1 AND deleted_at IS NULL
			AND passage_id NOT IN (SELECT passage_id FROM passage_tags WHERE tag_id = ?2 AND deleted_at IS NULL) ORDER BY passage_id`, from, into); err != nil {
			return fmt.Errorf("merge codes: %w", err)
		}
		if m.Children, err = tx.strings(ctx, `SELECT id FROM tags WHERE parent_id = ?1 AND deleted_at IS NULL AND id != ?2 ORDER BY id`, from, into); err != nil {
			return fmt.Errorf("merge codes: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(parent_id, '') FROM tags WHERE id = ?`, into).Scan(&m.IntoParent); err != nil {
			return fmt.Errorf("merge codes: %w", err)
		}
		if err := tx.mergeTags(ctx, from, into); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// UnmergeTags undoes a merge recorded by MergeTagsRecorded in one
// transaction: From comes back with its pairings, the passages that gained
// Into lose it again and the nesting is put back as it was.
func (db *DB) UnmergeTags(ctx context.Context, m *TagMerge) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "tags", m.Into, "code"); err != nil {
			return err
		}
		if err := tx.restoreTag(ctx, m.From); err != nil {
			return err
		}
		if len(m.Added) > 0 {
			args := []any{tx.now, tx.authorID, m.Into}
			for _, id := range m.Added {
				args = append(args, id)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = ?1, updated_at = ?1, author_id = ?2
				WHERE tag_id = ?3 AND deleted_at IS NULL AND passage_id IN (`+numberedPlaceholders(len(m.Added), 4)+`)`, args...); err != nil {
				return fmt.Errorf("unmerge codes: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE passages SET updated_at = ?1 WHERE id IN (`+numberedPlaceholders(len(m.Added), 2)+`)`,
				append([]any{tx.now}, args[3:]...)...); err != nil {
				return fmt.Errorf("unmerge codes: %w", err)
			}
		}
		if err := tx.reparent(ctx, m.Children, m.Into, m.From); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tags SET parent_id = nullif(?1, ''), updated_at = ?2 WHERE id = ?3 AND coalesce(parent_id, '') != ?1`,
			m.IntoParent, tx.now, m.Into); err != nil {
			return fmt.Errorf("unmerge codes: %w", err)
		}
		return nil
	})
}

// ChildTags returns the IDs of the live tags nested directly under id.
func (db *DB) ChildTags(ctx context.Context, id string) ([]string, error) {
	var ids []string
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = queryStrings(ctx, tx, `SELECT id FROM tags WHERE parent_id = ? AND deleted_at IS NULL ORDER BY id`, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("codes under %s: %w", id, err)
	}
	return ids, nil
}

// RestoreTagWithChildren undoes DeleteTag completely: like RestoreTag, and
// the children, which DeleteTag moved up to the tag's parent, go back under
// it (those a later edit moved elsewhere stay where they are).
func (db *DB) RestoreTagWithChildren(ctx context.Context, id string, children []string) error {
	return db.write(ctx, func(tx *Tx) error {
		var parent string
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(parent_id, '') FROM tags WHERE id = ?`, id).Scan(&parent); err != nil {
			return annotate.Errorf(annotate.ENOTFOUND, "code %s not found", id)
		}
		if err := tx.restoreTag(ctx, id); err != nil {
			return err
		}
		if err := tx.reparent(ctx, children, parent, id); err != nil {
			return err
		}
		return nil
	})
}

// reparent moves the tags ids that are still nested under from (""
// meaning top level) to under to.
func (tx *Tx) reparent(ctx context.Context, ids []string, from, to string) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{to, tx.now, from}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := tx.ExecContext(ctx, `UPDATE tags SET parent_id = nullif(?1, ''), updated_at = ?2
		WHERE deleted_at IS NULL AND coalesce(parent_id, '') = ?3 AND id IN (`+numberedPlaceholders(len(ids), 4)+`)`, args...)
	if err != nil {
		return fmt.Errorf("nest codes: %w", err)
	}
	return nil
}

// strings runs a query whose rows are one string each.
func (tx *Tx) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	return queryStrings(ctx, tx.Tx, q, args...)
}

func queryStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// numberedPlaceholders returns n numbered SQL parameters starting at ?first.
func numberedPlaceholders(n, first int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("?%d", first+i)
	}
	return strings.Join(ps, ", ")
}
