package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"gloss/annotate"
	"gloss/storage"
)

// contentDigest dumps every row of every table of the project file, in
// primary-key order: two equal digests mean the same content.
func contentDigest(tb testing.TB, db *storage.DB) string {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db.Path()+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := raw.Query(`SELECT * FROM "` + table + `" ORDER BY 1, 2`)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintf(&b, "%s: %q\n", table, vals)
			n++
		}
		rows.Close()
		fmt.Fprintf(&b, "%s: %d rows\n", table, n)
	}
	return b.String()
}

// TestImportBatchAtomic: an import that fails half-way leaves the project
// exactly as it was; nothing of what came before the failure stays.
func TestImportBatchAtomic(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, doc, "ambassadors would return to their posts", tag.ID)
	before := contentDigest(t, db)

	b := &annotate.Batch{
		File: "colleague.json",
		Documents: []*annotate.BatchDocument{
			{Key: "doc", ID: doc.ID},
			{Key: "new", Title: "Another article", Text: "A brand new text that would be added first."},
		},
		Tags: []*annotate.BatchTag{{Key: "t1", Name: "Brand new tag", Codebook: true}},
		Passages: []*annotate.BatchPassage{
			{Key: "ok", Document: "doc", Selector: annotate.Selector{Exact: "Vladimir Putin"}, Tags: []string{"t1"}},
			{Key: "bad", Document: "doc", Selector: annotate.Selector{Exact: "Geneva"}, Tags: []string{"t1"},
				Note: strings.Repeat("n", storage.MaxNoteLength+1)},
		},
	}
	_, err := db.ImportBatch(ctx, b)
	if err == nil || !strings.Contains(err.Error(), "colleague.json") || !strings.Contains(err.Error(), "annotation bad") || !strings.Contains(err.Error(), "note is longer") {
		t.Fatalf("import with an overlong note: %v", err)
	}
	if after := contentDigest(t, db); after != before {
		t.Errorf("a failed import changed the project:\nbefore\n%s\nafter\n%s", before, after)
	}

	// Broken references are refused before anything is written.
	b = &annotate.Batch{File: "broken.json", Documents: []*annotate.BatchDocument{{Key: "d"}},
		Passages: []*annotate.BatchPassage{{Key: "p", Document: "elsewhere"}}}
	if _, err := db.ImportBatch(ctx, b); annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "broken.json") {
		t.Errorf("dangling reference: %v", err)
	}
	if after := contentDigest(t, db); after != before {
		t.Error("a refused batch changed the project")
	}
}

