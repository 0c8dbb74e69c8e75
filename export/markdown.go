package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// Markdown writes the briefing as CommonMark with GitHub tables: the title
// block, the overview table, a section per tag or document with the quotes
// as block quotes, and the sources. Text from the project is escaped so
// that it reads literally, whatever characters it holds.
func Markdown(ctx context.Context, w io.Writer, src Source, opts Options) error {
	b, err := gather(ctx, src, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# %s\n\n", mdInline(b.title))
	if b.opts.Subtitle != "" {
		p("*%s*\n\n", mdInline(b.opts.Subtitle))
	}
	var meta [][2]string
	if b.opts.PreparedBy != "" {
		meta = append(meta, [2]string{"Prepared by", b.opts.PreparedBy})
	}
	meta = append(meta, [2]string{"Date", b.created.Format("2 January 2006")})
	if b.opts.Project != "" {
		meta = append(meta, [2]string{"Project", b.opts.Project})
	}
	for _, s := range b.scope {
		meta = append(meta, [2]string{s.label, s.value})
	}
	for _, m := range meta {
		p("- **%s:** %s\n", m[0], mdInline(m[1]))
	}
	p("\n## Overview\n\n")
	if len(b.passages) == 0 {
		p("No passages match the scope of this briefing.\n\n")
	} else {
		p("This briefing collects %s from %s, coded with %s.\n\n",
			plural(len(b.passages), "passage"), plural(len(b.docs), "document"), plural(len(b.tags), "tag"))
		cells, totals := b.counts()
		p("| Tag |")
		for i := range b.docs {
			p(" [%d] |", i+1)
		}
		p(" Total |\n|---|")
		for range b.docs {
			p("--:|")
		}
		p("--:|\n")
		for i, t := range b.tags {
			p("| %s |", mdCell(t.Name))
			for _, n := range cells[i] {
				p(" %d |", n)
			}
			p(" **%d** |\n", totals[i])
		}
		p("\n")
		for i, d := range b.docs {
			p("%d. %s\n", i+1, mdInline(d.Title))
		}
		p("\n")
	}

	done := 0
	for _, s := range b.sections {
		if err := ctx.Err(); err != nil {
			return err
		}
		p("## %s\n\n", mdInline(s.title))
		if s.doc != nil {
			p("*%s*\n\n", mdInline(b.docMeta(s.doc)))
		} else {
			p("*%s from %s*\n\n", plural(len(s.passages), "passage"), plural(s.documents, "document"))
		}
		if s.description != "" {
			p("%s\n\n", mdBlock(s.description))
		}
		for _, ps := range s.passages {
			for _, l := range strings.Split(mdBlock(ps.Quote), "\n") {
				if l == "" {
					p(">\n")
				} else {
					p("> %s\n", l)
				}
			}
			p(">\n> — [%d] %s\n\n", b.docNum[ps.DocumentID], mdInline(b.source(ps)))
			if ps.Note.Text != "" {
				p("**Note:** *%s*\n\n", strings.ReplaceAll(mdBlock(ps.Note.Text), "\n", "*  \n*"))
			}
			except := ""
			if s.tag != nil {
				except = s.tag.ID
			}
			if others := b.otherTags(ps, except); len(others) > 0 {
				var names []string
				for _, t := range others {
					names = append(names, mdInline(t.Name))
				}
				p("Also tagged: %s\n\n", strings.Join(names, ", "))
			}
			done++
			b.progress(done)
		}
	}

	p("## Sources\n\n")
	if len(b.docs) == 0 {
		p("No documents are cited.\n")
	}
	for i, d := range b.docs {
		p("%d. **%s**", i+1, mdInline(d.Title))
		var parts []string
		for _, s := range []string{d.Outlet, d.Byline, formatPublished(d.Published)} {
			if strings.TrimSpace(s) != "" {
				parts = append(parts, mdInline(s))
			}
		}
		if len(parts) > 0 {
			p(" — %s", strings.Join(parts, "; "))
		}
		if d.URL != "" {
			p(". <%s>", strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "").Replace(d.URL))
		}
		p("\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	b.progress(b.blocks)
	return nil
}

// mdEscaper backslash-escapes the characters that are Markdown syntax
// anywhere in a line.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `~`, `\~`,
)

// mdEscape escapes s so that Markdown shows it literally. At the start of
// a line it also escapes what would begin a heading, list, thematic break
// or setext underline; an ampersand is escaped where it could begin an
// entity.
func mdEscape(s string, lineStart bool) string {
	s = mdEscaper.Replace(s)
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
		switch s[0] {
		case '#', '+', '-', '=':
			s = "\\" + s
		default:
			// An ordered-list marker: digits followed by "." or ")".
			n := 0
			for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
				n++
			}
			if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
				s = s[:n] + "\\" + s[n:]
			}
		}
	}
	return s
}

// mdInline escapes text for one line of Markdown, after other syntax.
func mdInline(s string) string {
	return mdEscape(strings.Join(strings.Fields(s), " "), false)
}

// mdCell escapes text for a table cell.
func mdCell(s string) string { return mdInline(s) }

// mdBlock escapes a text of several lines, keeping its line breaks: a
// line break becomes a hard break, an empty line a paragraph break.
func mdBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = mdEscape(strings.Join(strings.Fields(l), " "), true)
		if l != "" && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			l += "\\" // hard line break
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
