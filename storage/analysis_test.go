package storage_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func TestAnalysis(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	axios := MustDocument(t, db, "Axios", "Biden raised human rights and cyberattacks with Putin. The ambassadors return.")
	reuters := MustDocument(t, db, "Reuters", "Navalny was discussed. Ransomware too. Gone text.")
	rights := MustTag(t, db, "Human rights")
	cyber := MustTag(t, db, "Cyber")
	amb := MustTag(t, db, "Ambassadors")
	unused := MustTag(t, db, "Unused")

	MustPassage(t, db, axios, "Biden raised human rights", rights.ID)
	MustPassage(t, db, axios, "human rights and cyberattacks", cyber.ID) // overlaps the one above
	MustPassage(t, db, axios, "ambassadors", amb.ID, rights.ID)          // two tags
	MustPassage(t, db, reuters, "Navalny", rights.ID)
	db.SetAuthor("Bo")
	MustPassage(t, db, reuters, "Ransomware", cyber.ID)
	gone := MustPassage(t, db, reuters, "Gone text", cyber.ID, amb.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	m, err := db.TagDocumentMatrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 4 || m.Rows[0].ID != rights.ID || len(m.Cols) != 2 || m.Cols[0].ID != axios.ID {
		t.Fatalf("matrix rows %v, cols %v", m.Rows, m.Cols)
	}
	for _, c := range []struct {
		tag, doc string
		n        int
	}{
		{rights.ID, axios.ID, 2}, {rights.ID, reuters.ID, 1}, {cyber.ID, axios.ID, 1}, {cyber.ID, reuters.ID, 1},
		{amb.ID, axios.ID, 1}, {amb.ID, reuters.ID, 0}, {unused.ID, axios.ID, 0},
	} {
		if got := m.At(c.tag, c.doc); got != c.n {
			t.Errorf("matrix[%s][%s] = %d, want %d", c.tag, c.doc, got, c.n)
		}
	}
	if m.RowTotal(0) != 3 {
		t.Errorf("Human rights total = %d, want 3", m.RowTotal(0))
	}
	// A cell's passages are what the passage list shows for its filter.
	ps, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{rights.ID}, DocumentIDs: []string{axios.ID}})
	if err != nil || len(ps) != m.At(rights.ID, axios.ID) {
		t.Errorf("cell filter lists %d passages, cell says %d (%v)", len(ps), m.At(rights.ID, axios.ID), err)
	}

	co, err := db.TagCooccurrence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Human rights × Cyber: the overlapping pair in Axios. Human rights ×
	// Ambassadors: the passage with both. Cyber × Ambassadors: only the
	// deleted passage had both.
	if co.At(rights.ID, cyber.ID) != 1 || co.At(rights.ID, amb.ID) != 1 || co.At(cyber.ID, amb.ID) != 0 || co.At(rights.ID, rights.ID) != 3 {
		t.Errorf("co-occurrence: rights×cyber %d, rights×amb %d, cyber×amb %d, rights %d",
			co.At(rights.ID, cyber.ID), co.At(rights.ID, amb.ID), co.At(cyber.ID, amb.ID), co.At(rights.ID, rights.ID))
	}

	au, err := db.AuthorTagMatrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(au.Rows) != 2 || au.Rows[0].Name != "Ada" || au.Rows[1].Name != "Bo" {
		t.Fatalf("author rows = %v", au.Rows)
	}
	if au.At("Ada", rights.ID) != 3 || au.At("Ada", amb.ID) != 1 || au.At("Bo", cyber.ID) != 1 || au.At("Bo", amb.ID) != 0 ||
		au.Totals[0] != 4 || au.Totals[1] != 1 {
		t.Errorf("authors: Ada rights %d amb %d, Bo cyber %d amb %d, totals %v", au.At("Ada", rights.ID), au.At("Ada", amb.ID),
			au.At("Bo", cyber.ID), au.At("Bo", amb.ID), au.Totals)
	}
	// A deleted document leaves every view.
	if err := db.DeleteDocument(ctx, reuters.ID); err != nil {
		t.Fatal(err)
	}
	m, _ = db.TagDocumentMatrix(ctx)
	au, _ = db.AuthorTagMatrix(ctx)
	if len(m.Cols) != 1 || len(au.Rows) != 1 {
		t.Errorf("after deleting Reuters: %d documents, %d authors", len(m.Cols), len(au.Rows))
	}
}

