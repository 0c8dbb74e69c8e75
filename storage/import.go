package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/annotate"
)

// Compile-time check that DB is a source for the interchange exporters.
var _ annotate.Source = (*DB)(nil)

// anchor places an imported selector in a document's text, tolerating
// edits to the text since the annotation was made.
var anchor = annotate.Anchor

// ImportBatch applies work read from another tool's file to the project, in
// one transaction: either everything that can be imported is, or, on error,
// nothing is. Documents are matched by ID, text hash, URL and, last, title
// or quotes; a document the file carries the text of and that matches none
// is added. Tags are matched by ID, then name; unknown ones are created.
// Passages are anchored by their quote on the matched documents and added
// with provenance "import", their author the annotation's coder: the
// annotations of one coder on one range become one passage with all their
// tags and notes, another coder's annotation on the same range that
// coder's own passage. A passage whose quote cannot be found is reported,
// not imported. Every time stored is one that check and merge accept.
// Importing the same file twice adds nothing the second time. The work is
// linear in the size of the file and of the project.
func (db *DB) ImportBatch(ctx context.Context, b *annotate.Batch) (*annotate.ImportReport, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var rep *annotate.ImportReport
	err := db.write(ctx, func(tx *Tx) error {
		im := &importer{
			tx:      tx,
			b:       b,
			rep:     &annotate.ImportReport{File: b.File, Format: b.Format},
			docs:    map[string]*docMatch{},
			tags:    map[string]string{},
			authors: map[string]int64{},
			clock:   time.Now(),
		}
		defer im.close()
		if err := im.run(ctx); err != nil {
			return fmt.Errorf("import %s: %w", b.File, err)
		}
		rep = im.rep
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// importer is the state of one ImportBatch.
type importer struct {
	tx    *Tx
	b     *annotate.Batch
	rep   *annotate.ImportReport
	clock time.Time // the computer's clock when the import began: no time from the file may lie ahead of it (see StoredTime)

	project       []*importDoc          // the project's documents, deleted ones included
	byID, byHash  map[string]*importDoc // live documents
	deletedByHash map[string]*importDoc
	byURL         map[string][]*importDoc // live documents by urlKey
	byTitle       map[string][]*importDoc // live documents by folded title
	docs          map[string]*docMatch    // batch document key -> project document (nil: none)
	quotes        map[string][]annotate.Selector

	tags     map[string]string                    // batch tag key -> project tag ID
	liveTags map[string]*importTag                // folded name -> live project tag
	created  map[string]string                    // folded name -> ID of tags created by this import
	grouping map[string]bool                      // project tag ID -> a grouping code
	nextSort int                                  // sort_order of the next tag created
	stmts    map[string]*sql.Stmt                 // prepared once: a file may hold 100,000s of codes or annotations
	authors  map[string]int64                     // name -> authors.id
	palette  int                                  // next palette colour for a new tag
	lines    map[*placement][]annotate.ReportLine // combined annotations, reported after their passage
}

// importDoc is a project document as the importer sees it.
type importDoc struct {
	id, title, url, hash string
	deleted              string // deleted_at, "" when live
	memo                 string
	text                 *annotate.Text
	finder               *annotate.QuoteFinder
}

// importTag is a live project tag as the importer sees it.
type importTag struct {
	id, name string
	grouping bool
}

// docMatch is the project document a batch document was matched to.
type docMatch struct {
	*importDoc
	how       string // how the batch document was matched
	trusted   bool   // same text for sure: positions alone may place a passage
	exactOnly bool   // matched on weak evidence: quotes must be found as they are
}

// placement is one passage to write: the first annotation of the file at
// its place (document, range, coder) with those that joined it.
type placement struct {
	p          *annotate.BatchPassage // the first annotation at this place
	doc        *docMatch
	start, end int
	author     int64
	tags       []string // batch tag keys, in the order the file gives them
	notes      []string
	noteID     string
	noteAuthor string
	noteTimes  [2]time.Time
	created    time.Time // earliest of the annotations
	updated    time.Time // latest
	matched    string    // ID of the project passage it already is, if any
}

func (im *importer) run(ctx context.Context) error {
	for _, w := range im.b.Warnings {
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportSkipped, What: "part", Detail: w})
	}
	if err := im.loadDocuments(ctx); err != nil {
		return err
	}
	im.quotes = map[string][]annotate.Selector{}
	for _, p := range im.b.Passages {
		if p.Selector.Exact != "" {
			im.quotes[p.Document] = append(im.quotes[p.Document], p.Selector)
		}
	}
	for _, bd := range im.b.Documents {
		if _, done := im.docs[bd.Key]; done {
			continue // the same key twice: the first one stands
		}
		if err := im.resolveDocument(ctx, bd); err != nil {
			return err
		}
	}
	places, err := im.place(ctx)
	if err != nil {
		return err
	}
	if err := im.resolveTags(ctx, places); err != nil {
		return err
	}
	for _, pl := range places {
		if err := im.write(ctx, pl); err != nil {
			return fmt.Errorf("annotation %s: %w", pl.p.Key, err)
		}
		for _, l := range im.lines[pl] {
			im.rep.Add(l)
		}
	}
	attrs, err := im.resolveAttributes(ctx)
	if err != nil {
		return err
	}
	if err := im.importValues(ctx, attrs); err != nil {
		return err
	}
	return im.importJournal(ctx)
}

// prepared returns the statement for query, prepared on first use: a
// statement that fires triggers (the search index, the analysis counts)
// costs more to prepare than to run.
func (im *importer) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := im.stmts[query]; st != nil {
		return st, nil
	}
	st, err := im.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if im.stmts == nil {
		im.stmts = map[string]*sql.Stmt{}
	}
	im.stmts[query] = st
	return st, nil
}

