package ingest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"gloss/annotate"
)

// markdownParser parses CommonMark with GitHub's tables, strikethrough and
// bare-URL links.
var markdownParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify)).Parser()

// readMarkdown fills doc from Markdown: front matter becomes metadata;
// headings and paragraphs become paragraphs (soft-wrapped lines joined);
// list items lines starting "- " or their number; block quotes their
// text; table rows lines of tab-separated cells. Links keep their text,
// and their addresses are listed under "Links" at the end; images and raw
// HTML are left out.
func readMarkdown(doc *annotate.Document, raw string, rep *Report) {
	src := Normalize(raw)
	if fm, rest, ok := frontMatter(src); ok && Normalize(rest) != "" {
		fm.apply(doc)
		src = Normalize(rest)
		rep.Removed = append(rep.Removed, "front matter (read as the document's details)")
	}
	source := []byte(src)
	root := markdownParser.Parse(text.NewReader(source))
	w := &mdWriter{src: source, seen: map[string]bool{}}
	w.blocks(root, 0)
	if len(w.links) > 0 {
		w.out = append(w.out, "Links", strings.Join(w.links, "\n"))
	}
	doc.Text = Normalize(strings.Join(w.out, "\n\n"))
	if doc.Title == "" {
		doc.Title = shorten(cleanField(w.title), maxTitle)
	}
	if doc.Title == "" {
		doc.Title = firstLineTitle(doc.Text, false)
	}
	rep.Paragraphs = len(w.out)
	if len(w.links) > 0 {
		rep.Paragraphs -= 2
		rep.Removed = append(rep.Removed, fmt.Sprintf("%s' addresses (listed under “Links” at the end)", plural(len(w.links), "link")))
	}
	if w.images > 0 {
		rep.Removed = append(rep.Removed, plural(w.images, "image"))
	}
	if w.html > 0 {
		rep.Removed = append(rep.Removed, plural(w.html, "piece")+" of raw HTML")
	}
}

// mdWriter turns a Markdown tree into paragraphs of plain text.
type mdWriter struct {
	src    []byte
	out    []string // paragraphs
	title  string   // the first heading of the highest level
	level  int
	links  []string
	seen   map[string]bool
	images int
	html   int
}

// blocks writes the block children of n as paragraphs.
func (w *mdWriter) blocks(n ast.Node, depth int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Heading:
			t := w.inline(c)
			if t != "" && (w.level == 0 || c.Level < w.level) {
				w.title, w.level = t, c.Level
			}
			w.para(t)
		case *ast.Paragraph, *ast.TextBlock:
			w.para(w.inline(c))
		case *ast.Blockquote:
			w.blocks(c, depth+1)
		case *ast.List:
			var lines []string
			w.list(c, 0, &lines)
			w.para(strings.Join(lines, "\n"))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			w.para(strings.TrimRight(string(w.lines(c)), "\n"))
		case *ast.HTMLBlock:
			w.html++
		case *east.Table:
			var rows []string
			for r := c.FirstChild(); r != nil; r = r.NextSibling() {
				var cells []string
				for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
					cells = append(cells, w.inline(cell))
				}
				rows = append(rows, strings.Join(cells, "\t"))
			}
			w.para(strings.Join(rows, "\n"))
		case *ast.ThematicBreak:
		default:
			w.blocks(c, depth+1)
		}
	}
}

// para adds a paragraph unless it is blank.
func (w *mdWriter) para(s string) {
	if strings.TrimSpace(s) != "" {
		w.out = append(w.out, s)
	}
}

// list writes the items of l as lines, nested lists indented.
func (w *mdWriter) list(l *ast.List, indent int, lines *[]string) {
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		var parts []string
		var nested []*ast.List
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				nested = append(nested, c)
			case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
				parts = append(parts, w.inline(c))
			default:
				sub := &mdWriter{src: w.src, seen: w.seen}
				sub.blocks(c, 0)
				parts = append(parts, sub.out...)
				w.links = append(w.links, sub.links...)
				w.images += sub.images
				w.html += sub.html
			}
		}
		*lines = append(*lines, strings.Repeat("  ", indent)+marker+strings.Join(parts, " "))
		for _, n := range nested {
			w.list(n, indent+1, lines)
		}
	}
}

// lines returns the raw lines of a code block.
func (w *mdWriter) lines(n ast.Node) []byte {
	var b bytes.Buffer
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		b.Write(s.Value(w.src))
	}
	return b.Bytes()
}

// inline returns the text of n's inline content: soft line breaks become
// spaces, hard ones newlines; links keep their text and record their
// address.
func (w *mdWriter) inline(n ast.Node) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if entering {
				b.Write(c.Value(w.src))
				switch {
				case c.HardLineBreak():
					b.WriteByte('\n')
				case c.SoftLineBreak():
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(c.Value)
			}
		case *ast.CodeSpan:
			if entering {
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if s, ok := t.(*ast.Text); ok {
						b.Write(s.Value(w.src))
					} else if s, ok := t.(*ast.String); ok {
						b.Write(s.Value)
					}
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if entering {
				start := b.Len()
				b.WriteString(w.inline(c))
				w.link(b.String()[start:], string(c.Destination))
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			if entering {
				b.Write(c.Label(w.src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			if entering {
				w.images++
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if entering {
				w.html++
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// link records a link's address for the list at the end, once.
func (w *mdWriter) link(label, dest string) {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "#") || w.seen[dest] {
		return
	}
	w.seen[dest] = true
	label = strings.Join(strings.Fields(label), " ")
	if label == "" || label == dest {
		w.links = append(w.links, "- "+dest)
		return
	}
	w.links = append(w.links, "- "+label+": "+dest)
}
