package cli_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// codedSummit makes x.gloss with the samples and, in the Axios article,
// passages where codes overlap and lie near each other.
func codedSummit(t *testing.T) (dir string, geneva doc) {
	t.Helper()
	dir = t.TempDir()
	mustGloss(t, dir, "new", "x.gloss", "--samples", "--author", "Ada")
	geneva = docByTitle(t, docs(t, dir, "x.gloss"), "hold their Geneva summit")
	for _, h := range []struct{ quote, tag string }{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
		{"crackdown on dissidents", "Navalny & dissidents"},
	} {
		mustGloss(t, dir, "highlight", "x.gloss", "--doc", geneva.ID[:8], "--quote", h.quote, "--tag", h.tag)
	}
	return dir, geneva
}

func quotesOf(ps []passage) string {
	var qs []string
	for _, p := range ps {
		qs = append(qs, p.Quote)
	}
	return strings.Join(qs, " | ")
}

func TestPassagesQuery(t *testing.T) {
	dir, _ := codedSummit(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--query", `"Cyber red lines" AND "Human rights"`}, "raised human rights and cyberattacks | cyberattacks with Putin"},
		{[]string{"--query", `"Cyber red lines" AND NOT "Human rights"`}, "harboring of cyber criminals"},
		{[]string{"--query", `"cyber red lines" near/5 "Navalny & dissidents"`}, "harboring of cyber criminals | crackdown on dissidents"},
		{[]string{"--query", `"Cyber red lines" NEAR/paragraph "Navalny & dissidents"`}, "harboring of cyber criminals | crackdown on dissidents"},
		{[]string{"--query", `NOT ("Cyber red lines" OR "Human rights")`}, "crackdown on dissidents"},
		{[]string{"--query", `"Cyber red lines"`, "--text", "putin"}, "cyberattacks with Putin"},
	} {
		if got := quotesOf(passages(t, dir, append([]string{"x.gloss"}, tc.args...)...)); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		}
	}
	// Text output: each passage in its context, and what was asked in words.
	out := mustGloss(t, dir, "passages", "x.gloss", "--query", `"Cyber red lines" AND NOT "Human rights"`)
	if !strings.Contains(out, `…election interference, “harboring of cyber criminals”, crackdown on dissidents,…`) ||
		!strings.Contains(out, `1 passage of "Cyber red lines" and not "Human rights"`) {
		t.Fatalf("text output:\n%s", out)
	}
	// A mistake is pointed at, under the query.
	_, errs, code := gloss(t, dir, "passages", "x.gloss", "--query", `"Cyber red lines" AND Human rights`)
	want := "gloss passages: query: column 23: code names go in double quotes: \"Human\"\n  \"Cyber red lines\" AND Human rights\n                        ^\n"
	if code != 2 && code != 1 || errs != want {
		t.Fatalf("mistake: exit %d, stderr\n%s\nwant\n%s", code, errs, want)
	}
	_, errs, code = gloss(t, dir, "passages", "x.gloss", "--query", `"Human rights" AND NOT "Cyber redlines"`)
	if code != 1 || !strings.Contains(errs, `column 24: no code named "Cyber redlines" (did you mean "Cyber red lines"?)`) || !strings.Contains(errs, "\n"+strings.Repeat(" ", 2+23)+"^\n") {
		t.Fatalf("unknown code: exit %d, %q", code, errs)
	}
	// The results as CSV, with their context.
	csvPath := filepath.Join(dir, "results.csv")
	mustGloss(t, dir, "passages", "x.gloss", "--query", `"Cyber red lines" OR "Human rights"`, "--csv", csvPath)
	recs := readCSV(t, csvPath)
	if len(recs) != 4 || strings.Join(recs[0], ",") != "passage_id,document,start,end,codes,before,quote,after,note,author,created" ||
		recs[1][6] != "raised human rights and cyberattacks" || recs[1][4] != "Human rights" || !strings.HasSuffix(recs[1][5], "Biden said he ") {
		t.Fatalf("csv: %q", recs)
	}
}

