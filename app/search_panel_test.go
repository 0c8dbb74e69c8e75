package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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

// expect fails the test unless cond holds.
func expect(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !cond() {
		t.Fatalf("expected %s", what)
	}
}

// searchProject starts a test app with work done inline and a project
// holding one document of text and the codes tags, which get their IDs.
func searchProject(t *testing.T, text string, tags ...*annotate.Tag) (*storage.DB, *annotate.Document) {
	t.Helper()
	test.NewTempApp(t)
	inline(t)
	db := testProject(t)
	doc := &annotate.Document{Title: "Summit", Text: text}
	if _, err := db.CreateDocument(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	for _, tag := range tags {
		if err := db.CreateTag(context.Background(), tag); err != nil {
			t.Fatal(err)
		}
	}
	return db, doc
}

func TestSearchPanelOpensHits(t *testing.T) {
	ctx := context.Background()
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	db, doc := searchProject(t, "Putin met Biden in Genève.\nThe ambassadors will return to their posts.", tag)
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

// TestSearchShowsCodingAndCodesAllHits searches for a word coded in one
// place and not in two others: each hit says what is coded there. Code All
// Hits lists every hit, leaves out the one already coded with the chosen
// code, codes the others' sentences as one undo step, and the list then
// shows them coded.
func TestSearchShowsCodingAndCodesAllHits(t *testing.T) {
	ctx := context.Background()
	diplomacy := &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}
	db, doc := searchProject(t, "The ambassadors will return to their posts. Both sides praised the ambassadors.\n\nLater the ambassadors met again.",
		diplomacy, &annotate.Tag{Name: "Region", Color: "#f58231", Grouping: true})
	first := &annotate.Passage{DocumentID: doc.ID, Start: 4, End: 15, Quote: "ambassadors", Tags: []string{diplomacy.ID}}
	if err := db.CreatePassage(ctx, first); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := newSearch(db, nil)
	s.win, s.ed = w, newEditor(db)
	coded := 0
	s.OnCoded = func() { coded++ }
	w.SetContent(s.content())
	w.Resize(fyne.NewSize(800, 600))

	s.entry.SetText("ambassadors")
	s.search()
	if len(s.hits) != 3 || len(s.coding) != 3 {
		t.Fatalf("%d hits, %d codings: %s", len(s.hits), len(s.coding), s.status.Text)
	}
	var labels []string
	for _, c := range s.coding {
		labels = append(labels, c.label())
	}
	if got := strings.Join(labels, " | "); got != "Coded: Diplomacy — by Ada | Not coded yet | Not coded yet" {
		t.Fatalf("the hits say %q", got)
	}
	if s.codeAll.Disabled() || !s.codeAll.Visible() {
		t.Fatal("Code All Hits is not offered")
	}

	test.Tap(s.codeAll)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no review")
	}
	var sel *widget.Select
	var scope *widget.RadioGroup
	var checks []*widget.Check
	var summary []string
	var confirm *widget.Button
	look := func() {
		checks, summary, confirm = nil, nil, nil
		for _, o := range test.LaidOutObjects(top) {
			switch o := o.(type) {
			case *widget.Select:
				sel = o
			case *widget.RadioGroup:
				scope = o
			case *widget.Check:
				checks = append(checks, o)
			case *widget.Label:
				summary = append(summary, o.Text)
			case *widget.Button:
				if strings.HasPrefix(o.Text, "Code") {
					confirm = o
				}
			}
		}
	}
	look()
	if sel == nil || scope == nil || len(checks) != 3 || confirm == nil {
		t.Fatalf("the review has select %v, scope %v, %d checks, confirm %v", sel != nil, scope != nil, len(checks), confirm != nil)
	}
	if strings.Join(sel.Options, ",") != "Diplomacy" {
		t.Errorf("the review offers the codes %q; a grouping code cannot be applied", sel.Options)
	}
	sel.SetSelected("Diplomacy")
	look()
	if !checks[0].Disabled() || checks[0].Checked || checks[1].Disabled() || !checks[1].Checked {
		t.Errorf("the hit already coded is not left out: %v %v, %v %v", checks[0].Disabled(), checks[0].Checked, checks[1].Disabled(), checks[1].Checked)
	}
	text := strings.Join(summary, "\n")
	if !strings.Contains(text, "Code 2 passages as “Diplomacy”. 1 hit already coded with it is left out.") || confirm.Text != "Code 2 Passages" {
		t.Fatalf("the review says %q, its button %q", text, confirm.Text)
	}
	test.Tap(confirm)

	ps, err := db.Passages(ctx, annotate.PassageFilter{DocumentIDs: []string{doc.ID}})
	if err != nil {
		t.Fatal(err)
	}
	var quotes []string
	for _, p := range ps {
		quotes = append(quotes, p.Quote)
	}
	slices.Sort(quotes)
	if got := strings.Join(quotes, " | "); got != "Both sides praised the ambassadors. | Later the ambassadors met again. | ambassadors" {
		t.Errorf("passages after coding all hits: %q", got)
	}
	if coded != 1 || !strings.HasPrefix(s.status.Text, "Coded 2 passages") {
		t.Errorf("told %d times; the status says %q", coded, s.status.Text)
	}
	for i, c := range s.coding {
		if !c.has(diplomacy.ID) {
			t.Errorf("hit %d does not show its new code: %q", i, c.label())
		}
	}
	if got := s.ed.stack.undoName(); got != "Code 2 Search Hits as “Diplomacy”" {
		t.Errorf("the undo step is %q", got)
	}
	if _, err := s.ed.stack.undo(ctx); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{DocumentIDs: []string{doc.ID}}); len(ps) != 1 || ps[0].ID != first.ID {
		t.Errorf("after one undo %d passages are left, want the first", len(ps))
	}
}

