package storage_test

import (
	"context"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func TestAttributes(t *testing.T) {
	ctx := context.Background()
	s := newSummit(t)
	db := s.db
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper", "Broadcaster"}}
	published := &annotate.Attribute{Name: "Published on", Kind: annotate.AttributeDate}
	words := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	for _, a := range []*annotate.Attribute{outlet, published, words} {
		mustNil(t, db.CreateAttribute(ctx, a))
	}
	if err := db.CreateAttribute(ctx, &annotate.Attribute{Name: "outlet TYPE", Kind: annotate.AttributeText}); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("a second attribute of the same name: %v", err)
	}
	mustNil(t, db.SetAttributes(ctx, map[string]map[string]string{
		s.docs[0].ID: {outlet.ID: "newspaper", published.ID: "16 June 2021", words.ID: "1,250"},
		s.docs[1].ID: {outlet.ID: "Broadcaster", published.ID: "2021-06-16"},
		s.docs[3].ID: {outlet.ID: "Newspaper", published.ID: "2021-06"},
	}))
	dv, err := db.DocumentValues(ctx)
	mustNil(t, err)
	if dv[s.docs[0].ID][outlet.ID] != "Newspaper" || dv[s.docs[0].ID][published.ID] != "2021-06-16" || dv[s.docs[0].ID][words.ID] != "1250" {
		t.Fatalf("values are stored normalized: %v", dv[s.docs[0].ID])
	}
	// A value that does not fit is refused, and nothing of the batch is set.
	err = db.SetAttributes(ctx, map[string]map[string]string{s.docs[2].ID: {outlet.ID: "Wire", words.ID: "lots"}})
	if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), `Words: "lots" is not a number`) {
		t.Fatalf("a number that is not one: %v", err)
	}
	if dv, _ := db.DocumentValues(ctx); dv[s.docs[2].ID] != nil {
		t.Fatalf("a refused batch set %v", dv[s.docs[2].ID])
	}

	// Filters by attribute: documents, passages, queries and analyses.
	newspapers := []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"Newspaper"}}}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{Attributes: newspapers})
	mustNil(t, err)
	if len(docs) != 2 || docs[0].ID != s.docs[0].ID || docs[1].ID != s.docs[3].ID {
		t.Fatalf("newspaper articles: %v", docs)
	}
	june16 := []annotate.AttributeCondition{{AttributeID: published.ID, Min: "2021-06-16", Max: "2021-06-16"}}
	ids, err := db.DocumentsWhere(ctx, june16)
	mustNil(t, err)
	if len(ids) != 3 {
		t.Fatalf("published 16 June (a month counts as every day of it): %d", len(ids))
	}
	notSet := []annotate.AttributeCondition{{AttributeID: outlet.ID, NotSet: true}}
	ps, err := db.Passages(ctx, annotate.PassageFilter{Attributes: notSet})
	mustNil(t, err)
	if s.letters(ps) != "" {
		t.Fatalf("passages in documents without an outlet type: %q", s.letters(ps))
	}
	ps, err = db.Passages(ctx, annotate.PassageFilter{Attributes: newspapers, TagIDs: []string{s.tags["Cyber red lines"].ID}})
	mustNil(t, err)
	if s.letters(ps) != "ach" {
		t.Fatalf("Cyber red lines in newspapers: %q", s.letters(ps))
	}
	m, err := db.TagAttributeMatrix(ctx, outlet.ID, "", storage.AnalysisScope{})
	mustNil(t, err)
	var cols []string
	for _, c := range m.Cols {
		cols = append(cols, c.Name)
	}
	if strings.Join(cols, ",") != "Wire,Newspaper,Broadcaster,(not set)" {
		t.Fatalf("columns %v", cols)
	}
	cyber := s.tags["Cyber red lines"].ID
	if m.At(cyber, "Newspaper") != 3 || m.At(cyber, "Broadcaster") != 2 || m.At(cyber, "Wire") != 0 || m.At(cyber, annotate.NotSetLabel) != 0 {
		t.Fatalf("Cyber red lines by outlet type: %v", m.Counts)
	}
	// Each cell's count is what its passages number.
	for i, r := range m.Rows {
		for j, c := range m.Cols {
			cond := annotate.AttributeCondition{AttributeID: outlet.ID, Values: []string{c.ID}}
			if c.ID == annotate.NotSetLabel {
				cond = annotate.AttributeCondition{AttributeID: outlet.ID, NotSet: true}
			}
			ps, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{r.ID}, Attributes: []annotate.AttributeCondition{cond}})
			mustNil(t, err)
			if len(ps) != m.Counts[i][j] {
				t.Errorf("%s × %s: %d counted, %d listed", r.Name, c.Name, m.Counts[i][j], len(ps))
			}
		}
	}
	m, err = db.TagAttributeMatrix(ctx, published.ID, annotate.ByMonth, storage.AnalysisScope{Subcodes: true, Attributes: newspapers})
	mustNil(t, err)
	if len(m.Cols) != 1 || m.Cols[0].Name != "2021-06" || m.At(cyber, "2021-06") != 3 {
		t.Fatalf("by month in newspapers: %v %v", m.Cols, m.Counts)
	}

	// Changing a definition that a value would not fit is refused.
	narrower := *outlet
	narrower.Choices = []string{"Wire", "Broadcaster"}
	if err := db.UpdateAttribute(ctx, &narrower); annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), `the value "Newspaper"`) {
		t.Fatalf("narrowing the choices: %v", err)
	}
	wider := *outlet
	wider.Name, wider.Choices = "Kind of outlet", []string{"Wire", "Newspaper", "Broadcaster", "Blog"}
	mustNil(t, db.UpdateAttribute(ctx, &wider))
	if a, err := db.AttributeByName(ctx, "kind of OUTLET"); err != nil || len(a.Choices) != 4 || a.Documents != 0 {
		// Documents is filled in by listings only.
		t.Fatalf("renamed attribute %+v, %v", a, err)
	}
	attrs, err := db.Attributes(ctx)
	mustNil(t, err)
	if len(attrs) != 3 || attrs[0].Name != "Kind of outlet" || attrs[0].Documents != 3 || attrs[2].Documents != 1 {
		t.Fatalf("attributes %+v", attrs)
	}
	// Deleting takes the values with it; restoring brings back those.
	mustNil(t, db.DeleteAttribute(ctx, outlet.ID))
	if dv, _ := db.DocumentValues(ctx); dv[s.docs[0].ID][outlet.ID] != "" {
		t.Fatal("a deleted attribute's value is still listed")
	}
	if _, err := db.Passages(ctx, annotate.PassageFilter{Attributes: newspapers}); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("a filter on a deleted attribute: %v", err)
	}
	mustNil(t, db.RestoreAttribute(ctx, outlet.ID))
	if dv, _ := db.DocumentValues(ctx); dv[s.docs[1].ID][outlet.ID] != "Broadcaster" {
		t.Fatal("restoring lost the values")
	}
	// Clearing a value.
	mustNil(t, db.SetAttribute(ctx, s.docs[1].ID, outlet.ID, ""))
	if dv, _ := db.DocumentValues(ctx); dv[s.docs[1].ID][outlet.ID] != "" {
		t.Fatal("a cleared value is still listed")
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %q, %v", problems, err)
	}
}

