package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// briefingRow is a briefings row as merging sees it.
type briefingRow struct {
	id, name, title, subtitle, audience, date, preparedBy, summary, scope string
	annex                                                                 bool
	author, created, updated, deleted                                     string
}

// findingRow is a briefing_findings row.
type findingRow struct {
	id, briefing, tag, body           string
	author, created, updated, deleted string
}

// quoteRow is a briefing_quotes row.
type quoteRow struct {
	id, briefing, passage, tag        string
	position                          float64
	author, created, updated, deleted string
}

// briefingState is the briefing rows of one file, by id and natural key.
type briefingState struct {
	briefings map[string]*briefingRow
	findings  map[[2]string]*findingRow // (briefing, tag)
	quotes    map[[2]string]*quoteRow   // (briefing, passage)
}

// loadBriefings reads every briefing row of a file. Times are checked as
// loadState checks the others: merging compares them as text.
func loadBriefings(ctx context.Context, q querier) (*briefingState, error) {
	s := &briefingState{briefings: map[string]*briefingRow{}, findings: map[[2]string]*findingRow{}, quotes: map[[2]string]*quoteRow{}}
	authors := map[int64]string{}
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
		authors[id] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	check := func(what string, ts ...string) error {
		for i, t := range ts {
			if t == "" && i == 2 {
				continue
			}
			if !validTime(t) {
				return fmt.Errorf("%s has the time %q, not of the form %s", what, t, timeFormat)
			}
		}
		return nil
	}
	var aid int64
	err = scanRows(ctx, q, `SELECT id, name, title, subtitle, audience, date, prepared_by, summary, scope, annex, author_id, created_at, updated_at,
		coalesce(deleted_at, '') FROM briefings`, func(r *sql.Rows) error {
		b := &briefingRow{}
		if err := r.Scan(&b.id, &b.name, &b.title, &b.subtitle, &b.audience, &b.date, &b.preparedBy, &b.summary, &b.scope, &b.annex,
			&aid, &b.created, &b.updated, &b.deleted); err != nil {
			return err
		}
		b.author = authors[aid]
		s.briefings[b.id] = b
		return check("briefing "+b.id, b.created, b.updated, b.deleted)
	})
	if err != nil {
		return nil, fmt.Errorf("read briefings: %w", err)
	}
	err = scanRows(ctx, q, `SELECT id, briefing_id, tag_id, body, author_id, created_at, updated_at, coalesce(deleted_at, '') FROM briefing_findings`,
		func(r *sql.Rows) error {
			f := &findingRow{}
			if err := r.Scan(&f.id, &f.briefing, &f.tag, &f.body, &aid, &f.created, &f.updated, &f.deleted); err != nil {
				return err
			}
			f.author = authors[aid]
			s.findings[[2]string{f.briefing, f.tag}] = f
			return check("finding "+f.id, f.created, f.updated, f.deleted)
		})
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	err = scanRows(ctx, q, `SELECT id, briefing_id, passage_id, coalesce(tag_id, ''), position, author_id, created_at, updated_at, coalesce(deleted_at, '')
		FROM briefing_quotes`, func(r *sql.Rows) error {
		k := &quoteRow{}
		if err := r.Scan(&k.id, &k.briefing, &k.passage, &k.tag, &k.position, &aid, &k.created, &k.updated, &k.deleted); err != nil {
			return err
		}
		k.author = authors[aid]
		s.quotes[[2]string{k.briefing, k.passage}] = k
		return check("key quote "+k.id, k.created, k.updated, k.deleted)
	})
	if err != nil {
		return nil, fmt.Errorf("read key quotes: %w", err)
	}
	return s, nil
}

// scanRows runs query on q and calls row for each result.
func scanRows(ctx context.Context, q querier, query string, row func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return describeSQLiteError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return describeSQLiteError(err)
		}
	}
	return rows.Err()
}

func briefingKey(b *briefingRow) string {
	return strings.Join([]string{b.name, b.title, b.subtitle, b.audience, b.date, b.preparedBy, b.summary, b.scope, strconv.FormatBool(b.annex)}, "\x00")
}

func findingKey(f *findingRow) string { return f.deleted + "\x00" + f.body }

