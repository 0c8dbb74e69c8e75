package cli

import (
	"errors"
	"fmt"

	"gloss/annotate"
	"gloss/export/ingest"
	"gloss/storage"
)

var cmdImport = &command{
	name:    "import",
	args:    "FILE PATH|URL...",
	summary: "import articles (text, Markdown, HTML, PDF, Word, OpenDocument; folders and web addresses too)",
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
	for _, r := range (ingest.Options{}).Paths(c.ctx, pos[1:]) {
		if r.Err != nil {
			failed++
			fmt.Fprintf(c.stdout, "failed   %s\n", r.Err)
			continue
		}
		created, err := db.ImportDocument(c.ctx, r.Doc, original(r.Article))
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(c.stdout, "failed   %s: %s\n", r.Path, err)
			continue
		case created:
			fmt.Fprintf(c.stdout, "added    %s  %s  (%s)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		default:
			fmt.Fprintf(c.stdout, "present  %s  %s  (%s: same text)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		}
		fmt.Fprintf(c.stdout, "         %s\n", r.Article.Report)
	}
	if err := c.ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		return errors.New(plural(failed, "file", "files") + " could not be imported")
	}
	return nil
}

// original is the file an article keeps for the project, or nil.
func original(a *ingest.Article) *storage.Original {
	if a == nil || a.Original == nil {
		return nil
	}
	return &storage.Original{Name: a.Original.Name, MediaType: a.Original.MediaType, Data: a.Original.Data}
}

// plural returns "1 file" or "3 files".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
