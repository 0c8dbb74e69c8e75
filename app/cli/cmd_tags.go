package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
)

var cmdTags = &command{
	name:    "tags",
	args:    "FILE [--json]",
	summary: "list the codebook",
	parse:   func(fl *flags, args []string) (options, error) { return parseTags(fl, args) },
}

type tagsOptions struct {
	project string
	listing
}

func parseTags(fl *flags, args []string) (*tagsOptions, error) {
	o := &tagsOptions{}
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	return o, nil
}

// tagJSON is a code of the codebook as the command line prints it.
type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
	Parent      string `json:"parent,omitempty"`
	Passages    int    `json:"passages"`
}

func (o *tagsOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	tags, err := db.Tags(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range tags {
		names[t.ID] = t.Name
	}
	var out []tagJSON
	for _, t := range tags {
		out = append(out, tagJSON{t.ID, t.Name, t.Color, t.Description, names[t.ParentID], t.Passages})
	}
	return o.print(std.out, out, func() error {
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCOLOUR\tPASSAGES\tPARENT\tDESCRIPTION")
		for _, t := range tags {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", t.Name, t.Color, t.Passages, names[t.ParentID], t.Description)
		}
		return tw.Flush()
	})
}
