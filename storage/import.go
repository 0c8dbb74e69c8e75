package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
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
// nothing is. Documents are matched by ID, URL, text hash and, last, title;
// a document the file carries the text of and that matches none is added.
// Tags are matched by ID, then name; unknown ones are created. Passages are
// re-anchored by their quote onto the matched documents and added with
// provenance "import", their author the annotation's creator; a passage
// whose quote cannot be found is reported, not imported. Importing the same
// file twice adds nothing the second time.
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
		}
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
	tx  *Tx
	b   *annotate.Batch
	rep *annotate.ImportReport

	project []*importDoc         // the project's documents, deleted ones included
	docs    map[string]*docMatch // batch document key -> project document (nil: none)
	tags    map[string]string    // batch tag key -> project tag ID
	created map[string]string    // lower-case name -> ID of tags created by this import
	authors map[string]int64
	palette int // next palette colour for a new tag
}

// importDoc is a project document as the importer sees it.
type importDoc struct {
	id, title, url, hash string
	deleted              string // deleted_at, "" when live
	text                 *annotate.Text
}

// docMatch is the project document a batch document was matched to.
type docMatch struct {
	*importDoc
	how       string // how the batch document was matched
	trusted   bool   // same text for sure: positions alone may place a passage
	exactOnly bool   // matched on weak evidence: quotes must be found as they are
}

// placement is where a batch passage goes.
type placement struct {
	p          *annotate.BatchPassage
	doc        *docMatch
	start, end int
	matched    string // ID of the project passage it already is, if any
}

func (im *importer) run(ctx context.Context) error {
	for _, w := range im.b.Warnings {
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportSkipped, What: "part", Detail: w})
	}
	if err := im.loadDocuments(ctx); err != nil {
		return err
	}
	for _, bd := range im.b.Documents {
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
	}
	return nil
}

func (im *importer) loadDocuments(ctx context.Context) error {
	rows, err := im.tx.QueryContext(ctx, `SELECT id, title, url, sha256, coalesce(deleted_at, '') FROM documents ORDER BY created_at, id`)
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d := &importDoc{}
		if err := rows.Scan(&d.id, &d.title, &d.url, &d.hash, &d.deleted); err != nil {
			return fmt.Errorf("list documents: %w", err)
		}
		im.project = append(im.project, d)
	}
	return rows.Err()
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
	live := func(match func(d *importDoc) bool) []*importDoc {
		var found []*importDoc
		for _, d := range im.project {
			if d.deleted == "" && match(d) {
				found = append(found, d)
			}
		}
		return found
	}
	var found *docMatch
	switch {
	case bd.ID != "" && len(live(func(d *importDoc) bool { return d.id == bd.ID })) == 1:
		d := live(func(d *importDoc) bool { return d.id == bd.ID })[0]
		found = &docMatch{importDoc: d, how: "same document ID", trusted: hash == "" || hash == d.hash}
	case hash != "" && len(live(func(d *importDoc) bool { return d.hash == hash })) == 1:
		found = &docMatch{importDoc: live(func(d *importDoc) bool { return d.hash == hash })[0], how: "same text", trusted: true}
	case bd.URL != "" && len(live(func(d *importDoc) bool { return urlKey(d.url) == urlKey(bd.URL) })) == 1:
		found = &docMatch{importDoc: live(func(d *importDoc) bool { return urlKey(d.url) == urlKey(bd.URL) })[0], how: "same URL"}
	}
	if found == nil && hash != "" {
		// The text may be in the bin: bring it back as CreateDocument would.
		for _, d := range im.project {
			if d.hash == hash && d.deleted != "" {
				if err := im.restoreDocument(ctx, d); err != nil {
					return err
				}
				found = &docMatch{importDoc: d, how: "same text, restored from deleted documents", trusted: true}
				break
			}
		}
	}
	if found == nil && bd.Text == "" && strings.TrimSpace(bd.Title) != "" {
		byTitle := live(func(d *importDoc) bool {
			return strings.EqualFold(strings.TrimSpace(d.title), strings.TrimSpace(bd.Title))
		})
		if len(byTitle) == 1 {
			found = &docMatch{importDoc: byTitle[0], how: "same title (quotes verified)", exactOnly: true}
		}
	}
	if found == nil && bd.Text == "" {
		var err error
		if found, err = im.matchByQuotes(ctx, bd); err != nil {
			return err
		}
	}
	if found != nil {
		im.docs[bd.Key] = found
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "document", Key: bd.Key, ID: found.id, Detail: found.how + ": " + found.title})
		return nil
	}
	if bd.Text == "" {
		im.docs[bd.Key] = nil
		return nil
	}
	d, err := im.addDocument(ctx, bd, hash)
	if err != nil {
		return fmt.Errorf("document %s: %w", bd.Key, err)
	}
	im.docs[bd.Key] = &docMatch{importDoc: d, how: "added", trusted: true}
	im.project = append(im.project, d)
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "document", Key: bd.Key, ID: d.id, Detail: d.title})
	return nil
}