// TestCodeAllHitsCodesTheResearchersPassageOverAHit codes every hit of a
// word with a second code where the researcher has a passage over exactly
// one hit's word: that passage gets the code and no second passage is made
// over it; undo takes the code off it and the new passages away.
func TestCodeAllHitsCodesTheResearchersPassageOverAHit(t *testing.T) {
	ctx := context.Background()
	diplomacy := &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}
	rights := &annotate.Tag{Name: "Rights", Color: "#f58231"}
	db, doc := searchProject(t, "The ambassadors will return to their posts. Both sides praised the ambassadors.", diplomacy, rights)
	first := &annotate.Passage{DocumentID: doc.ID, Start: 4, End: 15, Quote: "ambassadors", Tags: []string{diplomacy.ID}}
	if err := db.CreatePassage(ctx, first); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := newSearch(db, nil)
	s.win, s.ed = w, newEditor(db)
	w.SetContent(s.content())
	w.Resize(fyne.NewSize(800, 600))
	s.entry.SetText("ambassadors")
	s.search()
	test.Tap(s.codeAll)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no review")
	}
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		switch o := o.(type) {
		case *widget.Select:
			o.SetSelected("Rights")
		case *widget.RadioGroup:
			o.SetSelected(scopeWords)
		}
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, "Code") {
			confirm = b
		}
	}
	if confirm == nil || confirm.Text != "Code 2 Passages" {
		t.Fatalf("the review's button: %v", confirm)
	}
	test.Tap(confirm)

	ps, err := db.Passages(ctx, annotate.PassageFilter{DocumentIDs: []string{doc.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("%d passages after coding both hits; want the researcher's, coded again, and one new", len(ps))
	}
	for _, p := range ps {
		if p.Start == first.Start && p.End == first.End && (p.ID != first.ID || !slices.Equal(p.Tags, []string{diplomacy.ID, rights.ID})) {
			t.Errorf("over the first hit: passage %s with codes %v; want %s with Diplomacy and Rights", p.ID, p.Tags, first.ID)
		}
	}
	if _, err := s.ed.stack.undo(ctx); err != nil {
		t.Fatal(err)
	}
	ps, _ = db.Passages(ctx, annotate.PassageFilter{DocumentIDs: []string{doc.ID}})
	if len(ps) != 1 || ps[0].ID != first.ID || !slices.Equal(ps[0].Tags, []string{diplomacy.ID}) {
		t.Errorf("after undo: %d passages; want the first with Diplomacy alone", len(ps))
	}
}
