package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gloss/annotate"
)

var cmdPassages = &command{
	name:    "passages",
	args:    "FILE [--tag NAME]... [--doc ID]... [--author NAME]... [--text TEXT] [--json]",
	summary: "list coded passages",
	parse:   func(fl *flags, args []string) (options, error) { return parsePassages(fl, args) },
}

type passagesOptions struct {
	project string
	tags    []string
	docs    []string
	authors []string
	text    string
	listing
}

func parsePassages(fl *flags, args []string) (*passagesOptions, error) {
	o := &passagesOptions{}
	fl.strings(&o.tags, "tag", "only passages with this tag (repeatable: any of them)")
	fl.strings(&o.docs, "doc", "only passages in this document (repeatable)")
	fl.strings(&o.authors, "author", "only passages by this author (repeatable)")
	fl.StringVar(&o.text, "text", "", "only passages whose quote or note contains this text")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
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
	filter := annotate.PassageFilter{Authors: o.authors, Text: o.text}
	if filter.TagIDs, err = tagIDs(ctx, db, o.tags); err != nil {
		return err
	}
	if filter.DocumentIDs, err = findDocuments(ctx, db, o.docs); err != nil {
		return err
	}
	ps, err := db.Passages(ctx, filter)
	if err != nil {
		return err
	}
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	var out []passageJSON
	for _, p := range ps {
		j := passageJSON{ID: p.ID, DocumentID: p.DocumentID, Document: title[p.DocumentID], Start: p.Start, End: p.End,
			Quote: p.Quote, Prefix: p.Prefix, Suffix: p.Suffix, Tags: []string{}, Note: p.Note.Text, Author: p.Author,
			Provenance: p.Provenance, Created: p.CreatedAt.Format(time.RFC3339), Updated: p.UpdatedAt.Format(time.RFC3339)}
		for _, t := range p.Tags {
			j.Tags = append(j.Tags, tagName[t])
		}
		out = append(out, j)
	}
	return o.print(std.out, out, func() error {
		if len(ps) == 0 {
			fmt.Fprintln(std.out, "no passages")
			return nil
		}
		for _, p := range out {
			fmt.Fprintf(std.out, "%s  %s [%d, %d)  %s  (%s)\n", annotate.ShortID(p.ID), p.Document, p.Start, p.End, strings.Join(p.Tags, ", "), p.Author)
			fmt.Fprintf(std.out, "    “%s”\n", oneLine(p.Quote))
			if p.Note != "" {
				fmt.Fprintf(std.out, "    note: %s\n", oneLine(p.Note))
			}
		}
		return nil
	})
}
