package storage

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"gloss/annotate"
)

// The passages, their tags and their notes are most of a project's rows.
// They are merged set-based: statements that read the colleague's file,
// attached to the merge's connection as theirs, and write our tables in
// one go, with the same last-writer and tombstone rules as the rows merged
// one by one in merge.go. Rows that need Go (a passage placed on a text
// that differs, an orphan, two of their codes merged into one of ours) are
// taken one by one.
//
// The triggers that keep tag_document_counts and tag_spans
// (004_analysis.sql, 008_memos_attributes.sql) fire for every row these
// statements write, as for the rows merged one by one. Dropping them for
// the merge and rebuilding both once would be cheaper, but it rewrites the
// schema, and with it the file, on every merge, even one that brings
// nothing: two colleagues' sync clients would then carry their files back
// and forth without end.

// theirsSchema is the name the colleague's file is attached under.
const theirsSchema = "theirs"

// mergeTables are the merge's scratch tables, in the connection's temp
// schema, dropped before the merge commits.
var mergeTables = []struct{ name, def string }{
	{"merge_author", `(theirs INTEGER PRIMARY KEY, ours INTEGER NOT NULL, name TEXT NOT NULL)`},
	{"merge_doc", `(theirs TEXT PRIMARY KEY, ours TEXT NOT NULL, same INTEGER NOT NULL) WITHOUT ROWID`}, // same: our text is theirs
	{"merge_tag", `(theirs TEXT PRIMARY KEY, ours TEXT NOT NULL, single INTEGER NOT NULL) WITHOUT ROWID`},
	{"merge_added", `(id TEXT PRIMARY KEY) WITHOUT ROWID`},   // passages this merge inserted
	{"merge_deleted", `(id TEXT PRIMARY KEY) WITHOUT ROWID`}, // passages this merge deleted
	{"merge_changed", `(id TEXT PRIMARY KEY) WITHOUT ROWID`}, // passages we had whose tags or note changed
	{"merge_lost", `(id TEXT PRIMARY KEY) WITHOUT ROWID`},    // passages that lost a tag
	{"merge_pt", `(passage TEXT NOT NULL, tag TEXT NOT NULL, author_id INTEGER NOT NULL, created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL, deleted_at TEXT, existed INTEGER NOT NULL, was_live INTEGER NOT NULL, PRIMARY KEY (passage, tag)) WITHOUT ROWID`},
	{"merge_note", `(passage TEXT PRIMARY KEY, id TEXT NOT NULL, body TEXT NOT NULL, author_id INTEGER NOT NULL, created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL, deleted_at TEXT, existed INTEGER NOT NULL) WITHOUT ROWID`},
}

// createMergeTables makes the scratch tables, empty.
func (m *merger) createMergeTables() error {
	for _, t := range mergeTables {
		if err := m.exec(`DROP TABLE IF EXISTS temp.` + t.name); err != nil {
			return err
		}
		if err := m.exec(`CREATE TEMP TABLE ` + t.name + ` ` + t.def); err != nil {
			return err
		}
	}
	return nil
}

// dropMergeTables removes the scratch tables, so that the connection goes
// back to its pool as it came.
func (m *merger) dropMergeTables() error {
	for _, t := range mergeTables {
		if err := m.exec(`DROP TABLE IF EXISTS temp.` + t.name); err != nil {
			return err
		}
	}
	return nil
}

// count runs a query of one integer.
func (m *merger) count(query string, args ...any) (int, error) {
	var n int
	if err := m.tx.QueryRowContext(m.ctx, query, args...).Scan(&n); err != nil {
		return 0, describeSQLiteError(err)
	}
	return n, nil
}

