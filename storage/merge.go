package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"gloss/annotate"
)

// MergeReport says what merging a colleague's file changed in ours.
type MergeReport struct {
	File string // the colleague's file

	DocumentsAdded   int // new to us
	OriginalsAdded   int // original files (PDFs) new to our documents
	DocumentsMatched int // already here: same id, same text or near-identical text
	DocumentsByHash  int // of the matched, those found by identical text under another id
	DocumentsByText  int // of the matched, near-identical texts (passages re-anchored)
	DocumentsDeleted int // deleted here because the colleague deleted them

	PassagesAdded      int
	PassagesReanchored int // of the added, placed by quote on a text that differs
	PassagesUpdated    int // tags or note changed
	PassagesDeleted    int // deleted here because the colleague deleted them
	PassagesUntagged   int // left without a live tag because a colleague deleted their tags
	Orphans            []Orphan

	TagsAdded    int
	TagsMatched  int
	TagsDeleted  int
	RulesAdded   int // auto-coding rules
	RulesUpdated int
	TagConflicts []TagConflict // where the colleague's later value replaced ours

	NotesAdded   int
	NotesUpdated int

	// What researchers wrote about their coding, and the documents'
	// attributes (see merge_analysis.go).
	MemosUpdated         int // document and code memos taken from the colleague's file
	MemoConflicts        []MemoConflict
	JournalAdded         int
	JournalUpdated       int
	AttributesAdded      int
	AttributesUpdated    int
	ValuesUpdated        int      // documents' attribute values added or changed
	AttributeMisfits     []string // live values that do not fit their attribute as merged
	ReconciliationsAdded int

	BriefingsAdded   int
	BriefingsUpdated int // settings, findings or key quotes changed
}

// Changed reports whether the merge changed anything.
func (r *MergeReport) Changed() bool {
	return r.DocumentsAdded+r.OriginalsAdded+r.DocumentsDeleted+r.PassagesAdded+r.PassagesUpdated+r.PassagesDeleted+
		len(r.Orphans)+r.TagsAdded+r.TagsDeleted+r.NotesAdded+r.NotesUpdated+len(r.TagConflicts)+r.RulesAdded+r.RulesUpdated+
		r.MemosUpdated+r.JournalAdded+r.JournalUpdated+r.AttributesAdded+r.AttributesUpdated+r.ValuesUpdated+r.ReconciliationsAdded+
		r.BriefingsAdded+r.BriefingsUpdated > 0
}

// TagConflict is a tag both files changed differently; the later change
// was kept.
type TagConflict struct {
	Tag    string // the tag's name as kept
	Field  string // "name", "colour", "description" or "kind" (code or grouping code)
	Ours   string
	Theirs string
	Kept   string
}

// Merge brings a colleague's project file into this one, in one
// transaction: a failure leaves this project as it was, and the
// colleague's file is only read (after the same checks as Open).
//
// The merge is a state-based CRDT on every row: documents match by id,
// then by identical text, then by near-identical text (see
// annotate.Fingerprint); tags by id, then by live name ignoring case.
// Document, tag and passage deletions win (a tombstone is never undone by a
// merge); tag metadata, document metadata, the tags on a passage and notes
// go to the last writer by updated_at, ties broken by author name and then
// content, so merge(a, b) and merge(b, a) hold the same live content and
// merging a file twice changes nothing. A passage new to us is re-anchored
// on our text by its quote and context (annotate.Anchor); one that cannot
// be placed is kept as an orphan (see Orphans), never dropped.
func (db *DB) Merge(ctx context.Context, path string) (*MergeReport, error) {
	return db.merge(ctx, path, nil)
}

