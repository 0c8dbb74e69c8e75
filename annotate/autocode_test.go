package annotate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
)

// ranges shows code-point ranges of text as the text they cover.
func ranges(text string, rs [][2]int) []string {
	t := annotate.NewText(text)
	var out []string
	for _, r := range rs {
		out = append(out, t.Slice(r[0], r[1]))
	}
	return out
}

func TestParagraphs(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"", nil},
		{"One.", []string{"One."}},
		{"One.\nTwo é.\n", []string{"One.", "Two é."}},
		{"  Lead space.  \n\n\t\nAfter blank.", []string{"Lead space.", "After blank."}},
		{"\n\n", nil},
		// Long lines: one paragraph each, blank lines or not.
		{strings.Repeat("x", 120) + "\ny\n\nz", []string{strings.Repeat("x", 120), "y", "z"}},
		// Hard-wrapped: blank lines separate paragraphs.
		{"A text wrapped\nat a width.\n\nSecond one\nhere.\n", []string{"A text wrapped\nat a width.", "Second one\nhere."}},
	} {
		got := ranges(tc.text, annotate.Paragraphs(tc.text))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Paragraphs(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Biden met Putin. They talked.", []string{"Biden met Putin.", "They talked."}},
		{"The U.S. and Russia met. Then?", []string{"The U.S. and Russia met.", "Then?"}},
		{"Mr. Putin spoke. Vladimir V. Putin said so!", []string{"Mr. Putin spoke.", "Vladimir V. Putin said so!"}},
		{`He called it "very constructive." Biden agreed.`, []string{`He called it "very constructive."`, "Biden agreed."}},
		{"It was 3.5 hours… Short ones.", []string{"It was 3.5 hours…", "Short ones."}},
		{"No terminator at the end", []string{"No terminator at the end"}},
		{"First line\nSecond line. Third.", []string{"First line", "Second line.", "Third."}},
		{"Wrapped at\nwidth. Then.\n\nNext", []string{"Wrapped at\nwidth.", "Then.", "Next"}},
		{"U.S.-Russia relations sank. e.g. this.", []string{"U.S.-Russia relations sank.", "e.g. this."}},
		{"Café talks. Über alles.", []string{"Café talks.", "Über alles."}},
	} {
		got := ranges(tc.text, annotate.Sentences(tc.text))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

const summit = "Biden raised human rights with Putin. Cyberattacks were discussed; hackers too.\n" +
	"The ambassadors will return. Navalny was not mentioned.\n" +
	"Arms Control talks, strategic stability and the U.S.-Russia relationship."

func rule(name, kind, pattern, scope, tag string) *annotate.Rule {
	return &annotate.Rule{ID: name, Name: name, Kind: kind, Pattern: pattern, Scope: scope, TagID: tag}
}

func TestAutoCodeScopes(t *testing.T) {
	for _, tc := range []struct {
		name string
		rule *annotate.Rule
		want []string // quotes proposed, in order
	}{
		{"word match", rule("r", annotate.RuleWords, "ambassador*", annotate.ScopeMatch, "T"), []string{"ambassadors"}},
		{"whole word only", rule("r", annotate.RuleWords, "ambassador", annotate.ScopeMatch, "T"), nil},
		{"case ignored", rule("r", annotate.RuleWords, "NAVALNY", annotate.ScopeMatch, "T"), []string{"Navalny"}},
		{"alternatives", rule("r", annotate.RuleWords, "cyber*|hack*|ransomware", annotate.ScopeMatch, "T"), []string{"Cyberattacks", "hackers"}},
		{"phrase", rule("r", annotate.RuleWords, "human rights | arms control", annotate.ScopeMatch, "T"), []string{"human rights", "Arms Control"}},
		{"phrase with prefix", rule("r", annotate.RuleWords, "strategic stab*", annotate.ScopeMatch, "T"), []string{"strategic stability"}},
		{"punctuation in words", rule("r", annotate.RuleWords, "U.S.-Russia", annotate.ScopeMatch, "T"), []string{"U.S.-Russia"}},
		{"sentence", rule("r", annotate.RuleWords, "hack*", annotate.ScopeSentence, "T"), []string{"Cyberattacks were discussed; hackers too."}},
		{"two matches one sentence", rule("r", annotate.RuleWords, "cyber*|hack*", annotate.ScopeSentence, "T"), []string{"Cyberattacks were discussed; hackers too."}},
		{"paragraph", rule("r", annotate.RuleWords, "navalny", annotate.ScopeParagraph, "T"), []string{"The ambassadors will return. Navalny was not mentioned."}},
		{"regex match", rule("r", annotate.RuleRegex, `\bputin\b`, annotate.ScopeMatch, "T"), []string{"Putin"}},
		{"regex case kept when asked", rule("r", annotate.RuleRegex, `(?-i)\bputin\b`, annotate.ScopeMatch, "T"), nil},
		{"regex across sentences", rule("r", annotate.RuleRegex, `Putin\. Cyber`, annotate.ScopeSentence, "T"),
			[]string{"Biden raised human rights with Putin. Cyberattacks were discussed; hackers too."}},
		{"regex sentence", rule("r", annotate.RuleRegex, `strateg\w+`, annotate.ScopeSentence, "T"),
			[]string{"Arms Control talks, strategic stability and the U.S.-Russia relationship."}},
	} {
		ps, err := annotate.AutoCode("doc", summit, []*annotate.Rule{tc.rule})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		text := annotate.NewText(summit)
		for _, p := range ps {
			got = append(got, p.Quote)
			if p.DocumentID != "doc" || p.TagID != "T" || p.RuleName != "r" || text.Slice(p.Start, p.End) != p.Quote ||
				p.MatchStart < p.Start || p.MatchEnd > p.End || p.MatchEnd <= p.MatchStart {
				t.Errorf("%s: inconsistent proposal %+v", tc.name, p)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: proposed %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAutoCodeMerges(t *testing.T) {
	rules := []*annotate.Rule{
		rule("a", annotate.RuleWords, "putin", annotate.ScopeSentence, "X"),
		rule("b", annotate.RuleWords, "human rights", annotate.ScopeSentence, "X"), // same tag, same sentence
		rule("c", annotate.RuleWords, "biden", annotate.ScopeSentence, "Y"),        // other tag, same sentence
	}
	ps, err := annotate.AutoCode("doc", summit, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].TagID == ps[1].TagID || ps[0].Quote != ps[1].Quote {
		t.Fatalf("proposals = %+v; want one per tag for the first sentence", ps)
	}
}

func TestRuleValidate(t *testing.T) {
	for _, tc := range []struct {
		r   *annotate.Rule
		err string
	}{
		{rule("", annotate.RuleWords, "x", annotate.ScopeMatch, "T"), "name required"},
		{rule("r", annotate.RuleWords, "x", "page", "T"), `scope "page"`},
		{rule("r", annotate.RuleWords, "x", annotate.ScopeMatch, ""), "needs a code"},
		{rule("r", annotate.RuleWords, " | — ", annotate.ScopeMatch, "T"), "has no words"},
		{rule("r", annotate.RuleRegex, "(unclosed", annotate.ScopeMatch, "T"), "missing closing )"},
		{rule("r", "glob", "x", annotate.ScopeMatch, "T"), `kind "glob"`},
		{rule("r", annotate.RuleWords, strings.Repeat("x", annotate.MaxRulePattern+1), annotate.ScopeMatch, "T"), "longer than"},
	} {
		err := tc.r.Validate()
		if err == nil || annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Validate(%+v) = %v, want EINVALID containing %q", tc.r, err, tc.err)
		}
	}
}

func TestFindText(t *testing.T) {
	text := "Putin met Biden. PUTIN left; putin’s café — Café."
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"putin", []string{"Putin", "PUTIN", "putin"}},
		{"CAFÉ", []string{"café", "Café"}},
		{"é", []string{"é", "é"}},
		{"", nil},
		{"zelensky", nil},
		{"aa", nil},
	} {
		got := ranges(text, annotate.FindText(text, tc.q))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("FindText(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
	// Non-overlapping.
	if got := annotate.FindText("aaaa", "aa"); fmt.Sprint(got) != "[[0 2] [2 4]]" {
		t.Errorf("FindText(aaaa, aa) = %v", got)
	}
}

func TestKWIC(t *testing.T) {
	text := annotate.NewText("One two three\nfour five six seven eight nine ten.")
	for _, tc := range []struct {
		start, end, width    int
		before, match, after string
	}{
		{14, 18, 100, "One two three ", "four", " five six seven eight nine ten."},
		{14, 18, 6, "…three ", "four", " five…"},
		{0, 3, 5, "", "One", " two…"},
	} {
		b, m, a := annotate.KWIC(text, tc.start, tc.end, tc.width)
		if b != tc.before || m != tc.match || a != tc.after {
			t.Errorf("KWIC(%d, %d, %d) = %q %q %q, want %q %q %q", tc.start, tc.end, tc.width, b, m, a, tc.before, tc.match, tc.after)
		}
	}
}

func TestSeedRules(t *testing.T) {
	data, err := os.ReadFile("../assets/rules.json")
	if err != nil {
		t.Fatal(err)
	}
	specs, err := annotate.ParseRuleSpecs(data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"Cyber red lines": true, "Human rights": true, "Ambassadors": true, "Arms control & strategic stability": true,
		"Election interference": true, "Ukraine": true, "Navalny & dissidents": true, "Cooperation": true, "Expectations": true}
	for _, s := range specs {
		delete(want, s.Tag)
	}
	if len(want) > 0 {
		t.Errorf("seed codebook tags without a rule: %v", want)
	}
	// Every seed rule finds something in the seed articles.
	seeds, _ := filepath.Glob("../export/ingest/testdata/seeds/*.txt")
	var all strings.Builder
	for _, f := range seeds {
		b, _ := os.ReadFile(f)
		all.Write(b)
		all.WriteString("\n")
	}
	if len(seeds) == 0 {
		t.Fatal("no seed articles in ../export/ingest/testdata/seeds")
	}
	for _, s := range specs {
		r := &annotate.Rule{ID: s.Name, Name: s.Name, Kind: s.Kind, Pattern: s.Pattern, Scope: s.Scope, TagID: s.Tag}
		ps, err := annotate.AutoCode("seeds", all.String(), []*annotate.Rule{r})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			t.Errorf("seed rule %q proposes nothing in the seed articles", s.Name)
		}
	}
	for _, bad := range []string{`[{"name": "x", "kind": "words", "pattern": "a", "scope": "match"}]`,
		`[{"name": "x", "kind": "regex", "pattern": "(", "tag": "T", "scope": "match"}]`,
		`[{"name": "x", "colour": "red"}]`, `{`} {
		if _, err := annotate.ParseRuleSpecs([]byte(bad)); annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("ParseRuleSpecs(%s) = %v, want EINVALID", bad, err)
		}
	}
}
