package cli

import (
	"errors"
	"fmt"

	"gloss/annotate"
	"gloss/export/ingest"
)

var cmdImport = &command{
	name:    "import",
	args:    "FILE PATH...",
	summary: "import articles (text, Markdown, HTML; folders too)",
	run:     runImport,
}

var emptyDocFilter annotate.DocumentFilter

func runImport(c *env, args []string) error {
	fs := c.flags(true)
	pos, err := c.parse(fs, args, 2, -1)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	failed := 0
	for _, r := range ingest.Paths(pos[1:]) {
		if r.Err != nil {
			failed++
			fmt.Fprintf(c.stdout, "failed   %s\n", r.Err)
			continue
		}
		created, err := db.CreateDocument(c.ctx, r.Doc)
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(c.stdout, "failed   %s: %s\n", r.Path, err)
		case created:
			fmt.Fprintf(c.stdout, "added    %s  %s  (%s)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		default:
			fmt.Fprintf(c.stdout, "present  %s  %s  (%s: same text)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		}
	}
	if failed > 0 {
		return errors.New(plural(failed, "file", "files") + " could not be imported")
	}
	return nil
}

// plural returns "1 file" or "3 files".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
