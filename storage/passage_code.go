package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gloss/annotate"
)

// Coded says what coding a range did: made a passage, or added codes to
// the researcher's own passage over exactly that range.
type Coded struct {
	// PassageID is the passage made or coded.
	PassageID string
	// Made is set when the passage is new.
	Made bool
	// Added are the codes added to an existing passage (none when it had
	// them all already); empty when Made.
	Added []string
}

// CodePassages codes ranges of text, in one transaction: each of ps is a
// new passage with its codes, as for CreatePassages, unless the researcher
// already has a live passage over exactly its range in its document — then
// its codes are added to that passage, so that one researcher's range is
// one passage with all its codes, as an import makes it. A passage that
// was not made gets the existing passage's ID (ps carry codes, not notes:
// a note is written to the passage coded). The result says, for each of ps
// in order, what was done.
func (db *DB) CodePassages(ctx context.Context, ps []*annotate.Passage) ([]Coded, error) {
	for _, p := range ps {
		if err := preparePassage(p); err != nil {
			return nil, err
		}
	}
	var out []Coded
	var txNow string
	var held bool
	err := db.write(ctx, func(tx *Tx) error {
		out = out[:0]
		txNow = tx.now
		var err error
		if held, err = tx.recordHoldings(ctx); err != nil {
			return err
		}
		texts := map[string]*annotate.Text{}
		liveTags := map[string]bool{}
		stmt, err := tx.PrepareContext(ctx, `SELECT p.id FROM passages p
			WHERE p.document_id = ? AND p.start_offset = ? AND p.end_offset = ? AND p.author_id = ? AND p.deleted_at IS NULL
			ORDER BY p.created_at, p.id LIMIT 1`)
		if err != nil {
			return fmt.Errorf("code passages: %w", err)
		}
		defer stmt.Close()
		for _, p := range ps {
			var id string
			err := stmt.QueryRowContext(ctx, p.DocumentID, p.Start, p.End, tx.authorID).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				if err := tx.createPassage(ctx, p, texts, liveTags); err != nil {
					return err
				}
				out = append(out, Coded{PassageID: p.ID, Made: true})
				continue
			} else if err != nil {
				return fmt.Errorf("code passages: %w", err)
			}
			c := Coded{PassageID: id}
			for _, tag := range p.Tags {
				var has bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM passage_tags WHERE passage_id = ? AND tag_id = ? AND deleted_at IS NULL)`, id, tag).Scan(&has); err != nil {
					return fmt.Errorf("code passages: %w", err)
				}
				if has {
					continue
				}
				if err := tx.applicable(ctx, tag); err != nil {
					return err
				}
				if err := tx.addTag(ctx, id, tag); err != nil {
					return err
				}
				c.Added = append(c.Added, tag)
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if held {
		db.markHeld()
	}
	for i, p := range ps {
		p.ID = out[i].PassageID
		if out[i].Made {
			p.Author = db.Author()
			p.CreatedAt, p.UpdatedAt = parseTime(txNow), parseTime(txNow)
		}
	}
	return out, nil
}
