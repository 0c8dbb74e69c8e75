package storage

import (
	"context"
	"database/sql"
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
