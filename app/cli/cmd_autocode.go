package cli

import (
	"context"
	"fmt"

	"gloss/annotate"
	"gloss/storage"
)

var cmdAutocode = &command{
	name:    "autocode",
	args:    "FILE [--rule NAME]... [--doc ID]... [--apply] [--json]",
	summary: "propose passages from the auto-coding rules; --apply codes them",
	parse:   func(fl *flags, args []string) (options, error) { return parseAutocode(fl, args) },
}

type autocodeOptions struct {
	project string
	rules   []string
	docs    []string
	apply   bool
	author  string
	listing
}

func parseAutocode(fl *flags, args []string) (*autocodeOptions, error) {
	o := &autocodeOptions{}
	fl.author(&o.author)
	fl.strings(&o.rules, "rule", "run only this rule (repeatable)")
	fl.strings(&o.docs, "doc", "code only this document (repeatable)")
	fl.BoolVar(&o.apply, "apply", false, "code the proposed passages (provenance auto) instead of only listing them")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	return o, nil
}

// proposalJSON is a proposal as the command line prints it.
type proposalJSON struct {
	DocumentID string `json:"document_id"`
	Document   string `json:"document"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	Quote      string `json:"quote"`
	Tag        string `json:"tag"`
	Rule       string `json:"rule"`
}

func (o *autocodeOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	var opt storage.AutocodeOptions
	for _, n := range o.rules {
		r, err := db.RuleByName(ctx, n)
		if err != nil {
			return err
		}
		opt.RuleIDs = append(opt.RuleIDs, r.ID)
	}
	if opt.DocumentIDs, err = findDocuments(ctx, db, o.docs); err != nil {
		return err
	}
	ps, err := db.ProposeAutocode(ctx, opt)
	if err != nil {
		return err
	}
	if o.apply {
		// Proposals overlapping a passage already coded with their tag
		// would code that text twice: they are left out.
		var fresh []annotate.Proposal
		for _, p := range ps {
			if p.Overlaps == "" {
				fresh = append(fresh, p)
			}
		}
		ids, err := db.AcceptProposals(ctx, fresh)
		if err != nil {
			return err
		}
		fmt.Fprintf(std.out, "coded %s (provenance auto)\n", plural(len(ids), "passage", "passages"))
		if n := len(ps) - len(fresh); n > 0 {
			fmt.Fprintf(std.out, "left out %s that overlap passages already coded with the same code\n", annotate.Number(n))
		}
		return nil
	}
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	var out []proposalJSON
	for _, p := range ps {
		out = append(out, proposalJSON{p.DocumentID, title[p.DocumentID], p.Start, p.End, p.Quote, tagName[p.TagID], p.RuleName})
	}
	return o.print(std.out, out, func() error {
		if len(ps) == 0 {
			fmt.Fprintln(std.out, "no proposals")
			return nil
		}
		for _, p := range out {
			fmt.Fprintf(std.out, "%s  %s [%d, %d)  %s  (rule %s)\n", annotate.ShortID(p.DocumentID), p.Document, p.Start, p.End, p.Tag, p.Rule)
			fmt.Fprintf(std.out, "    “%s”\n", annotate.Ellipsize(oneLine(p.Quote), 200))
		}
		fmt.Fprintf(std.out, "%s; run again with --apply to code them\n", plural(len(ps), "proposal", "proposals"))
		return nil
	})
}
