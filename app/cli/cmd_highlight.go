package cli

import (
	"fmt"

	"gloss/annotate"
)

var cmdHighlight = &command{
	name:    "highlight",
	args:    `FILE --doc ID --quote "exact text" [--occurrence N] --tag NAME [--tag NAME]... [--note TEXT]`,
	summary: "code a passage, found by its exact quote",
	run:     runHighlight,
}

func runHighlight(c *env, args []string) error {
	fs := c.flags(true)
	docID := fs.String("doc", "", "the document's ID (a unique prefix is enough)")
	quote := fs.String("quote", "", "the exact text to highlight")
	occurrence := fs.Int("occurrence", 0, "which occurrence of the quote, from 1, when it occurs more than once")
	note := fs.String("note", "", "a note on the passage")
	var tagNames stringList
	fs.Var(&tagNames, "tag", "a tag to apply (repeatable)")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	switch {
	case *docID == "":
		return usageErrorf("--doc is required")
	case *quote == "":
		return usageErrorf("--quote is required")
	case len(tagNames) == 0:
		return usageErrorf("at least one --tag is required")
	case *occurrence < 0:
		return usageErrorf("--occurrence counts from 1")
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	doc, err := c.findDocument(db, *docID)
	if err != nil {
		return err
	}
	tags, err := c.findTags(db, tagNames)
	if err != nil {
		return err
	}
	text := annotate.NewText(doc.Text)
	start, end, err := annotate.FindQuote(text, *quote, *occurrence)
	if err != nil {
		return fmt.Errorf("%s (in %q)", err, doc.Title)
	}
	sel := annotate.Describe(text, start, end)
	p := &annotate.Passage{
		DocumentID: doc.ID, Start: start, End: end,
		Quote: sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix,
		Note: annotate.Note{Text: *note},
	}
	for _, t := range tags {
		if !p.HasTag(t.ID) {
			p.Tags = append(p.Tags, t.ID)
		}
	}
	if err := db.CreatePassage(c.ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "passage %s in %q [%d, %d)\n", p.ID, doc.Title, p.Start, p.End)
	return nil
}
