package rowrules

import (
	"database/sql"
	"testing"
)

// TestMemoryIsNotCounted opens a connection and fills a table: SQLite,
// told before it initialised not to count its memory, has counted none,
// so no allocation of a connection waits for another's.
func TestMemoryIsNotCounted(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (x); INSERT INTO t SELECT randomblob(1000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i FROM n)`); err != nil {
		t.Fatal(err)
	}
	if n := memoryUsed(); n != 0 {
		t.Fatalf("SQLite counts its memory: %d bytes in use", n)
	}
}
