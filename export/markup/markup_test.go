package markup_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gloss/export/markup"
)

// dump writes blocks compactly: a line per block, spans in brackets with
// their style letters (b, i, c, s) and link.
func dump(blocks []markup.Block) string {
	var b strings.Builder
	kinds := map[markup.Kind]string{markup.Paragraph: "P", markup.Heading: "H", markup.Item: "LI", markup.Quote: "Q", markup.Rule: "HR", markup.Row: "TR"}
	for _, bl := range blocks {
		fmt.Fprintf(&b, "%s%d", kinds[bl.Kind], bl.Depth)
		if bl.Marker != "" {
			fmt.Fprintf(&b, "(%s)", bl.Marker)
		}
		if bl.Header {
			b.WriteString("(head)")
		}
		b.WriteString(":")
		b.WriteString(spans(bl.Spans))
		for _, c := range bl.Cells {
			b.WriteString(" |" + spans(c))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func spans(ss []markup.Span) string {
	var b strings.Builder
	for _, s := range ss {
		if s.Break {
			b.WriteString("⏎")
			continue
		}
		st := ""
		for _, f := range []struct {
			s markup.Style
			c string
		}{{markup.Bold, "b"}, {markup.Italic, "i"}, {markup.Code, "c"}, {markup.Strike, "s"}} {
			if s.Style&f.s != 0 {
				st += f.c
			}
		}
		if s.URL != "" {
			st += "→" + s.URL
		}
		if st != "" {
			fmt.Fprintf(&b, "[%s:%s]", st, s.Text)
		} else {
			fmt.Fprintf(&b, "[%s]", s.Text)
		}
	}
	return b.String()
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"plain paragraphs", "One.\n\nTwo.", "P0:[One.]\nP0:[Two.]\n"},
		{"a single line break is kept", "Line one\nline two", "P0:[Line one]⏎[line two]\n"},
		{"bold and italic", "A **strong** and *light* and ***both*** word", "P0:[A ][b:strong][ and ][i:light][ and ][bi:both][ word]\n"},
		{"underscores", "__bold__ _it_ snake_case_name", "P0:[b:bold][ ][i:it][ snake_case_name]\n"},
		{"bullets", "- one\n- two **2**\n  - nested\n- three", "LI1(•):[one]\nLI1(•):[two ][b:2]\nLI2(◦):[nested]\nLI1(•):[three]\n"},
		{"numbered from 3", "3. first\n4. second", "LI1(3.):[first]\nLI1(4.):[second]\n"},
		{"loose item with a second paragraph", "- one\n\n  more about one\n- two", "LI1(•):[one]\nP1:[more about one]\nLI1(•):[two]\n"},
		{"a link shows its text", "See [the statement](https://www.whitehouse.gov/x) now.", "P0:[See ][→https://www.whitehouse.gov/x:the statement][ now.]\n"},
		{"a bare web address links", "Read www.axios.com today", "P0:[Read ][→http://www.axios.com:www.axios.com][ today]\n"},
		{"an unsafe link is text", "[click](javascript:alert(1))", "P0:[click]\n"},
		{"an image shows its description", "![Putin and Biden](p.jpg)", "P0:[i:Putin and Biden]\n"},
		{"headings are bold", "# Key points\nText", "H0:[b:Key points]\nP0:[Text]\n"},
		{"a block quote", "> quoted **text**", "Q0:[quoted ][b:text]\n"},
		{"code", "Run `gloss brief` now", "P0:[Run ][c:gloss brief][ now]\n"},
		{"strikethrough", "~~gone~~ kept", "P0:[s:gone][ kept]\n"},
		{"escapes and entities", `\*not italic\* &amp; &#x2014; AT&T`, "P0:[*not italic* & — AT&T]\n"},
		{"typographic quotes and dashes", `"Red lines" -- Biden's words... --- done`, "P0:[“Red lines” – Biden’s words… — done]\n"},
		{"html tags are dropped", "a <b>bold</b> claim\n\n<div>block <i>x</i></div>", "P0:[a bold claim]\nP0:[block x]\n"},
		{"a rule", "one\n\n---\n\ntwo", "P0:[one]\nHR0:\nP0:[two]\n"},
		{"a table", "| Code | n |\n|---|---|\n| Cyber | 5 |", "TR0(head): |[b:Code] |[b:n]\nTR0: |[Cyber] |[5]\n"},
		{"task list", "- [x] done\n- [ ] open", "LI1(☑):[done]\nLI1(☐):[open]\n"},
		{"a line starting with a number and full stop in a sentence", "The 16 sectors. 2021.", "P0:[The 16 sectors. 2021.]\n"},
		{"empty", "  \n\n ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dump(markup.Parse(tc.src)); got != tc.want {
				t.Errorf("Parse(%q) =\n%s\nwant\n%s", tc.src, got, tc.want)
			}
		})
	}
}