// TestAnalysisCountsKeptInStep changes passages and tags every way the
// services allow, checking after each step that the maintained counts agree
// with the passages.
func TestAnalysisCountsKeptInStep(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := MustDocument(t, db, "A", "Putin met Biden in Geneva. Ambassadors return. Cyberattacks discussed.")
	b := MustDocument(t, db, "B", "Navalny was raised. Ransomware too.")
	x, y, z := MustTag(t, db, "X"), MustTag(t, db, "Y"), MustTag(t, db, "Z")
	check := func(step string, cell func(*annotate.Matrix) int, want int) {
		t.Helper()
		if err := db.CheckAnalysisCounts(ctx); err != nil {
			t.Fatalf("after %s: %v", step, err)
		}
		m, err := db.TagDocumentMatrix(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := cell(m); got != want {
			t.Fatalf("after %s: cell = %d, want %d", step, got, want)
		}
	}
	at := func(tag, doc string) func(*annotate.Matrix) int {
		return func(m *annotate.Matrix) int { return m.At(tag, doc) }
	}
	p1 := MustPassage(t, db, a, "Putin met Biden", x.ID, y.ID)
	p2 := MustPassage(t, db, a, "Ambassadors return", x.ID)
	MustPassage(t, db, b, "Navalny", x.ID)
	check("coding", at(x.ID, a.ID), 2)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.AddTag(ctx, p2.ID, z.ID))
	check("adding a tag", at(z.ID, a.ID), 1)
	must(db.RemoveTag(ctx, p1.ID, x.ID))
	check("removing a tag", at(x.ID, a.ID), 1)
	must(db.AddTag(ctx, p1.ID, x.ID))
	check("re-adding a tag", at(x.ID, a.ID), 2)
	must(db.DeletePassage(ctx, p1.ID))
	check("deleting a passage", at(y.ID, a.ID), 0)
	must(db.RestorePassage(ctx, p1.ID))
	check("restoring a passage", at(y.ID, a.ID), 1)
	must(db.DeleteDocument(ctx, a.ID))
	check("deleting a document", func(m *annotate.Matrix) int { return len(m.Cols) }, 1)
	must(db.RestoreDocument(ctx, a.ID))
	check("restoring a document", at(x.ID, a.ID), 2)
	must(db.MergeTags(ctx, y.ID, x.ID))
	check("merging tags", at(x.ID, a.ID), 2)
	must(db.DeleteTag(ctx, z.ID))
	check("deleting a tag", func(m *annotate.Matrix) int { return len(m.Rows) }, 1)
	must(db.RestoreTag(ctx, z.ID))
	check("restoring a tag", at(z.ID, a.ID), 1)
	must(db.DeleteTag(ctx, x.ID)) // p3 has no other tag: it goes too
	check("deleting the only tag of a passage", at(z.ID, a.ID), 1)
	must(db.RestoreTag(ctx, x.ID))
	check("restoring that tag", at(x.ID, b.ID), 1)
	must(db.RebuildAnalysisCounts(ctx))
	check("rebuilding", at(x.ID, b.ID), 1)
}

// TestCheckFindsStaleDerivedData damages the search index and the counts
// behind Gloss's back: Check names both, and the rebuilds repair them.
func TestCheckFindsStaleDerivedData(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	MustPassage(t, db, doc, "ambassadors", MustTag(t, db, "Ambassadors").ID)
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("healthy project: %v, %v", problems, err)
	}
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	var trigger string
	if err := raw.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'search_document_insert'`).Scan(&trigger); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE tag_document_counts SET n = n + 2`,
		// A document added without the trigger is not indexed.
		`DROP TRIGGER search_document_insert`,
		`INSERT INTO documents (id, title, sha256, length, author_id, created_at, updated_at, text)
			SELECT '00000000-0000-4000-8000-000000000001', 'Retitled behind the index', '` + annotate.HashText("Hello") + `', 5, author_id, created_at, updated_at, 'Hello'
			FROM documents LIMIT 1`,
		trigger,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "search index: 1 documents are not in the search index") || !strings.Contains(problems[1], "it is 3, the passages make it 1") {
		t.Fatalf("problems = %q", problems)
	}
	if err := db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.RebuildAnalysisCounts(ctx); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("after rebuilding: %v, %v", problems, err)
	}
	if res, err := db.Search(ctx, "retitled", storage.SearchOptions{}); err != nil || res.Sources != 1 {
		t.Fatalf("rebuilt index does not find the new title: %+v, %v", res, err)
	}
}

// TestCheckComparesCountsBothWays has Check find a count the passages make
// but the table lacks, and a count the table keeps that no passages make,
// while a kept count of 0 (left by the triggers when the last passage
// goes) is no problem.
func TestCheckComparesCountsBothWays(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	amb := MustTag(t, db, "Ambassadors")
	rights := MustTag(t, db, "Human rights")
	MustPassage(t, db, doc, "ambassadors", amb.ID)
	gone := MustPassage(t, db, doc, "Vladimir Putin", rights.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("healthy project with a count of 0: %v, %v", problems, err)
	}
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	var zeros int
	if err := raw.QueryRow(`SELECT count(*) FROM tag_document_counts WHERE tag_id = ? AND n = 0`, rights.ID).Scan(&zeros); err != nil || zeros != 1 {
		t.Fatalf("the deleted passage's count: %d rows of 0, %v", zeros, err)
	}
	for _, q := range []string{
		`DELETE FROM tag_document_counts WHERE tag_id = '` + amb.ID + `'`,
		`UPDATE tag_document_counts SET n = 4 WHERE tag_id = '` + rights.ID + `'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	raw.Close()
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{amb.ID: "it is 0, the passages make it 1", rights.ID: "it is 4, the passages make it 0"}
	if len(problems) != 2 {
		t.Fatalf("problems = %q", problems)
	}
	for _, p := range problems {
		found := false
		for tag, w := range want {
			if strings.Contains(p, "passage count of code "+tag+" in document "+doc.ID+": "+w) {
				found = true
			}
		}
		if !found {
			t.Errorf("unexpected problem %q", p)
		}
	}
}
