package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"gloss/annotate"
)

// Merging what researchers write about their coding and the documents'
// attributes: code memos, the journal, attribute definitions and values,
// reconciliation decisions and what each coder had. Each step reads its
// rows from both files itself; the conventions are those of Merge: the
// last writer wins by updated_at (ties by author, then content), a
// deletion on either side wins, and both merge orders agree.

// MemoConflict is a memo both files changed differently: the one written
// later was kept, the other is given here so that it can be recovered.
type MemoConflict struct {
	Kind     string // annotate.MemoCode, annotate.MemoDocument or annotate.MemoJournal
	Subject  string // the code's name, the document's title, or a journal entry's date and title
	Kept     string // who wrote the memo kept
	Replaced string // who wrote the other
	Text     string // the other's text
}

// who returns our ID for one of the colleague's authors, adding the name
// when it is new here.
func (m *merger) who(name string) (int64, error) {
	if id, ok := m.authors[name]; ok {
		return id, nil
	}
	id, err := authorID(m.ctx, m.tx, name, m.now)
	if err != nil {
		return 0, err
	}
	m.authors[name] = id
	return id, nil
}

// rowTimes checks the times of a colleague's row as loadState does: the
// fixed-width form, and no more than a day ahead of this clock.
func rowTimes(what string, ts ...string) error {
	horizon := formatTime(time.Now().Add(24 * time.Hour))
	for _, t := range ts {
		if t == "" {
			continue
		}
		if !validTime(t) {
			return fmt.Errorf("%s has the time %q, not of the form %s", what, t, timeFormat)
		}
		if t > horizon {
			return fmt.Errorf("%s is dated %s, more than a day ahead of this computer's clock: check the clock of the computer that wrote it", what, t)
		}
	}
	return nil
}

// rows runs query on q and calls row for each.
func eachRow(q querier, m *merger, what, query string, row func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(m.ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read %s: %w", what, describeSQLiteError(err))
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", what, describeSQLiteError(err))
	}
	return nil
}

// mergeCodeMemos takes each code's memo written last.
func (m *merger) mergeCodeMemos() error {
	type memo struct{ text, author, updated string }
	read := func(q querier, mapID func(string) string) (map[string]memo, error) {
		out := map[string]memo{}
		err := eachRow(q, m, "code memos", `SELECT t.id, t.memo, coalesce(a.name, ''), t.memo_updated_at FROM tags t
			LEFT JOIN authors a ON a.id = t.memo_author_id WHERE t.memo_updated_at IS NOT NULL`, func(r *sql.Rows) error {
			var id string
			var v memo
			if err := r.Scan(&id, &v.text, &v.author, &v.updated); err != nil {
				return err
			}
			if err := rowTimes("the memo of a code", v.updated); err != nil {
				return err
			}
			if id = mapID(id); id != "" {
				out[id] = v
			}
			return nil
		})
		return out, err
	}
	ours, err := read(m.tx, func(id string) string { return id })
	if err != nil {
		return err
	}
	theirs, err := read(m.theirsQ, func(id string) string { return m.tagMap[id] })
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(theirs) {
		t, o := theirs[id], ours[id]
		if t == o || !wins(t.updated, t.author, t.text, o.updated, o.author, o.text) {
			continue
		}
		var author any
		if t.author != "" {
			id, err := m.who(t.author)
			if err != nil {
				return err
			}
			author = id
		}
		if err := m.exec(`UPDATE tags SET memo = ?, memo_author_id = ?, memo_updated_at = ? WHERE id = ?`, t.text, author, t.updated, id); err != nil {
			return fmt.Errorf("code memo: %w", err)
		}
		m.rep.MemosUpdated++
		if o.text != "" && o.text != t.text {
			name := ""
			if r := m.ours.tags[id]; r != nil {
				name = r.name
			}
			m.rep.MemoConflicts = append(m.rep.MemoConflicts, MemoConflict{Kind: annotate.MemoCode, Subject: name, Kept: t.author, Replaced: o.author, Text: o.text})
		}
	}
	return nil
}

type journalRow struct {
	id, date, title, body             string
	author, created, updated, deleted string
}

func (j *journalRow) key() string { return j.date + "\x00" + j.title + "\x00" + j.body }

