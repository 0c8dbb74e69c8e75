package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gloss/annotate"
)

// MaxClockSkew is how far ahead of this computer's clock a stored time may
// be. Merging compares times as text and lets the later change win, so a
// row dated in the future would win against every change made until then;
// a day leaves room for clocks that are set wrong by a time zone.
const MaxClockSkew = 24 * time.Hour

// CheckTime returns nil when s is a time as Gloss stores it (UTC, the
// fixed-width form 2006-01-02T15:04:05.000000Z) and no more than
// MaxClockSkew ahead of now; otherwise an error that says which.
func CheckTime(s string, now time.Time) error {
	if !validTime(s) {
		if len(s) == len(timeFormat) && strings.HasPrefix(s, "0000-") {
			return fmt.Errorf("the time %q is in the year 0, before any Gloss writes", s)
		}
		return fmt.Errorf("the time %q is not of the form %s", s, timeFormat)
	}
	if s > formatTime(now.Add(MaxClockSkew)) {
		return fmt.Errorf("the time %s is more than a day ahead of this computer's clock", s)
	}
	return nil
}

// StoredTime returns t in the form Gloss stores, or an error when Gloss may
// not store it: a year outside 1–9999 (which the fixed-width form cannot
// hold) or a time more than MaxClockSkew ahead of now. Importers call it on
// every time a file gives, so that nothing they write can make a later
// check or merge fail.
func StoredTime(t, now time.Time) (string, error) {
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("the time %s is outside the years 1 to 9999", t.UTC().Format(time.RFC3339))
	}
	s := formatTime(t)
	if err := CheckTime(s, now); err != nil {
		return "", err
	}
	return s, nil
}

// CheckID returns nil when s is a Gloss ID: a UUID in canonical lower-case
// form (annotate.ValidID).
func CheckID(s string) error {
	if !annotate.ValidID(s) {
		return fmt.Errorf("the id %q is not a lower-case UUID", annotate.Ellipsize(s, 40))
	}
	return nil
}

// The rules of a sound file, beyond its schema and SQLite's own checks,
// are checked the same way whoever asks: Check lists every problem, and
// Inspect, the gate of Open, Merge and SaveCopy, refuses with the first,
// in the same words. The generic rules follow from the reference schema,
// for every table, including tables later migrations add:
//
//   - every CHECK constraint holds and no value is over MaxValueBytes;
//   - a TEXT column named id holds a lower-case UUID;
//   - a column named *_at holds a time as CheckTime wants it;
//   - a column with REFERENCES names a row that is in the file.
//
// tableRules add, for a table, how to name its rows in a problem and the
// rules particular to it; textRules, originalProblems and smallRules check
// what SQL alone cannot (hashes, quotes, tag cycles, rule patterns, orphan
// records).

// tableRule describes a table for the problems found in it.
type tableRule struct {
	noun   string     // what a row is called: "passage"
	key    string     // SQL expression naming a row in a problem
	checks []sqlCheck // rules particular to the table
	unique []uniqueCheck
	// derived is set for a table triggers keep from others, which
	// derivedRules compares with what it is kept from: the ids in it are
	// then checked there, not row by row.
	derived bool
	// screens are queries that tell at once that no row breaks the rule
	// of a column's REFERENCES (see sqlCheck.screen), by column.
	screens map[string]string
}

// uniqueCheck finds rows that share what must be unique (SQLite keeps a
// UNIQUE index for it, which a file may hold damaged): query lists them
// without using the index, one group per row.
type uniqueCheck struct {
	query string
	msg   func(group string) string
}

// sqlCheck is a rule a row of a table must obey.
type sqlCheck struct {
	cond   string   // SQL: true for a row that breaks the rule
	values []string // SQL expressions the message shows
	msg    func(v []string) string
	// where, when set, finds the rows that break the rule in the scan
	// more cheaply than cond: true for every row cond is true for that
	// no other check of the table finds.
	where string
	// screen, when set, is a query of one row and column, true when no
	// row breaks the rule, that answers sooner than the scan: the scan
	// then leaves the rule out.
	screen string
}

