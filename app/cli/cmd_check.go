package cli

import (
	"context"
	"errors"
	"fmt"

	"gloss/annotate"
)

var cmdCheck = &command{
	name:    "check",
	args:    "FILE",
	summary: "check a project's integrity",
	parse:   func(fl *flags, args []string) (options, error) { return parseCheck(fl, args) },
}

type checkOptions struct {
	project string
}

func parseCheck(fl *flags, args []string) (*checkOptions, error) {
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	return &checkOptions{project: pos[0]}, nil
}

func (o *checkOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
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