// exec runs query with a prepared statement.
func (im *importer) exec(ctx context.Context, query string, args ...any) error {
	st, err := im.prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// queryRow runs query with a prepared statement and scans its one row.
func (im *importer) queryRow(ctx context.Context, query string, args []any, dest ...any) error {
	st, err := im.prepared(ctx, query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// close releases the prepared statements.
func (im *importer) close() {
	for _, st := range im.stmts {
		st.Close()
	}
}

func (im *importer) loadDocuments(ctx context.Context) error {
	rows, err := im.tx.QueryContext(ctx, `SELECT id, title, url, sha256, coalesce(deleted_at, ''), memo FROM documents ORDER BY created_at, id`)
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	im.byID, im.byHash, im.deletedByHash = map[string]*importDoc{}, map[string]*importDoc{}, map[string]*importDoc{}
	im.byURL, im.byTitle = map[string][]*importDoc{}, map[string][]*importDoc{}
	for rows.Next() {
		d := &importDoc{}
		if err := rows.Scan(&d.id, &d.title, &d.url, &d.hash, &d.deleted, &d.memo); err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		im.add(d)
	}
	return rows.Err()
}

// add indexes a project document.
func (im *importer) add(d *importDoc) {
	im.project = append(im.project, d)
	if d.deleted != "" {
		if _, ok := im.deletedByHash[d.hash]; !ok {
			im.deletedByHash[d.hash] = d
		}
		return
	}
	im.byID[d.id], im.byHash[d.hash] = d, d
	if k := urlKey(d.url); k != "" {
		im.byURL[k] = append(im.byURL[k], d)
	}
	k := foldCase(strings.TrimSpace(d.title))
	im.byTitle[k] = append(im.byTitle[k], d)
}

// revive moves a restored document from the bin into the live indexes.
func (im *importer) revive(d *importDoc) {
	delete(im.deletedByHash, d.hash)
	d.deleted = ""
	im.byID[d.id], im.byHash[d.hash] = d, d
	if k := urlKey(d.url); k != "" {
		im.byURL[k] = append(im.byURL[k], d)
	}
	k := foldCase(strings.TrimSpace(d.title))
	im.byTitle[k] = append(im.byTitle[k], d)
}

// urlKey reduces a URL to what identifies a page: host, path without a
// trailing slash, and query; scheme, case of the host and fragment aside.
func urlKey(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.SplitN(s, "#", 2)[0], "/")
	}
	k := strings.ToLower(strings.TrimPrefix(u.Host, "www.")) + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

// resolveDocument finds the project document a batch document stands for,
// adding it when the batch carries its text and nothing matches.
func (im *importer) resolveDocument(ctx context.Context, bd *annotate.BatchDocument) error {
	var hash string
	if bd.Text != "" {
		hash = annotate.HashText(bd.Text)
	}
	var found *docMatch
	if d := im.byID[bd.ID]; bd.ID != "" && d != nil {
		found = &docMatch{importDoc: d, how: "same document ID", trusted: hash == "" || hash == d.hash}
	} else if d := im.byHash[hash]; hash != "" && d != nil {
		found = &docMatch{importDoc: d, how: "same text", trusted: true}
	} else if ds := im.byURL[urlKey(bd.URL)]; bd.URL != "" && len(ds) == 1 {
		found = &docMatch{importDoc: ds[0], how: "same URL"}
	}
	if found == nil && hash != "" {
		// The text may be in the bin: bring it back as CreateDocument would.
		if d := im.deletedByHash[hash]; d != nil {
			if err := im.restoreDocument(ctx, d); err != nil {
				return err
			}
			found = &docMatch{importDoc: d, how: "same text, restored from deleted documents", trusted: true}
		}
	}
	if found == nil && bd.Text == "" {
		var err error
		if found, err = im.matchByTitleOrQuotes(ctx, bd); err != nil {
			return err
		}
	}
	if found != nil {
		im.docs[bd.Key] = found
		detail := found.how + ": " + found.title
		if bd.Detail != "" {
			detail += "; " + bd.Detail
		}
		if memo := strings.TrimSpace(bd.Memo); memo != "" && found.memo == "" {
			if err := im.setMemo(ctx, found.importDoc, bd, memo); err != nil {
				return err
			}
			detail += "; its memo added"
		}
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "document", Key: bd.Key, ID: found.id, Detail: detail})
		return nil
	}
	if bd.Text == "" {
		im.docs[bd.Key] = nil
		return nil
	}
	d, detail, err := im.addDocument(ctx, bd, hash)
	if err != nil {
		return fmt.Errorf("document %s: %w", bd.Key, err)
	}
	im.docs[bd.Key] = &docMatch{importDoc: d, how: "added", trusted: true}
	im.add(d)
	if bd.Detail != "" {
		detail += "; " + bd.Detail
	}
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "document", Key: bd.Key, ID: d.id, Detail: detail})
	return nil
}

