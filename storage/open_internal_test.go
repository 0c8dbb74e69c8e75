package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
)

// olderProject builds a project at schema version v with the first v
// migrations, as an older Gloss would have.
func olderProject(t *testing.T, path string, v int) {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := open(path, nil, "")
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
	db.Close()
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
		db, err := open(b, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		var name string
		err = db.db.QueryRow(`SELECT name FROM authors`).Scan(&name)
		db.Close()
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

func TestConnectionsBoundValueLength(t *testing.T) {
	db, err := Create(filepath.Join(t.TempDir(), "p.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.db.QueryRow(`SELECT length(printf('%.*c', ?, 'x'))`, MaxValueBytes-1).Scan(&n); err != nil || n != MaxValueBytes-1 {
		t.Fatalf("a value just under the limit: %d, %v", n, err)
	}
	err = db.db.QueryRow(`SELECT length(printf('%.*c', ?, 'x'))`, MaxValueBytes+1).Scan(&n)
	if err == nil || !strings.Contains(err.Error(), "too big") {
		t.Fatalf("a value over the limit: %d, %v; want string or blob too big", n, err)
	}
	conn, err := db.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var trusted, cellCheck, mmap int
	for p, v := range map[string]*int{"trusted_schema": &trusted, "cell_size_check": &cellCheck, "mmap_size": &mmap} {
		if err := conn.QueryRowContext(context.Background(), "PRAGMA "+p).Scan(v); err != nil {
			t.Fatalf("PRAGMA %s: %v", p, err)
		}
	}
	if trusted != 0 || cellCheck != 1 || mmap != 0 {
		t.Fatalf("trusted_schema %d, cell_size_check %d, mmap_size %d; want 0, 1, 0", trusted, cellCheck, mmap)
	}
}

// TestMergeOlderColleagueFile merges a file written by a Gloss with the
// first schema only: it is upgraded in a temporary copy, never in place.
func TestMergeOlderColleagueFile(t *testing.T) {
	dir := t.TempDir()
	theirs := filepath.Join(dir, "old.gloss")
	olderProject(t, theirs, 1)
	text := "The ambassadors would return to their posts.\n"
	raw, err := open(theirs, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	const at = "2021-06-16T12:00:00.000000Z"
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO documents (id, title, sha256, length, author_id, created_at, updated_at, text) VALUES ('11111111-1111-4111-8111-111111111111', 'Summit', ?, ?, 1, ?, ?, ?)`,
			[]any{annotate.HashText(text), len(text), at, at, text}},
		{`INSERT INTO tags (id, name, color, author_id, created_at, updated_at) VALUES ('22222222-2222-4222-8222-222222222222', 'Ambassadors', '#4363d8', 1, ?, ?)`, []any{at, at}},
		{`INSERT INTO passages (id, document_id, start_offset, end_offset, quote, author_id, created_at, updated_at) VALUES ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 4, 15, 'ambassadors', 1, ?, ?)`, []any{at, at}},
		{`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES ('33333333-3333-4333-8333-333333333333', '22222222-2222-4222-8222-222222222222', 1, ?, ?)`, []any{at, at}},
	} {
		if _, err := raw.db.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	raw.Close()
	before, _ := os.ReadFile(theirs)

	ours, err := Create(filepath.Join(dir, "ours.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	rep, err := ours.Merge(context.Background(), theirs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsAdded != 1 || rep.TagsAdded != 1 || rep.PassagesAdded != 1 {
		t.Fatalf("report %+v", rep)
	}
	if after, _ := os.ReadFile(theirs); string(after) != string(before) {
		t.Fatal("merging an older file changed it")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "old.gloss") && e.Name() != "old.gloss" {
			t.Fatalf("merging left %s beside the colleague's file", e.Name())
		}
	}
}

// TestMergeKeepsTheCacheSize merges on the write connection and checks that
// its page cache is as large afterwards as before (a merge once left it at
// SQLite's default of 2 MB, and every later read slow).
func TestMergeKeepsTheCacheSize(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Create(filepath.Join(dir, "mine.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAuthor("Ada")
	cache := func() int {
		var n int
		if err := db.db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := cache()
	if before != -262144 {
		t.Fatalf("cache_size %d at the start; want -262144 (256 MiB)", before)
	}
	old := filepath.Join(dir, "old.gloss")
	olderProject(t, old, 1)
	if _, err := db.Merge(ctx, old); err != nil {
		t.Fatal(err)
	}
	if after := cache(); after != before {
		t.Fatalf("cache_size %d after a merge; want %d as before", after, before)
	}
}

// TestReferenceSchemaNeedsNoTemporaryFolder checks a file of every schema
// version with the temporary folder gone: the reference schema each is
// held to is built in memory, and is the one the migrations make in a file.
func TestReferenceSchemaNeedsNoTemporaryFolder(t *testing.T) {
	t.Setenv("GLOSS_TRUST_FILE", "off")
	dir := t.TempDir()
	t.Setenv("TMPDIR", filepath.Join(dir, "gone"))
	referenceMu.Lock()
	referenceSchemas = map[int]map[string]schemaObject{}
	referenceMu.Unlock()
	referenceInfoMu.Lock()
	referenceInfos = map[int]*reference{}
	referenceInfoMu.Unlock()
	for v := 1; v <= SchemaVersion(); v++ {
		path := filepath.Join(dir, fmt.Sprintf("v%d.gloss", v))
		olderProject(t, path, v)
		got, err := Inspect(path)
		if err != nil {
			t.Fatalf("schema version %d: %v", v, err)
		}
		if got != v {
			t.Fatalf("Inspect says schema version %d; want %d", got, v)
		}
	}
}

// BenchmarkReferenceSchema builds the reference schema every full check
// waits for, once per process: in memory, as referenceSchema does, against
// the baseline of the same migrations applied to a scratch project file
// in the temporary folder, synced at each as a project is (as it was
// built before).
func BenchmarkReferenceSchema(b *testing.B) {
	version := SchemaVersion()
	b.Run("baseline-scratch-file", func(b *testing.B) {
		ms, err := migrations()
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < b.N; i++ {
			path := filepath.Join(b.TempDir(), "reference.gloss")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				b.Fatal(err)
			}
			db, err := open(path, nil, "")
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range ms[:version] {
				if err := db.apply(context.Background(), m); err != nil {
					b.Fatal(err)
				}
			}
			if _, _, err := readSchema(context.Background(), db.rdb); err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	b.Run("in-memory", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			referenceMu.Lock()
			referenceSchemas = map[int]map[string]schemaObject{}
			referenceMu.Unlock()
			if _, err := referenceSchema(version); err != nil {
				b.Fatal(err)
			}
		}
	})
}
