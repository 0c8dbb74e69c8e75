package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// uuidGlob matches a UUID in canonical lower-case form, up to a NUL.
var uuidGlob = strings.NewReplacer("x", "[0-9a-f]").Replace("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")

// TestBadIDIsCheckID has SQLite evaluate badID, the rule the scan holds
// every id to, on every one-character change of a UUID and on values of
// other types: it refuses a text or blob exactly when CheckID refuses its
// bytes, every number, and is NULL for NULL. Where a value has no NUL it
// agrees with the GLOB the rule was written as before; a NUL, where the
// GLOB stops, is refused.
func TestBadIDIsCheckID(t *testing.T) {
	db, err := sql.Open(driverName, "file:forms?mode=memory")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE v (x)`); err != nil {
		t.Fatal(err)
	}
	const id = "0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d"
	values := []any{id, strings.ToUpper(id), id[:35], id + "0", "-" + id[1:], "{" + id[1:35] + "}", "", "x", 42, 4.2, []byte(id), []byte(id + "\x00"), nil,
		id + "\x00", id + "\x00x", id[:35] + "\x00", "0b5c3a1e8-a0f-4d39-9c54-3f0e1f6b2a7d", "0b5c3a1e-8a0f4-d39-9c54-3f0e1f6b2a7d",
		"0b5c3a1e--8a0f-4d39-9c54-3f0e1f6b2a7", "é" + id[2:], int64(-1), 1e300}
	for i := range id {
		for _, c := range []string{"0", "9", "a", "f", "A", "F", "g", "G", "-", " ", "é", "\x00", "٣", ""} {
			values = append(values, id[:i]+c+id[i+1:])
		}
	}
	for _, v := range values {
		if _, err := db.Exec(`INSERT INTO v VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query(`SELECT quote(x), typeof(x), CAST(x AS BLOB), coalesce(` + badID("x") + `, -1), coalesce(NOT (x GLOB '` + uuidGlob + `'), -1) FROM v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, bad := 0, 0
	for rows.Next() {
		var v, typ string
		var bytes []byte
		var got, glob int
		if err := rows.Scan(&v, &typ, &bytes, &got, &glob); err != nil {
			t.Fatal(err)
		}
		n++
		want := 1
		switch typ {
		case "null":
			want = -1
		case "text", "blob":
			if CheckID(string(bytes)) == nil {
				want = 0
			}
		}
		if got != want {
			t.Errorf("%s (%s): badID %d; want %d", v, typ, got, want)
		}
		if got == 1 {
			bad++
		}
		if !strings.Contains(string(bytes), "\x00") && got != glob {
			t.Errorf("%s (%s): badID %d, the GLOB %d", v, typ, got, glob)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(values) || bad < len(values)/2 || bad == n {
		t.Fatalf("%d values compared, %d of them bad ids", n, bad)
	}
}

// TestDataVersionInAReadTransaction shows what examineOnce relies on to
// tell that its parts may have read different states of the file: inside
// a read transaction PRAGMA data_version stays what it was at its start,
// whatever another connection commits, and once the transaction ends it
// tells the commit.
func TestDataVersionInAReadTransaction(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.gloss")
	db, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Another program's connection, writing.
	other, err := sql.Open(driverName, "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`CREATE TABLE scratch (x)`); err != nil {
		t.Fatal(err)
	}
	conn, err := openReading(path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	version := func(q querier) int64 {
		t.Helper()
		var v int64
		if err := q.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	before := version(tx)
	if _, err := other.Exec(`INSERT INTO scratch VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if v := version(tx); v != before {
		t.Fatalf("data_version moved inside the transaction: %d, then %d", before, v)
	}
	tx.Rollback()
	if v := version(conn); v == before {
		t.Fatalf("data_version %d after another connection's commit, as before it", v)
	}
	tx, err = conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	before = version(tx)
	tx.Rollback()
	if v := version(conn); v != before {
		t.Fatalf("data_version moved from %d to %d with no commit", before, v)
	}
}

// TestTimeCondIsCheckTime has SQLite evaluate timeCond, the rule the scan
// holds every *_at column to, on times around the edges of the calendar
// and the clock and on every one-character change of a time, and expects
// it to refuse exactly what CheckTime refuses (the year 0 included, which
// StoredTime never writes).
func TestTimeCondIsCheckTime(t *testing.T) {
	db, err := sql.Open(driverName, "file:times?mode=memory")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	now := time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)
	horizon := formatTime(now.Add(MaxClockSkew))
	times := []string{"2021-06-16T12:00:00.000000Z", horizon, "2021-06-17T12:00:00.000001Z", "0000-01-01T00:00:00.000000Z",
		"0001-01-01T00:00:00.000000Z", "2020-02-29T23:59:59.999999Z", "2021-02-29T00:00:00.000000Z", "2000-02-29T00:00:00.000000Z",
		"1900-02-29T00:00:00.000000Z", "2021-04-31T00:00:00.000000Z", "2021-04-30T00:00:00.000000Z", "2021-12-31T00:00:00.000000Z",
		"2021-13-01T00:00:00.000000Z", "2021-00-01T00:00:00.000000Z", "2021-01-00T00:00:00.000000Z", "2021-01-32T00:00:00.000000Z",
		"2021-01-01T24:00:00.000000Z", "2021-01-01T23:60:00.000000Z", "2021-01-01T23:00:60.000000Z", "2021-01-01T19:59:59.000000Z",
		"2021-06-16T12:00:00Z", "2021-06-16 12:00:00.000000Z", "", "Z", "2021-06-16T12:00:00.000000Z\x00", "2021-06-16T12:00:00.000000Z\x00x",
		"2021-06-16T12:00:00.00000\x00Z", "2021-02-28T00:00:00.000000Z", "2024-02-29T00:00:00.000000Z", "2100-02-29T00:00:00.000000Z",
		"2400-02-29T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z", "2021-11-31T00:00:00.000000Z", "2021-09-31T00:00:00.000000Z",
		"2021-06-30T00:00:00.000000Z", "2021-07-31T00:00:00.000000Z", "2021-06-16T12:00:00.000000z", "2021-06-16t12:00:00.000000Z"}
	const base = "2021-06-16T12:34:56.789012Z"
	for i := range base {
		for _, c := range []string{"0", "1", "2", "3", "5", "6", "9", "-", ":", ".", "T", "Z", "a", " ", "é", "٣", "", "\x00"} {
			times = append(times, base[:i]+c+base[i+1:])
		}
	}
	bad := 0
	for _, s := range times {
		var sqlBad bool
		if err := db.QueryRow(`SELECT coalesce(`+timeCond("?1", horizon)+`, 1)`, s).Scan(&sqlBad); err != nil {
			t.Fatal(err)
		}
		goBad := CheckTime(s, now) != nil
		if sqlBad != goBad {
			t.Errorf("%q: timeCond %v, CheckTime refuses it: %v", s, sqlBad, goBad)
		}
		if goBad {
			bad++
		}
	}
	if bad < len(times)/2 || bad == len(times) {
		t.Fatalf("%d of %d times refused", bad, len(times))
	}
	// A value of another type is refused, even one whose text is a sound
	// time; so is NULL, which a column that allows it tests apart.
	for _, v := range []any{[]byte(base), 20210616, 2021.0616, nil} {
		var sqlBad bool
		if err := db.QueryRow(`SELECT `+timeCond("?1", horizon), v).Scan(&sqlBad); err != nil {
			t.Fatal(err)
		}
		if !sqlBad {
			t.Errorf("%#v: timeCond lets it pass", v)
		}
	}
	// The horizon is a time; anything else is a mistake of the caller's.
	if _, err := db.Exec(`SELECT gloss_bad_time(?1, 5)`, base); err == nil || !strings.Contains(err.Error(), "horizon is not text") {
		t.Errorf("a horizon not text: %v", err)
	}
}