// minQuoteEvidence is how many code points of quoted text (with context
// when that decides) must match before a document is taken for the one an
// annotation file names under an unknown identifier.
const minQuoteEvidence = 20

// matchByQuotes finds the one live document that holds every quote the
// batch's passages on bd select, with their context if the quotes alone
// leave a choice: a colleague's copy of an article under another ID and
// without a URL, or a web page saved as a file.
func (im *importer) matchByQuotes(ctx context.Context, bd *annotate.BatchDocument) (*docMatch, error) {
	var sels []annotate.Selector
	for _, p := range im.b.Passages {
		if p.Document == bd.Key && p.Selector.Exact != "" {
			sels = append(sels, p.Selector)
		}
	}
	if len(sels) == 0 {
		return nil, nil
	}
	var quoted, inContext []*importDoc
	for _, d := range im.project {
		if d.deleted != "" {
			continue
		}
		t, err := im.textOf(ctx, d)
		if err != nil {
			return nil, err
		}
		text := t.String()
		all, withContext := true, true
		for _, sel := range sels {
			if !strings.Contains(text, sel.Exact) {
				all = false
				break
			}
			withContext = withContext && strings.Contains(text, sel.Prefix+sel.Exact+sel.Suffix)
		}
		if all {
			quoted = append(quoted, d)
			if withContext {
				inContext = append(inContext, d)
			}
		}
	}
	// A short quote ("Putin") proves nothing: ask for enough text.
	quotedLen, contextLen := 0, 0
	for _, sel := range sels {
		quotedLen += utf8.RuneCountInString(sel.Exact)
		contextLen += utf8.RuneCountInString(sel.Prefix + sel.Exact + sel.Suffix)
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

func (im *importer) restoreDocument(ctx context.Context, d *importDoc) error {
	tx := im.tx
	if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = NULL, updated_at = ?1 WHERE document_id = ?2 AND deleted_at = ?3`, tx.now, d.id, d.deleted); err != nil {
		return fmt.Errorf("restore document %s: %w", d.id, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = NULL, updated_at = ? WHERE id = ?`, tx.now, d.id); err != nil {
		return fmt.Errorf("restore document %s: %w", d.id, err)
	}
	d.deleted = ""
	return nil
}

func (im *importer) addDocument(ctx context.Context, bd *annotate.BatchDocument, hash string) (*importDoc, error) {
	doc := &annotate.Document{
		Title:     clip(oneLine(bd.Title), 1000),
		Outlet:    clip(oneLine(bd.Outlet), 1000),
		Byline:    clip(oneLine(bd.Byline), 1000),
		Published: clip(oneLine(bd.Published), 100),
		URL:       clip(strings.TrimSpace(bd.URL), 4000),
		Source:    clip(im.b.File, 1000),
		Text:      bd.Text,
	}
	if doc.Title == "" {
		doc.Title = "Untitled document"
	}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	id, err := im.freeID(ctx, "documents", bd.ID)
	if err != nil {
		return nil, err
	}
	author, err := im.author(ctx, bd.Author)
	if err != nil {
		return nil, err
	}
	created := im.stamp(bd.CreatedAt)
	_, err = im.tx.ExecContext(ctx, `INSERT INTO documents (id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, doc.Title, doc.Outlet, doc.Byline, doc.Published, doc.URL, doc.Source, hash, utf8.RuneCountInString(doc.Text), author, created, im.tx.now, doc.Text)
	if err != nil {
		return nil, fmt.Errorf("insert document %q: %w", doc.Title, err)
	}
	return &importDoc{id: id, title: doc.Title, url: doc.URL, hash: hash, text: annotate.NewText(doc.Text)}, nil
}

// freeID returns want when it is a Gloss ID not yet used in table, else a new ID.
func (im *importer) freeID(ctx context.Context, table, want string) (string, error) {
	if !annotate.ValidID(want) {
		return annotate.NewID(), nil
	}
	var n int
	if err := im.tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = ?`, want).Scan(&n); err != nil {
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
		if err := im.tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, d.id).Scan(&s); err != nil {
			return nil, fmt.Errorf("document %s: %w", d.id, err)
		}
		d.text = annotate.NewText(s)
	}
	return d.text, nil
}

