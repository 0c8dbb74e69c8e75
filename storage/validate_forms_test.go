package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNotUUIDIsTheGlob has SQLite evaluate notUUID, the form the scan
// finds bad ids by, and the GLOB the problem is worded from, on every
// one-character change of a UUID and on values of other types: they agree
// on every text, and notUUID is true wherever the GLOB is (it may pick
// more rows of other types, on which the GLOB then decides), so the scan
// finds every id the GLOB finds.
func TestNotUUIDIsTheGlob(t *testing.T) {
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
	values := []any{id, strings.ToUpper(id), id[:35], id + "0", "-" + id[1:], "{" + id[1:35] + "}", "", "x", 42, 4.2, []byte(id), nil,
		"0b5c3a1e8-a0f-4d39-9c54-3f0e1f6b2a7d", "0b5c3a1e-8a0f4-d39-9c54-3f0e1f6b2a7d", "0b5c3a1e--8a0f-4d39-9c54-3f0e1f6b2a7", "é" + id[2:]}
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
	rows, err := db.Query(`SELECT quote(x), typeof(x) = 'text', coalesce(` + notUUID("x") + `, -1), coalesce(NOT (x GLOB '` + uuidGlob + `'), -1) FROM v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, bad := 0, 0
	for rows.Next() {
		var v string
		var text bool
		var fast, glob int
		if err := rows.Scan(&v, &text, &fast, &glob); err != nil {
			t.Fatal(err)
		}
		n++
		if glob == 1 {
			bad++
		}
		if text && fast != glob || glob == 1 && fast != 1 {
			t.Errorf("%s: notUUID %d, the GLOB %d", v, fast, glob)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(values) || bad < len(values)/2 {
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
		"2021-06-16T12:00:00Z", "2021-06-16 12:00:00.000000Z", "", "Z"}
	const base = "2021-06-16T12:34:56.789012Z"
	for i := range base {
		for _, c := range []string{"0", "1", "2", "3", "5", "6", "9", "-", ":", ".", "T", "Z", "a", " ", "é", "٣", ""} {
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
}
