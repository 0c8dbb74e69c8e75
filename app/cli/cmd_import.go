package cli

import (
	"context"
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
	parse:   func(fl *flags, args []string) (options, error) { return parseImport(fl, args) },
}

type importOptions struct {
	project string
	paths   []string
	author  string
}

func parseImport(fl *flags, args []string) (*importOptions, error) {
	o := &importOptions{}
	fl.author(&o.author)
	pos, err := fl.parse(args, 2, -1)
	if err != nil {
		return nil, err
	}
	o.project, o.paths = pos[0], pos[1:]
	return o, nil
}

func (o *importOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	failed := 0
	// Each file is stored as soon as it is read: a folder of PDFs is never
	// held in memory at once.
	(ingest.Options{}).Each(ctx, o.paths, func(r ingest.Result) {
		if r.Err != nil {
			failed++
			fmt.Fprintf(std.out, "failed   %s\n", r.Err)
			return
		}
		created, err := db.ImportDocument(ctx, r.Doc, original(r.Article))
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(std.out, "failed   %s: %s\n", r.Path, err)
			return
		case created:
			fmt.Fprintf(std.out, "added    %s  %s  (%s)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		default:
			fmt.Fprintf(std.out, "present  %s  %s  (%s: same text)\n", annotate.ShortID(r.Doc.ID), r.Doc.Title, r.Path)
		}
		fmt.Fprintf(std.out, "         %s\n", r.Article.Report)
	})
	if err := ctx.Err(); err != nil {
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
