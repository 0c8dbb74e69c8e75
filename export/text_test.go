package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"gloss/annotate"
	"gloss/export"
)

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCSV(t *testing.T) {
	db, _, tags := seedProject(t)
	// A passage whose quote and note need CSV quoting.
	tricky := "Line one, with “quotes” and \"straight\" ones;\nline two — 日本語 😀"
	doc := MustDocument(t, db, &annotate.Document{Title: "Tricky, \"title\"", Outlet: "Outlet", Published: "2021-06-17", Text: "Before.\n" + tricky + "\nAfter."})
	p := MustPassage(t, db, doc, tricky, "Note,\r\nwith CRLF", tags["Ukraine"], tags["Cooperation"])

	path := filepath.Join(t.TempDir(), "passages.csv")
	if err := export.WriteFile(path, func(w io.Writer) error {
		return export.CSV(context.Background(), w, db, export.Options{})
	}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Error("BOM written without the option")
	}
	rows := readCSV(t, data)
	if strings.Join(rows[0], ",") != "passage_id,document,outlet,published,tag,quote,note,author,start,end,created,updated" {
		t.Errorf("header %q", rows[0])
	}
	want := 2
	for _, sp := range seedPassages {
		want += len(sp.tags)
	}
	if len(rows)-1 != want {
		t.Errorf("%d rows, want one per passage and tag: %d", len(rows)-1, want)
	}
	var mine [][]string
	for _, r := range rows[1:] {
		if len(r) != 12 {
			t.Fatalf("row of %d fields: %q", len(r), r)
		}
		if r[0] == p.ID {
			mine = append(mine, r)
		}
	}
	if len(mine) != 2 || mine[0][4]+"|"+mine[1][4] != "Ukraine|Cooperation" && mine[0][4]+"|"+mine[1][4] != "Cooperation|Ukraine" {
		t.Fatalf("rows of the tricky passage: %q", mine)
	}
	r := mine[0]
	if r[1] != doc.Title || r[2] != "Outlet" || r[3] != "2021-06-17" || r[5] != tricky || r[6] != "Note,\nwith CRLF" ||
		r[7] != "Ada Lovelace" || r[8] != strconv.Itoa(p.Start) || r[9] != strconv.Itoa(p.End) {
		t.Errorf("row %q", r)
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(r[10]) || r[10] != r[11] {
		t.Errorf("times %q, %q", r[10], r[11])
	}

	// Scope and BOM.
	var buf bytes.Buffer
	if err := export.CSV(context.Background(), &buf, db, export.Options{Tags: []string{"Ukraine"}, BOM: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBFpassage_id,")) {
		t.Errorf("no BOM: %q", buf.Bytes()[:20])
	}
	rows = readCSV(t, bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))
	for _, r := range rows[1:] {
		if r[4] != "Ukraine" {
			t.Errorf("row for tag %q outside the scope", r[4])
		}
	}
	ukraine := 1 // the tricky passage
	for _, sp := range seedPassages {
		for _, name := range sp.tags {
			if name == "Ukraine" {
				ukraine++
			}
		}
	}
	if len(rows)-1 != ukraine {
		t.Errorf("%d Ukraine rows, want %d", len(rows)-1, ukraine)
	}
}

// mdText renders Markdown to HTML with goldmark (CommonMark and GitHub
// tables) and returns the visible text.
func mdText(t *testing.T, md []byte) (text, htm string) {
	t.Helper()
	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(out.String(), " ")), out.String()
}

func TestMarkdown(t *testing.T) {
	db, _, tags := seedProject(t)
	nasty := "*not bold* _nor this_ [no link](http://x) <b>no tag</b> `no code` | pipe &copy; &amp; ~~no strike~~"
	lines := "# not a heading\n- not a list\n1. not numbered\n+ plus\n\n> not quoted\n=== not a heading"
	doc := MustDocument(t, db, &annotate.Document{Title: "Syntax *test*", Text: "A.\n" + nasty + "\n" + lines + "\nB."})
	MustPassage(t, db, doc, nasty, "Note with **stars** and <i>tags</i>", tags["Ukraine"])
	MustPassage(t, db, doc, lines, "", tags["Ukraine"])

	var buf bytes.Buffer
	opts := seedOptions()
	if err := export.Markdown(context.Background(), &buf, db, opts); err != nil {
		t.Fatal(err)
	}
	text, htm := mdText(t, buf.Bytes())
	flat := squash(text)
	// In a quotation only a link is read as Markdown: it shows its text,
	// linked. A note is rendered, never shown as its syntax.
	quoted := strings.Replace(nasty, "[no link](http://x)", "no link", 1)
	for _, want := range []string{opts.Title, opts.Subtitle, "Prepared by Ada Lovelace", "18 June 2021", quoted, lines,
		"Note with stars and tags", "Syntax *test*", "Method and sources", "Overview", "Findings", "Sources"} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("rendered Markdown lacks %q", want)
		}
	}
	for _, want := range []string{`<a href="http://x">no link</a>`, "<strong>stars</strong>"} {
		if !strings.Contains(htm, want) {
			t.Errorf("rendered Markdown lacks %s", want)
		}
	}
	for _, sp := range seedPassages {
		if n := strings.Count(flat, squash(sp.quote)); n != 1 {
			t.Errorf("quote printed %d times, want once: %q", n, sp.quote)
		}
	}
	for i, tag := range seedTags {
		if !strings.Contains(htm, fmt.Sprintf("<h3>%d %s</h3>", i+1, html.EscapeString(tag.name))) {
			t.Errorf("no section heading for %q", tag.name)
		}
	}
	// Quotes are block quotes, one per quotation; the syntax in them
	// stays text.
	if n := strings.Count(htm, "<blockquote>"); n != 2+len(seedPassages) {
		t.Errorf("%d block quotes, want %d", n, 2+len(seedPassages))
	}
	for _, bad := range []string{"<em>not bold", "<b>", "<i>tags", "<code>", "<h1>not", "<del>", "<li>not a list", "<li>not numbered", "<li>plus", "**"} {
		if strings.Contains(htm, bad) {
			t.Errorf("project text became Markdown syntax, or a note's syntax shows: %s", bad)
		}
	}
	if !strings.Contains(htm, "<table>") || !strings.Contains(htm, ">Total</th>") {
		t.Error("no overview table")
	}
}

