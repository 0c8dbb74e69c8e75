// Package markup reads the small Markdown subset an analyst writes in a
// briefing's summary and findings and in notes — paragraphs, bullet and
// numbered lists, bold, italic, links, and what else CommonMark with
// GitHub's extensions has — into blocks of styled text that the PDF and
// Markdown writers render. Nothing is ever shown as the syntax it was
// written in: a construct the briefing cannot show as such (a heading, a
// table, an HTML tag) is shown as its text.
package markup

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Style is how a span of text is set; styles combine.
type Style uint8

// The styles of a span.
const (
	Bold Style = 1 << iota
	Italic
	Code
	Strike
)

// Span is a run of text in one style, perhaps a link.
type Span struct {
	Text  string
	Style Style
	URL   string // where the span links to; only http, https and mailto links are kept
	Break bool   // a line break (Text is empty)
}

// Kind is what a block is.
type Kind uint8

// The kinds of block.
const (
	Paragraph Kind = iota
	Heading        // a heading, Level 1–6
	Item           // a list item's first paragraph, after its Marker
	Quote          // a paragraph in a block quote
	Rule           // a thematic break
	Row            // a table row, its Cells
)

// Block is a paragraph of styled text.
type Block struct {
	Kind Kind
	// Depth is the nesting: for an Item 1 at the top level, 2 in a list
	// inside it; a paragraph inside an item (not its first) has the item's
	// depth too, to be indented with it.
	Depth  int
	Level  int    // a Heading's level
	Marker string // an Item's bullet or number ("•", "3.", "3)")
	Spans  []Span
	Cells  [][]Span // a Row's cells
	Header bool     // a Row of the table's header
	// Tight is set on list items and the paragraphs of a tight list,
	// which are set without space between them.
	Tight bool
	// Quotes are the depths of the block quotes the block is in,
	// outermost first; a paragraph in a quote is a Quote.
	Quotes []int
}

// md is the parser for analysts' text: CommonMark, GitHub's tables,
// strikethrough, task lists and bare links, typographic quotes and dashes.
var md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.NewTypographer(
	extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote: "‘", extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote: "“", extension.RightDoubleQuote: "”",
		extension.EnDash: "–", extension.EmDash: "—", extension.Ellipsis: "…",
		extension.LeftAngleQuote: "«", extension.RightAngleQuote: "»", extension.Apostrophe: "’",
	}),
))).Parser()

// Parse reads text written in Markdown. A single line break is kept as a
// line break, as people who do not write Markdown expect when they press
// Enter.
func Parse(src string) []Block {
	if plainLine(src) {
		return []Block{{Kind: Paragraph, Spans: []Span{{Text: src}}}}
	}
	return parse(src)
}

// parse is Parse through goldmark.
func parse(src string) []Block {
	source := []byte(clean(src))
	doc := md.Parse(text.NewReader(source))
	c := &converter{src: source}
	c.blocks(doc, 0, false)
	return c.out
}

// plainLine reports whether Markdown reads src as one paragraph of
// itself, as most notes are: a line of words and plain punctuation with
// nothing that starts a block, an emphasis, a link, an entity, an escape
// or a typographic substitution, so that parsing it can be skipped.
func plainLine(src string) bool {
	if src == "" || src[0] == ' ' || src[len(src)-1] == ' ' || strings.Contains(strings.ToLower(src), "www.") {
		return false
	}
	prev := rune(0)
	for i, r := range src {
		switch {
		case r == ' ':
			if prev == ' ' {
				return false
			}
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9':
			if i == 0 {
				return false // "1. " starts a list
			}
		case r == '.' || r == '-':
			if i == 0 || prev == r {
				return false // "..." and "--" are substituted, "- " starts a list
			}
		case r < utf8.RuneSelf:
			if !strings.ContainsRune(",;:?!()%", r) {
				return false
			}
		case r == utf8.RuneError:
			return false
		case unicode.IsLetter(r) || strings.ContainsRune("’‘“”–—…·", r):
		default:
			return false
		}
		prev = r
	}
	return true
}

// quoteParser reads only links, in paragraphs: the syntax that turns up in
// articles imported from Markdown. Everything else in a quotation is the
// source's own text and stays as it is.
var quoteParser = parser.NewParser(
	parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 1000)),
	parser.WithInlineParsers(util.Prioritized(parser.NewLinkParser(), 200), util.Prioritized(parser.NewAutoLinkParser(), 300)),
)

// ParseQuote reads a quotation from a source: its text verbatim, except
// that Markdown links show as their text, linking to their address. Line
// breaks are kept.
func ParseQuote(src string) []Span {
	var out []Span
	for i, l := range strings.Split(clean(src), "\n") {
		if i > 0 {
			out = append(out, Span{Break: true})
		}
		if !strings.ContainsAny(l, "[<") {
			if l != "" {
				out = append(out, Span{Text: l})
			}
			continue
		}
		source := []byte(l)
		doc := quoteParser.Parse(text.NewReader(source))
		c := &converter{src: source, raw: true}
		for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
			// Leading space the paragraph parser dropped is kept.
			if lines := b.Lines(); b == doc.FirstChild() && lines.Len() > 0 {
				if lead := l[:lines.At(0).Start]; lead != "" {
					out = append(out, Span{Text: lead})
				}
			}
			out = append(out, c.inlines(b, 0, "")...)
		}
	}
	return mergeSpans(out)
}

