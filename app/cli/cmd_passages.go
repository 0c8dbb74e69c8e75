package cli

import (
	"fmt"
	"strings"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

var cmdPassages = &command{
	name:    "passages",
	args:    "FILE [--tag NAME]... [--doc ID]... [--author NAME]... [--text TEXT] [--json]",
	summary: "list coded passages",
	run:     runPassages,
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

func runPassages(c *env, args []string) error {
	fs := c.flags(false)
	var tagNames, docIDs, authors stringList
	fs.Var(&tagNames, "tag", "only passages with this tag (repeatable: any of them)")
	fs.Var(&docIDs, "doc", "only passages in this document (repeatable)")
	fs.Var(&authors, "author", "only passages by this author (repeatable)")
	text := fs.String("text", "", "only passages whose quote or note contains this text")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := storage.Open(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	filter := annotate.PassageFilter{Authors: authors, Text: *text}
	tags, err := c.findTags(db, tagNames)
	if err != nil {
		return err
	}
	for _, t := range tags {
		filter.TagIDs = append(filter.TagIDs, t.ID)
	}
	for _, id := range docIDs {
		d, err := c.findDocument(db, id)
		if err != nil {
			return err
		}
		filter.DocumentIDs = append(filter.DocumentIDs, d.ID)
	}
	ps, err := db.Passages(c.ctx, filter)
	if err != nil {
		return err
	}
	all, err := db.Tags(c.ctx)
	if err != nil {
		return err
	}
	tagName := map[string]string{}
	for _, t := range all {
		tagName[t.ID] = t.Name
	}
	docs, err := db.Documents(c.ctx, emptyDocFilter)
	if err != nil {
		return err
	}
	title := map[string]string{}
	for _, d := range docs {
		title[d.ID] = d.Title
	}
	if *asJSON {
		out := []passageJSON{}
		for _, p := range ps {
			j := passageJSON{ID: p.ID, DocumentID: p.DocumentID, Document: title[p.DocumentID], Start: p.Start, End: p.End,
				Quote: p.Quote, Prefix: p.Prefix, Suffix: p.Suffix, Tags: []string{}, Note: p.Note.Text, Author: p.Author,
				Provenance: p.Provenance, Created: p.CreatedAt.Format(time.RFC3339), Updated: p.UpdatedAt.Format(time.RFC3339)}
			for _, t := range p.Tags {
				j.Tags = append(j.Tags, tagName[t])
			}
			out = append(out, j)
		}
		return writeJSON(c, out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(c.stdout, "no passages")
		return nil
	}
	for _, p := range ps {
		var names []string
		for _, t := range p.Tags {
			names = append(names, tagName[t])
		}
		fmt.Fprintf(c.stdout, "%s  %s [%d, %d)  %s  (%s)\n", annotate.ShortID(p.ID), title[p.DocumentID], p.Start, p.End, strings.Join(names, ", "), p.Author)
		fmt.Fprintf(c.stdout, "    “%s”\n", oneLine(p.Quote))
		if p.Note.Text != "" {
			fmt.Fprintf(c.stdout, "    note: %s\n", oneLine(p.Note.Text))
		}
	}
	return nil
}

// oneLine folds line breaks so a value prints on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
