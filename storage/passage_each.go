package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"gloss/annotate"
)

// eachBatch is how many passages EachPassage reads before handing them
// on: enough that the queries for their tags and notes cost little per
// passage, few enough that memory stays flat whatever the listing's size.
const eachBatch = 512

// EachPassage calls fn with every live passage matching f, in the order
// and with the content Passages lists them, and stops at the first error
// fn returns, which it returns. It reads the passages in batches of a few
// hundred, document by document, in one read transaction, so that they all
// come from one snapshot of the project while only a batch is held at a
// time: the command line and the exports list 100,000 passages with the
// memory of a few hundred.
func (db *DB) EachPassage(ctx context.Context, f annotate.PassageFilter, fn func(*annotate.Passage) error) error {
	if f.Query != nil || f.Subcodes || len(f.Attributes) > 0 {
		// As Passages: the query's places, then their passages.
		err := db.read(ctx, func(tx *sql.Tx) error {
			refs, _, err := queryRefs(ctx, tx, f)
			if err != nil {
				return err
			}
			for len(refs) > 0 {
				n := min(eachBatch, len(refs))
				ids := make([]string, n)
				for i, r := range refs[:n] {
					ids[i] = r.ID
				}
				refs = refs[n:]
				ps, err := passagesByID(ctx, tx, ids)
				if err != nil {
					return err
				}
				for _, p := range ps {
					if err := fn(p); err != nil {
						return eachStopped{err}
					}
				}
			}
			return nil
		})
		return eachError(err)
	}
	err := db.readText(ctx, f.Text, func(tx *sql.Tx, x *textIndex) error {
		return eachListed(ctx, tx, f, x, fn)
	})
	return eachError(err)
}

// CountPassages returns how many live passages match f, as Passages would
// list them: the Total of their IndexPassages.
func (db *DB) CountPassages(ctx context.Context, f annotate.PassageFilter) (int, error) {
	x, err := db.IndexPassages(ctx, f)
	if err != nil {
		return 0, err
	}
	return x.Total, nil
}

// eachStopped wraps the error of EachPassage's callback, which is returned
// as it is.
type eachStopped struct{ err error }

func (e eachStopped) Error() string { return e.err.Error() }

func eachError(err error) error {
	if s, ok := err.(eachStopped); ok {
		return s.err
	}
	if err != nil && annotate.ErrorCode(err) != annotate.EINVALID {
		return fmt.Errorf("list passages: %w", err)
	}
	return err
}

// eachListed is EachPassage for a filter without a code query, subcodes
// or attributes, whose conditions are those of Passages, read one
// document at a time.
func eachListed(ctx context.Context, tx *sql.Tx, f annotate.PassageFilter, x *textIndex, fn func(*annotate.Passage) error) error {
	// ?1 is the document, first in the text so that the other conditions'
	// arguments, which follow it, are numbered after it.
	where := []string{`p.document_id = ?1`}
	var args []any
	from := ` FROM passages p`
	distinct := false
	if len(f.TagIDs) > 0 {
		// tag_spans holds exactly the live applications on live passages,
		// which Passages joins, with a range of its key per tag and
		// document.
		list, err := json.Marshal(f.TagIDs)
		if err != nil {
			return err
		}
		from = ` FROM tag_spans s CROSS JOIN passages p ON p.id = s.passage_id`
		where = []string{`s.document_id = ?1`, `s.tag_id IN (SELECT value FROM json_each(?))`}
		args = append(args, string(list))
		distinct = len(f.TagIDs) > 1
	}
	where = append(where, `p.deleted_at IS NULL`)
	if len(f.Authors) > 0 {
		list, err := json.Marshal(f.Authors)
		if err != nil {
			return err
		}
		where = append(where, `p.author_id IN (SELECT id FROM authors WHERE name IN (SELECT value FROM json_each(?)))`)
		args = append(args, string(list))
	}
	docs, err := liveDocumentsInOrder(ctx, tx)
	if err != nil {
		return err
	}
	if len(f.DocumentIDs) > 0 {
		want := map[string]bool{}
		for _, id := range f.DocumentIDs {
			want[id] = true
		}
		kept := docs[:0]
		for _, d := range docs {
			if want[d] {
				kept = append(kept, d)
			}
		}
		docs = kept
	}
	// The text filter's matches, by document (see textCondition).
	var matches map[string]string
	if cond, condArgs, err := textCondition(x, f.Text); err != nil {
		return err
	} else if cond == `0` {
		return nil
	} else if cond != "" {
		byDoc := map[string][]string{}
		rows, err := tx.QueryContext(ctx, `SELECT p.document_id, p.id FROM passages p WHERE `+cond, condArgs...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var doc, id string
			if err := rows.Scan(&doc, &id); err != nil {
				rows.Close()
				return err
			}
			byDoc[doc] = append(byDoc[doc], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		matches = make(map[string]string, len(byDoc))
		kept := docs[:0]
		for _, d := range docs {
			if ids := byDoc[d]; len(ids) > 0 {
				list, err := json.Marshal(ids)
				if err != nil {
					return err
				}
				matches[d] = string(list)
				kept = append(kept, d)
			}
		}
		docs = kept
		where = append(where, `p.id IN (SELECT value FROM json_each(?))`)
	}
	sel := `SELECT `
	if distinct {
		sel = `SELECT DISTINCT `
	}
	stmt, err := tx.PrepareContext(ctx, sel+passageColumns+from+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY p.start_offset, p.end_offset, p.id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	r, err := newPassageReader(ctx, tx)
	if err != nil {
		return err
	}
	var batch []*annotate.Passage
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ids := make([]string, len(batch))
		for i, p := range batch {
			ids[i] = p.ID
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		r.add(batch)
		if err := r.fill(ctx, tx, fillScope{join: `(SELECT value AS passage_id FROM json_each(?)) f`, args: []any{string(list)}}); err != nil {
			return err
		}
		for _, p := range batch {
			if err := fn(p); err != nil {
				return eachStopped{err}
			}
		}
		batch = batch[:0]
		return nil
	}
	for _, d := range docs {
		docArgs := append([]any{d}, args...)
		if matches != nil {
			docArgs = append(docArgs, matches[d])
		}
		rows, err := stmt.QueryContext(ctx, docArgs...)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := r.scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) >= eachBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