func quoteKey(k *quoteRow) string {
	return k.deleted + "\x00" + k.tag + "\x00" + strconv.FormatFloat(k.position, 'g', -1, 64)
}

// author returns our id of a colleague's author, adding the name if new.
func (m *merger) author(name string) (int64, error) {
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

// mapScope rewrites a colleague's scope in our ids: their tags,
// documents and attributes as matched (tags and documents we do not have
// are dropped; attributes are merged before briefings, so every one is
// matched).
func (m *merger) mapScope(scope string) string {
	var s scopeJSON
	if json.Unmarshal([]byte(scope), &s) != nil {
		return scope // the check refused it already: unreachable
	}
	mapIDs := func(ids []string, to map[string]string) []string {
		var out []string
		for _, id := range ids {
			if ours, ok := to[id]; ok {
				out = append(out, ours)
			}
		}
		return out
	}
	s.Tags, s.Documents = mapIDs(s.Tags, m.tagMap), mapIDs(s.Documents, m.docMap)
	where := s.Where[:0]
	for _, c := range s.Where {
		if ours, ok := m.attrMap[c.Attribute]; ok {
			c.Attribute = ours
			where = append(where, c)
		}
	}
	s.Where = where
	b, _ := json.Marshal(s)
	return string(b)
}

// mergeBriefings merges briefings like auto-coding rules: by id, then by
// live name ignoring case; the later version of a briefing's settings
// wins and a deletion on either side wins. Findings and key quotes merge
// row by row on their briefing and code or passage, the later change
// winning, a removal being a change like any other. A colleague's finding
// for a code we do not have, or star on a passage we could not place, is
// left out.
func (m *merger) mergeBriefings() error {
	ours, err := loadBriefings(m.ctx, m.tx)
	if err != nil {
		return err
	}
	theirs, err := loadBriefings(m.ctx, m.theirsQ)
	if err != nil {
		return err
	}
	live := map[string]string{} // lower-case name -> our briefing id
	for _, id := range sortedKeys(ours.briefings) {
		if b := ours.briefings[id]; b.deleted == "" {
			live[strings.ToLower(b.name)] = id
		}
	}
	bmap := map[string]string{} // their briefing id -> ours
	changed := map[string]bool{}
	added := map[string]bool{}
	var byID, byName []*briefingRow
	for _, id := range sortedKeys(theirs.briefings) {
		if _, ok := ours.briefings[id]; ok {
			byID = append(byID, theirs.briefings[id])
		} else {
			byName = append(byName, theirs.briefings[id])
		}
	}
	for _, t := range append(byID, byName...) {
		in := *t
		in.scope = m.mapScope(t.scope)
		o := ours.briefings[t.id]
		if o == nil && in.deleted == "" {
			if id, ok := live[strings.ToLower(in.name)]; ok {
				o = ours.briefings[id]
			}
		}
		aid, err := m.author(in.author)
		if err != nil {
			return err
		}
		if o == nil {
			if err := m.exec(`INSERT INTO briefings (id, name, title, subtitle, audience, date, prepared_by, summary, scope, annex, author_id, created_at, updated_at, deleted_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.id, in.name, in.title, in.subtitle, in.audience, in.date, in.preparedBy, in.summary,
				in.scope, in.annex, aid, in.created, in.updated, nullable(in.deleted)); err != nil {
				return fmt.Errorf("add briefing %q: %w", in.name, err)
			}
			cp := in
			ours.briefings[in.id] = &cp
			bmap[t.id] = in.id
			added[in.id] = true
			if in.deleted == "" {
				live[strings.ToLower(in.name)] = in.id
				m.rep.BriefingsAdded++
			}
			continue
		}
		bmap[t.id] = o.id
		next := *o
		if wins(in.updated, in.author, briefingKey(&in), o.updated, o.author, briefingKey(o)) {
			id := next.id
			next = in
			next.id, next.created = id, o.created
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
		naid, err := m.author(next.author)
		if err != nil {
			return err
		}
		if err := m.exec(`UPDATE briefings SET name = ?, title = ?, subtitle = ?, audience = ?, date = ?, prepared_by = ?, summary = ?, scope = ?, annex = ?,
			author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`, next.name, next.title, next.subtitle, next.audience, next.date, next.preparedBy,
			next.summary, next.scope, next.annex, naid, next.updated, nullable(next.deleted), o.id); err != nil {
			return fmt.Errorf("update briefing %q: %w", o.name, err)
		}
		if o.deleted == "" {
			delete(live, strings.ToLower(o.name))
		}
		if next.deleted == "" {
			live[strings.ToLower(next.name)] = o.id
		}
		changed[o.id] = true
		*o = next
	}

	for _, key := range sortedPairs(theirs.findings) {
		t := theirs.findings[key]
		b, okB := bmap[t.briefing]
		tag, okT := m.tagMap[t.tag]
		if !okB || !okT {
			continue
		}
		in := *t
		in.briefing, in.tag = b, tag
		aid, err := m.author(in.author)
		if err != nil {
			return err
		}
		o := ours.findings[[2]string{b, tag}]
		if o == nil {
			if err := m.exec(`INSERT INTO briefing_findings (id, briefing_id, tag_id, body, author_id, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				in.id, b, tag, in.body, aid, in.created, in.updated, nullable(in.deleted)); err != nil {
				return fmt.Errorf("add finding: %w", err)
			}
			cp := in
			ours.findings[[2]string{b, tag}] = &cp
			changed[b] = changed[b] || in.deleted == ""
			continue
		}
		if !wins(in.updated, in.author, findingKey(&in), o.updated, o.author, findingKey(o)) {
			continue
		}
		if err := m.exec(`UPDATE briefing_findings SET body = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			in.body, aid, in.updated, nullable(in.deleted), o.id); err != nil {
			return fmt.Errorf("update finding: %w", err)
		}
		if findingKey(&in) != findingKey(o) {
			changed[b] = true
		}
		o.body, o.author, o.updated, o.deleted = in.body, in.author, in.updated, in.deleted
	}

	for _, key := range sortedPairs(theirs.quotes) {
		t := theirs.quotes[key]
		b, ok := bmap[t.briefing]
		if !ok {
			continue
		}
		if placed, err := m.hasPassage(t.passage); err != nil {
			return err
		} else if !placed {
			continue // a passage we could not place (an orphan) is no key quote here
		}
		in := *t
		in.briefing = b
		if in.tag != "" {
			tag, ok := m.tagMap[in.tag]
			if !ok {
				tag = ""
			}
			in.tag = tag
		}
		aid, err := m.author(in.author)
		if err != nil {
			return err
		}
		o := ours.quotes[[2]string{b, in.passage}]
		if o == nil {
			if err := m.exec(`INSERT INTO briefing_quotes (id, briefing_id, passage_id, tag_id, position, author_id, created_at, updated_at, deleted_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.id, b, in.passage, nullable(in.tag), in.position, aid, in.created, in.updated, nullable(in.deleted)); err != nil {
				return fmt.Errorf("add key quote: %w", err)
			}
			cp := in
			ours.quotes[[2]string{b, in.passage}] = &cp
			changed[b] = changed[b] || in.deleted == ""
			continue
		}
		if !wins(in.updated, in.author, quoteKey(&in), o.updated, o.author, quoteKey(o)) {
			continue
		}
		if err := m.exec(`UPDATE briefing_quotes SET tag_id = ?, position = ?, author_id = ?, updated_at = ?, deleted_at = ? WHERE id = ?`,
			nullable(in.tag), in.position, aid, in.updated, nullable(in.deleted), o.id); err != nil {
			return fmt.Errorf("update key quote: %w", err)
		}
		if quoteKey(&in) != quoteKey(o) {
			changed[b] = true
		}
		o.tag, o.position, o.author, o.updated, o.deleted = in.tag, in.position, in.author, in.updated, in.deleted
	}
	for id := range changed {
		if !added[id] && ours.briefings[id].deleted == "" {
			m.rep.BriefingsUpdated++
		}
	}
	return nil
}

// sortedPairs returns a map's pair keys in order.
func sortedPairs[V any](m map[[2]string]V) [][2]string {
	keys := make([][2]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	return keys
}