// merge is Merge with a fault injected after each step (for tests).
func (db *DB) merge(ctx context.Context, path string, fault func(step string) error) (*MergeReport, error) {
	if a, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	} else if b, err := os.Stat(db.path); err == nil && os.SameFile(a, b) {
		return nil, annotate.Errorf(annotate.EINVALID, "%s: cannot merge a project with itself", path)
	}
	// Their file is checked and its small tables read on connections of
	// its own; then it is attached to our write connection, where the
	// passages, their tags and notes are merged by statements that read it
	// (see merge_passages.go).
	type loaded struct {
		q      querier
		close  func()
		attach string
		s      *state
		err    error
	}
	theirsCh := make(chan loaded, 1)
	go func() {
		q, closeTheirs, attach, err := openTheirs(ctx, path)
		if err != nil {
			theirsCh <- loaded{err: err}
			return
		}
		s, err := loadState(ctx, q, false)
		if err != nil {
			err = fmt.Errorf("%s: %w", path, err)
		}
		theirsCh <- loaded{q, closeTheirs, attach, s, err}
	}()
	var th loaded
	received := false
	wait := func() loaded {
		if !received {
			th, received = <-theirsCh, true
		}
		return th
	}
	defer func() {
		if t := wait(); t.close != nil {
			t.close()
		}
	}()
	// The merge runs on the write connection, whose page cache (256 MiB,
	// see glossDriver) holds a merge of any size without spilling
	// half-done pages mid-transaction.
	var rep *MergeReport
	err := db.withWriteConn(ctx, func(conn *sql.Conn) error {
		if t := wait(); t.err != nil {
			return t.err
		}
		// A file is attached outside a transaction, and detached before
		// the connection goes back to the pool; one that cannot be is
		// discarded.
		if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS `+theirsSchema, th.attach); err != nil {
			return fmt.Errorf("%s: %w", path, describeSQLiteError(err))
		}
		defer func() {
			if _, err := conn.ExecContext(context.Background(), `DETACH DATABASE `+theirsSchema); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
		// Their rows are read by key, many times over: a page cache like ours.
		if _, err := conn.ExecContext(ctx, `PRAGMA `+theirsSchema+`.cache_size = -65536`); err != nil {
			return fmt.Errorf("%s: %w", path, describeSQLiteError(err))
		}
		return db.inTx(ctx, conn, func(tx *sql.Tx) error {
			ours, err := loadState(ctx, tx, true)
			if err != nil {
				return fmt.Errorf("merge: %w", err)
			}
			m := &merger{
				ctx: ctx, tx: tx, theirsQ: th.q, ours: ours, theirs: th.s,
				rep:     &MergeReport{File: path},
				authors: map[string]int64{}, docMap: map[string]string{}, sameText: map[string]bool{},
				tagMap: map[string]string{}, texts: map[string]*annotate.Text{},
				orphaned: map[string]*Orphan{}, orphanDeleted: map[string]string{},
				lostTags: map[string]bool{}, source: filepath.Base(path), now: db.now(),
			}
			if err := m.createMergeTables(); err != nil {
				return fmt.Errorf("merge %s: %w", path, err)
			}
			steps := []struct {
				name string
				run  func() error
			}{
				{"authors", m.mergeAuthors},
				{"documents", m.mergeDocuments},
				{"originals", m.mergeOriginals},
				{"codes", m.mergeTags},
				{"code memos", m.mergeCodeMemos},
				{"rules", m.mergeRules},
				{"passages", m.mergePassages},
				{"passage codes", m.mergePassageTags},
				{"notes", m.mergeNotes},
				{"journal", m.mergeJournal},
				{"attributes", m.mergeAttributes},
				{"attribute values", m.mergeAttributeValues},
				{"reconciliations", m.mergeReconciliations},
				{"holdings", m.mergeHoldings},
				{"orphans", m.mergeOrphans},
				{"briefings", m.mergeBriefings},
				{"code tree", m.repairTagTree},
			}
			for _, s := range steps {
				if err := s.run(); err != nil {
					return fmt.Errorf("merge %s: %s: %w", path, s.name, err)
				}
				if fault != nil {
					if err := fault(s.name); err != nil {
						return fmt.Errorf("merge %s: %s: %w", path, s.name, err)
					}
				}
			}
			if m.rep.PassagesUntagged, err = m.untagged(); err != nil {
				return fmt.Errorf("merge %s: %w", path, err)
			}
			if m.rep.PassagesUpdated, err = m.passagesUpdated(); err != nil {
				return fmt.Errorf("merge %s: %w", path, err)
			}
			if err := m.dropMergeTables(); err != nil {
				return fmt.Errorf("merge %s: %w", path, err)
			}
			rep = m.rep
			return nil
		})
	})
	if err != nil {
		if t := wait(); t.err != nil && !errors.Is(err, t.err) {
			return nil, t.err
		}
		return nil, err
	}
	// The documents merged in are now in this copy: whoever codes next had them.
	db.forgetHoldings()
	return rep, nil
}

// inspectTheirs checks a colleague's file before a merge reads it
// (Inspect); the benchmarks replace it to time the transaction alone.
var inspectTheirs = Inspect

// openTheirs opens a colleague's file for reading after Inspect's checks:
// a file at our schema version is read in a read-only snapshot; an older
// one is copied to a temporary folder and upgraded there, its original
// untouched. attach is the URI under which the merge attaches what was
// opened, read-only, while it stays open.
func openTheirs(ctx context.Context, path string) (q querier, closeTheirs func(), attach string, err error) {
	version, err := inspectTheirs(path)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%s: %w", path, err)
	}
	if version == SchemaVersion() {
		params := readParams(path)
		conn, err := openReadingWith(path, params)
		if err != nil {
			return nil, nil, "", fmt.Errorf("%s: %w", path, err)
		}
		tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			conn.Close()
			return nil, nil, "", fmt.Errorf("%s: %w", path, describeSQLiteError(err))
		}
		// The connection opened here keeps the log and its index open, so
		// the read-only attachment leaves nothing behind (see readParams).
		if !strings.HasPrefix(params, "mode=ro") {
			params = "mode=ro"
		}
		return tx, func() { tx.Rollback(); conn.Close() }, "file:" + escapePath(path) + "?" + params, nil
	}
	dir, err := os.MkdirTemp("", "gloss-merge-")
	if err != nil {
		return nil, nil, "", err
	}
	copyPath := filepath.Join(dir, "theirs.gloss")
	up, err := upgradedCopy(ctx, path, version, copyPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, "", err
	}
	return up.rdb, func() { up.Close(); os.RemoveAll(dir) }, "file:" + escapePath(copyPath) + "?mode=ro", nil
}

// merger holds one merge's state.
type merger struct {
	ctx          context.Context
	tx           *sql.Tx
	theirsQ      querier
	ours, theirs *state
	rep          *MergeReport
	source       string
	now          string

	authors       map[string]int64                 // name -> our author id
	docMap        map[string]string                // their document id -> ours
	sameText      map[string]bool                  // their document id -> our text is identical
	tagMap        map[string]string                // their tag id -> ours
	texts         map[string]*annotate.Text        // our document texts, read when needed
	orphaned      map[string]*Orphan               // their passage id -> its orphan record (nil: known already)
	orphanDeleted map[string]string                // their passage id of a known orphan -> its deleted_at there
	lostTags      map[string]bool                  // tags this merge deleted
	parents       map[string]string                // our tag id -> their parent id, where their row won
	liveTags      map[string]string                // lower-case live name -> our tag id
	fps           map[string]*annotate.Fingerprint // our live documents, for near-duplicates
	attrMap       map[string]string                // their attribute id -> ours
}

// wins reports whether version t (theirs) beats version o (ours) as last
// writer: later updated_at, then greater author name, then greater content
// key, so both merge orders pick the same.
func wins(tUpdated, tAuthor, tKey, oUpdated, oAuthor, oKey string) bool {
	if tUpdated != oUpdated {
		return tUpdated > oUpdated
	}
	if tAuthor != oAuthor {
		return tAuthor > oAuthor
	}
	return tKey > oKey
}

// tombstone merges two deleted_at values: a deletion on either side wins,
// the later deletion time is kept.
func tombstone(a, b string) string {
	if a > b {
		return a
	}
	return b
}

func later(a, b string) string {
	if a > b {
		return a
	}
	return b
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// memoAuthor is the id of a memo's author, nil when the memo has none.
func (m *merger) memoAuthor(name string) any {
	if name == "" {
		return nil
	}
	return m.authors[name]
}

func (m *merger) exec(query string, args ...any) error {
	if _, err := m.tx.ExecContext(m.ctx, query, args...); err != nil {
		return describeSQLiteError(err)
	}
	return nil
}

func (m *merger) mergeAuthors() error {
	names := map[string]bool{}
	// Our own rows' authors too: a row of ours updated by the merge (a
	// colleague's deletion, a memo kept) keeps its author.
	for _, s := range []*state{m.ours, m.theirs} {
		for _, d := range s.docs {
			names[d.author] = true
			if d.memoAuthor != "" {
				names[d.memoAuthor] = true
			}
		}
		for _, t := range s.tags {
			names[t.author] = true
		}
	}
	if err := m.theirAuthors(names); err != nil {
		return err
	}
	for _, r := range m.theirs.rules {
		names[r.author] = true
	}
	for _, name := range sortedKeys(names) {
		id, err := authorID(m.ctx, m.tx, name, m.now)
		if err != nil {
			return err
		}
		m.authors[name] = id
	}
	return nil
}

func docKey(d *docRow) string {
	return strings.Join([]string{d.title, d.outlet, d.byline, d.published, d.url, d.source, d.direction}, "\x00")
}

func (m *merger) mergeDocuments() error {
	var unmatched []*docRow
	for _, id := range sortedKeys(m.theirs.docs) {
		d := m.theirs.docs[id]
		if o := m.ours.docs[id]; o != nil {
			m.docMap[id], m.sameText[id] = o.id, o.sha == d.sha
			m.rep.DocumentsMatched++
			if err := m.mergeDocument(o, d); err != nil {
				return err
			}
			continue
		}
		unmatched = append(unmatched, d)
	}
	for _, d := range unmatched {
		// The hash is computed here, not taken from their row: a file may lie.
		text, err := documentText(m.ctx, m.theirsQ, d.id)
		if err != nil {
			return err
		}
		sha := annotate.HashText(text)
		if o := m.ours.docBySHA[sha]; o != nil {
			m.docMap[d.id], m.sameText[d.id] = o.id, true
			m.rep.DocumentsMatched++
			m.rep.DocumentsByHash++
			if err := m.mergeDocument(o, d); err != nil {
				return err
			}
			continue
		}
		if d.deleted == "" {
			if o, err := m.nearDuplicate(text); err != nil {
				return err
			} else if o != nil {
				m.docMap[d.id], m.sameText[d.id] = o.id, false
				m.rep.DocumentsMatched++
				m.rep.DocumentsByText++
				continue
			}
		}
		if err := m.exec(`INSERT INTO documents (id, title, outlet, byline, published, url, source, sha256, length, author_id, created_at, updated_at, deleted_at, direction, memo, memo_author_id, memo_updated_at, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.id, d.title, d.outlet, d.byline, d.published, d.url, d.source, sha, utf8.RuneCountInString(text),
			m.authors[d.author], d.created, d.updated, nullable(d.deleted), d.direction, d.memo, m.memoAuthor(d.memoAuthor), nullable(d.memoUpdated), text); err != nil {
			return fmt.Errorf("add document %q: %w", d.title, err)
		}
		cp := *d
		cp.sha, cp.length = sha, utf8.RuneCountInString(text)
		m.ours.docs[d.id], m.ours.docBySHA[sha] = &cp, &cp
		m.docMap[d.id], m.sameText[d.id] = d.id, true
		if d.deleted == "" {
			m.rep.DocumentsAdded++
		}
	}
	return nil
}

