package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gloss/annotate"
)

// PassageIndex is a listing of the passages matching a filter, held as
// where they are rather than as passages: how many each document has, in
// listing order (or, for a code query, the passages' places themselves).
// A long list reads the passages it shows a screen at a time with
// PassagesAt, so that its cost is a screen's, not the project's.
type PassageIndex struct {
	// Total is how many passages match.
	Total int

	runs []docRun     // the documents with passages that match, in listing order
	refs []PassageRef // for a code query or attribute filter: every match, in order
	plan *listPlan    // how to read a document's matches; nil with refs
	all  bool         // refs mode
	f    annotate.PassageFilter
}

// Filter returns the filter the index was made for.
func (x *PassageIndex) Filter() annotate.PassageFilter { return x.f }

// docRun is one document's matching passages: n of them, the first of which
// is at index first of the listing.
type docRun struct {
	doc      string
	first, n int
}

// listPlan is the SQL that reads the matches of a simple filter (codes,
// documents, coders, text): from and where select them, doc is the column of
// their document, distinct is set when a passage may come once per code.
type listPlan struct {
	from     string
	where    []string
	args     []any
	doc      string
	distinct bool

	// countFrom, when set, is a cheaper from for counting, in which
	// countKey names the passage.
	countFrom, countKey string

	// text, with its arguments, is the condition of the text filter (see
	// textCondition), and docMatches, once the listing is indexed, what it
	// keeps of each document: a JSON list of passage IDs by document ID,
	// which a document's page is read from.
	text       string
	textArgs   []any
	docMatches map[string]string
}