func readJournal(m *merger, q querier) (map[string]*journalRow, error) {
	out := map[string]*journalRow{}
	err := eachRow(q, m, "journal", `SELECT j.id, j.entry_date, j.title, j.body, a.name, j.created_at, j.updated_at, coalesce(j.deleted_at, '')
		FROM journal j JOIN authors a ON a.id = j.author_id`, func(r *sql.Rows) error {
		j := &journalRow{}
		if err := r.Scan(&j.id, &j.date, &j.title, &j.body, &j.author, &j.created, &j.updated, &j.deleted); err != nil {
			return err
		}
		if err := rowTimes("a journal entry", j.created, j.updated, j.deleted); err != nil {
			return err
		}
		if _, err := m.who(j.author); err != nil {
			return err
		}
		out[j.id] = j
		return nil
	})
	return out, err
}

// mergeJournal brings in the colleague's journal entries.
func (m *merger) mergeJournal() error {
	ours, err := readJournal(m, m.tx)
	if err != nil {
		return err
	}
	theirs, err := readJournal(m, m.theirsQ)
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(theirs) {
		t, o := theirs[id], ours[id]
		if o == nil {
			if err := m.exec(`INSERT INTO journal (id, entry_date, title, body, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				t.id, t.date, t.title, t.body, m.authors[t.author], t.created, t.updated, nullable(t.deleted)); err != nil {
				return fmt.Errorf("add journal entry: %w", err)
			}
			if t.deleted == "" {
				m.rep.JournalAdded++
			}
			continue
		}
		next := *o
		if wins(t.updated, t.author, t.key(), o.updated, o.author, o.key()) {
			next.date, next.title, next.body, next.author, next.updated = t.date, t.title, t.body, t.author, t.updated
			if o.body != "" && o.body != t.body {
				// Our text gives way to theirs, written (or deleted) later:
				// named, so that it can be recovered.
				m.rep.MemoConflicts = append(m.rep.MemoConflicts, MemoConflict{Kind: annotate.MemoJournal,
					Subject: strings.TrimSpace(o.date + " " + o.title), Kept: t.author, Replaced: o.author, Text: o.body})
			}
		}
		next.deleted = tombstone(o.deleted, t.deleted)
		if next == *o {
			continue
		}
		if err := m.exec(`UPDATE journal SET entry_date = ?, title = ?, body = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			next.date, next.title, next.body, m.authors[next.author], next.updated, nullable(next.deleted), id); err != nil {
			return fmt.Errorf("update journal entry: %w", err)
		}
		m.rep.JournalUpdated++
	}
	return nil
}

type attributeRow struct {
	id, name, kind, choices           string
	sort                              int
	author, created, updated, deleted string
}

func (a *attributeRow) key() string { return a.name + "\x00" + a.kind + "\x00" + a.choices }

func readAttributeRows(m *merger, q querier) (map[string]*attributeRow, error) {
	out := map[string]*attributeRow{}
	err := eachRow(q, m, "attributes", `SELECT at.id, at.name, at.kind, at.choices, at.sort_order, a.name, at.created_at, at.updated_at, coalesce(at.deleted_at, '')
		FROM attributes at JOIN authors a ON a.id = at.author_id`, func(r *sql.Rows) error {
		a := &attributeRow{}
		if err := r.Scan(&a.id, &a.name, &a.kind, &a.choices, &a.sort, &a.author, &a.created, &a.updated, &a.deleted); err != nil {
			return err
		}
		if err := rowTimes("attribute "+a.name, a.created, a.updated, a.deleted); err != nil {
			return err
		}
		if _, err := m.who(a.author); err != nil {
			return err
		}
		out[a.id] = a
		return nil
	})
	return out, err
}

// mergeAttributes merges attribute definitions like rules: by id, then by
// live name ignoring case; the later version wins, a deletion on either
// side wins, a rename onto a name another live attribute holds keeps ours.
// It fills m.attrMap for the values.
func (m *merger) mergeAttributes() error {
	ours, err := readAttributeRows(m, m.tx)
	if err != nil {
		return err
	}
	theirs, err := readAttributeRows(m, m.theirsQ)
	if err != nil {
		return err
	}
	m.attrMap = map[string]string{}
	live := map[string]string{}
	last := 0
	for _, id := range sortedKeys(ours) {
		if o := ours[id]; o.deleted == "" {
			live[strings.ToLower(o.name)] = id
		}
		last = max(last, ours[id].sort)
	}
	var byID, byName []*attributeRow
	for _, id := range sortedKeys(theirs) {
		if ours[id] != nil {
			byID = append(byID, theirs[id])
		} else {
			byName = append(byName, theirs[id])
		}
	}
	sort.SliceStable(byName, func(i, j int) bool { return byName[i].sort < byName[j].sort })
	for _, t := range append(byID, byName...) {
		o := ours[t.id]
		if o == nil && t.deleted == "" {
			if id, ok := live[strings.ToLower(t.name)]; ok {
				o = ours[id]
			}
		}
		if o == nil {
			last++
			if err := m.exec(`INSERT INTO attributes (id, name, kind, choices, sort_order, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				t.id, t.name, t.kind, t.choices, last, m.authors[t.author], t.created, t.updated, nullable(t.deleted)); err != nil {
				return fmt.Errorf("add attribute %q: %w", t.name, err)
			}
			cp := *t
			cp.sort = last
			ours[t.id] = &cp
			m.attrMap[t.id] = t.id
			if t.deleted == "" {
				live[strings.ToLower(t.name)] = t.id
				m.rep.AttributesAdded++
			}
			continue
		}
		m.attrMap[t.id] = o.id
		next := *o
		if wins(t.updated, t.author, t.key(), o.updated, o.author, o.key()) {
			next.name, next.kind, next.choices, next.author, next.updated = t.name, t.kind, t.choices, t.author, t.updated
		}
		next.deleted = tombstone(o.deleted, t.deleted)
		if next.deleted == "" && !strings.EqualFold(next.name, o.name) {
			if other, ok := live[strings.ToLower(next.name)]; ok && other != o.id {
				next.name = o.name
			}
		}
		if next == *o {
			continue
		}
		if err := m.exec(`UPDATE attributes SET name = ?, kind = ?, choices = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			next.name, next.kind, next.choices, m.authors[next.author], next.updated, nullable(next.deleted), o.id); err != nil {
			return fmt.Errorf("update attribute %q: %w", o.name, err)
		}
		if o.deleted == "" {
			delete(live, strings.ToLower(o.name))
		}
		if next.deleted == "" {
			live[strings.ToLower(next.name)] = o.id
		}
		if next.key() != o.key() || (next.deleted == "") != (o.deleted == "") {
			m.rep.AttributesUpdated++
		}
		*o = next
	}
	return nil
}

type valueRow struct {
	doc, attr, value                  string
	author, created, updated, deleted string
}

func (v *valueRow) key() string { return v.value + "\x00" + v.deleted }

func readValues(m *merger, q querier, mapDoc, mapAttr func(string) string) (map[[2]string]*valueRow, error) {
	out := map[[2]string]*valueRow{}
	err := eachRow(q, m, "attribute values", `SELECT v.document_id, v.attribute_id, v.value, a.name, v.created_at, v.updated_at, coalesce(v.deleted_at, '')
		FROM document_attributes v JOIN authors a ON a.id = v.author_id`, func(r *sql.Rows) error {
		v := &valueRow{}
		if err := r.Scan(&v.doc, &v.attr, &v.value, &v.author, &v.created, &v.updated, &v.deleted); err != nil {
			return err
		}
		if err := rowTimes("an attribute value", v.created, v.updated, v.deleted); err != nil {
			return err
		}
		if _, err := m.who(v.author); err != nil {
			return err
		}
		v.doc, v.attr = mapDoc(v.doc), mapAttr(v.attr)
		if v.doc != "" && v.attr != "" {
			out[[2]string{v.doc, v.attr}] = v
		}
		return nil
	})
	return out, err
}

// mergeAttributeValues takes each document's value of each attribute
// written last (a cleared value is a tombstone and may win too), then
// reports the live values that do not fit their attribute as it now is:
// two colleagues may have changed a definition and set a value apart.
func (m *merger) mergeAttributeValues() error {
	same := func(id string) string { return id }
	ours, err := readValues(m, m.tx, same, same)
	if err != nil {
		return err
	}
	theirs, err := readValues(m, m.theirsQ, func(id string) string { return m.docMap[id] }, func(id string) string { return m.attrMap[id] })
	if err != nil {
		return err
	}
	keys := make([][2]string, 0, len(theirs))
	for k := range theirs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		t, o := theirs[k], ours[k]
		if o == nil {
			if err := m.exec(`INSERT INTO document_attributes (document_id, attribute_id, value, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				k[0], k[1], t.value, m.authors[t.author], t.created, t.updated, nullable(t.deleted)); err != nil {
				return fmt.Errorf("add attribute value: %w", err)
			}
			if t.deleted == "" {
				m.rep.ValuesUpdated++
			}
			continue
		}
		if !wins(t.updated, t.author, t.key(), o.updated, o.author, o.key()) {
			continue
		}
		if err := m.exec(`UPDATE document_attributes SET value = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE document_id = ? AND attribute_id = ?`,
			t.value, m.authors[t.author], t.updated, nullable(t.deleted), k[0], k[1]); err != nil {
			return fmt.Errorf("update attribute value: %w", err)
		}
		if t.key() != o.key() {
			m.rep.ValuesUpdated++
		}
	}
	attrs, err := readAttributes(m.ctx, m.tx)
	if err != nil {
		return err
	}
	byID := map[string]*annotate.Attribute{}
	for _, a := range attrs {
		byID[a.ID] = a
	}
	return eachRow(m.tx, m, "attribute values", `SELECT d.title, v.attribute_id, v.value FROM document_attributes v
		JOIN documents d ON d.id = v.document_id WHERE v.deleted_at IS NULL AND d.deleted_at IS NULL ORDER BY d.title, v.attribute_id`, func(r *sql.Rows) error {
		var title, attr, v string
		if err := r.Scan(&title, &attr, &v); err != nil {
			return err
		}
		if a := byID[attr]; a != nil && !a.Fits(v) {
			m.rep.AttributeMisfits = append(m.rep.AttributeMisfits, fmt.Sprintf("%s: %q of %q does not fit a %s attribute%s", a.Name, v, title, a.Kind, choicesHint(a)))
		}
		return nil
	})
}

type reconcileRow struct {
	id, doc, tag, coderA, coderB, passagesA, passagesB, decision string
	start, end                                                   sql.NullInt64
	note, changes                                                string
	author, created, updated, deleted                            string
}

func (r *reconcileRow) key() string {
	return strings.Join([]string{r.decision, fmt.Sprint(r.start.Int64, r.end.Int64), r.note, r.changes}, "\x00")
}

// mergeReconciliations brings in the colleague's decisions on
// disagreements, their document and code mapped to ours.
func (m *merger) mergeReconciliations() error {
	read := func(q querier, mapDoc, mapTag func(string) string) (map[string]*reconcileRow, error) {
		out := map[string]*reconcileRow{}
		err := eachRow(q, m, "reconciliations", `SELECT r.id, r.document_id, r.tag_id, ca.name, cb.name, r.passages_a, r.passages_b, r.decision,
				r.start_offset, r.end_offset, r.note, r.changes, a.name, r.created_at, r.updated_at, coalesce(r.deleted_at, '')
			FROM reconciliations r JOIN authors a ON a.id = r.author_id JOIN authors ca ON ca.id = r.coder_a JOIN authors cb ON cb.id = r.coder_b`,
			func(rs *sql.Rows) error {
				r := &reconcileRow{}
				if err := rs.Scan(&r.id, &r.doc, &r.tag, &r.coderA, &r.coderB, &r.passagesA, &r.passagesB, &r.decision,
					&r.start, &r.end, &r.note, &r.changes, &r.author, &r.created, &r.updated, &r.deleted); err != nil {
					return err
				}
				if err := rowTimes("a reconciliation", r.created, r.updated, r.deleted); err != nil {
					return err
				}
				for _, name := range []string{r.author, r.coderA, r.coderB} {
					if _, err := m.who(name); err != nil {
						return err
					}
				}
				r.doc, r.tag = mapDoc(r.doc), mapTag(r.tag)
				if r.doc != "" && r.tag != "" {
					out[r.id] = r
				}
				return nil
			})
		return out, err
	}
	same := func(id string) string { return id }
	ours, err := read(m.tx, same, same)
	if err != nil {
		return err
	}
	theirs, err := read(m.theirsQ, func(id string) string { return m.docMap[id] }, func(id string) string { return m.tagMap[id] })
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(theirs) {
		t, o := theirs[id], ours[id]
		if o == nil {
			key, err := disagreementKeyOf(t.doc, t.tag, t.passagesA, t.passagesB)
			if err != nil {
				return err
			}
			if err := m.exec(`INSERT INTO reconciliations (id, disagreement, document_id, tag_id, coder_a, coder_b, passages_a, passages_b, decision,
					start_offset, end_offset, note, changes, author_id, created_at, updated_at, deleted_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				t.id, key, t.doc, t.tag, m.authors[t.coderA], m.authors[t.coderB], t.passagesA, t.passagesB, t.decision,
				t.start, t.end, t.note, t.changes, m.authors[t.author], t.created, t.updated, nullable(t.deleted)); err != nil {
				return fmt.Errorf("add reconciliation: %w", err)
			}
			if t.deleted == "" {
				m.rep.ReconciliationsAdded++
			}
			continue
		}
		next := *o
		if wins(t.updated, t.author, t.key(), o.updated, o.author, o.key()) {
			next.decision, next.start, next.end, next.note, next.changes = t.decision, t.start, t.end, t.note, t.changes
			next.author, next.updated = t.author, t.updated
		}
		next.deleted = tombstone(o.deleted, t.deleted)
		if next == *o {
			continue
		}
		if err := m.exec(`UPDATE reconciliations SET decision = ?, start_offset = ?, end_offset = ?, note = ?, changes = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			next.decision, next.start, next.end, next.note, next.changes, m.authors[next.author], next.updated, nullable(next.deleted), id); err != nil {
			return fmt.Errorf("update reconciliation: %w", err)
		}
	}
	return nil
}

// disagreementKeyOf computes a disagreement's key from its stored parts.
func disagreementKeyOf(doc, tag, passagesA, passagesB string) (string, error) {
	var a, b []string
	if err := json.Unmarshal([]byte(passagesA), &a); err != nil {
		return "", fmt.Errorf("reconciliation: passages: %w", err)
	}
	if err := json.Unmarshal([]byte(passagesB), &b); err != nil {
		return "", fmt.Errorf("reconciliation: passages: %w", err)
	}
	side := func(ids []string) []annotate.CodedPassage {
		var ps []annotate.CodedPassage
		for _, id := range ids {
			ps = append(ps, annotate.CodedPassage{ID: id})
		}
		return ps
	}
	return annotate.DisagreementKey(doc, tag, side(a), side(b)), nil
}

// mergeHoldings adds what each of the colleague's coders had.
func (m *merger) mergeHoldings() error {
	type row struct{ author, kind, item, first string }
	var rows []row
	err := eachRow(m.theirsQ, m, "holdings", `SELECT a.name, h.kind, h.item_id, h.first_at FROM coder_holdings h JOIN authors a ON a.id = h.author_id`,
		func(r *sql.Rows) error {
			var h row
			if err := r.Scan(&h.author, &h.kind, &h.item, &h.first); err != nil {
				return err
			}
			if err := rowTimes("a record of what a coder had", h.first); err != nil {
				return err
			}
			if _, err := m.who(h.author); err != nil {
				return err
			}
			switch h.kind {
			case "document":
				h.item = m.docMap[h.item]
			case "tag":
				h.item = m.tagMap[h.item]
			}
			if h.item != "" {
				rows = append(rows, h)
			}
			return nil
		})
	if err != nil {
		return err
	}
	stmt, err := m.tx.PrepareContext(m.ctx, `INSERT INTO coder_holdings (author_id, kind, item_id, first_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (author_id, kind, item_id) DO UPDATE SET first_at = min(first_at, excluded.first_at)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, h := range rows {
		if _, err := stmt.ExecContext(m.ctx, m.authors[h.author], h.kind, h.item, h.first); err != nil {
			return fmt.Errorf("holdings: %w", describeSQLiteError(err))
		}
	}
	return nil
}

// AnalysisSummary says in sentences what the merge brought of memos,
// attributes and decisions, for the reports people read: nothing when it
// brought none.
func (r *MergeReport) AnalysisSummary() []string {
	var out []string
	count := annotate.Count
	if r.AttributesAdded+r.AttributesUpdated+r.ValuesUpdated > 0 {
		out = append(out, fmt.Sprintf("attributes: %s added, %s updated; %s added or changed",
			annotate.Number(r.AttributesAdded), annotate.Number(r.AttributesUpdated), count(r.ValuesUpdated, "document value", "document values")))
	}
	if r.MemosUpdated+r.JournalAdded+r.JournalUpdated > 0 {
		out = append(out, fmt.Sprintf("memos: %s taken from the colleague; journal: %s added, %s updated",
			count(r.MemosUpdated, "memo", "memos"), annotate.Number(r.JournalAdded), annotate.Number(r.JournalUpdated)))
	}
	if r.ReconciliationsAdded > 0 {
		out = append(out, fmt.Sprintf("reconciliation: %s on disagreements added", count(r.ReconciliationsAdded, "decision", "decisions")))
	}
	for _, c := range r.MemoConflicts {
		what := fmt.Sprintf("the memo on %q", c.Subject)
		if c.Kind == annotate.MemoJournal {
			what = fmt.Sprintf("the journal entry %q", c.Subject)
		}
		out = append(out, fmt.Sprintf("%s by %s was replaced by %s's later change; it read: %s",
			what, orSomeone(c.Replaced), orSomeone(c.Kept), annotate.Ellipsize(strings.Join(strings.Fields(c.Text), " "), 300)))
	}
	for _, m := range r.AttributeMisfits {
		out = append(out, "attribute value to check: "+m)
	}
	return out
}

func orSomeone(s string) string {
	if s == "" {
		return "someone"
	}
	return s
}

// analysisVersion is the schema version that brought memos, attributes
// and tag_spans (the migration named *_memos_attributes.sql).
func analysisVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		if strings.HasSuffix(m.name, "_memos_attributes.sql") {
			return m.version
		}
	}
	panic("no memos_attributes migration")
}

// analysisDerivedRules checks what the triggers of the memos and
// attributes migration keep in the memo search index: that every code memo
// and journal entry has one row in it. (derivedRules compares tag_spans
// with the live tag applications.)
func analysisDerivedRules(ctx context.Context, q querier) ([]string, error) {
	var problems []string
	for _, c := range []struct{ what, q string }{
		{"code memos are not in the memo search index", `SELECT count(*) FROM tags t WHERE t.memo != ''
			AND NOT EXISTS (SELECT 1 FROM memo_search_keys k WHERE k.kind = 'code' AND k.target_id = t.id)`},
		{"document memos are not in the memo search index", `SELECT count(*) FROM documents d WHERE d.memo != ''
			AND NOT EXISTS (SELECT 1 FROM memo_search_keys k WHERE k.kind = 'document' AND k.target_id = d.id)`},
		{"journal entries are not in the memo search index", `SELECT count(*) FROM journal j
			WHERE NOT EXISTS (SELECT 1 FROM memo_search_keys k WHERE k.kind = 'journal' AND k.target_id = j.id)`},
		{"memo search keys have no row in the index", `SELECT count(*) FROM memo_search_keys WHERE id NOT IN (SELECT id FROM memo_search_docsize)`},
		{"memo search keys are of memos not in the file", `SELECT count(*) FROM memo_search_keys k
			WHERE k.kind = 'code' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.id = k.target_id AND t.memo != '')
			OR k.kind = 'document' AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = k.target_id AND d.memo != '')
			OR k.kind = 'journal' AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.id = k.target_id)`},
		{"rows of the memo search index have no key", `SELECT count(*) FROM memo_search_docsize WHERE id NOT IN (SELECT id FROM memo_search_keys)`},
		{"rows of the memo search index are not the text of their memos", `SELECT count(*) FROM memo_search_keys k JOIN memo_search m ON m.rowid = k.id
			WHERE k.kind = 'code' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.id = k.target_id AND t.name IS m.subject AND t.memo IS m.body)
			OR k.kind = 'document' AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = k.target_id AND d.title IS m.subject AND d.memo IS m.body)
			OR k.kind = 'journal' AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.id = k.target_id AND j.title IS m.subject AND j.body IS m.body)`},
	} {
		var n int
		if err := q.QueryRowContext(ctx, c.q).Scan(&n); err != nil {
			return problems, checkFailed(err)
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	return problems, nil
}
