package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// olderProject builds a project at schema version v with the first v
// migrations, as an older Gloss would have.
func olderProject(t *testing.T, path string, v int) {
	t.Helper()
	db, err := open(path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:v] {
		if err := db.apply(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.db.Exec(`INSERT INTO authors (name, created_at) VALUES ('Ada', '2021-06-16T12:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	db.db.Close()
}

func TestBackupBeforeUpgrade(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.gloss")
	olderProject(t, path, 1)
	before, _ := os.ReadFile(path)
	first, err := backupBeforeUpgrade(path, 1)
	if err != nil {
		t.Fatal(err)
	}
	second, err := backupBeforeUpgrade(path, 1)
	if err != nil {
		t.Fatal(err)
	}
	if first != path+".bak-v1" || second != path+".bak-v1-2" {
		t.Fatalf("backups named %s and %s", first, second)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("backing up changed the original")
	}
	for _, b := range []string{first, second} {
		if v, err := Inspect(b); err != nil || v != 1 {
			t.Fatalf("backup %s: version %d, %v", b, v, err)
		}
		db, err := open(b)
		if err != nil {
			t.Fatal(err)
		}
		var name string
		err = db.db.QueryRow(`SELECT name FROM authors`).Scan(&name)
		db.db.Close()
		if err != nil || name != "Ada" {
			t.Fatalf("backup %s lacks the original's rows: %q %v", b, name, err)
		}
	}
}

// TestOpenUpgradesOlderFiles opens a file of every older schema version:
// it is backed up first, then upgraded.
func TestOpenUpgradesOlderFiles(t *testing.T) {
	for v := 1; v < SchemaVersion(); v++ {
		t.Run(fmt.Sprintf("from v%d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.gloss")
			olderProject(t, path, v)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if want := fmt.Sprintf("%s.bak-v%d", path, v); db.Backup() != want {
				t.Fatalf("backup %q; want %q", db.Backup(), want)
			}
			if got, err := Inspect(db.Backup()); err != nil || got != v {
				t.Fatalf("backup at version %d, %v; want %d", got, err, v)
			}
			var now int
			if err := db.db.QueryRow("PRAGMA user_version").Scan(&now); err != nil || now != SchemaVersion() {
				t.Fatalf("upgraded to %d, %v", now, err)
			}
		})
	}
}

func TestCheckExprs(t *testing.T) {
	got := checkExprs(`CREATE TABLE t (
		a TEXT CHECK (length(a) BETWEEN 1 AND 10), -- a comment with CHECK (x)
		b TEXT check(b GLOB '#[0-9]' OR b = ')'),
		"check" INTEGER,
		c INTEGER NOT NULL CHECK (c IN (1, 2)))`)
	want := []string{"length(a) BETWEEN 1 AND 10", "b GLOB '#[0-9]' OR b = ')'", "c IN (1, 2)"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("checkExprs = %q; want %q", got, want)
	}
}
