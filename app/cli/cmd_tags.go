package cli

import (
	"fmt"
	"text/tabwriter"
)

var cmdTags = &command{
	name:    "tags",
	args:    "FILE [--json]",
	summary: "list the codebook",
	run:     runTags,
}

func runTags(c *env, args []string) error {
	fs := c.flags(false)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	tags, err := db.Tags(c.ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range tags {
		names[t.ID] = t.Name
	}
	if *asJSON {
		type tag struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			Color       string `json:"color"`
			Description string `json:"description"`
			Parent      string `json:"parent,omitempty"`
			Passages    int    `json:"passages"`
		}
		out := []tag{}
		for _, t := range tags {
			out = append(out, tag{t.ID, t.Name, t.Color, t.Description, names[t.ParentID], t.Passages})
		}
		return writeJSON(c, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCOLOUR\tPASSAGES\tPARENT\tDESCRIPTION")
	for _, t := range tags {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", t.Name, t.Color, t.Passages, names[t.ParentID], t.Description)
	}
	return tw.Flush()
}
