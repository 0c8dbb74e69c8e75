package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// listIDs lists f as a long list does, IndexPassages then PassagesAt a few
// at a time, and returns the IDs in order.
func listIDs(t *testing.T, db *storage.DB, f annotate.PassageFilter, page int) ([]string, int) {
	t.Helper()
	ctx := context.Background()
	x, err := db.IndexPassages(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for from := 0; from < x.Total; from += page {
		ps, err := db.PassagesAt(ctx, x, from, page)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != min(page, x.Total-from) {
			t.Fatalf("%+v: %d passages at %d of %d, want %d", f, len(ps), from, x.Total, min(page, x.Total-from))
		}
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	}
	return ids, x.Total
}

// TestPassageIndexListsAsPassages reads every kind of filter a page at a
// time and compares it with Passages: the same passages in the same order,
// across documents (titled out of order), codes, coders, notes and text.
func TestPassageIndexListsAsPassages(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	rights, cyber, talks := MustTag(t, db, "Rights"), MustTag(t, db, "Cyber"), MustTag(t, db, "Talks")
	var docs []*annotate.Document
	for i, title := range []string{"Zurich report", "armistice notes", "Geneva wire", "Éclairs", "Bern"} {
		var sb strings.Builder
		for s := 0; s < 12; s++ {
			fmt.Fprintf(&sb, "Sentence %d.%d on human rights and cyber attacks at Villa La Grange. ", i, s)
		}
		if i == 3 {
			sb.WriteString("Un café à Genève, CAFÉ fermé. ")
		}
		if i == 4 {
			sb.WriteString("The orange grove. ")
		}
		docs = append(docs, MustDocument(t, db, title, sb.String()))
	}
	for i, d := range docs {
		if i == 2 {
			db.SetAuthor("Bob")
		} else {
			db.SetAuthor("Ada")
		}
		for s := 0; s < 12; s++ {
			tags := []string{rights.ID}
			if s%3 == 0 {
				tags = []string{cyber.ID, rights.ID}
			} else if s%3 == 1 {
				tags = []string{talks.ID}
			}
			p := MustPassage(t, db, d, fmt.Sprintf("Sentence %d.%d on human rights", i, s), tags...)
			if s == 5 {
				if err := db.SetNote(ctx, p.ID, "Ask the Café owner"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	MustPassage(t, db, docs[3], "Un café à Genève", talks.ID)
	MustPassage(t, db, docs[3], "CAFÉ fermé", talks.ID)
	MustPassage(t, db, docs[4], "The orange grove", talks.ID)
	gone := MustPassage(t, db, docs[1], "Sentence 1.11 on human rights and cyber", talks.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    annotate.PassageFilter
		want int
	}{
		{annotate.PassageFilter{}, 63},
		{annotate.PassageFilter{TagIDs: []string{rights.ID}}, 40},
		{annotate.PassageFilter{TagIDs: []string{rights.ID, cyber.ID}}, 40},
		{annotate.PassageFilter{TagIDs: []string{cyber.ID}, Authors: []string{"Bob"}}, 4},
		{annotate.PassageFilter{Authors: []string{"Bob"}}, 12},
		{annotate.PassageFilter{DocumentIDs: []string{docs[0].ID, docs[3].ID}}, 26},
		{annotate.PassageFilter{Text: "café"}, 7},                                    // two quotes, five notes
		{annotate.PassageFilter{Text: "  Sentence 2.1"}, 3},                          // 2.1, 2.10, 2.11
		{annotate.PassageFilter{Text: "range"}, 0},                                   // inside a word, not at its start
		{annotate.PassageFilter{Text: "orange"}, 1},                                  // in one document of five: the search index narrows
		{annotate.PassageFilter{Text: "genève", TagIDs: []string{talks.ID}}, 1},      //
		{annotate.PassageFilter{Text: "100%_"}, 0},                                   // LIKE's wildcards are text
		{annotate.PassageFilter{TagIDs: []string{rights.ID}, Text: "sentence 4"}, 8}, // code and text
	} {
		got, total := listIDs(t, db, c.f, 5)
		want, err := db.Passages(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if total != c.want || strings.Join(got, " ") != strings.Join(passageIDs(want), " ") {
			t.Errorf("%+v: listed %d (index says %d), Passages %d, want %d", c.f, len(got), total, len(want), c.want)
		}
	}
	// A code query is indexed by its evaluation.
	q, err := annotate.ParseQuery(`"Cyber" AND "Rights"`)
	if err != nil {
		t.Fatal(err)
	}
	f := annotate.PassageFilter{Query: q}
	got, total := listIDs(t, db, f, 3)
	want, err := db.Passages(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if total != 20 || strings.Join(got, " ") != strings.Join(passageIDs(want), " ") {
		t.Errorf("query: listed %d of %d, Passages %d", len(got), total, len(want))
	}
	// Past the end, and before the start, nothing.
	x, err := db.IndexPassages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, from := range []int{-1, x.Total} {
		if ps, err := db.PassagesAt(ctx, x, from, 10); err != nil || len(ps) != 0 {
			t.Errorf("at %d: %d passages, %v", from, len(ps), err)
		}
	}
}
