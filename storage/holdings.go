package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// recordHoldings records, the first time an author codes through this
// handle, that the documents and tags now in the project were in their
// copy while they coded: what agreement compares two coders over (see
// CodingAgreement). It reports whether it recorded them; once the write
// has committed, the caller calls markHeld. A merge brings new documents,
// so it starts over.
func (tx *Tx) recordHoldings(ctx context.Context) (bool, error) {
	db := tx.db
	author := db.Author()
	db.mu.Lock()
	done := db.held[author]
	db.mu.Unlock()
	if done {
		return false, nil
	}
	for _, q := range []string{
		`INSERT INTO coder_holdings (author_id, kind, item_id, first_at)
			SELECT ?1, 'document', id, ?2 FROM documents WHERE deleted_at IS NULL ON CONFLICT DO NOTHING`,
		`INSERT INTO coder_holdings (author_id, kind, item_id, first_at)
			SELECT ?1, 'tag', id, ?2 FROM tags WHERE deleted_at IS NULL ON CONFLICT DO NOTHING`,
	} {
		if _, err := tx.ExecContext(ctx, q, tx.authorID, tx.now); err != nil {
			return false, fmt.Errorf("record what %s had: %w", author, err)
		}
	}
	return true, nil
}

// markHeld notes that the current author's holdings are recorded.
func (db *DB) markHeld() {
	author := db.Author()
	db.mu.Lock()
	if db.held == nil {
		db.held = map[string]bool{}
	}
	db.held[author] = true
	db.mu.Unlock()
}

// forgetHoldings makes the next coding record holdings again.
func (db *DB) forgetHoldings() {
	db.mu.Lock()
	db.held = nil
	db.mu.Unlock()
}

// holdings returns the documents and tags a researcher had: those recorded
// while they coded (see recordHoldings), and, for files written before
// Gloss recorded them, the documents they added or highlighted in and the
// tags they created, applied or carry on their passages, deleted passages
// and applications included.
func (db *DB) holdings(ctx context.Context, author string) (docs, tags map[string]bool, err error) {
	docs, tags = map[string]bool{}, map[string]bool{}
	err = db.read(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			into  map[string]bool
			query string
		}{
			{docs, `SELECT d.id FROM documents d WHERE d.author_id = ?1
				UNION SELECT p.document_id FROM passages p WHERE p.author_id = ?1
				UNION SELECT h.item_id FROM coder_holdings h WHERE h.kind = 'document' AND h.author_id = ?1`},
			{tags, `SELECT t.id FROM tags t WHERE t.author_id = ?1
				UNION SELECT pt.tag_id FROM passage_tags pt WHERE pt.author_id = ?1
				UNION SELECT pt.tag_id FROM passages p JOIN passage_tags pt ON pt.passage_id = p.id WHERE p.author_id = ?1
				UNION SELECT h.item_id FROM coder_holdings h WHERE h.kind = 'tag' AND h.author_id = ?1`},
		} {
			rows, err := tx.QueryContext(ctx, strings.ReplaceAll(q.query, "?1", "(SELECT id FROM authors WHERE name = ?1)"), author)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				q.into[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("what %s had: %w", author, err)
	}
	return docs, tags, nil
}
