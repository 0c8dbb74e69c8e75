package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/storage"
)

// testProject creates a project in a temporary directory with the author set.
func testProject(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Create(filepath.Join(t.TempDir(), "p.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	t.Cleanup(func() { db.Close() })
	return db
}

// inline runs the panels' background work in line for the test, so that
// results are on screen when the call that started it returns.
func inline(t *testing.T) {
	old := offUI
	offUI = func(work func()) { work() }
	t.Cleanup(func() { offUI = old })
}

// waitFor polls cond until it holds, for work whose result arrives later;
// it fails the test after ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// expect fails the test unless cond holds.
func expect(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !cond() {
		t.Fatalf("expected %s", what)
	}
}

func TestSearchPanelOpensHits(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	ctx := context.Background()
	db := testProject(t)
	doc := &annotate.Document{Title: "Summit", Text: "Putin met Biden in Genève.\nThe ambassadors will return to their posts."}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: 6, End: 11, Quote: "met B", Tags: []string{tag.ID},
		Note: annotate.Note{Text: "a cordial handshake"}}
	if err := db.CreatePassage(ctx, p); err != nil {
		t.Fatal(err)
	}
	type opened struct {
		doc        string
		start, end int
	}
	var got []opened
	s := newSearch(db, func(id string, start, end int) { got = append(got, opened{id, start, end}) })
	w := test.NewTempWindow(t, s.content())
	w.Resize(fyne.NewSize(500, 400))

	test.Type(s.entry, "geneve OR handshake")
	s.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	expect(t, "results", func() bool { return strings.Contains(s.status.Text, "hits") })
	if len(s.hits) != 2 || s.status.Text != "2 hits in 2 documents and notes" {
		t.Fatalf("status %q, hits %+v", s.status.Text, s.hits)
	}
	var text, note int = -1, -1
	for i, h := range s.hits {
		switch h.Field {
		case annotate.FieldText:
			text = i
		case annotate.FieldNote:
			note = i
		}
	}
	if text < 0 || note < 0 {
		t.Fatalf("want a text hit and a note hit: %+v", s.hits)
	}
	s.list.Select(text)
	s.list.Select(note)
	if len(got) != 2 || got[0] != (opened{doc.ID, 19, 25}) || got[1] != (opened{doc.ID, p.Start, p.End}) {
		t.Fatalf("opened %+v", got)
	}
	// The list row shows the context with the match.
	if h := s.hits[text]; h.Match != "Genève" || !strings.HasPrefix(hitHeading(h), "Summit") {
		t.Fatalf("text hit %+v", h)
	}

	// A malformed query says what is wrong, in words.
	s.entry.SetText(`"unbalanced`)
	s.search()
	expect(t, "the error", func() bool { return strings.HasPrefix(s.status.Text, "search:") })
	if !strings.Contains(s.status.Text, "unbalanced quote") || len(s.hits) != 0 {
		t.Fatalf("status %q, %d hits", s.status.Text, len(s.hits))
	}
}
