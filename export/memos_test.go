package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"

	"gloss/annotate"
	"gloss/export"
)

var memos = []*annotate.Memo{
	{Kind: annotate.MemoJournal, ID: "j1", Date: "2021-06-17", Subject: "First pass", Text: "Coded the Axios piece.\n\nRed lines come first.", Author: "Ada",
		UpdatedAt: time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)},
	{Kind: annotate.MemoCode, ID: "t1", Subject: "Cyber red lines #1 *draft*", Text: "=HYPERLINK(\"x\") is how a spreadsheet would read this.", Author: "Ben",
		UpdatedAt: time.Date(2021, 6, 18, 9, 0, 0, 0, time.UTC)},
	{Kind: annotate.MemoDocument, ID: "d1", Subject: "Biden and Putin hold their Geneva summit", Text: "Axios's quick take.", Author: "Ada"},
}

func TestMemosCSV(t *testing.T) {
	for _, bom := range []bool{false, true} {
		var b bytes.Buffer
		if err := export.MemosCSV(&b, memos, bom); err != nil {
			t.Fatal(err)
		}
		data := b.String()
		if bom != strings.HasPrefix(data, "\uFEFF") {
			t.Fatalf("bom %v: starts %q", bom, data[:3])
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 4 || strings.Join(recs[0], ",") != "kind,subject,date,memo,author,updated" {
			t.Fatalf("csv: %q", recs)
		}
		if recs[1][0] != "journal" || recs[1][2] != "2021-06-17" || recs[1][3] != "Coded the Axios piece.\n\nRed lines come first." || recs[1][5] != "2021-06-17T09:00:00.000Z" {
			t.Fatalf("journal row %q", recs[1])
		}
		want := `=HYPERLINK("x") is how a spreadsheet would read this.`
		if bom {
			want = "\u2060" + want
		}
		if recs[2][3] != want || recs[3][5] != "" {
			t.Fatalf("bom %v: code row %q, document row %q", bom, recs[2], recs[3])
		}
	}
}

func TestMemosMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := export.MemosMarkdown(&b, "Geneva summit: memos", memos); err != nil {
		t.Fatal(err)
	}
	var html bytes.Buffer
	if err := goldmark.Convert(b.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	got := html.String()
	for _, want := range []string{
		"<h1>Geneva summit: memos</h1>",
		"<h2>Journal</h2>", "<h3>2021-06-17 First pass</h3>", "<em>Ada, 17 June 2021</em>",
		"<p>Coded the Axios piece.</p>\n<p>Red lines come first.</p>",
		"<h2>Codes</h2>", "<h3>Cyber red lines #1 *draft*</h3>",
		"<h2>Documents</h2>", "<h3>Biden and Putin hold their Geneva summit</h3>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "<h2>Journal") > strings.Index(got, "<h2>Codes") {
		t.Error("the journal comes after the codes")
	}
}

func TestResultsCSV(t *testing.T) {
	ps := []*annotate.Passage{{ID: "p1", DocumentID: "d1", Start: 10, End: 20, Prefix: "before ", Quote: "the quote", Suffix: ", after",
		Tags: []string{"t1", "gone", "t2"}, Note: annotate.Note{Text: "-note"}, Author: "Ada", CreatedAt: time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)}}
	var b bytes.Buffer
	if err := export.ResultsCSV(&b, ps, map[string]string{"d1": "Summit"}, map[string]string{"t1": "Cyber red lines", "t2": "Human rights"}, true); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"p1", "Summit", "10", "20", "Cyber red lines; Human rights", "before ", "the quote", ", after", "\u2060-note", "Ada", "2021-06-17T09:00:00.000Z"}
	if len(recs) != 2 || strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Fatalf("rows %q", recs)
	}
}