// mergeDocument merges a colleague's version of a document into ours: the
// later metadata wins, a deletion on either side wins. The text stays ours.
func (m *merger) mergeDocument(o, d *docRow) error {
	next := *o
	if wins(d.updated, d.author, docKey(d), o.updated, o.author, docKey(o)) {
		next.title, next.outlet, next.byline, next.published, next.url, next.source = d.title, d.outlet, d.byline, d.published, d.url, d.source
		next.direction = d.direction
		next.author, next.updated = d.author, d.updated
	}
	// The memo goes to its last writer on its own time, ties to the greater
	// text, so that both merge orders keep the same.
	if d.memoUpdated > o.memoUpdated || d.memoUpdated == o.memoUpdated && d.memo > o.memo {
		next.memo, next.memoAuthor, next.memoUpdated = d.memo, d.memoAuthor, d.memoUpdated
		if o.memo != "" && o.memo != d.memo {
			m.rep.MemoConflicts = append(m.rep.MemoConflicts, MemoConflict{Kind: annotate.MemoDocument, Subject: o.title, Kept: d.memoAuthor, Replaced: o.memoAuthor, Text: o.memo})
		}
		m.rep.MemosUpdated++
	}
	next.deleted = tombstone(o.deleted, d.deleted)
	if next == *o {
		return nil
	}
	if o.deleted == "" && next.deleted != "" {
		m.rep.DocumentsDeleted++
	}
	if err := m.exec(`UPDATE documents SET title = ?, outlet = ?, byline = ?, published = ?, url = ?, source = ?, direction = ?, author_id = ?, updated_at = ?, deleted_at = ?,
		memo = ?, memo_author_id = ?, memo_updated_at = ? WHERE id = ?`,
		next.title, next.outlet, next.byline, next.published, next.url, next.source, next.direction, m.authors[next.author], next.updated, nullable(next.deleted),
		next.memo, m.memoAuthor(next.memoAuthor), nullable(next.memoUpdated), o.id); err != nil {
		return fmt.Errorf("update document %q: %w", o.title, err)
	}
	*o = next
	return nil
}