// minQuoteEvidence is how many code points of quoted text (with context
// when that decides) must match before a document is taken for the one an
// annotation file names under an unknown identifier.
const minQuoteEvidence = 20

// matchByTitleOrQuotes matches a batch document that carries no text and
// no identifier the project knows: by its title when one live document has
// it, the quotes then counted to say how far the match holds; else, or when
// none of the quotes is found there, as the one live document that holds
// every quote of the batch's passages on it, with their context if the
// quotes alone leave a choice (a colleague's copy of an article under
// another ID and without a URL, a web page saved as a file). Quotes are
// compared in their plain form (see annotate.FoldQuote).
func (im *importer) matchByTitleOrQuotes(ctx context.Context, bd *annotate.BatchDocument) (*docMatch, error) {
	sels := im.quotes[bd.Key]
	var byTitle *docMatch
	if title := strings.TrimSpace(bd.Title); title != "" {
		if ds := im.byTitle[foldCase(title)]; len(ds) == 1 {
			found := 0
			f, err := im.finderOf(ctx, ds[0])
			if err != nil {
				return nil, err
			}
			for _, sel := range sels {
				if f.Contains(sel.Exact) {
					found++
				}
			}
			byTitle = &docMatch{importDoc: ds[0], exactOnly: true, how: "same title"}
			switch {
			case len(sels) == 0:
			case found == 0:
				byTitle.how = fmt.Sprintf("same title, but none of its %d quote(s) found there", len(sels))
			default:
				byTitle.how = fmt.Sprintf("same title, %d of its %d quote(s) found there", found, len(sels))
			}
			if found > 0 || len(sels) == 0 {
				return byTitle, nil
			}
		}
	}
	byQuotes, err := im.matchByQuotes(ctx, sels)
	if err != nil || byQuotes != nil {
		return byQuotes, err
	}
	return byTitle, nil
}

// matchByQuotes finds the one live document holding every quote of sels;
// see matchByTitleOrQuotes. The candidates come from the full-text index
// (the words of the longest quote), so that matching many files' worth of
// documents stays linear; a quote too short to look up that way is looked
// for in every document.
func (im *importer) matchByQuotes(ctx context.Context, sels []annotate.Selector) (*docMatch, error) {
	if len(sels) == 0 {
		return nil, nil
	}
	quotedLen, contextLen := 0, 0
	longest := sels[0].Exact
	for _, sel := range sels {
		quotedLen += utf8.RuneCountInString(sel.Exact)
		contextLen += utf8.RuneCountInString(sel.Prefix + sel.Exact + sel.Suffix)
		if len(sel.Exact) > len(longest) {
			longest = sel.Exact
		}
	}
	// A short quote ("Putin") proves nothing: ask for enough text.
	if quotedLen < minQuoteEvidence && contextLen < minQuoteEvidence {
		return nil, nil
	}
	candidates, err := im.candidates(ctx, longest)
	if err != nil {
		return nil, err
	}
	var quoted, inContext []*importDoc
	for _, d := range candidates {
		f, err := im.finderOf(ctx, d)
		if err != nil {
			return nil, err
		}
		all, withContext := true, true
		for _, sel := range sels {
			if !f.Contains(sel.Exact) {
				all = false
				break
			}
			withContext = withContext && f.Contains(sel.Prefix+sel.Exact+sel.Suffix)
		}
		if all {
			quoted = append(quoted, d)
			if withContext {
				inContext = append(inContext, d)
			}
		}
	}
	found := &docMatch{exactOnly: true, how: "its quotes"}
	switch {
	case len(quoted) == 1 && quotedLen >= minQuoteEvidence:
		found.importDoc = quoted[0]
	case len(inContext) == 1 && contextLen >= minQuoteEvidence:
		found.importDoc = inContext[0]
	default:
		return nil, nil
	}
	if len(sels) > 1 {
		found.how = fmt.Sprintf("all %d of its quotes", len(sels))
	}
	return found, nil
}