// tableRules by table. A table without an entry is still held to the
// generic rules, its rows named by their primary key.
var tableRules = map[string]tableRule{
	"meta": {noun: "project setting", key: "key"},
	"authors": {noun: "author", key: "name", unique: []uniqueCheck{{
		`SELECT name FROM authors NOT INDEXED GROUP BY name HAVING count(*) > 1`,
		func(g string) string { return fmt.Sprintf("author %s: the name is given twice", g) },
	}}},
	"documents": {noun: "document", key: "id", unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM documents NOT INDEXED GROUP BY sha256 HAVING count(*) > 1`,
		func(g string) string {
			return fmt.Sprintf("documents %s: they hold the same text, which one document holds", g)
		},
	}}},
	"tags": {noun: "code", key: "id", unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM tags NOT INDEXED WHERE deleted_at IS NULL GROUP BY name COLLATE NOCASE HAVING count(*) > 1`,
		func(g string) string { return fmt.Sprintf("codes %s: two live codes have the same name", g) },
	}}},
	"passages": {noun: "passage", key: "id", checks: []sqlCheck{{
		cond:   `end_offset > (SELECT d.length FROM documents d WHERE d.id = passages.document_id)`,
		values: []string{"start_offset", "end_offset", "(SELECT d.length FROM documents d WHERE d.id = passages.document_id)"},
		msg: func(v []string) string {
			return fmt.Sprintf("its range [%s, %s) is past the end of its document (%s characters)", v[0], v[1], v[2])
		},
	}}},
	"passage_tags": {noun: "code on passage", key: `passage_id || ' (code ' || tag_id || ')'`, screens: map[string]string{
		// The passages' ids merged with the tags' passage_ids, both in
		// order, in C (storage/internal/rowrules): 1 when every passage
		// named is in the file; 0 when one is not, or when the merge
		// cannot tell (ids not text, out of order or twice), and then
		// each row is looked up and worded. (Read from the tables, not
		// from indexes a damaged file may hold otherwise.)
		"passage_id": `SELECT gloss_tags_passages_found()`,
	}},
	"notes": {noun: "note", key: "id", unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM notes NOT INDEXED GROUP BY passage_id HAVING count(*) > 1`,
		func(g string) string { return fmt.Sprintf("notes %s: they are notes of one passage, which has one", g) },
	}}},
	"rules": {noun: "auto-coding rule", key: "id", unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM rules NOT INDEXED WHERE deleted_at IS NULL GROUP BY name COLLATE NOCASE HAVING count(*) > 1`,
		func(g string) string {
			return fmt.Sprintf("auto-coding rules %s: two live rules have the same name", g)
		},
	}}},
	"search_keys": {noun: "search key", key: "id", derived: true, unique: []uniqueCheck{
		{`SELECT group_concat(id, ' and ') FROM search_keys NOT INDEXED WHERE document_id IS NOT NULL GROUP BY document_id HAVING count(*) > 1`,
			func(g string) string { return fmt.Sprintf("search keys %s: they index one document, which has one", g) }},
		{`SELECT group_concat(id, ' and ') FROM search_keys NOT INDEXED WHERE note_id IS NOT NULL GROUP BY note_id HAVING count(*) > 1`,
			func(g string) string { return fmt.Sprintf("search keys %s: they index one note, which has one", g) }},
	}},
	"tag_document_counts": {noun: "passage count", key: `'of code ' || tag_id || ' in document ' || document_id`, derived: true},
	"tag_spans":           {noun: "place of a code", key: `tag_id || ' on passage ' || passage_id`, derived: true},
	"originals":           {noun: "original file", key: "sha256"},
	"document_originals":  {noun: "original of document", key: "document_id"},
	"journal": {noun: "journal entry", key: "id", checks: []sqlCheck{{
		cond: `date(entry_date) IS NOT entry_date`, values: []string{"entry_date"},
		msg: func(v []string) string { return fmt.Sprintf("its date %q is not a day of the calendar", v[0]) },
	}}},
	"attributes": {noun: "attribute", key: "id", unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM attributes NOT INDEXED WHERE deleted_at IS NULL GROUP BY name COLLATE NOCASE HAVING count(*) > 1`,
		func(g string) string { return fmt.Sprintf("attributes %s: two live attributes have the same name", g) },
	}}},
	"document_attributes": {noun: "attribute value", key: `'of attribute ' || attribute_id || ' on document ' || document_id`},
	"reconciliations":     reconciliationRule,
	"coder_holdings": {noun: "record of what a coder had", key: holdingKind + ` || ' ' || item_id`, checks: []sqlCheck{{
		cond: `kind = 'document' AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = coder_holdings.item_id)
			OR kind = 'tag' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.id = coder_holdings.item_id)`,
		values: []string{holdingKind, "item_id"},
		msg:    func(v []string) string { return fmt.Sprintf("its %s %s is not in the file", v[0], v[1]) },
	}}},
	"memo_search_keys": {noun: "memo search key", key: "id", derived: true, unique: []uniqueCheck{
		{`SELECT group_concat(id, ' and ') FROM memo_search_keys NOT INDEXED GROUP BY kind, target_id HAVING count(*) > 1`,
			func(g string) string {
				return fmt.Sprintf("memo search keys %s: they index one memo, which has one", g)
			}},
	}},
	"briefings": briefingRule,
	"briefing_findings": {noun: "finding", key: `briefing_id || ' (code ' || tag_id || ')'`, unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM briefing_findings NOT INDEXED GROUP BY briefing_id, tag_id HAVING count(*) > 1`,
		func(g string) string {
			return fmt.Sprintf("findings %s: they are findings of one briefing for one code, which has one", g)
		},
	}}},
	"briefing_quotes": {noun: "key quote", key: `briefing_id || ' (passage ' || passage_id || ')'`, unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM briefing_quotes NOT INDEXED GROUP BY briefing_id, passage_id HAVING count(*) > 1`,
		func(g string) string {
			return fmt.Sprintf("key quotes %s: they star one passage for one briefing, which is starred once", g)
		},
	}}},
}

// holdingKind is SQL naming the kind of a row of coder_holdings in the
// words of a problem: a tag is a code to the researcher reading it.
const holdingKind = `CASE kind WHEN 'tag' THEN 'code' ELSE kind END`

// reconciliationRule checks what the reconciliations table's CHECKs leave
// open: a disagreement key as annotate.DisagreementKey makes it, the two
// versions decided on as lists of passage ids, and an edited range inside
// the document. (The passages listed may since have been purged from a
// copy: only their form is checked. The changes column is checked in Go,
// see analysisRules.)
var reconciliationRule = func() tableRule {
	ids := func(col string) string {
		return `CASE WHEN json_valid(` + col + `) AND json_type(` + col + `) = 'array' THEN EXISTS (
			SELECT 1 FROM json_each(` + col + `) WHERE typeof(value) != 'text' OR ` + badID("value") + `) END`
	}
	return tableRule{noun: "reconciliation", key: "id", checks: []sqlCheck{
		{cond: `disagreement GLOB '*[^0-9a-f]*'`, values: []string{"disagreement"},
			msg: func(v []string) string {
				return fmt.Sprintf("its disagreement key %q is not 32 lower-case hexadecimal digits", annotate.Ellipsize(v[0], 40))
			}},
		{cond: ids("passages_a") + ` OR ` + ids("passages_b"), values: []string{"substr(passages_a, 1, 80)", "substr(passages_b, 1, 80)"},
			msg: func(v []string) string {
				return fmt.Sprintf("its versions %s and %s are not lists of passage ids", v[0], v[1])
			}},
		{cond: `end_offset > (SELECT d.length FROM documents d WHERE d.id = reconciliations.document_id)`,
			values: []string{"start_offset", "end_offset", "(SELECT d.length FROM documents d WHERE d.id = reconciliations.document_id)"},
			msg: func(v []string) string {
				return fmt.Sprintf("its edited range [%s, %s) is past the end of its document (%s characters)", v[0], v[1], v[2])
			}},
	}}
}()

// briefingRule checks what the briefings table's CHECKs leave open: a
// real calendar date, and a scope of the shape Gloss writes (lists of ids,
// of coders' names, dates, attribute conditions, a query's text).
var briefingRule = func() tableRule {
	list := func(key, elem string) string {
		return `(json_type(scope, '$.` + key + `') IS NOT NULL AND (json_type(scope, '$.` + key + `') != 'array' OR EXISTS (
			SELECT 1 FROM json_each(scope, '$.` + key + `') WHERE ` + elem + `)))`
	}
	day := func(key string) string {
		return `(json_type(scope, '$.` + key + `') IS NOT NULL AND (json_type(scope, '$.` + key + `') != 'text'
			OR date(json_extract(scope, '$.` + key + `')) IS NOT json_extract(scope, '$.` + key + `')))`
	}
	notID := `typeof(value) != 'text' OR ` + badID("value")
	return tableRule{noun: "briefing", key: "id", checks: []sqlCheck{
		{cond: `date != '' AND date(date) IS NOT date`, values: []string{"date"},
			msg: func(v []string) string { return fmt.Sprintf("its date %q is not a day of the calendar", v[0]) }},
		{cond: list("tags", notID) + ` OR ` + list("documents", notID) + ` OR ` +
			list("coders", `typeof(value) != 'text' OR length(value) NOT BETWEEN 1 AND 200`) + ` OR ` + day("from") + ` OR ` + day("to") + ` OR ` +
			list("where", `type != 'object' OR json_type(value, '$.attribute') IS NOT 'text' OR `+badID(`json_extract(value, '$.attribute')`)) + ` OR ` +
			`(json_type(scope, '$.query') IS NOT NULL AND (json_type(scope, '$.query') != 'text' OR length(json_extract(scope, '$.query')) > 10000))`,
			values: []string{"substr(scope, 1, 80)"},
			msg:    func(v []string) string { return fmt.Sprintf("its scope %s… is not of the form Gloss writes", v[0]) }},
	}, unique: []uniqueCheck{{
		`SELECT group_concat(id, ' and ') FROM briefings NOT INDEXED WHERE deleted_at IS NULL GROUP BY name COLLATE NOCASE HAVING count(*) > 1`,
		func(g string) string { return fmt.Sprintf("briefings %s: two live briefings have the same name", g) },
	}}}
}()

// columnNoun names what a column refers to, for "its document ... is not in
// the file".
func columnNoun(col string) string {
	switch col {
	case "parent_id":
		return "parent code"
	case "tag_id":
		return "code"
	}
	return strings.ReplaceAll(strings.TrimSuffix(col, "_id"), "_", " ")
}

// maxProblemsPerRule bounds the rows listed for one rule of one table; the
// rest are counted.
const maxProblemsPerRule = 20

// badID returns SQL that is true when c does not hold a UUID in canonical
// lower-case form, as CheckID has it, and NULL for NULL: in C
// (gloss_bad_id, storage/internal/rowrules), where a GLOB of 32 classes
// costs about five times as much (and stops at a NUL).
func badID(c string) string {
	return `gloss_bad_id(` + c + `)`
}

// timeCond returns SQL that is true when column c does not hold a time in
// the stored form no later than horizon, as CheckTime has it: in C
// (gloss_bad_time, storage/internal/rowrules), where the same rule in
// SQLite's functions (a GLOB of 27 characters, the ranges of the fields,
// date() for the last days of a month) cost about a microsecond a value.
func timeCond(c, horizon string) string {
	return `gloss_bad_time(` + c + `, '` + horizon + `')`
}

// column is one column of a table, as PRAGMA table_info gives it.
type tableColumn struct {
	name, typ     string
	notNull       bool
	pk            int
	refTable, ref string // REFERENCES, "" for none
}

// tableColumns returns the columns of a table of the reference schema.
func tableColumns(ctx context.Context, q querier, table string) ([]tableColumn, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	var cols []tableColumn
	for rows.Next() {
		var c tableColumn
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &c.pk); err != nil {
			rows.Close()
			return nil, err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	fks, err := q.QueryContext(ctx, `SELECT "from", "table", coalesce("to", '') FROM pragma_foreign_key_list(?)`, table)
	if err != nil {
		return nil, err
	}
	defer fks.Close()
	for fks.Next() {
		var from, parent, to string
		if err := fks.Scan(&from, &parent, &to); err != nil {
			return nil, err
		}
		for i := range cols {
			if cols[i].name == from {
				cols[i].refTable, cols[i].ref = parent, to
			}
		}
	}
	return cols, fks.Err()
}

// reference is what the rules need of the reference schema of a version.
type reference struct {
	objects map[string]schemaObject
	tables  []string                 // ordinary tables, in order of name
	columns map[string][]tableColumn // by table
}

var (
	referenceInfoMu sync.Mutex
	referenceInfos  = map[int]*reference{}
)

// referenceInfo returns the reference schema of version with its tables'
// columns, built once per process.
func referenceInfo(version int) (*reference, error) {
	referenceInfoMu.Lock()
	defer referenceInfoMu.Unlock()
	if r, ok := referenceInfos[version]; ok {
		return r, nil
	}
	objs, err := referenceSchema(version)
	if err != nil {
		return nil, err
	}
	r := &reference{objects: objs, columns: map[string][]tableColumn{}}
	for _, o := range objs {
		if o.typ == "table" && !strings.HasPrefix(o.name, "sqlite_") && !strings.HasPrefix(strings.ToUpper(o.sql), "CREATE VIRTUAL") && !isShadowTable(objs, o.name) {
			r.tables = append(r.tables, o.name)
		}
	}
	sort.Strings(r.tables)
	// The columns are read from an empty database built from the same SQL.
	scratch, err := sql.Open(driverName, "file:reference?mode=memory")
	if err != nil {
		return nil, err
	}
	defer scratch.Close()
	scratch.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, t := range r.tables {
		if _, err := scratch.ExecContext(ctx, objs["table\x00"+t].sql); err != nil {
			return nil, fmt.Errorf("reference table %s: %w", t, err)
		}
	}
	for _, t := range r.tables {
		if r.columns[t], err = tableColumns(ctx, scratch, t); err != nil {
			return nil, err
		}
	}
	referenceInfos[version] = r
	return r, nil
}

// isShadowTable reports whether name is a table a virtual table keeps its
// data in (search_data of search): the virtual table's own check covers it.
func isShadowTable(objs map[string]schemaObject, name string) bool {
	for _, o := range objs {
		if o.typ == "table" && strings.HasPrefix(strings.ToUpper(o.sql), "CREATE VIRTUAL") && strings.HasPrefix(name, o.name+"_") {
			return true
		}
	}
	return false
}

// rowRules checks every row of the tables named against the generic rules
// and each table's own, in one scan per table, and returns the problems
// found. big is set for a file larger than MaxValueBytes, which alone may
// hold a value over it.
func rowRules(ctx context.Context, q querier, ref *reference, tables []string, big bool, now time.Time) ([]string, error) {
	horizon := formatTime(now.Add(MaxClockSkew))
	var problems []string
	for _, table := range tables {
		cols := ref.columns[table]
		tr, ok := tableRules[table]
		if !ok {
			tr = tableRule{noun: strings.TrimSuffix(table, "s")}
			var pk []string
			for _, c := range cols {
				if c.pk > 0 {
					pk = append(pk, `"`+c.name+`"`)
				}
			}
			tr.key = "rowid"
			if len(pk) > 0 {
				tr.key = strings.Join(pk, ` || ' ' || `)
			}
		}
		checks := genericChecks(table, cols, ref.objects["table\x00"+table].sql, horizon, big, !tr.derived, tr.screens)
		checks = append(checks, tr.checks...)
		scan := checks[:0:0]
		for _, c := range checks {
			if c.screen != "" {
				var ok bool
				if err := q.QueryRowContext(ctx, c.screen).Scan(&ok); err != nil {
					return problems, checkFailed(err)
				}
				if ok {
					continue
				}
			}
			scan = append(scan, c)
		}
		found, err := runChecks(ctx, q, table, tr, scan)
		if err != nil {
			return problems, err
		}
		problems = append(problems, found...)
		for _, u := range tr.unique {
			dups, err := queryAll(ctx, q, scanString, u.query)
			if err != nil {
				return problems, checkFailed(err)
			}
			for _, d := range dups {
				problems = append(problems, u.msg(d))
			}
		}
	}
	return problems, nil
}

// rowGroup is tables rowRules checks together, in one transaction; a
// large one has a connection of its own.
type rowGroup struct {
	tables []string
	large  bool
}

// rowGroups splits the tables of the reference schema into the groups
// rowRules checks, in the order of their names: each of the tables that
// hold a row per passage or per tag on one (most of a large project's
// rows) on its own, to be checked beside the others, the others together.
func rowGroups(ref *reference) []rowGroup {
	var groups []rowGroup
	var rest []string
	for _, t := range ref.tables {
		switch t {
		case "passages", "passage_tags":
			if len(rest) > 0 {
				groups = append(groups, rowGroup{tables: rest})
				rest = nil
			}
			groups = append(groups, rowGroup{tables: []string{t}, large: true})
		default:
			rest = append(rest, t)
		}
	}
	if len(rest) > 0 {
		groups = append(groups, rowGroup{tables: rest})
	}
	return groups
}

// fileSize is the size of the file at path with its write-ahead log.
func fileSize(path string) int64 {
	var size int64
	for _, p := range []string{path, path + "-wal"} {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
	}
	return size
}

// plural is the plural of a noun of tableRules.
func plural(noun string) string {
	if strings.HasPrefix(noun, "code on ") {
		return "codes on passages"
	}
	return noun + "s"
}

// genericChecks returns the rules every table's rows obey, from its
// columns and its CREATE TABLE statement.
func genericChecks(table string, cols []tableColumn, create, horizon string, big, ids bool, screens map[string]string) []sqlCheck {
	var checks []sqlCheck
	if exprs := checkExprs(create); len(exprs) > 0 {
		var failing []string
		for _, c := range exprs {
			failing = append(failing, "NOT coalesce(("+c+"), 1)")
		}
		checks = append(checks, sqlCheck{cond: strings.Join(failing, " OR "), msg: func([]string) string {
			return "it breaks a CHECK constraint of " + table + " (CHECK constraint failed in " + table + ")"
		}})
	}
	hasCreatedAt := false
	for _, c := range cols {
		hasCreatedAt = hasCreatedAt || c.name == "created_at" && c.notNull
	}
	for _, c := range cols {
		q := `"` + c.name + `"`
		notNull := func(cond string) string {
			if c.notNull {
				return cond
			}
			return q + ` IS NOT NULL AND ` + cond
		}
		if big && (c.typ == "" || strings.Contains(c.typ, "TEXT") || strings.Contains(c.typ, "BLOB")) {
			checks = append(checks, sqlCheck{cond: `coalesce(octet_length(` + q + `), 0) > ` + fmt.Sprint(MaxValueBytes), msg: func([]string) string {
				return fmt.Sprintf("it holds a value larger than %d MB, which Gloss never writes", MaxValueBytes>>20)
			}})
		}
		switch {
		case c.name == "id" && strings.Contains(c.typ, "TEXT"):
			checks = append(checks, sqlCheck{cond: notNull(badID(q)), values: []string{q}, msg: func(v []string) string {
				return CheckID(v[0]).Error()
			}})
		case ids && strings.HasSuffix(c.name, "_id") && strings.Contains(c.typ, "TEXT") && c.refTable == "":
			// An id of a row kept without REFERENCES (what a coder had).
			name := c.name
			checks = append(checks, sqlCheck{cond: notNull(badID(q)), values: []string{q}, msg: func(v []string) string {
				return name + ": " + CheckID(v[0]).Error()
			}})
		case strings.HasSuffix(c.name, "_at"):
			name := c.name
			check := sqlCheck{cond: notNull(timeCond(q, horizon)), values: []string{q}, msg: func(v []string) string {
				err := CheckTime(v[0], parseTime(horizon).Add(-MaxClockSkew))
				if err == nil {
					err = fmt.Errorf("the time %q is not text", v[0])
				}
				return name + ": " + err.Error()
			}}
			if name != "created_at" && hasCreatedAt {
				// Most rows are never changed: a time that is the row's
				// created_at, which is checked too, is that time's rule.
				// (Values equal under IS and BINARY are the same text,
				// or numbers, which neither rule lets pass.)
				check.where = q + ` IS NOT "created_at" COLLATE BINARY AND ` + check.cond
			}
			checks = append(checks, check)
		}
		if c.refTable != "" {
			ref := c.ref
			if ref == "" {
				ref = "id"
			}
			name, parent := c.name, c.refTable
			checks = append(checks, sqlCheck{
				cond:   q + ` IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "` + parent + `" p WHERE p."` + ref + `" = "` + table + `".` + q + `)`,
				values: []string{q},
				msg: func(v []string) string {
					return fmt.Sprintf("its %s %s is not in the file", columnNoun(name), v[0])
				},
				screen: screens[c.name],
			})
		}
	}
	return checks
}

// runChecks runs every check of a table in one scan and words the rows
// that break one: at most maxProblemsPerRule per check, and a count of
// the rest.
func runChecks(ctx context.Context, q querier, table string, tr tableRule, checks []sqlCheck) ([]string, error) {
	if len(checks) == 0 {
		return nil, nil
	}
	sel := []string{tr.key}
	var broken []string
	for _, c := range checks {
		sel = append(sel, "coalesce(("+c.cond+"), 0)")
		sel = append(sel, c.values...)
		where := c.cond
		if c.where != "" {
			where = c.where
		}
		broken = append(broken, "coalesce(("+where+"), 0)")
	}
	rows, err := q.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM "`+table+`" WHERE `+strings.Join(broken, " OR "))
	if err != nil {
		return nil, checkFailed(err)
	}
	defer rows.Close()
	dest := make([]sql.NullString, len(sel))
	ptrs := make([]any, len(sel))
	for i := range dest {
		ptrs[i] = &dest[i]
	}
	counts := make([]int, len(checks))
	var problems []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, checkFailed(err)
		}
		i := 1
		for n, c := range checks {
			broken := dest[i].String != "" && dest[i].String != "0"
			vals := make([]string, len(c.values))
			for j := range c.values {
				vals[j] = dest[i+1+j].String
			}
			i += 1 + len(c.values)
			if !broken {
				continue
			}
			if counts[n]++; counts[n] <= maxProblemsPerRule {
				problems = append(problems, fmt.Sprintf("%s %s: %s", tr.noun, dest[0].String, c.msg(vals)))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, checkFailed(err)
	}
	for _, c := range counts {
		if c > maxProblemsPerRule {
			problems = append(problems, fmt.Sprintf("%d more %s break the same rule", c-maxProblemsPerRule, plural(tr.noun)))
		}
	}
	return problems, nil
}

