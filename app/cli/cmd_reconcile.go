package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

var cmdReconcile = &command{
	name:    "reconcile",
	args:    "FILE --authors A,B [--decide KEY --choose a|b|both|edit [--range START-END] [--note TEXT]] [--undo KEY] [--json]",
	summary: "list where two coders applied a code differently, and decide each: one's version, both, or an edited range",
	parse:   func(fl *flags, args []string) (options, error) { return parseReconcile(fl, args) },
}

type reconcileOptions struct {
	project    string
	a, b       string
	decide     string // a disagreement's key (or a unique prefix)
	choose     string
	start, end int
	note       string
	undo       string
	author     string
	listing
}

func parseReconcile(fl *flags, args []string) (*reconcileOptions, error) {
	o := &reconcileOptions{}
	var authors, rng string
	fl.StringVar(&authors, "authors", "", "the two coders, separated by a comma")
	fl.StringVar(&o.decide, "decide", "", "the disagreement to decide, by its key (a unique prefix will do)")
	fl.StringVar(&o.choose, "choose", "", "with --decide: a (A's version stands), b (B's), both, or edit (with --range)")
	fl.StringVar(&rng, "range", "", "with --choose edit: the characters START-END the code goes on instead")
	fl.StringVar(&o.note, "note", "", "with --decide: why, recorded with the decision")
	fl.StringVar(&o.undo, "undo", "", "reverse the decision on the disagreement with this key")
	fl.author(&o.author)
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	names := strings.Split(authors, ",")
	if len(names) != 2 || strings.TrimSpace(names[0]) == "" || strings.TrimSpace(names[1]) == "" {
		return nil, usageErrorf("--authors needs two names separated by a comma, e.g. --authors Ada,Ben")
	}
	o.a, o.b = strings.TrimSpace(names[0]), strings.TrimSpace(names[1])
	switch {
	case o.decide != "" && o.undo != "":
		return nil, usageErrorf("give --decide or --undo, not both")
	case o.decide != "" && o.choose == "":
		return nil, usageErrorf("--decide needs --choose a, b, both or edit")
	case o.decide == "" && (o.choose != "" || rng != "" || o.note != ""):
		return nil, usageErrorf("--choose, --range and --note go with --decide KEY")
	}
	if o.choose == annotate.DecideEdit {
		s, e, ok := strings.Cut(rng, "-")
		var err1, err2 error
		o.start, err1 = strconv.Atoi(strings.TrimSpace(s))
		o.end, err2 = strconv.Atoi(strings.TrimSpace(e))
		if !ok || err1 != nil || err2 != nil {
			return nil, usageErrorf("--choose edit needs --range START-END, in characters of the document, e.g. --range 120-184")
		}
	} else if rng != "" {
		return nil, usageErrorf("--range goes with --choose edit")
	}
	return o, nil
}

