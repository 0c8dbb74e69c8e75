package webanno_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/webanno"
	"gloss/storage/storagetest"
)

// TestImportHypothesisTypography reads Hypothesis API rows that quote the
// pages as the browser showed them (testdata/hypothesis-typography.json):
// a non-breaking space, a Unicode minus and an en dash for a hyphen,
// curly quotes and apostrophes, a doubled space. Each annotation lands on
// its exact quote in Gloss's text, the text kept as Gloss has it; two
// annotations of one user on one quote are one passage, another user's
// their own; a reply joins the note of the annotation it answers; the page
// note, the PDF annotation with only a FragmentSelector and the
// RangeSelectors are reported; and the report says the same thing about
// a document at the top and at each passage.
func TestImportHypothesisTypography(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	before := storagetest.Summary(t, f.DB)
	in, err := os.Open(filepath.Join("testdata", "hypothesis-typography.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	b, err := webanno.Parse("hypothesis-typography.json", in)
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != webanno.FormatHypothesis {
		t.Errorf("format %q", b.Format)
	}
	rep, err := f.DB.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != webanno.FormatHypothesis || rep.Added != 6 || rep.Combined != 1 || rep.Unanchored != 0 || rep.Skipped != 3 {
		t.Errorf("report: %s %s\n%v", rep.Format, rep.Summary(), rep.Lines)
	}
	var added []string
	for _, s := range storagetest.Summary(t, f.DB) {
		found := false
		for _, o := range before {
			found = found || o == s
		}
		if !found {
			added = append(added, s)
		}
	}
	want := []string{
		`Biden and Putin meet in Geneva [122,183) "16 critical infrastructure entities that should be off-limits" tags=Cyber red lines note="Maria's reading: a warning." by Maria Koval (note by Maria Koval) at 2021-06-17T09:00:00Z`,
		`Biden and Putin meet in Geneva [122,183) "16 critical infrastructure entities that should be off-limits" tags=Cyber red lines note="The sixteen sectors are not public.\n\nReply by Maria Koval: Agreed, and the tone matters." by Jon Udell (note by Jon Udell) at 2021-06-17T08:31:00Z`,
		`Biden and Putin meet in Geneva [222,250) "\"very experienced\" statesman" tags=tone note="" by Maria Koval (note by ) at 2021-06-17T09:01:00Z`,
		`Biden and Putin meet in Geneva [65,85) "less than four hours" tags=tone note="Short, by summit standards." by Jon Udell (note by Jon Udell) at 2021-06-17T08:30:00.123456Z`,
		`Cyber red lines [131,150) "Navalny's treatment" tags=Human rights note="" by Jon Udell (note by ) at 2021-06-18T10:00:00Z`,
		`Cyber red lines [208,241) "the summit's one concrete outcome" tags=Diplomacy note="" by Jon Udell (note by ) at 2021-06-18T10:01:00Z`,
	}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("passages added:\n got %q\nwant %q", added, want)
	}
	var docs, passages, parts []string
	for _, l := range rep.Lines {
		switch l.What {
		case "document":
			docs = append(docs, l.Kind+" "+l.Detail)
		case "passage":
			passages = append(passages, l.Key+" "+l.Kind+" "+l.Detail)
		case "part":
			parts = append(parts, l.Detail)
		}
	}
	// The red lines article is known by title only: the document line and
	// the passage lines agree that its quotes were found.
	if !reflect.DeepEqual(docs, []string{"matched same URL: Biden and Putin meet in Geneva", "matched same title, 2 of its 2 quote(s) found there: Cyber red lines"}) {
		t.Errorf("document lines %q", docs)
	}
	for _, p := range passages {
		if strings.Contains(p, "not found") {
			t.Errorf("a passage line contradicts its document's: %s", p)
		}
		if strings.HasPrefix(p, "Gq3Kb0AvEeyQ2nM1 ") && !strings.Contains(p, "differs only in spaces, quotation marks or dashes") {
			t.Errorf("the typographic difference is not reported: %s", p)
		}
	}
	for _, want := range []string{
		"Oy1Sj8I3EeyY0vU9: its target on https://example.org/geneva-summit selects no text",
		"Pz2Tk9J4EeyZ1wV0: its target on urn:x-pdf:6e5b5bd9b4a1d2c3 has only a FragmentSelector (a URL fragment",
		"7 annotation(s) also carry a RangeSelector",
	} {
		found := false
		for _, p := range parts {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("the report lacks %q:\n%q", want, parts)
		}
	}
	if problems, err := f.DB.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

// TestFoldQuoteLikeHypothesis: the plain form Gloss matches quotes in.
func TestFoldQuoteLikeHypothesis(t *testing.T) {
	for in, want := range map[string]string{
		"16\u00a0critical":              "16 critical",
		"off\u2212limits":               "off-limits",
		"off\u2013limits":               "off-limits",
		"\u201cvery  experienced\u201d": `"very experienced"`,
		"Navalny\u2019s":                "Navalny's",
		"\ufb01rst step\u2026":          "first step...",
		"co\u00adoperation":             "cooperation",
	} {
		if got := annotate.FoldQuote(in); got != want {
			t.Errorf("FoldQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

// notesOf describes every passage's coder, times and note with its author
// and times.
func notesOf(tb testing.TB, db interface {
	Passages(context.Context, annotate.PassageFilter) ([]*annotate.Passage, error)
}) []string {
	tb.Helper()
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, strings.Join([]string{p.ID, p.Author, p.CreatedAt.String(), p.UpdatedAt.String(),
			p.Note.Text, p.Note.Author, p.Note.CreatedAt.String(), p.Note.UpdatedAt.String()}, " | "))
	}
	return out
}

// TestRoundTripKeepsCodersAndTimes: Gloss → JSON → Gloss keeps every
// passage with its codes, its coder (two researchers on one range stay two
// passages), its note with the note's own author and times, and the
// passage's times; the export passes the W3C model's MUST assertions
// (TestExportConformance checks the same export).
func TestRoundTripKeepsCodersAndTimes(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	f.DB.SetAuthor("Grace")
	f.Passage(t, f.Geneva, "list of 16 critical infrastructure entities", "Grace's reading.", f.Diplomacy.ID)
	f.DB.SetAuthor("Linus")
	ps, err := f.DB.Passages(ctx, annotate.PassageFilter{Authors: []string{"Ada"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DB.SetNote(ctx, ps[0].ID, "Linus rewrote Ada's note."); err != nil {
		t.Fatal(err)
	}
	data := mustExport(t, f.DB)

	db := storagetest.MustOpen(t)
	for _, d := range []*annotate.Document{f.Geneva, f.Red} {
		full, err := f.DB.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateDocument(ctx, &annotate.Document{ID: full.ID, Title: full.Title, URL: full.URL, Text: full.Text}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := webanno.Parse("geneva.jsonld", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != webanno.Format {
		t.Errorf("Gloss's own export read as %q", b.Format)
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 6 || rep.Combined+rep.Reanchored+rep.Unanchored+rep.Skipped != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	if got, want := notesOf(t, db), notesOf(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("coders, notes and times:\n got %q\nwant %q", got, want)
	}
	if got, want := storagetest.Summary(t, db), storagetest.Summary(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("passages:\n got %q\nwant %q", got, want)
	}
}
