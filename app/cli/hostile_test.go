package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"gloss/annotate"
	"gloss/storage"
)

// at is a time in Gloss's form, for rows written behind its back.
const at = "2021-06-16T12:00:00.000000Z"

// hostileFiles are colleagues' files that lie, one for every rule of the
// format (docs/FORMAT.md, "What a sound file is"): each alters a sound
// project with a plain SQLite connection, and want is part of the sentence
// every path refuses it with.
var hostileFiles = []struct {
	name  string
	alter []string // SQL run on a copy of a sound project
	write []byte   // or the whole file
	want  string
}{
	{name: "a text file", write: []byte("Meeting notes: Biden and Putin in Geneva.\n"), want: "not a Gloss project (not an SQLite database)"},
	{name: "a newer version", alter: []string{"PRAGMA user_version = 99"}, want: "made by a newer version of Gloss"},
	{name: "an extra trigger", alter: []string{
		`CREATE TRIGGER spy AFTER INSERT ON passages BEGIN UPDATE meta SET value = 'x' WHERE key = 'project_id'; END`,
	}, want: `trigger "spy" that Gloss does not create`},
	{name: "a trigger under the name of SQLite's own table", alter: []string{
		"PRAGMA writable_schema = ON",
		`INSERT INTO sqlite_schema VALUES ('trigger', 'sqlite_stat1', 'passages', 0,
			'CREATE TRIGGER sqlite_stat1 AFTER INSERT ON passages BEGIN UPDATE passages SET deleted_at = NEW.created_at; END')`,
	}, want: `trigger "sqlite_stat1" that Gloss does not create`},
	{name: "an altered view", alter: []string{"DROP VIEW tags_v", "CREATE VIEW tags_v AS SELECT 1 AS x"}, want: `view "tags_v" differ from Gloss's definition`},
	{name: "a broken CHECK constraint", alter: []string{
		"PRAGMA ignore_check_constraints = ON", "UPDATE documents SET title = printf('%.5000c', 'x') WHERE rowid = 1",
	}, want: "CHECK constraint failed in documents"},
	{name: "an id that is not a lower-case UUID", alter: []string{
		`INSERT INTO tags (id, name, color, author_id, created_at, updated_at) VALUES ('ABCDEF01-2345-4678-89AB-CDEF01234567', 'Shouting', '#4363d8', 1, '` + at + `', '` + at + `')`,
	}, want: `tag ABCDEF01-2345-4678-89AB-CDEF01234567: the id "ABCDEF01-2345-4678-89AB-CDEF01234567" is not a lower-case UUID`},
	{name: "a passage tagged with a missing tag", alter: []string{
		`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
			SELECT id, '00000000-0000-4000-8000-000000000001', 1, created_at, updated_at FROM passages LIMIT 1`,
	}, want: "its tag 00000000-0000-4000-8000-000000000001 is not in the file"},
	{name: "a passage of a missing document", alter: []string{
		`INSERT INTO passages (id, document_id, start_offset, end_offset, quote, author_id, created_at, updated_at)
			VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003', 0, 5, 'Biden', 1, '` + at + `', '` + at + `')`,
	}, want: "passage 00000000-0000-4000-8000-000000000002: its document 00000000-0000-4000-8000-000000000003 is not in the file"},
	{name: "a passage by a missing author", alter: []string{"UPDATE passages SET author_id = 999"}, want: "its author 999 is not in the file"},
	{name: "a passage past the end of its document", alter: []string{"UPDATE passages SET end_offset = 1000000"}, want: ", 1000000) is past the end of its document"},
	{name: "a quote that is not the text", alter: []string{"UPDATE passages SET quote = 'the ambassadors would never return'"}, want: `its quote "the ambassadors would never return" does not match the text of its document`},
	{name: "a time not in Gloss's form", alter: []string{"UPDATE tags SET updated_at = '2021-06-16 12:00:00' WHERE rowid = 1"}, want: `updated_at: the time "2021-06-16 12:00:00" is not of the form`},
	{name: "a time in the future", alter: []string{"UPDATE passages SET updated_at = '2099-01-01T00:00:00.000000Z'"}, want: "updated_at: the time 2099-01-01T00:00:00.000000Z is more than a day ahead of this computer's clock"},
	{name: "tags nested in each other", alter: []string{
		`UPDATE tags SET parent_id = (SELECT id FROM tags WHERE rowid = 2) WHERE rowid = 1`,
		`UPDATE tags SET parent_id = (SELECT id FROM tags WHERE rowid = 1) WHERE rowid = 2`,
	}, want: "it is nested inside itself"},
	{name: "a document hash that is not its text's", alter: []string{"UPDATE documents SET sha256 = printf('%.64c', '0') WHERE rowid = 1"}, want: "is not the hash of its text"},
	{name: "a document length that is not its text's", alter: []string{"UPDATE documents SET length = length + 1 WHERE rowid = 1"}, want: "is not the length of its text"},
	{name: "an orphan record that does not parse", alter: []string{
		`INSERT INTO meta (key, value) VALUES ('orphan/00000000-0000-4000-8000-000000000004', '{"passage_id": ')`,
	}, want: "project setting orphan/00000000-0000-4000-8000-000000000004: the orphan record does not parse"},
	{name: "a setting Gloss does not write", alter: []string{`INSERT INTO meta (key, value) VALUES ('sync', 'on')`}, want: "project setting sync: no setting of that name is written by Gloss"},
	{name: "an auto-coding rule whose pattern does not compile", alter: []string{
		`INSERT INTO rules (id, name, pattern, kind, tag_id, scope, author_id, created_at, updated_at)
			SELECT '00000000-0000-4000-8000-000000000005', 'Broken', '([', 'regex', id, 'match', 1, created_at, updated_at FROM tags LIMIT 1`,
	}, want: "auto-coding rule 00000000-0000-4000-8000-000000000005:"},
	{name: "passage counts out of step", alter: []string{"UPDATE tag_document_counts SET n = n + 1"}, want: "the passages make it"},
	{name: "a document missing from the search index", alter: []string{
		"DELETE FROM search_keys WHERE document_id = (SELECT id FROM documents WHERE rowid = 1)",
	}, want: "search"},
}