// theirAuthors adds to names the authors of the colleague's passages,
// passage tags and notes.
func (m *merger) theirAuthors(names map[string]bool) error {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT name FROM theirs.authors WHERE id IN (
		SELECT author_id FROM theirs.passages UNION SELECT author_id FROM theirs.passage_tags UNION SELECT author_id FROM theirs.notes)`)
	if err != nil {
		return describeSQLiteError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		names[name] = true
	}
	return rows.Err()
}

// fillMaps writes the author, document and tag mappings for the
// statements: their author ids by name, their documents and tags as
// mergeDocuments and mergeTags matched them. A tag of ours that two of
// theirs map to is not single: its applications are merged one by one, in
// the order of their tags' ids.
func (m *merger) fillMaps() error {
	if err := m.exec(`INSERT INTO temp.merge_author (theirs, ours, name)
		SELECT t.id, a.id, a.name FROM theirs.authors t JOIN main.authors a ON a.name = t.name`); err != nil {
		return err
	}
	type docPair struct {
		Ours string `json:"ours"`
		Same bool   `json:"same"`
	}
	pairs := make(map[string]docPair, len(m.docMap))
	for theirs, ours := range m.docMap {
		pairs[theirs] = docPair{ours, m.sameText[theirs]}
	}
	docs, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	if err := m.exec(`INSERT INTO temp.merge_doc (theirs, ours, same) SELECT key, value ->> 'ours', value ->> 'same' FROM json_each(?)`, string(docs)); err != nil {
		return err
	}
	tags, err := json.Marshal(m.tagMap)
	if err != nil {
		return err
	}
	return m.exec(`INSERT INTO temp.merge_tag (theirs, ours, single) SELECT key, value, count(*) OVER (PARTITION BY value) = 1 FROM json_each(?)`, string(tags))
}

// mergePassages adds the colleague's passages new to us and carries their
// deletions over to the passages we share.
func (m *merger) mergePassages() error {
	if err := m.fillMaps(); err != nil {
		return err
	}
	// Shared passages: a deletion on either side wins, the later deletion
	// and the later change time are kept.
	if err := m.exec(`INSERT INTO temp.merge_deleted (id)
		SELECT o.id FROM theirs.passages t JOIN main.passages o ON o.id = t.id WHERE o.deleted_at IS NULL AND t.deleted_at IS NOT NULL`); err != nil {
		return err
	}
	if err := m.exec(`UPDATE main.passages SET updated_at = max(passages.updated_at, t.updated_at),
			deleted_at = nullif(max(coalesce(passages.deleted_at, ''), coalesce(t.deleted_at, '')), '')
		FROM theirs.passages t
		WHERE t.id = passages.id AND (t.updated_at > passages.updated_at OR coalesce(t.deleted_at, '') > coalesce(passages.deleted_at, ''))`); err != nil {
		return fmt.Errorf("update passages: %w", err)
	}
	n, err := m.count(`SELECT count(*) FROM temp.merge_deleted`)
	if err != nil {
		return err
	}
	m.rep.PassagesDeleted += n

	// New passages: the ones that stand where they stood, on the same text,
	// are copied as they are; the others are placed one by one.
	type newPassage struct {
		id, doc, quote, deleted string
		start, end              int
	}
	var slow []newPassage
	// merge_added holds their passages new to us, less those skipped
	// below.
	if err := m.exec(`INSERT INTO temp.merge_added (id) SELECT t.id FROM theirs.passages t
		WHERE NOT EXISTS (SELECT 1 FROM main.passages o WHERE o.id = t.id)`); err != nil {
		return err
	}
	// Only the passages that may not stand where they stood are read here:
	// a live passage on a document whose text is ours too does, as the
	// check of their file holds every live passage's quote to be its
	// document's text at its range (textRules). Deleted passages are not
	// held to that, their documents' texts may differ from ours, and a
	// passage we keep as an orphan is merged by its record.
	known := []string{}
	for key := range m.ours.orphans {
		if id, ok := strings.CutPrefix(key, "orphan/"); ok {
			known = append(known, id)
		}
	}
	orphans, err := json.Marshal(known)
	if err != nil {
		return err
	}
	rows, err := m.tx.QueryContext(m.ctx, `SELECT t.id, t.document_id, t.start_offset, t.end_offset, t.quote, coalesce(t.deleted_at, '')
		FROM temp.merge_added n CROSS JOIN theirs.passages t ON t.id = n.id LEFT JOIN temp.merge_doc d ON d.theirs = t.document_id
		WHERE t.deleted_at IS NOT NULL OR d.same IS NOT 1 OR n.id IN (SELECT value FROM json_each(?))
		ORDER BY n.id`, string(orphans))
	if err != nil {
		return describeSQLiteError(err)
	}
	var skip []string
	deletedAsTheyAre := 0 // deleted passages copied as they are
	for rows.Next() {
		var p newPassage
		if err := rows.Scan(&p.id, &p.doc, &p.start, &p.end, &p.quote, &p.deleted); err != nil {
			rows.Close()
			return describeSQLiteError(err)
		}
		if _, ok := m.ours.orphans[orphanKey(p.id)]; ok {
			m.orphaned[p.id] = nil // known already; its record is merged below
			m.orphanDeleted[p.id] = p.deleted
			skip = append(skip, p.id)
			continue
		}
		doc, ok := m.docMap[p.doc]
		if !ok {
			rows.Close()
			return fmt.Errorf("passage %s: document %s missing from the colleague's file", p.id, p.doc)
		}
		if m.sameText[p.doc] {
			t, err := m.ourText(doc)
			if err != nil {
				rows.Close()
				return err
			}
			if t.Slice(p.start, p.end) == p.quote {
				if p.deleted != "" {
					deletedAsTheyAre++
				}
				continue
			}
		}
		slow = append(slow, p)
		skip = append(skip, p.id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return describeSQLiteError(err)
	}
	if len(skip) > 0 {
		b, err := json.Marshal(skip)
		if err != nil {
			return err
		}
		if err := m.exec(`DELETE FROM temp.merge_added WHERE id IN (SELECT value FROM json_each(?))`, string(b)); err != nil {
			return err
		}
	}
	res, err := m.tx.ExecContext(m.ctx, `INSERT INTO main.passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at, deleted_at)
		SELECT t.id, (SELECT ours FROM temp.merge_doc WHERE theirs = t.document_id), t.start_offset, t.end_offset, t.quote, t.prefix, t.suffix, t.provenance,
			(SELECT ours FROM temp.merge_author WHERE theirs = t.author_id), t.created_at, t.updated_at, t.deleted_at
		FROM temp.merge_added n CROSS JOIN theirs.passages t ON t.id = n.id`)
	if err != nil {
		return fmt.Errorf("add passages: %w", describeSQLiteError(err))
	}
	copied, err := res.RowsAffected()
	if err != nil {
		return err
	}
	m.rep.PassagesAdded += int(copied) - deletedAsTheyAre
	if len(slow) == 0 {
		return nil
	}
	insert, err := m.tx.PrepareContext(m.ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insert.Close()
	for _, s := range slow {
		p := &passageRow{id: s.id, doc: s.doc, start: s.start, end: s.end, quote: s.quote, deleted: s.deleted}
		if err := m.tx.QueryRowContext(m.ctx, `SELECT t.prefix, t.suffix, t.provenance, a.name, t.created_at, t.updated_at
			FROM theirs.passages t JOIN theirs.authors a ON a.id = t.author_id WHERE t.id = ?`, s.id).Scan(
			&p.prefix, &p.suffix, &p.provenance, &p.author, &p.created, &p.updated); err != nil {
			return fmt.Errorf("read passage %s: %w", s.id, describeSQLiteError(err))
		}
		doc := m.docMap[p.doc]
		next := *p
		next.doc = doc
		t, err := m.ourText(doc)
		if err != nil {
			return err
		}
		start, end, ok := annotate.Anchor(t, annotate.Selector{Start: p.start, End: p.end, Exact: p.quote, Prefix: p.prefix, Suffix: p.suffix})
		switch {
		case ok:
			sel := annotate.Describe(t, start, end)
			next.start, next.end, next.quote, next.prefix, next.suffix = start, end, sel.Exact, sel.Prefix, sel.Suffix
			if p.deleted == "" {
				m.rep.PassagesReanchored++
			}
		case p.deleted == "":
			m.orphaned[p.id] = m.newOrphan(p, doc)
			continue
		}
		// A deleted passage that no longer fits is kept as a tombstone at
		// its old place: it is never shown, but stops the passage coming
		// back from another colleague's file. Like every passage, it lies
		// inside its document: moved to the end of a shorter text.
		if next.end > t.Len() {
			n := min(next.end-next.start, t.Len())
			next.start, next.end = t.Len()-n, t.Len()
			next.quote = t.Slice(next.start, next.end)
		}
		if _, err := insert.ExecContext(m.ctx, next.id, next.doc, next.start, next.end, next.quote, next.prefix, next.suffix, next.provenance,
			m.authors[next.author], next.created, next.updated, nullable(next.deleted)); err != nil {
			return fmt.Errorf("add passage %s: %w", p.id, describeSQLiteError(err))
		}
		if err := m.exec(`INSERT INTO temp.merge_added (id) VALUES (?)`, p.id); err != nil {
			return err
		}
		if next.deleted == "" {
			m.rep.PassagesAdded++
		}
	}
	return nil
}

// mergePassageTags merges the colleague's tag applications on the
// passages we now have: one new to us is added, one we have goes to the
// later writer (wins: updated_at, then author name, then deleted_at).
func (m *merger) mergePassageTags() error {
	// On the passages this merge added, every application is new.
	if err := m.exec(`INSERT INTO main.passage_tags (passage_id, tag_id, author_id, created_at, updated_at, deleted_at)
		SELECT t.passage_id, mt.ours, (SELECT ours FROM temp.merge_author WHERE theirs = t.author_id), t.created_at, t.updated_at, t.deleted_at
		FROM temp.merge_added n CROSS JOIN theirs.passage_tags t ON t.passage_id = n.id
		JOIN temp.merge_tag mt ON mt.theirs = t.tag_id AND mt.single`); err != nil {
		return fmt.Errorf("code passages: %w", err)
	}
	// On the passages we had, those new to us and those whose later
	// writer is theirs.
	if err := m.exec(`INSERT INTO temp.merge_pt (passage, tag, author_id, created_at, updated_at, deleted_at, existed, was_live)
		SELECT t.passage_id, mt.ours, a.ours, t.created_at, t.updated_at, t.deleted_at, o.passage_id IS NOT NULL, o.passage_id IS NOT NULL AND o.deleted_at IS NULL
		FROM theirs.passage_tags t
		JOIN temp.merge_tag mt ON mt.theirs = t.tag_id AND mt.single
		JOIN temp.merge_author a ON a.theirs = t.author_id
		LEFT JOIN main.passage_tags o ON o.passage_id = t.passage_id AND o.tag_id = mt.ours
		LEFT JOIN main.authors oa ON oa.id = o.author_id
		WHERE t.passage_id NOT IN (SELECT id FROM temp.merge_added) AND EXISTS (SELECT 1 FROM main.passages p WHERE p.id = t.passage_id)
			AND (o.passage_id IS NULL
				OR (t.updated_at, a.name, coalesce(t.deleted_at, '')) > (o.updated_at, oa.name, coalesce(o.deleted_at, '')))`); err != nil {
		return err
	}
	if err := m.exec(`INSERT INTO main.passage_tags (passage_id, tag_id, author_id, created_at, updated_at, deleted_at)
		SELECT passage, tag, author_id, created_at, updated_at, deleted_at FROM temp.merge_pt WHERE NOT existed`); err != nil {
		return fmt.Errorf("code passages: %w", err)
	}
	if err := m.exec(`UPDATE main.passage_tags SET author_id = u.author_id, created_at = u.created_at, updated_at = u.updated_at, deleted_at = u.deleted_at
		FROM temp.merge_pt u WHERE u.existed AND passage_tags.passage_id = u.passage AND passage_tags.tag_id = u.tag`); err != nil {
		return fmt.Errorf("code passages: %w", err)
	}
	for _, q := range []string{
		`INSERT OR IGNORE INTO temp.merge_changed (id) SELECT passage FROM temp.merge_pt`,
		`INSERT OR IGNORE INTO temp.merge_lost (id) SELECT passage FROM temp.merge_pt WHERE was_live AND deleted_at IS NOT NULL`,
	} {
		if err := m.exec(q); err != nil {
			return err
		}
	}
	if err := m.mergeSharedTags(); err != nil {
		return err
	}
	// The tags of the passages that became orphans, in their order.
	for _, id := range sortedKeys(m.orphaned) {
		o := m.orphaned[id]
		if o == nil {
			continue
		}
		tags, err := queryAll(m.ctx, m.tx, scanString, `SELECT tag_id FROM theirs.passage_tags WHERE passage_id = ? AND deleted_at IS NULL ORDER BY tag_id`, id)
		if err != nil {
			return err
		}
		for _, tag := range tags {
			if ours, ok := m.tagMap[tag]; ok {
				o.addTag(ours, m.ours.tags[ours])
			}
		}
	}
	return nil
}

// mergeSharedTags merges, one by one, the applications of their tags that
// map onto one tag of ours with another of theirs: in the order of their
// passage and tag ids, each goes to the later writer of it and ours so far.
func (m *merger) mergeSharedTags() error {
	if !m.twoIntoOne() {
		return nil
	}
	rows, err := m.tx.QueryContext(m.ctx, `SELECT t.passage_id, mt.ours, a.name, t.created_at, t.updated_at, coalesce(t.deleted_at, '')
		FROM theirs.passage_tags t JOIN temp.merge_tag mt ON mt.theirs = t.tag_id AND NOT mt.single
		JOIN theirs.authors a ON a.id = t.author_id
		WHERE EXISTS (SELECT 1 FROM main.passages p WHERE p.id = t.passage_id)
		ORDER BY t.passage_id, t.tag_id`)
	if err != nil {
		return describeSQLiteError(err)
	}
	var in []passageTagRow
	for rows.Next() {
		var pt passageTagRow
		if err := rows.Scan(&pt.passage, &pt.tag, &pt.author, &pt.created, &pt.updated, &pt.deleted); err != nil {
			rows.Close()
			return describeSQLiteError(err)
		}
		in = append(in, pt)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return describeSQLiteError(err)
	}
	for _, pt := range in {
		var o passageTagRow
		err := m.tx.QueryRowContext(m.ctx, `SELECT a.name, pt.updated_at, coalesce(pt.deleted_at, '') FROM main.passage_tags pt JOIN main.authors a ON a.id = pt.author_id
			WHERE pt.passage_id = ? AND pt.tag_id = ?`, pt.passage, pt.tag).Scan(&o.author, &o.updated, &o.deleted)
		switch {
		case err == sql.ErrNoRows:
			if err := m.exec(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)`,
				pt.passage, pt.tag, m.authors[pt.author], pt.created, pt.updated, nullable(pt.deleted)); err != nil {
				return fmt.Errorf("code passage %s: %w", pt.passage, err)
			}
		case err != nil:
			return describeSQLiteError(err)
		case !wins(pt.updated, pt.author, passageTagKey(&pt), o.updated, o.author, passageTagKey(&o)):
			continue
		default:
			if err := m.exec(`UPDATE passage_tags SET author_id = ?, created_at = ?, updated_at = ?, deleted_at = ? WHERE passage_id = ? AND tag_id = ?`,
				m.authors[pt.author], pt.created, pt.updated, nullable(pt.deleted), pt.passage, pt.tag); err != nil {
				return fmt.Errorf("code passage %s: %w", pt.passage, err)
			}
			if o.deleted == "" && pt.deleted != "" {
				if err := m.exec(`INSERT OR IGNORE INTO temp.merge_lost (id) VALUES (?)`, pt.passage); err != nil {
					return err
				}
			}
		}
		if err := m.exec(`INSERT OR IGNORE INTO temp.merge_changed (id) SELECT ?1 WHERE ?1 NOT IN (SELECT id FROM temp.merge_added)`, pt.passage); err != nil {
			return err
		}
		// Rebuilt with the others' places below.
		if err := m.exec(`INSERT OR IGNORE INTO temp.merge_pt (passage, tag, author_id, created_at, updated_at, deleted_at, existed, was_live)
			VALUES (?, ?, 0, '', '', NULL, 1, 0)`, pt.passage, pt.tag); err != nil {
			return err
		}
	}
	return nil
}

