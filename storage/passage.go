package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's passage service.

// passageColumns are the columns of a passage p that passageReader.scan
// reads. The columns of a fixed width, the two UUIDs and the two times,
// come joined in one text with the provenance after them (see
// splitPassageKeys): every value handed from SQLite to Go costs a string
// copy and more, and a listing hands over many thousand rows.
const passageColumns = `p.id || p.document_id || p.created_at || p.updated_at || p.provenance,
	p.start_offset, p.end_offset, p.quote, p.prefix, p.suffix, p.author_id`

// idLen and timeLen are the lengths of the IDs (UUIDs) and times (see
// timeFormat) Gloss stores, the only ones a project's checks let through.
const (
	idLen   = 36
	timeLen = len(timeFormat)
)

// splitPassageKeys splits the first column of passageColumns into the
// passage's ID, its document's, its two times and its provenance.
func splitPassageKeys(s string) (id, doc, created, updated, provenance string, err error) {
	const fixed = 2*idLen + 2*timeLen
	if len(s) < fixed {
		return "", "", "", "", "", fmt.Errorf("passage row %q: an id or time is not in Gloss's form", annotate.Ellipsize(s, 40))
	}
	id, doc = s[:idLen], s[idLen:2*idLen]
	created, updated = s[2*idLen:2*idLen+timeLen], s[2*idLen+timeLen:fixed]
	switch provenance = s[fixed:]; provenance {
	case annotate.ProvenanceManual:
		provenance = annotate.ProvenanceManual // not a slice of s, which it would keep
	case annotate.ProvenanceAuto:
		provenance = annotate.ProvenanceAuto
	case annotate.ProvenanceImport:
		provenance = annotate.ProvenanceImport
	}
	return id, doc, created, updated, provenance, nil
}

const passageFrom = ` FROM passages p JOIN documents d ON d.id = p.document_id`

// passageReader turns rows into passages. It reads the few columns a
// listing needs per row and fills in author names, tags and notes from
// separate queries, which is much cheaper than joining them row by row.
type passageReader struct {
	authors  map[int64]string
	liveTags map[string]bool

	// The passages added (see add), in the order added, and how lookup
	// finds them: list is in ID order without repeats when byID is nil,
	// and next and last are where the last lookup ended and what it
	// looked for.
	list []*annotate.Passage
	byID map[string]*annotate.Passage
	next int
	last string

	slab    []annotate.Passage // passages are allocated in blocks: a listing makes thousands
	tagSlab []string           // and so are their tag lists, two places each

	// The values a row is scanned into, and dest pointing at them: held
	// here, they are not allocated anew for every row.
	keys, quote, prefix, suffix string
	start, end, author          int64 // int64, which database/sql assigns directly, unlike int
	dest                        []any
}

func newPassageReader(ctx context.Context, q querier) (*passageReader, error) {
	r := &passageReader{authors: map[int64]string{}, liveTags: map[string]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM authors`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		r.authors[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The codebook is small: checking a tag's liveness here spares the
	// tag queries a join per row.
	rows, err = q.QueryContext(ctx, `SELECT id FROM tags WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		r.liveTags[id] = true
	}
	return r, rows.Err()
}

// scan reads one row of passageColumns. The passage is not one of r's
// until added with add.
func (r *passageReader) scan(row rowScanner) (*annotate.Passage, error) {
	if len(r.slab) == cap(r.slab) {
		r.slab = make([]annotate.Passage, 0, 256)
	}
	r.slab = r.slab[:len(r.slab)+1]
	p := &r.slab[len(r.slab)-1]
	if r.dest == nil {
		r.dest = []any{&r.keys, &r.start, &r.end, &r.quote, &r.prefix, &r.suffix, &r.author}
	}
	var created, updated string
	err := row.Scan(r.dest...)
	if err == nil {
		p.ID, p.DocumentID, created, updated, p.Provenance, err = splitPassageKeys(r.keys)
	}
	if err != nil {
		*p = annotate.Passage{} // the next scan reuses it
		r.slab = r.slab[:len(r.slab)-1]
		return nil, err
	}
	p.Quote, p.Prefix, p.Suffix = r.quote, r.prefix, r.suffix
	p.Start, p.End = int(r.start), int(r.end)
	p.Author = r.authors[r.author]
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return p, nil
}

