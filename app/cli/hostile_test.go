package cli_test

import (
	"database/sql"
	"encoding/json"
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
	}, want: `code ABCDEF01-2345-4678-89AB-CDEF01234567: the id "ABCDEF01-2345-4678-89AB-CDEF01234567" is not a lower-case UUID`},
	{name: "a passage tagged with a missing tag", alter: []string{
		`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
			SELECT id, '00000000-0000-4000-8000-000000000001', 1, created_at, updated_at FROM passages LIMIT 1`,
	}, want: "its code 00000000-0000-4000-8000-000000000001 is not in the file"},
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

	// The journal, memos, attributes, reconciliations, what each coder
	// had, briefings and the codebook's keys.
	{name: "a journal entry on no day of the calendar", alter: []string{"UPDATE journal SET entry_date = '2021-02-30'"},
		want: `its date "2021-02-30" is not a day of the calendar`},
	{name: "a journal entry by a missing author", alter: []string{"UPDATE journal SET author_id = 999"},
		want: "its author 999 is not in the file"},
	{name: "a journal entry dated in the future", alter: []string{"UPDATE journal SET updated_at = '2099-01-01T00:00:00.000000Z'"},
		want: "journal entry "},
	{name: "a code memo dated in the future", alter: []string{"UPDATE tags SET memo_updated_at = '2099-01-01T00:00:00.000000Z' WHERE memo != ''"},
		want: "memo_updated_at: the time 2099-01-01T00:00:00.000000Z is more than a day ahead"},
	{name: "a document memo by a missing author", alter: []string{
		"UPDATE documents SET memo = 'Key source', memo_author_id = 999, memo_updated_at = created_at WHERE rowid = 1",
	}, want: "its memo author 999 is not in the file"},
	{name: "an attribute whose choices are not values", alter: []string{`UPDATE attributes SET choices = '["pro", 3]' WHERE kind = 'choice'`},
		want: `its choices ["pro", 3] are not a list of values`},
	{name: "an attribute offering a choice twice", alter: []string{`UPDATE attributes SET choices = '["pro", "Pro"]' WHERE kind = 'choice'`},
		want: `value "Pro" is listed twice`},
	{name: "an attribute value of a missing document", alter: []string{
		"UPDATE document_attributes SET document_id = '00000000-0000-4000-8000-000000000006'",
	}, want: "its document 00000000-0000-4000-8000-000000000006 is not in the file"},
	{name: "a reconciliation of a made-up disagreement", alter: []string{"UPDATE reconciliations SET disagreement = printf('%.32c', 'z')"},
		want: "is not 32 lower-case hexadecimal digits"},
	{name: "a reconciliation of versions that are not passages", alter: []string{`UPDATE reconciliations SET passages_a = '["x", 1]'`},
		want: `its versions ["x", 1] and`},
	{name: "a reconciliation edited past the end of its document", alter: []string{"UPDATE reconciliations SET end_offset = 1000000"},
		want: ", 1000000) is past the end of its document"},
	{name: "a reconciliation whose changes Gloss cannot undo", alter: []string{`UPDATE reconciliations SET changes = '{"deleted": 5}'`},
		want: `its record of what it changed, {"deleted": 5}, is not of the form Gloss writes`},
	{name: "a reconciliation between missing coders", alter: []string{"UPDATE reconciliations SET coder_b = 999"},
		want: "its coder b 999 is not in the file"},
	{name: "what a coder had, of a missing document", alter: []string{
		"INSERT INTO coder_holdings VALUES (1, 'document', '00000000-0000-4000-8000-000000000007', '" + at + "')",
	}, want: "its document 00000000-0000-4000-8000-000000000007 is not in the file"},
	{name: "what a coder had, by an id not in Gloss's form", alter: []string{"UPDATE coder_holdings SET item_id = upper(item_id) WHERE kind = 'tag'"},
		want: `item_id: the id "`},
	{name: "a memo search key of no memo", alter: []string{
		"INSERT INTO memo_search_keys (kind, target_id) VALUES ('journal', '00000000-0000-4000-8000-000000000008')",
		"INSERT INTO memo_search (rowid, subject, body) VALUES (last_insert_rowid(), 'Ghost', 'An entry nobody wrote')",
	}, want: "memo search keys are of memos not in the file"},
	{name: "a memo search row of no key", alter: []string{"INSERT INTO memo_search (rowid, subject, body) VALUES (777, 'Ghost', 'An entry nobody wrote')"},
		want: "rows of the memo search index have no key"},
	{name: "a memo search row that is not its memo", alter: []string{
		"UPDATE memo_search SET body = 'The envoys never left' WHERE rowid = (SELECT id FROM memo_search_keys WHERE kind = 'code')",
	}, want: "rows of the memo search index are not the text of their memos"},
	{name: "tag_spans out of step", alter: []string{"DELETE FROM tag_spans"}, want: "missing from tag_spans"},
	{name: "a briefing on no day of the calendar", alter: []string{"UPDATE briefings SET date = '2021-06-31'"},
		want: `its date "2021-06-31" is not a day of the calendar`},
	{name: "a finding on a missing tag", alter: []string{"UPDATE briefing_findings SET tag_id = '00000000-0000-4000-8000-000000000009'"},
		want: "its code 00000000-0000-4000-8000-000000000009 is not in the file"},
	{name: "a key quote of a missing passage", alter: []string{"UPDATE briefing_quotes SET passage_id = '00000000-0000-4000-8000-00000000000a'"},
		want: "its passage 00000000-0000-4000-8000-00000000000a is not in the file"},
	{name: "a tag on key 10", alter: []string{"PRAGMA ignore_check_constraints = ON", "UPDATE tags SET shortcut = 10 WHERE shortcut = 2"},
		want: "CHECK constraint failed in tags"},
	{name: "a tag neither code nor grouping code", alter: []string{"PRAGMA ignore_check_constraints = ON", "UPDATE tags SET codable = 2 WHERE shortcut = 2"},
		want: "CHECK constraint failed in tags"},
}