// clean makes src valid UTF-8 with LF line ends and without NUL, which
// CommonMark reads as U+FFFD.
func clean(src string) string {
	if strings.IndexByte(src, 0) < 0 && !strings.Contains(src, "\r\n") && utf8.ValidString(src) {
		return src // clean already, as nearly all text is
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	return cleaner.Replace(src)
}

// cleaner replaces CRLF line ends and NUL.
var cleaner = strings.NewReplacer("\r\n", "\n", "\x00", "\uFFFD")

// converter walks goldmark's tree into blocks.
type converter struct {
	src []byte
	raw bool // text as it is: no backslash escapes or entities resolved
	out []Block
}

func (c *converter) add(b Block) {
	b.Spans = trimSpans(mergeSpans(b.Spans))
	if b.Kind != Rule && b.Kind != Row && len(b.Spans) == 0 && b.Kind != Item {
		return
	}
	c.out = append(c.out, b)
}

// blocks converts the block children of n at list depth depth.
func (c *converter) blocks(n ast.Node, depth int, tight bool) {
	c.blocksFrom(n.FirstChild(), depth, tight)
}

// blocksFrom converts the block first and the siblings after it.
func (c *converter) blocksFrom(first ast.Node, depth int, tight bool) {
	for b := first; b != nil; b = b.NextSibling() {
		switch b := b.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			c.add(Block{Kind: Paragraph, Depth: depth, Spans: c.inlines(b, 0, ""), Tight: tight})
		case *ast.Heading:
			c.add(Block{Kind: Heading, Level: b.Level, Depth: depth, Spans: c.inlines(b, Bold, "")})
		case *ast.ThematicBreak:
			c.add(Block{Kind: Rule, Depth: depth})
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			c.add(Block{Kind: Paragraph, Depth: depth, Spans: c.lines(b, Code), Tight: tight})
		case *ast.HTMLBlock:
			c.add(Block{Kind: Paragraph, Depth: depth, Spans: stripTags(c.lines(b, 0)), Tight: tight})
		case *ast.Blockquote:
			start := len(c.out)
			c.blocks(b, depth, tight)
			for i := start; i < len(c.out); i++ {
				if c.out[i].Kind == Paragraph {
					c.out[i].Kind = Quote
				}
				c.out[i].Quotes = append([]int{depth}, c.out[i].Quotes...)
			}
		case *ast.List:
			n := b.Start
			for it := b.FirstChild(); it != nil; it = it.NextSibling() {
				marker := bullet(depth + 1)
				if b.IsOrdered() {
					marker = strconv.Itoa(n) + string(b.Marker) // "3." or "3)"
					n++
				}
				c.item(it, depth+1, marker, b.IsTight)
			}
		case *east.Table:
			for r := b.FirstChild(); r != nil; r = r.NextSibling() {
				row := Block{Kind: Row, Depth: depth}
				_, row.Header = r.(*east.TableHeader)
				for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
					style := Style(0)
					if row.Header {
						style = Bold
					}
					row.Cells = append(row.Cells, trimSpans(mergeSpans(c.inlines(cell, style, ""))))
				}
				c.add(row)
			}
		default:
			// A block of another kind (a definition list, a footnote): its
			// text, by its children.
			if b.Type() == ast.TypeBlock {
				c.blocks(b, depth, tight)
			}
		}
	}
}

// item converts a list item: its first paragraph after the marker, the
// rest indented under it.
func (c *converter) item(it ast.Node, depth int, marker string, tight bool) {
	first := it.FirstChild()
	switch f := first.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		spans := c.inlines(f, 0, "")
		if len(spans) > 0 {
			if cb, ok := spans[0].checkbox(); ok {
				marker, spans = cb, spans[1:]
			}
		}
		c.add(Block{Kind: Item, Depth: depth, Marker: marker, Spans: spans, Tight: tight})
		first = f.NextSibling()
	default:
		c.add(Block{Kind: Item, Depth: depth, Marker: marker, Tight: tight})
	}
	c.blocksFrom(first, depth, tight)
}

// checkbox reports whether s is a task list's check box and its marker.
func (s Span) checkbox() (string, bool) {
	switch s.Text {
	case "\x00[ ]":
		return "☐", true
	case "\x00[x]":
		return "☑", true
	}
	return "", false
}

// bullet is the marker of a bullet list at depth.
func bullet(depth int) string {
	switch depth % 3 {
	case 1:
		return "•"
	case 2:
		return "◦"
	}
	return "▪"
}