// versionJSON is one coder's passage in a disagreement.
type versionJSON struct {
	Passage string `json:"passage"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Quote   string `json:"quote"`
}

// disagreementJSON is a disagreement as the command line prints it.
type disagreementJSON struct {
	Key        string        `json:"key"`
	Document   string        `json:"document"`
	DocumentID string        `json:"document_id"`
	Tag        string        `json:"tag"`
	Start      int           `json:"start"`
	End        int           `json:"end"`
	A          []versionJSON `json:"a"`
	B          []versionJSON `json:"b"`
	Decision   string        `json:"decision,omitempty"`
	DecidedBy  string        `json:"decided_by,omitempty"`
	Note       string        `json:"note,omitempty"`
}

func (o *reconcileOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	ds, decided, err := db.Disagreements(ctx, o.a, o.b)
	if err != nil {
		return err
	}
	find := func(key string) (annotate.Disagreement, error) {
		var found []annotate.Disagreement
		for _, d := range ds {
			if strings.HasPrefix(d.Key, strings.ToLower(key)) {
				found = append(found, d)
			}
		}
		switch len(found) {
		case 0:
			return annotate.Disagreement{}, annotate.Errorf(annotate.ENOTFOUND, "no disagreement of %s and %s has the key %q (gloss reconcile FILE --authors %s,%s lists them)", o.a, o.b, key, o.a, o.b)
		case 1:
			return found[0], nil
		}
		return annotate.Disagreement{}, annotate.Errorf(annotate.EINVALID, "the key %q is the start of %d disagreements' keys: give more of it", key, len(found))
	}
	if o.undo != "" {
		d, err := find(o.undo)
		if err != nil {
			return err
		}
		r := decided[d.Key]
		if r == nil {
			return annotate.Errorf(annotate.ENOTFOUND, "the disagreement %s has no decision to reverse", d.Key[:8])
		}
		if err := db.UndoReconciliation(ctx, r.ID); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "reversed the decision on %s\n", d.Key[:8])
		return nil
	}
	if o.decide != "" {
		d, err := find(o.decide)
		if err != nil {
			return err
		}
		r := &annotate.Reconciliation{CoderA: o.a, CoderB: o.b, Decision: o.choose, Start: o.start, End: o.end, Note: o.note}
		if prev := decided[d.Key]; prev != nil {
			// Deciding again replaces the decision.
			if err := db.UndoReconciliation(ctx, prev.ID); err != nil {
				return err
			}
		}
		if err := db.Reconcile(ctx, d, r); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "decided %s: %s\n", d.Key[:8], decisionWords(r, o.a, o.b))
		return nil
	}
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	quotes, err := passageQuotes(ctx, db, ds)
	if err != nil {
		return err
	}
	var out []disagreementJSON
	for _, d := range ds {
		j := disagreementJSON{Key: d.Key, Document: title[d.DocumentID], DocumentID: d.DocumentID, Tag: tagName[d.TagID], Start: d.Start, End: d.End,
			A: []versionJSON{}, B: []versionJSON{}}
		for _, p := range d.A {
			j.A = append(j.A, versionJSON{p.ID, p.Start, p.End, quotes[p.ID]})
		}
		for _, p := range d.B {
			j.B = append(j.B, versionJSON{p.ID, p.Start, p.End, quotes[p.ID]})
		}
		if r := decided[d.Key]; r != nil {
			j.Decision, j.DecidedBy, j.Note = decisionWords(r, o.a, o.b), r.Author, r.Note
		}
		out = append(out, j)
	}
	return o.print(std.out, out, func() error {
		if len(out) == 0 {
			fmt.Fprintf(std.out, "%s and %s agree everywhere both coded\n", o.a, o.b)
			return nil
		}
		open := 0
		for _, d := range out {
			fmt.Fprintf(std.out, "%s  %s  %s [%d, %d)\n", d.Key[:8], d.Tag, d.Document, d.Start, d.End)
			for _, side := range []struct {
				who string
				vs  []versionJSON
			}{{o.a, d.A}, {o.b, d.B}} {
				if len(side.vs) == 0 {
					fmt.Fprintf(std.out, "    %s: did not code it\n", side.who)
				}
				for _, v := range side.vs {
					fmt.Fprintf(std.out, "    %s [%d, %d): “%s”\n", side.who, v.Start, v.End, annotate.Ellipsize(oneLine(v.Quote), 100))
				}
			}
			if d.Decision != "" {
				fmt.Fprintf(std.out, "    decided by %s: %s\n", orSomeone(d.DecidedBy), d.Decision)
			} else {
				open++
			}
		}
		fmt.Fprintf(std.out, "%s, %s not decided yet\n", plural(len(out), "disagreement", "disagreements"), annotate.Number(open))
		return nil
	})
}

// decisionWords says what a decision was: "Ada's version", "both
// versions", "edited to [120, 184)".
func decisionWords(r *annotate.Reconciliation, a, b string) string {
	switch r.Decision {
	case annotate.DecideA:
		return a + "'s version"
	case annotate.DecideB:
		return b + "'s version"
	case annotate.DecideBoth:
		return "both versions"
	}
	return fmt.Sprintf("edited to [%d, %d)", r.Start, r.End)
}

// passageQuotes reads the quotes of the disagreements' passages, deleted
// ones (taken away by a decision) included as they were.
func passageQuotes(ctx context.Context, db *storage.DB, ds []annotate.Disagreement) (map[string]string, error) {
	var ids []string
	for _, d := range ds {
		for _, p := range append(append([]annotate.CodedPassage(nil), d.A...), d.B...) {
			ids = append(ids, p.ID)
		}
	}
	return db.PassageQuotes(ctx, ids)
}
