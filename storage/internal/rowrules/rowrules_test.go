package rowrules_test

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"gloss/storage/internal/rowrules"
)

// TestEveryConnectionHasTheFunctions opens connections of the plain
// driver, which knows nothing of rowrules: each has both functions, and
// they may be used from a file's schema with trusted_schema off, as they
// are innocuous.
func TestEveryConnectionHasTheFunctions(t *testing.T) {
	if err := rowrules.Err(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:rowrules?mode=memory&cache=shared")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(2)
	for _, q := range []string{
		`PRAGMA trusted_schema = OFF`,
		`CREATE TABLE v (id, at)`,
		`INSERT INTO v VALUES ('0b5c3a1e-8a0f-4d39-9c54-3f0e1f6b2a7d', '2021-06-16T12:00:00.000000Z'), ('x', '2021-06-31T12:00:00.000000Z'), (NULL, NULL)`,
		`CREATE VIEW bad AS SELECT gloss_bad_id(id) AS id, gloss_bad_time(at, '2021-06-17T12:00:00.000000Z') AS at FROM v`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rows, err := db.Query(`SELECT coalesce(id, -1), at FROM bad`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got [][2]int
	for rows.Next() {
		var id, at int
		if err := rows.Scan(&id, &at); err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]int{id, at})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{0, 0}, {1, 1}, {-1, 1}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("gloss_bad_id, gloss_bad_time = %v; want %v", got, want)
	}
}

// TestQuotesMatchIsNotForSchemas has gloss_quotes_match, which runs a query
// of its own on the connection, read a file's documents when the program
// asks, and refused when a view of the file asks.
func TestQuotesMatchIsNotForSchemas(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:quotes?mode=memory&cache=shared")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{
		`CREATE TABLE documents (id TEXT, sha256 TEXT, length INTEGER, text TEXT)`,
		`CREATE TABLE passages (id TEXT, document_id TEXT, start_offset INTEGER, end_offset INTEGER, quote TEXT)`,
		`INSERT INTO documents VALUES ('d', '', 9, 'déjà vu!!')`,
		`INSERT INTO passages VALUES ('p', 'd', 1, 4, 'éjà'), ('q', 'd', 5, 7, 'vu')`,
		`CREATE VIEW matched AS SELECT gloss_quotes_match(document_id, start_offset, end_offset, quote, id) AS ok FROM passages`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var ok int
	if err := db.QueryRow(`SELECT gloss_quotes_match(document_id, start_offset, end_offset, quote, id) FROM passages`).Scan(&ok); err != nil || ok != 1 {
		t.Fatalf("gloss_quotes_match = %d, %v; want 1", ok, err)
	}
	if _, err := db.Exec(`UPDATE passages SET quote = 'vu!' WHERE id = 'q'`); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT gloss_quotes_match(document_id, start_offset, end_offset, quote, id) FROM passages`).Scan(&ok); err != nil || ok != 0 {
		t.Fatalf("gloss_quotes_match of a quote one character long = %d, %v; want 0", ok, err)
	}
	err = db.QueryRow(`SELECT ok FROM matched`).Scan(&ok)
	if err == nil || !strings.Contains(err.Error(), "unsafe use of gloss_quotes_match") {
		t.Fatalf("gloss_quotes_match from a view: %d, %v; want it refused", ok, err)
	}
}
