package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// briefProject is the sample project with three passages of Ada's and one
// of Ben's on the same text as one of hers, and a briefing written from
// the command line: a summary and a finding from text files, two stars.
func briefProject(t *testing.T) (dir string, ps []passage) {
	t.Helper()
	dir = exportProject(t)
	geneva := docByTitle(t, docs(t, dir, "geneva.gloss"), "hold their Geneva summit")
	mustGloss(t, dir, "highlight", "geneva.gloss", "--doc", geneva.ID[:8], "--author", "Ben", "--quote", "ambassadors would return to their posts",
		"--tag", "Ambassadors", "--note", "Confirmed the next day.")
	mustGloss(t, dir, "highlight", "geneva.gloss", "--doc", geneva.ID[:8], "--author", "Ada", "--quote", "basic rules of the road", "--tag", "Cyber red lines")
	ps = passages(t, dir, "geneva.gloss")
	if len(ps) != 4 {
		t.Fatalf("%d passages", len(ps))
	}
	for name, text := range map[string]string{
		"summary.md": "Geneva produced **one concrete deliverable**: the ambassadors return.\n\n- Cyber: rules of the road\n- Rights: raised\r\n",
		"amb.md":     "Both ambassadors return *within days*.",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := mustGloss(t, dir, "brief", "geneva.gloss", "create", "Minister", "--title", "Geneva, June 2021", "--audience", "Minister’s office",
		"--date", "2021-06-18", "--annex", "--author", "Ada")
	if !strings.HasPrefix(out, `created briefing "Minister"`) {
		t.Fatalf("create: %q", out)
	}
	mustGloss(t, dir, "brief", "geneva.gloss", "summary", "minister", "summary.md")
	mustGloss(t, dir, "brief", "geneva.gloss", "finding", "Minister", "ambassadors", "amb.md")
	return dir, ps
}

// byQuote finds a passage by its quote and author.
func byQuote(t *testing.T, ps []passage, quote, author string) passage {
	t.Helper()
	for _, p := range ps {
		if p.Quote == quote && p.Author == author {
			return p
		}
	}
	t.Fatalf("no passage %q by %s", quote, author)
	return passage{}
}

func TestBrief(t *testing.T) {
	dir, ps := briefProject(t)
	rules := byQuote(t, ps, "basic rules of the road", "Ada")
	amb := byQuote(t, ps, "ambassadors would return to their posts", "Ada")
	rights := byQuote(t, ps, "human rights", "Ada")
	mustGloss(t, dir, "brief", "geneva.gloss", "star", "Minister", amb.ID[:8], rules.ID[:8], rights.ID[:8])
	mustGloss(t, dir, "brief", "geneva.gloss", "unstar", "Minister", rights.ID[:8])
	mustGloss(t, dir, "brief", "geneva.gloss", "order", "Minister", rules.ID[:8])
	mustGloss(t, dir, "brief", "geneva.gloss", "set", "Minister", "--subtitle", "Outcomes", "--tag", "Ambassadors", "--tag", "Cyber red lines")

	var b struct {
		Name, Title, Subtitle, Audience, Date, Summary string
		Annex                                          bool
		Scope                                          struct{ Codes []string }
		Findings                                       []struct{ Code, Text string }
		KeyQuotes                                      []struct{ Passage, Quote string } `json:"key_quotes"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "brief", "geneva.gloss", "show", "Minister", "--json")), &b); err != nil {
		t.Fatal(err)
	}
	if b.Title != "Geneva, June 2021" || b.Subtitle != "Outcomes" || b.Audience != "Minister’s office" || b.Date != "2021-06-18" || !b.Annex {
		t.Errorf("settings %+v", b)
	}
	if !strings.HasPrefix(b.Summary, "Geneva produced **one concrete deliverable**") || strings.Contains(b.Summary, "\r") {
		t.Errorf("summary %q", b.Summary)
	}
	if len(b.Findings) != 1 || b.Findings[0].Code != "Ambassadors" || b.Findings[0].Text != "Both ambassadors return *within days*." {
		t.Errorf("findings %+v", b.Findings)
	}
	if len(b.KeyQuotes) != 2 || b.KeyQuotes[0].Passage != rules.ID || b.KeyQuotes[1].Passage != amb.ID {
		t.Errorf("key quotes in order %+v", b.KeyQuotes)
	}
	if strings.Join(b.Scope.Codes, ",") != "Ambassadors,Cyber red lines" {
		t.Errorf("scope %v", b.Scope.Codes)
	}
	list := mustGloss(t, dir, "brief", "geneva.gloss")
	if !strings.Contains(list, "Minister") || !strings.Contains(list, "Geneva, June 2021") {
		t.Errorf("list:\n%s", list)
	}

	// The PDF of the saved briefing: its cover, the summary rendered, the
	// finding, the key quotes in their order, the text both coded once.
	mustGloss(t, dir, "export", "pdf", "geneva.gloss", "-o", "brief.pdf", "--brief", "Minister")
	text := pdftotext(t, filepath.Join(dir, "brief.pdf"))
	for _, want := range []string{"MINISTER’S OFFICE", "Geneva, June 2021", "Outcomes", "18 June 2021", "Executive summary",
		"Geneva produced one concrete deliverable", "Both ambassadors return within days.", "Coded by Ada: Ambassadors · Ben: Ambassadors"} {
		if !strings.Contains(text, want) {
			t.Errorf("the briefing lacks %q", want)
		}
	}
	if strings.Contains(text, "**") || strings.Contains(text, "*within") {
		t.Error("the briefing shows Markdown syntax")
	}
	if strings.Count(text, "ambassadors would return to their posts") != 1 {
		t.Error("the text both coded is not quoted once")
	}
	if i, j := strings.Index(text, "basic rules of the road"), strings.Index(text, "ambassadors would return to their posts"); i < 0 || j < 0 || i > j {
		t.Error("the key quotes are not in the order given")
	}
	md := mustGloss(t, dir, "export", "md", "geneva.gloss", "-o", "-", "--brief", "Minister")
	for _, want := range []string{"# Geneva, June 2021", "## Executive summary", "**one concrete deliverable**", "### 1 Cyber red lines", "### 2 Ambassadors",
		"Both ambassadors return *within days*."} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown briefing lacks %q", want)
		}
	}

	mustGloss(t, dir, "brief", "geneva.gloss", "set", "Minister", "--rename", "Minister (June)")
	mustGloss(t, dir, "brief", "geneva.gloss", "delete", "Minister (June)")
	if out := mustGloss(t, dir, "brief", "geneva.gloss"); !strings.Contains(out, "no briefings") {
		t.Errorf("after delete: %q", out)
	}
}

func TestBriefErrors(t *testing.T) {
	dir, ps := briefProject(t)
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte{0xff, 0xfe, 'x'}, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"brief", "geneva.gloss", "frobnicate"}, 2, "unknown action"},
		{[]string{"brief", "geneva.gloss", "show"}, 2, "needs the briefing's name"},
		{[]string{"brief", "geneva.gloss", "finding", "Minister", "Ambassadors"}, 2, "needs 1 more argument"},
		{[]string{"brief", "geneva.gloss", "star", "Minister", ps[0].ID[:8], "--title", "x"}, 2, "--title sets up a briefing"},
		{[]string{"brief", "geneva.gloss", "create", "Other", "--date", "18/06/2021"}, 2, "not a date of the form YYYY-MM-DD"},
		{[]string{"brief", "geneva.gloss", "set", "Minister"}, 2, "set needs a setting to change"},
		{[]string{"brief", "geneva.gloss", "create", "minister"}, 1, `a briefing named "Minister" already exists`},
		{[]string{"brief", "geneva.gloss", "show", "Nobody"}, 1, `no briefing named "Nobody" (briefings: Minister)`},
		{[]string{"brief", "geneva.gloss", "summary", "Minister", "missing.md"}, 1, "missing.md: no such file or directory"},
		{[]string{"brief", "geneva.gloss", "summary", "Minister", "bad.md"}, 1, "bad.md: not UTF-8 text"},
		{[]string{"brief", "geneva.gloss", "finding", "Minister", "No such code", "amb.md"}, 1, `no code named "No such code"`},
		{[]string{"brief", "geneva.gloss", "star", "Minister", "ffffffff"}, 1, "no passage with id ffffffff"},
		{[]string{"export", "pdf", "geneva.gloss", "-o", "x.pdf", "--brief", "Minister", "--tag", "Ukraine"}, 2, "--tag and --brief do not go together"},
		{[]string{"export", "pdf", "geneva.gloss", "-o", "x.pdf", "--brief", "Nobody"}, 1, `no briefing named "Nobody"`},
		{[]string{"export", "qdpx", "geneva.gloss", "--brief", "Minister"}, 2, "--brief applies to pdf, csv and md"},
	} {
		_, stderr, code := gloss(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("gloss %s: exit %d, %q; want exit %d with %q", strings.Join(tc.args, " "), code, stderr, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a failed export left a file")
	}
}