// textRules checks what SQL cannot: that every document's text is valid
// UTF-8 whose hash and length are the ones stored, and that the quote of
// every live passage is its document's text at its range. (A deleted
// passage may keep a colleague's quote at a place our text no longer
// has: merging keeps such tombstones so the passage does not come back.)
//
// The quotes are first held to their texts in C, gloss_quotes_match
// (storage/internal/rowrules), without reading them into Go: when it
// finds every quote as textRulesGo would, only the documents are read
// here; otherwise textRulesGo, the reference, checks and words it all.
func textRules(ctx context.Context, q querier) ([]string, error) {
	if quotesMatch(ctx, q) {
		return textRulesGo(ctx, q, false)
	}
	return textRulesGo(ctx, q, true)
}

// quotesMatch reports whether gloss_quotes_match finds that textRulesGo
// would find no problem with any live passage's quote; false when it
// might, or could not tell.
func quotesMatch(ctx context.Context, q querier) bool {
	var ok sql.NullBool
	err := q.QueryRowContext(ctx, `SELECT gloss_quotes_match(document_id, start_offset, end_offset, quote, id)
		FROM passages WHERE deleted_at IS NULL`).Scan(&ok)
	return err == nil && ok.Valid && ok.Bool
}

// textRulesGo is textRules in Go, reading every document with its live
// passages, by id; with withQuotes false, the documents alone.
func textRulesGo(ctx context.Context, q querier, withQuotes bool) ([]string, error) {
	docs, err := q.QueryContext(ctx, `SELECT id, sha256, length, text FROM documents ORDER BY id`)
	if err != nil {
		return nil, checkFailed(err)
	}
	defer docs.Close()
	type passage struct {
		id, doc, quote string
		start, end     int
	}
	var next *passage
	advance := func() error { return nil }
	if withQuotes {
		// Sorted rather than read in the order of passages_document, which
		// looks every passage up by id: the same order, a third of the time.
		ps, err := q.QueryContext(ctx, `SELECT id, document_id, start_offset, end_offset, quote FROM passages
			WHERE deleted_at IS NULL ORDER BY +document_id, start_offset, id`)
		if err != nil {
			return nil, checkFailed(err)
		}
		defer ps.Close()
		advance = func() error {
			next = nil
			if !ps.Next() {
				return ps.Err()
			}
			var p passage
			if err := ps.Scan(&p.id, &p.doc, &p.start, &p.end, &p.quote); err != nil {
				return err
			}
			next = &p
			return nil
		}
	}
	if err := advance(); err != nil {
		return nil, checkFailed(err)
	}
	var problems []string
	quotes := 0
	for docs.Next() {
		var id, sha, text string
		var length int
		if err := docs.Scan(&id, &sha, &length, &text); err != nil {
			return problems, checkFailed(err)
		}
		// Passages of documents not in the file: the foreign key rule
		// reports them.
		for next != nil && next.doc < id {
			if err := advance(); err != nil {
				return problems, checkFailed(err)
			}
		}
		valid := utf8.ValidString(text)
		switch {
		case !valid:
			problems = append(problems, fmt.Sprintf("document %s: its text is not valid UTF-8", id))
		case annotate.HashText(text) != sha:
			problems = append(problems, fmt.Sprintf("document %s: its sha256 %s is not the hash of its text", id, annotate.Ellipsize(sha, 64)))
		}
		if n := utf8.RuneCountInString(text); valid && n != length {
			problems = append(problems, fmt.Sprintf("document %s: its length %d is not the length of its text (%d characters)", id, length, n))
		}
		var t *annotate.Text
		for next != nil && next.doc == id {
			if valid && next.start >= 0 && next.start < next.end {
				if t == nil {
					t = annotate.NewText(text)
				}
				if next.end <= t.Len() && t.Slice(next.start, next.end) != next.quote {
					if quotes++; quotes <= maxProblemsPerRule {
						problems = append(problems, fmt.Sprintf("passage %s: its quote %q does not match the text of its document at [%d, %d)",
							next.id, annotate.Ellipsize(next.quote, 40), next.start, next.end))
					}
				}
			}
			if err := advance(); err != nil {
				return problems, checkFailed(err)
			}
		}
	}
	if err := docs.Err(); err != nil {
		return problems, checkFailed(err)
	}
	if quotes > maxProblemsPerRule {
		problems = append(problems, fmt.Sprintf("%d more passages break the same rule", quotes-maxProblemsPerRule))
	}
	return problems, nil
}

