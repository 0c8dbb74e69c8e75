package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gloss/annotate"
)

// TestEachPassageListsAsPassages streams every kind of filter and compares
// it with Passages, field by field: the same passages, with the same tags
// in the same order, notes, times and authors, in the same order, across
// more than one batch.
func TestEachPassageListsAsPassages(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	rights, cyber, talks := MustTag(t, db, "Rights"), MustTag(t, db, "Cyber"), MustTag(t, db, "Talks")
	sub := &annotate.Tag{Name: "Talks in Geneva", Color: "#4363d8", ParentID: talks.ID}
	if err := db.CreateTag(ctx, sub); err != nil {
		t.Fatal(err)
	}
	var docs []*annotate.Document
	for i, title := range []string{"Zurich report", "armistice notes", "Geneva wire", "Éclairs", "Bern"} {
		var sb strings.Builder
		n := 12
		if i == 2 {
			n = 1300 // more than two batches in one document
		}
		for s := 0; s < n; s++ {
			fmt.Fprintf(&sb, "Sentence %d.%d on human rights and cyber attacks. ", i, s)
		}
		docs = append(docs, MustDocument(t, db, title, sb.String()))
	}
	for i, d := range docs {
		db.SetAuthor([]string{"Ada", "Bob"}[i%2])
		text := annotate.NewText(d.Text)
		var ps []*annotate.Passage
		for s := 0; s*50 < len(d.Text); s++ {
			q := fmt.Sprintf("Sentence %d.%d on human rights", i, s)
			start, end, err := annotate.FindQuote(text, q, 0)
			if err != nil {
				break
			}
			p := &annotate.Passage{DocumentID: d.ID, Start: start, End: end, Quote: q}
			switch s % 4 {
			case 0:
				p.Tags = []string{cyber.ID, rights.ID}
			case 1:
				p.Tags = []string{talks.ID}
			case 2:
				p.Tags = []string{sub.ID, rights.ID}
			default:
				p.Tags = []string{rights.ID}
			}
			if s%7 == 3 {
				p.Note.Text = "Ask the Café owner"
			}
			ps = append(ps, p)
		}
		if err := db.CreatePassages(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// A tag added later, so that its order differs from the IDs', a
	// passage deleted, a document deleted.
	if err := db.AddTag(ctx, all[3].ID, talks.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePassage(ctx, all[5].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDocument(ctx, docs[4].ID); err != nil {
		t.Fatal(err)
	}
	q, err := annotate.ParseQuery(`"Cyber" AND "Rights"`)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []annotate.PassageFilter{
		{},
		{TagIDs: []string{rights.ID}},
		{TagIDs: []string{rights.ID, cyber.ID}},
		{TagIDs: []string{talks.ID}, Subcodes: true},
		{TagIDs: []string{cyber.ID}, Authors: []string{"Bob"}},
		{Authors: []string{"Ada"}},
		{DocumentIDs: []string{docs[0].ID, docs[2].ID, docs[4].ID}},
		{Text: "café"},
		{Text: "sentence 2.1"},
		{Text: "no such words"},
		{Text: "rights", TagIDs: []string{talks.ID}, Authors: []string{"Bob"}},
		{Query: q},
		{Query: q, Text: "sentence 2"},
	} {
		want, err := db.Passages(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []*annotate.Passage
		if err := db.EachPassage(ctx, f, func(p *annotate.Passage) error {
			got = append(got, p)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: EachPassage lists %d, Passages %d", f, len(got), len(want))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%+v: passage %d is\n%+v\nPassages lists\n%+v", f, i, got[i], want[i])
			}
		}
	}
	if len(all) < 2*512 {
		t.Fatalf("only %d passages: the listing fits in one batch", len(all))
	}

	// The callback's error stops the listing and is returned as it is.
	stop := errors.New("enough")
	n := 0
	err = db.EachPassage(ctx, annotate.PassageFilter{}, func(*annotate.Passage) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Fatalf("after the callback's error: %v, %d calls", err, n)
	}
}
