package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"gloss/annotate"
	"gloss/export/markup"
)

// Markdown writes the briefing as CommonMark with GitHub tables, with the
// content of the PDF: the cover and executive summary, the method and
// sources, the counts behind the charts as tables, the findings with their
// key quotes, the annex and the sources. Text from the project is escaped
// so that it reads literally; the analyst's summary, findings and notes
// are written back from their Markdown as what they render to, so that
// none of their syntax can disturb the document.
func Markdown(ctx context.Context, w io.Writer, src Source, opts Options) error {
	b, err := gather(ctx, src, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# %s\n\n", mdInline(b.title))
	if b.subtitle != "" {
		p("*%s*\n\n", mdInline(b.subtitle))
	}
	kicker := "BRIEFING"
	if b.audience != "" {
		kicker += " · " + strings.ToUpper(b.audience)
	}
	p("**%s**\\\n", mdInline(kicker))
	var meta []string
	if b.preparedBy != "" {
		meta = append(meta, "Prepared by "+b.preparedBy)
	}
	meta = append(meta, b.created.Format("2 January 2006"))
	if b.opts.Project != "" {
		meta = append(meta, b.opts.Project)
	}
	p("%s\n\n", mdInline(strings.Join(meta, " · ")))

	if len(b.summary) > 0 {
		p("## Executive summary\n\n%s\n\n", markup.Markdown(b.summary))
	}
	p("## Method and sources\n\n")
	for _, m := range b.method() {
		p("- **%s:** %s\n", mdInline(m.label), mdInline(m.value))
	}
	p("\n*%s*\n\n", mdInline(methodNote))

	if len(b.passages) > 0 {
		p("## Overview\n\n")
		p("The briefing rests on %s from %s, coded with %s.\n\n",
			plural(len(b.quotes), "quotation"), plural(len(b.docs), "document"), plural(len(b.tags), "code"))
		codes, all := b.chartCodes()
		if len(codes) > 0 {
			outlets, counts := b.byOutlet(codes)
			title := "Quotations per code, by outlet"
			if all > len(codes) {
				title += fmt.Sprintf(" (the %s codes with the most, of %s)", annotate.Number(len(codes)), annotate.Number(all))
			}
			p("### %s\n\n| Code |", title)
			for _, o := range outlets {
				p(" %s |", mdCell(o))
			}
			p(" Total |\n|---|")
			for range outlets {
				p("--:|")
			}
			p("--:|\n")
			for i, t := range codes {
				p("| %s |", mdCell(t.Name))
				total := 0
				for _, n := range counts[i] {
					p(" %s |", annotate.Number(n))
					total += n
				}
				p(" **%s** |\n", annotate.Number(total))
			}
			p("\n")
		}
		if ts := b.overTime(); ts != nil {
			p("### Quotations over time, by code\n\n| Period |")
			for _, n := range ts.names {
				p(" %s |", mdCell(n))
			}
			p("\n|---|")
			for range ts.names {
				p("--:|")
			}
			p("\n")
			for i, per := range ts.periods {
				p("| %s |", mdCell(per.label))
				for _, n := range ts.counts[i] {
					p(" %s |", annotate.Number(n))
				}
				p("\n")
			}
			p("\n")
			if ts.undated > 0 {
				p("%s from undated sources are not counted.\n\n", plural(ts.undated, "quotation"))
			}
		}
	}

	done := 0
	part := func(title string, ss []*section, annex bool) error {
		if len(ss) == 0 {
			return nil
		}
		p("## %s\n\n", title)
		for _, s := range ss {
			if err := ctx.Err(); err != nil {
				return err
			}
			level := min(3+s.depth, 6)
			heading := s.title
			if s.number != "" && !annex {
				heading = s.number + " " + s.title
			}
			p("%s %s\n\n", strings.Repeat("#", level), mdInline(heading))
			switch {
			case s.doc != nil:
				p("*%s*\n\n", mdInline(b.docMeta(s.doc)))
			case annex && s.number != "":
				p("*%s · finding %s*\n\n", plural(len(s.quotes), "quotation"), s.number)
			}
			if len(s.finding) > 0 {
				p("%s\n\n", markup.Markdown(s.finding))
			} else if s.description != "" {
				p("*%s*\n\n", mdInline(s.description))
			}
			for _, q := range s.quotes {
				writeQuote(p, b, s, q)
				done++
				b.progress(done)
			}
			if r := s.refsText(!annex); r != "" {
				p("*%s*\n\n", mdInline(r))
			}
			if s.elsewhere > 0 {
				if len(b.annex) > 0 {
					p("*%s more on this code in the annex.*\n\n", plural(s.elsewhere, "quotation"))
				} else {
					p("*%s more on this code, not quoted here.*\n\n", plural(s.elsewhere, "quotation"))
				}
			}
		}
		return nil
	}
	findings := "Findings"
	if b.groupBy == GroupByDocument {
		findings = "Quotations by document"
	}
	if err := part(findings, b.findings, false); err != nil {
		return err
	}
	if err := part("Annex: further quotations", b.annex, true); err != nil {
		return err
	}

	p("## Sources\n\n")
	if len(b.docs) == 0 {
		p("No documents are cited.\n")
	}
	cited := b.citations()
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
		p(" (%s)\n", cited[d.ID])
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	b.progress(b.blocks)
	return nil
}

// writeQuote writes a quotation as a block quote with its source, who
// coded it and their notes.
func writeQuote(p func(string, ...any), b *brief, s *section, q *quote) {
	text := markup.SpansMarkdown(q.quoted())
	for _, l := range strings.Split(text, "\n") {
		if l == "" {
			p(">\n")
		} else {
			p("> %s\n", l)
		}
	}
	d := b.docByID[q.DocumentID]
	p(">\n> — [%d] %s\n\n", b.docNum[q.DocumentID], mdInline(b.source(d)))
	if len(b.coders) > 1 {
		p("*Coded by %s*\n\n", mdInline(b.coding(q)))
	} else if others := b.otherTags(q, s); len(others) > 0 {
		var names []string
		for _, t := range others {
			names = append(names, mdInline(t.Name))
		}
		lead := "Also coded"
		if s.tag == nil {
			lead = "Coded"
		}
		p("%s: %s\n\n", lead, strings.Join(names, ", "))
	}
	for _, n := range q.notes() {
		label := "Note"
		if len(b.coders) > 1 {
			label = n.Author
		}
		blocks := markup.Parse(n.Text)
		if len(blocks) > 0 && blocks[0].Kind == markup.Paragraph && len(blocks[0].Quotes) == 0 {
			p("**%s:** %s\n\n", mdInline(label), markup.Markdown(blocks))
		} else {
			// A list or quote must start its own line to be one.
			p("**%s:**\n\n%s\n\n", mdInline(label), markup.Markdown(blocks))
		}
	}
}

// mdInline escapes text for one line of Markdown, after other syntax.
func mdInline(s string) string {
	return markup.Escape(strings.Join(strings.Fields(s), " "), false)
}

// mdCell escapes text for a table cell.
func mdCell(s string) string { return mdInline(s) }
