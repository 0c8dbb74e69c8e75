package storage

import (
	"strings"
	"testing"

	"gloss/annotate"
)

func TestFTSQuery(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      string // substring of the error message
	}{
		{in: "geneva", want: `"geneva"`},
		{in: "  biden   putin ", want: `"biden" AND "putin"`},
		{in: "cyber*", want: `"cyber"*`},
		{in: `"human rights"`, want: `"human rights"`},
		{in: `"human right"*`, want: `"human right"*`},
		{in: "biden OR putin", want: `"biden" OR "putin"`},
		{in: "summit NOT geneva", want: `"summit" NOT "geneva"`},
		{in: "(biden OR putin) summit", want: `( "biden" OR "putin" ) AND "summit"`},
		{in: "summit (biden OR putin)", want: `"summit" AND ( "biden" OR "putin" )`},
		{in: "U.S.-Russia", want: `"U.S.-Russia"`},
		{in: "or and not", want: `"or" AND "and" AND "not"`},
		{in: "Putin's — talks", want: `"Putin's" AND "talks"`},
		{in: "Genève", want: `"Genève"`},
		{in: `"unbalanced`, err: `search: unbalanced quote in "\"unbalanced"`},
		{in: `a "b`, err: "unbalanced quote"},
		{in: "(biden OR putin", err: "unbalanced parenthesis"},
		{in: "biden)", err: "unbalanced parenthesis"},
		{in: "()", err: "empty parentheses"},
		{in: `""`, err: "empty phrase"},
		{in: "OR putin", err: "OR needs a term before it"},
		{in: "biden AND", err: "AND needs a term after it"},
		{in: "biden AND OR putin", err: "OR needs a term before it"},
		{in: "(biden OR) putin", err: "OR needs a term after it"},
		{in: "NOT putin", err: "NOT needs a term before it"},
		{in: "", err: "nothing to search for"},
		{in: "— ... !", err: "nothing to search for"},
		{in: strings.Repeat("(", 30) + "a" + strings.Repeat(")", 30), err: "nested deeper"},
	} {
		got, err := ftsQuery(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || annotate.ErrorCode(err) != annotate.EINVALID {
				t.Errorf("ftsQuery(%q) = %q, %v; want EINVALID containing %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ftsQuery(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseHighlight(t *testing.T) {
	for _, tc := range []struct {
		in     string
		text   string
		ranges [][2]int
		ok     bool
	}{
		{"no match", "no match", nil, true},
		{"a " + markOpen + "Genève" + markClose + " b " + markOpen + "x" + markClose, "a Genève b x", [][2]int{{2, 8}, {11, 12}}, true},
		{"é\uFDD2" + markOpen + "z" + markClose, "é\uFDD2z", [][2]int{{2, 3}}, true},
		{markOpen + "a" + markOpen + "b" + markClose, "ab", [][2]int{{1, 2}}, false},
		{markOpen + "a", "a", nil, false},
	} {
		text, ranges, ok := parseHighlight(tc.in)
		if text != tc.text || ok != tc.ok || len(ranges) != len(tc.ranges) {
			t.Errorf("parseHighlight(%q) = %q, %v, %v; want %q, %v, %v", tc.in, text, ranges, ok, tc.text, tc.ranges, tc.ok)
			continue
		}
		for i := range ranges {
			if ranges[i] != tc.ranges[i] {
				t.Errorf("parseHighlight(%q) ranges = %v, want %v", tc.in, ranges, tc.ranges)
			}
		}
	}
}