// TestAttributesFromImportMetadata fills in the attributes named after a
// document's metadata when it is added.
func TestAttributesFromImportMetadata(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	outlet := &annotate.Attribute{Name: "Outlet", Kind: annotate.AttributeChoice, Choices: []string{"Axios", "The Hill"}}
	date := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	author := &annotate.Attribute{Name: "Author", Kind: annotate.AttributeText}
	stance := &annotate.Attribute{Name: "Stance", Kind: annotate.AttributeText}
	for _, a := range []*annotate.Attribute{outlet, date, author, stance} {
		mustNil(t, db.CreateAttribute(ctx, a))
	}
	d := &annotate.Document{Title: "Summit", Outlet: "axios", Published: "June 16, 2021", Byline: "Mike Allen", Text: article}
	_, err := db.CreateDocument(ctx, d)
	mustNil(t, err)
	other := &annotate.Document{Title: "Elsewhere", Outlet: "Reuters", Published: "sometime", Text: article2}
	_, err = db.CreateDocument(ctx, other)
	mustNil(t, err)
	dv, err := db.DocumentValues(ctx)
	mustNil(t, err)
	if v := dv[d.ID]; v[outlet.ID] != "Axios" || v[date.ID] != "2021-06-16" || v[author.ID] != "Mike Allen" || v[stance.ID] != "" {
		t.Fatalf("from the metadata: %v", v)
	}
	// An outlet not in the list and a date that is none are left unset.
	if v := dv[other.ID]; len(v) != 0 {
		t.Fatalf("metadata that does not fit: %v", v)
	}
}
