package export_test

import (
	"context"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export"
)

// TestPDFScopeByAttributeAndQuery writes a briefing scoped by a document
// attribute and a code query: only the passages the query selects in
// the documents the condition keeps, and the method box says so.
func TestPDFScopeByAttributeAndQuery(t *testing.T) {
	ctx := context.Background()
	db, docs, _ := seedProject(t)
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Online", "Newspaper"}}
	if err := db.CreateAttribute(ctx, outlet); err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"Online", "Newspaper", "", "Newspaper"} {
		if v != "" {
			if err := db.SetAttribute(ctx, docs[i].ID, outlet.ID, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	bf := &annotate.Briefing{Name: "Papers", Title: "What the papers quoted", Scope: annotate.BriefingScope{
		Attributes: []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"Newspaper"}}},
		Query:      `"Ambassadors" OR "Cyber red lines"`,
	}}
	if err := db.CreateBriefing(ctx, bf); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, db, export.Options{Briefing: bf, Created: created})
	qpdfCheck(t, path)
	flat := squash(pdfText(t, path))
	for _, want := range []string{
		"Russia’s ambassador to the US, Anatoly Antonov, was recalled", // The Independent, Ambassadors
		"Russia-based hackers have launched crippling attacks",         // The Independent, Cyber red lines
		"“We agreed that they would return to their service,”",         // The Hill, Ambassadors
		"Scope: where Outlet type is Newspaper",
		`Scope: query "Ambassadors" or "Cyber red lines"`,
	} {
		if !strings.Contains(strings.ToLower(flat), strings.ToLower(squash(want))) {
			t.Errorf("the briefing lacks %q", want)
		}
	}
	for _, not := range []string{
		"respective ambassadors would return to their posts",   // Axios: online
		"basic rules of the road",                              // Axios
		"In advance, both sides set out to lower expectations", // a newspaper's, but neither code
	} {
		if strings.Contains(flat, squash(not)) {
			t.Errorf("the briefing quotes %q, outside its scope", not)
		}
	}
}