// TestImportBatchMatchesDocuments: by ID, text hash, URL, then title with
// the quote verified; a document with text and no match is added, one in
// the bin with the same text is restored; no match, no import.
func TestImportBatchMatchesDocuments(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	byID := MustDocument(t, db, "By ID", "First text: the ambassadors return.")
	byURL := &annotate.Document{Title: "By URL", URL: "https://www.example.org/summit/", Text: "Second text: Putin and Biden met."}
	if _, err := db.CreateDocument(ctx, byURL); err != nil {
		t.Fatal(err)
	}
	byTitle := MustDocument(t, db, "Cyber Red Lines", "Third text: sixteen sectors off limits.")
	byHash := MustDocument(t, db, "By hash", "Fourth text: human rights raised.")
	binned := MustDocument(t, db, "In the bin", "Fifth text: deleted before the import.")
	if err := db.DeleteDocument(ctx, binned.ID); err != nil {
		t.Fatal(err)
	}
	tag := MustTag(t, db, "Summit")

	b := &annotate.Batch{
		File: "in.json",
		Documents: []*annotate.BatchDocument{
			{Key: "urn:uuid:" + byID.ID, ID: byID.ID},
			{Key: "http://example.org/summit#top", URL: "http://example.org/summit#top"},
			{Key: "https://elsewhere.example/red", URL: "https://elsewhere.example/red", Title: "cyber red lines"},
			{Key: "hash", Title: "Renamed", Text: byHash.Text},
			{Key: "bin", Title: "Whatever", Text: binned.Text},
			{Key: "new", Title: "Brand new", Text: "Sixth text: never seen.", Author: "Marie"},
			{Key: "https://unknown.example/", URL: "https://unknown.example/"},
		},
		Tags: []*annotate.BatchTag{{Key: "summit", Name: "SUMMIT"}},
	}
	add := func(key, doc, quote string, start, end int) {
		p := &annotate.BatchPassage{Key: key, Document: doc, Tags: []string{"summit"}, Selector: annotate.Selector{Exact: quote, Start: start, End: end}, HasPosition: end > 0}
		b.Passages = append(b.Passages, p)
	}
	add("id", "urn:uuid:"+byID.ID, "ambassadors", 0, 0)
	add("id-position-only", "urn:uuid:"+byID.ID, "", 0, 5)
	add("url", "http://example.org/summit#top", "Putin", 0, 0)
	add("url-position-only", "http://example.org/summit#top", "", 0, 6)
	add("title", "https://elsewhere.example/red", "sixteen sectors", 0, 0)
	add("title-wrong-quote", "https://elsewhere.example/red", "seventeen sectors", 0, 0)
	add("hash", "hash", "human rights", 13, 25)
	add("bin", "bin", "deleted", 12, 19)
	add("new", "new", "never seen", 12, 22)
	add("unknown", "https://unknown.example/", "anything", 0, 0)

	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	ids := map[string]string{}
	for _, l := range rep.Lines {
		kinds[l.What+" "+l.Key] = l.Kind
		ids[l.What+" "+l.Key] = l.ID
	}
	want := map[string]string{
		"passage id": annotate.ReportAdded, "passage id-position-only": annotate.ReportAdded,
		"passage url": annotate.ReportAdded, "passage url-position-only": annotate.ReportUnanchored,
		"passage title": annotate.ReportAdded, "passage title-wrong-quote": annotate.ReportUnanchored,
		"passage hash": annotate.ReportAdded, "passage bin": annotate.ReportAdded, "passage new": annotate.ReportAdded,
		"passage unknown": annotate.ReportUnanchored,
		"document new":    annotate.ReportAdded, "document bin": annotate.ReportMatched, "document hash": annotate.ReportMatched,
		"tag summit": annotate.ReportMatched,
	}
	for k, w := range want {
		if kinds[k] != w {
			t.Errorf("%s: %q, want %q", k, kinds[k], w)
		}
	}
	for k, doc := range map[string]string{"id": byID.ID, "url": byURL.ID, "title": byTitle.ID, "hash": byHash.ID, "bin": binned.ID} {
		p, err := db.Passage(ctx, ids["passage "+k])
		if err != nil {
			t.Fatalf("passage %s: %v", k, err)
		}
		if p.DocumentID != doc || p.Provenance != annotate.ProvenanceImport || len(p.Tags) != 1 || p.Tags[0] != tag.ID {
			t.Errorf("passage %s: %+v", k, p)
		}
	}
	if _, err := db.Document(ctx, binned.ID); err != nil {
		t.Errorf("document in the bin not restored: %v", err)
	}
	added, err := db.Document(ctx, ids["document new"])
	if err != nil {
		t.Fatal(err)
	}
	if added.Title != "Brand new" || added.Author != "Marie" || added.Source != "in.json" {
		t.Errorf("added document %+v", added)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

// TestImportBatchTags: tags match by ID then name (ignoring case); new ones
// get a palette colour when the file has none; two codes of one file with
// the same name under different parents both survive, renamed.
func TestImportBatchTags(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	existing := MustTag(t, db, "Human rights")
	MustTag(t, db, "Права человека")
	b := &annotate.Batch{
		File: "codes.qdc",
		Tags: []*annotate.BatchTag{
			{Key: "ru", Name: "ПРАВА ЧЕЛОВЕКА", Codebook: true},
			{Key: "a", ID: existing.ID, Name: "Renamed elsewhere", Codebook: true},
			{Key: "b", Name: "human RIGHTS", Codebook: true},
			{Key: "biden", Name: "Biden", Color: "#ABCDEF", Codebook: true},
			{Key: "pos1", Name: "Positive", ParentKey: "biden", Codebook: true},
			{Key: "putin", Name: "Putin", Codebook: true, CreatedAt: time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), Author: "Marie"},
			{Key: "pos2", Name: "Positive", ParentKey: "putin", Codebook: true},
			{Key: "long", Name: strings.Repeat("x", 150) + "\n  tail", Codebook: true},
			{Key: "unused", Name: "Not in the codebook"},
		},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.TagsMatched != 3 || rep.TagsAdded != 5 {
		t.Errorf("report: %s", rep.Summary())
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*annotate.Tag{}
	for _, tg := range tags {
		byName[tg.Name] = tg
	}
	biden, putin := byName["Biden"], byName["Putin"]
	if biden == nil || putin == nil || biden.Color != "#abcdef" || !annotate.ValidColor(putin.Color) || putin.Author != "Marie" ||
		!putin.CreatedAt.Equal(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Fatalf("tags: %v", tags)
	}
	if p := byName["Positive"]; p == nil || p.ParentID != biden.ID {
		t.Errorf("Positive under Biden: %+v", p)
	}
	if p := byName["Positive (Putin)"]; p == nil || p.ParentID != putin.ID {
		t.Errorf("second Positive, renamed, under Putin: %+v", p)
	}
	if byName["Not in the codebook"] != nil {
		t.Error("a tag no passage uses and outside the codebook was created")
	}
	if len(tags) != 7 {
		t.Errorf("%d tags, want 7", len(tags))
	}
	for _, tg := range tags {
		if len([]rune(tg.Name)) > annotate.MaxTagName {
			t.Errorf("tag name of %d characters", len([]rune(tg.Name)))
		}
	}
}

// TestImportBatchMatchesByQuotes: a document known to the file only by an
// ID this project does not have is found by the quotes selected in it,
// with their context when the quotes alone leave a choice.
func TestImportBatchMatchesByQuotes(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := MustDocument(t, db, "A", "Putin and Biden met. The ambassadors return. Putin smiled.")
	MustDocument(t, db, "B", "Biden spoke first. Putin answered. Nothing about envoys.")
	MustTag(t, db, "Summit")
	b := &annotate.Batch{
		File: "colleague.json",
		Documents: []*annotate.BatchDocument{
			{Key: "urn:uuid:11111111-1111-4111-8111-111111111111", ID: "11111111-1111-4111-8111-111111111111"},
			{Key: "urn:uuid:22222222-2222-4222-8222-222222222222", ID: "22222222-2222-4222-8222-222222222222"},
			{Key: "urn:uuid:33333333-3333-4333-8333-333333333333", ID: "33333333-3333-4333-8333-333333333333"},
		},
		Tags: []*annotate.BatchTag{{Key: "s", Name: "Summit"}},
		Passages: []*annotate.BatchPassage{
			// Only A has this quote.
			{Key: "unique", Document: "urn:uuid:11111111-1111-4111-8111-111111111111", Tags: []string{"s"},
				Selector: annotate.Selector{Exact: "The ambassadors return"}},
			// Both have "Putin"; only A has it after "smiled." context.
			{Key: "context", Document: "urn:uuid:22222222-2222-4222-8222-222222222222", Tags: []string{"s"},
				Selector: annotate.Selector{Exact: "Putin", Prefix: "return. ", Suffix: " smiled."}},
			// Only A has "Biden met", but nine characters prove nothing.
			{Key: "short", Document: "urn:uuid:33333333-3333-4333-8333-333333333333", Tags: []string{"s"},
				Selector: annotate.Selector{Exact: "Biden met"}},
			// Both have "Biden" and the context fits neither: no guess.
			{Key: "ambiguous", Document: "urn:uuid:33333333-3333-4333-8333-333333333333", Tags: []string{"s"},
				Selector: annotate.Selector{Exact: "Biden", Prefix: "xx", Suffix: "yy"}},
		},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]annotate.ReportLine{}
	for _, l := range rep.Lines {
		if l.What == "passage" {
			got[l.Key] = l
		}
	}
	for _, k := range []string{"unique", "context"} {
		p, err := db.Passage(ctx, got[k].ID)
		if err != nil || p.DocumentID != a.ID {
			t.Errorf("%s: %+v %v", k, got[k], err)
		}
	}
	if p, _ := db.Passage(ctx, got["context"].ID); p == nil || p.Start != 45 {
		t.Errorf("context passage placed at %+v, want the second Putin (45)", p)
	}
	for _, k := range []string{"ambiguous", "short"} {
		if got[k].Kind != annotate.ReportUnanchored {
			t.Errorf("%s: %+v", k, got[k])
		}
	}
}

// TestImportBatchFuzzy: a quote the text no longer holds exactly is placed
// where the text still nearly says it, and reported as re-anchored; on a
// document matched only by title the quote must be found as it is.
func TestImportBatchFuzzy(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit report", "The leaders met at the villa. The summit lasted less than four hours in Geneva, then both flew home.")
	MustTag(t, db, "Summit")
	quote := "The summit lasted less than 4 hours in Geneva"
	b := &annotate.Batch{
		File: "old.json",
		Documents: []*annotate.BatchDocument{
			{Key: "urn:uuid:" + doc.ID, ID: doc.ID},
			{Key: "https://elsewhere.example/", URL: "https://elsewhere.example/", Title: "summit report"},
		},
		Tags: []*annotate.BatchTag{{Key: "s", Name: "Summit"}},
		Passages: []*annotate.BatchPassage{
			{Key: "by-id", Document: "urn:uuid:" + doc.ID, Tags: []string{"s"},
				Selector: annotate.Selector{Exact: quote, Prefix: "met at the villa. ", Suffix: ", then both"}},
			{Key: "by-title", Document: "https://elsewhere.example/", Tags: []string{"s"},
				Selector: annotate.Selector{Exact: quote, Prefix: "met at the villa. ", Suffix: ", then both"}},
		},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]annotate.ReportLine{}
	for _, l := range rep.Lines {
		lines[l.Key] = l
	}
	if l := lines["by-id"]; l.Kind != annotate.ReportReanchored || !strings.Contains(l.Detail, "the text has changed") {
		t.Errorf("by-id: %+v", l)
	}
	p, err := db.Passage(ctx, lines["by-id"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Quote, "The summit lasted less than four hours in Geneva") {
		t.Errorf("placed on %q", p.Quote)
	}
	if l := lines["by-title"]; l.Kind != annotate.ReportUnanchored {
		t.Errorf("by-title: %+v", l)
	}
}

// TestImportBatchMemoOnAMatchedDocument gives a document already in the
// project the file's memo, as written by the file's author, or by the
// researcher importing when the file names none.
func TestImportBatchMemoOnAMatchedDocument(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	named := MustDocument(t, db, "Named", "First text: the ambassadors return.")
	unnamed := MustDocument(t, db, "Unnamed", "Second text: Putin and Biden met.")
	b := &annotate.Batch{File: "in.qdpx", Documents: []*annotate.BatchDocument{
		{Key: "named", ID: named.ID, Memo: "Read with the Kremlin's readout.", Author: "Marie"},
		{Key: "unnamed", ID: unnamed.ID, Memo: "The shortest account."},
	}}
	if _, err := db.ImportBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{named.ID: "Marie", unnamed.ID: db.Author()} {
		d, err := db.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Memo == "" || d.MemoAuthor != want || d.MemoUpdatedAt.IsZero() {
			t.Errorf("%s: memo %q by %q at %v; want it by %q", d.Title, d.Memo, d.MemoAuthor, d.MemoUpdatedAt, want)
		}
	}
}
