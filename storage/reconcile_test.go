package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// twoCoderSummit has Ada and Ben code the Axios article independently:
// the same Ambassadors passage, overlapping but different Cyber red lines
// passages, a Human rights passage only Ada saw and a Cyber red lines
// passage only Ben saw.
func twoCoderSummit(t *testing.T) (*summit, map[string]*annotate.Passage) {
	t.Helper()
	s := &summit{db: MustOpen(t), tags: map[string]*annotate.Tag{}, p: map[string]*annotate.Passage{}}
	full := newSummit(t)
	full.db.Close()
	// A fresh project with the same articles and codebook, no passages.
	ctx := context.Background()
	for _, name := range []string{"Cyber red lines", "Human rights", "Ambassadors"} {
		tag := &annotate.Tag{Name: name, Color: full.tags[name].Color}
		mustNil(t, s.db.CreateTag(ctx, tag))
		s.tags[name] = tag
	}
	for _, d := range full.docs[:1] {
		doc := &annotate.Document{Title: d.Title, Outlet: d.Outlet, Text: d.Text}
		_, err := s.db.CreateDocument(ctx, doc)
		mustNil(t, err)
		s.docs = append(s.docs, doc)
	}
	ps := map[string]*annotate.Passage{}
	for _, p := range []struct{ key, author, quote, tag string }{
		{"adaAmb", "Ada", "ambassadors would return to their posts", "Ambassadors"},
		{"benAmb", "Ben", "ambassadors would return to their posts", "Ambassadors"},
		{"adaCyber", "Ada", "cyberattacks with Putin, including 16 pieces of infrastructure", "Cyber red lines"},
		{"benCyber", "Ben", "raised human rights and cyberattacks with Putin", "Cyber red lines"},
		{"adaRights", "Ada", "Biden said he raised human rights", "Human rights"},
		{"benCriminals", "Ben", "harboring of cyber criminals", "Cyber red lines"},
	} {
		s.db.SetAuthor(p.author)
		ps[p.key] = MustPassage(t, s.db, s.docs[0], p.quote, s.tags[p.tag].ID)
	}
	s.db.SetAuthor("Ada")
	return s, ps
}

