package cli

import (
	"fmt"

	"gloss/app/project"
)

var cmdNew = &command{
	name:    "new",
	args:    "FILE [--samples]",
	summary: "create a project with the seed codebook (and the sample articles)",
	run:     runNew,
}

func runNew(c *env, args []string) error {
	fs := c.flags(true)
	samples := fs.Bool("samples", false, "add the sample articles on the 2021 Geneva summit")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := project.Create(pos[0], *samples, c.authorName())
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := db.Documents(c.ctx, emptyDocFilter)
	if err != nil {
		return err
	}
	tags, err := db.Tags(c.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "created %s: %d documents, %d tags\n", pos[0], len(docs), len(tags))
	return nil
}
