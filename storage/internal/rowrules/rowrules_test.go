package rowrules_test

import (
	"database/sql"
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
