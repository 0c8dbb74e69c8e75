package cli

import (
	"fmt"
	"strings"

	"gloss/annotate"
)

var cmdOrphans = &command{
	name:    "orphans",
	args:    "FILE [--dismiss ID]",
	summary: "list colleagues' passages a merge could not place on your text (or dismiss one)",
	run:     runOrphans,
}

func runOrphans(c *env, args []string) error {
	fs := c.flags(true)
	dismiss := fs.String("dismiss", "", "dismiss the orphan with this passage id (or unique prefix) once dealt with")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	orphans, err := db.Orphans(c.ctx)
	if err != nil {
		return err
	}
	if *dismiss != "" {
		var match []string
		for _, o := range orphans {
			if strings.HasPrefix(o.PassageID, strings.ToLower(*dismiss)) {
				match = append(match, o.PassageID)
			}
		}
		switch len(match) {
		case 0:
			return annotate.Errorf(annotate.ENOTFOUND, "no orphan passage %s in %s", *dismiss, pos[0])
		case 1:
			if err := db.DismissOrphan(c.ctx, match[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "dismissed orphan %s\n", annotate.ShortID(match[0]))
			return nil
		}
		return usageErrorf("orphan id %s is ambiguous: give more characters", *dismiss)
	}
	if len(orphans) == 0 {
		fmt.Fprintf(c.stdout, "%s: no orphan passages\n", pos[0])
		return nil
	}
	for _, o := range orphans {
		fmt.Fprintf(c.stdout, "%s  “%s”\n    in %s, by %s, from %s [%s]\n", annotate.ShortID(o.PassageID), annotate.Ellipsize(o.Quote, 70),
			o.Document, o.Author, o.From, strings.Join(o.Tags, "; "))
		if o.Note != "" {
			fmt.Fprintf(c.stdout, "    note (%s): %s\n", o.NoteAuthor, annotate.Ellipsize(o.Note, 70))
		}
	}
	return nil
}
