package cli

import (
	"context"
	"fmt"
	"strings"

	"gloss/annotate"
)

var cmdOrphans = &command{
	name:    "orphans",
	args:    "FILE [--dismiss ID] [--json]",
	summary: "list colleagues' passages a merge could not place on your text (or dismiss one)",
	parse:   func(fl *flags, args []string) (options, error) { return parseOrphans(fl, args) },
}

type orphansOptions struct {
	project string
	dismiss string // the orphan to dismiss, by passage ID or unique prefix
	author  string
	listing
}

func parseOrphans(fl *flags, args []string) (*orphansOptions, error) {
	o := &orphansOptions{}
	fl.author(&o.author)
	fl.StringVar(&o.dismiss, "dismiss", "", "dismiss the orphan with this passage id (or unique prefix) once dealt with")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	if o.dismiss != "" && o.json {
		return nil, usageErrorf("--json lists orphans; --dismiss dismisses one: give either")
	}
	return o, nil
}

func (o *orphansOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	orphans, err := db.Orphans(ctx)
	if err != nil {
		return err
	}
	if o.dismiss != "" {
		var match []string
		for _, or := range orphans {
			if strings.HasPrefix(or.PassageID, strings.ToLower(o.dismiss)) {
				match = append(match, or.PassageID)
			}
		}
		switch len(match) {
		case 0:
			return annotate.Errorf(annotate.ENOTFOUND, "no orphan passage %s in %s", o.dismiss, o.project)
		case 1:
			if err := db.DismissOrphan(ctx, match[0]); err != nil {
				return err
			}
			fmt.Fprintf(std.out, "dismissed orphan %s\n", annotate.ShortID(match[0]))
			return nil
		}
		return usageErrorf("orphan id %s is ambiguous: give more characters", o.dismiss)
	}
	return o.print(std.out, orphans, func() error {
		if len(orphans) == 0 {
			fmt.Fprintf(std.out, "%s: no orphan passages\n", o.project)
			return nil
		}
		for _, or := range orphans {
			fmt.Fprintf(std.out, "%s  “%s”\n    in %s, by %s, from %s [%s]\n", annotate.ShortID(or.PassageID), annotate.Ellipsize(or.Quote, 70),
				or.Document, or.Author, or.From, strings.Join(or.Tags, "; "))
			if or.Note != "" {
				fmt.Fprintf(std.out, "    note (%s): %s\n", or.NoteAuthor, annotate.Ellipsize(or.Note, 70))
			}
		}
		return nil
	})
}