func TestParseQuote(t *testing.T) {
	for _, tc := range []struct {
		src, want string
	}{
		{"Biden said *this* and # that", "[Biden said *this* and # that]"},
		{"as [Axios reported](https://axios.com/x) on Monday", "[as ][→https://axios.com/x:Axios reported][ on Monday]"},
		{"- a dash at the start stays\n1. so does a number", "[- a dash at the start stays]⏎[1. so does a number]"},
		{"see <https://example.org>", "[see ][→https://example.org:https://example.org]"},
		{`a \*literal\* backslash and &amp;`, `[a \*literal\* backslash and &amp;]`},
		{"   indented [x](http://e.com)", "[   indented ][→http://e.com:x]"},
	} {
		if got := spans(markup.ParseQuote(tc.src)); got != tc.want {
			t.Errorf("ParseQuote(%q) = %s, want %s", tc.src, got, tc.want)
		}
	}
}

func TestPlain(t *testing.T) {
	got := markup.Plain(markup.Parse("Intro **bold**.\n\n- one\n- two\n\n[link](https://a.b)"))
	want := "Intro bold.\n\n• one\n• two\n\nlink"
	if got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
}

// TestMarkdownRoundTrip checks that what Markdown writes reads back as the
// same blocks, and never as syntax shown raw.
func TestMarkdownRoundTrip(t *testing.T) {
	for _, src := range []string{
		"One **two** *three* ***four*** ~~five~~ `six` and [seven](https://x.org/a_b).",
		"- one\n- two\n  - nested *it*\n- three",
		"3. first\n4. second\n\n   more",
		"> a quote with **bold**",
		"Line one\nline two\n\nNew paragraph",
		"| Code | n |\n|---|---|\n| Cyber \\| red | 5 |",
		"- [x] done\n- [ ] open",
		"Literal \\*stars\\*, \\_underscores\\_, \\[brackets\\], a \\# hash, 1\\. not a list, AT&T &amp;amp;",
		"**bold **with trailing space, and _ spaced _ underscores",
		"a\n\n* * *\n\nb",
	} {
		first := markup.Parse(src)
		md := markup.Markdown(first)
		again := markup.Parse(md)
		if !reflect.DeepEqual(dump(first), dump(again)) {
			t.Errorf("round trip of %q through\n%s\n---\nfirst:\n%s\nagain:\n%s", src, md, dump(first), dump(again))
		}
	}
}

func TestMarkdownHeading(t *testing.T) {
	md := markup.Markdown(markup.Parse("## Key *points*"))
	if got := dump(markup.Parse(md)); got != "P0:[b:Key ][bi:points]\n" {
		t.Errorf("a heading is written as %q, which reads as %s: want a bold paragraph", md, got)
	}
}

func TestEscape(t *testing.T) {
	for _, s := range []string{"# not a heading", "- not a list", "12. not a list", "*x* _y_ [z](w) <a> `c` | ~ \\", "&amp; &#33;"} {
		blocks := markup.Parse(markup.Escape(s, true))
		if got := markup.Plain(blocks); got != s {
			t.Errorf("Escape(%q) reads back as %q", s, got)
		}
	}
}

// FuzzMarkdown checks that any text parses, and that what Markdown writes
// of it reads back as the same words (the layout of odd constructs, such as
// an empty list item followed by a heading, may differ).
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"**a** _b_", "- x\n  - y", "[l](https://e.org)", "1. a\n2. b", "| a |\n|---|\n| b |", "<b>x</b> &amp;", "`code`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
		first := words(markup.Plain(markup.Parse(src)))
		md := markup.Markdown(markup.Parse(src))
		if again := words(markup.Plain(markup.Parse(md))); again != first {
			t.Errorf("%q reads as %q, written as %q, which reads as %q", src, first, md, again)
		}
	})
}
