package markup

import (
	"strings"
	"unicode/utf8"
)

// Plain returns the blocks' text without styling: paragraphs separated by
// blank lines, list items on lines of their own after their markers.
func Plain(blocks []Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			if bl.Tight && blocks[i-1].Tight || bl.Kind == Row && blocks[i-1].Kind == Row {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		switch bl.Kind {
		case Item:
			b.WriteString(strings.Repeat("  ", bl.Depth-1) + bl.Marker + " ")
		case Rule:
			b.WriteString("—")
			continue
		case Row:
			var cells []string
			for _, c := range bl.Cells {
				cells = append(cells, Text(c))
			}
			b.WriteString(strings.Join(cells, " · "))
			continue
		}
		b.WriteString(Text(bl.Spans))
	}
	return b.String()
}

// Text returns the spans' text, a line break as a newline.
func Text(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Break {
			b.WriteByte('\n')
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// Markdown writes blocks as CommonMark (with a GitHub table for rows) that
// reads back as the same blocks: text is escaped, styles and links are
// written in Markdown's syntax. Headings become bold paragraphs, so that
// they do not break the structure of the document they are put in.
func Markdown(blocks []Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		// Items are indented under their parent item, other blocks inside
		// an item under its text; inside a block quote, from the quote.
		depth := bl.Depth
		if bl.Kind == Item {
			depth--
		}
		prefix := quotePrefix(bl.Quotes, len(bl.Quotes))
		if n := len(bl.Quotes); n > 0 {
			depth -= bl.Quotes[n-1]
		}
		indent := strings.Repeat("    ", max(depth, 0))
		if i > 0 {
			prev := blocks[i-1]
			shared := 0
			for shared < len(prev.Quotes) && shared < len(bl.Quotes) && prev.Quotes[shared] == bl.Quotes[shared] {
				shared++
			}
			sep := strings.TrimRight(quotePrefix(bl.Quotes, shared), " ")
			same := shared == len(bl.Quotes) && shared == len(prev.Quotes)
			switch {
			case bl.Kind == Row && prev.Kind == Row:
				b.WriteString("\n")
			case bl.Kind == Item && prev.Tight && bl.Tight && (prev.Kind == Item || prev.Depth > 0) && same:
				b.WriteString("\n")
			case prev.Kind == Item && len(prev.Spans) == 0:
				// An item may start with one blank line, not two.
				b.WriteString("\n")
			default:
				b.WriteString("\n" + sep + "\n")
			}
		}
		var t string
		switch bl.Kind {
		case Item:
			marker := bl.Marker
			switch marker {
			case "•", "◦", "▪":
				marker = "-"
			case "☐":
				marker = "- [ ]"
			case "☑":
				marker = "- [x]"
			}
			t = indent + marker + " " + indentLines(SpansMarkdown(bl.Spans), indent+"    ")
		case Paragraph, Heading, Quote:
			t = indent + indentLines(SpansMarkdown(bl.Spans), indent)
		case Rule:
			t = indent + "* * *"
		case Row:
			var r strings.Builder
			r.WriteString(indent + "|")
			for _, c := range bl.Cells {
				r.WriteString(" " + SpansMarkdown(withoutBreaks(c)) + " |")
			}
			if bl.Header {
				r.WriteString("\n" + indent + "|")
				for range bl.Cells {
					r.WriteString("---|")
				}
			}
			t = r.String()
		}
		if prefix != "" {
			t = prefix + strings.ReplaceAll(t, "\n", "\n"+prefix)
		}
		b.WriteString(t)
	}
	return b.String()
}

// quotePrefix is what starts each line inside the first n of the block
// quotes at depths quotes.
func quotePrefix(quotes []int, n int) string {
	var b strings.Builder
	prev := 0
	for _, d := range quotes[:n] {
		b.WriteString(strings.Repeat("    ", max(d-prev, 0)) + "> ")
		prev = d
	}
	return b.String()
}

// indentLines indents every line of s but the first.
func indentLines(s, indent string) string {
	if indent == "" {
		return s
	}
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}

// withoutBreaks turns line breaks into spaces, for a table cell.
func withoutBreaks(spans []Span) []Span {
	out := make([]Span, 0, len(spans))
	for _, s := range spans {
		if s.Break {
			s = Span{Text: " "}
		}
		out = append(out, s)
	}
	return out
}

// codeSpan writes text as a code span, fenced with more backticks than
// any run inside it.
func codeSpan(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	// CommonMark strips one space from each end of a code span that has
	// something else in it: pad where the text would lose its own.
	if strings.Trim(text, " ") != "" && (strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") ||
		strings.HasPrefix(text, " ") && strings.HasSuffix(text, " ")) {
		text = " " + text + " "
	}
	return fence + text + fence
}

// escaper backslash-escapes the characters that are Markdown syntax
// anywhere in a line.
var escaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`,
	// Straight quotes and runs of hyphens or full stops read back as
	// typographic quotes, dashes and ellipses unless escaped.
	`"`, `\"`, `'`, `\'`, `--`, `\-\-`, `..`, `\.\.`,
)

// Escape escapes s so that Markdown shows it literally. At the start of a
// line (lineStart) it also escapes what would begin a heading, list,
// thematic break or setext underline; an ampersand is escaped where it
// could begin a character reference.
func Escape(s string, lineStart bool) string {
	s = escaper.Replace(s)
	if strings.Contains(s, "&") {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '&' && i+1 < len(s) && (s[i+1] == '#' || s[i+1] >= 'A' && s[i+1] <= 'Z' || s[i+1] >= 'a' && s[i+1] <= 'z') {
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	if lineStart && s != "" {
		lead := len(s) - len(strings.TrimLeft(s, " "))
		rest := s[lead:]
		if rest == "" {
			return s
		}
		if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("#+-=", r) {
			return s[:lead] + "\\" + rest
		}
		// An ordered-list marker: digits followed by "." or ")".
		n := 0
		for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n > 0 && n < len(rest) && (rest[n] == '.' || rest[n] == ')') {
			return s[:lead] + rest[:n] + "\\" + rest[n:]
		}
	}
	return s
}
