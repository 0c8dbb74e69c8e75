package cli

import (
	"context"
	"fmt"

	"gloss/annotate"
	"gloss/app/project"
)

var cmdNew = &command{
	name:    "new",
	args:    "FILE [--samples]",
	summary: "create a project with the seed codebook (and the sample articles)",
	parse:   func(fl *flags, args []string) (options, error) { return parseNew(fl, args) },
}

type newOptions struct {
	path    string
	samples bool
	author  string
}

func parseNew(fl *flags, args []string) (*newOptions, error) {
	o := &newOptions{}
	fl.author(&o.author)
	fl.BoolVar(&o.samples, "samples", false, "add the sample articles on the 2021 Geneva summit")
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.path = pos[0]
	return o, nil
}

func (o *newOptions) run(ctx context.Context, std streams) error {
	db, err := project.Create(o.path, o.samples, authorName(o.author))
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return err
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "created %s: %s, %s\n", o.path, plural(len(docs), "document", "documents"), plural(len(tags), "code", "codes"))
	return nil
}
