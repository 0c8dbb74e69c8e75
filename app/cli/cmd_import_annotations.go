package cli

import (
	"fmt"

	"gloss/export/interchange"
)

var cmdImportAnnotations = &command{
	name:    "import-annotations",
	args:    "FILE IN.json|IN.qdpx|IN.qdc",
	summary: "import annotations from another tool (W3C Web Annotation / Hypothesis JSON, REFI-QDA project or codebook)",
	run:     runImportAnnotations,
}

func runImportAnnotations(c *env, args []string) error {
	fs := c.flags(true)
	quiet := fs.Bool("quiet", false, "print only the summary, not a line per annotation")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	b, err := interchange.ReadFile(pos[1])
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.ImportBatch(c.ctx, b)
	if err != nil {
		return err
	}
	if !*quiet {
		for _, l := range rep.Lines {
			fmt.Fprintln(c.stdout, l)
		}
	}
	fmt.Fprintf(c.stdout, "%s (%s): %s\n", pos[1], rep.Format, rep.Summary())
	return nil
}
