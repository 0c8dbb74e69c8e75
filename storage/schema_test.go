package storage_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

func TestCreateMigratesFromEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.gloss")
	before := time.Now().UTC()
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().UTC()
	ctx := context.Background()
	id, err := db.Meta(ctx, "project_id")
	mustNil(t, err)
	mustNil(t, db.Close())

	raw := rawOpen(t, path)
	if got := rawInt(t, raw, "PRAGMA application_id"); got != 0x476c6f73 {
		t.Errorf("application_id = %#x, want 0x476c6f73", got)
	}
	if got := rawInt(t, raw, "PRAGMA user_version"); got != storage.SchemaVersion() || got < 1 {
		t.Errorf("user_version = %d, want %d", got, storage.SchemaVersion())
	}
	if got := rawString(t, raw, "PRAGMA journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %q, want wal", got)
	}

	want := map[string]string{
		"meta": "table", "authors": "table", "documents": "table", "tags": "table",
		"passages": "table", "passage_tags": "table", "notes": "table",
		"documents_sha256": "index", "documents_live": "index", "tags_live_name": "index",
		"passages_document": "index", "passages_live": "index", "passage_tags_tag": "index",
		"documents_v": "view", "tags_v": "view", "passages_v": "view",
	}
	rows, err := raw.Query("SELECT type, name FROM sqlite_schema")
	mustNil(t, err)
	got := map[string]string{}
	for rows.Next() {
		var typ, name string
		mustNil(t, rows.Scan(&typ, &name))
		got[name] = typ
	}
	mustNil(t, rows.Err())
	rows.Close()
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("schema: %s is %q, want %s", name, got[name], typ)
		}
	}
	// The schema is usable as documented: the views answer on an empty project.
	for _, v := range []string{"documents_v", "tags_v", "passages_v"} {
		if n := rawInt(t, raw, "SELECT count(*) FROM "+v); n != 0 {
			t.Errorf("%s of a new project has %d rows", v, n)
		}
	}

	if stored := rawString(t, raw, "SELECT value FROM meta WHERE key = 'project_id'"); !annotate.ValidID(stored) || stored != id {
		t.Errorf("meta project_id = %q (Meta said %q), want one UUID", stored, id)
	}
	created := rawString(t, raw, "SELECT value FROM meta WHERE key = 'created_at'")
	at, err := time.Parse("2006-01-02T15:04:05.000000Z", created)
	if err != nil {
		t.Fatalf("meta created_at = %q: %v", created, err)
	}
	if at.Before(before.Truncate(time.Microsecond)) || at.After(after) {
		t.Errorf("meta created_at = %s, not between %s and %s", at, before, after)
	}

	// Each project has its own identity.
	other, err := storage.Create(filepath.Join(t.TempDir(), "other.gloss"))
	mustNil(t, err)
	defer other.Close()
	otherID, err := other.Meta(ctx, "project_id")
	mustNil(t, err)
	if otherID == id {
		t.Errorf("two projects share project_id %s", id)
	}
	if _, err := other.Meta(ctx, "no such key"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("Meta of a missing key: got %v, want ENOTFOUND", err)
	}
}

func TestReopenKeepsSchemaAndIdentity(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.gloss")
	db, err := storage.Create(path)
	mustNil(t, err)
	ctx := context.Background()
	id, err := db.Meta(ctx, "project_id")
	mustNil(t, err)
	mustNil(t, db.Close())
	for i := 0; i < 2; i++ {
		db, err = storage.Open(path)
		mustNil(t, err)
		again, err := db.Meta(ctx, "project_id")
		mustNil(t, err)
		mustNil(t, db.Close())
		if again != id {
			t.Fatalf("reopen %d: project_id %s, want %s", i, again, id)
		}
	}
	raw := rawOpen(t, path)
	if n := rawInt(t, raw, "SELECT count(*) FROM meta WHERE key = 'project_id'"); n != 1 {
		t.Errorf("meta has %d project_id rows after reopening", n)
	}
	if got := rawInt(t, raw, "PRAGMA user_version"); got != storage.SchemaVersion() {
		t.Errorf("user_version after reopen = %d", got)
	}
}

func TestCreateRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.gloss")
	content := []byte("a researcher's notes, not to be overwritten\n")
	mustNil(t, os.WriteFile(path, content, 0o644))
	db, err := storage.Create(path)
	if err == nil {
		db.Close()
		t.Fatal("Create over an existing file succeeded")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("Create over an existing file: %v; want the path and the reason", err)
	}
	sameBytes(t, path, content)

	// OpenOrCreate must not create over it either: it opens, and refuses.
	if db, _, err := storage.OpenOrCreate(path); err == nil {
		db.Close()
		t.Fatal("OpenOrCreate accepted a text file")
	}
	sameBytes(t, path, content)
}

func TestOpenRefusesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.gloss")
	db, err := storage.Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a missing file succeeded")
	}
	if !strings.Contains(err.Error(), path) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing file: %v; want the path and not-exist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing file created it (stat: %v)", err)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"text file", func(t *testing.T, path string) {
			mustNil(t, os.WriteFile(path, []byte(strings.Repeat("President Biden met with Putin in Geneva.\n", 200)), 0o644))
		}, "not a Gloss project"},
		{"another application's database", func(t *testing.T, path string) {
			raw := rawOpen(t, path)
			for _, s := range []string{
				"CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)",
				"INSERT INTO contacts (name) VALUES ('Ada'), ('Grace')",
			} {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			mustNil(t, raw.Close())
		}, "another application"},
		{"empty database", func(t *testing.T, path string) {
			// A valid SQLite file with no schema at all.
			raw := rawOpen(t, path)
			for _, s := range []string{"CREATE TABLE x (a)", "DROP TABLE x"} {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			mustNil(t, raw.Close())
		}, "empty SQLite database"},
		{"empty file", func(t *testing.T, path string) {
			mustNil(t, os.WriteFile(path, nil, 0o644))
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "colleague.gloss")
			tt.make(t, path)
			before, err := os.ReadFile(path)
			mustNil(t, err)
			db, err := storage.Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			if !strings.Contains(msg, path) || !strings.Contains(msg, "not a Gloss project") || !strings.Contains(msg, tt.want) {
				t.Errorf("Open: %q; want the path, \"not a Gloss project\" and %q", msg, tt.want)
			}
			sameBytes(t, path, before)
			// The refused file is still what it was for its own application.
			if tt.name == "another application's database" {
				raw := rawOpen(t, path)
				if n := rawInt(t, raw, "SELECT count(*) FROM contacts"); n != 2 {
					t.Errorf("contacts has %d rows after the refusal", n)
				}
				if mode := rawString(t, raw, "PRAGMA journal_mode"); mode != "delete" {
					t.Errorf("journal_mode became %q", mode)
				}
			}
		})
	}
}

func TestOpenOrCreate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.gloss")
	db, created, err := storage.OpenOrCreate(path)
	mustNil(t, err)
	if !created {
		t.Fatal("OpenOrCreate of a missing file did not report creating it")
	}
	id, err := db.Meta(ctx, "project_id")
	mustNil(t, err)
	mustNil(t, db.Close())
	db, created, err = storage.OpenOrCreate(path)
	mustNil(t, err)
	defer db.Close()
	if created {
		t.Fatal("OpenOrCreate of an existing project reported creating it")
	}
	if again, err := db.Meta(ctx, "project_id"); err != nil || again != id {
		t.Fatalf("OpenOrCreate opened project %q (%v), want %s", again, err, id)
	}

	// A project cannot be created where there is no folder; nothing is left behind.
	missing := filepath.Join(t.TempDir(), "no such folder", "p.gloss")
	if db, err := storage.Create(missing); err == nil {
		db.Close()
		t.Fatal("Create in a missing folder succeeded")
	} else if !strings.Contains(err.Error(), missing) {
		t.Errorf("Create in a missing folder: %v; want the path", err)
	}
}