// addTag appends tag to p's tags, taking the first two places from r's
// block of them.
func (r *passageReader) addTag(p *annotate.Passage, tag string) {
	if p.Tags != nil {
		p.Tags = append(p.Tags, tag)
		return
	}
	if len(r.tagSlab)+2 > cap(r.tagSlab) {
		r.tagSlab = make([]string, 0, 512)
	}
	n := len(r.tagSlab)
	r.tagSlab = r.tagSlab[:n+2]
	p.Tags = r.tagSlab[n : n+1 : n+2]
	p.Tags[0] = tag
}

// add makes the passages ps r's, to be filled in, in place of any added
// before, and returns them without repeats (a query joining several of a
// passage's tags lists it for each), keeping the first. ps is r's until
// filled: a listing in ID order is looked up in place.
func (r *passageReader) add(ps []*annotate.Passage) []*annotate.Passage {
	r.byID, r.next, r.last = nil, 0, ""
	if inIDOrder(ps) {
		// Listings by tag or of the whole project come in ID order: the
		// tag and note rows, in the same order, are found by moving
		// forward, without a map of thousands of IDs.
		r.list = ps
		return ps
	}
	r.byID = make(map[string]*annotate.Passage, len(ps))
	kept := ps[:0]
	for _, p := range ps {
		if r.byID[p.ID] == nil {
			r.byID[p.ID] = p
			kept = append(kept, p)
		}
	}
	r.list = kept
	return kept
}

// inIDOrder reports whether ps is in ascending order of ID, without
// repeats.
func inIDOrder(ps []*annotate.Passage) bool {
	for i := 1; i < len(ps); i++ {
		if ps[i].ID <= ps[i-1].ID {
			return false
		}
	}
	return true
}

// rewind makes the next lookup start from the first passage, for rows of
// another query.
func (r *passageReader) rewind() { r.next, r.last = 0, "" }

// lookup returns the passage added with ID id, or nil.
func (r *passageReader) lookup(id string) *annotate.Passage {
	if r.byID != nil {
		return r.byID[id]
	}
	// r.list is in ID order. Rows in ID order, as the fill queries give
	// them for such a list, are found by moving forward from the last;
	// any other by a binary search.
	i := r.next
	if id < r.last {
		i, _ = slices.BinarySearchFunc(r.list, id, func(p *annotate.Passage, id string) int { return strings.Compare(p.ID, id) })
	} else {
		for i < len(r.list) && r.list[i].ID < id {
			i++
		}
	}
	r.next, r.last = i, id
	if i < len(r.list) && r.list[i].ID == id {
		return r.list[i]
	}
	return nil
}

// fillScope narrows the queries for tags and notes to the passages being
// read. join, if set, is a table or subquery named f with a passage_id
// column, joined in front (and so driving the query); where are further
// conditions, in which "{id}" stands for the passage ID column.
type fillScope struct {
	join  string
	where []string
	args  []any
}

// from returns the FROM and WHERE clauses reading table (aliased alias,
// with its passage ID in column passage_id) for the passages in scope.
func (s fillScope) from(table, alias string) string {
	id := alias + ".passage_id"
	q := ` FROM ` + table + ` ` + alias + ` WHERE ` + alias + `.deleted_at IS NULL`
	if s.join != "" {
		// CROSS JOIN keeps f outermost: one index search per passage.
		q = ` FROM ` + s.join + ` CROSS JOIN ` + table + ` ` + alias + ` ON ` + id + ` = f.passage_id WHERE ` + alias + `.deleted_at IS NULL`
	}
	for _, w := range s.where {
		q += ` AND ` + strings.ReplaceAll(w, "{id}", id)
	}
	return q
}