// nearDuplicate returns our live document whose text is most similar to
// text, at least annotate.NearDuplicateThreshold, or nil.
func (m *merger) nearDuplicate(text string) (*docRow, error) {
	if m.fps == nil {
		m.fps = map[string]*annotate.Fingerprint{}
		for _, id := range sortedKeys(m.ours.docs) {
			if o := m.ours.docs[id]; o.deleted == "" {
				t, err := m.ourText(id)
				if err != nil {
					return nil, err
				}
				m.fps[id] = annotate.NewFingerprint(t.String())
			}
		}
	}
	fp := annotate.NewFingerprint(text)
	var best *docRow
	bestSim := 0.0
	for _, id := range sortedKeys(m.fps) {
		if s := fp.Similarity(m.fps[id]); s >= annotate.NearDuplicateThreshold && s > bestSim {
			best, bestSim = m.ours.docs[id], s
		}
	}
	return best, nil
}

func (m *merger) ourText(id string) (*annotate.Text, error) {
	if t, ok := m.texts[id]; ok {
		return t, nil
	}
	s, err := documentText(m.ctx, m.tx, id)
	if err != nil {
		return nil, err
	}
	t := annotate.NewText(s)
	m.texts[id] = t
	return t, nil
}

func tagKey(t *tagRow) string {
	return strings.Join([]string{t.name, strings.ToLower(t.color), t.desc, t.parent, fmt.Sprint(t.sort), fmt.Sprint(t.codable), fmt.Sprint(t.shortcut)}, "\x00")
}

