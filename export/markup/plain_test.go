package markup

import (
	"reflect"
	"strings"
	"testing"

	"gloss/assets"
)

// TestPlainLine checks that a line Parse takes as plain reads the same
// through goldmark: every sentence and clause of the sample articles that
// qualifies, and that lines with syntax do not qualify.
func TestPlainLine(t *testing.T) {
	samples, err := assets.Samples()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range samples {
		for _, l := range strings.Split(string(s.Data), "\n") {
			lines = append(lines, l)
			for _, sentence := range strings.SplitAfter(l, ". ") {
				lines = append(lines, strings.TrimSpace(sentence))
				for _, clause := range strings.Split(sentence, ", ") {
					lines = append(lines, clause, strings.TrimSpace(clause))
				}
			}
		}
	}
	lines = append(lines, "Echoes the Kremlin’s readout; check against the White House transcript.",
		"Putin (at the press conference) said 100% — “no”… really?", "Über Genève: ça va!", "CJK 日内瓦峰会 会谈", "a-b c.d 1.5")
	plain := 0
	for _, l := range lines {
		if !plainLine(l) {
			continue
		}
		plain++
		if got, want := Parse(l), parse(l); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: plain %+v, goldmark %+v", l, got, want)
		}
	}
	if plain < 200 {
		t.Errorf("only %d of %d lines taken as plain", plain, len(lines))
	}
	for _, l := range []string{"", " lead", "trail ", "two  spaces", "1. item", "- item", "a -- b", "a --- b", "wait...", "it's",
		`say "hi"`, "*em*", "_em_", "`code`", "[link](x)", "see www.example.org", "x@y.org", "a & b", "a \\ b", "# head",
		"> quote", "a | b", "~~s~~", "<b>", "line\nbreak", "a\tb", "bad \xff byte", "emoji 😀"} {
		if plainLine(l) {
			t.Errorf("%q taken as plain", l)
		}
	}
}
