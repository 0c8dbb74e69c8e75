package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gloss/annotate"
)

// PassageRef is where a passage is: what a long list needs to order its
// passages and read those on screen (see PassagesByID).
type PassageRef struct {
	ID         string
	DocumentID string
	Start, End int
}

// QueryPassages returns the passages matching f, as Passages would list
// them, but only where they are, which is much cheaper for thousands of
// passages. f.Query is evaluated as annotate.EvalQuery describes; its
// codes are looked up by name where their TagIDs are nil, and an unknown
// one is an *annotate.QueryError pointing at it.
func (db *DB) QueryPassages(ctx context.Context, f annotate.PassageFilter) ([]PassageRef, error) {
	var refs []PassageRef
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		refs, _, err = queryRefs(ctx, tx, f)
		return err
	})
	if err != nil {
		if annotate.ErrorCode(err) == annotate.EINVALID {
			return nil, err
		}
		return nil, fmt.Errorf("query passages: %w", err)
	}
	return refs, nil
}

// PassagesByID reads the live passages with the given IDs, in that order;
// IDs of passages deleted or unknown are left out.
func (db *DB) PassagesByID(ctx context.Context, ids []string) ([]*annotate.Passage, error) {
	var ps []*annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		ps, err = passagesByID(ctx, tx, ids)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read passages: %w", err)
	}
	return ps, nil
}

