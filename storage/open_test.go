package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// fileState is what must not change when a file is refused.
type fileState struct {
	data  []byte
	mtime time.Time
	names []string // the folder's entries: no -wal, -shm or backup appears
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return fileState{data, info.ModTime(), names}
}

// project makes a closed project with a document, a tag and a passage.
func project(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, doc, "ambassadors would return to their posts", tag.ID)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// alter changes a file behind Gloss's back with a plain SQLite connection.
func alter(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenRefusesHostileFiles(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T) string
		want string // in the error, after the file name
	}{
		{"zero bytes", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "empty.gloss")
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "not a Gloss project (the file is empty)"},
		{"text file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "notes.gloss")
			if err := os.WriteFile(p, []byte("Meeting notes: Biden and Putin in Geneva.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "not a Gloss project (not an SQLite database)"},
		{"another application's database", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.gloss")
			alter(t, p, "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('Ada')")
			return p
		}, "not a Gloss project (an SQLite database of another application)"},
		{"truncated mid-page", func(t *testing.T) string {
			p := project(t, "cut.gloss")
			data, _ := os.ReadFile(p)
			if err := os.WriteFile(p, data[:len(data)/2+100], 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "damaged or truncated"},
		{"truncated at a page boundary", func(t *testing.T) string {
			p := project(t, "short.gloss")
			data, _ := os.ReadFile(p)
			if err := os.WriteFile(p, data[:4096*3], 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "the file is truncated"},
		{"newer version", func(t *testing.T) string {
			p := project(t, "future.gloss")
			alter(t, p, "PRAGMA user_version = 99")
			return p
		}, "made by a newer version of Gloss"},
		{"extra trigger", func(t *testing.T) string {
			p := project(t, "trigger.gloss")
			alter(t, p, `CREATE TRIGGER spy AFTER INSERT ON passages BEGIN UPDATE meta SET value = 'x' WHERE key = 'project_id'; END`)
			return p
		}, `trigger "spy" that Gloss does not create`},
		{"altered view", func(t *testing.T) string {
			p := project(t, "view.gloss")
			alter(t, p, "DROP VIEW tags_v", "CREATE VIEW tags_v AS SELECT load_extension('evil') AS x")
			return p
		}, `view "tags_v" differ from Gloss's definition`},
		{"over-long title", func(t *testing.T) string {
			p := project(t, "title.gloss")
			alter(t, p, "PRAGMA ignore_check_constraints = ON", "UPDATE documents SET title = printf('%.5000c', 'x')")
			return p
		}, "CHECK constraint failed in documents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.make(t)
			before := stateOf(t, path)
			db, err := storage.Open(path)
			if err == nil {
				db.Close()
				t.Fatal("opened; want a refusal")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, path+": ") || !strings.Contains(msg, tt.want) {
				t.Fatalf("error %q; want %q naming the file", msg, tt.want)
			}
			after := stateOf(t, path)
			if string(after.data) != string(before.data) || !after.mtime.Equal(before.mtime) ||
				strings.Join(after.names, ",") != strings.Join(before.names, ",") {
				t.Fatalf("refusal changed the file or its folder: %v -> %v", before.names, after.names)
			}
		})
	}
}

func TestOpenRefusesOversizedValue(t *testing.T) {
	path := project(t, "huge.gloss")
	// A document text over the length limit, written by a plain connection
	// (which has no such limit), in place of the real one.
	alter(t, path, "UPDATE documents SET text = CAST(zeroblob(70000000) AS TEXT)")
	before := stateOf(t, path)
	_, err := storage.Open(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), "larger than 64 MB") {
		t.Fatalf("open: got %v; want a refusal naming the over-large value", err)
	}
	after := stateOf(t, path)
	if string(after.data) != string(before.data) || !after.mtime.Equal(before.mtime) {
		t.Fatal("refusal changed the file")
	}
}

func TestOpenAcceptsOwnFiles(t *testing.T) {
	ctx := context.Background()
	path := project(t, "ok.gloss")
	// A file left with its write-ahead log (another Gloss has it open) opens too.
	other, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetAuthor("Ben")
	MustTag(t, other, "Cyber red lines")
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("expected a -wal file while open: %v", err)
	}
	if v, err := storage.Inspect(path); err != nil || v != storage.SchemaVersion() {
		t.Fatalf("Inspect with a WAL: version %d, %v", v, err)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Backup() != "" {
		t.Fatalf("current file was backed up to %s", db.Backup())
	}
	tags, err := db.Tags(ctx)
	if err != nil || len(tags) != 2 {
		t.Fatalf("tags %v, %v; want both colleagues' tags", tags, err)
	}
	if _, err := db.TagByName(ctx, "cyber red lines"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Passages(ctx, annotate.PassageFilter{}); err != nil {
		t.Fatal(err)
	}
}

func TestOpenTrustsOnlyUnchangedOwnFiles(t *testing.T) {
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	path := project(t, "own.gloss")
	if !storage.Trusted(path) {
		t.Fatal("a project this machine wrote and closed is not trusted")
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if !storage.Trusted(path) {
		t.Fatal("reopened and closed: no longer trusted")
	}
	// A copy elsewhere (a colleague's file) is not trusted.
	cp := filepath.Join(t.TempDir(), "copy.gloss")
	copyFile(t, path, cp)
	if storage.Trusted(cp) {
		t.Fatal("a copy is trusted")
	}
	// Changed behind Gloss's back: untrusted, and fully checked again.
	alter(t, path, "PRAGMA ignore_check_constraints = ON", "UPDATE documents SET title = printf('%.5000c', 'x')")
	if storage.Trusted(path) {
		t.Fatal("a file changed by another program is still trusted")
	}
	if _, err := storage.Open(path); err == nil || !strings.Contains(err.Error(), "CHECK constraint failed in documents") {
		t.Fatalf("open of the altered file: %v", err)
	}
}
