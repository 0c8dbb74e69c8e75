package annotate_test

import (
	"strings"
	"testing"
	"time"

	"gloss/annotate"
)

// rangeOf returns the code-point range of the first occurrence of sub in s.
func rangeOf(t *testing.T, s, sub string) (int, int) {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in the text", sub)
	}
	start := len([]rune(s[:i]))
	return start, start + len([]rune(sub))
}

const summitText = "Biden said he raised 16 pieces of infrastructure that the U.S. would consider off limits: \"The bottom line is I told President Putin that we need rules.\" He did not elaborate.\n" +
	"Russia’s ambassador didn't return; the government-to-government talks cost $1.5 million.\n" +
	"“We should decide where it’s in our mutual interest,” Biden told reporters.\n" +
	"- (The list is long.)"

func TestWiden(t *testing.T) {
	q := annotate.NewQuoter(annotate.NewText(summitText))
	for _, tc := range []struct {
		name, sel, want string
	}{
		{"cut inside the last word", `off limits: "T`, `off limits: "The`},
		{"cut inside the first word", `den said he raised`, `Biden said he raised`},
		{"cut inside both", `ece`, `pieces`},
		{"spaces at the edges go", ` raised 16 `, `raised 16`},
		{"apostrophe inside a word", `didn`, `didn't`},
		{"curly apostrophe inside a word", `Russia`, `Russia’s`},
		{"hyphens inside a word", `to-gov`, `government-to-government`},
		{"decimal inside a number", `1.`, `1.5`},
		{"the full stop after the last word", `He did not elaborate`, `He did not elaborate.`},
		{"opening and closing quotation marks", `The bottom line is I told President Putin that we need rules`, `"The bottom line is I told President Putin that we need rules."`},
		{"a closing mark without its opening mark stays out", `mutual interest,`, `mutual interest,`},
		{"curly quotes balanced", `We should decide where it’s in our mutual interest,`, `“We should decide where it’s in our mutual interest,”`},
		{"whole words stay as they are", `Biden told reporters.`, `Biden told reporters.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e := rangeOf(t, summitText, tc.sel)
			ws, we := q.Widen(s, e)
			if got := annotate.NewText(summitText).Slice(ws, we); got != tc.want {
				t.Errorf("Widen(%q) = %q, want %q", tc.sel, got, tc.want)
			}
		})
	}
}

func TestWidenEdges(t *testing.T) {
	text := annotate.NewText("Word")
	q := annotate.NewQuoter(text)
	if s, e := q.Widen(1, 3); s != 0 || e != 4 {
		t.Errorf("Widen(1, 3) of %q = [%d, %d), want [0, 4)", "Word", s, e)
	}
	if s, e := q.Widen(-5, 99); s != 0 || e != 4 {
		t.Errorf("Widen out of range = [%d, %d), want [0, 4)", s, e)
	}
	space := annotate.NewText("a   b")
	if s, e := annotate.NewQuoter(space).Widen(1, 4); s != 1 || e != 4 {
		t.Errorf("Widen of white space only = [%d, %d), want it unchanged [1, 4)", s, e)
	}
	// A run of letters longer than Widen looks stays cut.
	long := strings.Repeat("x", 500)
	if s, e := annotate.NewQuoter(annotate.NewText(long)).Widen(250, 251); s == 0 || e == 500 || e-s < 64 {
		t.Errorf("Widen inside a 500-letter run = [%d, %d): want a bounded widening", s, e)
	}
}

func TestCut(t *testing.T) {
	q := annotate.NewQuoter(annotate.NewText(summitText))
	for _, tc := range []struct {
		sel           string
		before, after bool
	}{
		{`Biden said he raised 16 pieces of infrastructure that the U.S. would consider off limits: "The bottom line is I told President Putin that we need rules."`, false, false},
		{`He did not elaborate.`, false, false},
		{`raised 16 pieces`, true, true},
		{`Biden said he raised`, false, true},
		{`that we need rules."`, true, false},
		{`the government-to-government talks cost $1.5 million.`, true, false},
		{`“We should decide where it’s in our mutual interest,”`, false, true},
		{`The list is long`, false, false}, // after a list's dash, before its closing bracket
		{`list is long`, true, false},
	} {
		s, e := rangeOf(t, summitText, tc.sel)
		before, after := q.Cut(s, e)
		if before != tc.before || after != tc.after {
			t.Errorf("Cut(%q) = %v, %v; want %v, %v", tc.sel, before, after, tc.before, tc.after)
		}
	}
}

// passage returns a passage of doc over the first occurrence of sel.
func passage(t *testing.T, id, doc, text, sel, author string, tags ...string) *annotate.Passage {
	s, e := rangeOf(t, text, sel)
	return &annotate.Passage{ID: id, DocumentID: doc, Start: s, End: e, Quote: sel, Author: author, Tags: tags,
		CreatedAt: time.Date(2021, 6, 17, 0, 0, 0, 0, time.UTC)}
}

func TestMergeQuotes(t *testing.T) {
	text := annotate.NewText(summitText)
	other := "A second article. It says something else entirely."
	quoter := func(doc string) *annotate.Quoter {
		switch doc {
		case "d1":
			return annotate.NewQuoter(text)
		case "d2":
			return annotate.NewQuoter(annotate.NewText(other))
		}
		return nil
	}
	ps := []*annotate.Passage{
		// Ada and Ben coded the same sentence, one a little longer and
		// cut mid-word.
		passage(t, "a1", "d1", summitText, `he raised 16 pieces of infra`, "Ada", "cyber"),
		passage(t, "b1", "d1", summitText, `16 pieces of infrastructure that the U.S. would consider off limits`, "Ben", "cyber", "rights"),
		// Ben again, overlapping his own passage: chained into the block.
		passage(t, "b2", "d1", summitText, `off limits: "The bottom line`, "Ben", "rules"),
		// Separate text in the same document.
		passage(t, "a2", "d1", summitText, `He did not elaborate.`, "Ada", "expect"),
		passage(t, "a3", "d2", other, `It says something`, "Ada", "expect"),
		// Same range in a document with no text known: merged, not widened.
		{ID: "c1", DocumentID: "d3", Start: 3, End: 9, Author: "Cy", Tags: []string{"x"}},
		{ID: "c2", DocumentID: "d3", Start: 3, End: 9, Author: "Di", Tags: []string{"y"}},
	}
	blocks := annotate.MergeQuotes(ps, quoter)
	if len(blocks) != 4 {
		for _, b := range blocks {
			t.Logf("block %s [%d, %d) %d passages", b.DocumentID, b.Start, b.End, len(b.Passages))
		}
		t.Fatalf("%d blocks, want 4", len(blocks))
	}
	b := blocks[0]
	if got, want := b.Text(text), `he raised 16 pieces of infrastructure that the U.S. would consider off limits: "The bottom line`; got != want {
		t.Errorf("merged block text = %q, want %q", got, want)
	}
	if !b.CutStart || !b.CutEnd {
		t.Errorf("merged block cuts = %v, %v; want both", b.CutStart, b.CutEnd)
	}
	if got := strings.Join(b.Coders(), ","); got != "Ada,Ben" {
		t.Errorf("coders = %s, want Ada,Ben", got)
	}
	if got := strings.Join(b.TagsBy("Ben"), ","); got != "cyber,rights,rules" {
		t.Errorf("Ben's tags = %s", got)
	}
	if got := strings.Join(b.Tags(), ","); got != "cyber,rights,rules" {
		t.Errorf("block tags = %s", got)
	}
	if !b.Has("b2") || b.Has("a2") || !b.HasTag("rights") || b.HasTag("expect") {
		t.Error("Has or HasTag wrong")
	}
	if got := blocks[1].Text(text); got != "He did not elaborate." || blocks[1].CutStart || blocks[1].CutEnd {
		t.Errorf("second block %q cut %v %v", got, blocks[1].CutStart, blocks[1].CutEnd)
	}
	if blocks[2].DocumentID != "d2" || blocks[2].Text(annotate.NewText(other)) != "It says something" || !blocks[2].CutEnd || blocks[2].CutStart {
		t.Errorf("third block: %+v", blocks[2])
	}
	if d3 := blocks[3]; d3.Start != 3 || d3.End != 9 || len(d3.Passages) != 2 || strings.Join(d3.Coders(), ",") != "Cy,Di" {
		t.Errorf("unwidened block: [%d, %d) coders %v", d3.Start, d3.End, d3.Coders())
	}
}

func TestMergeQuotesWidenedOverlap(t *testing.T) {
	// Two passages that do not overlap, but cut the same word: widened,
	// they share it and are one quote.
	text := "The President arrived."
	ps := []*annotate.Passage{
		passage(t, "a", "d", text, "The Pres", "Ada", "x"),
		passage(t, "b", "d", text, "ident arrived", "Ben", "y"),
	}
	blocks := annotate.MergeQuotes(ps, func(string) *annotate.Quoter { return annotate.NewQuoter(annotate.NewText(text)) })
	if len(blocks) != 1 || blocks[0].Text(annotate.NewText(text)) != text {
		t.Fatalf("blocks = %d, want one block of the whole sentence", len(blocks))
	}
	// Touching without sharing a code point: two quotes.
	ps = []*annotate.Passage{
		passage(t, "a", "d", text, "The President", "Ada", "x"),
		passage(t, "b", "d", text, " arrived.", "Ben", "y"),
	}
	if blocks := annotate.MergeQuotes(ps, nil); len(blocks) != 2 {
		t.Fatalf("touching passages: %d blocks, want 2", len(blocks))
	}
}
