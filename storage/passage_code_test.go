package storage_test

import (
	"context"
	"slices"
	"testing"

	"gloss/annotate"
)

// TestCodePassagesKeepsOneRangeOnePassage codes ranges over a project in
// which Ada has a passage and Grace another over the same words: Ada's
// range coded again is her passage with both codes, Grace's passage is
// left alone, a deleted passage over the range is not revived, and a new
// range is a new passage — all in one transaction.
func TestCodePassagesKeepsOneRangeOnePassage(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	amb, rights, cyber := MustTag(t, db, "Ambassadors"), MustTag(t, db, "Human rights"), MustTag(t, db, "Cyber")
	mine := MustPassage(t, db, doc, "the ambassadors", amb.ID)
	db.SetAuthor("Grace")
	theirs := MustPassage(t, db, doc, "Vladimir Putin", amb.ID)
	db.SetAuthor("Ada")
	gone := MustPassage(t, db, doc, "Geneva", amb.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	text := annotate.NewText(doc.Text)
	at := func(quote string, tags ...string) *annotate.Passage {
		s, e, err := annotate.FindQuote(text, quote, 0)
		if err != nil {
			t.Fatal(err)
		}
		return &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: quote, Tags: tags}
	}
	ps := []*annotate.Passage{
		at("the ambassadors", rights.ID, amb.ID), // Ada's: rights added, amb kept
		at("Vladimir Putin", rights.ID),          // Grace's range: a passage of Ada's own
		at("Geneva", cyber.ID),                   // deleted: a new passage
		at("constructive", cyber.ID),             // new
	}
	done, err := db.CodePassages(ctx, ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 4 {
		t.Fatalf("%d results for 4 ranges", len(done))
	}
	if done[0].Made || done[0].PassageID != mine.ID || !slices.Equal(done[0].Added, []string{rights.ID}) || ps[0].ID != mine.ID {
		t.Errorf("Ada's range coded again: %+v (passage %s)", done[0], ps[0].ID)
	}
	for i := 1; i < 4; i++ {
		if !done[i].Made || done[i].PassageID == theirs.ID || done[i].PassageID == gone.ID {
			t.Errorf("range %d: %+v; want a new passage", i, done[i])
		}
	}
	got, err := db.Passage(ctx, mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Tags, []string{amb.ID, rights.ID}) {
		t.Errorf("Ada's passage has the codes %v; want Ambassadors then Human rights", got.Tags)
	}
	if g, _ := db.Passage(ctx, theirs.ID); !slices.Equal(g.Tags, []string{amb.ID}) || g.Author != "Grace" {
		t.Errorf("Grace's passage changed: %v by %s", g.Tags, g.Author)
	}
	all, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("%d live passages; want Ada's, Grace's and three new", len(all))
	}

	// The same again changes nothing: every range has its codes.
	again := []*annotate.Passage{at("the ambassadors", amb.ID)}
	done, err = db.CodePassages(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if done[0].Made || len(done[0].Added) != 0 || done[0].PassageID != mine.ID {
		t.Errorf("coding a range with a code it has: %+v", done[0])
	}

	// A refused code leaves the whole batch undone.
	grouping := &annotate.Tag{Name: "Region", Color: "#f58231", Grouping: true}
	if err := db.CreateTag(ctx, grouping); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CodePassages(ctx, []*annotate.Passage{at("Russian President", cyber.ID), at("the ambassadors", grouping.ID)}); err == nil {
		t.Fatal("a grouping code was applied")
	}
	if after, _ := db.Passages(ctx, annotate.PassageFilter{}); len(after) != 5 {
		t.Errorf("a refused batch left %d passages; want 5", len(after))
	}
}