// place anchors every batch passage, reporting those that cannot be.
func (im *importer) place(ctx context.Context) ([]*placement, error) {
	var places []*placement
	seen := map[string]*placement{} // document ID + range -> first placement there
	for _, p := range im.b.Passages {
		doc := im.docs[p.Document]
		if doc == nil {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: p.Key,
				Detail: fmt.Sprintf("no document in the project matches %s", describeBatchDocument(im.b.Document(p.Document)))})
			continue
		}
		t, err := im.textOf(ctx, doc.importDoc)
		if err != nil {
			return nil, err
		}
		sel := p.Selector
		if !p.HasPosition {
			sel.Start, sel.End = -1, -1
		}
		var start, end int
		var ok bool
		switch {
		case sel.Exact != "" && doc.exactOnly:
			start, end, ok = annotate.AnchorExact(t, sel)
		case sel.Exact != "":
			start, end, ok = anchor(t, sel)
		case p.HasPosition && doc.trusted && sel.Start >= 0 && sel.Start < sel.End && sel.End <= t.Len():
			start, end, ok = sel.Start, sel.End, true
		default:
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: p.Key,
				Detail: fmt.Sprintf("no quote to find it by in %q", doc.title)})
			continue
		}
		if !ok {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: p.Key,
				Detail: fmt.Sprintf("quote %q not found in %q", annotate.Ellipsize(sel.Exact, 60), doc.title)})
			continue
		}
		pl := &placement{p: p, doc: doc, start: start, end: end}
		k := fmt.Sprintf("%s/%d/%d", doc.id, start, end)
		if first := seen[k]; first != nil {
			pl.matched = "=" + first.p.Key // the same range twice in the file
		} else {
			seen[k] = pl
			if pl.matched, err = im.existing(ctx, pl); err != nil {
				return nil, err
			}
		}
		places = append(places, pl)
	}
	return places, nil
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
// one with the passage's ID, or one with the same range.
func (im *importer) existing(ctx context.Context, pl *placement) (string, error) {
	var id string
	err := im.tx.QueryRowContext(ctx, `SELECT id FROM passages WHERE deleted_at IS NULL AND document_id = ?1
		AND (id = ?2 OR (start_offset = ?3 AND end_offset = ?4)) ORDER BY id = ?2 DESC, created_at LIMIT 1`,
		pl.doc.id, pl.p.ID, pl.start, pl.end).Scan(&id)
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
		for _, k := range pl.p.Tags {
			need[k] = true
		}
		untagged = untagged || len(pl.p.Tags) == 0
	}
	var n int
	if err := im.tx.QueryRowContext(ctx, `SELECT count(*) FROM tags WHERE deleted_at IS NULL`).Scan(&n); err != nil {
		return fmt.Errorf("count tags: %w", err)
	}
	im.palette = n
	im.created = map[string]string{}
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
		id, err := im.resolveTag(ctx, t, parentID)
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
			Description: "Annotations imported without a tag of their own."}
		if err := ensure(t); err != nil {
			return err
		}
	}
	return nil
}

