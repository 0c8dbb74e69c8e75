package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gloss/annotate"
)

// FindPassage resolves a unique prefix of a live passage's ID.
func (db *DB) FindPassage(ctx context.Context, prefix string) (*annotate.Passage, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if prefix == "" || strings.Trim(prefix, "0123456789abcdef-") != "" {
		return nil, annotate.Errorf(annotate.EINVALID, "passage id %q is not (a prefix of) a UUID", prefix)
	}
	var ids []string
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		// The primary key is the table: a range scan finds the prefix.
		ids, err = queryAll(ctx, tx, scanString, `SELECT id FROM passages WHERE id >= ? AND id < ? || 'g' AND deleted_at IS NULL LIMIT 3`, prefix, prefix)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find passage: %w", err)
	}
	switch len(ids) {
	case 0:
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no passage with id %s", prefix)
	case 1:
		return db.Passage(ctx, ids[0])
	}
	return nil, annotate.Errorf(annotate.EINVALID, "passage id %s is ambiguous: give more characters", prefix)
}
