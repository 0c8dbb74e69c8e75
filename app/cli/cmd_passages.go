package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"gloss/annotate"
	"gloss/export"
)

var cmdPassages = &command{
	name:    "passages",
	args:    "FILE [--query QUERY] [--subcodes] [--tag NAME]... [--doc ID]... [--where NAME=VALUE]... [--author NAME]... [--text TEXT] [--csv OUT [--bom]] [--json]",
	summary: "list coded passages, or those of a code query",
	parse:   func(fl *flags, args []string) (options, error) { return parsePassages(fl, args) },
}

type passagesOptions struct {
	project  string
	query    *annotate.Query
	subcodes bool
	tags     []string
	docs     []string
	where    []string
	authors  []string
	text     string
	csv      string
	bom      bool
	listing
}

// queryHelp describes --query.
const queryHelp = `only the passages of this code query: code names in double quotes, combined with AND (overlapping passages, or the same one), OR, NOT (A NOT B: A's passages that overlap none of B's), NEAR/n (within n characters) and NEAR/paragraph, grouped with parentheses; e.g. '"Cyber red lines" AND NOT "Human rights"'`

func parsePassages(fl *flags, args []string) (*passagesOptions, error) {
	o := &passagesOptions{}
	fl.strings(&o.tags, "tag", "only passages with this code (repeatable: any of them)")
	fl.strings(&o.docs, "doc", "only passages in this document (repeatable)")
	fl.strings(&o.authors, "author", "only passages by this author (repeatable)")
	fl.StringVar(&o.text, "text", "", "only passages whose quote or note has words starting with this text")
	var query string
	fl.StringVar(&query, "query", "", queryHelp)
	fl.BoolVar(&o.subcodes, "subcodes", false, "a code takes in the codes nested under it, in --query and --tag")
	fl.strings(&o.where, "where", whereHelp)
	fl.StringVar(&o.csv, "csv", "", "also write the passages listed, with their context, to this CSV file")
	fl.BoolVar(&o.bom, "bom", false, "with --csv, for spreadsheet programs: a UTF-8 byte order mark, and an apostrophe before cells that would be read as formulas")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	if fl.isSet("query") {
		if o.query, err = parseQuery(query); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// passageJSON is a passage as the command line prints it.
type passageJSON struct {
	ID         string   `json:"id"`
	DocumentID string   `json:"document_id"`
	Document   string   `json:"document"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Quote      string   `json:"quote"`
	Prefix     string   `json:"prefix"`
	Suffix     string   `json:"suffix"`
	Tags       []string `json:"tags"`
	Note       string   `json:"note,omitempty"`
	Author     string   `json:"author"`
	Provenance string   `json:"provenance"`
	Created    string   `json:"created"`
	Updated    string   `json:"updated"`
}

func (o *passagesOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	filter := annotate.PassageFilter{Authors: o.authors, Text: o.text, Query: o.query, Subcodes: o.subcodes}
	if filter.TagIDs, err = tagIDs(ctx, db, o.tags); err != nil {
		return err
	}
	if filter.DocumentIDs, err = findDocuments(ctx, db, o.docs); err != nil {
		return err
	}
	if filter.Attributes, err = attributeConditions(ctx, db, o.where); err != nil {
		return err
	}
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	// The passages are printed (and written to the CSV file) as they are
	// read, never all held at once.
	var list *jsonList
	if o.json {
		list = &jsonList{w: std.out}
	}
	n := 0
	show := func(p *annotate.Passage) error {
		n++
		j := passageJSON{ID: p.ID, DocumentID: p.DocumentID, Document: title[p.DocumentID], Start: p.Start, End: p.End,
			Quote: p.Quote, Prefix: p.Prefix, Suffix: p.Suffix, Tags: []string{}, Note: p.Note.Text, Author: p.Author,
			Provenance: p.Provenance, Created: p.CreatedAt.Format(time.RFC3339), Updated: p.UpdatedAt.Format(time.RFC3339)}
		for _, t := range p.Tags {
			j.Tags = append(j.Tags, tagName[t])
		}
		if list != nil {
			return list.add(j)
		}
		fmt.Fprintf(std.out, "%s  %s [%d, %d)  %s  (%s)\n", annotate.ShortID(j.ID), j.Document, j.Start, j.End, strings.Join(j.Tags, ", "), j.Author)
		fmt.Fprintf(std.out, "    %s\n", inContext(j.Prefix, j.Quote, j.Suffix))
		if j.Note != "" {
			fmt.Fprintf(std.out, "    note: %s\n", oneLine(j.Note))
		}
		return nil
	}
	// errList tells the listing's own errors (a code query's mistakes
	// among them) from those of writing it.
	var errList error
	each := func(fn func(*annotate.Passage) error) error {
		var errOut error
		errList = db.EachPassage(ctx, filter, func(p *annotate.Passage) error {
			if errOut = fn(p); errOut != nil {
				return errOut
			}
			return nil
		})
		if errOut != nil {
			errList = nil
			return errOut
		}
		return errList
	}
	if o.csv != "" {
		err = export.WriteFile(o.csv, func(w io.Writer) error {
			rw, err := export.NewResultsWriter(w, title, tagName, o.bom)
			if err != nil {
				return err
			}
			if err := each(func(p *annotate.Passage) error {
				if err := rw.Write(p); err != nil {
					return err
				}
				return show(p)
			}); err != nil {
				return err
			}
			return rw.Close()
		})
	} else {
		err = each(show)
	}
	if errList != nil {
		return pointAt(errList)
	} else if err != nil {
		return err
	}
	if list != nil {
		return list.close()
	}
	if n == 0 {
		fmt.Fprintln(std.out, "no passages")
		return nil
	}
	if o.query != nil {
		fmt.Fprintf(std.out, "%s of %s\n", plural(n, "passage", "passages"), o.query.Describe())
	}
	if o.csv != "" {
		fmt.Fprintf(std.out, "wrote %s\n", o.csv)
	}
	return nil
}

// contextWords is how many characters of context a passage prints with
// on either side.
const contextWords = 30

// inContext is a quote in its context on one line: "…words before “the
// quote” words after…".
func inContext(prefix, quote, suffix string) string {
	before, after := []rune(oneLine(prefix)), []rune(oneLine(suffix))
	b, a := string(before), string(after)
	if len(before) > contextWords {
		b = string(before[len(before)-contextWords:])
		if i := strings.IndexByte(b, ' '); i >= 0 {
			b = b[i+1:]
		}
		b = "…" + b
	}
	if len(after) > contextWords {
		a = string(after[:contextWords])
		if i := strings.LastIndexByte(a, ' '); i > 0 {
			a = a[:i]
		}
		a += "…"
	}
	// A space between the quote and its context only where the text has one.
	s := "“" + oneLine(quote) + "”"
	if b != "" {
		if strings.TrimRightFunc(prefix, unicode.IsSpace) != prefix {
			b += " "
		}
		s = b + s
	}
	if a != "" {
		if strings.TrimLeftFunc(suffix, unicode.IsSpace) != suffix {
			a = " " + a
		}
		s += a
	}
	return s
}