// soundProject makes the project the hostile files are made from, with a
// row in every table: Ada's and Ben's coding of one passage, Cy's
// decision on where they disagree, a journal entry, a code memo and a
// document memo, attributes with values and a briefing with a finding and
// a key quote.
func soundProject(t *testing.T, dir, file string) {
	t.Helper()
	mustGloss(t, dir, "new", file, "--samples", "--author", "Ada")
	geneva := docByTitle(t, docs(t, dir, file), "hold their Geneva summit")
	mustGloss(t, dir, "highlight", file, "--doc", geneva.ID[:8], "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--author", "Ada", "--note", "Ada's reading")
	mustGloss(t, dir, "highlight", file, "--doc", geneva.ID[:8], "--quote", "ambassadors would return", "--tag", "Ambassadors", "--author", "Ben")
	mustGloss(t, dir, "brief", file, "create", "Summit", "--author", "Ada")
	if err := os.WriteFile(filepath.Join(dir, "finding.txt"), []byte("Envoys return."), 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "brief", file, "finding", "Summit", "Ambassadors", "finding.txt", "--author", "Ada")
	for _, p := range passages(t, dir, file) {
		if p.Author == "Ada" {
			mustGloss(t, dir, "brief", file, "star", "Summit", p.ID, "--author", "Ada")
		}
	}
	var ds []struct{ Key string }
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "reconcile", file, "--authors", "Ada,Ben", "--json")), &ds); err != nil || len(ds) != 1 {
		t.Fatalf("disagreements %v, %v", ds, err)
	}
	mustGloss(t, dir, "reconcile", file, "--authors", "Ada,Ben", "--decide", ds[0].Key, "--choose", "edit", "--range", "402-430", "--author", "Cy")
	mustGloss(t, dir, "memos", file, "journal", "Agreed the codebook.", "--date", "2021-06-20", "--author", "Ada")
	mustGloss(t, dir, "memos", file, "code", "Ambassadors", "Envoys sent back.", "--author", "Ada")
	mustGloss(t, dir, "attrs", file, "define", "Stance", "--kind", "choice", "--choices", "pro,contra", "--author", "Ada")
	mustGloss(t, dir, "attrs", file, "define", "Words", "--kind", "number", "--author", "Ada")
	mustGloss(t, dir, "attrs", file, "set", "--doc", geneva.ID[:8], "Stance=pro", "Words=1200", "--author", "Ada")
	alterFile(t, filepath.Join(dir, file), "UPDATE documents SET memo = 'Key source', memo_author_id = 1, memo_updated_at = created_at WHERE rowid = 2")
	if out := mustGloss(t, dir, "check", file); !strings.Contains(out, "ok (4 documents, 9 codes, 1 passage)") {
		t.Fatalf("check: %s", out)
	}
}

// TestHostileFilesRefusedEverywhere runs every hostile file through gloss
// check, the opening of a project (as the app and every command do), gloss
// merge and gloss copy. Each reports or refuses it with the same sentence
// and leaves both files byte for byte as they were.
func TestHostileFilesRefusedEverywhere(t *testing.T) {
	base := t.TempDir()
	soundProject(t, base, "sound.gloss")
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
// hostile files are made from, with SQLite's ANALYZE statistics added,
// passes every path.
func TestSoundFileAcceptedEverywhere(t *testing.T) {
	dir := t.TempDir()
	soundProject(t, dir, "theirs.gloss")
	alterFile(t, filepath.Join(dir, "theirs.gloss"), "ANALYZE")
	mustGloss(t, dir, "new", "mine.gloss", "--author", "Ada")
	if out := mustGloss(t, dir, "check", "theirs.gloss"); !strings.Contains(out, "theirs.gloss: ok") {
		t.Fatalf("check: %s", out)
	}
	mustGloss(t, dir, "merge", "mine.gloss", "theirs.gloss", "--author", "Ada")
	mustGloss(t, dir, "copy", "theirs.gloss", "copy.gloss")
	for _, f := range []string{"mine.gloss", "copy.gloss"} {
		if out := mustGloss(t, dir, "check", f); !strings.Contains(out, f+": ok (4 documents, 9 codes, 1 passage)") {
			t.Fatalf("check after the merge and the copy: %s", out)
		}
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
