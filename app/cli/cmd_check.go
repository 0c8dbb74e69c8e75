package cli

import (
	"errors"
	"fmt"
)

var cmdCheck = &command{
	name:    "check",
	args:    "FILE",
	summary: "check a project's integrity",
	run:     runCheck,
}

func runCheck(c *env, args []string) error {
	fs := c.flags(false)
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	problems, err := db.Check(c.ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(c.stdout, p)
	}
	if len(problems) > 0 {
		return errors.New(plural(len(problems), "problem", "problems") + " found in " + pos[0])
	}
	docs, err := db.Documents(c.ctx, emptyDocFilter)
	if err != nil {
		return err
	}
	tags, err := db.Tags(c.ctx)
	if err != nil {
		return err
	}
	n := 0
	for _, d := range docs {
		n += d.Passages
	}
	fmt.Fprintf(c.stdout, "%s: ok (%s, %s, %s)\n", pos[0], plural(len(docs), "document", "documents"), plural(len(tags), "tag", "tags"), plural(n, "passage", "passages"))
	return nil
}
