package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

type searchOut struct {
	Sources int `json:"sources"`
	Hits    []struct {
		DocumentID string `json:"document_id"`
		Document   string `json:"document"`
		Field      string `json:"field"`
		PassageID  string `json:"passage_id"`
		Start      int    `json:"start"`
		End        int    `json:"end"`
		Match      string `json:"match"`
	} `json:"hits"`
}

func TestSearch(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	var res searchOut
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "search", "x.gloss", `"human rights"`, "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Sources != 3 || len(res.Hits) != 3 {
		t.Fatalf("\"human rights\": %d sources, %d hits; want 3 and 3", res.Sources, len(res.Hits))
	}
	// The offsets are code points into the document: highlighting there
	// with the CLI quotes exactly the match.
	h := res.Hits[0]
	if !strings.EqualFold(h.Match, "human rights") || h.Field != "text" || h.End-h.Start != utf8.RuneCountInString(h.Match) {
		t.Fatalf("hit = %+v", h)
	}
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", h.DocumentID, "--quote", h.Match, "--occurrence", "1", "--tag", "Human rights", "--note", "Raised by Biden, dismissed")
	ps := passages(t, dir, "x.gloss")
	if len(ps) != 1 || ps[0].Start != h.Start || ps[0].End != h.End {
		t.Fatalf("passage %+v does not sit at the hit [%d, %d)", ps, h.Start, h.End)
	}
	// Notes are searched too, and point at their passage.
	res = searchOut{}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "search", "x.gloss", "dismiss*", "--json")), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Field != "note" || res.Hits[0].PassageID != ps[0].ID || res.Hits[0].Start != ps[0].Start {
		t.Fatalf("note hit = %+v", res.Hits)
	}
	if out := mustGloss(t, dir, "search", "x.gloss", "zelenskyy OR kamala*"); !strings.Contains(out, "no hits") {
		t.Fatalf("search without hits: %q", out)
	}
	for _, q := range []string{`"human rights`, `(cyber`, `putin OR`} {
		_, errs, code := gloss(t, dir, "search", "x.gloss", q)
		if code != 1 || !strings.HasPrefix(errs, "gloss search: ") || strings.Contains(errs, "SQL") || strings.Contains(errs, "fts5") {
			t.Errorf("search %q: exit %d, stderr %q", q, code, errs)
		}
	}
	if _, errs, code := gloss(t, dir, "search", "x.gloss"); code != 2 {
		t.Errorf("search without a query: exit %d, stderr %q", code, errs)
	}
}

