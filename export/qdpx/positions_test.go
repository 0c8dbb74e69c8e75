package qdpx

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// spansOf makes spans for quotes of text counted under a convention, the
// names holding the quotes.
func spansOf(t *testing.T, raw string, c convention, quotes ...string) []*span {
	t.Helper()
	var out []*span
	units := func(s string) int {
		n := 0
		for i := 0; i < len(s); {
			if c.crlfOne && strings.HasPrefix(s[i:], "\r\n") {
				n++
				i += 2
				continue
			}
			r := []rune(s[i:])[0]
			if c.utf16 {
				n += len(utf16.Encode([]rune{r}))
			} else {
				n++
			}
			i += len(string(r))
		}
		return n
	}
	for _, q := range quotes {
		i := strings.Index(raw, q)
		if i < 0 {
			t.Fatalf("%q not in the text", q)
		}
		a := units(raw[:i])
		out = append(out, &span{key: q, start: a, end: a + units(q), name: q})
	}
	return out
}

// TestPlaceSpansDetectsConventions: whichever way a tool counted, the
// quotes its selections name are where the spans land, and the detail
// says which convention the quotes bore out.
func TestPlaceSpansDetectsConventions(t *testing.T) {
	raw := "Dispatch 🇺🇸🇷🇺\r\n\r\nBiden said the talks were good.\r\nPutin called them constructive.\r\n"
	quotes := []string{"the talks were good", "called them constructive"}
	for _, tc := range []struct {
		c    convention
		want string
	}{
		{convention{}, "each CRLF line ending counted as two characters, characters beyond U+FFFF counted as one (2 selection quote(s) confirm it)"},
		{convention{crlfOne: true}, "each CRLF line ending counted as one character, characters beyond U+FFFF counted as one (2 selection"},
		{convention{utf16: true}, "each CRLF line ending counted as two characters, characters beyond U+FFFF counted as two (UTF-16) (2 selection"},
		{convention{crlfOne: true, utf16: true}, "counted as one character, characters beyond U+FFFF counted as two (UTF-16)"},
	} {
		spans := spansOf(t, raw, tc.c, quotes...)
		text, detail := placeSpans(raw, spans, convention{})
		if !strings.Contains(detail, tc.want) {
			t.Errorf("%+v: detail %q, want %q", tc.c, detail, tc.want)
		}
		for i, sp := range spans {
			if got := string([]rune(text)[sp.s:sp.e]); !sp.ok || got != quotes[i] || sp.moved != "" {
				t.Errorf("%+v: span %d at [%d,%d) reads %q (moved %q)", tc.c, i, sp.s, sp.e, got, sp.moved)
			}
		}
	}
	// Without a witness, the tool's own convention.
	spans := spansOf(t, raw, convention{crlfOne: true}, quotes...)
	for _, sp := range spans {
		sp.name = ""
	}
	text, detail := placeSpans(raw, spans, convention{crlfOne: true})
	if got := string([]rune(text)[spans[1].s:spans[1].e]); got != quotes[1] || !strings.Contains(detail, "no selection carries its quote") {
		t.Errorf("by the tool's convention: %q, %q", got, detail)
	}
}

// TestPlaceSpansReanchorsByQuote: a selection whose positions do not hold
// the quote its name gives is placed on the quote nearest to them and says
// so; one whose name is a label keeps its positions; one past the end of
// the text is placed by its quote or not at all.
func TestPlaceSpansReanchorsByQuote(t *testing.T) {
	raw := "The talks were constructive. Later, the talks were constructive again, Lavrov said."
	spans := []*span{
		{key: "off by two", start: 2, end: 29, name: "The talks were constructive"},
		{key: "label", start: 71, end: 77, name: "Who said it"},
		{key: "cut name", start: 40, end: 60, name: "the talks were constr…"},
		{key: "past the end", start: 200, end: 206, name: "Lavrov"},
		{key: "lost", start: 300, end: 306, name: "Nobody"},
	}
	text, detail := placeSpans(raw, spans, convention{})
	got := func(sp *span) string { return string([]rune(text)[sp.s:sp.e]) }
	if sp := spans[0]; !sp.ok || sp.s != 0 || got(sp) != "The talks were constructive" || !strings.Contains(sp.moved, "[2, 29)") {
		t.Errorf("off by two: [%d,%d) %q moved %q", sp.s, sp.e, got(sp), sp.moved)
	}
	if sp := spans[1]; !sp.ok || got(sp) != "Lavrov" || sp.moved != "" {
		t.Errorf("label: %q moved %q", got(sp), sp.moved)
	}
	if sp := spans[2]; !sp.ok || sp.s != 36 || sp.moved == "" {
		t.Errorf("cut name: [%d,%d) %q moved %q", sp.s, sp.e, got(sp), sp.moved)
	}
	if sp := spans[3]; !sp.ok || got(sp) != "Lavrov" {
		t.Errorf("past the end: %v %q", sp.ok, got(sp))
	}
	if spans[4].ok {
		t.Errorf("a selection past the end with a name found nowhere was placed")
	}
	if !strings.Contains(detail, "3 selection(s) placed by their quote") {
		t.Errorf("detail %q", detail)
	}
}
