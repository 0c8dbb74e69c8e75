// Package storagetest makes projects for the tests of packages that read
// and write .gloss files: a fresh project with a stable clock, and a small
// fixture with the awkward cases (characters above U+FFFF, accents, nested
// tags, two researchers, notes).
package storagetest

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// Texts of the fixture's documents: accents, a dash and a flag above
// U+FFFF make code points, bytes and UTF-16 units differ.
const (
	GenevaText = "Biden and Putin met in Geneva on 16 June 2021. The summit lasted less than four hours.\n" +
		"Biden said he gave Putin a list of 16 critical infrastructure entities that should be off-limits to cyberattacks. " +
		"Putin called Biden a \"very experienced\" statesman. The ambassadors will return to their posts."
	RedLinesText = "Cyber red lines — an analysis 🇺🇸🇷🇺. Experts at Genève said the list of sixteen sectors " +
		"was a first step. Human rights were raised: Navalny's treatment came up, the café talk said. " +
		"The ambassadors' return was the summit's one concrete outcome."
)

// MustOpen creates a new project in a temporary directory with an author
// set and a clock that advances one millisecond per call.
func MustOpen(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Create(filepath.Join(tb.TempDir(), "test.gloss"))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetAuthor("Ada")
	t0 := time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)
	n := 0
	db.Now = func() time.Time { n++; return t0.Add(time.Duration(n) * time.Millisecond) }
	tb.Cleanup(func() { db.Close() })
	return db
}

// Fixture is a small project: two documents (one with a URL), a nested
// codebook and passages by two researchers (Ada and Grace), with notes.
type Fixture struct {
	DB                     *storage.DB
	Geneva, Red            *annotate.Document
	Cyber, Rights          *annotate.Tag
	Diplomacy, Ambassadors *annotate.Tag
}

// NewFixture builds the fixture in a new project; the author is left as Ada.
func NewFixture(tb testing.TB) *Fixture {
	tb.Helper()
	ctx := context.Background()
	f := &Fixture{DB: MustOpen(tb)}
	db := f.DB
	f.Geneva = &annotate.Document{Title: "Biden and Putin meet in Geneva", Outlet: "Axios", Byline: "Mike Allen", Published: "2021-06-16", URL: "https://example.org/geneva-summit", Text: GenevaText}
	f.Red = &annotate.Document{Title: "Cyber red lines", Outlet: "Analysis", Text: RedLinesText}
	for _, d := range []*annotate.Document{f.Geneva, f.Red} {
		if _, err := db.CreateDocument(ctx, d); err != nil {
			tb.Fatal(err)
		}
	}
	f.Cyber = &annotate.Tag{Name: "Cyber red lines", Color: "#e6194b", Description: "Limits on cyberattacks."}
	f.Rights = &annotate.Tag{Name: "Human rights", Color: "#3cb44b"}
	f.Diplomacy = &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}
	for _, t := range []*annotate.Tag{f.Cyber, f.Rights, f.Diplomacy} {
		if err := db.CreateTag(ctx, t); err != nil {
			tb.Fatal(err)
		}
	}
	f.Ambassadors = &annotate.Tag{Name: "Ambassadors", Color: "#f58231", ParentID: f.Diplomacy.ID}
	if err := db.CreateTag(ctx, f.Ambassadors); err != nil {
		tb.Fatal(err)
	}
	f.Passage(tb, f.Geneva, "list of 16 critical infrastructure entities", "The sixteen sectors.", f.Cyber.ID)
	f.Passage(tb, f.Geneva, "The ambassadors will return to their posts", "", f.Ambassadors.ID, f.Diplomacy.ID)
	db.SetAuthor("Grace")
	f.Passage(tb, f.Red, "Cyber red lines — an analysis 🇺🇸🇷🇺", "Title with a flag: code points, not UTF-16.", f.Cyber.ID)
	f.Passage(tb, f.Red, "Navalny's treatment", "Raised by Biden, per the café talk.\nSecond line.", f.Rights.ID)
	f.Passage(tb, f.Red, "The ambassadors' return", "", f.Ambassadors.ID)
	db.SetAuthor("Ada")
	return f
}

// Passage codes the only occurrence of quote in doc with tags and a note.
func (f *Fixture) Passage(tb testing.TB, doc *annotate.Document, quote, note string, tags ...string) *annotate.Passage {
	tb.Helper()
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
	if err != nil {
		tb.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Tags: tags, Note: annotate.Note{Text: note}}
	if err := f.DB.CreatePassage(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Summary describes a project's passages by document title, range, quote,
// tag names, note and authors, sorted: two projects with the same work
// have the same summary whatever their IDs.
func Summary(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	title := map[string]string{}
	for _, d := range docs {
		title[d.ID] = d.Title
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	name := map[string]string{}
	for _, t := range tags {
		name[t.ID] = t.Name
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		var tn []string
		for _, id := range p.Tags {
			tn = append(tn, name[id])
		}
		out = append(out, fmt.Sprintf("%s [%d,%d) %q tags=%s note=%q by %s (note by %s) at %s",
			title[p.DocumentID], p.Start, p.End, p.Quote, strings.Join(tn, "|"), p.Note.Text, p.Author, p.Note.Author,
			p.CreatedAt.UTC().Format(time.RFC3339Nano)))
	}
	sort.Strings(out)
	return out
}
