package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gloss/annotate"
)

// liveTagged joins live passages of live documents to their live tags and
// their authors.
const liveTagged = ` FROM passage_tags pt
	JOIN passages p ON p.id = pt.passage_id
	JOIN documents d ON d.id = p.document_id
	JOIN tags t ON t.id = pt.tag_id
	JOIN authors a ON a.id = p.author_id
	WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL AND d.deleted_at IS NULL AND t.deleted_at IS NULL`

// countsQuery reads the counts the triggers of 004_analysis.sql keep.
const countsQuery = `SELECT c.tag_id, c.document_id, c.n FROM tag_document_counts c
	JOIN tags t ON t.id = c.tag_id JOIN documents d ON d.id = c.document_id
	WHERE c.n > 0 AND t.deleted_at IS NULL AND d.deleted_at IS NULL`

// directCountsQuery counts from the passages themselves.
const directCountsQuery = `SELECT pt.tag_id, p.document_id, count(*) FROM passage_tags pt
	JOIN passages p ON p.id = pt.passage_id
	JOIN documents d ON d.id = p.document_id
	JOIN tags t ON t.id = pt.tag_id
	WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL AND d.deleted_at IS NULL AND t.deleted_at IS NULL
	GROUP BY pt.tag_id, p.document_id`

// TagDocumentMatrix counts live passages per tag (rows, in codebook order)
// and document (columns, by title). A row's total is its tag's passages.
func (db *DB) TagDocumentMatrix(ctx context.Context) (*annotate.Matrix, error) {
	return db.tagDocumentMatrix(ctx, countsQuery)
}

// TagDocumentMatrixDirect is TagDocumentMatrix computed from the passages
// rather than the maintained counts: the check on them, and the baseline
// they are measured against.
func (db *DB) TagDocumentMatrixDirect(ctx context.Context) (*annotate.Matrix, error) {
	return db.tagDocumentMatrix(ctx, directCountsQuery)
}

// CheckAnalysisCounts returns an error naming the first cell where the
// maintained counts disagree with the passages; nil when they agree.
func (db *DB) CheckAnalysisCounts(ctx context.Context) error {
	kept, err := db.TagDocumentMatrix(ctx)
	if err != nil {
		return err
	}
	direct, err := db.TagDocumentMatrixDirect(ctx)
	if err != nil {
		return err
	}
	for i, r := range direct.Rows {
		for j, c := range direct.Cols {
			if got, want := kept.Counts[i][j], direct.Counts[i][j]; got != want {
				return fmt.Errorf("analysis counts: tag %q in document %q counts %d passages, the passages say %d", r.Name, c.Name, got, want)
			}
		}
	}
	return nil
}

// RebuildAnalysisCounts recomputes the maintained counts from the passages,
// e.g. after opening a file whose counts cannot be trusted.
func (db *DB) RebuildAnalysisCounts(ctx context.Context) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM tag_document_counts`,
			`INSERT INTO tag_document_counts (tag_id, document_id, n)
				SELECT pt.tag_id, p.document_id, count(*) FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
				WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL GROUP BY pt.tag_id, p.document_id`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild analysis counts: %w", err)
	}
	return nil
}

func (db *DB) tagDocumentMatrix(ctx context.Context, cellsQuery string) (*annotate.Matrix, error) {
	var m *annotate.Matrix
	err := db.read(ctx, func(tx *sql.Tx) error {
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		docs, err := labels(ctx, tx, `SELECT id, title FROM documents WHERE deleted_at IS NULL ORDER BY title COLLATE NOCASE, id`)
		if err != nil {
			return fmt.Errorf("documents: %w", err)
		}
		cells, err := cells(ctx, tx, cellsQuery)
		if err != nil {
			return err
		}
		m = annotate.NewMatrix("Tag", tags, docs, cells)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tag × document matrix: %w", err)
	}
	return m, nil
}

// TagCooccurrence counts pairs of overlapping live passages per pair of
// tags; see annotate.Cooccurrence.
func (db *DB) TagCooccurrence(ctx context.Context) (*annotate.Matrix, error) {
	var m *annotate.Matrix
	err := db.read(ctx, func(tx *sql.Tx) error {
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		// One row per live passage, its live tag applications folded in;
		// tags deleted from the codebook are left out by Cooccurrence.
		rows, err := tx.QueryContext(ctx, `SELECT p.document_id, p.start_offset, p.end_offset,
				(SELECT group_concat(pt.tag_id) FROM passage_tags pt WHERE pt.passage_id = p.id AND pt.deleted_at IS NULL)
			FROM passages p JOIN documents d ON d.id = p.document_id
			WHERE p.deleted_at IS NULL AND d.deleted_at IS NULL`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var spans []annotate.Span
		for rows.Next() {
			var s annotate.Span
			var tags sql.NullString
			if err := rows.Scan(&s.DocumentID, &s.Start, &s.End, &tags); err != nil {
				return err
			}
			if tags.String != "" {
				s.Tags = strings.Split(tags.String, ",")
				spans = append(spans, s)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		m = annotate.Cooccurrence(tags, spans)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tag co-occurrence: %w", err)
	}
	return m, nil
}

// AuthorTagMatrix counts live passages per author (rows, by name) and tag
// (columns, in codebook order); a row's total counts each passage once.
// Label IDs of the rows are the authors' names.
func (db *DB) AuthorTagMatrix(ctx context.Context) (*annotate.Matrix, error) {
	var m *annotate.Matrix
	err := db.read(ctx, func(tx *sql.Tx) error {
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		authors, err := labels(ctx, tx, `SELECT a.name, a.name FROM authors a
			WHERE EXISTS (SELECT 1 FROM passages p JOIN documents d ON d.id = p.document_id
				WHERE p.author_id = a.id AND p.deleted_at IS NULL AND d.deleted_at IS NULL)
			ORDER BY a.name COLLATE NOCASE`)
		if err != nil {
			return fmt.Errorf("authors: %w", err)
		}
		cs, err := cells(ctx, tx, `SELECT a.name, pt.tag_id, count(*)`+liveTagged+` GROUP BY a.name, pt.tag_id`)
		if err != nil {
			return err
		}
		m = annotate.NewMatrix("Author", authors, tags, cs)
		totals, err := cells(ctx, tx, `SELECT a.name, '', count(DISTINCT p.id)`+liveTagged+` GROUP BY a.name`)
		if err != nil {
			return err
		}
		m.Totals = make([]int, len(authors))
		for i, a := range authors {
			for _, c := range totals {
				if c.Row == a.ID {
					m.Totals[i] = c.N
				}
			}
		}
		m.TotalName = "Passages"
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("passages per author: %w", err)
	}
	return m, nil
}

// tagLabels lists the live codebook in its order.
func tagLabels(ctx context.Context, tx *sql.Tx) ([]annotate.Label, error) {
	ls, err := labels(ctx, tx, `SELECT id, name FROM tags WHERE deleted_at IS NULL ORDER BY sort_order, name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	return ls, nil
}

func labels(ctx context.Context, tx *sql.Tx, q string) ([]annotate.Label, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ls []annotate.Label
	for rows.Next() {
		var l annotate.Label
		if err := rows.Scan(&l.ID, &l.Name); err != nil {
			return nil, err
		}
		ls = append(ls, l)
	}
	return ls, rows.Err()
}

func cells(ctx context.Context, tx *sql.Tx, q string) ([]annotate.Cell, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []annotate.Cell
	for rows.Next() {
		var c annotate.Cell
		if err := rows.Scan(&c.Row, &c.Col, &c.N); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}