func TestDisagreementsAndDecisions(t *testing.T) {
	ctx := context.Background()
	s, ps := twoCoderSummit(t)
	db := s.db
	ds, decided, err := db.Disagreements(ctx, "Ada", "Ben")
	mustNil(t, err)
	if len(ds) != 3 || len(decided) != 0 {
		t.Fatalf("%d disagreements (%d decided), want 3: %+v", len(ds), len(decided), ds)
	}
	byTag := map[string]annotate.Disagreement{}
	for _, d := range ds {
		key := s.tagName(d.TagID)
		if d.TagID == s.tags["Cyber red lines"].ID && len(d.A) == 0 {
			key = "criminals"
		}
		byTag[key] = d
	}
	cyber, rights, criminals := byTag["Cyber red lines"], byTag["Human rights"], byTag["criminals"]
	if len(cyber.A) != 1 || cyber.A[0].ID != ps["adaCyber"].ID || len(cyber.B) != 1 || cyber.B[0].ID != ps["benCyber"].ID {
		t.Fatalf("Cyber red lines: %+v", cyber)
	}
	if len(rights.A) != 1 || len(rights.B) != 0 || len(criminals.B) != 1 || criminals.B[0].ID != ps["benCriminals"].ID {
		t.Fatalf("Human rights %+v, criminals %+v", rights, criminals)
	}
	before, err := db.CodingAgreement(ctx, "Ada", "Ben")
	mustNil(t, err)
	if before.Disagreements != 3 || before.Reconciled != 0 {
		t.Fatalf("report counts %d disagreements, %d reconciled", before.Disagreements, before.Reconciled)
	}

	// Ada's version of the Cyber red lines passage stands: Ben's loses the
	// code, and as it had no other, is deleted.
	db.SetAuthor("Carol")
	r := &annotate.Reconciliation{CoderA: "Ada", CoderB: "Ben", Decision: annotate.DecideA, Note: "The list is the red line."}
	mustNil(t, db.Reconcile(ctx, cyber, r))
	if len(r.Deleted) != 1 || r.Deleted[0] != ps["benCyber"].ID || r.ID == "" {
		t.Fatalf("decision A changed %+v", r)
	}
	if _, err := db.Passage(ctx, ps["benCyber"].ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("Ben's passage after deciding for Ada's: %v", err)
	}
	// Human rights: neither, the code goes on a range Carol sets.
	text := annotate.NewText(s.docs[0].Text)
	start, end, err := annotate.FindQuote(text, "raised human rights and cyberattacks", 0)
	mustNil(t, err)
	edit := &annotate.Reconciliation{CoderA: "Ada", CoderB: "Ben", Decision: annotate.DecideEdit, Start: start, End: end}
	mustNil(t, db.Reconcile(ctx, rights, edit))
	if len(edit.Created) != 1 || len(edit.Deleted) != 1 {
		t.Fatalf("edit changed %+v", edit)
	}
	made, err := db.Passage(ctx, edit.Created[0])
	mustNil(t, err)
	if made.Quote != "raised human rights and cyberattacks" || made.Author != "Carol" || !made.HasTag(s.tags["Human rights"].ID) {
		t.Fatalf("edited passage %+v", made)
	}
	// Both stand for the criminals passage.
	mustNil(t, db.Reconcile(ctx, criminals, &annotate.Reconciliation{CoderA: "Ada", CoderB: "Ben", Decision: annotate.DecideBoth}))

	// The disagreements are those of the coding as the coders made it, so
	// each is still listed, now with its decision; agreement is unchanged.
	ds, decided, err = db.Disagreements(ctx, "Ada", "Ben")
	mustNil(t, err)
	if len(ds) != 3 || len(decided) != 3 || decided[cyber.Key].Decision != annotate.DecideA || decided[cyber.Key].Author != "Carol" ||
		decided[cyber.Key].Note != "The list is the red line." {
		t.Fatalf("after deciding: %d disagreements, decisions %+v", len(ds), decided)
	}
	after, err := db.CodingAgreement(ctx, "Ada", "Ben")
	mustNil(t, err)
	if after.Overall != before.Overall || after.Reconciled != 3 {
		t.Fatalf("agreement moved with the decisions: %+v → %+v (%d reconciled)", before.Overall, after.Overall, after.Reconciled)
	}

	// Undoing the edit brings Ada's passage back and removes Carol's.
	mustNil(t, db.UndoReconciliation(ctx, edit.ID))
	if _, err := db.Passage(ctx, ps["adaRights"].ID); err != nil {
		t.Fatalf("Ada's passage after undoing: %v", err)
	}
	if _, err := db.Passage(ctx, edit.Created[0]); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("the edited passage after undoing: %v", err)
	}
	_, decided, err = db.Disagreements(ctx, "Ada", "Ben")
	mustNil(t, err)
	if len(decided) != 2 || decided[rights.Key] != nil {
		t.Fatalf("after undoing, decisions %+v", decided)
	}
	if err := db.UndoReconciliation(ctx, edit.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("undoing twice: %v", err)
	}
	if err := db.Reconcile(ctx, cyber, &annotate.Reconciliation{CoderA: "Ada", CoderB: "Ben", Decision: "maybe"}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("an unknown decision: %v", err)
	}

	// A copy with the decisions merges into a copy without: they arrive,
	// and the merged file checks clean.
	mine := filepath.Join(t.TempDir(), "mine.gloss")
	_, err = db.SaveCopy(ctx, mine, storage.CopyOptions{})
	mustNil(t, err)
	other := openAs(t, mine, "Dan")
	defer other.Close()
	mustNil(t, db.UndoReconciliation(ctx, r.ID))
	rep, err := db.Merge(ctx, mine)
	mustNil(t, err)
	_, decided, err = db.Disagreements(ctx, "Ada", "Ben")
	mustNil(t, err)
	// The undo here is a tombstone on the same decision and wins the merge.
	if rep.ReconciliationsAdded != 0 || decided[cyber.Key] != nil || len(decided) != 1 {
		t.Fatalf("after merging the copy: %d added, decisions %+v", rep.ReconciliationsAdded, decided)
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %q, %v", problems, err)
	}
}

func (s *summit) tagName(id string) string {
	for n, t := range s.tags {
		if t.ID == id {
			return n
		}
	}
	return ""
}