// candidates returns the live documents that may hold quote: those the
// full-text index finds the quote's whole words in, or, for a quote of
// fewer than three words (its first and last may be cut), every one.
func (im *importer) candidates(ctx context.Context, quote string) ([]*importDoc, error) {
	words := strings.FieldsFunc(annotate.FoldQuote(quote), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) < 3 {
		var all []*importDoc
		for _, d := range im.project {
			if d.deleted == "" {
				all = append(all, d)
			}
		}
		return all, nil
	}
	inner := words[1 : len(words)-1] // the quote may start or end inside a word
	if len(inner) > 12 {
		inner = inner[:12]
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT k.document_id FROM search JOIN search_keys k ON k.id = search.rowid
		WHERE search MATCH ? AND k.document_id IS NOT NULL`, `body : "`+strings.Join(inner, " ")+`"`)
	if err != nil {
		return nil, fmt.Errorf("find documents by quote: %w", err)
	}
	defer rows.Close()
	var out []*importDoc
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find documents by quote: %w", err)
		}
		if d := im.byID[id]; d != nil {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

func (im *importer) restoreDocument(ctx context.Context, d *importDoc) error {
	tx := im.tx
	if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = NULL, updated_at = ?1 WHERE document_id = ?2 AND deleted_at = ?3`, tx.now, d.id, d.deleted); err != nil {
		return fmt.Errorf("restore document %s: %w", d.id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = NULL, updated_at = ? WHERE id = ?`, tx.now, d.id); err != nil {
		return fmt.Errorf("restore document %s: %w", d.id, err)
	}
	im.revive(d)
	return nil
}

// setMemo gives a matched document that has none the file's memo, written
// by the file's author of the document (by the importing researcher when
// it names none).
func (im *importer) setMemo(ctx context.Context, d *importDoc, bd *annotate.BatchDocument, memo string) error {
	memo = clip(memo, annotate.MaxMemo)
	author, err := im.author(ctx, bd.Author)
	if err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(ctx, `UPDATE documents SET memo = ?, memo_author_id = ?, memo_updated_at = ? WHERE id = ?`, memo, author, im.tx.now, d.id); err != nil {
		return fmt.Errorf("document %s memo: %w", d.id, err)
	}
	d.memo = memo
	return nil
}

func (im *importer) addDocument(ctx context.Context, bd *annotate.BatchDocument, hash string) (*importDoc, string, error) {
	doc := &annotate.Document{
		Title:     clip(oneLine(bd.Title), annotate.MaxTitle),
		Outlet:    clip(oneLine(bd.Outlet), annotate.MaxMetadata),
		Byline:    clip(oneLine(bd.Byline), annotate.MaxMetadata),
		Published: clip(oneLine(bd.Published), annotate.MaxPublished),
		URL:       clip(strings.TrimSpace(bd.URL), annotate.MaxURL),
		Source:    clip(im.b.File, annotate.MaxMetadata),
		Memo:      clip(strings.TrimSpace(bd.Memo), annotate.MaxMemo),
		Text:      bd.Text,
	}
	if doc.Title == "" {
		doc.Title = "Untitled document"
	}
	if err := doc.Validate(); err != nil {
		return nil, "", err
	}
	id, err := im.freeID(ctx, "documents", bd.ID)
	if err != nil {
		return nil, "", err
	}
	author, err := im.author(ctx, bd.Author)
	if err != nil {
		return nil, "", err
	}
	created, note := im.stamp(bd.CreatedAt)
	memoUpdated := ""
	if doc.Memo != "" {
		memoUpdated = im.tx.now
	}
	err = im.exec(ctx, `INSERT INTO documents (id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, memo, memo_author_id, memo_updated_at, text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?13 = '' THEN NULL ELSE ?10 END, nullif(?, ''), ?)`,
		id, doc.Title, doc.Outlet, doc.Byline, doc.Published, doc.URL, doc.Source, hash, utf8.RuneCountInString(doc.Text), author,
		created, later(created, im.tx.now), doc.Memo, memoUpdated, doc.Text)
	if err != nil {
		return nil, "", fmt.Errorf("insert document %q: %w", doc.Title, err)
	}
	// Attributes named after its metadata are filled in, as for a file
	// imported on its own.
	if err := im.tx.attributesFromMetadata(ctx, id, doc); err != nil {
		return nil, "", err
	}
	detail := doc.Title
	if doc.Memo != "" {
		detail += "; with its memo"
	}
	return &importDoc{id: id, title: doc.Title, url: doc.URL, hash: hash, memo: doc.Memo, text: annotate.NewText(doc.Text)}, detail + note, nil
}

// freeID returns want when it is a Gloss ID not yet used in table, else a new ID.
func (im *importer) freeID(ctx context.Context, table, want string) (string, error) {
	if !annotate.ValidID(want) {
		return annotate.NewID(), nil
	}
	var n int
	if err := im.queryRow(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, []any{want}, &n); err != nil {
		return "", fmt.Errorf("look up %s: %w", want, err)
	}
	if n > 0 {
		return annotate.NewID(), nil
	}
	return want, nil
}

// textOf loads a project document's text.
func (im *importer) textOf(ctx context.Context, d *importDoc) (*annotate.Text, error) {
	if d.text == nil {
		var s string
		if err := im.queryRow(ctx, `SELECT text FROM documents WHERE id = ?`, []any{d.id}, &s); err != nil {
			return nil, fmt.Errorf("document %s: %w", d.id, err)
		}
		d.text = annotate.NewText(s)
	}
	return d.text, nil
}

// finderOf prepares a project document's text for finding quotes in their
// plain form.
func (im *importer) finderOf(ctx context.Context, d *importDoc) (*annotate.QuoteFinder, error) {
	if d.finder == nil {
		t, err := im.textOf(ctx, d)
		if err != nil {
			return nil, err
		}
		d.finder = annotate.NewQuoteFinder(t)
	}
	return d.finder, nil
}

// locate anchors a batch passage on its document: exactly, then by its
// quote in plain form (typographic differences aside), then, on a document
// that is surely the same text, tolerating edits. how says how it was
// found when that is worth saying.
func (im *importer) locate(ctx context.Context, p *annotate.BatchPassage, doc *docMatch) (start, end int, how string, err error) {
	t, err := im.textOf(ctx, doc.importDoc)
	if err != nil {
		return 0, 0, "", err
	}
	sel := p.Selector
	if !p.HasPosition {
		sel.Start, sel.End = -1, -1
	}
	if sel.Exact == "" {
		if p.HasPosition && doc.trusted && sel.Start >= 0 && sel.Start < sel.End && sel.End <= t.Len() {
			return sel.Start, sel.End, "", nil
		}
		return 0, 0, fmt.Sprintf("no quote to find it by in %q", doc.title), nil
	}
	if start, end, ok := annotate.AnchorExact(t, sel); ok {
		return start, end, "", nil
	}
	f, err := im.finderOf(ctx, doc.importDoc)
	if err != nil {
		return 0, 0, "", err
	}
	if start, end, ok := f.Anchor(sel); ok {
		return start, end, "", nil
	}
	if !doc.exactOnly {
		if start, end, ok := anchor(t, sel); ok {
			return start, end, "", nil
		}
	}
	how = fmt.Sprintf("quote %q not found in %q", annotate.Ellipsize(sel.Exact, 60), doc.title)
	if doc.exactOnly {
		how += fmt.Sprintf(" (the document was matched by %s; its text may differ)", strings.TrimPrefix(doc.how, "same "))
	}
	return 0, 0, how, nil
}

// place anchors every batch passage, reporting those that cannot be, and
// gathers the annotations of one coder on one range into one placement.
func (im *importer) place(ctx context.Context) ([]*placement, error) {
	var places []*placement
	at := map[string]*placement{} // document ID, range and coder -> the placement there
	im.lines = map[*placement][]annotate.ReportLine{}
	for _, p := range im.b.Passages {
		doc := im.docs[p.Document]
		if doc == nil {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: p.Key,
				Detail: fmt.Sprintf("no document in the project matches %s", describeBatchDocument(im.b.Document(p.Document)))})
			continue
		}
		start, end, why, err := im.locate(ctx, p, doc)
		if err != nil {
			return nil, err
		}
		if why != "" && start == end {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: p.Key, Detail: why})
			continue
		}
		author, err := im.author(ctx, p.Author)
		if err != nil {
			return nil, err
		}
		k := fmt.Sprintf("%s/%d/%d/%d", doc.id, start, end, author)
		if first := at[k]; first != nil {
			im.combine(first, p)
			continue
		}
		pl := &placement{p: p, doc: doc, start: start, end: end, author: author, noteID: p.NoteID, noteAuthor: p.NoteAuthor,
			created: p.CreatedAt, updated: p.UpdatedAt}
		pl.tags = appendNew(nil, p.Tags...)
		if n := strings.TrimSpace(p.Note); n != "" {
			pl.notes = []string{n}
			pl.noteTimes = [2]time.Time{p.NoteCreated, p.NoteUpdated}
		}
		at[k] = pl
		if pl.matched, err = im.existing(ctx, pl); err != nil {
			return nil, err
		}
		places = append(places, pl)
	}
	return places, nil
}

// combine joins annotation p to the placement on the same range by the
// same coder: its tags and note go to that passage.
func (im *importer) combine(pl *placement, p *annotate.BatchPassage) {
	added := 0
	for _, k := range p.Tags {
		if !contains(pl.tags, k) {
			pl.tags = append(pl.tags, k)
			added++
		}
	}
	detail := fmt.Sprintf("same range and coder as %s: one passage", pl.p.Key)
	switch {
	case added > 0:
		detail += fmt.Sprintf(", with its %d more code(s)", added)
	case len(p.Tags) > 0:
		detail += " (its codes were there already)"
	}
	if n := strings.TrimSpace(p.Note); n != "" {
		if !containsNote(pl.notes, n) {
			if len(pl.notes) == 0 {
				pl.noteID, pl.noteAuthor = p.NoteID, p.NoteAuthor
				pl.noteTimes = [2]time.Time{p.NoteCreated, p.NoteUpdated}
			}
			pl.notes = append(pl.notes, n)
			detail += " and its note"
		}
	}
	if !p.CreatedAt.IsZero() && (pl.created.IsZero() || p.CreatedAt.Before(pl.created)) {
		pl.created = p.CreatedAt
	}
	if p.UpdatedAt.After(pl.updated) {
		pl.updated = p.UpdatedAt
	}
	im.lines[pl] = append(im.lines[pl], annotate.ReportLine{Kind: annotate.ReportCombined, What: "passage", Key: p.Key, Detail: detail})
}

// containsNote reports whether notes already hold note (or a note that
// includes it).
func containsNote(notes []string, note string) bool {
	for _, n := range notes {
		if strings.Contains(n, note) {
			return true
		}
	}
	return false
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if !contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func describeBatchDocument(d *annotate.BatchDocument) string {
	if d == nil {
		return "(none)"
	}
	s := d.Key
	if d.Title != "" && d.Title != d.Key {
		s += fmt.Sprintf(" (%q)", annotate.Ellipsize(d.Title, 60))
	}
	return s
}

// existing returns the ID of the live passage the placement already is: the
// one with the passage's ID, or the same coder's on the same range.
func (im *importer) existing(ctx context.Context, pl *placement) (string, error) {
	var id string
	err := im.queryRow(ctx, `SELECT id FROM passages WHERE deleted_at IS NULL AND document_id = ?1
		AND (id = ?2 OR (start_offset = ?3 AND end_offset = ?4 AND author_id = ?5)) ORDER BY id = ?2 DESC, created_at LIMIT 1`,
		[]any{pl.doc.id, pl.p.ID, pl.start, pl.end, pl.author}, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("look up passage: %w", err)
	}
	return id, nil
}

// resolveTags matches or creates the tags the placed passages need and
// every codebook tag of the batch.
func (im *importer) resolveTags(ctx context.Context, places []*placement) error {
	need := map[string]bool{}
	untagged := false
	for _, pl := range places {
		for _, k := range pl.tags {
			need[k] = true
		}
		untagged = untagged || len(pl.tags) == 0
	}
	if err := im.loadTags(ctx); err != nil {
		return err
	}
	visiting := map[string]bool{}
	var ensure func(t *annotate.BatchTag) error
	ensure = func(t *annotate.BatchTag) error {
		if _, done := im.tags[t.Key]; done {
			return nil
		}
		if visiting[t.Key] {
			return annotate.Errorf(annotate.EINVALID, "code %q is nested inside itself", t.Name)
		}
		visiting[t.Key] = true
		parentID := ""
		if t.ParentKey != "" {
			parent := im.b.Tag(t.ParentKey)
			if err := ensure(parent); err != nil {
				return err
			}
			parentID = im.tags[parent.Key]
		}
		id, err := im.resolveTag(ctx, t, parentID, need[t.Key])
		if err != nil {
			return fmt.Errorf("code %q: %w", t.Name, err)
		}
		im.tags[t.Key] = id
		return nil
	}
	for _, t := range im.b.Tags {
		if t.Codebook || need[t.Key] {
			if err := ensure(t); err != nil {
				return err
			}
		}
	}
	if untagged {
		t := &annotate.BatchTag{Key: "\x00" + annotate.ImportTagName, Name: annotate.ImportTagName,
			Description: "Annotations imported without a code of their own."}
		if err := ensure(t); err != nil {
			return err
		}
	}
	return nil
}

// loadTags reads the live codebook once: matching a codebook of many
// thousand codes by name must not ask the database for each.
func (im *importer) loadTags(ctx context.Context) error {
	im.liveTags, im.created, im.grouping = map[string]*importTag{}, map[string]string{}, map[string]bool{}
	rows, err := im.tx.QueryContext(ctx, `SELECT id, name, codable = 0 FROM tags WHERE deleted_at IS NULL`)
	if err != nil {
		return fmt.Errorf("list codes: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		t := &importTag{}
		if err := rows.Scan(&t.id, &t.name, &t.grouping); err != nil {
			return fmt.Errorf("list codes: %w", err)
		}
		im.liveTags[foldCase(t.name)] = t
		im.grouping[t.id] = t.grouping
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list codes: %w", err)
	}
	im.palette = n
	if err := im.tx.QueryRowContext(ctx, `SELECT coalesce(max(sort_order), 0) FROM tags`).Scan(&im.nextSort); err != nil {
		return fmt.Errorf("list codes: %w", err)
	}
	return nil
}

// resolveTag matches a batch tag to a live project tag by ID, then by name,
// or creates it under parentID. used says passages of the batch carry it:
// a grouping code the file applies anyway becomes an ordinary code.
func (im *importer) resolveTag(ctx context.Context, t *annotate.BatchTag, parentID string, used bool) (string, error) {
	tx := im.tx
	name := clip(oneLine(t.Name), annotate.MaxTagName)
	if name == "" {
		name = "Untitled code"
	}
	if annotate.ValidID(t.ID) {
		var stored string
		err := im.queryRow(ctx, `SELECT name FROM tags WHERE id = ? AND deleted_at IS NULL`, []any{t.ID}, &stored)
		if err == nil {
			return t.ID, im.matchedTag(ctx, t, t.ID, "same code ID: "+stored, used)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	detail := ""
	if other, ok := im.created[foldCase(name)]; ok && other != "" {
		// Another code of the same file has this name (REFI-QDA allows it
		// in different branches); Gloss names are unique.
		renamed := name
		if p := im.b.Tag(t.ParentKey); p != nil {
			renamed = clip(fmt.Sprintf("%s (%s)", name, oneLine(p.Name)), annotate.MaxTagName)
		}
		for i := 2; im.nameTaken(renamed); i++ {
			renamed = clip(fmt.Sprintf("%s %d", name, i), annotate.MaxTagName)
		}
		detail = fmt.Sprintf("renamed from %q, the name of another code in the file; ", name)
		name = renamed
	} else if same := im.liveTags[foldCase(name)]; same != nil {
		im.created[foldCase(name)] = ""
		return same.id, im.matchedTag(ctx, t, same.id, "same name: "+same.name, used)
	}
	color := strings.ToLower(t.Color)
	if !annotate.ValidColor(color) {
		color = annotate.Palette[im.palette%len(annotate.Palette)]
	}
	im.palette++
	grouping := t.Grouping
	if grouping && used {
		grouping = false
		detail += "marked as a grouping code in the file, which applies it to passages all the same: an ordinary code; "
	} else if grouping {
		detail += "a grouping code; "
	}
	tag := &annotate.Tag{Name: name, Color: color, Description: clip(t.Description, annotate.MaxTagDescription), ParentID: parentID, Grouping: grouping}
	if err := tag.Validate(); err != nil {
		return "", err
	}
	id, err := im.freeID(ctx, "tags", t.ID)
	if err != nil {
		return "", err
	}
	author, err := im.author(ctx, t.Author)
	if err != nil {
		return "", err
	}
	created, note := im.stamp(t.CreatedAt)
	im.nextSort++
	if err := im.exec(ctx, `INSERT INTO tags (id, name, color, description, parent_id, codable, sort_order, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?)`, id, tag.Name, tag.Color, tag.Description, parentID, codable(grouping), im.nextSort,
		author, created, later(created, tx.now)); err != nil {
		return "", fmt.Errorf("insert code: %w", err)
	}
	im.created[foldCase(name)] = id
	im.grouping[id] = grouping
	memo, err := im.tagMemo(ctx, t, id)
	if err != nil {
		return "", err
	}
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "tag", Key: t.Key, ID: id, Detail: detail + name + note + memo})
	return id, nil
}

// matchedTag reports a batch tag matched to the project's tag id. When the
// file's passages carry it and the project's tag is a grouping code, the
// codings are kept and the tag becomes an ordinary code, which the report
// says.
func (im *importer) matchedTag(ctx context.Context, t *annotate.BatchTag, id, detail string, used bool) error {
	if used && im.grouping[id] {
		if _, err := im.tx.ExecContext(ctx, `UPDATE tags SET codable = 1, updated_at = ? WHERE id = ?`, im.tx.now, id); err != nil {
			return fmt.Errorf("code %s: %w", id, err)
		}
		im.grouping[id] = false
		detail += "; a grouping code here, which the file applies to passages: made an ordinary code"
	}
	memo, err := im.tagMemo(ctx, t, id)
	if err != nil {
		return err
	}
	detail += memo
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "tag", Key: t.Key, ID: id, Detail: detail})
	return nil
}

// nameTaken reports whether a live tag, or one this import created, has
// the name, ignoring case.
func (im *importer) nameTaken(name string) bool {
	k := foldCase(name)
	_, created := im.created[k]
	return created || im.liveTags[k] != nil
}

// tagIDs returns the project tag IDs of a placement, without repeats.
func (im *importer) tagIDs(pl *placement) []string {
	keys := pl.tags
	if len(keys) == 0 {
		keys = []string{"\x00" + annotate.ImportTagName}
	}
	var ids []string
	seen := map[string]bool{}
	for _, k := range keys {
		if id := im.tags[k]; !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// write adds a placed passage, or completes the passage it already is.
func (im *importer) write(ctx context.Context, pl *placement) error {
	p := pl.p
	tags := im.tagIDs(pl)
	note := strings.Join(pl.notes, "\n\n")
	if utf8.RuneCountInString(note) > MaxNoteLength {
		return annotate.Errorf(annotate.EINVALID, "note is longer than %d characters", MaxNoteLength)
	}
	noteAuthor := pl.author
	if pl.noteAuthor != "" {
		var err error
		if noteAuthor, err = im.author(ctx, pl.noteAuthor); err != nil {
			return err
		}
	}
	if pl.matched != "" {
		return im.complete(ctx, pl, tags, note, noteAuthor)
	}

	t, err := im.textOf(ctx, pl.doc.importDoc)
	if err != nil {
		return err
	}
	sel := annotate.Describe(t, pl.start, pl.end)
	id, err := im.freeID(ctx, "passages", p.ID)
	if err != nil {
		return err
	}
	created, timeNote := im.stamp(pl.created)
	updated := created
	if u, ok := im.stored(pl.updated); ok && u > created {
		updated = u
	}
	err = im.exec(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, pl.doc.id, pl.start, pl.end, sel.Exact, sel.Prefix, sel.Suffix, annotate.ProvenanceImport, pl.author, created, updated)
	if err != nil {
		return fmt.Errorf("insert passage: %w", err)
	}
	for i, tag := range tags {
		// Keep the file's tag order: passages list tags by created_at.
		at := formatTime(parseTime(created).Add(time.Duration(i) * time.Microsecond))
		if err := im.exec(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)`,
			id, tag, pl.author, at); err != nil {
			return fmt.Errorf("code passage: %w", err)
		}
	}
	if note != "" {
		noteID, err := im.freeID(ctx, "notes", pl.noteID)
		if err != nil {
			return err
		}
		nc, nu := created, updated
		if c, ok := im.stored(pl.noteTimes[0]); ok {
			nc = c
		}
		if u, ok := im.stored(pl.noteTimes[1]); ok && u > nc {
			nu = u
		} else if nu < nc {
			nu = nc
		}
		if err := im.exec(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			noteID, id, note, noteAuthor, nc, nu); err != nil {
			return fmt.Errorf("note: %w", err)
		}
	}
	line := annotate.ReportLine{Kind: annotate.ReportAdded, What: "passage", Key: p.Key, ID: id,
		Detail: fmt.Sprintf("%q in %q", annotate.Ellipsize(sel.Exact, 50), pl.doc.title)}
	if p.HasPosition && (pl.start != p.Selector.Start || pl.end != p.Selector.End) {
		line.Kind = annotate.ReportReanchored
		line.Detail += fmt.Sprintf(", moved from [%d, %d) to [%d, %d)", p.Selector.Start, p.Selector.End, pl.start, pl.end)
	}
	if p.Moved != "" {
		line.Kind = annotate.ReportReanchored
		line.Detail += "; " + p.Moved
	}
	switch {
	case p.Selector.Exact == "" || p.Selector.Exact == sel.Exact:
	case annotate.SameQuote(p.Selector.Exact, sel.Exact):
		line.Detail += fmt.Sprintf("; the file's quote differs only in spaces, quotation marks or dashes (%q)", annotate.Ellipsize(p.Selector.Exact, 50))
	default:
		line.Kind = annotate.ReportReanchored
		line.Detail += fmt.Sprintf("; the text has changed: the file quoted %q", annotate.Ellipsize(p.Selector.Exact, 50))
	}
	if pl.doc.how != "" && pl.doc.how != "added" && !pl.doc.trusted {
		line.Detail += " (document matched by " + strings.TrimPrefix(strings.SplitN(pl.doc.how, ",", 2)[0], "same ") + ")"
	}
	if len(pl.tags) == 0 {
		line.Detail += fmt.Sprintf("; no code in the file: coded %q", annotate.ImportTagName)
	}
	line.Detail += timeNote
	im.rep.Add(line)
	return nil
}

