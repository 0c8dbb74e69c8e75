package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

var cmdMerge = &command{
	name:    "merge",
	args:    "MINE THEIRS...",
	summary: "merge colleagues' project files into yours",
	parse:   func(fl *flags, args []string) (options, error) { return parseMerge(fl, args) },
}

type mergeOptions struct {
	mine   string
	theirs []string
	author string
}

func parseMerge(fl *flags, args []string) (*mergeOptions, error) {
	o := &mergeOptions{}
	fl.author(&o.author)
	pos, err := fl.parse(args, 2, -1)
	if err != nil {
		return nil, err
	}
	o.mine, o.theirs = pos[0], pos[1:]
	return o, nil
}

func (o *mergeOptions) run(ctx context.Context, std streams) error {
	// With several colleagues' files, every one is checked before anything
	// is merged, so one bad file refuses the whole command with ours
	// untouched. A single file needs no such pass: Merge checks it first
	// and runs in one transaction, and checking twice reads it twice.
	if len(o.theirs) > 1 {
		for _, p := range o.theirs {
			if _, err := storage.Inspect(p); err != nil {
				return fmt.Errorf("%s: %w (nothing merged)", p, err)
			}
		}
	}
	db, err := openProject(std, o.mine, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	for i, p := range o.theirs {
		rep, err := db.Merge(ctx, p)
		if err != nil {
			if i > 0 {
				return fmt.Errorf("%w (%s merged before it; %s left unchanged by this one)", err, strings.Join(o.theirs[:i], ", "), o.mine)
			}
			return fmt.Errorf("%w (nothing merged)", err)
		}
		writeMergeReport(std.out, o.mine, rep)
	}
	return nil
}

// writeMergeReport prints what a merge did.
func writeMergeReport(w io.Writer, mine string, r *storage.MergeReport) {
	fmt.Fprintf(w, "merged %s into %s", r.File, mine)
	if !r.Changed() {
		fmt.Fprintf(w, ": nothing new\n")
		return
	}
	fmt.Fprintln(w)
	how := []string{}
	if r.DocumentsByHash > 0 {
		how = append(how, annotate.Number(r.DocumentsByHash)+" by identical text")
	}
	if r.DocumentsByText > 0 {
		how = append(how, annotate.Number(r.DocumentsByText)+" by near-identical text")
	}
	matched := annotate.Number(r.DocumentsMatched) + " matched"
	if len(how) > 0 {
		matched += " (" + strings.Join(how, ", ") + ")"
	}
	fmt.Fprintf(w, "  documents: %s added, %s, %s deleted\n", annotate.Number(r.DocumentsAdded), matched, annotate.Number(r.DocumentsDeleted))
	added := annotate.Number(r.PassagesAdded) + " added"
	if r.PassagesReanchored > 0 {
		added += fmt.Sprintf(" (%s re-anchored on changed text)", annotate.Number(r.PassagesReanchored))
	}
	fmt.Fprintf(w, "  passages:  %s, %s updated, %s deleted, %s orphaned\n", added, annotate.Number(r.PassagesUpdated), annotate.Number(r.PassagesDeleted), annotate.Number(len(r.Orphans)))
	fmt.Fprintf(w, "  codes:     %s added, %s matched, %s deleted\n", annotate.Number(r.TagsAdded), annotate.Number(r.TagsMatched), annotate.Number(r.TagsDeleted))
	fmt.Fprintf(w, "  notes:     %s added, %s updated\n", annotate.Number(r.NotesAdded), annotate.Number(r.NotesUpdated))
	if r.RulesAdded+r.RulesUpdated > 0 {
		fmt.Fprintf(w, "  auto-coding rules: %s added, %s updated\n", annotate.Number(r.RulesAdded), annotate.Number(r.RulesUpdated))
	}
	for _, line := range r.AnalysisSummary() {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if r.PassagesUntagged > 0 {
		fmt.Fprintf(w, "  %s lost their last code (a colleague deleted it) and are kept uncoded\n", plural(r.PassagesUntagged, "passage", "passages"))
	}
	if len(r.TagConflicts) > 0 {
		fmt.Fprintf(w, "  code conflicts (the later change kept):\n")
		for _, tc := range r.TagConflicts {
			fmt.Fprintf(w, "    %s: %s %q replaced by %q\n", tc.Tag, tc.Field, tc.Ours, tc.Theirs)
		}
	}
	if len(r.Orphans) > 0 {
		fmt.Fprintf(w, "  orphans (their text is no longer in your copy of the document; kept, not placed):\n")
		for _, o := range r.Orphans {
			fmt.Fprintf(w, "    “%s” in %s, by %s [%s]\n", annotate.Ellipsize(o.Quote, 60), o.Document, o.Author, strings.Join(o.Tags, "; "))
		}
	}
}