// passagesByID reads passages by ID, in the order of ids.
func passagesByID(ctx context.Context, tx *sql.Tx, ids []string) ([]*annotate.Passage, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	r, err := newPassageReader(ctx, tx)
	if err != nil {
		return nil, err
	}
	order, err := liveDocumentOrder(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+passageColumns+` FROM json_each(?) f CROSS JOIN passages p ON p.id = f.value
		WHERE p.deleted_at IS NULL`, string(list))
	if err != nil {
		return nil, err
	}
	var ps []*annotate.Passage
	for rows.Next() {
		p, err := r.scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if _, live := order[p.DocumentID]; live {
			ps = append(ps, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ps = r.add(ps)
	scope := fillScope{join: `(SELECT value AS passage_id FROM json_each(?)) f`, args: []any{string(list)}}
	if err := r.fill(ctx, tx, scope); err != nil {
		return nil, err
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		if _, dup := at[id]; !dup {
			at[id] = i
		}
	}
	out := make([]*annotate.Passage, 0, len(ps))
	byID := make(map[string]*annotate.Passage, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	for i, id := range ids {
		if p := byID[id]; p != nil && at[id] == i {
			out = append(out, p)
		}
	}
	return out, nil
}

// codebook is the live codebook as a query needs it.
type codebook struct {
	tags   []*annotate.Tag
	live   map[string]bool
	byName map[string][]string // folded name → IDs (one, as live names are unique)
	names  []string
}

func readCodebook(ctx context.Context, q querier) (*codebook, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, coalesce(parent_id, '') FROM tags WHERE deleted_at IS NULL ORDER BY sort_order, name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cb := &codebook{live: map[string]bool{}, byName: map[string][]string{}}
	for rows.Next() {
		t := &annotate.Tag{}
		if err := rows.Scan(&t.ID, &t.Name, &t.ParentID); err != nil {
			return nil, err
		}
		cb.tags = append(cb.tags, t)
		cb.live[t.ID] = true
		k := foldCase(t.Name)
		cb.byName[k] = append(cb.byName[k], t.ID)
		cb.names = append(cb.names, t.Name)
	}
	return cb, rows.Err()
}

// expand returns the live tags among ids, with their sub-tags when sub
// is set.
func (cb *codebook) expand(ids []string, sub bool) []string {
	if sub {
		ids = annotate.WithSubtags(cb.tags, ids)
	}
	out := []string{}
	for _, id := range ids {
		if cb.live[id] {
			out = append(out, id)
		}
	}
	return out
}

// lookup returns the tag a code name stands for.
func (cb *codebook) lookup(name string) ([]string, error) {
	if ids := cb.byName[foldCase(strings.TrimSpace(name))]; len(ids) > 0 {
		return ids, nil
	}
	msg := fmt.Sprintf("no code named %s", annotate.QuoteCode(name))
	if s := annotate.SuggestName(name, cb.names); s != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", annotate.QuoteCode(s))
	} else if len(cb.names) == 0 {
		msg += " (the codebook is empty)"
	} else {
		msg += " (the codebook has: " + annotate.Ellipsize(strings.Join(cb.names, ", "), 200) + ")"
	}
	return nil, annotate.Errorf(annotate.ENOTFOUND, "%s", msg)
}

// bind returns a copy of q with every code bound to live tags: by name
// where its TagIDs are nil, and with sub-tags when sub is set.
func (cb *codebook) bind(q *annotate.Query, sub bool) (*annotate.Query, error) {
	q = q.Clone()
	src := q.String()
	for _, c := range q.Codes() {
		if c.TagIDs == nil {
			ids, err := cb.lookup(c.Code)
			if err != nil {
				// Point at the code in the text it was parsed from when it
				// was; otherwise at the code in the query as printed.
				pos := c.Pos
				if pos < 0 {
					pos = strings.Index(src, annotate.QuoteCode(c.Code))
				}
				return nil, &annotate.QueryError{Query: src, Pos: max(pos, 0), Msg: annotate.ErrorMessage(err)}
			}
			c.TagIDs = ids
		}
		c.TagIDs = cb.expand(c.TagIDs, sub)
	}
	return q, nil
}

// queryRefs evaluates f in tx: the matching passages in listing order. It
// also returns the passages' sorting keys (document order) for callers
// that read them whole.
func queryRefs(ctx context.Context, tx *sql.Tx, f annotate.PassageFilter) ([]PassageRef, map[string]int, error) {
	cb, err := readCodebook(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	order, err := liveDocumentOrder(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	var q *annotate.Query
	if f.Query != nil {
		if q, err = cb.bind(f.Query, f.Subcodes); err != nil {
			return nil, nil, err
		}
	}
	inScope := func(doc string) bool {
		_, live := order[doc]
		return live
	}
	if len(f.DocumentIDs) > 0 || len(f.Attributes) > 0 {
		var docs map[string]bool
		if len(f.DocumentIDs) > 0 {
			docs = map[string]bool{}
			for _, d := range f.DocumentIDs {
				docs[d] = true
			}
		}
		var meet map[string]bool
		if len(f.Attributes) > 0 {
			ids, err := documentsWhere(ctx, tx, f.Attributes)
			if err != nil {
				return nil, nil, err
			}
			meet = map[string]bool{}
			for _, d := range ids {
				meet[d] = true
			}
		}
		inScope = func(doc string) bool {
			_, live := order[doc]
			return live && (docs == nil || docs[doc]) && (meet == nil || meet[doc])
		}
	}
	authorIDs, err := authorsNamed(ctx, tx, f.Authors)
	if err != nil {
		return nil, nil, err
	}

	// The passages the query reads: those of its codes, or every passage
	// in scope; with no query, those of f.TagIDs or every one.
	var filterTags []string
	if len(f.TagIDs) > 0 {
		filterTags = cb.expand(f.TagIDs, f.Subcodes)
	}
	var read []string // tags whose passages to read; nil: every passage
	switch {
	case q != nil && !q.NeedsAll():
		read = []string{}
		for _, c := range q.Codes() {
			read = append(read, c.TagIDs...)
		}
	case q == nil && len(f.TagIDs) > 0:
		read = filterTags
	}
	var tagged []string // tags whose applications the evaluation needs
	if q != nil {
		for _, c := range q.Codes() {
			tagged = append(tagged, c.TagIDs...)
		}
	}
	spans, refs, err := readSpans(ctx, tx, read, tagged, inScope, authorIDs)
	if err != nil {
		return nil, nil, err
	}
	keep := make([]bool, len(refs))
	if q == nil {
		for i := range keep {
			keep[i] = true
		}
	} else {
		var textErr error
		var hashes map[string]string // document ID → text hash, read once
		paragraphs := func(doc string) [][2]int {
			if hashes == nil {
				var err error
				if hashes, err = documentHashes(ctx, tx); err != nil {
					textErr, hashes = err, map[string]string{}
				}
			}
			ps, err := documentParagraphs(ctx, tx, doc, hashes[doc])
			if err != nil && textErr == nil {
				textErr = err
			}
			return ps
		}
		idx, err := annotate.EvalQuery(q, spans, paragraphs)
		if err != nil {
			return nil, nil, err
		}
		if textErr != nil {
			return nil, nil, textErr
		}
		for _, i := range idx {
			keep[i] = true
		}
	}
	if q != nil && filterTags != nil {
		carrying, err := passagesWithTags(ctx, tx, filterTags)
		if err != nil {
			return nil, nil, err
		}
		for i, r := range refs {
			keep[i] = keep[i] && carrying[r.ID]
		}
	}
	var out []PassageRef
	for i, r := range refs {
		if keep[i] {
			out = append(out, r)
		}
	}
	if needle := strings.TrimSpace(f.Text); needle != "" && len(out) > 0 {
		if out, err = withText(ctx, tx, out, foldCase(needle)); err != nil {
			return nil, nil, err
		}
	}
	sortRefs(out, order)
	return out, order, nil
}

// authorsNamed returns the IDs of the named authors; nil for no names. An
// unknown name matches nothing.
func authorsNamed(ctx context.Context, tx *sql.Tx, names []string) (map[int64]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(names)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM authors WHERE name IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

// readSpans reads the live passages in scope, by authors when authors is
// not nil: those carrying a tag of read, or every one when read is nil.
// Each span carries those of its live tags that are in tagged.
func readSpans(ctx context.Context, tx *sql.Tx, read, tagged []string, inScope func(string) bool, authors map[int64]bool) ([]annotate.Span, []PassageRef, error) {
	// Sized for the passages of the tags read, from the maintained counts.
	size := 0
	if read != nil {
		list, err := json.Marshal(read)
		if err != nil {
			return nil, nil, err
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM tag_document_counts WHERE tag_id IN (SELECT value FROM json_each(?))`,
			string(list)).Scan(&size); err != nil {
			return nil, nil, err
		}
	}
	spans := make([]annotate.Span, 0, size)
	refs := make([]PassageRef, 0, size)
	at := make(map[string]int, size)
	add := func(id, doc string, start, end, author int64) int {
		if i, ok := at[id]; ok {
			return i
		}
		if !inScope(doc) || authors != nil && !authors[author] {
			return -1
		}
		at[id] = len(refs)
		refs = append(refs, PassageRef{ID: id, DocumentID: doc, Start: int(start), End: int(end)})
		spans = append(spans, annotate.Span{DocumentID: doc, Start: int(start), End: int(end)})
		return len(refs) - 1
	}
	want := map[string]bool{}
	for _, t := range tagged {
		want[t] = true
	}
	scan := func(query string) error {
		rows, err := tx.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, doc string
			var start, end, author int64
			if err := rows.Scan(&id, &doc, &start, &end, &author); err != nil {
				return err
			}
			add(id, doc, start, end, author)
		}
		return rows.Err()
	}
	cols := `p.id, p.document_id, p.start_offset, p.end_offset, p.author_id`
	if read != nil {
		if len(read) == 0 {
			return nil, nil, nil
		}
		err := readTagSpans(ctx, tx, read, func(tag, id, doc string, start, end, author int64) {
			if i := add(id, doc, start, end, author); i >= 0 && want[tag] {
				spans[i].Tags = append(spans[i].Tags, tag)
			}
		})
		return spans, refs, err
	}
	if err := scan(`SELECT ` + cols + ` FROM passages p WHERE p.deleted_at IS NULL`); err != nil {
		return nil, nil, err
	}
	if len(tagged) > 0 {
		list, err := json.Marshal(tagged)
		if err != nil {
			return nil, nil, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT pt.passage_id, pt.tag_id FROM passage_tags pt
			WHERE pt.tag_id IN (SELECT value FROM json_each(?)) AND pt.deleted_at IS NULL`, string(list))
		if err != nil {
			return nil, nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id, tag string
			if err := rows.Scan(&id, &tag); err != nil {
				return nil, nil, err
			}
			if i, ok := at[id]; ok {
				spans[i].Tags = append(spans[i].Tags, tag)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return spans, refs, nil
}

// passagesWithTags returns the IDs of the passages carrying any of tags.
func passagesWithTags(ctx context.Context, tx *sql.Tx, tags []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(tags) == 0 {
		return out, nil
	}
	list, err := json.Marshal(tags)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT passage_id FROM passage_tags WHERE tag_id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// withText keeps the passages whose quote or live note has needle, folded
// with foldCase, at the start of a word (see matchesWords).
func withText(ctx context.Context, tx *sql.Tx, refs []PassageRef, needle string) ([]PassageRef, error) {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.quote, coalesce(n.body, '') FROM json_each(?) f
		CROSS JOIN passages p ON p.id = f.value
		LEFT JOIN notes n ON n.passage_id = p.id AND n.deleted_at IS NULL`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	match := map[string]bool{}
	for rows.Next() {
		var id, quote, note string
		if err := rows.Scan(&id, &quote, &note); err != nil {
			return nil, err
		}
		if matchesWords(quote, needle) || matchesWords(note, needle) {
			match[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := refs[:0]
	for _, r := range refs {
		if match[r.ID] {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// sortRefs sorts passages as listings do: by their document's place in
// order, then start, end and ID.
func sortRefs(refs []PassageRef, order map[string]int) {
	type key struct {
		doc, start, end int
		id              string
		i               int
	}
	keys := make([]key, len(refs))
	for i, r := range refs {
		keys[i] = key{order[r.DocumentID], r.Start, r.End, r.ID, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.doc != b.doc:
			return cmp.Compare(a.doc, b.doc)
		case a.start != b.start:
			return cmp.Compare(a.start, b.start)
		case a.end != b.end:
			return cmp.Compare(a.end, b.end)
		}
		return strings.Compare(a.id, b.id)
	})
	sorted := make([]PassageRef, len(refs))
	for i, k := range keys {
		sorted[i] = refs[k.i]
	}
	copy(refs, sorted)
}

// queryPassages is Passages for a filter with a code query or sub-codes.
func (db *DB) queryPassages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error) {
	var ps []*annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		refs, _, err := queryRefs(ctx, tx, f)
		if err != nil {
			return err
		}
		ids := make([]string, len(refs))
		for i, r := range refs {
			ids[i] = r.ID
		}
		ps, err = passagesByID(ctx, tx, ids)
		return err
	})
	if err != nil {
		if annotate.ErrorCode(err) == annotate.EINVALID {
			return nil, err
		}
		return nil, fmt.Errorf("list passages: %w", err)
	}
	return ps, nil
}

// readTagSpans calls row for every live application of the tags on a live
// passage, from tag_spans: a tag's passages are one range of its index,
// read a document at a time (one row per tag and document, its passages
// folded into one string), which spares database/sql a row per passage.
func readTagSpans(ctx context.Context, tx *sql.Tx, tags []string, row func(tag, id, doc string, start, end, author int64)) error {
	list, err := json.Marshal(tags)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.tag_id, s.document_id,
			group_concat(s.start_offset || ' ' || s.end_offset || ' ' || s.author_id || ' ' || s.passage_id, ' ')
		FROM tag_spans s WHERE s.tag_id IN (SELECT value FROM json_each(?))
		GROUP BY s.tag_id, s.document_id`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tag, doc, packed string
		if err := rows.Scan(&tag, &doc, &packed); err != nil {
			return err
		}
		f := strings.Fields(packed)
		if len(f)%4 != 0 {
			return fmt.Errorf("tag_spans: a malformed row for code %s in document %s", tag, doc)
		}
		for k := 0; k < len(f); k += 4 {
			start, err1 := strconv.ParseInt(f[k], 10, 64)
			end, err2 := strconv.ParseInt(f[k+1], 10, 64)
			author, err3 := strconv.ParseInt(f[k+2], 10, 64)
			if err1 != nil || err2 != nil || err3 != nil {
				return fmt.Errorf("tag_spans: a malformed row for code %s in document %s", tag, doc)
			}
			row(tag, f[k+3], doc, start, end, author)
		}
	}
	return rows.Err()
}

// paragraphCache holds documents' paragraphs by the SHA-256 of their text,
// which never changes after import: NEAR/paragraph reads a text once per
// process rather than once per query.
var paragraphCache struct {
	sync.Mutex
	bySHA map[string][][2]int
}

// maxCachedParagraphs bounds the texts whose paragraphs are kept.
const maxCachedParagraphs = 20000

// documentHashes returns the text hash of every live document: one query
// rather than one per document for NEAR/paragraph.
func documentHashes(ctx context.Context, q querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, sha256 FROM documents WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, sha string
		if err := rows.Scan(&id, &sha); err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		out[id] = sha
	}
	return out, rows.Err()
}

// documentParagraphs returns a document's paragraphs (annotate.Paragraphs),
// given the hash of its text ("": read it).
func documentParagraphs(ctx context.Context, q querier, doc, sha string) ([][2]int, error) {
	if sha == "" {
		if err := q.QueryRowContext(ctx, `SELECT sha256 FROM documents WHERE id = ?`, doc).Scan(&sha); err != nil {
			return nil, fmt.Errorf("document %s: %w", doc, err)
		}
	}
	paragraphCache.Lock()
	ps, ok := paragraphCache.bySHA[sha]
	paragraphCache.Unlock()
	if ok {
		return ps, nil
	}
	var text string
	if err := q.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, doc).Scan(&text); err != nil {
		return nil, fmt.Errorf("document %s: %w", doc, err)
	}
	if annotate.HashText(text) != sha {
		// A file whose hash does not match its text (gloss check says so):
		// work from the text, and keep nothing.
		return annotate.Paragraphs(text), nil
	}
	ps = annotate.Paragraphs(text)
	paragraphCache.Lock()
	if paragraphCache.bySHA == nil || len(paragraphCache.bySHA) >= maxCachedParagraphs {
		paragraphCache.bySHA = map[string][][2]int{}
	}
	paragraphCache.bySHA[sha] = ps
	paragraphCache.Unlock()
	return ps, nil
}
