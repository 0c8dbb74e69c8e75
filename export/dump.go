package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"gloss/annotate"
)

// Unplaced is a colleague's passage a merge could not place on the text of
// its document, kept in the project (storage.Orphan, as Dump prints it).
type Unplaced struct {
	Document string // the document's title
	Quote    string
	Tags     []string // names
	Author   string
	Note     string
	From     string // the file it came from
}

// DumpOptions adds to Dump what Source does not list.
type DumpOptions struct {
	Unplaced []Unplaced
	Rules    []*annotate.Rule // the auto-coding rules
}

// Dump writes the project as plain text whose lines depend on its content
// alone, sorted the same way whatever order the work was done or merged
// in, so that two versions of a project compare line by line (it is what
// `git diff` shows of a .gloss file): the documents, the codebook as a
// tree, then each document's passages with their quote, codes, coder and
// note ("Ada coded Ambassadors"), the auto-coding rules and the passages
// merges could not place. Times and passage IDs are left out: they change
// without the work changing.
func Dump(ctx context.Context, w io.Writer, src Source, opts DumpOptions) error {
	docs, err := src.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return err
	}
	tags, err := src.Tags(ctx)
	if err != nil {
		return err
	}
	passages, err := src.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		return err
	}
	sort.SliceStable(docs, func(i, j int) bool {
		if docs[i].Title != docs[j].Title {
			return docs[i].Title < docs[j].Title
		}
		return docs[i].ID < docs[j].ID
	})
	tagName := map[string]string{}
	for _, t := range tags {
		tagName[t.ID] = t.Name
	}
	byDoc := map[string][]*annotate.Passage{}
	coders := map[string]bool{}
	for _, p := range passages {
		byDoc[p.DocumentID] = append(byDoc[p.DocumentID], p)
		coders[p.Author] = true
	}

	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	who := make([]string, 0, len(coders))
	for c := range coders {
		who = append(who, c)
	}
	sort.Strings(who)
	p("Gloss project: %s, %s, %s", plural(len(docs), "document"), plural(len(tags), "code"), plural(len(passages), "passage"))
	if len(who) > 0 {
		p(" by %s", strings.Join(who, ", "))
	}
	p("\n")

	p("\nDocuments\n")
	for _, d := range docs {
		p("  %s [%s]\n", oneLineText(d.Title), annotate.ShortID(d.ID))
		var meta []string
		for _, s := range []string{d.Outlet, d.Byline, d.Published} {
			if s = oneLineText(s); s != "" {
				meta = append(meta, s)
			}
		}
		meta = append(meta, plural(d.Length, "character"))
		if d.Direction != "" {
			meta = append(meta, "read "+d.Direction)
		}
		meta = append(meta, "added by "+d.Author)
		p("    %s\n", strings.Join(meta, ", "))
		if d.URL != "" {
			p("    %s\n", oneLineText(d.URL))
		}
	}

	p("\nCodes\n")
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, t := range children(tags, parent) {
			indent := strings.Repeat("  ", depth+1)
			p("%s%s %s\n", indent, oneLineText(t.Name), t.Color)
			if t.Description != "" {
				writeBlock(bw, indent+"  ", t.Description)
			}
			walk(t.ID, depth+1)
		}
	}
	walk("", 0)

	p("\nPassages\n")
	for _, d := range docs {
		ps := byDoc[d.ID]
		if len(ps) == 0 {
			continue
		}
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			switch {
			case a.Start != b.Start:
				return a.Start < b.Start
			case a.End != b.End:
				return a.End < b.End
			case a.Author != b.Author:
				return a.Author < b.Author
			}
			return a.ID < b.ID
		})
		p("  %s [%s]\n", oneLineText(d.Title), annotate.ShortID(d.ID))
		for _, ps := range ps {
			names := make([]string, 0, len(ps.Tags))
			for _, id := range ps.Tags {
				names = append(names, tagName[id])
			}
			sort.Strings(names)
			how := "coded"
			switch ps.Provenance {
			case annotate.ProvenanceAuto:
				how = "accepted auto-coding as"
			case annotate.ProvenanceImport:
				how = "imported, coded"
			}
			p("    %d–%d %s %s %s\n", ps.Start, ps.End, ps.Author, how, strings.Join(names, ", "))
			writeBlock(bw, "      ", "“"+ps.Quote+"”")
			if ps.Note.ID != "" && ps.Note.Text != "" {
				writeBlock(bw, "      ", ps.Note.Author+"’s note: "+ps.Note.Text)
			}
		}
	}

	if len(opts.Rules) > 0 {
		rules := append([]*annotate.Rule(nil), opts.Rules...)
		sort.SliceStable(rules, func(i, j int) bool {
			if rules[i].Name != rules[j].Name {
				return rules[i].Name < rules[j].Name
			}
			return rules[i].ID < rules[j].ID
		})
		p("\nAuto-coding rules\n")
		for _, r := range rules {
			p("  %s: %s %q → %s (scope: %s), by %s\n", oneLineText(r.Name), r.Kind, r.Pattern, tagName[r.TagID], r.Scope, r.Author)
		}
	}

	if len(opts.Unplaced) > 0 {
		un := append([]Unplaced(nil), opts.Unplaced...)
		sort.SliceStable(un, func(i, j int) bool {
			a, b := un[i], un[j]
			switch {
			case a.Document != b.Document:
				return a.Document < b.Document
			case a.Quote != b.Quote:
				return a.Quote < b.Quote
			}
			return a.Author < b.Author
		})
		p("\nPassages merges could not place (their text is no longer in the document)\n")
		for _, u := range un {
			tags := append([]string(nil), u.Tags...)
			sort.Strings(tags)
			p("  %s: %s coded %s (from %s)\n", oneLineText(u.Document), u.Author, strings.Join(tags, ", "), u.From)
			writeBlock(bw, "    ", "“"+u.Quote+"”")
			if u.Note != "" {
				writeBlock(bw, "    ", "note: "+u.Note)
			}
		}
	}
	return bw.Flush()
}

// writeBlock writes text at indent, each of its lines indented alike, so
// that a line break in a quote or note stays inside its passage.
func writeBlock(w io.Writer, indent, text string) {
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		fmt.Fprintf(w, "%s%s\n", indent, strings.TrimRight(line, " \t\r"))
	}
}

// oneLineText folds a value's line breaks and runs of space.
func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
