package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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

// AnalysisScope narrows an analysis to some documents, and makes a code
// count its sub-codes.
type AnalysisScope struct {
	DocumentIDs []string // nil: every live document
	// Attributes keeps only the documents meeting every condition.
	Attributes []annotate.AttributeCondition
	// Subcodes makes each tag count the passages of its sub-codes, at
	// every depth, as its own: a passage carrying a tag and its sub-tag
	// counts once.
	Subcodes bool
}

// resolve returns the scope with its attribute conditions turned into
// the documents they keep.
func (db *DB) resolve(ctx context.Context, s AnalysisScope) (AnalysisScope, error) {
	if len(s.Attributes) == 0 {
		return s, nil
	}
	ids, err := db.DocumentsWhere(ctx, s.Attributes)
	if err != nil {
		return s, err
	}
	if s.DocumentIDs != nil {
		in := map[string]bool{}
		for _, d := range s.DocumentIDs {
			in[d] = true
		}
		kept := ids[:0]
		for _, d := range ids {
			if in[d] {
				kept = append(kept, d)
			}
		}
		ids = kept
	}
	s.DocumentIDs, s.Attributes = ids, nil
	return s, nil
}

// keeps returns whether the scope takes in a document.
func (s AnalysisScope) keeps() func(doc string) bool {
	if s.DocumentIDs == nil {
		return func(string) bool { return true }
	}
	in := make(map[string]bool, len(s.DocumentIDs))
	for _, d := range s.DocumentIDs {
		in[d] = true
	}
	return func(doc string) bool { return in[doc] }
}

// TagDocumentMatrix counts live passages per tag (rows, in codebook order)
// and document (columns, by title). A row's total is its tag's passages.
func (db *DB) TagDocumentMatrix(ctx context.Context) (*annotate.Matrix, error) {
	return db.TagDocumentMatrixIn(ctx, AnalysisScope{})
}