func TestAttrsCommand(t *testing.T) {
	dir, geneva := codedSummit(t)
	hill := docByTitle(t, docs(t, dir, "x.gloss"), "return ambassadors")
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Outlet type", "--choices", "Wire, Newspaper, Broadcaster")
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Published", "--kind", "date")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", geneva.ID[:8], "outlet type=newspaper", "Published=16 June 2021")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", hill.ID[:8], "Outlet type=Newspaper", "Published=2021-06-17")
	out := mustGloss(t, dir, "attrs", "x.gloss")
	if !strings.Contains(out, "Outlet type  choice  Wire, Newspaper, Broadcaster  2") || !strings.Contains(out, "Published    date") {
		t.Fatalf("attrs:\n%s", out)
	}
	var vals []struct {
		Title  string            `json:"title"`
		Values map[string]string `json:"values"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "attrs", "x.gloss", "values", "--where", "Published=2021-06-16..2021-06-16", "--json")), &vals); err != nil {
		t.Fatal(err)
	}
	if len(vals) != 1 || vals[0].Title != geneva.Title || vals[0].Values["Outlet type"] != "Newspaper" || vals[0].Values["Published"] != "2021-06-16" {
		t.Fatalf("values: %+v", vals)
	}
	// Refusals name the reason.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"set", "--doc", geneva.ID[:8], "Outlet type=Blog"}, `"Blog" is not one of Wire, Newspaper, Broadcaster`},
		{[]string{"set", "--doc", geneva.ID[:8], "Published=yesterday"}, `"yesterday" is not a date`},
		{[]string{"set", "--doc", geneva.ID[:8], "Stance=For"}, `no attribute named "Stance" (the attributes are: Outlet type, Published)`},
		{[]string{"define", "Outlet type", "--choices", "Wire"}, `the value "Newspaper" of "Biden and Putin hold their Geneva summit" does not fit`},
		{[]string{"define", "outlet TYPE", "--kind", "colour"}, `kind "colour" is not one of`},
	} {
		if _, errs, code := gloss(t, dir, append([]string{"attrs", "x.gloss"}, tc.args...)...); code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("attrs %q: exit %d, %q", tc.args, code, errs)
		}
	}
	// Passages, and the code × attribute matrix, by attribute.
	if got := quotesOf(passages(t, dir, "x.gloss", "--where", "Outlet type=Newspaper", "--query", `"Cyber red lines"`)); got != "cyberattacks with Putin | harboring of cyber criminals" {
		t.Fatalf("newspaper passages: %q", got)
	}
	if got := passages(t, dir, "x.gloss", "--where", "Outlet type=Wire"); len(got) != 0 {
		t.Fatalf("wire passages: %q", quotesOf(got))
	}
	var m struct {
		Columns []struct{ Name string } `json:"columns"`
		Rows    []struct{ Name string } `json:"rows"`
		Counts  [][]int                 `json:"counts"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "analysis", "x.gloss", "attribute", "Outlet type", "--json")), &m); err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range m.Columns {
		cols = append(cols, c.Name)
	}
	if strings.Join(cols, ",") != "Wire,Newspaper,Broadcaster,(not set)" || m.Rows[0].Name != "Cyber red lines" || m.Counts[0][1] != 2 || m.Counts[0][3] != 0 {
		t.Fatalf("by outlet type: %v %+v", cols, m)
	}
	out = mustGloss(t, dir, "analysis", "x.gloss", "attribute", "Published", "--by", "month")
	if !strings.Contains(out, "2021-06") {
		t.Fatalf("by month:\n%s", out)
	}
	if _, errs, code := gloss(t, dir, "analysis", "x.gloss", "attribute", "Outlet type", "--by", "month"); code != 2 || !strings.Contains(errs, "only dates are counted by year or month") {
		t.Fatalf("--by on a choice: exit %d, %q", code, errs)
	}
	mustGloss(t, dir, "attrs", "x.gloss", "delete", "Published")
	if out := mustGloss(t, dir, "attrs", "x.gloss"); strings.Contains(out, "Published") {
		t.Fatalf("deleted attribute still listed:\n%s", out)
	}
	mustGloss(t, dir, "check", "x.gloss")
}

