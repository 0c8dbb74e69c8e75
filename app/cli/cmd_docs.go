package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"gloss/annotate"
)

var cmdDocs = &command{
	name:    "docs",
	args:    "FILE [--json]",
	summary: "list the project's documents",
	run:     runDocs,
}

func runDocs(c *env, args []string) error {
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
	docs, err := db.Documents(c.ctx, emptyDocFilter)
	if err != nil {
		return err
	}
	if *asJSON {
		type doc struct {
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
		out := []doc{}
		for _, d := range docs {
			out = append(out, doc{d.ID, d.Title, d.Outlet, d.Byline, d.Published, d.URL, d.Length, d.Passages, d.Hash})
		}
		return writeJSON(c, out)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tOUTLET\tDATE\tPASSAGES")
	for _, d := range docs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", annotate.ShortID(d.ID), annotate.Ellipsize(d.Title, 60), d.Outlet, d.Published, d.Passages)
	}
	return tw.Flush()
}

func writeJSON(c *env, v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