// TestCompareSpansHashIsTheSort has gloss_compare_spans and SQLite's
// GROUP BY over all six columns compare the same rows: two sides drawn
// from small sets of values, so that rows repeat on one side, on both, or
// on neither, and rows of each kind of difference (one column changed,
// a duplicate, a row of one side only). They agree on every draw; with a
// value neither text nor an integer among them, the aggregate gives NULL
// and compareSpans's sort decides.
func TestCompareSpansHashIsTheSort(t *testing.T) {
	db, err := sql.Open(driverName, "file:spans?mode=memory")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE r (span, tag_id, document_id, start_offset, end_offset, passage_id, author_id)`); err != nil {
		t.Fatal(err)
	}
	const sortQ = `SELECT coalesce(sum(CASE WHEN s = 0 THEN l END), 0) || ' ' || count(CASE WHEN l = 0 THEN 1 END) || ' ' ||
			(count(CASE WHEN s != 1 OR l != 1 THEN 1 END) = 0)
		FROM (SELECT sum(span) AS s, count(*) - sum(span) AS l FROM r GROUP BY tag_id, document_id, start_offset, end_offset, passage_id, author_id)`
	const hashQ = `SELECT gloss_compare_spans(span, tag_id, document_id, start_offset, end_offset, passage_id, author_id) FROM r`
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []any{"0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d", "0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7e", "a", "", "a\x00b", "é", "5"}
	ints := []any{int64(0), int64(5), int64(-1), int64(1) << 40}
	others := []any{nil, 5.0, 5.5, []byte("a")}
	kinds := map[string]int{}
	for draw := 0; draw < 400; draw++ {
		if _, err := db.Exec(`DELETE FROM r`); err != nil {
			t.Fatal(err)
		}
		n := rng.IntN(40)
		withOther := draw%4 == 3
		pick := func(set []any) any {
			if withOther && rng.IntN(30) == 0 {
				return others[rng.IntN(len(others))]
			}
			return set[rng.IntN(len(set))]
		}
		var rows [][]any
		for i := 0; i < n; i++ {
			row := []any{int64(rng.IntN(2)), pick(texts[:2]), pick(texts[:3]), pick(ints[:2]), pick(ints), pick(texts), pick(ints[:2])}
			rows = append(rows, row)
			switch rng.IntN(4) {
			case 0: // the same row on the other side
				twin := append([]any{1 - row[0].(int64)}, row[1:]...)
				rows = append(rows, twin)
			case 1: // and a column changed
				twin := append([]any{1 - row[0].(int64)}, row[1:]...)
				c := 1 + rng.IntN(6)
				if c == 3 || c == 4 || c == 6 {
					twin[c] = pick(ints)
				} else {
					twin[c] = pick(texts)
				}
				rows = append(rows, twin)
			}
		}
		for _, row := range rows {
			if _, err := db.Exec(`INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?)`, row...); err != nil {
				t.Fatal(err)
			}
		}
		var sorted string
		var hashed sql.NullString
		if err := db.QueryRow(sortQ).Scan(&sorted); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(hashQ).Scan(&hashed); err != nil {
			t.Fatal(err)
		}
		var other int
		if err := db.QueryRow(`SELECT count(*) FROM r WHERE typeof(tag_id) NOT IN ('text', 'integer') OR typeof(document_id) NOT IN ('text', 'integer') OR typeof(start_offset) NOT IN ('text', 'integer')
			OR typeof(end_offset) NOT IN ('text', 'integer') OR typeof(passage_id) NOT IN ('text', 'integer') OR typeof(author_id) NOT IN ('text', 'integer')`).Scan(&other); err != nil {
			t.Fatal(err)
		}
		switch {
		case other > 0 && hashed.Valid:
			t.Fatalf("draw %d: %d rows of other types, the aggregate %q", draw, other, hashed.String)
		case other > 0:
			kinds["other"]++
		case hashed.String != sorted:
			t.Fatalf("draw %d (%d rows): the aggregate %q, the sort %q", draw, len(rows), hashed.String, sorted)
		case sorted == "0 0 1":
			kinds["same"]++
		default:
			kinds["differ"]++
		}
	}
	if kinds["same"] == 0 || kinds["differ"] < 100 || kinds["other"] == 0 {
		t.Fatalf("draws of each kind: %v", kinds)
	}
}

// TestCompareSpanTablesIsTheJoin has gloss_compare_span_tables, which
// merges the live passages with their live tags by id, and the sort over
// spanRows' join compare the same rows: tables drawn from small sets of
// values, so that passages and tags are live or deleted, tags name
// passages the file lacks, rows of tag_spans match an application, differ
// from it in one column, repeat, or stand alone. Where every value is
// text or an integer, every id text and the passages' ids distinct, it
// gives the sort's answer; otherwise NULL, and compareSpans, which gives
// the sort's answer on every draw, asks the aggregate over spanRows, and
// the sort where that must.
// Half the draws are on tables of the schema's keys (WITHOUT ROWID, read
// in key order), half on tables of no types or keys (sorted to order).
func TestCompareSpanTablesIsTheJoin(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ids := []any{"0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d", "0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7e", "a", "", "a\x00b", "a\x00", "é", "5", "B"}
	texts := []any{"d1", "d2", "é"}
	ints := []any{int64(0), int64(5), int64(-1), int64(1) << 40}
	others := []any{nil, int64(5), 5.5, []byte("a")}
	kinds := map[string]int{}
	const sortQ = `SELECT coalesce(sum(CASE WHEN s = 0 THEN l END), 0) || ' ' || count(CASE WHEN l = 0 THEN 1 END) || ' ' ||
			(count(CASE WHEN s != 1 OR l != 1 THEN 1 END) = 0)
		FROM (SELECT sum(span) AS s, count(*) - sum(span) AS l FROM (` + spanRows + `)
		GROUP BY tag_id, document_id, start_offset, end_offset, passage_id, author_id)`
	for draw := 0; draw < 600; draw++ {
		keyed := draw%2 == 0
		db, err := sql.Open(driverName, "file:spantables?mode=memory")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		schema := []string{
			`CREATE TABLE passages (id, document_id, start_offset, end_offset, author_id, deleted_at)`,
			`CREATE TABLE passage_tags (passage_id, tag_id, author_id, deleted_at)`,
			`CREATE TABLE tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)`,
		}
		if keyed {
			schema = []string{
				`CREATE TABLE passages (id TEXT PRIMARY KEY NOT NULL, document_id TEXT NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, author_id INTEGER NOT NULL, deleted_at TEXT) WITHOUT ROWID`,
				`CREATE TABLE passage_tags (passage_id TEXT NOT NULL, tag_id TEXT NOT NULL, author_id INTEGER, deleted_at TEXT, PRIMARY KEY (passage_id, tag_id)) WITHOUT ROWID`,
				`CREATE TABLE tag_spans (tag_id TEXT NOT NULL, document_id TEXT NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL,
					passage_id TEXT NOT NULL, author_id INTEGER NOT NULL, PRIMARY KEY (tag_id, document_id, start_offset, passage_id)) WITHOUT ROWID`,
			}
		}
		for _, q := range schema {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		withOther := draw%3 == 2
		pick := func(set []any) any {
			if withOther && rng.IntN(25) == 0 {
				return others[rng.IntN(len(others))]
			}
			return set[rng.IntN(len(set))]
		}
		deleted := func() any {
			if rng.IntN(5) == 0 {
				return "2021-06-16T12:00:00.000000Z"
			}
			return nil
		}
		insert := func(q string, args ...any) {
			if _, err := db.Exec(`INSERT OR IGNORE INTO `+q, args...); err != nil {
				t.Fatal(err)
			}
		}
		type passage struct{ row []any }
		var ps []passage
		for i, n := 0, rng.IntN(8); i < n; i++ {
			row := []any{pick(ids), pick(texts), pick(ints[:2]), pick(ints), pick(ints[:2]), deleted()}
			insert(`passages VALUES (?, ?, ?, ?, ?, ?)`, row...)
			ps = append(ps, passage{row})
		}
		for i, n := 0, rng.IntN(12); i < n; i++ {
			pid := pick(ids)
			if len(ps) > 0 && rng.IntN(3) > 0 {
				pid = ps[rng.IntN(len(ps))].row[0]
			}
			tag := pick(texts[:2])
			insert(`passage_tags VALUES (?, ?, 1, ?)`, pid, tag, deleted())
			if len(ps) > 0 && rng.IntN(4) > 0 {
				p := ps[rng.IntN(len(ps))].row
				if rng.IntN(2) == 0 {
					p = append([]any{}, p...)
					p[0] = pid
				}
				row := []any{tag, p[1], p[2], p[3], p[0], p[4]}
				if rng.IntN(4) == 0 { // a column changed
					c := rng.IntN(6)
					switch c {
					case 2, 3, 5:
						row[c] = pick(ints)
					case 4:
						row[c] = pick(ids)
					default:
						row[c] = pick(texts)
					}
				}
				insert(`tag_spans VALUES (?, ?, ?, ?, ?, ?)`, row...)
			}
		}
		var sorted string
		var merged sql.NullString
		if err := db.QueryRow(sortQ).Scan(&sorted); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT gloss_compare_span_tables()`).Scan(&merged); err != nil {
			t.Fatal(err)
		}
		var odd int
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM passages WHERE deleted_at IS NULL AND (typeof(id) != 'text'
				OR typeof(document_id) NOT IN ('text', 'integer') OR typeof(start_offset) NOT IN ('text', 'integer')
				OR typeof(end_offset) NOT IN ('text', 'integer') OR typeof(author_id) NOT IN ('text', 'integer')))
			+ (SELECT count(*) FROM (SELECT id FROM passages WHERE deleted_at IS NULL GROUP BY id HAVING count(*) > 1))
			+ (SELECT count(*) FROM passage_tags WHERE deleted_at IS NULL AND (typeof(passage_id) != 'text' OR typeof(tag_id) NOT IN ('text', 'integer')))
			+ (SELECT count(*) FROM tag_spans WHERE typeof(tag_id) NOT IN ('text', 'integer') OR typeof(document_id) NOT IN ('text', 'integer')
				OR typeof(start_offset) NOT IN ('text', 'integer') OR typeof(end_offset) NOT IN ('text', 'integer')
				OR typeof(passage_id) NOT IN ('text', 'integer') OR typeof(author_id) NOT IN ('text', 'integer'))`).Scan(&odd); err != nil {
			t.Fatal(err)
		}
		switch {
		case merged.Valid && merged.String != sorted:
			t.Fatalf("draw %d: the merge %q, the sort %q", draw, merged.String, sorted)
		case !merged.Valid && odd == 0:
			t.Fatalf("draw %d: the merge gave NULL on plain tables (the sort %q)", draw, sorted)
		case !merged.Valid:
			kinds["null"]++
		case sorted == "0 0 1":
			kinds["same"]++
		default:
			kinds["differ"]++
		}
		// compareSpans gives the sort's answer, by the merge or, where it
		// gave NULL, by the aggregate over the join or the sort itself.
		c, err := compareSpans(context.Background(), db)
		if err != nil || fmt.Sprintf("%d %d %d", c.missing, c.extra, map[bool]int{false: 0, true: 1}[c.same]) != sorted {
			t.Fatalf("draw %d: compareSpans %+v, %v; the sort %q", draw, c, err, sorted)
		}
		db.Close()
	}
	t.Logf("draws: %v", kinds)
	if kinds["same"] < 50 || kinds["differ"] < 100 || kinds["null"] < 20 {
		t.Fatalf("draws of each kind: %v", kinds)
	}
}

// TestTagsPassagesFoundIsTheLookup has gloss_tags_passages_found, the
// screen of passage_tags' reference to passages, and the rule it screens
// (each row's passage looked up) judge the same tables: passages' ids
// drawn from a small set, tags naming them or not, ids of other types,
// NULLs and passages twice. Where it says every passage is found, the
// rule finds none missing; on plain tables (text ids, each passage once)
// it says so exactly when the rule finds none missing.
func TestTagsPassagesFoundIsTheLookup(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ids := []any{"0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d", "0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7e", "a", "", "a\x00b", "a\x00", "é", "5", "B"}
	others := []any{nil, int64(5), 5.0, []byte("a"), []byte("B")}
	kinds := map[string]int{}
	for draw := 0; draw < 600; draw++ {
		db, err := sql.Open(driverName, "file:tagsfound?mode=memory")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		schema := []string{`CREATE TABLE passages (id, quote)`, `CREATE TABLE passage_tags (passage_id, created_at)`}
		if draw%2 == 0 {
			schema = []string{`CREATE TABLE passages (id TEXT PRIMARY KEY NOT NULL, quote TEXT) WITHOUT ROWID`,
				`CREATE TABLE passage_tags (passage_id TEXT, tag_id TEXT, created_at TEXT, PRIMARY KEY (passage_id, tag_id))`}
		}
		for _, q := range schema {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		withOther := draw%3 == 2
		pick := func() any {
			if withOther && rng.IntN(8) == 0 {
				return others[rng.IntN(len(others))]
			}
			return ids[rng.IntN(len(ids))]
		}
		var named []any
		for i, n := 0, rng.IntN(7); i < n; i++ {
			id := pick()
			named = append(named, id)
			if _, err := db.Exec(`INSERT OR IGNORE INTO passages (id, quote) VALUES (?, 'q')`, id); err != nil {
				t.Fatal(err)
			}
		}
		for i, n := 0, rng.IntN(10); i < n; i++ {
			id := pick()
			if len(named) > 0 && rng.IntN(4) > 0 {
				id = named[rng.IntN(len(named))]
			}
			if _, err := db.Exec(`INSERT OR IGNORE INTO passage_tags (passage_id, created_at) VALUES (?, 'c')`, id); err != nil {
				t.Fatal(err)
			}
		}
		var found, missing, odd int
		if err := db.QueryRow(`SELECT gloss_tags_passages_found()`).Scan(&found); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT count(*) FROM passage_tags WHERE passage_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = passage_tags.passage_id)`).Scan(&missing); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT (SELECT count(*) FROM passages WHERE typeof(id) != 'text')
			+ (SELECT count(*) FROM (SELECT id FROM passages GROUP BY id HAVING count(*) > 1))
			+ (SELECT count(*) FROM passage_tags WHERE typeof(passage_id) NOT IN ('text', 'null'))`).Scan(&odd); err != nil {
			t.Fatal(err)
		}
		switch {
		case found == 1 && missing > 0:
			t.Fatalf("draw %d: found, with %d tags of no passage", draw, missing)
		case odd == 0 && found != map[bool]int{false: 0, true: 1}[missing == 0]:
			t.Fatalf("draw %d: found %d on plain tables, %d tags of no passage", draw, found, missing)
		case odd > 0:
			kinds["odd"]++
		case found == 1:
			kinds["found"]++
		default:
			kinds["missing"]++
		}
		db.Close()
	}
	t.Logf("draws: %v", kinds)
	if kinds["found"] < 50 || kinds["missing"] < 50 || kinds["odd"] < 50 {
		t.Fatalf("draws of each kind: %v", kinds)
	}
}