func TestMemosCommand(t *testing.T) {
	dir, _ := codedSummit(t)
	mustGloss(t, dir, "memos", "x.gloss", "journal", "Coded", "the", "Axios", "piece.", "--date", "2021-06-17", "--title", "First pass")
	mustGloss(t, dir, "memos", "x.gloss", "code", "Human rights", "Raised by Biden; answered with whataboutism.", "--author", "Ben")
	var ms []struct {
		Kind, Subject, Date, Text, Author string
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "memos", "x.gloss", "--json")), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Kind != "journal" || ms[0].Date != "2021-06-17" || ms[0].Text != "Coded the Axios piece." ||
		ms[1].Kind != "code" || ms[1].Subject != "Human rights" || ms[1].Author != "Ben" {
		t.Fatalf("memos: %+v", ms)
	}
	if out := mustGloss(t, dir, "memos", "x.gloss", "--kind", "code", "--by", "Ben"); !strings.Contains(out, "code: Human rights  (Ben)\n    Raised by Biden") || strings.Contains(out, "journal") {
		t.Fatalf("Ben's code memos:\n%s", out)
	}
	md := filepath.Join(dir, "memos.md")
	mustGloss(t, dir, "memos", "x.gloss", "--md", md)
	b, err := os.ReadFile(md)
	if err != nil || !strings.Contains(string(b), "## Journal\n\n### 2021\\-06\\-17 First pass") || !strings.Contains(string(b), "### Human rights") {
		t.Fatalf("markdown %q, %v", b, err)
	}
	// The memos are found by the project search.
	if out := mustGloss(t, dir, "search", "x.gloss", "whataboutism"); !strings.Contains(out, "memo on code  Human rights  (1 of 1)\n    Raised by Biden; answered with [whataboutism].") {
		t.Fatalf("search for a memo:\n%s", out)
	}
	if _, errs, code := gloss(t, dir, "memos", "x.gloss", "journal", "x", "--date", "17/06/2021"); code != 1 || !strings.Contains(errs, "not of the form YYYY-MM-DD") {
		t.Fatalf("bad date: exit %d, %q", code, errs)
	}
}

