package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// search runs a query that must succeed.
func search(t *testing.T, db *storage.DB, q string) *annotate.SearchResults {
	t.Helper()
	res, err := db.Search(context.Background(), q, storage.SearchOptions{})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// hitDocs returns the titles of the documents hit, once each, in order.
func hitDocs(res *annotate.SearchResults) []string {
	var titles []string
	for _, h := range res.Hits {
		if len(titles) == 0 || titles[len(titles)-1] != h.DocumentTitle+"/"+h.Field {
			titles = append(titles, h.DocumentTitle+"/"+h.Field)
		}
	}
	return titles
}

func TestSearchOffsetsAndContext(t *testing.T) {
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	res := search(t, db, "geneve")
	if len(res.Hits) != 0 {
		t.Fatalf("geneve found %d hits in a text that only has Geneva", len(res.Hits))
	}
	res = search(t, db, "ambassador*")
	if len(res.Hits) != 1 || res.Sources != 1 {
		t.Fatalf("ambassador*: %+v", res)
	}
	h := res.Hits[0]
	text := annotate.NewText(doc.Text)
	if h.DocumentID != doc.ID || h.Field != annotate.FieldText || text.Slice(h.Start, h.End) != "ambassadors" ||
		h.Match != "ambassadors" || h.Before != "…President Vladimir Putin in Geneva. Putin said the " ||
		h.After != " would return to their posts. Café “talks” — constructive." || h.Occurrences != 1 {
		t.Fatalf("hit = %+v", h)
	}
	// Offsets are code points: the text has multi-byte characters before "constructive".
	h = search(t, db, "constructive").Hits[0]
	if got := text.Slice(h.Start, h.End); got != "constructive" {
		t.Fatalf("constructive hit at [%d, %d) = %q", h.Start, h.End, got)
	}
	// Diacritics are ignored both ways.
	h = search(t, db, "cafe").Hits[0]
	if text.Slice(h.Start, h.End) != "Café" {
		t.Fatalf("cafe hit = %+v", h)
	}
}

func TestSearchQueries(t *testing.T) {
	db := MustOpen(t)
	MustDocument(t, db, "Axios", "Biden raised human rights and cyberattacks with Putin.")
	MustDocument(t, db, "Reuters", "Putin said the rights of dissidents were an internal matter. Human beings.")
	MustDocument(t, db, "Politico", "The ambassadors will return to Washington and Moscow.")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`"human rights"`, []string{"Axios/text"}},
		{`human rights`, []string{"Axios/text", "Reuters/text"}},
		{`cyber*`, []string{"Axios/text"}},
		{`putin NOT biden`, []string{"Reuters/text"}},
		{`dissidents OR ambassadors`, []string{"Politico/text", "Reuters/text"}},
		{`(biden OR moscow) return`, []string{"Politico/text"}},
		{`politico`, []string{"Politico/title"}},
		{`zelensky`, nil},
	} {
		got := hitDocs(search(t, db, tc.q))
		if strings.Join(sortedCopy(got), ",") != strings.Join(tc.want, ",") {
			t.Errorf("search %q hit %v, want %v", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{`"human rights`, `(putin`, `putin OR`, `AND`} {
		_, err := db.Search(context.Background(), q, storage.SearchOptions{})
		if annotate.ErrorCode(err) != annotate.EINVALID || !strings.HasPrefix(err.Error(), "search: ") || strings.Contains(err.Error(), "SQL") {
			t.Errorf("search %q: got %v, want a clear EINVALID", q, err)
		}
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}

// TestSearchKeptInStep changes documents and notes every way the services
// allow and checks the index follows, ending with FTS5's own integrity check.
func TestSearchKeptInStep(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Geneva summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors would return to their posts", tag.ID)
	count := func(q string) int { return search(t, db, q).Sources }

	// Metadata update: the new title is found, the old one no longer.
	title := "Villa La Grange meeting"
	if _, err := db.UpdateDocument(ctx, doc.ID, annotate.DocumentUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if count("grange") != 1 || count("summit") != 0 {
		t.Fatalf("after retitling: grange %d hits, summit %d", count("grange"), count("summit"))
	}
	// Notes: added, changed, deleted.
	if err := db.SetNote(ctx, p.ID, "A diplomatic thaw"); err != nil {
		t.Fatal(err)
	}
	res := search(t, db, "thaw")
	if len(res.Hits) != 1 || res.Hits[0].Field != annotate.FieldNote || res.Hits[0].PassageID != p.ID ||
		res.Hits[0].DocumentID != doc.ID || res.Hits[0].Start != p.Start || res.Hits[0].End != p.End || res.Hits[0].Match != "thaw" {
		t.Fatalf("note hit = %+v", res.Hits)
	}
	if err := db.SetNote(ctx, p.ID, "Envoys go back"); err != nil {
		t.Fatal(err)
	}
	if count("thaw") != 0 || count("envoys") != 1 {
		t.Fatalf("after changing the note: thaw %d, envoys %d", count("thaw"), count("envoys"))
	}
	// A deleted passage takes its note out of the results; restoring brings it back.
	if err := db.DeletePassage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if count("envoys") != 0 {
		t.Fatal("note of a deleted passage still found")
	}
	if err := db.RestorePassage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if count("envoys") != 1 {
		t.Fatal("note of a restored passage not found")
	}
	// Deleting the document hides its text and notes; restoring shows them again.
	if err := db.DeleteDocument(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if count("putin") != 0 || count("envoys") != 0 {
		t.Fatalf("deleted document still found: putin %d, envoys %d", count("putin"), count("envoys"))
	}
	if err := db.RestoreDocument(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if count("putin") != 1 || count("envoys") != 1 {
		t.Fatalf("restored document: putin %d, envoys %d", count("putin"), count("envoys"))
	}
	if err := db.SetNote(ctx, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	if count("envoys") != 0 {
		t.Fatal("deleted note still found")
	}
	// Re-adding a deleted note revives its row: the index follows.
	if err := db.SetNote(ctx, p.ID, "Envoys again"); err != nil {
		t.Fatal(err)
	}
	if count("again") != 1 {
		t.Fatal("revived note not found")
	}
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if count("again") != 1 || count("putin") != 1 {
		t.Fatal("rebuilt index lost hits")
	}
}

// TestSearchUpgrade opens a project written before search existed: the
// upgrade indexes what it already holds.
func TestSearchUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	doc := MustDocument(t, db, "Summit", article)
	p := MustPassage(t, db, doc, "ambassadors", MustTag(t, db, "Ambassadors").ID)
	if err := db.SetNote(ctx, p.ID, "Envoys"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Take the file back to schema 1, its rows kept.
	if err := storage.Downgrade(path, 1); err != nil {
		t.Fatal(err)
	}

	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := len(search(t, db, "putin").Hits); n != 2 {
		t.Fatalf("document written before the upgrade: %d hits", n)
	}
	if n := len(search(t, db, "envoys").Hits); n != 1 {
		t.Fatalf("note written before the upgrade: %d hits", n)
	}
	m, err := db.TagDocumentMatrix(ctx)
	if err != nil || m.RowTotal(0) != 1 {
		t.Fatalf("passage coded before the upgrade: matrix %+v, %v", m, err)
	}
}

// TestSearchFollowsRawWrites changes rows the way a merge does, with plain
// SQL: a note taking another note's id, a document retitled, rows removed.
func TestSearchFollowsRawWrites(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	p := MustPassage(t, db, doc, "ambassadors", MustTag(t, db, "Ambassadors").ID)
	if err := db.SetNote(ctx, p.ID, "Envoys go back"); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	exec(`UPDATE notes SET id = ?, body = 'Diplomats return' WHERE passage_id = ?`, annotate.NewID(), p.ID)
	exec(`UPDATE documents SET id = id, title = 'Villa La Grange' WHERE id = ?`, doc.ID)
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if n := search(t, db, "diplomats").Sources; n != 1 {
		t.Fatalf("note under its new id: %d sources", n)
	}
	if n := search(t, db, "envoys").Sources + search(t, db, "summit").Sources; n != 0 {
		t.Fatalf("old note body or title still found: %d", n)
	}
	exec(`DELETE FROM notes`)
	exec(`DELETE FROM passage_tags`)
	exec(`DELETE FROM passages`)
	exec(`DELETE FROM documents`)
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("check after removing everything: %v, %v", problems, err)
	}
	if n := search(t, db, "putin OR diplomats").Sources; n != 0 {
		t.Fatalf("removed rows still found: %d", n)
	}
}

func TestSearchLimits(t *testing.T) {
	db := MustOpen(t)
	for i, text := range []string{"Putin. Putin. Putin. Putin. Putin.", "Putin once.", "Putin and Putin."} {
		MustDocument(t, db, string(rune('A'+i)), text)
	}
	res, err := db.Search(context.Background(), "putin", storage.SearchOptions{Limit: 2, PerSource: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sources != 2 || !res.More {
		t.Fatalf("limit 2: %d sources, more %v", res.Sources, res.More)
	}
	for _, h := range res.Hits {
		if h.Occurrence > 2 {
			t.Fatalf("more than two lines for one document: %+v", h)
		}
		if h.DocumentTitle == "A" && h.Occurrences != 5 {
			t.Fatalf("A has five matches, hit says %d", h.Occurrences)
		}
	}
	res = search(t, db, "putin")
	if res.Sources != 3 || res.More || len(res.Hits) != 3+1+2 {
		t.Fatalf("default limits: %d sources, more %v, %d hits", res.Sources, res.More, len(res.Hits))
	}
}