// complete adds to the project passage a placement already is (the same
// ID, or the same coder's passage on the same range) the tags it lacks and
// the note: a note where it has none, appended to its note otherwise
// unless that holds it already.
func (im *importer) complete(ctx context.Context, pl *placement, tags []string, note string, noteAuthor int64) error {
	tx := im.tx
	var added []string
	for _, id := range tags {
		var n int
		if err := im.queryRow(ctx, `SELECT count(*) FROM passage_tags WHERE passage_id = ? AND tag_id = ? AND deleted_at IS NULL`, []any{pl.matched, id}, &n); err != nil {
			return err
		}
		if n == 0 && len(pl.tags) > 0 {
			if err := tx.addTag(ctx, pl.matched, id); err != nil {
				return err
			}
			added = append(added, id)
		}
	}
	detail := "already in the project"
	if len(added) > 0 {
		detail += fmt.Sprintf("; %d code(s) added to it", len(added))
	}
	if note != "" {
		changed := true
		var noteID, body string
		var deleted sql.NullString
		err := im.queryRow(ctx, `SELECT id, body, deleted_at FROM notes WHERE passage_id = ?`, []any{pl.matched}, &noteID, &body, &deleted)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, err := im.freeID(ctx, "notes", pl.noteID)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)`,
				id, pl.matched, note, noteAuthor, tx.now); err != nil {
				return fmt.Errorf("note: %w", err)
			}
			detail += "; note added to it"
		case err != nil:
			return fmt.Errorf("note: %w", err)
		case deleted.Valid || strings.TrimSpace(body) == "":
			if _, err := tx.ExecContext(ctx, `UPDATE notes SET body = ?1, deleted_at = NULL, author_id = ?2, updated_at = ?3 WHERE id = ?4`,
				note, noteAuthor, tx.now, noteID); err != nil {
				return fmt.Errorf("note: %w", err)
			}
			detail += "; note added to it"
		case !strings.Contains(body, note):
			joined := body + "\n\n" + note
			if utf8.RuneCountInString(joined) > MaxNoteLength {
				return annotate.Errorf(annotate.EINVALID, "its note and the passage's own are together longer than %d characters", MaxNoteLength)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE notes SET body = ?1, updated_at = ?2 WHERE id = ?3`, joined, tx.now, noteID); err != nil {
				return fmt.Errorf("note: %w", err)
			}
			detail += "; its note appended to the passage's own"
		default:
			changed = false // the passage's note holds it already
		}
		if changed {
			if err := tx.touchPassage(ctx, pl.matched); err != nil {
				return err
			}
		}
	}
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "passage", Key: pl.p.Key, ID: pl.matched, Detail: detail})
	return nil
}

