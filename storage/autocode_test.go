package storage_test

import (
	"context"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func mustRule(t testing.TB, db *storage.DB, name, kind, pattern, scope, tagID string) *annotate.Rule {
	t.Helper()
	r := &annotate.Rule{Name: name, Kind: kind, Pattern: pattern, Scope: scope, TagID: tagID}
	if err := db.CreateRule(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRules(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	tag := MustTag(t, db, "Ambassadors")
	r := mustRule(t, db, "Envoys", annotate.RuleWords, "ambassador*|envoy*", annotate.ScopeSentence, tag.ID)
	if r.Author != "Ada" || !annotate.ValidID(r.ID) {
		t.Fatalf("created rule = %+v", r)
	}
	if err := db.CreateRule(ctx, &annotate.Rule{Name: "envoys", Kind: annotate.RuleWords, Pattern: "x", Scope: annotate.ScopeMatch, TagID: tag.ID}); annotate.ErrorCode(err) != annotate.ECONFLICT {
		t.Fatalf("duplicate name: got %v, want ECONFLICT", err)
	}
	if err := db.CreateRule(ctx, &annotate.Rule{Name: "Bad", Kind: annotate.RuleRegex, Pattern: "(", Scope: annotate.ScopeMatch, TagID: tag.ID}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("bad regex: got %v, want EINVALID", err)
	}
	if err := db.CreateRule(ctx, &annotate.Rule{Name: "No tag", Kind: annotate.RuleWords, Pattern: "x", Scope: annotate.ScopeMatch, TagID: annotate.NewID()}); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("missing tag: got %v, want ENOTFOUND", err)
	}
	scope := annotate.ScopeParagraph
	got, err := db.UpdateRule(ctx, r.ID, annotate.RuleUpdate{Scope: &scope})
	if err != nil || got.Scope != annotate.ScopeParagraph || got.Pattern != r.Pattern {
		t.Fatalf("update: %+v, %v", got, err)
	}
	bad := "regex"
	pattern := "(["
	if _, err := db.UpdateRule(ctx, r.ID, annotate.RuleUpdate{Kind: &bad, Pattern: &pattern}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("update to a bad regex: got %v", err)
	}
	byName, err := db.RuleByName(ctx, "ENVOYS")
	if err != nil || byName.ID != r.ID || byName.Scope != annotate.ScopeParagraph {
		t.Fatalf("by name: %+v, %v", byName, err)
	}
	if err := db.DeleteRule(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if rules, _ := db.Rules(ctx); len(rules) != 0 {
		t.Fatalf("after delete, %d rules", len(rules))
	}
	if _, err := db.Rule(ctx, r.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted rule: %v", err)
	}
	// The name is free again.
	mustRule(t, db, "Envoys", annotate.RuleWords, "envoy", annotate.ScopeMatch, tag.ID)
}

func TestAutocodeProposeAndAccept(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	amb := MustTag(t, db, "Ambassadors")
	geo := MustTag(t, db, "Places")
	mustRule(t, db, "Envoys", annotate.RuleWords, "ambassador*", annotate.ScopeSentence, amb.ID)
	mustRule(t, db, "Geneva", annotate.RuleRegex, `\bgeneva\b`, annotate.ScopeMatch, geo.ID)
	// An existing passage with the same range and tag as a proposal.
	MustPassage(t, db, doc, "Geneva", geo.ID)

	ps, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Quote != "Putin said the ambassadors would return to their posts." || ps[0].TagID != amb.ID || ps[0].RuleName != "Envoys" {
		t.Fatalf("proposals = %+v; want only the ambassadors sentence (Geneva is coded already)", ps)
	}
	ids, err := db.AcceptProposals(ctx, append(ps, ps[0]))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 {
		t.Fatalf("accepted %d passages, want 1", len(ids))
	}
	p, err := db.Passage(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if p.Provenance != annotate.ProvenanceAuto || p.Author != "Ada" || p.Quote != ps[0].Quote || len(p.Tags) != 1 || p.Tags[0] != amb.ID ||
		!strings.HasSuffix(p.Prefix, "Putin in Geneva.\n\n") {
		t.Fatalf("accepted passage = %+v", p)
	}
	// Running again proposes nothing new; accepting the same again creates nothing.
	if again, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{}); err != nil || len(again) != 0 {
		t.Fatalf("second run: %+v, %v", again, err)
	}
	if ids, err := db.AcceptProposals(ctx, ps); err != nil || len(ids) != 0 {
		t.Fatalf("accepting a duplicate: %v, %v", ids, err)
	}
	// Undo: the GUI deletes the accepted passages; they are proposed again.
	if err := db.DeletePassage(ctx, ids0(ids, p.ID)); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.ProposeAutocode(ctx, storage.AutocodeOptions{}); len(again) != 1 {
		t.Fatalf("after undo, %d proposals, want 1", len(again))
	}
	// A stale proposal fails as a whole and writes nothing.
	stale := ps[0]
	stale.Start++ // the quote no longer fits the range
	if _, err := db.AcceptProposals(ctx, []annotate.Proposal{ps[0], stale}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("stale proposal: got %v, want EINVALID", err)
	}
	if live, _ := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{amb.ID}}); len(live) != 0 {
		t.Fatalf("a failed accept left %d passages", len(live))
	}
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// ids0 returns the first id, which must be want.
func ids0(ids []string, want string) string {
	if len(ids) == 0 || ids[0] != want {
		panic("unexpected ids")
	}
	return ids[0]
}

func TestAutocodeChoosesRulesAndDocuments(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := MustDocument(t, db, "A", "Putin met Biden.")
	MustDocument(t, db, "B", "Putin left.")
	tag := MustTag(t, db, "People")
	gone := MustTag(t, db, "Gone")
	r := mustRule(t, db, "Putin", annotate.RuleWords, "putin", annotate.ScopeMatch, tag.ID)
	orphan := mustRule(t, db, "Biden", annotate.RuleWords, "biden", annotate.ScopeMatch, gone.ID)
	if err := db.DeleteTag(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	all, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{})
	if err != nil || len(all) != 2 {
		t.Fatalf("all rules: %d proposals, %v; want 2 (the rule of a deleted tag skipped)", len(all), err)
	}
	one, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{RuleIDs: []string{r.ID}, DocumentIDs: []string{a.ID}})
	if err != nil || len(one) != 1 || one[0].DocumentID != a.ID {
		t.Fatalf("one rule, one document: %+v, %v", one, err)
	}
	if _, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{RuleIDs: []string{orphan.ID}}); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Fatalf("rule of a deleted tag asked for: %v", err)
	}
	if _, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{DocumentIDs: []string{annotate.NewID()}}); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("missing document: %v", err)
	}
}