// TestColleaguesMergeMemosAndAttributes has Ada and Ben each define
// attributes and write memos in their copies of a project, then merges
// Ben's into Ada's from the command line.
func TestColleaguesMergeMemosAndAttributes(t *testing.T) {
	dir, geneva := codedSummit(t)
	b, err := os.ReadFile(filepath.Join(dir, "x.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "y.gloss"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Outlet type", "--choices", "Wire,Newspaper", "--author", "Ada")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", geneva.ID[:8], "Outlet type=Newspaper", "--author", "Ada")
	mustGloss(t, dir, "memos", "x.gloss", "journal", "Ada's first pass.", "--author", "Ada")
	mustGloss(t, dir, "attrs", "y.gloss", "define", "Stance", "--choices", "Hawkish,Dovish", "--author", "Ben")
	mustGloss(t, dir, "attrs", "y.gloss", "set", "--doc", geneva.ID[:8], "Stance=Dovish", "--author", "Ben")
	mustGloss(t, dir, "memos", "y.gloss", "code", "Cyber red lines", "Ben: a bargaining chip.", "--author", "Ben")
	out := mustGloss(t, dir, "merge", "x.gloss", "y.gloss")
	for _, want := range []string{"attributes: 1 added, 0 updated; 1 document value added or changed", "memos: 1 memo taken from the colleague; journal: 0 added, 0 updated"} {
		if !strings.Contains(out, want) {
			t.Errorf("merge report lacks %q:\n%s", want, out)
		}
	}
	var vals []struct {
		Values map[string]string `json:"values"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "attrs", "x.gloss", "values", "--where", "Stance=Dovish", "--json")), &vals); err != nil {
		t.Fatal(err)
	}
	if len(vals) != 1 || vals[0].Values["Outlet type"] != "Newspaper" || vals[0].Values["Stance"] != "Dovish" {
		t.Fatalf("merged values: %+v", vals)
	}
	memos := mustGloss(t, dir, "memos", "x.gloss")
	if !strings.Contains(memos, "Ada's first pass.") || !strings.Contains(memos, "Ben: a bargaining chip.") {
		t.Fatalf("merged memos:\n%s", memos)
	}
	if again := mustGloss(t, dir, "merge", "x.gloss", "y.gloss"); !strings.Contains(again, "nothing new") {
		t.Fatalf("merging twice:\n%s", again)
	}
	mustGloss(t, dir, "check", "x.gloss")
}

func TestReconcileCommand(t *testing.T) {
	dir, _ := twoResearchers(t)
	mustGloss(t, dir, "merge", "x.gloss", "y.gloss")
	before := mustGloss(t, dir, "agreement", "x.gloss", "--authors", "Ada,Ben")
	var ds []struct {
		Key      string `json:"key"`
		Tag      string `json:"tag"`
		A, B     []struct{ Quote string }
		Decision string `json:"decision"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "reconcile", "x.gloss", "--authors", "Ada,Ben", "--json")), &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Tag != "Ambassadors" || ds[0].A[0].Quote != "ambassadors would return to their posts" || ds[0].B[0].Quote != "ambassadors would return" {
		t.Fatalf("disagreements: %+v", ds)
	}
	key := ds[0].Key[:8]
	out := mustGloss(t, dir, "reconcile", "x.gloss", "--authors", "Ada,Ben", "--decide", key, "--choose", "a", "--note", "Ada has the whole clause", "--author", "Carol")
	if !strings.Contains(out, "decided "+key+": Ada's version") {
		t.Fatalf("decide: %q", out)
	}
	if ps := passages(t, dir, "x.gloss", "--author", "Ben"); len(ps) != 0 {
		t.Fatalf("Ben's passage after deciding for Ada's: %+v", ps)
	}
	list := mustGloss(t, dir, "reconcile", "x.gloss", "--authors", "Ada,Ben")
	if !strings.Contains(list, "decided by Carol: Ada's version") || !strings.Contains(list, "1 disagreement, 0 not decided yet") {
		t.Fatalf("after deciding:\n%s", list)
	}
	// Agreement is measured on the coding as the coders made it.
	if after := mustGloss(t, dir, "agreement", "x.gloss", "--authors", "Ada,Ben"); after != before {
		t.Fatalf("agreement changed with the decision:\n%s\n%s", before, after)
	}
	mustGloss(t, dir, "reconcile", "x.gloss", "--authors", "Ada,Ben", "--undo", key)
	if ps := passages(t, dir, "x.gloss", "--author", "Ben"); len(ps) != 1 {
		t.Fatalf("Ben's passage after undoing: %+v", ps)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--decide", "ffff", "--choose", "a"}, 1, `no disagreement of Ada and Ben has the key "ffff"`},
		{[]string{"--decide", key, "--choose", "edit"}, 2, "--choose edit needs --range START-END"},
		{[]string{"--decide", key}, 2, "--decide needs --choose"},
	} {
		if _, errs, code := gloss(t, dir, append([]string{"reconcile", "x.gloss", "--authors", "Ada,Ben"}, tc.args...)...); code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%q: exit %d, %q", tc.args, code, errs)
		}
	}
}

