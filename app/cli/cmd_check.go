package cli

import (
	"context"
	"errors"
	"fmt"

	"gloss/storage"
)

var cmdCheck = &command{
	name:    "check",
	args:    "FILE",
	summary: "check a project against every rule of the format, changing nothing",
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

// run lists every problem of the file, one "FILE: problem" a line: the
// sentences open, merge and copy refuse the file with. The file is only
// read, whatever its schema version, and may be another's.
func (o *checkOptions) run(ctx context.Context, std streams) error {
	sum, problems, err := storage.CheckFile(ctx, o.project)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(std.out, "%s: %s\n", o.project, p)
	}
	if len(problems) > 0 {
		return errors.New(plural(len(problems), "problem", "problems") + " found in " + o.project)
	}
	fmt.Fprintf(std.out, "%s: ok (%s, %s, %s)\n", o.project, plural(sum.Documents, "document", "documents"), plural(sum.Tags, "code", "codes"), plural(sum.Passages, "passage", "passages"))
	return nil
}