// tagKind names what a tag is, for the report of a conflict.
func tagKind(t *tagRow) string {
	if t.codable == 0 {
		return "grouping code"
	}
	return "code"
}

func (m *merger) mergeTags() error {
	m.parents = map[string]string{}
	m.liveTags = map[string]string{}
	for _, id := range sortedKeys(m.ours.tags) {
		if o := m.ours.tags[id]; o.deleted == "" {
			m.liveTags[strings.ToLower(o.name)] = id
		}
	}
	// Identity first, so that a tag deleted by id is not then matched by name.
	var rest []*tagRow
	for _, id := range sortedKeys(m.theirs.tags) {
		t := m.theirs.tags[id]
		if o := m.ours.tags[id]; o != nil {
			m.tagMap[id] = id
			m.rep.TagsMatched++
			if err := m.mergeTag(o, t); err != nil {
				return err
			}
			continue
		}
		rest = append(rest, t)
	}
	for _, t := range rest {
		if t.deleted == "" {
			if oid, ok := m.liveTags[strings.ToLower(t.name)]; ok {
				m.tagMap[t.id] = oid
				m.rep.TagsMatched++
				if err := m.mergeTag(m.ours.tags[oid], t); err != nil {
					return err
				}
				continue
			}
		}
		if err := m.exec(`INSERT INTO tags (id, name, color, description, parent_id, sort_order, codable, shortcut, author_id, created_at, updated_at, deleted_at)
			VALUES (?, ?, ?, ?, NULL, ?, ?, nullif(?, 0), ?, ?, ?, ?)`,
			t.id, t.name, strings.ToLower(t.color), t.desc, t.sort, t.codable, t.shortcut, m.authors[t.author], t.created, t.updated, nullable(t.deleted)); err != nil {
			return fmt.Errorf("add code %q: %w", t.name, err)
		}
		cp := *t
		cp.parent, cp.color = "", strings.ToLower(t.color)
		m.ours.tags[t.id] = &cp
		m.tagMap[t.id] = t.id
		if t.parent != "" {
			m.parents[t.id] = t.parent
		}
		if t.deleted == "" {
			m.liveTags[strings.ToLower(t.name)] = t.id
			m.rep.TagsAdded++
		}
	}
	// Parents, now that every tag of theirs has a place here.
	for _, id := range sortedKeys(m.parents) {
		parent := m.tagMap[m.parents[id]]
		o := m.ours.tags[id]
		if parent == o.parent {
			continue
		}
		if err := m.exec(`UPDATE tags SET parent_id = ? WHERE id = ?`, nullable(parent), id); err != nil {
			return fmt.Errorf("nest code %q: %w", o.name, err)
		}
		o.parent = parent
	}
	return m.settleShortcuts()
}

// settleShortcuts leaves each key (1 to 9) on at most one live tag: where
// the merge gave two the same key, the later-changed one keeps it (later
// updated_at, then author name, then id, as wins decides), so that both
// merge orders settle alike.
func (m *merger) settleShortcuts() error {
	holder := map[int]*tagRow{}
	for _, id := range sortedKeys(m.ours.tags) {
		t := m.ours.tags[id]
		if t.deleted != "" || t.shortcut == 0 {
			continue
		}
		h := holder[t.shortcut]
		if h == nil {
			holder[t.shortcut] = t
			continue
		}
		lose := t
		if wins(t.updated, t.author, t.id, h.updated, h.author, h.id) {
			holder[t.shortcut], lose = t, h
		}
		if err := m.exec(`UPDATE tags SET shortcut = NULL WHERE id = ?`, lose.id); err != nil {
			return fmt.Errorf("settle key %d: %w", lose.shortcut, err)
		}
		lose.shortcut = 0
	}
	return nil
}