// tagApplication is one live tag on a passage, with the time it was applied.
type tagApplication struct {
	p       *annotate.Passage
	tag     string
	created string
}

// fill adds tags and notes to the passages read so far.
func (r *passageReader) fill(ctx context.Context, q querier, scope fillScope) error {
	if len(r.list) == 0 {
		return nil
	}
	r.rewind()
	// One text per row, of fixed-width parts, as in passageColumns.
	rows, err := q.QueryContext(ctx, `SELECT pt.passage_id || pt.tag_id || pt.created_at`+scope.from("passage_tags", "pt"), scope.args...)
	if err != nil {
		return err
	}
	var apps []tagApplication
	var row string
	for rows.Next() {
		if err := rows.Scan(&row); err != nil {
			rows.Close()
			return err
		}
		if len(row) != 2*idLen+timeLen {
			rows.Close()
			return fmt.Errorf("row of passage_tags %q: an id or time is not in Gloss's form", annotate.Ellipsize(row, 40))
		}
		pid, tid, created := row[:idLen], row[idLen:2*idLen], row[2*idLen:]
		if p := r.lookup(pid); p != nil && r.liveTags[tid] && !p.HasTag(tid) {
			r.addTag(p, tid)
			apps = append(apps, tagApplication{p, tid, created})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// A passage's tags are listed in the order applied, ties by ID: those
	// of the passages with more than one are put in order together.
	multi := apps[:0]
	for _, a := range apps {
		if len(a.p.Tags) > 1 {
			multi = append(multi, a)
		}
	}
	slices.SortFunc(multi, func(a, b tagApplication) int {
		if c := strings.Compare(a.p.ID, b.p.ID); c != 0 {
			return c
		}
		if c := strings.Compare(a.created, b.created); c != 0 {
			return c
		}
		return strings.Compare(a.tag, b.tag)
	})
	for i := 0; i < len(multi); {
		p, j := multi[i].p, i
		for ; j < len(multi) && multi[j].p == p; j++ {
			p.Tags[j-i] = multi[j].tag
		}
		i = j
	}
	r.rewind()
	rows, err = q.QueryContext(ctx, `SELECT n.passage_id, n.id, n.body, n.author_id, n.created_at, n.updated_at`+scope.from("notes", "n"), scope.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var pid, created, updated string
	var n annotate.Note
	var author int64
	for rows.Next() {
		n = annotate.Note{}
		if err := rows.Scan(&pid, &n.ID, &n.Text, &author, &created, &updated); err != nil {
			return err
		}
		if p := r.lookup(pid); p != nil {
			n.Author = r.authors[author]
			n.CreatedAt, n.UpdatedAt = parseTime(created), parseTime(updated)
			p.Note = n
		}
	}
	return rows.Err()
}

// CreatePassage adds a passage with its tags and note. The quote must match
// the document's text at [Start, End); Prefix and Suffix are filled in from
// the text when empty.
func (db *DB) CreatePassage(ctx context.Context, p *annotate.Passage) error {
	return db.CreatePassages(ctx, []*annotate.Passage{p})
}

// CreatePassages adds several passages in one transaction: all of them or,
// on the first error, none.
func (db *DB) CreatePassages(ctx context.Context, ps []*annotate.Passage) error {
	for _, p := range ps {
		if err := preparePassage(p); err != nil {
			return err
		}
	}
	var txNow string
	var held bool
	err := db.write(ctx, func(tx *Tx) error {
		txNow = tx.now
		var err error
		if held, err = tx.recordHoldings(ctx); err != nil {
			return err
		}
		texts := map[string]*annotate.Text{}
		liveTags := map[string]bool{}
		for _, p := range ps {
			if err := tx.createPassage(ctx, p, texts, liveTags); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if held {
		db.markHeld()
	}
	for _, p := range ps {
		p.Author = db.Author()
		p.CreatedAt, p.UpdatedAt = parseTime(txNow), parseTime(txNow)
	}
	return nil
}

// preparePassage gives a new passage its ID and provenance when it has
// none, and checks it.
func preparePassage(p *annotate.Passage) error {
	if p.ID == "" {
		p.ID = annotate.NewID()
	} else if !annotate.ValidID(p.ID) {
		return annotate.Errorf(annotate.EINVALID, "passage id %q is not a UUID", p.ID)
	}
	switch p.Provenance {
	case "":
		p.Provenance = annotate.ProvenanceManual
	case annotate.ProvenanceManual, annotate.ProvenanceAuto, annotate.ProvenanceImport:
	default:
		return annotate.Errorf(annotate.EINVALID, "passage provenance %q is not manual, auto or import", p.Provenance)
	}
	return p.Validate()
}

// createPassage inserts one validated passage; texts and liveTags cache
// document texts and checked tags across a batch.
func (tx *Tx) createPassage(ctx context.Context, p *annotate.Passage, texts map[string]*annotate.Text, liveTags map[string]bool) error {
	t, ok := texts[p.DocumentID]
	if !ok {
		var sum string
		err := tx.QueryRowContext(ctx, `SELECT sha256 FROM documents WHERE id = ? AND deleted_at IS NULL`, p.DocumentID).Scan(&sum)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "document %s not found", p.DocumentID)
		} else if err != nil {
			return fmt.Errorf("passage document: %w", err)
		}
		if t = tx.db.texts.get(p.DocumentID, sum); t == nil {
			var text string
			if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, p.DocumentID).Scan(&text); err != nil {
				return fmt.Errorf("passage document: %w", err)
			}
			t = annotate.NewText(text)
			tx.db.texts.put(p.DocumentID, sum, t)
		}
		texts[p.DocumentID] = t
	}
	if p.End > t.Len() {
		return annotate.Errorf(annotate.EINVALID, "passage range [%d, %d) is past the end of the document (%d)", p.Start, p.End, t.Len())
	}
	sel := annotate.Describe(t, p.Start, p.End)
	if sel.Exact != p.Quote {
		return annotate.Errorf(annotate.EINVALID, "quote %q does not match the document's text at [%d, %d)", annotate.Ellipsize(p.Quote, 40), p.Start, p.End)
	}
	if p.Prefix == "" && p.Suffix == "" {
		p.Prefix, p.Suffix = sel.Prefix, sel.Suffix
	}
	seen := map[string]bool{}
	for _, tag := range p.Tags {
		if seen[tag] {
			return annotate.Errorf(annotate.EINVALID, "code %s given twice", codeLabel(ctx, tx, tag))
		}
		seen[tag] = true
		if !liveTags[tag] {
			if err := tx.applicable(ctx, tag); err != nil {
				return err
			}
			liveTags[tag] = true
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.DocumentID, p.Start, p.End, p.Quote, p.Prefix, p.Suffix, p.Provenance, tx.authorID, tx.now, tx.now)
	if isPrimaryKeyConflict(err) {
		return annotate.Errorf(annotate.ECONFLICT, "a passage with id %s already exists", p.ID)
	} else if err != nil {
		return fmt.Errorf("insert passage: %w", err)
	}
	for _, tag := range p.Tags {
		if err := tx.addTag(ctx, p.ID, tag); err != nil {
			return err
		}
	}
	if p.Note.Text != "" {
		if err := tx.setNote(ctx, p.ID, p.Note.Text); err != nil {
			return err
		}
	}
	return nil
}

// Passage returns one live passage.
func (db *DB) Passage(ctx context.Context, id string) (*annotate.Passage, error) {
	var p *annotate.Passage
	err := db.read(ctx, func(tx *sql.Tx) error {
		r, err := newPassageReader(ctx, tx)
		if err != nil {
			return err
		}
		p, err = r.scan(tx.QueryRowContext(ctx, `SELECT `+passageColumns+passageFrom+`
			WHERE p.id = ? AND p.deleted_at IS NULL AND d.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s not found", id)
		} else if err != nil {
			return err
		}
		r.add([]*annotate.Passage{p})
		return r.fill(ctx, tx, fillScope{where: []string{"{id} = ?"}, args: []any{id}})
	})
	if annotate.ErrorCode(err) == annotate.ENOTFOUND {
		return nil, err
	} else if err != nil {
		return nil, fmt.Errorf("passage %s: %w", id, err)
	}
	return p, nil
}

// Passages lists live passages matching filter, by document title and start.
func (db *DB) Passages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error) {
	if f.Query != nil || f.Subcodes || len(f.Attributes) > 0 {
		return db.queryPassages(ctx, f)
	}
	list := func(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
	// Documents are few: their liveness is checked in Go, from the same
	// read that orders them, which spares the listing a search per passage.
	from := ` FROM passages p`
	where := []string{`p.deleted_at IS NULL`}
	var args []any
	// scope narrows the queries for tags and notes the same way, where it
	// can do so through indexes alone.
	var scope fillScope
	if len(f.TagIDs) > 0 {
		// The tag's index drives the query: one search per passage of the
		// tag, in passage ID order. A passage carrying two of the tags comes
		// twice; the reader keeps the first.
		scope.join = `passage_tags f`
		from = ` FROM passage_tags f CROSS JOIN passages p ON p.id = f.passage_id`
		cond := `f.deleted_at IS NULL AND f.tag_id IN (` + list(len(f.TagIDs)) + `)`
		where = append(where, cond)
		scope.where = append(scope.where, cond)
		for _, v := range f.TagIDs {
			args = append(args, v)
			scope.args = append(scope.args, v)
		}
	}
	if len(f.DocumentIDs) > 0 {
		where = append(where, `p.document_id IN (`+list(len(f.DocumentIDs))+`)`)
		scope.where = append(scope.where, `{id} IN (SELECT id FROM passages WHERE document_id IN (`+list(len(f.DocumentIDs))+`))`)
		for _, v := range f.DocumentIDs {
			args = append(args, v)
			scope.args = append(scope.args, v)
		}
	}
	if len(f.Authors) > 0 {
		where = append(where, `p.author_id IN (SELECT id FROM authors WHERE name IN (`+list(len(f.Authors))+`))`)
		for _, v := range f.Authors {
			args = append(args, v)
		}
	}
	var ps []*annotate.Passage
	err := db.readText(ctx, f.Text, func(tx *sql.Tx, x *textIndex) error {
		r, err := newPassageReader(ctx, tx)
		if err != nil {
			return err
		}
		order, err := liveDocumentOrder(ctx, tx)
		if err != nil {
			return err
		}
		cond, condArgs, err := textCondition(x, f.Text)
		if err != nil {
			return err
		}
		where, args, scope := where, args, scope
		if cond != "" {
			where = append(where[:len(where):len(where)], cond)
			args = append(args[:len(args):len(args)], condArgs...)
			if len(condArgs) == 1 {
				// The text's matches drive the tag and note queries too.
				if scope.join == "" {
					scope.join = `(SELECT value AS passage_id FROM json_each(?)) f`
					scope.args = append(condArgs[:1:1], scope.args...)
				} else {
					scope.where = append(scope.where[:len(scope.where):len(scope.where)], `{id} IN (SELECT value FROM json_each(?))`)
					scope.args = append(scope.args[:len(scope.args):len(scope.args)], condArgs...)
				}
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+passageColumns+from+` WHERE `+strings.Join(where, " AND "), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			p, err := r.scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			if _, live := order[p.DocumentID]; live {
				ps = append(ps, p)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ps) == 0 {
			return err
		}
		ps = r.add(ps)
		if err := r.fill(ctx, tx, scope); err != nil {
			return err
		}
		sortPassages(ps, order)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list passages: %w", err)
	}
	return ps, nil
}

// liveDocumentOrder maps every live document's ID to its place in a
// listing: by title folded to lower case, then by ID.
func liveDocumentOrder(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title FROM documents WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type doc struct{ id, title string }
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.title); err != nil {
			return nil, err
		}
		d.title = strings.ToLower(d.title)
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool {
		if docs[i].title != docs[j].title {
			return docs[i].title < docs[j].title
		}
		return docs[i].id < docs[j].id
	})
	order := make(map[string]int, len(docs))
	for i, d := range docs {
		order[d.id] = i
	}
	return order, nil
}

// sortPassages sorts ps by their document's place in order, then by start,
// end and ID.
func sortPassages(ps []*annotate.Passage, order map[string]int) {
	// Each passage's document is looked up once, not at every comparison.
	type key struct {
		doc, start, end int
		p               *annotate.Passage
	}
	keys := make([]key, len(ps))
	for i, p := range ps {
		keys[i] = key{order[p.DocumentID], p.Start, p.End, p}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.doc, b.doc); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.end, b.end); c != 0 {
			return c
		}
		return strings.Compare(a.p.ID, b.p.ID)
	})
	for i, k := range keys {
		ps[i] = k.p
	}
}

// AddTag applies a tag to a passage.
func (db *DB) AddTag(ctx context.Context, passageID, tagID string) error {
	var held bool
	err := db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
			return err
		}
		if err := tx.applicable(ctx, tagID); err != nil {
			return err
		}
		var err error
		if held, err = tx.recordHoldings(ctx); err != nil {
			return err
		}
		return tx.addTag(ctx, passageID, tagID)
	})
	if err == nil && held {
		db.markHeld()
	}
	return err
}

// addTag applies a tag to a passage. A passage's tags are listed by the
// created_at of their pairing, and every row of a transaction shares one
// time; so a tag applied after others in the same transaction (or after a
// colleague's pairing stamped by a clock running ahead) is stamped one
// microsecond after the passage's latest pairing, to keep the order applied.
func (tx *Tx) addTag(ctx context.Context, passageID, tagID string) error {
	created := tx.now
	var latest sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT max(created_at) FROM passage_tags WHERE passage_id = ?`, passageID).Scan(&latest); err != nil {
		return fmt.Errorf("code passage: %w", err)
	}
	if latest.Valid && latest.String >= created {
		created = formatTime(parseTime(latest.String).Add(time.Microsecond))
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?5, ?4)
		ON CONFLICT (passage_id, tag_id) DO UPDATE SET deleted_at = NULL, updated_at = ?4, author_id = ?3 WHERE deleted_at IS NOT NULL`,
		passageID, tagID, tx.authorID, tx.now, created)
	if err != nil {
		return fmt.Errorf("code passage: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.touchPassage(ctx, passageID)
	}
	return nil
}

func (tx *Tx) touchPassage(ctx context.Context, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE passages SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
		return fmt.Errorf("passage %s: %w", id, err)
	}
	return nil
}

// RemoveTag takes a tag off a passage. Removing the last tag is refused:
// delete the passage instead.
func (db *DB) RemoveTag(ctx context.Context, passageID, tagID string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
			return err
		}
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
			WHERE pt.passage_id = ? AND pt.deleted_at IS NULL AND t.deleted_at IS NULL AND pt.tag_id != ?`, passageID, tagID).Scan(&live); err != nil {
			return fmt.Errorf("take code off passage: %w", err)
		}
		if live == 0 {
			return annotate.Errorf(annotate.EINVALID, "a passage needs at least one code: delete the passage instead")
		}
		res, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = ?1, updated_at = ?1, author_id = ?4 WHERE passage_id = ?2 AND tag_id = ?3 AND deleted_at IS NULL`,
			tx.now, passageID, tagID, tx.authorID)
		if err != nil {
			return fmt.Errorf("take code off passage: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s is not coded with %s", passageID, codeLabel(ctx, tx, tagID))
		}
		if err := tx.touchPassage(ctx, passageID); err != nil {
			return err
		}
		return nil
	})
}

// SetNote sets a passage's note; an empty text deletes it.
func (db *DB) SetNote(ctx context.Context, passageID, text string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "passages", passageID, "passage"); err != nil {
			return err
		}
		if err := tx.setNote(ctx, passageID, text); err != nil {
			return err
		}
		return nil
	})
}

// MaxNoteLength is the longest note in characters.
const MaxNoteLength = 100000

func (tx *Tx) setNote(ctx context.Context, passageID, text string) error {
	if len([]rune(text)) > MaxNoteLength {
		return annotate.Errorf(annotate.EINVALID, "note is longer than %d characters", MaxNoteLength)
	}
	var id, body string
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, body, deleted_at FROM notes WHERE passage_id = ?`, passageID).Scan(&id, &body, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if text == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			annotate.NewID(), passageID, text, tx.authorID, tx.now, tx.now)
	case err != nil:
		return fmt.Errorf("note: %w", err)
	case text == "" && deleted.Valid, text == body && !deleted.Valid:
		return nil
	case text == "":
		_, err = tx.ExecContext(ctx, `UPDATE notes SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE notes SET body = ?1, deleted_at = NULL, updated_at = ?2, author_id = ?3 WHERE id = ?4`, text, tx.now, tx.authorID, id)
	}
	if err != nil {
		return fmt.Errorf("note: %w", err)
	}
	// The note is part of the passage: a changed note is a changed passage,
	// as a changed tag is.
	return tx.touchPassage(ctx, passageID)
}

// DeletePassage tombstones a passage.
func (db *DB) DeletePassage(ctx context.Context, id string) error {
	return db.setPassageDeleted(ctx, id, true)
}

// RestorePassage brings back a deleted passage.
func (db *DB) RestorePassage(ctx context.Context, id string) error {
	return db.setPassageDeleted(ctx, id, false)
}

func (db *DB) setPassageDeleted(ctx context.Context, id string, deleted bool) error {
	return db.write(ctx, func(tx *Tx) error {
		var q string
		if deleted {
			q = `UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NULL`
		} else {
			q = `UPDATE passages SET deleted_at = NULL, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NOT NULL`
		}
		res, err := tx.ExecContext(ctx, q, tx.now, id)
		if err != nil {
			return fmt.Errorf("passage %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages WHERE id = ?`, id).Scan(&exists); err != nil {
				return fmt.Errorf("passage %s: %w", id, err)
			}
			if exists == 0 {
				return annotate.Errorf(annotate.ENOTFOUND, "passage %s not found", id)
			}
		}
		return nil
	})
}

// isASCII reports whether s has only ASCII characters, the ones SQLite's
// lower() and NOCASE fold.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldCase maps every character of s to one representative of its case
// (Unicode simple case folding), so that "CAFÉ", "Café" and "café", or "Σ",
// "σ" and "ς", compare equal.
func foldCase(s string) string {
	if isASCII(s) {
		// An ASCII letter's smallest fold is its capital.
		return strings.ToUpper(s)
	}
	return strings.Map(func(r rune) rune {
		min := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < min {
				min = f
			}
		}
		return min
	}, s)
}

// matchesWords reports whether s holds folded, a text folded with
// foldCase, at the start of one of its words: after its start or a
// character that is not a letter or digit. This is how the text filter of
// a listing matches quotes and notes (see textCondition and textIndex).
func matchesWords(s, folded string) bool {
	if folded == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(folded)
	anywhere := !isWordRune(first)
	fs := foldCase(s)
	for i := 0; i < len(fs); {
		j := strings.Index(fs[i:], folded)
		if j < 0 {
			return false
		}
		j += i
		if r, _ := utf8.DecodeLastRuneInString(fs[:j]); anywhere || j == 0 || !isWordRune(r) {
			return true
		}
		_, size := utf8.DecodeRuneInString(fs[j:])
		i = j + size
	}
	return false
}

// isWordRune reports whether r is part of a word for the search index's
// tokenizer (unicode61: letters, numbers and private-use characters).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}