// TestCSVForSpreadsheets checks that the spreadsheet option keeps cells
// that look like formulas as text, and that plain CSV keeps them as stored.
func TestCSVForSpreadsheets(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := &annotate.Document{Title: "=HYPERLINK(\"http://x\")", Text: "- The Russian president was defensive.\n+1 for diplomacy.\n"}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "@mentions", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 38, Quote: "- The Russian president was defensive.",
		Tags: []string{tag.ID}, Note: annotate.Note{Text: "=1+1"}}
	if err := db.CreatePassage(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		bom                        bool
		document, tag, quote, note string
	}{
		{false, `=HYPERLINK("http://x")`, "@mentions", "- The Russian president was defensive.", "=1+1"},
		{true, "\u2060" + `=HYPERLINK("http://x")`, "\u2060@mentions", "\u2060- The Russian president was defensive.", "\u2060=1+1"},
	} {
		var buf bytes.Buffer
		if err := export.CSV(ctx, &buf, db, export.Options{BOM: tc.bom}); err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))
		if len(rows) != 2 {
			t.Fatalf("bom=%v: %d rows", tc.bom, len(rows))
		}
		r := rows[1]
		if r[1] != tc.document || r[4] != tc.tag || r[5] != tc.quote || r[6] != tc.note || r[8] != "0" {
			t.Errorf("bom=%v: row %q", tc.bom, r)
		}
		// What a spreadsheet draws is the quote as stored: the guard is a
		// format character, never drawn, and no apostrophe shows.
		if shown := strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, r[5]); shown != p.Quote {
			t.Errorf("bom=%v: the quote shows as %q, want %q", tc.bom, shown, p.Quote)
		}
	}
}

// TestMarkdownSampleBrief writes the sample briefing as Markdown: the same
// content as the PDF, with the analyst's Markdown rendered as Markdown.
func TestMarkdownSampleBrief(t *testing.T) {
	db, bf, _, _ := sampleBriefing(t)
	var buf bytes.Buffer
	if err := export.Markdown(context.Background(), &buf, db, export.Options{Briefing: bf}); err != nil {
		t.Fatal(err)
	}
	text, htm := mdText(t, buf.Bytes())
	flat := squash(text)
	for _, want := range []string{"<strong>one concrete deliverable</strong>", "<em>process</em>", "<li><strong>Cyber:</strong>",
		"<h2>Executive summary</h2>", "<h2>Method and sources</h2>", "<h2>Findings</h2>", "<h3>1 Cyber red lines</h3>",
		"<h3>2 Ambassadors</h3>", "<h3>3 Arms control &amp; strategic stability</h3>", "<h2>Annex: further quotations</h2>",
		"<strong>first explicit cyber red line</strong>", `<a href="https://www.whitehouse.gov/briefing-room/`} {
		if !strings.Contains(htm, want) {
			t.Errorf("the Markdown briefing lacks %s", want)
		}
	}
	if strings.Contains(htm, "**") || strings.Contains(htm, "](") {
		t.Error("Markdown syntax shows in the rendered briefing")
	}
	amb := squash("…announced that the U.S. and Russia's respective ambassadors would return to their posts.")
	if strings.Count(flat, amb) != 1 || !strings.Contains(flat, squash("Coded by Ada Lovelace: Ambassadors, Cooperation · Ben Okri: Ambassadors")) {
		t.Error("the quote both coders coded is not printed once with both names")
	}
	if !strings.Contains(flat, squash("Ben Okri: Confirmed by the Kremlin the next day.")) {
		t.Error("Ben's note is not attributed to him")
	}
	at := -1
	for _, q := range []string{"In recent months, Russia-based hackers", "Biden said he raised human rights", "On the cybersecurity front"} {
		i := strings.Index(flat, squash(q))
		if i < at {
			t.Errorf("key quote %q is out of the analyst's order", q)
		}
		at = i
	}
	if !strings.Contains(htm, ">Axios</th>") || !strings.Contains(htm, ">Period</th>") {
		t.Error("the charts' tables are missing")
	}
}