// inlines converts n's inline children to spans in style st, linking to url.
func (c *converter) inlines(n ast.Node, st Style, url string) []Span {
	var out []Span
	for x := n.FirstChild(); x != nil; x = x.NextSibling() {
		switch x := x.(type) {
		case *ast.Text:
			v := x.Segment.Value(c.src)
			out = append(out, Span{Text: c.resolve(v), Style: st, URL: url})
			if x.HardLineBreak() || x.SoftLineBreak() && !c.raw {
				out = append(out, Span{Break: true})
			} else if x.SoftLineBreak() {
				out = append(out, Span{Text: " ", Style: st, URL: url})
			}
		case *ast.String:
			v := x.Value
			if x.IsCode() || !x.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
			}
			out = append(out, Span{Text: string(v), Style: st, URL: url})
		case *ast.CodeSpan:
			var b bytes.Buffer
			for t := x.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(c.src))
				} else if s, ok := t.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			// Line ends in a code span are spaces.
			out = append(out, Span{Text: strings.ReplaceAll(b.String(), "\n", " "), Style: st | Code, URL: url})
		case *ast.Emphasis:
			s := Italic
			if x.Level >= 2 {
				s = Bold
			}
			out = append(out, c.inlines(x, st|s, url)...)
		case *east.Strikethrough:
			out = append(out, c.inlines(x, st|Strike, url)...)
		case *ast.Link:
			out = append(out, c.inlines(x, st, safeURL(string(x.Destination)))...)
		case *ast.Image:
			out = append(out, c.inlines(x, st|Italic, url)...)
		case *ast.AutoLink:
			label := string(x.Label(c.src))
			dest := string(x.URL(c.src))
			if x.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			out = append(out, Span{Text: label, Style: st, URL: safeURL(dest)})
		case *ast.RawHTML:
			// A tag: its text content, if any, is in the text around it.
		case *east.TaskCheckBox:
			mark := "\x00[ ]"
			if x.IsChecked {
				mark = "\x00[x]"
			}
			out = append(out, Span{Text: mark})
		default:
			out = append(out, c.inlines(x, st, url)...)
		}
	}
	return out
}

// lines returns a block's raw lines (code, HTML) as spans with breaks.
func (c *converter) lines(n ast.Node, st Style) []Span {
	var out []Span
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		l := strings.TrimRight(string(seg.Value(c.src)), "\n")
		if i > 0 {
			out = append(out, Span{Break: true})
		}
		out = append(out, Span{Text: l, Style: st})
	}
	return out
}

// resolve returns a text segment as it reads: backslash escapes and
// character references resolved in one pass, as CommonMark has it (an
// escaped ampersand begins no reference), unless the converter keeps text
// raw.
func (c *converter) resolve(v []byte) string {
	if c.raw {
		return string(v)
	}
	var b strings.Builder
	refs := func(part []byte) {
		part = util.ResolveNumericReferences(part)
		part = util.ResolveEntityNames(part)
		b.Write(bytes.ReplaceAll(part, []byte{0}, []byte("\uFFFD")))
	}
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			refs(v[start:i])
			b.WriteByte(v[i+1])
			i++
			start = i + 1
		}
	}
	refs(v[start:])
	return b.String()
}

// stripTags removes HTML tags from the spans' text.
func stripTags(spans []Span) []Span {
	out := spans[:0]
	for _, s := range spans {
		var b strings.Builder
		in := false
		for _, r := range s.Text {
			switch {
			case r == '<':
				in = true
			case r == '>' && in:
				in = false
			case !in:
				b.WriteRune(r)
			}
		}
		s.Text = string(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(b.String()))))
		if s.Text != "" || s.Break {
			out = append(out, s)
		}
	}
	return out
}

// safeURL keeps web and mail links; any other scheme (javascript:, file:)
// or a relative address is no link in a briefing.
func safeURL(u string) string {
	l := strings.ToLower(strings.TrimSpace(u))
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:") {
		return strings.TrimSpace(u)
	}
	if strings.HasPrefix(l, "www.") {
		return "https://" + strings.TrimSpace(u)
	}
	return ""
}

// mergeSpans joins neighbouring spans of one style and link.
func mergeSpans(in []Span) []Span {
	var out []Span
	for _, s := range in {
		if s.Text == "" && !s.Break {
			continue
		}
		if n := len(out); n > 0 && !s.Break && !out[n-1].Break && out[n-1].Style == s.Style && out[n-1].URL == s.URL {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	return out
}

// trimSpans drops line breaks and white space at the start and end.
func trimSpans(in []Span) []Span {
	for len(in) > 0 && (in[0].Break || strings.TrimSpace(in[0].Text) == "") {
		in = in[1:]
	}
	for len(in) > 0 && (in[len(in)-1].Break || strings.TrimSpace(in[len(in)-1].Text) == "") {
		in = in[:len(in)-1]
	}
	if len(in) == 0 {
		return nil
	}
	out := append([]Span(nil), in...)
	out[0].Text = strings.TrimLeft(out[0].Text, " \t")
	out[len(out)-1].Text = strings.TrimRight(out[len(out)-1].Text, " \t")
	return out
}