// resolveTag matches a batch tag to a live project tag by ID, then by name,
// or creates it under parentID.
func (im *importer) resolveTag(ctx context.Context, t *annotate.BatchTag, parentID string) (string, error) {
	tx := im.tx
	name := clip(oneLine(t.Name), annotate.MaxTagName)
	if name == "" {
		name = "Untitled code"
	}
	var id, stored string
	if annotate.ValidID(t.ID) {
		err := tx.QueryRowContext(ctx, `SELECT id, name FROM tags WHERE id = ? AND deleted_at IS NULL`, t.ID).Scan(&id, &stored)
		if err == nil {
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "tag", Key: t.Key, ID: id, Detail: "same tag ID: " + stored})
			return id, nil
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
		for i := 2; ; i++ {
			taken, err := im.nameTaken(ctx, renamed)
			if err != nil {
				return "", err
			}
			if !taken {
				break
			}
			renamed = clip(fmt.Sprintf("%s %d", name, i), annotate.MaxTagName)
		}
		detail = fmt.Sprintf("renamed from %q, the name of another code in the file; ", name)
		name = renamed
	} else {
		same, err := liveTagNamed(ctx, tx, name, "")
		if err != nil {
			return "", err
		}
		if same != nil {
			im.created[foldCase(name)] = ""
			im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "tag", Key: t.Key, ID: same.id, Detail: "same name: " + same.name})
			return same.id, nil
		}
	}
	color := strings.ToLower(t.Color)
	if !annotate.ValidColor(color) {
		color = annotate.Palette[im.palette%len(annotate.Palette)]
	}
	im.palette++
	tag := &annotate.Tag{Name: name, Color: color, Description: clip(t.Description, 10000), ParentID: parentID}
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
	_, err = tx.ExecContext(ctx, `INSERT INTO tags (id, name, color, description, parent_id, sort_order, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, nullif(?, ''), (SELECT coalesce(max(sort_order), 0) + 1 FROM tags), ?, ?, ?)`,
		id, tag.Name, tag.Color, tag.Description, parentID, author, im.stamp(t.CreatedAt), tx.now)
	if err != nil {
		return "", fmt.Errorf("insert tag: %w", err)
	}
	im.created[foldCase(name)] = id
	im.rep.Add(annotate.ReportLine{Kind: annotate.ReportAdded, What: "tag", Key: t.Key, ID: id, Detail: detail + name})
	return id, nil
}

// nameTaken reports whether a live tag, or one this import created, has
// the name, ignoring case.
func (im *importer) nameTaken(ctx context.Context, name string) (bool, error) {
	if _, ok := im.created[foldCase(name)]; ok {
		return true, nil
	}
	same, err := liveTagNamed(ctx, im.tx, name, "")
	return same != nil, err
}

