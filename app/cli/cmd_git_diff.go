package cli

import (
	"context"
	"fmt"

	"gloss/export"
	"gloss/storage"
)

var cmdGitTextconv = &command{
	name:    "git-textconv",
	args:    "FILE",
	summary: "print a project as sorted text, for git diff, log -p and show (set up by git-setup)",
	parse:   func(fl *flags, args []string) (options, error) { return parseGitTextconv(fl, args) },
}

type gitTextconvOptions struct {
	project string
}

func parseGitTextconv(fl *flags, args []string) (*gitTextconvOptions, error) {
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	return &gitTextconvOptions{project: pos[0]}, nil
}

// run prints the project as export.Dump writes it, reading only. A file
// Gloss refuses (see gloss check) prints as the refusal, a line of text,
// and the command succeeds: git then shows the reason in the diff, and
// one bad version in a project's history does not stop git log -p.
func (o *gitTextconvOptions) run(ctx context.Context, std streams) error {
	db, err := storage.OpenReading(o.project)
	if err != nil {
		fmt.Fprintf(std.out, "Gloss refuses this version of the project: %s\n", trimPath(err, o.project))
		return nil
	}
	defer db.Close()
	orphans, err := db.Orphans(ctx)
	if err != nil {
		return err
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		return err
	}
	opts := export.DumpOptions{Rules: rules}
	for _, or := range orphans {
		opts.Unplaced = append(opts.Unplaced, export.Unplaced{Document: or.Document, Quote: or.Quote, Tags: or.Tags,
			Author: or.Author, Note: or.Note, From: or.From})
	}
	return export.Dump(ctx, std.out, db, opts)
}

// trimPath leaves the file name out of err's message: git's temporary
// name for a version means nothing to the reader.
func trimPath(err error, path string) string {
	msg := err.Error()
	if p := path + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}