type proposalOut struct {
	DocumentID string `json:"document_id"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Quote      string `json:"quote"`
	Tag        string `json:"tag"`
	Rule       string `json:"rule"`
}

func TestAutocodeAndRules(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	if out := mustGloss(t, dir, "rules", "x.gloss"); !strings.Contains(out, "Cyber red lines") || !strings.Contains(out, "ambassador*") {
		t.Fatalf("new projects get the seed rules; rules lists:\n%s", out)
	}
	mustGloss(t, dir, "rules", "x.gloss", "--add", "Summit venue", "--regex", `villa la grange`, "--tag", "Expectations", "--scope", "match")
	var ps []proposalOut
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "autocode", "x.gloss", "--rule", "summit venue", "--json")), &ps); err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("the venue rule proposes nothing")
	}
	for _, p := range ps {
		if !strings.EqualFold(p.Quote, "Villa La Grange") || p.Tag != "Expectations" || p.Rule != "Summit venue" {
			t.Fatalf("proposal %+v", p)
		}
	}
	// Listing writes nothing; --apply codes them with provenance auto.
	if got := passages(t, dir, "x.gloss"); len(got) != 0 {
		t.Fatalf("listing proposals coded %d passages", len(got))
	}
	out := mustGloss(t, dir, "autocode", "x.gloss", "--rule", "Summit venue", "--apply", "--author", "Bo")
	if !strings.Contains(out, "coded "+itoa(len(ps))+" passages") {
		t.Fatalf("apply: %q", out)
	}
	got := passages(t, dir, "x.gloss")
	if len(got) != len(ps) || got[0].Author != "Bo" || !strings.EqualFold(got[0].Quote, "Villa La Grange") {
		t.Fatalf("coded passages %+v", got)
	}
	// Nothing is proposed twice.
	if out := mustGloss(t, dir, "autocode", "x.gloss", "--rule", "Summit venue"); !strings.Contains(out, "no proposals") {
		t.Fatalf("second run: %q", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"rules", "x.gloss", "--add", "Bad", "--regex", "(", "--tag", "Ukraine"}, 1, "missing closing )"},
		{[]string{"rules", "x.gloss", "--add", "Both", "--regex", "a", "--words", "b", "--tag", "Ukraine"}, 2, "one of --words or --regex"},
		{[]string{"rules", "x.gloss", "--add", "Cyber", "--words", "x", "--tag", "Ukraine"}, 1, "already exists"},
		{[]string{"rules", "x.gloss", "--add", "Odd", "--words", "x", "--tag", "Weather"}, 1, `no code named "Weather"`},
		{[]string{"autocode", "x.gloss", "--rule", "Nope"}, 1, `no rule named "Nope"`},
	} {
		_, errs, code := gloss(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	mustGloss(t, dir, "rules", "x.gloss", "--delete", "summit venue")
	if out := mustGloss(t, dir, "rules", "x.gloss"); strings.Contains(out, "Summit venue") {
		t.Fatalf("deleted rule still listed:\n%s", out)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestAnalysis(t *testing.T) {
	dir := t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	geneva := docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", "Biden said he raised human rights and cyberattacks with Putin",
		"--tag", "Human rights", "--tag", "Cyber red lines", "--author", "Ada")
	mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID, "--quote", "cyberattacks with Putin, including 16", "--tag", "Cyber red lines", "--author", "Bo")
	mustGloss(t, dir, "analysis", "x.gloss", "matrix", "--csv", "m.csv")
	rows := readCSV(t, filepath.Join(dir, "m.csv"))
	col := -1
	for i, h := range rows[0] {
		if h == geneva.Title {
			col = i
		}
	}
	if col < 0 || rows[0][0] != "Code" || rows[0][len(rows[0])-1] != "Total" {
		t.Fatalf("matrix header %v", rows[0])
	}
	cell := map[string]string{}
	for _, r := range rows[1:] {
		cell[r[0]] = r[col]
	}
	if cell["Human rights"] != "1" || cell["Cyber red lines"] != "2" || cell["Ukraine"] != "0" || len(rows) != 10 {
		t.Fatalf("matrix cells %v (%d rows)", cell, len(rows))
	}
	co := mustGloss(t, dir, "analysis", "x.gloss", "cooccurrence", "--csv", "-")
	rows = parseCSV(t, co)
	var hr []string
	for _, r := range rows {
		if r[0] == "Human rights" {
			hr = r
		}
	}
	// Human rights × Cyber: the passage with both, and its overlap with Bo's.
	if hr == nil || hr[1] != "2" || hr[2] != "1" {
		t.Fatalf("co-occurrence row %v", hr)
	}
	out := mustGloss(t, dir, "analysis", "x.gloss", "authors")
	if !strings.Contains(out, "Ada") || !strings.Contains(out, "Bo") || !strings.Contains(out, "Passages") {
		t.Fatalf("authors:\n%s", out)
	}
	if _, errs, code := gloss(t, dir, "analysis", "x.gloss", "pie"); code != 2 || !strings.Contains(errs, "matrix, cooccurrence, authors or attribute") {
		t.Fatalf("unknown analysis: exit %d, %q", code, errs)
	}
	if _, errs, code := gloss(t, dir, "analysis", "x.gloss", "matrix", "--csv", filepath.Join(dir, "missing", "m.csv")); code != 1 || !strings.Contains(errs, "missing") {
		t.Fatalf("unwritable CSV: exit %d, %q", code, errs)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, string(b))
}

func parseCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