// tagIDs returns the project tag IDs of a placed passage, without repeats.
func (im *importer) tagIDs(pl *placement) []string {
	keys := pl.p.Tags
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
	tx, p := im.tx, pl.p
	tags := im.tagIDs(pl)
	if utf8.RuneCountInString(p.Note) > MaxNoteLength {
		return annotate.Errorf(annotate.EINVALID, "note is longer than %d characters", MaxNoteLength)
	}
	if strings.HasPrefix(pl.matched, "=") {
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "passage", Key: p.Key,
			Detail: fmt.Sprintf("the same passage as %s in the file", pl.matched[1:])})
		return nil
	}
	if pl.matched != "" {
		var added []string
		for _, id := range tags {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags WHERE passage_id = ? AND tag_id = ? AND deleted_at IS NULL`, pl.matched, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 && len(p.Tags) > 0 {
				if err := tx.addTag(ctx, pl.matched, id); err != nil {
					return err
				}
				added = append(added, id)
			}
		}
		detail := "already in the project"
		if len(added) > 0 {
			detail += fmt.Sprintf("; %d tag(s) added to it", len(added))
		}
		if p.Note != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM notes WHERE passage_id = ? AND deleted_at IS NULL AND body != ''`, pl.matched).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if err := tx.setNote(ctx, pl.matched, p.Note); err != nil {
					return err
				}
				detail += "; note added to it"
			}
		}
		im.rep.Add(annotate.ReportLine{Kind: annotate.ReportMatched, What: "passage", Key: p.Key, ID: pl.matched, Detail: detail})
		return nil
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
	author, err := im.author(ctx, p.Author)
	if err != nil {
		return err
	}
	created := im.stamp(p.CreatedAt)
	updated := created
	if !p.UpdatedAt.IsZero() && formatTime(p.UpdatedAt) > created {
		updated = formatTime(p.UpdatedAt)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, pl.doc.id, pl.start, pl.end, sel.Exact, sel.Prefix, sel.Suffix, annotate.ProvenanceImport, author, created, updated)
	if err != nil {
		return fmt.Errorf("insert passage: %w", err)
	}
	for i, tag := range tags {
		// Keep the file's tag order: passages list tags by created_at.
		at := formatTime(parseTime(created).Add(time.Duration(i) * time.Microsecond))
		if _, err := tx.ExecContext(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)`,
			id, tag, author, at); err != nil {
			return fmt.Errorf("tag passage: %w", err)
		}
	}
	if p.Note != "" {
		noteID, err := im.freeID(ctx, "notes", p.NoteID)
		if err != nil {
			return err
		}
		noteAuthor := author
		if p.NoteAuthor != "" {
			if noteAuthor, err = im.author(ctx, p.NoteAuthor); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			noteID, id, p.Note, noteAuthor, created, updated); err != nil {
			return fmt.Errorf("note: %w", err)
		}
	}
	line := annotate.ReportLine{Kind: annotate.ReportAdded, What: "passage", Key: p.Key, ID: id,
		Detail: fmt.Sprintf("%q in %q", annotate.Ellipsize(sel.Exact, 50), pl.doc.title)}
	if p.HasPosition && (pl.start != p.Selector.Start || pl.end != p.Selector.End) {
		line.Kind = annotate.ReportReanchored
		line.Detail += fmt.Sprintf(", moved from [%d, %d) to [%d, %d)", p.Selector.Start, p.Selector.End, pl.start, pl.end)
	}
	if p.Selector.Exact != "" && p.Selector.Exact != sel.Exact {
		line.Kind = annotate.ReportReanchored
		line.Detail += fmt.Sprintf("; the text has changed: the file quoted %q", annotate.Ellipsize(p.Selector.Exact, 50))
	}
	if pl.doc.how != "" && pl.doc.how != "added" && !pl.doc.trusted {
		line.Detail += " (document matched by " + strings.TrimPrefix(strings.TrimSuffix(pl.doc.how, " (quotes verified)"), "same ") + ")"
	}
	if len(p.Tags) == 0 {
		line.Detail += fmt.Sprintf("; no tag in the file: tagged %q", annotate.ImportTagName)
	}
	im.rep.Add(line)
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

// stamp formats a time from the file, or now when the file gave none.
func (im *importer) stamp(t time.Time) string {
	if t.IsZero() {
		return im.tx.now
	}
	return formatTime(t)
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
