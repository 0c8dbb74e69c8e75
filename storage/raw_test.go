package storage_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// rawOpen opens a project file with plain database/sql and go-sqlite3, as a
// colleague with the sqlite3 shell would: none of Gloss's code is involved.
func rawOpen(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// rawInt returns the single integer a query over a raw connection yields.
func rawInt(tb testing.TB, raw *sql.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := raw.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// rawString returns the single text value a query over a raw connection yields.
func rawString(tb testing.TB, raw *sql.DB, query string, args ...any) string {
	tb.Helper()
	var s sql.NullString
	if err := raw.QueryRow(query, args...).Scan(&s); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return s.String
}

// newProject creates a project at a fresh path with author and a clock the
// test controls, and returns it with its path.
func newProject(tb testing.TB, author string) (*storage.DB, string, *testClock) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "project.gloss")
	db, err := storage.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.SetAuthor(author)
	clock := &testClock{t: time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)}
	db.Now = clock.Now
	return db, path, clock
}

// testClock is a clock that moves only when the test says so.
type testClock struct{ t time.Time }

// Now returns the clock's time.
func (c *testClock) Now() time.Time { return c.t }

// Tick moves the clock forward by one second and returns the new time.
func (c *testClock) Tick() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// wantCode fails the test unless err carries the annotate error code.
func wantCode(tb testing.TB, err error, code, what string) {
	tb.Helper()
	if got := annotate.ErrorCode(err); got != code {
		tb.Fatalf("%s: got error %v (code %q), want code %q", what, err, got, code)
	}
}

// mustNil fails the test on an error.
func mustNil(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// sameBytes fails the test unless the file at path still holds want.
func sameBytes(tb testing.TB, path string, want []byte) {
	tb.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		tb.Fatalf("%s changed: %d bytes before, %d after", path, len(want), len(got))
	}
}

// rawInsertProposals inserts proposals as passages with their tag, in one
// transaction of prepared statements on a plain connection: the floor the
// accepting of proposals is measured against.
func rawInsertProposals(raw *sql.DB, ps []annotate.Proposal) error {
	tx, err := raw.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const at = "2021-06-16T12:00:00.000000Z"
	ins, err := tx.Prepare(`INSERT INTO passages (id, document_id, start_offset, end_offset, quote, provenance, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'auto', 1, ?, ?)`)
	if err != nil {
		return err
	}
	tag, err := tx.Prepare(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`)
	if err != nil {
		return err
	}
	for _, p := range ps {
		id := annotate.NewID()
		if _, err := ins.Exec(id, p.DocumentID, p.Start, p.End, p.Quote, at, at); err != nil {
			return err
		}
		if _, err := tag.Exec(id, p.TagID, at, at); err != nil {
			return err
		}
	}
	return tx.Commit()
}