// TestBriefScopeWhereAndQuery scopes a briefing by an attribute and a
// code query, as the Passages tab's results are: the Markdown export
// quotes only what the query selects in the documents kept.
func TestBriefScopeWhereAndQuery(t *testing.T) {
	dir, geneva := codedSummit(t)
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Outlet type", "--choices", "Online,Newspaper")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", geneva.ID[:8], "Outlet type=Online")
	mustGloss(t, dir, "brief", "x.gloss", "create", "Online", "--where", "Outlet type=Online",
		"--query", `"Cyber red lines" AND NOT "Human rights"`)
	var b struct {
		Scope struct {
			Where []string `json:"where"`
			Query string   `json:"query"`
		} `json:"scope"`
	}
	if err := json.Unmarshal([]byte(mustGloss(t, dir, "brief", "x.gloss", "show", "Online", "--json")), &b); err != nil {
		t.Fatal(err)
	}
	if strings.Join(b.Scope.Where, "|") != "Outlet type is Online" || b.Scope.Query != `"Cyber red lines" AND NOT "Human rights"` {
		t.Fatalf("scope %+v", b.Scope)
	}
	md := mustGloss(t, dir, "export", "md", "x.gloss", "-o", "-", "--brief", "Online")
	if !strings.Contains(md, "harboring of cyber criminals") || strings.Contains(md, "cyberattacks with Putin") {
		t.Fatalf("the briefing does not quote exactly what the query selects:\n%s", md)
	}
	// A newspaper-only scope has nothing to quote.
	mustGloss(t, dir, "brief", "x.gloss", "set", "Online", "--where", "Outlet type=Newspaper")
	md = mustGloss(t, dir, "export", "md", "x.gloss", "-o", "-", "--brief", "Online")
	if strings.Contains(md, "harboring of cyber criminals") {
		t.Fatalf("a passage of an online outlet's article in a newspapers' briefing:\n%s", md)
	}
	// An export on the command line narrows the same way.
	csv := mustGloss(t, dir, "export", "csv", "x.gloss", "-o", "-", "--where", "Outlet type=Online")
	if !strings.Contains(csv, "harboring of cyber criminals") {
		t.Fatalf("the online outlet's passages are not exported:\n%s", csv)
	}
	if csv := mustGloss(t, dir, "export", "csv", "x.gloss", "-o", "-", "--where", "Outlet type=Newspaper"); strings.Contains(csv, "harboring") {
		t.Fatalf("a newspaper-only export has the online outlet's passages:\n%s", csv)
	}
	_, stderr, code := gloss(t, dir, "brief", "x.gloss", "set", "Online", "--query", `"Cyber red lines" AND "Cyber"`)
	if code == 0 || !strings.Contains(stderr, "column 23") || !strings.Contains(stderr, "^") {
		t.Fatalf("an unknown code in --query: exit %d, %q", code, stderr)
	}
}

// TestAnalysisChart draws the code × attribute matrix as PNG and SVG, and
// refuses what it cannot draw.
func TestAnalysisChart(t *testing.T) {
	dir, geneva := codedSummit(t)
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Outlet type", "--choices", "Wire,Newspaper")
	mustGloss(t, dir, "attrs", "x.gloss", "define", "Published", "--kind", "date")
	mustGloss(t, dir, "attrs", "x.gloss", "set", "--doc", geneva.ID[:8], "Outlet type=Newspaper", "Published=2021-06-16")
	out := mustGloss(t, dir, "analysis", "x.gloss", "attribute", "Outlet type", "--chart", "outlets.png")
	if !strings.Contains(out, "wrote outlets.png") {
		t.Fatalf("chart: %q", out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "outlets.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() < 1000 {
		t.Fatalf("outlets.png: %v %v", err, img)
	}
	// Chart and CSV at once; a date attribute by month runs along the bottom.
	mustGloss(t, dir, "analysis", "x.gloss", "attribute", "Published", "--by", "month", "--chart", "months.svg", "--csv", "months.csv")
	svg, err := os.ReadFile(filepath.Join(dir, "months.svg"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "2021-06", "Cyber red lines", "Passages per code by Published, by month"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("months.svg lacks %q", want)
		}
	}
	if recs := readCSV(t, filepath.Join(dir, "months.csv")); len(recs) < 2 || recs[0][1] != "2021-06" {
		t.Errorf("months.csv: %q", recs)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"attribute", "Outlet type", "--chart", "x.pdf"}, 2, "name a .png or .svg file"},
		{[]string{"cooccurrence", "--chart", "x.png"}, 2, "--chart draws the attribute and authors tables"},
		{[]string{"attribute", "Outlet type", "--where", "Outlet type=Wire", "--chart", "wire.png"}, 1, "nothing to chart"},
	} {
		_, errs, code := gloss(t, dir, append([]string{"analysis", "x.gloss"}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("analysis %q: exit %d, %q", tc.args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "wire.png")); !os.IsNotExist(err) {
		t.Errorf("a chart that could not be drawn left a file: %v", err)
	}
}