// TestHostileFilesRefusedEverywhere runs every hostile file through gloss
// check, the opening of a project (as the app and every command do), gloss
// merge and gloss copy. Each reports or refuses it with the same sentence
// and leaves both files byte for byte as they were.
func TestHostileFilesRefusedEverywhere(t *testing.T) {
	base := t.TempDir()
	mustGloss(t, base, "new", "sound.gloss", "--samples", "--author", "Ada")
	geneva := docByTitle(t, docs(t, base, "sound.gloss"), "hold their Geneva summit")
	mustGloss(t, base, "highlight", "sound.gloss", "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ada", "--note", "Ada's reading")
	sound, err := os.ReadFile(filepath.Join(base, "sound.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hostileFiles {
		t.Run(h.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "theirs.gloss")
			mine := filepath.Join(dir, "mine.gloss")
			for _, p := range []string{path, mine} {
				if err := os.WriteFile(p, sound, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if h.write != nil {
				if err := os.WriteFile(path, h.write, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if len(h.alter) > 0 {
				alterFile(t, path, h.alter...)
			}
			before := folderState(t, dir)

			// gloss check lists it; its first line is the sentence.
			out, errs, code := gloss(t, dir, "check", "theirs.gloss")
			if code != 1 || !strings.Contains(out, h.want) || !strings.Contains(errs, "found in theirs.gloss") {
				t.Fatalf("check: exit %d\n%s%s\nwant a problem with %q", code, out, errs, h.want)
			}
			sentence := strings.TrimPrefix(strings.SplitN(out, "\n", 2)[0], "theirs.gloss: ")

			// Opening refuses it with that sentence.
			if db, err := storage.Open(path); err == nil {
				db.Close()
				t.Fatal("open: opened")
			} else if !strings.HasPrefix(err.Error(), path+": "+sentence) {
				t.Fatalf("open: %v\nwant it to start with %q", err, sentence)
			}

			// Merging it into a sound project refuses it, merging nothing.
			_, errs, code = gloss(t, dir, "merge", "mine.gloss", "theirs.gloss", "--author", "Ada")
			if code != 1 || !strings.Contains(errs, sentence) || !strings.Contains(errs, "nothing merged") {
				t.Fatalf("merge: exit %d, %q\nwant %q", code, errs, sentence)
			}

			// Sending it on refuses it too, writing nothing.
			_, errs, code = gloss(t, dir, "copy", "theirs.gloss", "copy.gloss")
			if code != 1 || !strings.Contains(errs, sentence) {
				t.Fatalf("copy: exit %d, %q\nwant %q", code, errs, sentence)
			}

			if after := folderState(t, dir); after != before {
				t.Fatalf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// TestSoundFileAcceptedEverywhere is the table's control: the project the
// hostile files are made from, and one that SQLite's ANALYZE has added its
// statistics to, pass every path.
func TestSoundFileAcceptedEverywhere(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "theirs.gloss", "--samples", "--author", "Ben")
	alterFile(t, filepath.Join(dir, "theirs.gloss"), "ANALYZE")
	mustGloss(t, dir, "new", "mine.gloss", "--author", "Ada")
	if out := mustGloss(t, dir, "check", "theirs.gloss"); !strings.Contains(out, "theirs.gloss: ok") {
		t.Fatalf("check: %s", out)
	}
	mustGloss(t, dir, "merge", "mine.gloss", "theirs.gloss", "--author", "Ada")
	mustGloss(t, dir, "copy", "theirs.gloss", "copy.gloss")
	if out := mustGloss(t, dir, "check", "mine.gloss"); !strings.Contains(out, "mine.gloss: ok (4 documents") {
		t.Fatalf("check after the merge: %s", out)
	}
}

// alterFile changes a file behind Gloss's back with a plain SQLite
// connection.
func alterFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// folderState describes every file of dir with its bytes' hash (the
// folders the commands keep their settings in, under the test's home, left
// out).
func folderState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, e.Name()+"="+annotate.HashText(string(b))[:12])
	}
	return strings.Join(parts, " ")
}