// twoIntoOne reports whether a tag of ours stands for two or more of
// theirs.
func (m *merger) twoIntoOne() bool {
	seen := make(map[string]bool, len(m.tagMap))
	for _, ours := range m.tagMap {
		if seen[ours] {
			return true
		}
		seen[ours] = true
	}
	return false
}

func passageTagKey(pt *passageTagRow) string { return pt.deleted }

// mergeNotes merges the colleague's notes on the passages we now have, a
// note per passage: one new to us is added, one we have goes to the later
// writer (wins: updated_at, then author name, then id, deleted_at and
// body, which is how the notes' keys compare).
func (m *merger) mergeNotes() error {
	if err := m.exec(`INSERT INTO temp.merge_note (passage, id, body, author_id, created_at, updated_at, deleted_at, existed)
		SELECT t.passage_id, t.id, t.body, a.ours, t.created_at, t.updated_at, t.deleted_at, o.id IS NOT NULL
		FROM theirs.notes t
		JOIN temp.merge_author a ON a.theirs = t.author_id
		JOIN main.passages p ON p.id = t.passage_id
		LEFT JOIN main.notes o ON o.passage_id = t.passage_id
		LEFT JOIN main.authors oa ON oa.id = o.author_id
		WHERE o.id IS NULL
			OR (t.updated_at, a.name, t.id, coalesce(t.deleted_at, ''), t.body) > (o.updated_at, oa.name, o.id, coalesce(o.deleted_at, ''), o.body)`); err != nil {
		return err
	}
	if err := m.exec(`INSERT INTO main.notes (id, passage_id, body, author_id, created_at, updated_at, deleted_at)
		SELECT id, passage, body, author_id, created_at, updated_at, deleted_at FROM temp.merge_note WHERE NOT existed ORDER BY passage`); err != nil {
		return fmt.Errorf("add notes: %w", err)
	}
	if err := m.exec(`UPDATE main.notes SET id = u.id, body = u.body, author_id = u.author_id, created_at = u.created_at, updated_at = u.updated_at, deleted_at = u.deleted_at
		FROM temp.merge_note u WHERE u.existed AND notes.passage_id = u.passage`); err != nil {
		return fmt.Errorf("update notes: %w", err)
	}
	added, err := m.count(`SELECT count(*) FROM temp.merge_note WHERE NOT existed AND deleted_at IS NULL`)
	if err != nil {
		return err
	}
	updated, err := m.count(`SELECT count(*) FROM temp.merge_note WHERE existed`)
	if err != nil {
		return err
	}
	m.rep.NotesAdded += added
	m.rep.NotesUpdated += updated
	if err := m.exec(`INSERT OR IGNORE INTO temp.merge_changed (id) SELECT passage FROM temp.merge_note WHERE passage NOT IN (SELECT id FROM temp.merge_added)`); err != nil {
		return err
	}
	// The notes of the passages that became orphans.
	for _, id := range sortedKeys(m.orphaned) {
		o := m.orphaned[id]
		if o == nil {
			continue
		}
		err := m.tx.QueryRowContext(m.ctx, `SELECT n.body, a.name FROM theirs.notes n JOIN theirs.authors a ON a.id = n.author_id
			WHERE n.passage_id = ? AND n.deleted_at IS NULL`, id).Scan(&o.Note, &o.NoteAuthor)
		if err != nil && err != sql.ErrNoRows {
			return describeSQLiteError(err)
		}
	}
	return nil
}