// IndexPassages returns the listing of the passages matching f, in the order
// Passages lists them, without reading the passages: it costs a count per
// document (or, for a code query, the query's evaluation), so that a list of
// a hundred thousand passages opens as fast as one of a hundred.
func (db *DB) IndexPassages(ctx context.Context, f annotate.PassageFilter) (*PassageIndex, error) {
	x := &PassageIndex{f: f}
	text := f.Text
	if f.Query != nil || len(f.Attributes) > 0 {
		text = "" // queryRefs filters the text itself
	}
	err := db.readText(ctx, text, func(tx *sql.Tx, ti *textIndex) error {
		if f.Query != nil || len(f.Attributes) > 0 {
			refs, _, err := queryRefs(ctx, tx, f)
			if err != nil {
				return err
			}
			x.refs, x.all, x.Total = refs, true, len(refs)
			return nil
		}
		plan, err := planListing(ctx, tx, f, ti)
		if err != nil || plan == nil {
			return err
		}
		x.plan = plan
		docs, err := liveDocumentsInOrder(ctx, tx)
		if err != nil {
			return err
		}
		if plan.text != "" {
			x.runs, x.Total, err = plan.indexMatches(ctx, tx, docs)
			return err
		}
		count, from := `count(*)`, plan.from
		if plan.countFrom != "" {
			from = plan.countFrom
		}
		if plan.distinct {
			count = `count(DISTINCT p.id)`
			if plan.countKey != "" {
				count = `count(DISTINCT ` + plan.countKey + `)`
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+plan.doc+`, `+count+from+` WHERE `+strings.Join(plan.where, " AND ")+
			` GROUP BY `+plan.doc, plan.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		counts := make(map[string]int, len(docs))
		for rows.Next() {
			var doc string
			var n int
			if err := rows.Scan(&doc, &n); err != nil {
				return err
			}
			counts[doc] = n
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range docs {
			if n := counts[d]; n > 0 {
				x.runs = append(x.runs, docRun{doc: d, first: x.Total, n: n})
				x.Total += n
			}
		}
		return nil
	})
	if err != nil {
		if annotate.ErrorCode(err) == annotate.EINVALID {
			return nil, err
		}
		return nil, fmt.Errorf("list passages: %w", err)
	}
	return x, nil
}

// PassagesAt reads up to n passages of the listing x from its index from
// on, as Passages would list them. Passages deleted since x was made are
// left out, so a page may come short while an edit is under way.
func (db *DB) PassagesAt(ctx context.Context, x *PassageIndex, from, n int) ([]*annotate.Passage, error) {
	if from < 0 || n <= 0 || from >= x.Total {
		return nil, nil
	}
	n = min(n, x.Total-from)
	var ps []*annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		var ids []string
		if x.all {
			for _, r := range x.refs[from : from+n] {
				ids = append(ids, r.ID)
			}
		} else {
			var err error
			if ids, err = x.plan.ids(ctx, tx, x.runs, from, n); err != nil {
				return err
			}
		}
		var err error
		ps, err = passagesByID(ctx, tx, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	return ps, nil
}

// indexMatches lists the matches of a text filter (which are few enough to
// be listed: the text index has found them), and returns the listing's
// runs in the order of docs and its total.
func (p *listPlan) indexMatches(ctx context.Context, tx *sql.Tx, docs []string) ([]docRun, int, error) {
	sel := `SELECT ` + p.doc + `, p.id`
	if p.distinct {
		sel = `SELECT DISTINCT ` + p.doc + `, p.id`
	}
	rows, err := tx.QueryContext(ctx, sel+p.from+` WHERE `+strings.Join(append(p.where[:len(p.where):len(p.where)], p.text), " AND "),
		append(p.args[:len(p.args):len(p.args)], p.textArgs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	byDoc := map[string][]string{}
	for rows.Next() {
		var doc, id string
		if err := rows.Scan(&doc, &id); err != nil {
			return nil, 0, err
		}
		byDoc[doc] = append(byDoc[doc], id)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	p.docMatches = make(map[string]string, len(byDoc))
	var runs []docRun
	total := 0
	for _, d := range docs {
		ids := byDoc[d]
		if len(ids) == 0 {
			continue
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return nil, 0, err
		}
		p.docMatches[d] = string(list)
		runs = append(runs, docRun{doc: d, first: total, n: len(ids)})
		total += len(ids)
	}
	return runs, total, nil
}

// ids returns the IDs of the n matches from index from on.
func (p *listPlan) ids(ctx context.Context, tx *sql.Tx, runs []docRun, from, n int) ([]string, error) {
	i := sort.Search(len(runs), func(i int) bool { return runs[i].first+runs[i].n > from })
	sel := `SELECT p.id`
	if p.distinct {
		sel = `SELECT DISTINCT p.id, p.start_offset, p.end_offset`
	}
	where := p.where
	if p.text != "" {
		// The document's matches, as the listing was indexed.
		where = append(where[:len(where):len(where)], `p.id IN (SELECT value FROM json_each(?))`)
	}
	q := sel + p.from + ` WHERE ` + strings.Join(where, " AND ") + ` AND ` + p.doc + ` = ?
		ORDER BY p.start_offset, p.end_offset, p.id LIMIT ? OFFSET ?`
	stmt, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	var ids []string
	for ; i < len(runs) && len(ids) < n; i++ {
		r := runs[i]
		skip := max(from-r.first, 0)
		args := append([]any{}, p.args...)
		if p.text != "" {
			args = append(args, p.docMatches[r.doc])
		}
		args = append(args, r.doc, n-len(ids), skip)
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var start, end int64
			dest := []any{&id}
			if p.distinct {
				dest = append(dest, &start, &end)
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// planListing returns the SQL reading the matches of f, which has no code
// query or attribute filter; nil when nothing can match (codes none of
// which is live).
func planListing(ctx context.Context, tx *sql.Tx, f annotate.PassageFilter, x *textIndex) (*listPlan, error) {
	p := &listPlan{}
	if len(f.TagIDs) > 0 {
		cb, err := readCodebook(ctx, tx)
		if err != nil {
			return nil, err
		}
		tags := cb.expand(f.TagIDs, f.Subcodes)
		if len(tags) == 0 {
			return nil, nil
		}
		list, err := json.Marshal(tags)
		if err != nil {
			return nil, err
		}
		// tag_spans holds the live applications on live passages, a code's
		// in document order: one range of its key per code and document.
		p.from = ` FROM tag_spans s CROSS JOIN passages p ON p.id = s.passage_id`
		p.where = []string{`s.tag_id IN (SELECT value FROM json_each(?))`}
		p.args = []any{string(list)}
		p.doc = `s.document_id`
		p.distinct = len(tags) > 1
		if len(f.Authors) > 0 {
			list, err := json.Marshal(f.Authors)
			if err != nil {
				return nil, err
			}
			p.where = append(p.where, `s.author_id IN (SELECT id FROM authors WHERE name IN (SELECT value FROM json_each(?)))`)
			p.args = append(p.args, string(list))
		}
	} else {
		p.from = ` FROM passages p`
		p.where = []string{`p.deleted_at IS NULL`}
		p.doc = `p.document_id`
		if len(f.Authors) > 0 {
			list, err := json.Marshal(f.Authors)
			if err != nil {
				return nil, err
			}
			p.where = append(p.where, `p.author_id IN (SELECT id FROM authors WHERE name IN (SELECT value FROM json_each(?)))`)
			p.args = append(p.args, string(list))
		}
	}
	if len(f.DocumentIDs) > 0 {
		list, err := json.Marshal(f.DocumentIDs)
		if err != nil {
			return nil, err
		}
		p.where = append(p.where, p.doc+` IN (SELECT value FROM json_each(?))`)
		p.args = append(p.args, string(list))
	}
	cond, args, err := textCondition(x, f.Text)
	if err != nil {
		return nil, err
	}
	if cond != "" {
		p.text, p.textArgs = cond, args
	}
	if p.doc == `s.document_id` && strings.TrimSpace(f.Text) == "" {
		// Counting needs no passage row: tag_spans has the document.
		p.countFrom, p.countKey = ` FROM tag_spans s`, `s.passage_id`
	}
	return p, nil
}

// liveDocumentsInOrder returns the IDs of the live documents in listing
// order (see liveDocumentOrder).
func liveDocumentsInOrder(ctx context.Context, q querier) ([]string, error) {
	order, err := liveDocumentOrder(ctx, q)
	if err != nil {
		return nil, err
	}
	docs := make([]string, len(order))
	for id, i := range order {
		docs[i] = id
	}
	return docs, nil
}

// textCondition returns the SQL condition, on a passage p, of the text
// filter text (see matchesWords), and its arguments; "" for no text. x is
// the text index of the transaction's snapshot (see readText), which finds
// the passages whose quote or note matches, exactly: the condition lists
// them, in its one argument, a JSON list of their IDs (no argument when
// none matches).
func textCondition(x *textIndex, text string) (string, []any, error) {
	needle := strings.TrimSpace(text)
	if needle == "" {
		return "", nil, nil
	}
	if x == nil {
		return "", nil, errors.New("text filter without its index")
	}
	ids := x.matches(foldCase(needle))
	if len(ids) == 0 {
		return `0`, nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return "", nil, err
	}
	return `p.id IN (SELECT value FROM json_each(?))`, []any{string(list)}, nil
}
