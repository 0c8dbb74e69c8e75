package cli

import (
	"context"
	"fmt"

	"gloss/export/interchange"
)

var cmdImportAnnotations = &command{
	name:    "import-annotations",
	args:    "FILE IN.json|IN.qdpx|IN.qdc",
	summary: "import annotations from another tool (W3C Web Annotation / Hypothesis JSON, REFI-QDA project or codebook)",
	parse:   func(fl *flags, args []string) (options, error) { return parseImportAnnotations(fl, args) },
}

type importAnnotationsOptions struct {
	project, in string
	quiet       bool
	author      string
}

func parseImportAnnotations(fl *flags, args []string) (*importAnnotationsOptions, error) {
	o := &importAnnotationsOptions{}
	fl.author(&o.author)
	fl.BoolVar(&o.quiet, "quiet", false, "print only the summary, not a line per annotation")
	pos, err := fl.parse(args, 2, 2)
	if err != nil {
		return nil, err
	}
	o.project, o.in = pos[0], pos[1]
	return o, nil
}

func (o *importAnnotationsOptions) run(ctx context.Context, std streams) error {
	b, err := interchange.ReadFile(o.in)
	if err != nil {
		return err
	}
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		return err
	}
	if !o.quiet {
		for _, l := range rep.Lines {
			fmt.Fprintln(std.out, l)
		}
	}
	fmt.Fprintf(std.out, "%s (%s): %s\n", o.in, rep.Format, rep.Summary())
	return nil
}