// smallRules checks the small tables in Go: the codebook (every live tag
// as annotate.Tag.Validate wants it, no tag its own ancestor), the live
// auto-coding rules (annotate.Rule.Validate, which compiles the pattern)
// and the project settings (the ones Gloss writes, in the form it writes
// them).
func smallRules(ctx context.Context, q querier, version int, now time.Time) ([]string, error) {
	var problems []string
	type tag struct {
		annotate.Tag
		live bool
	}
	tags := map[string]*tag{}
	var ids []string
	rows, err := q.QueryContext(ctx, `SELECT id, name, color, description, coalesce(parent_id, ''), deleted_at IS NULL FROM tags`)
	if err != nil {
		return nil, checkFailed(err)
	}
	for rows.Next() {
		t := &tag{}
		if err := rows.Scan(&t.ID, &t.Name, &t.Color, &t.Description, &t.ParentID, &t.live); err != nil {
			rows.Close()
			return nil, checkFailed(err)
		}
		tags[t.ID] = t
		ids = append(ids, t.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, checkFailed(err)
	}
	sort.Strings(ids)
	inCycle := map[string]bool{}
	for _, id := range ids {
		t := tags[id]
		if t.live {
			if err := t.Validate(); err != nil {
				problems = append(problems, fmt.Sprintf("code %s: %s", id, annotate.ErrorMessage(err)))
			}
		}
		if inCycle[id] {
			continue
		}
		var path []string
		seen := map[string]int{}
		for cur := id; cur != "" && tags[cur] != nil; cur = tags[cur].ParentID {
			if i, ok := seen[cur]; ok {
				cycle := path[i:]
				for _, c := range cycle {
					inCycle[c] = true
				}
				sorted := append([]string(nil), cycle...)
				sort.Strings(sorted)
				problems = append(problems, fmt.Sprintf("code %s: it is nested inside itself (through %s)", sorted[0], strings.Join(cycle, ", ")))
				break
			}
			seen[cur] = len(path)
			path = append(path, cur)
		}
	}
	if version >= 3 {
		rows, err := q.QueryContext(ctx, `SELECT id, name, pattern, kind, tag_id, scope FROM rules WHERE deleted_at IS NULL ORDER BY id`)
		if err != nil {
			return nil, checkFailed(err)
		}
		for rows.Next() {
			var r annotate.Rule
			if err := rows.Scan(&r.ID, &r.Name, &r.Pattern, &r.Kind, &r.TagID, &r.Scope); err != nil {
				rows.Close()
				return nil, checkFailed(err)
			}
			if err := r.Validate(); err != nil {
				problems = append(problems, fmt.Sprintf("auto-coding rule %s: %s", r.ID, annotate.ErrorMessage(err)))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, checkFailed(err)
		}
	}
	rows, err = q.QueryContext(ctx, `SELECT key, value FROM meta ORDER BY key`)
	if err != nil {
		return nil, checkFailed(err)
	}
	defer rows.Close()
	orphans := 0
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, checkFailed(err)
		}
		var err error
		switch {
		case k == "project_id":
			err = CheckID(v)
		case k == "created_at":
			err = CheckTime(v, now)
		case strings.HasPrefix(k, "orphan/"):
			if err = checkOrphan(k, v, now); err != nil {
				if orphans++; orphans > maxProblemsPerRule {
					continue
				}
			}
		default:
			err = errors.New("no setting of that name is written by Gloss")
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("project setting %s: %v", k, err))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, checkFailed(err)
	}
	if orphans > maxProblemsPerRule {
		problems = append(problems, fmt.Sprintf("%d more project settings break the same rule", orphans-maxProblemsPerRule))
	}
	return problems, nil
}