// mergeTag merges a colleague's version of a tag into ours: the later
// version's name, colour, description, place and order win, differences
// are reported, a deletion on either side wins.
func (m *merger) mergeTag(o, t *tagRow) error {
	next := *o
	theirsWin := wins(t.updated, t.author, tagKey(t), o.updated, o.author, tagKey(o))
	var conflicts []TagConflict
	// A difference is a conflict worth reporting when the colleague's value
	// replaces ours; when ours is the later, nothing changes here.
	conflict := func(field, ours, theirs string) {
		if ours == theirs || !theirsWin || o.deleted != "" || t.deleted != "" {
			return
		}
		kept := ours
		if theirsWin {
			kept = theirs
		}
		conflicts = append(conflicts, TagConflict{Field: field, Ours: ours, Theirs: theirs, Kept: kept})
	}
	conflict("name", o.name, t.name)
	conflict("colour", strings.ToLower(o.color), strings.ToLower(t.color))
	conflict("description", o.desc, t.desc)
	conflict("kind", tagKind(o), tagKind(t))
	if theirsWin {
		next.name, next.color, next.desc, next.sort, next.codable, next.shortcut = t.name, strings.ToLower(t.color), t.desc, t.sort, t.codable, t.shortcut
		next.author, next.updated = t.author, t.updated
		delete(m.parents, o.id)
		if t.parent != "" {
			m.parents[o.id] = t.parent
		} else {
			next.parent = ""
		}
	}
	next.deleted = tombstone(o.deleted, t.deleted)
	// A rename onto a name another live tag of ours holds keeps our name.
	if next.deleted == "" && !strings.EqualFold(next.name, o.name) {
		if other, ok := m.liveTags[strings.ToLower(next.name)]; ok && other != o.id {
			next.name = o.name
		}
	}
	for _, c := range conflicts {
		c.Tag = next.name
		if c.Field == "name" {
			c.Kept = next.name
		}
		m.rep.TagConflicts = append(m.rep.TagConflicts, c)
	}
	if next == *o {
		return nil
	}
	if o.deleted == "" && next.deleted != "" {
		m.rep.TagsDeleted++
		m.lostTags[o.id] = true
	}
	if o.deleted == "" {
		delete(m.liveTags, strings.ToLower(o.name))
	}
	if next.deleted == "" {
		m.liveTags[strings.ToLower(next.name)] = o.id
	}
	if err := m.exec(`UPDATE tags SET name = ?, color = ?, description = ?, parent_id = ?, sort_order = ?, codable = ?, shortcut = nullif(?, 0), author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
		next.name, next.color, next.desc, nullable(next.parent), next.sort, next.codable, next.shortcut, m.authors[next.author], next.updated, nullable(next.deleted), o.id); err != nil {
		return fmt.Errorf("update code %q: %w", o.name, err)
	}
	*o = next
	return nil
}

func ruleKey(r *ruleRow) string {
	return strings.Join([]string{r.name, r.pattern, r.kind, r.tag, r.scope}, "\x00")
}

// mergeRules merges auto-coding rules like tags: by id, then by live name
// ignoring case; the later version wins, a deletion on either side wins; a
// rule's tag follows the tag mapping, and a rename onto a name another
// live rule holds keeps ours.
func (m *merger) mergeRules() error {
	live := map[string]string{} // lower-case name -> our rule id
	for _, id := range sortedKeys(m.ours.rules) {
		if r := m.ours.rules[id]; r.deleted == "" {
			live[strings.ToLower(r.name)] = id
		}
	}
	// Identity matches first, so that a rule deleted by id is not then
	// matched by name.
	var byID, byName []*ruleRow
	for _, id := range sortedKeys(m.theirs.rules) {
		if _, ok := m.ours.rules[id]; ok {
			byID = append(byID, m.theirs.rules[id])
		} else {
			byName = append(byName, m.theirs.rules[id])
		}
	}
	for _, t := range append(byID, byName...) {
		tag, ok := m.tagMap[t.tag]
		if !ok {
			continue
		}
		in := *t
		in.tag = tag
		o := m.ours.rules[t.id]
		if o == nil && in.deleted == "" {
			if id, ok := live[strings.ToLower(in.name)]; ok {
				o = m.ours.rules[id]
			}
		}
		if o == nil {
			if err := m.exec(`INSERT INTO rules (id, name, pattern, kind, tag_id, scope, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				in.id, in.name, in.pattern, in.kind, in.tag, in.scope, m.authors[in.author], in.created, in.updated, nullable(in.deleted)); err != nil {
				return fmt.Errorf("add rule %q: %w", in.name, err)
			}
			cp := in
			m.ours.rules[in.id] = &cp
			if in.deleted == "" {
				live[strings.ToLower(in.name)] = in.id
				m.rep.RulesAdded++
			}
			continue
		}
		next := *o
		if wins(in.updated, in.author, ruleKey(&in), o.updated, o.author, ruleKey(o)) {
			next.name, next.pattern, next.kind, next.tag, next.scope = in.name, in.pattern, in.kind, in.tag, in.scope
			next.author, next.updated = in.author, in.updated
		}
		next.deleted = tombstone(o.deleted, in.deleted)
		if next.deleted == "" && !strings.EqualFold(next.name, o.name) {
			if other, ok := live[strings.ToLower(next.name)]; ok && other != o.id {
				next.name = o.name
			}
		}
		if next == *o {
			continue
		}
		if err := m.exec(`UPDATE rules SET name = ?, pattern = ?, kind = ?, tag_id = ?, scope = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			next.name, next.pattern, next.kind, next.tag, next.scope, m.authors[next.author], next.updated, nullable(next.deleted), o.id); err != nil {
			return fmt.Errorf("update rule %q: %w", o.name, err)
		}
		if o.deleted == "" {
			delete(live, strings.ToLower(o.name))
		}
		if next.deleted == "" {
			live[strings.ToLower(next.name)] = o.id
		}
		if ruleKey(&next) != ruleKey(o) || (next.deleted == "") != (o.deleted == "") {
			m.rep.RulesUpdated++ // not when only the time and author of the same rule moved
		}
		*o = next
	}
	return nil
}

// repairTagTree breaks any cycle two colleagues' moves made (the tag on
// it with the smallest id becomes top-level), then lifts every live tag
// whose parent is deleted to its nearest live ancestor. Both are functions
// of the merged rows alone, so they leave updated_at as it is.
func (m *merger) repairTagTree() error {
	setParent := func(t *tagRow, parent string) error {
		if err := m.exec(`UPDATE tags SET parent_id = ? WHERE id = ?`, nullable(parent), t.id); err != nil {
			return fmt.Errorf("nest code %q: %w", t.name, err)
		}
		t.parent = parent
		return nil
	}
	ids := sortedKeys(m.ours.tags)
	for _, id := range ids {
		// Walk up from id; a tag met twice closes a cycle.
		pos := map[string]int{}
		var path []string
		for cur := id; cur != ""; {
			if i, ok := pos[cur]; ok {
				cycle := append([]string(nil), path[i:]...)
				sort.Strings(cycle)
				if err := setParent(m.ours.tags[cycle[0]], ""); err != nil {
					return err
				}
				break
			}
			t := m.ours.tags[cur]
			if t == nil {
				break
			}
			pos[cur] = len(path)
			path = append(path, cur)
			cur = t.parent
		}
	}
	for _, id := range ids {
		t := m.ours.tags[id]
		if t.deleted != "" || t.parent == "" {
			continue
		}
		parent := t.parent
		for steps := 0; parent != "" && steps <= len(ids); steps++ {
			p := m.ours.tags[parent]
			if p == nil {
				parent = ""
			} else if p.deleted != "" {
				parent = p.parent
			} else {
				break
			}
		}
		if parent != t.parent {
			if err := setParent(t, parent); err != nil {
				return err
			}
		}
	}
	return nil
}

// Orphan is a colleague's passage that could not be placed on our text of
// its document (the quote is gone or changed beyond recognition). It is
// kept in the project, listed by Orphans, so that the work is not lost:
// the researcher can re-highlight it by hand.
type Orphan struct {
	PassageID  string   `json:"passage_id"`
	DocumentID string   `json:"document_id"` // our document
	Document   string   `json:"document"`    // its title
	Start      int      `json:"start"`       // where it was in the colleague's text
	End        int      `json:"end"`
	Quote      string   `json:"quote"`
	Prefix     string   `json:"prefix"`
	Suffix     string   `json:"suffix"`
	TagIDs     []string `json:"tag_ids"`
	Tags       []string `json:"tags"` // names
	Note       string   `json:"note,omitempty"`
	NoteAuthor string   `json:"note_author,omitempty"`
	Author     string   `json:"author"`
	CreatedAt  string   `json:"created_at"`
	UpdatedAt  string   `json:"updated_at"`
	DeletedAt  string   `json:"deleted_at,omitempty"`
	From       string   `json:"from"` // the file it came from
}

func orphanKey(passageID string) string { return "orphan/" + passageID }

func (m *merger) newOrphan(p *passageRow, doc string) *Orphan {
	title := ""
	if d := m.ours.docs[doc]; d != nil {
		title = d.title
	}
	return &Orphan{PassageID: p.id, DocumentID: doc, Document: title, Start: p.start, End: p.end, Quote: p.quote,
		Prefix: p.prefix, Suffix: p.suffix, Author: p.author, CreatedAt: p.created, UpdatedAt: p.updated, From: m.source}
}

func (o *Orphan) addTag(id string, t *tagRow) {
	o.TagIDs = append(o.TagIDs, id)
	if t != nil {
		o.Tags = append(o.Tags, t.name)
	}
}

// mergeOrphans stores the new orphans and merges the colleague's own
// orphan records with ours: a deletion on either side wins.
func (m *merger) mergeOrphans() error {
	put := func(key string, o *Orphan) error {
		b, err := json.Marshal(o)
		if err != nil {
			return err
		}
		return m.exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, string(b))
	}
	for _, id := range sortedKeys(m.orphaned) {
		o := m.orphaned[id]
		if o == nil {
			continue
		}
		if err := put(orphanKey(id), o); err != nil {
			return err
		}
		m.ours.orphans[orphanKey(id)] = ""
		m.rep.Orphans = append(m.rep.Orphans, *o)
	}
	for _, key := range sortedKeys(m.theirs.orphans) {
		var t Orphan
		if err := json.Unmarshal([]byte(m.theirs.orphans[key]), &t); err != nil || key != orphanKey(t.PassageID) {
			continue // not a record Gloss wrote: ignore it rather than trust it
		}
		if placed, err := m.hasPassage(t.PassageID); err != nil {
			return err
		} else if placed {
			continue
		}
		ourJSON, ok := m.ours.orphans[key]
		if !ok {
			if d, ok := m.docMap[t.DocumentID]; ok {
				t.DocumentID = d
			}
			if err := put(key, &t); err != nil {
				return err
			}
			if t.DeletedAt == "" {
				m.rep.Orphans = append(m.rep.Orphans, t)
			}
			continue
		}
		var o Orphan
		if ourJSON == "" || json.Unmarshal([]byte(ourJSON), &o) != nil {
			continue
		}
		if del := tombstone(o.DeletedAt, t.DeletedAt); del != o.DeletedAt {
			o.DeletedAt = del
			if err := put(key, &o); err != nil {
				return err
			}
		}
	}
	// A passage deleted by the colleague deletes its orphan record here.
	for _, id := range sortedKeys(m.orphaned) {
		if m.orphaned[id] != nil {
			continue
		}
		deleted := m.orphanDeleted[id]
		var o Orphan
		if deleted == "" || json.Unmarshal([]byte(m.ours.orphans[orphanKey(id)]), &o) != nil || o.DeletedAt != "" {
			continue
		}
		o.DeletedAt = deleted
		if err := put(orphanKey(id), &o); err != nil {
			return err
		}
	}
	return nil
}

// Orphans lists the passages merges could not place (see Orphan), deleted
// ones left out, by document and position.
func (db *DB) Orphans(ctx context.Context) ([]Orphan, error) {
	var values []string
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		values, err = queryAll(ctx, tx, scanString, `SELECT value FROM meta WHERE key LIKE 'orphan/%' ORDER BY key`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("orphans: %w", err)
	}
	var out []Orphan
	for _, v := range values {
		var o Orphan
		if err := json.Unmarshal([]byte(v), &o); err != nil {
			return nil, fmt.Errorf("orphans: damaged record: %w", err)
		}
		if o.DeletedAt == "" {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Document != out[j].Document {
			return out[i].Document < out[j].Document
		}
		return out[i].Start < out[j].Start
	})
	return out, nil
}

// DismissOrphan deletes an orphan record once the researcher has dealt
// with it; the deletion travels with the file to later merges.
func (db *DB) DismissOrphan(ctx context.Context, passageID string) error {
	return db.write(ctx, func(tx *Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, orphanKey(passageID)).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "no orphan passage %s", passageID)
		} else if err != nil {
			return fmt.Errorf("orphan %s: %w", passageID, err)
		}
		var o Orphan
		if err := json.Unmarshal([]byte(v), &o); err != nil {
			return fmt.Errorf("orphan %s: damaged record: %w", passageID, err)
		}
		if o.DeletedAt != "" {
			return annotate.Errorf(annotate.ENOTFOUND, "no orphan passage %s", passageID)
		}
		o.DeletedAt = tx.now
		b, _ := json.Marshal(o)
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = ?`, string(b), orphanKey(passageID)); err != nil {
			return fmt.Errorf("orphan %s: %w", passageID, err)
		}
		return nil
	})
}
