package webanno_test

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
	genevaText = "Biden and Putin met in Geneva on 16 June 2021. The summit lasted less than four hours.\n" +
		"Biden said he gave Putin a list of 16 critical infrastructure entities that should be off-limits to cyberattacks. " +
		"Putin called Biden a \"very experienced\" statesman. The ambassadors will return to their posts."
	redLinesText = "Cyber red lines — an analysis 🇺🇸🇷🇺. Experts at Genève said the list of sixteen sectors " +
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

// fixture is a small project: two documents (one with a URL), a nested
// codebook and passages by two researchers, with notes.
type fixture struct {
	db             *storage.DB
	geneva, red    *annotate.Document
	cyber, rights  *annotate.Tag
	diplomacy, amb *annotate.Tag
}

func mustFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	f := &fixture{db: MustOpen(tb)}
	db := f.db
	f.geneva = &annotate.Document{Title: "Biden and Putin meet in Geneva", Outlet: "Axios", URL: "https://example.org/geneva-summit", Text: genevaText}
	f.red = &annotate.Document{Title: "Cyber red lines", Outlet: "Analysis", Text: redLinesText}
	for _, d := range []*annotate.Document{f.geneva, f.red} {
		if _, err := db.CreateDocument(ctx, d); err != nil {
			tb.Fatal(err)
		}
	}
	f.cyber = &annotate.Tag{Name: "Cyber red lines", Color: "#e6194b", Description: "Limits on cyberattacks."}
	f.rights = &annotate.Tag{Name: "Human rights", Color: "#3cb44b"}
	f.diplomacy = &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}
	for _, t := range []*annotate.Tag{f.cyber, f.rights, f.diplomacy} {
		if err := db.CreateTag(ctx, t); err != nil {
			tb.Fatal(err)
		}
	}
	f.amb = &annotate.Tag{Name: "Ambassadors", Color: "#f58231", ParentID: f.diplomacy.ID}
	if err := db.CreateTag(ctx, f.amb); err != nil {
		tb.Fatal(err)
	}
	f.passage(tb, f.geneva, "list of 16 critical infrastructure entities", "The sixteen sectors.", f.cyber.ID)
	f.passage(tb, f.geneva, "The ambassadors will return to their posts", "", f.amb.ID, f.diplomacy.ID)
	db.SetAuthor("Grace")
	f.passage(tb, f.red, "Cyber red lines — an analysis 🇺🇸🇷🇺", "Title with a flag: code points, not UTF-16.", f.cyber.ID)
	f.passage(tb, f.red, "Navalny's treatment", "Raised by Biden, per the café talk.\nSecond line.", f.rights.ID)
	f.passage(tb, f.red, "The ambassadors' return", "", f.amb.ID)
	db.SetAuthor("Ada")
	return f
}

func (f *fixture) passage(tb testing.TB, doc *annotate.Document, quote, note string, tags ...string) *annotate.Passage {
	tb.Helper()
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
	if err != nil {
		tb.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Tags: tags, Note: annotate.Note{Text: note}}
	if err := f.db.CreatePassage(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// summary describes a project's passages by document title, range, quote,
// tag names, note and authors, sorted: two projects with the same work
// have the same summary whatever their IDs.
func summary(tb testing.TB, db *storage.DB) []string {
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
