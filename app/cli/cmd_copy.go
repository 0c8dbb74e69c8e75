package cli

import (
	"context"
	"fmt"
	"strings"

	"gloss/storage"
)

var cmdCopy = &command{
	name:    "copy",
	args:    "FILE OUT [--author NAME]... [--drop-originals] [--force]",
	summary: "save a compact copy to send (deleted work purged; optionally one researcher's work only, or without the original PDFs)",
	parse:   func(fl *flags, args []string) (options, error) { return parseCopy(fl, args) },
}

type copyOptions struct {
	project, out string
	authors      []string
	force        bool
	drop         bool // leave out the original files
}

func parseCopy(fl *flags, args []string) (*copyOptions, error) {
	o := &copyOptions{}
	fl.strings(&o.authors, "author", "keep only this researcher's passages, notes and the codes they use (repeatable)")
	fl.BoolVar(&o.force, "force", false, "replace OUT if it exists")
	fl.BoolVar(&o.drop, "drop-originals", false, "leave out the original files (PDFs) documents were imported from; their text stays")
	pos, err := fl.parse(args, 2, 2)
	if err != nil {
		return nil, err
	}
	o.project, o.out = pos[0], pos[1]
	return o, nil
}

func (o *copyOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.SaveCopy(ctx, o.out, storage.CopyOptions{Authors: o.authors, Overwrite: o.force, DropOriginals: o.drop})
	if err != nil {
		return err
	}
	who := ""
	if len(o.authors) > 0 {
		who = " with the work of " + strings.Join(o.authors, ",")
	}
	fmt.Fprintf(std.out, "wrote %s%s: %s, %s, %s, %s, %s (%s)\n", o.out, who,
		plural(rep.Documents, "document", "documents"), plural(rep.Tags, "code", "codes"),
		plural(rep.Passages, "passage", "passages"), plural(rep.Notes, "note", "notes"),
		plural(rep.Originals, "original file", "original files"), byteSize(rep.Bytes))
	return nil
}

// byteSize formats a file size for people.
func byteSize(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