// author returns the authors-table id of name, the importing researcher
// when name is empty.
func (im *importer) author(ctx context.Context, name string) (int64, error) {
	name = clip(oneLine(name), 200)
	if name == "" {
		return im.tx.authorID, nil
	}
	if id, ok := im.authors[name]; ok {
		return id, nil
	}
	id, err := authorID(ctx, im.tx.Tx, name, im.tx.now)
	if err != nil {
		return 0, err
	}
	im.authors[name] = id
	return id, nil
}

// stored returns a time from the file in Gloss's stored form, when it is
// one check and merge accept (StoredTime, the rule they apply).
func (im *importer) stored(t time.Time) (string, bool) {
	if t.IsZero() {
		return "", false
	}
	s, err := StoredTime(t, im.clock)
	return s, err == nil
}

// stamp returns the time to store for a time from the file: the file's,
// or, when it gave none or one that check and merge refuse (dated in the
// future, out of range), the time of the import, with a note saying so for
// the report.
func (im *importer) stamp(t time.Time) (string, string) {
	if t.IsZero() {
		return im.tx.now, ""
	}
	if s, ok := im.stored(t); ok {
		return s, ""
	}
	return im.tx.now, fmt.Sprintf("; dated %s in the file, which lies in the future or out of range: stored as the time of the import", t.UTC().Format(time.RFC3339))
}

// oneLine trims s and folds its runs of white space into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// clip cuts s to at most n code points.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n]))
}
