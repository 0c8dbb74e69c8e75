package cli

import (
	"errors"
	"fmt"

	"gloss/storage"
)

var cmdCheck = &command{
	name:    "check",
	args:    "FILE",
	summary: "check a project against every rule of the format, changing nothing",
	run:     runCheck,
}

// runCheck lists every problem of the file, one "FILE: problem" a line: the
// sentences open, merge and copy refuse the file with. The file is only
// read, whatever its schema version, and may be another's.
func runCheck(c *env, args []string) error {
	fs := c.flags(false)
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	path := pos[0]
	sum, problems, err := storage.CheckFile(c.ctx, path)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(c.stdout, "%s: %s\n", path, p)
	}
	if len(problems) > 0 {
		return errors.New(plural(len(problems), "problem", "problems") + " found in " + path)
	}
	fmt.Fprintf(c.stdout, "%s: ok (%s, %s, %s)\n", path, plural(sum.Documents, "document", "documents"), plural(sum.Tags, "tag", "tags"), plural(sum.Passages, "passage", "passages"))
	return nil
}
