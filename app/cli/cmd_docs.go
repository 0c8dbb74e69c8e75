package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"gloss/annotate"
)

var cmdDocs = &command{
	name:    "docs",
	args:    "FILE [--json]",
	summary: "list the project's documents",
	parse:   func(fl *flags, args []string) (options, error) { return parseDocs(fl, args) },
}

type docsOptions struct {
	project string
	listing
}

func parseDocs(fl *flags, args []string) (*docsOptions, error) {
	o := &docsOptions{}
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	return o, nil
}

// docJSON is a document as the command line prints it.
type docJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Length    int    `json:"length"`
	Passages  int    `json:"passages"`
	SHA256    string `json:"sha256"`
}

func (o *docsOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return err
	}
	var out []docJSON
	for _, d := range docs {
		out = append(out, docJSON{d.ID, d.Title, d.Outlet, d.Byline, d.Published, d.URL, d.Length, d.Passages, d.Hash})
	}
	return o.print(std.out, out, func() error {
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTITLE\tOUTLET\tDATE\tPASSAGES")
		for _, d := range docs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", annotate.ShortID(d.ID), annotate.Ellipsize(d.Title, 60), d.Outlet, d.Published, annotate.Number(d.Passages))
		}
		return tw.Flush()
	})
}
