package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// The passages, their tags and notes are merged by statements over both
// files (merge_passages.go). These tests hold them to the rules the merge
// had when it wrote them one by one: ties, tombstones against edits,
// passages on deleted documents, two of a colleague's codes that become one
// of ours, and the counts of the report.

// pair makes Ada's and Ben's copies of the base project, lets each change
// theirs at the fixed time given, and returns their paths.
func pair(t *testing.T, ada func(*storage.DB), adaAt time.Time, ben func(*storage.DB), benAt time.Time) (string, string) {
	t.Helper()
	dir := t.TempDir()
	b := base(t, dir)
	paths := []string{filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")}
	for i, f := range []struct {
		name string
		act  func(*storage.DB)
		at   time.Time
	}{{"Ada", ada, adaAt}, {"Ben", ben, benAt}} {
		copyFile(t, b, paths[i])
		db := openAs(t, paths[i], f.name)
		at := f.at
		db.Now = func() time.Time { return at }
		f.act(db)
		db.Close()
	}
	return paths[0], paths[1]
}

// mergeInto merges from into a copy of into and returns the copy's path and
// the report; the copy passes every check.
func mergeInto(t *testing.T, into, from string) (string, *storage.MergeReport) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "merged.gloss")
	copyFile(t, into, out)
	db := openAs(t, out, "Zoe")
	defer db.Close()
	rep, err := db.Merge(context.Background(), from)
	if err != nil {
		t.Fatalf("merge %s into %s: %v", filepath.Base(from), filepath.Base(into), err)
	}
	if problems, err := db.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Fatalf("merge %s into %s: check: %v %v", filepath.Base(from), filepath.Base(into), problems, err)
	}
	return out, rep
}

