package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func TestQueryPassagesOnTheSummit(t *testing.T) {
	ctx := context.Background()
	s := newSummit(t)
	for _, tc := range []struct {
		query string
		f     annotate.PassageFilter
		want  string // passage letters in listing order
	}{
		{`"Cyber red lines"`, annotate.PassageFilter{}, "acefh"},
		{`"Cyber red lines" AND "Human rights"`, annotate.PassageFilter{}, "bah"},
		{`"cyber RED lines" and "human rights"`, annotate.PassageFilter{}, "bah"},
		{`"Cyber red lines" AND NOT "Human rights"`, annotate.PassageFilter{}, "cef"},
		{`"Cyber red lines" AND NOT "Human rights"`, annotate.PassageFilter{Subcodes: true}, "cefg"},
		{`"Cyber red lines" NEAR/5 "Navalny & dissidents"`, annotate.PassageFilter{}, "ck"},
		{`"Cyber red lines" NEAR/1 "Navalny & dissidents"`, annotate.PassageFilter{}, ""},
		{`"Cyber red lines" NEAR/paragraph "Human rights"`, annotate.PassageFilter{}, "baejh"},
		{`NOT "Cyber red lines"`, annotate.PassageFilter{}, "dkji"},
		{`NOT "Cyber red lines"`, annotate.PassageFilter{Subcodes: true}, "dkji"},
		{`"Ambassadors" OR "Ransomware"`, annotate.PassageFilter{}, "dgi"},
		// The scope: documents and researchers the query runs over.
		{`"Cyber red lines"`, annotate.PassageFilter{DocumentIDs: []string{"doc3"}}, "h"},
		{`"Cyber red lines" AND "Human rights"`, annotate.PassageFilter{Authors: []string{"Ada"}}, "h"},
		{`"Cyber red lines" OR "Human rights"`, annotate.PassageFilter{Authors: []string{"Ben"}}, "be"},
		// Filters on what it selects.
		{`"Cyber red lines" AND "Human rights"`, annotate.PassageFilter{TagIDs: []string{"Human rights"}}, "bh"},
		{`"Cyber red lines" AND "Human rights"`, annotate.PassageFilter{Text: "KREMLIN"}, "h"},
		{`"Cyber red lines" OR "Ransomware"`, annotate.PassageFilter{Text: "pipeline"}, "fg"},
	} {
		q, err := annotate.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		f := tc.f
		f.Query = q
		for i, d := range f.DocumentIDs {
			if d == "doc3" {
				f.DocumentIDs[i] = s.docs[3].ID
			}
		}
		for i, name := range f.TagIDs {
			f.TagIDs[i] = s.tags[name].ID
		}
		want := strings.ToLower(tc.want)
		ps, err := s.db.Passages(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := s.letters(ps); got != want {
			t.Errorf("%s %+v: passages %q, want %q", tc.query, tc.f, got, want)
		}
		refs, err := s.db.QueryPassages(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.refLetters(refs); got != want {
			t.Errorf("%s %+v: refs %q, want %q", tc.query, tc.f, got, want)
		}
		for _, p := range ps {
			if len(p.Tags) == 0 || p.Quote == "" || p.Author == "" {
				t.Errorf("%s: passage %s read without its content: %+v", tc.query, p.ID, p)
			}
		}
	}
}

func TestQueryPassagesUnknownCode(t *testing.T) {
	s := newSummit(t)
	src := `"Human rights" AND NOT "Cyber redlines"`
	q, err := annotate.ParseQuery(src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.db.Passages(context.Background(), annotate.PassageFilter{Query: q})
	var qe *annotate.QueryError
	if !errors.As(err, &qe) || qe.Pos != 23 || !strings.Contains(qe.Msg, `no code named "Cyber redlines" (did you mean "Cyber red lines"?)`) {
		t.Fatalf("unknown code: %v", err)
	}
	if annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("error code %q", annotate.ErrorCode(err))
	}
	// A query built in code, with an ID that is no longer a live tag,
	// selects nothing rather than failing.
	gone := annotate.CodeQuery("Gone", annotate.NewID())
	ps, err := s.db.Passages(context.Background(), annotate.PassageFilter{Query: annotate.OrQuery(gone, annotate.CodeQuery("Ambassadors"))})
	if err != nil || s.letters(ps) != "di" {
		t.Fatalf("deleted tag in a query: %q, %v", s.letters(ps), err)
	}
}

func TestSubcodesFilter(t *testing.T) {
	s := newSummit(t)
	ctx := context.Background()
	f := annotate.PassageFilter{TagIDs: []string{s.tags["Cyber red lines"].ID}}
	ps, err := s.db.Passages(ctx, f)
	if err != nil || s.letters(ps) != "acefh" {
		t.Fatalf("without sub-codes: %q, %v", s.letters(ps), err)
	}
	f.Subcodes = true
	ps, err = s.db.Passages(ctx, f)
	if err != nil || s.letters(ps) != "acefgh" {
		t.Fatalf("with sub-codes: %q, %v", s.letters(ps), err)
	}
	// Deleting the passage drops it from both listings.
	if err := s.db.DeletePassage(ctx, s.p["g"].ID); err != nil {
		t.Fatal(err)
	}
	ps, err = s.db.Passages(ctx, f)
	if err != nil || s.letters(ps) != "acefh" {
		t.Fatalf("with sub-codes after deleting g: %q, %v", s.letters(ps), err)
	}
}

func TestPassagesByID(t *testing.T) {
	s := newSummit(t)
	ctx := context.Background()
	if err := s.db.DeletePassage(ctx, s.p["c"].ID); err != nil {
		t.Fatal(err)
	}
	ps, err := s.db.PassagesByID(ctx, []string{s.p["h"].ID, s.p["c"].ID, "nonesuch", s.p["a"].ID, s.p["h"].ID})
	if err != nil || s.letters(ps) != "ha" {
		t.Fatalf("by ID: %q, %v; want h then a, the deleted and unknown left out", s.letters(ps), err)
	}
	if len(ps[0].Tags) != 2 {
		t.Fatalf("h has tags %v", ps[0].Tags)
	}
}

// TestCooccurrenceDrillDown checks that each cell of the co-occurrence
// matrix lists exactly the passages that co-occur: "Cyber red lines ×
// Human rights = 2" lists the overlapping pair and the passage with both,
// not all five Cyber red lines passages.
func TestCooccurrenceDrillDown(t *testing.T) {
	ctx := context.Background()
	s := newSummit(t)
	for _, sub := range []bool{false, true} {
		co, err := s.db.TagCooccurrenceIn(ctx, storage.AnalysisScope{Subcodes: sub})
		if err != nil {
			t.Fatal(err)
		}
		if n := co.At(s.tags["Cyber red lines"].ID, s.tags["Human rights"].ID); n != 2 {
			t.Fatalf("sub-codes %v: Cyber red lines × Human rights = %d, want 2", sub, n)
		}
		for i, r := range co.Rows {
			for j, c := range co.Cols {
				ps, err := s.db.Passages(ctx, annotate.PassageFilter{Query: storage.CooccurrenceQuery(r, c), Subcodes: sub})
				if err != nil {
					t.Fatal(err)
				}
				// Every passage listed takes part in a pair the cell counts,
				// and the cell's pairs are made of the passages listed.
				pairs := 0
				for x, p := range ps {
					for _, q := range ps[x:] {
						pairs += s.pairs(p, q, r.ID, c.ID, sub)
					}
				}
				if pairs != co.Counts[i][j] {
					t.Errorf("sub-codes %v: %s × %s = %d, its passages %q make %d pairs", sub, r.Name, c.Name, co.Counts[i][j], s.letters(ps), pairs)
				}
			}
		}
	}
	ps, err := s.db.Passages(ctx, annotate.PassageFilter{Query: storage.CooccurrenceQuery(
		annotate.Label{ID: s.tags["Cyber red lines"].ID, Name: "Cyber red lines"}, annotate.Label{ID: s.tags["Human rights"].ID, Name: "Human rights"})})
	if err != nil || s.letters(ps) != "bah" {
		t.Fatalf("Cyber red lines × Human rights lists %q, %v; want b, a and h", s.letters(ps), err)
	}
	// With sub-codes, Cyber red lines × Ransomware is the Ransomware passage
	// (a Cyber red lines passage too) and the one it lies in.
	co, err := s.db.TagCooccurrenceIn(ctx, storage.AnalysisScope{Subcodes: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := co.At(s.tags["Cyber red lines"].ID, s.tags["Ransomware"].ID); n != 2 {
		t.Fatalf("with sub-codes, Cyber red lines × Ransomware = %d, want 2 (g with itself, f with g)", n)
	}
}

// pairs returns 1 when passages p and q make a pair counted in cell (x, y)
// of the co-occurrence matrix, counting by the definition.
func (s *summit) pairs(p, q *annotate.Passage, x, y string, sub bool) int {
	has := func(p *annotate.Passage, tag string) bool {
		for _, t := range p.Tags {
			if t == tag {
				return true
			}
			if sub {
				for _, tg := range s.tags {
					if tg.ID == t && tg.ParentID == tag {
						return true
					}
				}
			}
		}
		return false
	}
	if p.DocumentID != q.DocumentID || !p.Overlaps(q.Start, q.End) {
		return 0
	}
	if x == y {
		if p.ID == q.ID && has(p, x) {
			return 1
		}
		return 0
	}
	if has(p, x) && has(q, y) || has(p, y) && has(q, x) {
		return 1
	}
	return 0
}

func TestMatricesWithSubcodesAndScope(t *testing.T) {
	ctx := context.Background()
	s := newSummit(t)
	cyber, ransom := s.tags["Cyber red lines"].ID, s.tags["Ransomware"].ID
	m, err := s.db.TagDocumentMatrixIn(ctx, storage.AnalysisScope{})
	if err != nil {
		t.Fatal(err)
	}
	if m.At(cyber, s.docs[1].ID) != 2 || m.At(ransom, s.docs[1].ID) != 1 {
		t.Fatalf("without sub-codes: Cyber %d, Ransomware %d in the second article", m.At(cyber, s.docs[1].ID), m.At(ransom, s.docs[1].ID))
	}
	// A passage with the tag and its sub-tag counts once.
	g := s.p["g"]
	if err := s.db.AddTag(ctx, g.ID, cyber); err != nil {
		t.Fatal(err)
	}
	m, err = s.db.TagDocumentMatrixIn(ctx, storage.AnalysisScope{Subcodes: true, DocumentIDs: []string{s.docs[1].ID, s.docs[3].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cols) != 2 || m.At(cyber, s.docs[1].ID) != 3 || m.At(cyber, s.docs[3].ID) != 1 || m.At(ransom, s.docs[1].ID) != 1 {
		t.Fatalf("with sub-codes in two articles: %d columns, Cyber %d and %d, Ransomware %d", len(m.Cols),
			m.At(cyber, s.docs[1].ID), m.At(cyber, s.docs[3].ID), m.At(ransom, s.docs[1].ID))
	}
	for i, r := range m.Rows {
		for j, c := range m.Cols {
			ps, err := s.db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{r.ID}, DocumentIDs: []string{c.ID}, Subcodes: true})
			if err != nil || len(ps) != m.Counts[i][j] {
				t.Errorf("%s in %s: cell %d, its passages %d (%v)", r.Name, c.Name, m.Counts[i][j], len(ps), err)
			}
		}
	}
	au, err := s.db.AuthorTagMatrixIn(ctx, storage.AnalysisScope{Subcodes: true})
	if err != nil {
		t.Fatal(err)
	}
	// Ben's Cyber red lines: e, and g through Ransomware. Ada's: a, c, f, h.
	if au.At("Ben", cyber) != 2 || au.At("Ada", cyber) != 4 || au.At("Ben", ransom) != 1 {
		t.Fatalf("authors with sub-codes: Ben %d, Ada %d, Ben's Ransomware %d", au.At("Ben", cyber), au.At("Ada", cyber), au.At("Ben", ransom))
	}
	au, err = s.db.AuthorTagMatrixIn(ctx, storage.AnalysisScope{DocumentIDs: []string{s.docs[3].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(au.Rows) != 2 || au.At("Ada", cyber) != 1 || au.Totals[0] != 1 || au.Totals[1] != 1 {
		t.Fatalf("authors in the last article: %v, Ada's Cyber %d, totals %v", au.Rows, au.At("Ada", cyber), au.Totals)
	}
}

// TestTagSpansKeptInStep changes passages every way the services allow and
// checks that the spans code queries read stay the passages', that check
// finds them stale when they are not, and that rebuilding repairs them.
func TestTagSpansKeptInStep(t *testing.T) {
	ctx := context.Background()
	s := newSummit(t)
	db := s.db
	cyber, rights := s.tags["Cyber red lines"].ID, s.tags["Human rights"].ID
	steps := []func() error{
		func() error { return db.AddTag(ctx, s.p["c"].ID, rights) },
		func() error { return db.RemoveTag(ctx, s.p["h"].ID, cyber) },
		func() error { return db.DeletePassage(ctx, s.p["a"].ID) },
		func() error { return db.RestorePassage(ctx, s.p["a"].ID) },
		func() error { return db.DeleteTag(ctx, s.tags["Ransomware"].ID) },
		func() error { return db.MergeTags(ctx, rights, cyber) },
		func() error { return db.DeleteDocument(ctx, s.docs[3].ID) },
	}
	for i, step := range steps {
		mustNil(t, step())
		problems, err := db.Check(ctx)
		if err != nil || len(problems) > 0 {
			t.Fatalf("after step %d: %q, %v", i, problems, err)
		}
	}
	q, _ := annotate.ParseQuery(`"Cyber red lines"`)
	refs, err := db.QueryPassages(ctx, annotate.PassageFilter{Query: q})
	mustNil(t, err)
	direct, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{cyber}})
	mustNil(t, err)
	if len(refs) != len(direct) || len(refs) == 0 {
		t.Fatalf("the query reads %d passages, the listing %d", len(refs), len(direct))
	}
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`DELETE FROM tag_spans WHERE passage_id = ?`, s.p["e"].ID); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "live applications of a code are missing from tag_spans") {
		t.Fatalf("check of stale spans: %q, %v", problems, err)
	}
	mustNil(t, db.RebuildAnalysisCounts(ctx))
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("after rebuilding: %q, %v", problems, err)
	}
	// A span at another place is both: an application missing where it
	// stands, and a span of no application.
	if _, err := raw.Exec(`UPDATE tag_spans SET end_offset = end_offset + 1 WHERE passage_id = ?`, s.p["e"].ID); err != nil {
		t.Fatal(err)
	}
	problems, err = db.Check(ctx)
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0], "live applications of a code are missing from tag_spans or stand at another place") ||
		!strings.Contains(problems[1], "rows of tag_spans are of no live application of a code") {
		t.Fatalf("check of a moved span: %q, %v", problems, err)
	}
	mustNil(t, db.RebuildAnalysisCounts(ctx))
}
