package cli

import (
	"context"
	"fmt"

	"gloss/annotate"
)

var cmdHighlight = &command{
	name:    "highlight",
	args:    `FILE --doc ID --quote "exact text" [--occurrence N] --tag NAME [--tag NAME]... [--note TEXT]`,
	summary: "code a passage, found by its exact quote",
	parse:   func(fl *flags, args []string) (options, error) { return parseHighlight(fl, args) },
}

type highlightOptions struct {
	project    string
	doc        string
	quote      string
	occurrence int
	tags       []string
	note       string
	author     string
}

func parseHighlight(fl *flags, args []string) (*highlightOptions, error) {
	o := &highlightOptions{}
	fl.author(&o.author)
	fl.StringVar(&o.doc, "doc", "", "the document's ID (a unique prefix is enough)")
	fl.StringVar(&o.quote, "quote", "", "the exact text to highlight")
	fl.IntVar(&o.occurrence, "occurrence", 0, "which occurrence of the quote, from 1, when it occurs more than once")
	fl.StringVar(&o.note, "note", "", "a note on the passage")
	fl.strings(&o.tags, "tag", "a code to apply (repeatable)")
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	switch {
	case o.doc == "":
		return nil, usageErrorf("--doc is required")
	case o.quote == "":
		return nil, usageErrorf("--quote is required")
	case len(o.tags) == 0:
		return nil, usageErrorf("at least one --tag is required")
	case o.occurrence < 0:
		return nil, usageErrorf("--occurrence counts from 1")
	}
	return o, nil
}

func (o *highlightOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	doc, err := db.FindDocument(ctx, o.doc)
	if err != nil {
		return err
	}
	tags, err := findTags(ctx, db, o.tags)
	if err != nil {
		return err
	}
	text := annotate.NewText(doc.Text)
	start, end, err := annotate.FindQuote(text, o.quote, o.occurrence)
	if err != nil {
		return fmt.Errorf("%s (in %q)", err, doc.Title)
	}
	sel := annotate.Describe(text, start, end)
	p := &annotate.Passage{
		DocumentID: doc.ID, Start: start, End: end,
		Quote: sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix,
		Note: annotate.Note{Text: o.note},
	}
	for _, t := range tags {
		if !p.HasTag(t.ID) {
			p.Tags = append(p.Tags, t.ID)
		}
	}
	if err := db.CreatePassage(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "passage %s in %q [%d, %d)\n", p.ID, doc.Title, p.Start, p.End)
	return nil
}