// query returns the first row of query on the file at path, as text.
func query(t *testing.T, path, q string, args ...any) []string {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(q, args...)
	if err != nil {
		t.Fatal(q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s: no row (%v)", q, rows.Err())
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = v.String
	}
	return out
}

func basePassages(t *testing.T, db *storage.DB) (amb, cyber *annotate.Passage) {
	t.Helper()
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil || len(ps) != 2 {
		t.Fatalf("base passages: %v, %v", ps, err)
	}
	for _, p := range ps {
		if strings.HasPrefix(p.Quote, "ambassadors") {
			amb = p
		} else {
			cyber = p
		}
	}
	return amb, cyber
}

// TestMergeTiesGoToTheLaterName: two colleagues change the same tag
// application and write a note on the same passage at the same instant;
// the greater author name wins both, whichever file is merged into which.
func TestMergeTiesGoToTheLaterName(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(time.Hour)
	var ambID, cyberID, ambTag string
	act := func(note string) func(*storage.DB) {
		return func(db *storage.DB) {
			amb, cyber := basePassages(t, db)
			ambID, cyberID, ambTag = amb.ID, cyber.ID, amb.Tags[0]
			hr, err := db.TagByName(ctx, "Human rights")
			if err != nil {
				t.Fatal(err)
			}
			if err := db.AddTag(ctx, amb.ID, hr.ID); err != nil {
				t.Fatal(err)
			}
			if err := db.RemoveTag(ctx, amb.ID, ambTag); err != nil {
				t.Fatal(err)
			}
			if err := db.SetNote(ctx, cyber.ID, note); err != nil {
				t.Fatal(err)
			}
		}
	}
	ada, ben := pair(t, act("Ada reads a threat"), at, act("Ben reads a warning"), at)
	benNote := query(t, ben, `SELECT id FROM notes WHERE passage_id = ?`, cyberID)[0]
	for _, c := range []struct {
		into, from        string
		updated, notesUpd int
	}{{ada, ben, 2, 1}, {ben, ada, 0, 0}} {
		out, rep := mergeInto(t, c.into, c.from)
		if rep.PassagesUpdated != c.updated || rep.NotesUpdated != c.notesUpd || rep.NotesAdded != 0 || rep.PassagesAdded != 0 {
			t.Errorf("merging %s into %s: report %+v", filepath.Base(c.from), filepath.Base(c.into), rep)
		}
		if got := query(t, out, `SELECT a.name, pt.deleted_at IS NOT NULL FROM passage_tags pt JOIN authors a ON a.id = pt.author_id
			WHERE pt.passage_id = ? AND pt.tag_id = ?`, ambID, ambTag); got[0] != "Ben" || got[1] != "1" {
			t.Errorf("merging into %s: the removed tag is %v; want Ben's removal", filepath.Base(c.into), got)
		}
		if got := query(t, out, `SELECT n.id, n.body, a.name FROM notes n JOIN authors a ON a.id = n.author_id WHERE n.passage_id = ?`, cyberID); got[0] != benNote || got[1] != "Ben reads a warning" || got[2] != "Ben" {
			t.Errorf("merging into %s: the note is %v; want Ben's, with its id", filepath.Base(c.into), got)
		}
		// The search index follows the note that won, under its id.
		db, err := storage.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		for word, n := range map[string]int{"warning": 1, "threat": 0} {
			if res, err := db.Search(ctx, word, storage.SearchOptions{}); err != nil || len(res.Hits) != n {
				t.Errorf("merging into %s: search %q: %+v, %v; want %d hits", filepath.Base(c.into), word, res, err, n)
			}
		}
		db.Close()
	}
}

// TestMergeDeletionOutlivesLaterEdits: Ada deletes a passage, Ben later
// retags it and rewrites its note. The passage stays deleted in both
// orders; Ben's note and tag are kept on it, and the counts leave it out.
func TestMergeDeletionOutlivesLaterEdits(t *testing.T) {
	ctx := context.Background()
	var cyberID string
	ada, ben := pair(t, func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		cyberID = cyber.ID
		if err := db.DeletePassage(ctx, cyber.ID); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(time.Hour), func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		hr, err := db.TagByName(ctx, "Human rights")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddTag(ctx, cyber.ID, hr.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.SetNote(ctx, cyber.ID, "sixteen sectors"); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(2*time.Hour))
	for _, c := range []struct {
		into, from              string
		deleted, updated, notes int
	}{{ada, ben, 0, 1, 1}, {ben, ada, 1, 0, 0}} {
		out, rep := mergeInto(t, c.into, c.from)
		if rep.PassagesDeleted != c.deleted || rep.PassagesUpdated != c.updated || rep.NotesAdded != c.notes {
			t.Errorf("merging %s into %s: report %+v", filepath.Base(c.from), filepath.Base(c.into), rep)
		}
		if got := query(t, out, `SELECT deleted_at IS NOT NULL, updated_at FROM passages WHERE id = ?`, cyberID); got[0] != "1" || !strings.HasPrefix(got[1], "2021-06-16T14:00") {
			t.Errorf("merging into %s: passage %v; want it deleted, changed last by Ben", filepath.Base(c.into), got)
		}
		if got := query(t, out, `SELECT count(*), sum(deleted_at IS NULL) FROM passage_tags WHERE passage_id = ?`, cyberID); got[0] != "2" || got[1] != "2" {
			t.Errorf("merging into %s: tags of the deleted passage %v; want both kept", filepath.Base(c.into), got)
		}
		if got := query(t, out, `SELECT coalesce(sum(n), 0) FROM tag_spans s JOIN tag_document_counts c USING (tag_id, document_id) WHERE s.passage_id = ?`, cyberID); got[0] != "0" {
			t.Errorf("merging into %s: the deleted passage still counts: %v", filepath.Base(c.into), got)
		}
		db, err := storage.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Passage(ctx, cyberID); err == nil {
			t.Errorf("merging into %s: the deleted passage is listed", filepath.Base(c.into))
		}
		db.Close()
	}
}

// TestMergePassagesOnADeletedDocument: Ben codes a new passage in an
// article Ada deleted. Merged into Ada's file, the passage arrives, with its
// tag and note, in a document that stays deleted; the counts of the
// document hold it as a live passage of a deleted document, as when coded
// here.
func TestMergePassagesOnADeletedDocument(t *testing.T) {
	ctx := context.Background()
	var p *annotate.Passage
	var docID string
	ada, ben := pair(t, func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		docID = cyber.DocumentID
		if err := db.DeleteDocument(ctx, cyber.DocumentID); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(time.Hour), func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		doc, err := db.Document(ctx, cyber.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		hr, err := db.TagByName(ctx, "Human rights")
		if err != nil {
			t.Fatal(err)
		}
		p = MustPassage(t, db, doc, "Lavrov called them frank", hr.ID)
		if err := db.SetNote(ctx, p.ID, "tone"); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(2*time.Hour))
	out, rep := mergeInto(t, ada, ben)
	if rep.PassagesAdded != 1 || rep.NotesAdded != 1 || rep.PassagesUntagged != 0 || rep.DocumentsDeleted != 0 {
		t.Errorf("report %+v", rep)
	}
	if got := query(t, out, `SELECT p.deleted_at IS NULL, d.deleted_at IS NOT NULL, n.body FROM passages p JOIN documents d ON d.id = p.document_id
		JOIN notes n ON n.passage_id = p.id WHERE p.id = ?`, p.ID); got[0] != "1" || got[1] != "1" || got[2] != "tone" {
		t.Errorf("Ben's passage %v; want it live, with its note, in the deleted document", got)
	}
	if got := query(t, out, `SELECT n FROM tag_document_counts WHERE tag_id = ? AND document_id = ?`, p.Tags[0], docID); got[0] != "1" {
		t.Errorf("count of Ben's code in the deleted document: %v", got)
	}
	_, rep = mergeInto(t, ben, ada)
	if rep.DocumentsDeleted != 1 || rep.PassagesAdded != 0 {
		t.Errorf("merging Ada's file into Ben's: report %+v", rep)
	}
}

// TestMergeTwoOfTheirCodesIntoOne: Ben renames a code and creates a new one
// under its old name, moving a passage from the one to the other; Ada
// changed the code later, so it keeps its name in the merge, and Ben's new
// code matches it by name. Both of Ben's codes are then one of ours: his
// two applications on the passage merge into one, the later change winning
// (the removal, at the same instant as the new application and by the same
// author, is the greater).
func TestMergeTwoOfTheirCodesIntoOne(t *testing.T) {
	ctx := context.Background()
	var cyberID, codeID string
	ada, ben := pair(t, func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		pink := "#f032e6"
		if _, err := db.UpdateTag(ctx, cyber.Tags[0], annotate.TagUpdate{Color: &pink}); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(2*time.Hour), func(db *storage.DB) {
		_, cyber := basePassages(t, db)
		cyberID, codeID = cyber.ID, cyber.Tags[0]
		name := "Cyber"
		if _, err := db.UpdateTag(ctx, codeID, annotate.TagUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
		again := MustTag(t, db, "Cyber red lines")
		if err := db.AddTag(ctx, cyber.ID, again.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveTag(ctx, cyber.ID, codeID); err != nil {
			t.Fatal(err)
		}
	}, t0.Add(time.Hour))
	out, rep := mergeInto(t, ada, ben)
	if rep.TagsAdded != 0 || rep.PassagesUpdated != 1 || rep.PassagesUntagged != 1 {
		t.Errorf("report %+v", rep)
	}
	if got := query(t, out, `SELECT t.name, a.name, pt.deleted_at IS NOT NULL FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
		JOIN authors a ON a.id = pt.author_id WHERE pt.passage_id = ?`, cyberID); got[0] != "Cyber red lines" || got[1] != "Ben" || got[2] != "1" {
		t.Errorf("the passage's code %v; want Ben's removal of Cyber red lines", got)
	}
	if got := query(t, out, `SELECT count(*) FROM passage_tags WHERE passage_id = ?`, cyberID); got[0] != "1" {
		t.Errorf("%v applications on the passage; want one", got)
	}
	// The other way round, Ben's codes stay two.
	out, _ = mergeInto(t, ben, ada)
	if got := query(t, out, `SELECT count(*) FROM tags WHERE deleted_at IS NULL AND name IN ('Cyber', 'Cyber red lines')`); got[0] != "2" {
		t.Errorf("merging Ada's file into Ben's: %v of his two codes", got)
	}
}

// TestMergeRestoresItsTriggers: the triggers the merge drops while it
// writes passages come back as Gloss's own, and the next merge on the same
// connection (after one that failed half-way) finds it as it was.
func TestMergeRestoresItsTriggers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := colleagues(t, dir, 11, "Ada", "Ben")
	fresh := filepath.Join(dir, "fresh.gloss")
	db, err := storage.Create(fresh)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	triggers := func(path string) string {
		raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		rows, err := raw.Query(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var name, text string
			if err := rows.Scan(&name, &text); err != nil {
				t.Fatal(err)
			}
			b.WriteString(name + "\n" + text + "\n")
		}
		return b.String()
	}
	want := triggers(fresh)
	if !strings.Contains(want, "spans_tag_insert") || !strings.Contains(want, "analysis_passage_update") {
		t.Fatalf("a new project's triggers: %s", want)
	}
	db = openAs(t, f[0], "Ada")
	injected := errors.New("injected")
	if _, err := storage.MergeWithFault(db, f[1], func(step string) error {
		if step == "passage codes" {
			return injected
		}
		return nil
	}); !errors.Is(err, injected) {
		t.Fatalf("merge with a fault: %v", err)
	}
	rep, err := db.Merge(ctx, f[1])
	if err != nil || !rep.Changed() {
		t.Fatalf("merge after a failed one: %+v, %v", rep, err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	db.Close()
	if got := triggers(f[0]); got != want {
		t.Fatalf("triggers after merging:\n%s\nwant\n%s", diff(got, want), want)
	}
}

// TestMergeOlderColleaguesFile: a colleague's file at an older schema is
// upgraded in a temporary copy, which the merge reads; the file itself is
// not touched.
func TestMergeOlderColleaguesFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := colleagues(t, dir, 12, "Ada", "Ben")
	if err := storage.Downgrade(f[1], 9); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(f[1])
	if err != nil {
		t.Fatal(err)
	}
	// The same work at our schema, for comparison.
	upgraded := filepath.Join(dir, "upgraded.gloss")
	copyFile(t, f[1], upgraded)
	db, err := storage.Open(upgraded)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	old, _ := mergeInto(t, f[0], f[1])
	now, _ := mergeInto(t, f[0], upgraded)
	if a, b := contentOf(t, old), contentOf(t, now); a != b {
		t.Fatalf("merging the older file differs from merging it upgraded:\n%s", diff(a, b))
	}
	after, err := os.ReadFile(f[1])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("the colleague's older file was changed by the merge")
	}
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(f[1] + s); err == nil {
			t.Errorf("the merge left %s beside the colleague's file", s)
		}
	}
	_ = ctx
}

// TestMergeReadsTheColleaguesFileAsItIs: the attached file is read as it
// is, a log of changes not yet in it included, and left as it was: no
// byte changed, nothing beside it.
func TestMergeReadsTheColleaguesFileAsItIs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := colleagues(t, dir, 13, "Ada", "Ben")
	before, err := os.ReadFile(f[1])
	if err != nil {
		t.Fatal(err)
	}
	mergeInto(t, f[0], f[1])
	if after, err := os.ReadFile(f[1]); err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the colleague's file was changed by the merge (%v)", err)
	}
	for _, s := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(f[1] + s); err == nil {
			t.Errorf("the merge left %s beside the colleague's file", s)
		}
	}
	// Ben is still working: his latest passage is in his log.
	ben := openAs(t, f[1], "Ben")
	defer ben.Close()
	docs, err := ben.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ben.Document(ctx, docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	p := MustPassage(t, ben, doc, doc.Text[:12], MustTag(t, ben, "Latest").ID)
	if info, err := os.Stat(f[1] + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("Ben's change is not in a log (%v): the test proves nothing", err)
	}
	out, rep := mergeInto(t, f[0], f[1])
	if rep.PassagesAdded == 0 {
		t.Fatalf("report %+v", rep)
	}
	if got := query(t, out, `SELECT t.name FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.passage_id = ?`, p.ID); got[0] != "Latest" {
		t.Fatalf("Ben's latest passage: %v", got)
	}
}

// TestMergeOfNothingNewLeavesTheFile merges a colleague's file twice: the
// second merge brings nothing, says so, and leaves our file byte for byte
// as it was, so that sync clients carrying the two files between the
// colleagues come to rest.
func TestMergeOfNothingNewLeavesTheFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	f := colleagues(t, dir, 12, "Ada", "Ben")
	db := openAs(t, f[0], "Ada")
	if rep, err := db.Merge(ctx, f[1]); err != nil || !rep.Changed() {
		t.Fatalf("first merge: %+v, %v", rep, err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(f[0])
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.Merge(ctx, f[1])
	if err != nil || rep.Changed() {
		t.Fatalf("second merge: %+v, %v; want nothing changed", rep, err)
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(f[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("a merge that brought nothing changed the file")
	}
}
