package cli

import (
	"context"
	"errors"
	"fmt"

	"gloss/annotate"
)

var cmdCheck = &command{
	name:    "check",
	args:    "FILE [--repair]",
	summary: "check a project's integrity (and rebuild its search index and counts)",
	parse:   func(fl *flags, args []string) (options, error) { return parseCheck(fl, args) },
}

type checkOptions struct {
	project string
	repair  bool // rebuild what is derived from the passages first
	author  string
}

func parseCheck(fl *flags, args []string) (*checkOptions, error) {
	o := &checkOptions{}
	fl.author(&o.author)
	fl.BoolVar(&o.repair, "repair", false, "first rebuild the search index and the passage counts from the documents, notes and passages")
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	return o, nil
}

func (o *checkOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	if o.repair {
		if err := db.RebuildSearchIndex(ctx); err != nil {
			return err
		}
		if err := db.RebuildAnalysisCounts(ctx); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "%s: rebuilt the search index and the passage counts\n", o.project)
	}
	problems, err := db.Check(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(std.out, p)
	}
	if len(problems) > 0 {
		return errors.New(plural(len(problems), "problem", "problems") + " found in " + o.project)
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return err
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return err
	}
	n := 0
	for _, d := range docs {
		n += d.Passages
	}
	fmt.Fprintf(std.out, "%s: ok (%s, %s, %s)\n", o.project, plural(len(docs), "document", "documents"), plural(len(tags), "tag", "tags"), plural(n, "passage", "passages"))
	return nil
}