// analysisRules checks in Go what the tables of memos, attributes and
// reconciliation hold as JSON: every attribute's choices a list of texts,
// a live attribute as annotate.Attribute.Validate wants it, and every
// reconciliation's record of what it changed in the form Gloss writes,
// so that undoing the decision and measuring agreement can read it.
func analysisRules(ctx context.Context, q querier) ([]string, error) {
	var problems []string
	rows, err := q.QueryContext(ctx, `SELECT id, name, kind, choices, deleted_at IS NULL FROM attributes ORDER BY id`)
	if err != nil {
		return nil, checkFailed(err)
	}
	for rows.Next() {
		var a annotate.Attribute
		var choices string
		var live bool
		if err := rows.Scan(&a.ID, &a.Name, &a.Kind, &choices, &live); err != nil {
			rows.Close()
			return nil, checkFailed(err)
		}
		if err := json.Unmarshal([]byte(choices), &a.Choices); err != nil {
			problems = append(problems, fmt.Sprintf("attribute %s: its choices %s are not a list of values", a.ID, annotate.Ellipsize(choices, 80)))
		} else if err := a.Validate(); err != nil && live {
			problems = append(problems, fmt.Sprintf("attribute %s: %s", a.ID, annotate.ErrorMessage(err)))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, checkFailed(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT id, changes FROM reconciliations ORDER BY id`)
	if err != nil {
		return nil, checkFailed(err)
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		var id, changes string
		if err := rows.Scan(&id, &changes); err != nil {
			return nil, checkFailed(err)
		}
		if err := checkChanges(changes); err != nil {
			if bad++; bad <= maxProblemsPerRule {
				problems = append(problems, fmt.Sprintf("reconciliation %s: %v", id, err))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, checkFailed(err)
	}
	if bad > maxProblemsPerRule {
		problems = append(problems, fmt.Sprintf("%d more reconciliations break the same rule", bad-maxProblemsPerRule))
	}
	return problems, nil
}

// checkChanges checks a reconciliation's record of what it changed (see
// reconcileChanges): JSON of that shape and nothing else, its ids in
// Gloss's form.
func checkChanges(s string) error {
	var c reconcileChanges
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return fmt.Errorf("its record of what it changed, %s, is not of the form Gloss writes", annotate.Ellipsize(s, 80))
	}
	ids := append(append([]string(nil), c.Deleted...), c.Created...)
	for _, pt := range c.Untagged {
		ids = append(ids, pt.PassageID, pt.TagID)
	}
	for _, id := range ids {
		if err := CheckID(id); err != nil {
			return fmt.Errorf("its record of what it changed: %w", err)
		}
	}
	return nil
}

// checkOrphan checks an orphan record (see Orphan): JSON that Gloss wrote,
// under the key of its passage, with ids and times in Gloss's forms.
func checkOrphan(key, value string, now time.Time) error {
	var o Orphan
	dec := json.NewDecoder(strings.NewReader(value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return fmt.Errorf("the orphan record does not parse: %v", err)
	}
	if key != orphanKey(o.PassageID) {
		return fmt.Errorf("the orphan record is of passage %q, not of the one its key names", annotate.Ellipsize(o.PassageID, 40))
	}
	for _, id := range append([]string{o.PassageID, o.DocumentID}, o.TagIDs...) {
		if err := CheckID(id); err != nil {
			return fmt.Errorf("the orphan record: %w", err)
		}
	}
	for _, t := range []string{o.CreatedAt, o.UpdatedAt, o.DeletedAt} {
		if t == "" && t == o.DeletedAt {
			continue
		}
		if err := CheckTime(t, now); err != nil {
			return fmt.Errorf("the orphan record: %w", err)
		}
	}
	if o.Start < 0 || o.End <= o.Start || o.Quote == "" {
		return fmt.Errorf("the orphan record has no quote at a range [%d, %d)", o.Start, o.End)
	}
	return nil
}

// derivedRules checks what triggers keep in step with the tables: that
// every document and note has exactly one row in the full-text index
// (whose content quick_check verifies) and that the passage counts per tag
// and document are the passages'.
func derivedRules(ctx context.Context, q querier, version int) ([]string, error) {
	var problems []string
	if version >= 2 {
		for _, c := range []struct{ what, q string }{
			{"documents are not in the search index", `SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM search_keys WHERE document_id IS NOT NULL)`},
			{"notes are not in the search index", `SELECT count(*) FROM notes WHERE id NOT IN (SELECT note_id FROM search_keys WHERE note_id IS NOT NULL)`},
			{"search keys are of documents or notes not in the file", `SELECT count(*) FROM search_keys
				WHERE document_id IS NOT NULL AND document_id NOT IN (SELECT id FROM documents)
				OR note_id IS NOT NULL AND note_id NOT IN (SELECT id FROM notes)`},
			{"search keys have no row in the index", `SELECT count(*) FROM search_keys WHERE id NOT IN (SELECT id FROM search_docsize)`},
			{"rows of the search index have no key", `SELECT count(*) FROM search_docsize WHERE id NOT IN (SELECT id FROM search_keys)`},
		} {
			var n int
			if err := q.QueryRowContext(ctx, c.q).Scan(&n); err != nil {
				return problems, checkFailed(err)
			}
			if n > 0 {
				problems = append(problems, fmt.Sprintf("search index: %d %s", n, c.what))
			}
		}
	}
	var spans spanComparison
	if version >= analysisVersion() {
		var err error
		if spans, err = compareSpans(ctx, q); err != nil {
			return problems, checkFailed(err)
		}
	}
	if version >= 4 {
		// The counts the passages make, each looked up among the kept ones
		// by key, then the kept ones the passages do not make. (A FULL
		// JOIN of the two compares every row with every other: seconds
		// for a project of 10,000 counts.) A kept count of 0 is no count.
		// When tag_spans holds the live tag applications exactly, the
		// passages make the counts of its rows, which it holds in order.
		direct := `SELECT pt.tag_id, p.document_id, count(*) AS n FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
				WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL GROUP BY pt.tag_id, p.document_id`
		if spans.same {
			direct = `SELECT tag_id, document_id, count(*) AS n FROM tag_spans GROUP BY tag_id, document_id`
		}
		rows, err := q.QueryContext(ctx, `WITH direct AS MATERIALIZED (`+direct+`)
			SELECT d.tag_id, d.document_id, coalesce(c.n, 0), d.n
			FROM direct d LEFT JOIN tag_document_counts c ON c.tag_id = d.tag_id AND c.document_id = d.document_id
			WHERE coalesce(c.n, 0) != d.n
			UNION ALL
			SELECT c.tag_id, c.document_id, c.n, 0 FROM tag_document_counts c
			WHERE c.n != 0 AND NOT EXISTS (SELECT 1 FROM direct d WHERE d.tag_id = c.tag_id AND d.document_id = c.document_id)
			ORDER BY 1, 2 LIMIT ?`, maxProblemsPerRule)
		if err != nil {
			return problems, checkFailed(err)
		}
		defer rows.Close()
		for rows.Next() {
			var tag, doc string
			var kept, direct int
			if err := rows.Scan(&tag, &doc, &kept, &direct); err != nil {
				return problems, checkFailed(err)
			}
			problems = append(problems, fmt.Sprintf("passage count of code %s in document %s: it is %d, the passages make it %d", tag, doc, kept, direct))
		}
		if err := rows.Err(); err != nil {
			return problems, checkFailed(err)
		}
	}
	if version >= analysisVersion() {
		if spans.missing > 0 {
			problems = append(problems, fmt.Sprintf("%d live applications of a code are missing from tag_spans or stand at another place", spans.missing))
		}
		if spans.extra > 0 {
			problems = append(problems, fmt.Sprintf("%d rows of tag_spans are of no live application of a code", spans.extra))
		}
		more, err := analysisDerivedRules(ctx, q)
		problems = append(problems, more...)
		if err != nil {
			return problems, err
		}
	}
	return problems, nil
}

// spanComparison is how tag_spans stands to the live tag applications.
type spanComparison struct {
	missing int  // live applications with no row of tag_spans at their place
	extra   int  // rows of tag_spans (the same row once) of no live application
	same    bool // each live application is one row of tag_spans and each row one application
}

// compareSpans compares tag_spans with the live tag applications on live
// passages, where they are: rows alike in every column are a group, and a
// group of one side only is a problem. gloss_compare_span_tables
// (storage/internal/rowrules) reads the tables itself, merging the live
// passages with their tags in the order of their keys, and groups the rows
// in a hash table of their exact values; where its merge cannot stand for
// spanRows' join (an id not text, passages' ids out of order),
// gloss_compare_spans groups spanRows' rows in the same table, in about
// two thirds of the time of SQLite's sort; where a value is of a type
// that table does not hold (neither text nor an integer), SQLite groups
// them, in one sort of both.
func compareSpans(ctx context.Context, q querier) (spanComparison, error) {
	var c spanComparison
	var hashed sql.NullString
	err := q.QueryRowContext(ctx, `SELECT gloss_compare_span_tables()`).Scan(&hashed)
	if err == nil && !hashed.Valid {
		err = q.QueryRowContext(ctx, `SELECT gloss_compare_spans(span, tag_id, document_id, start_offset, end_offset, passage_id, author_id) FROM (`+spanRows+`)`).Scan(&hashed)
	}
	if err != nil {
		return c, err
	}
	if hashed.Valid {
		if _, err := fmt.Sscan(hashed.String, &c.missing, &c.extra, &c.same); err != nil {
			return c, fmt.Errorf("the comparison of tag_spans gave %q: %w", hashed.String, err)
		}
		return c, nil
	}
	err = q.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN s = 0 THEN l END), 0), count(CASE WHEN l = 0 THEN 1 END),
			count(CASE WHEN s != 1 OR l != 1 THEN 1 END) = 0
		FROM (SELECT sum(span) AS s, count(*) - sum(span) AS l FROM (`+spanRows+`)
		GROUP BY tag_id, document_id, start_offset, end_offset, passage_id, author_id)`).Scan(&c.missing, &c.extra, &c.same)
	return c, err
}

// spanRows is the rows compareSpans compares: those of tag_spans (span 1)
// and the live tag applications on live passages where they are (span 0).
const spanRows = `SELECT tag_id, document_id, start_offset, end_offset, passage_id, author_id, 1 AS span FROM tag_spans
	UNION ALL
	SELECT pt.tag_id, p.document_id, p.start_offset, p.end_offset, p.id, p.author_id, 0
	FROM passages p CROSS JOIN passage_tags pt ON pt.passage_id = p.id
	WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL`

// examine checks the file at path against every rule of the format and
// returns its schema version and the problems found, each a sentence,
// in a fixed order. err is for a failure to check at all (the file cannot
// be read). With trustOwn, a file this machine wrote last and that is
// unchanged since (see trusted) is held to the checks that do not read the
// whole file only: its header, identity, version and schema. When sum is
// not nil, it is filled in with what a sound file holds.
//
// Each part reads in one transaction, so that another program writing the
// file meanwhile is never taken for damage: the whole-file checks run side
// by side on four connections, each on one snapshot of the file. When
// another program changed the file while they ran, their snapshots may
// differ, and the file is checked again (up to three times in all, then
// the last check's answer stands: each of its parts read a state of the
// file some program made).
func examine(ctx context.Context, path string, trustOwn bool, sum *Summary) (version int, problems []string, err error) {
	for tries := 1; ; tries++ {
		var changed bool
		version, problems, changed, err = examineOnce(ctx, path, trustOwn, sum)
		if !changed || tries == 3 || ctx.Err() != nil {
			return version, problems, err
		}
	}
}

// examineOnce is one check of examine; changed reports that the file
// changed between the start of the whole-file checks and their end.
func examineOnce(ctx context.Context, path string, trustOwn bool, sum *Summary) (version int, problems []string, changed bool, err error) {
	if err := checkHeader(path); err != nil {
		return 0, []string{err.Error()}, false, nil
	}
	params := readParams(path)
	conn, err := openReadingWith(path, params)
	if err != nil {
		return 0, nil, false, err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, []string{checkFailed(err).Error()}, false, nil
	}
	defer tx.Rollback()
	var appID int
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, []string{checkFailed(err).Error()}, false, nil
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, []string{checkFailed(err).Error()}, false, nil
	}
	if appID != ApplicationID {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return 0, []string{checkFailed(err).Error()}, false, nil
		}
		if appID == 0 && n == 0 {
			return 0, []string{"not a Gloss project (an empty SQLite database)"}, false, nil
		}
		return 0, []string{"not a Gloss project (an SQLite database of another application)"}, false, nil
	}
	if latest := SchemaVersion(); version > latest {
		return version, []string{fmt.Sprintf("made by a newer version of Gloss (schema version %d; this Gloss reads up to %d): update Gloss to open it", version, latest)}, false, nil
	} else if version < 1 {
		return version, []string{fmt.Sprintf("not a Gloss project (schema version %d)", version)}, false, nil
	}
	if p, err := checkSchema(ctx, tx, version); err != nil || p != "" {
		if p != "" {
			return version, []string{p}, false, nil
		}
		return version, nil, false, err
	}
	if trustOwn && trusted(path) {
		return version, nil, false, nil
	}
	ref, err := referenceInfo(version)
	if err != nil {
		return version, nil, false, err
	}
	now := time.Now()
	big := fileSize(path) > MaxValueBytes
	type result struct {
		problems []string
		err      error
	}
	side := func(setup string, check func(q querier) ([]string, error)) chan result {
		ch := make(chan result, 1)
		go func() {
			// The connection is closed before the result is sent: the last
			// connection to close removes the log SQLite made beside the
			// file, and the process may end as soon as examine returns.
			c, err := openReadingWith(path, params)
			if err != nil {
				ch <- result{err: err}
				return
			}
			var r result
			if setup != "" {
				if _, err := c.ExecContext(ctx, setup); err != nil {
					c.Close()
					ch <- result{err: err}
					return
				}
			}
			if tx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
				r.problems = []string{checkFailed(err).Error()}
			} else {
				r.problems, r.err = check(tx)
				tx.Rollback()
			}
			c.Close()
			ch <- r
		}()
		return ch
	}
	// quick_check reads every page once: a small cache does for it.
	quick := side("PRAGMA cache_size = -2048", func(q querier) ([]string, error) {
		if p := quickCheck(ctx, q); p != "" {
			return []string{p}, nil
		}
		return nil, nil
	})
	// The rules, in the order their problems are reported. The large
	// parts run on two connections beside this one, each with the parts
	// that read the same tables, which it then holds in its cache.
	type part struct {
		check func(q querier) ([]string, error)
		conn  int // 0 for this one
	}
	const passagesConn, tagsConn = 1, 2
	var parts []part
	for _, g := range rowGroups(ref) {
		g := g
		p := part{check: func(q querier) ([]string, error) { return rowRules(ctx, q, ref, g.tables, big, now) }}
		switch {
		case g.large && g.tables[0] == "passages":
			p.conn = passagesConn
		case g.large:
			p.conn = tagsConn
		}
		parts = append(parts, p)
	}
	parts = append(parts, part{check: func(q querier) ([]string, error) { return smallRules(ctx, q, version, now) }})
	if version >= analysisVersion() {
		parts = append(parts, part{check: func(q querier) ([]string, error) { return analysisRules(ctx, q) }})
	}
	parts = append(parts, part{conn: tagsConn, check: func(q querier) ([]string, error) { return derivedRules(ctx, q, version) }})
	parts = append(parts, part{conn: passagesConn, check: func(q querier) ([]string, error) {
		p, err := textRules(ctx, q)
		if err == nil && version >= 6 {
			var more []string
			more, err = originalProblems(ctx, q)
			p = append(p, more...)
		}
		return p, err
	}})
	results := make([]result, len(parts))
	var sides []chan result
	for _, c := range []int{passagesConn, tagsConn} {
		c := c
		// A cache of 16 MiB rather than the 256 MiB a project's connection
		// keeps: each page the parts read then mostly lands in memory the
		// connection has used before, instead of in new memory the kernel
		// must first map and clear (a tenth of the check's CPU time with
		// the large cache), at the cost of reading again from the file
		// the pages that fall out of it.
		sides = append(sides, side("PRAGMA cache_size = -16384", func(q querier) ([]string, error) {
			for i, p := range parts {
				if p.conn == c {
					results[i].problems, results[i].err = p.check(q)
				}
			}
			return nil, nil
		}))
	}
	for i, p := range parts {
		if p.conn == 0 {
			results[i].problems, results[i].err = p.check(tx)
		}
	}
	for _, ch := range sides {
		// A connection that could not be opened or read.
		if r := <-ch; r.err != nil || len(r.problems) > 0 {
			results = append(results, r)
		}
	}
	q := <-quick
	// A damaged file is reported as that alone: what the other checks read
	// of it is not to be believed.
	if q.err != nil || len(q.problems) > 0 {
		return version, q.problems, false, q.err
	}
	for _, r := range results {
		if r.err != nil {
			// The checks ran queries SQLite could not complete on this file.
			return version, []string{r.err.Error()}, false, nil
		}
	}
	problems = nil
	for _, r := range results {
		problems = append(problems, r.problems...)
	}
	if len(problems) == 0 && sum != nil {
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents WHERE deleted_at IS NULL),
			(SELECT count(*) FROM tags WHERE deleted_at IS NULL),
			(SELECT count(*) FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.deleted_at IS NULL AND d.deleted_at IS NULL)`).
			Scan(&sum.Documents, &sum.Tags, &sum.Passages)
		if err != nil {
			return version, nil, false, err
		}
	}
	// Every part began after this transaction and has ended: they read
	// the file as this one did unless another program has changed it
	// since, which a new read of the data version tells.
	var before, after int64
	if err := tx.QueryRowContext(ctx, "PRAGMA data_version").Scan(&before); err != nil {
		return version, nil, false, err
	}
	tx.Rollback()
	if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&after); err != nil {
		return version, nil, false, err
	}
	return version, problems, after != before, nil
}

// Summary is what a sound project holds: its live documents, tags and
// passages (those of live documents).
type Summary struct {
	Version                   int
	Documents, Tags, Passages int
}

// CheckFile checks the file at path against every rule of the format (see
// Inspect), reading only, and returns every problem found, each a sentence;
// none means the file is a sound Gloss project, and then sum says what it
// holds. Open, Merge and SaveCopy refuse a file with problems with the
// first of them. err is for a file that cannot be read at all.
func CheckFile(ctx context.Context, path string) (sum Summary, problems []string, err error) {
	if _, err := os.Stat(path); err != nil {
		return sum, nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	sum.Version, problems, err = examine(ctx, path, false, &sum)
	if err != nil {
		return sum, problems, fmt.Errorf("%s: %w", path, err)
	}
	return sum, problems, nil
}

// Check checks the open project against every rule of the format, as
// CheckFile does its file, and returns every problem found.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	if err := db.Verify(ctx); err != nil {
		return nil, err
	}
	_, problems, err := CheckFile(ctx, db.path)
	return problems, err
}