func TestSeedRules(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	tag := MustTag(t, db, "Ambassadors")
	specs := []annotate.RuleSpec{
		{Name: "Envoys", Kind: annotate.RuleWords, Pattern: "ambassador*", Tag: "ambassadors", Scope: annotate.ScopeSentence},
		{Name: "Cyber", Kind: annotate.RuleWords, Pattern: "cyber*", Tag: "Cyber red lines", Scope: annotate.ScopeSentence},
	}
	added, err := db.SeedRules(ctx, specs)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || added[0].TagID != tag.ID || added[0].Name != "Envoys" {
		t.Fatalf("seeded %+v; want only the rule whose tag exists", added)
	}
	// Seeding again adds nothing: the name is taken.
	if again, err := db.SeedRules(ctx, specs); err != nil || len(again) != 0 {
		t.Fatalf("second seeding: %v, %v", again, err)
	}
	if rules, _ := db.Rules(ctx); len(rules) != 1 {
		t.Fatalf("%d rules after seeding twice", len(rules))
	}
}

// TestAutocodeLeavesCodedTextAlone proposes nothing where the matched words
// are coded with the rule's tag already (the researcher coded "the
// ambassadors would return"; the rule codes its sentence), and marks a
// proposal that only overlaps such a passage.
func TestAutocodeLeavesCodedTextAlone(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	amb := MustTag(t, db, "Ambassadors")
	mustRule(t, db, "Envoys", annotate.RuleWords, "ambassador*", annotate.ScopeSentence, amb.ID)
	mustRule(t, db, "Posts", annotate.RuleWords, "posts", annotate.ScopeMatch, amb.ID)
	coded := MustPassage(t, db, doc, "Putin said the ambassadors", amb.ID)

	ps, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Quote != "posts" || ps[0].Overlaps != "" {
		t.Fatalf("proposals = %+v; want only \"posts\", outside the coded passage", ps)
	}
	// Coded differently: the passage covers "posts" but not the sentence's match.
	if err := db.DeletePassage(ctx, coded.ID); err != nil {
		t.Fatal(err)
	}
	tail := MustPassage(t, db, doc, "return to their posts", amb.ID)
	ps, err = db.ProposeAutocode(ctx, storage.AutocodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].RuleName != "Envoys" || ps[0].Overlaps != tail.ID {
		t.Fatalf("proposals = %+v; want the sentence, marked as overlapping %s", ps, tail.ID)
	}
}