// TagDocumentMatrixIn is TagDocumentMatrix over the scope's documents,
// with sub-codes counted when it says so.
func (db *DB) TagDocumentMatrixIn(ctx context.Context, scope AnalysisScope) (*annotate.Matrix, error) {
	scope, err := db.resolve(ctx, scope)
	if err != nil {
		return nil, err
	}
	m, err := db.tagDocumentMatrix(ctx, countsQuery)
	if err != nil {
		return nil, err
	}
	if scope.Subcodes {
		err = db.read(ctx, func(tx *sql.Tx) error {
			cb, err := readCodebook(ctx, tx)
			if err != nil {
				return err
			}
			col := make(map[string]int, len(m.Cols))
			for j, c := range m.Cols {
				col[c.ID] = j
			}
			for i, r := range m.Rows {
				family := cb.expand([]string{r.ID}, true)
				if len(family) < 2 {
					continue
				}
				cs, err := familyCells(ctx, tx, `p.document_id`, family)
				if err != nil {
					return err
				}
				for j := range m.Counts[i] {
					m.Counts[i][j] = 0
				}
				for _, c := range cs {
					if j, ok := col[c.Col]; ok {
						m.Counts[i][j] = c.N
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("code × document matrix: %w", err)
		}
	}
	return m.KeepCols(scope.keeps()), nil
}

// maintainedCounts reads the counts the triggers of 004_analysis.sql keep,
// a row per tag with its documents' counts folded into one string (some
// 20,000 cells in a project of 1,000 documents and 20 codes, which
// database/sql would otherwise read a row at a time). Cells of deleted
// tags and documents are included: NewMatrix drops them.
func maintainedCounts(ctx context.Context, tx *sql.Tx) ([]annotate.Cell, error) {
	rows, err := tx.QueryContext(ctx, `SELECT tag_id, count(*), group_concat(document_id || ' ' || n, ' ')
		FROM tag_document_counts WHERE n > 0 GROUP BY tag_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []annotate.Cell
	for rows.Next() {
		var tag, packed string
		var n int
		if err := rows.Scan(&tag, &n, &packed); err != nil {
			return nil, err
		}
		f := strings.Fields(packed)
		if len(f) != 2*n {
			return nil, fmt.Errorf("tag_document_counts: a malformed count of code %s", tag)
		}
		for k := 0; k < len(f); k += 2 {
			v, err := strconv.Atoi(f[k+1])
			if err != nil {
				return nil, fmt.Errorf("tag_document_counts: a malformed count of code %s", tag)
			}
			cs = append(cs, annotate.Cell{Row: tag, Col: f[k], N: v})
		}
	}
	return cs, rows.Err()
}

// familyCells counts the distinct live passages of live documents that
// carry any tag of family, grouped by the column expression by (of
// passages p and authors a).
func familyCells(ctx context.Context, tx *sql.Tx, by string, family []string) ([]annotate.Cell, error) {
	return familyCellsIn(ctx, tx, by, family, "", nil)
}

// familyCellsIn is familyCells with a further condition and its arguments.
func familyCellsIn(ctx context.Context, tx *sql.Tx, by string, family []string, where string, args []any) ([]annotate.Cell, error) {
	list, err := json.Marshal(family)
	if err != nil {
		return nil, err
	}
	// tag_spans (p) holds the live applications on live passages, each
	// code's in one range of its key.
	rows, err := tx.QueryContext(ctx, `SELECT '', `+by+`, count(DISTINCT p.passage_id) FROM tag_spans p
		JOIN documents d ON d.id = p.document_id
		JOIN authors a ON a.id = p.author_id
		WHERE p.tag_id IN (SELECT value FROM json_each(?)) AND d.deleted_at IS NULL`+where+`
		GROUP BY `+by, append([]any{string(list)}, args...)...)
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
				return fmt.Errorf("analysis counts: code %q in document %q counts %d passages, the passages say %d", r.Name, c.Name, got, want)
			}
		}
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
		var cs []annotate.Cell
		if cellsQuery == countsQuery {
			cs, err = maintainedCounts(ctx, tx)
		} else {
			cs, err = cells(ctx, tx, cellsQuery)
		}
		if err != nil {
			return err
		}
		m = annotate.NewMatrix("Code", tags, docs, cs)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("code × document matrix: %w", err)
	}
	return m, nil
}

// TagCooccurrence counts pairs of overlapping live passages per pair of
// tags; see annotate.Cooccurrence. The passages behind a cell are those
// of the query "row AND column" (see CooccurrenceQuery).
func (db *DB) TagCooccurrence(ctx context.Context) (*annotate.Matrix, error) {
	return db.TagCooccurrenceIn(ctx, AnalysisScope{})
}

// CooccurrenceQuery returns the code query that lists the passages behind
// a cell of the co-occurrence matrix: the passages of one tag that overlap
// a passage of the other (for the diagonal, the tag's passages).
func CooccurrenceQuery(row, col annotate.Label) *annotate.Query {
	r := annotate.CodeQuery(row.Name, row.ID)
	if row.ID == col.ID {
		return r
	}
	return annotate.AndQuery(r, annotate.CodeQuery(col.Name, col.ID))
}

// TagCooccurrenceIn is TagCooccurrence over the scope's documents; with
// sub-codes, a passage carrying a sub-tag counts as carrying its
// ancestors too.
func (db *DB) TagCooccurrenceIn(ctx context.Context, scope AnalysisScope) (*annotate.Matrix, error) {
	scope, err := db.resolve(ctx, scope)
	if err != nil {
		return nil, err
	}
	keep := scope.keeps()
	var m *annotate.Matrix
	err = db.read(ctx, func(tx *sql.Tx) error {
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		ancestors := map[string][]string{}
		if scope.Subcodes {
			cb, err := readCodebook(ctx, tx)
			if err != nil {
				return err
			}
			for _, t := range cb.tags {
				for _, d := range cb.expand([]string{t.ID}, true)[1:] {
					ancestors[d] = append(ancestors[d], t.ID)
				}
			}
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
			if tags.String != "" && keep(s.DocumentID) {
				s.Tags = strings.Split(tags.String, ",")
				for _, t := range s.Tags {
					for _, a := range ancestors[t] {
						if !slices.Contains(s.Tags, a) {
							s.Tags = append(s.Tags, a)
						}
					}
				}
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
		return nil, fmt.Errorf("code co-occurrence: %w", err)
	}
	return m, nil
}

// AuthorTagMatrix counts live passages per author (rows, by name) and tag
// (columns, in codebook order); a row's total counts each passage once.
// Label IDs of the rows are the authors' names.
func (db *DB) AuthorTagMatrix(ctx context.Context) (*annotate.Matrix, error) {
	return db.AuthorTagMatrixIn(ctx, AnalysisScope{})
}

// AuthorTagMatrixIn is AuthorTagMatrix over the scope's documents, with
// sub-codes counted when it says so.
func (db *DB) AuthorTagMatrixIn(ctx context.Context, scope AnalysisScope) (*annotate.Matrix, error) {
	scope, err := db.resolve(ctx, scope)
	if err != nil {
		return nil, err
	}
	var m *annotate.Matrix
	docs := ""
	var args []any
	if scope.DocumentIDs != nil {
		list, err := json.Marshal(scope.DocumentIDs)
		if err != nil {
			return nil, err
		}
		docs = ` AND p.document_id IN (SELECT value FROM json_each(?))`
		args = []any{string(list)}
	}
	err = db.read(ctx, func(tx *sql.Tx) error {
		tags, err := tagLabels(ctx, tx)
		if err != nil {
			return err
		}
		authors, err := labels(ctx, tx, `SELECT a.name, a.name FROM authors a
			WHERE EXISTS (SELECT 1 FROM passages p JOIN documents d ON d.id = p.document_id
				WHERE p.author_id = a.id AND p.deleted_at IS NULL AND d.deleted_at IS NULL`+docs+`)
			ORDER BY a.name COLLATE NOCASE`, args...)
		if err != nil {
			return fmt.Errorf("authors: %w", err)
		}
		cs, err := cells(ctx, tx, `SELECT a.name, pt.tag_id, count(*)`+liveTagged+docs+` GROUP BY a.name, pt.tag_id`, args...)
		if err != nil {
			return err
		}
		if scope.Subcodes {
			cb, err := readCodebook(ctx, tx)
			if err != nil {
				return err
			}
			for _, t := range tags {
				family := cb.expand([]string{t.ID}, true)
				if len(family) < 2 {
					continue
				}
				fc, err := familyCellsIn(ctx, tx, `a.name`, family, docs, args)
				if err != nil {
					return err
				}
				kept := cs[:0]
				for _, c := range cs {
					if c.Col != t.ID {
						kept = append(kept, c)
					}
				}
				cs = kept
				for _, c := range fc {
					cs = append(cs, annotate.Cell{Row: c.Col, Col: t.ID, N: c.N})
				}
			}
		}
		m = annotate.NewMatrix("Author", authors, tags, cs)
		totals, err := cells(ctx, tx, `SELECT a.name, '', count(DISTINCT p.id)`+liveTagged+docs+` GROUP BY a.name`, args...)
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
		return nil, fmt.Errorf("codes: %w", err)
	}
	return ls, nil
}

func labels(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]annotate.Label, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
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

func cells(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]annotate.Cell, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
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