// hasPassage reports whether our project now holds the passage.
func (m *merger) hasPassage(id string) (bool, error) {
	n, err := m.count(`SELECT count(*) FROM main.passages WHERE id = ?`, id)
	return n > 0, err
}

// untagged counts the live passages of live documents that this merge
// added or left without a live tag: they lost a tag (a colleague removed it
// from them, or deleted the tag) and have none left, or came in carrying
// only tags deleted here.
func (m *merger) untagged() (int, error) {
	lost, err := json.Marshal(sortedKeys(m.lostTags))
	if err != nil {
		return 0, err
	}
	return m.count(`WITH cand AS (
			SELECT id FROM temp.merge_lost UNION SELECT id FROM temp.merge_added
			UNION SELECT pt.passage_id FROM main.passage_tags pt WHERE pt.tag_id IN (SELECT value FROM json_each(?)) AND pt.deleted_at IS NULL)
		SELECT count(*) FROM cand c JOIN main.passages p ON p.id = c.id JOIN main.documents d ON d.id = p.document_id
		WHERE p.deleted_at IS NULL AND d.deleted_at IS NULL AND NOT EXISTS (
			SELECT 1 FROM main.passage_tags pt JOIN main.tags t ON t.id = pt.tag_id
			WHERE pt.passage_id = p.id AND pt.deleted_at IS NULL AND t.deleted_at IS NULL)`, string(lost))
}

// passagesUpdated counts the passages we had whose tags or note the merge
// changed and that it did not delete.
func (m *merger) passagesUpdated() (int, error) {
	return m.count(`SELECT count(*) FROM temp.merge_changed WHERE id NOT IN (SELECT id FROM temp.merge_deleted)`)
}
