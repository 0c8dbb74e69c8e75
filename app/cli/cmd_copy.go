package cli

import (
	"fmt"

	"gloss/storage"
)

var cmdCopy = &command{
	name:    "copy",
	args:    "FILE OUT [--author NAME]... [--drop-originals] [--force]",
	summary: "save a compact copy to send (deleted work purged; optionally one researcher's work only, or without the original PDFs)",
	run:     runCopy,
}

func runCopy(c *env, args []string) error {
	fs := c.flags(false)
	var authors stringList
	fs.Var(&authors, "author", "keep only this researcher's passages, notes and the tags they use (repeatable)")
	force := fs.Bool("force", false, "replace OUT if it exists")
	drop := fs.Bool("drop-originals", false, "leave out the original files (PDFs) documents were imported from; their text stays")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.SaveCopy(c.ctx, pos[1], storage.CopyOptions{Authors: authors, Overwrite: *force, DropOriginals: *drop})
	if err != nil {
		return err
	}
	who := ""
	if len(authors) > 0 {
		who = " with the work of " + authors.String()
	}
	fmt.Fprintf(c.stdout, "wrote %s%s: %s, %s, %s, %s, %s (%s)\n", pos[1], who,
		plural(rep.Documents, "document", "documents"), plural(rep.Tags, "tag", "tags"),
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
