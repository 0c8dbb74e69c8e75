package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
	"gloss/storage"
)

var cmdAutocode = &command{
	name:    "autocode",
	args:    "FILE [--rule NAME]... [--doc ID]... [--apply] [--json]",
	summary: "propose passages from the auto-coding rules; --apply codes them",
	run:     runAutocode,
}

var cmdRules = &command{
	name:    "rules",
	args:    "FILE [--add NAME --words W|W… | --regex RE --tag NAME [--scope match|sentence|paragraph]] [--delete NAME] [--json]",
	summary: "list, add or delete auto-coding rules",
	run:     runRules,
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

func runAutocode(c *env, args []string) error {
	fs := c.flags(true)
	var ruleNames, docIDs stringList
	fs.Var(&ruleNames, "rule", "run only this rule (repeatable)")
	fs.Var(&docIDs, "doc", "code only this document (repeatable)")
	apply := fs.Bool("apply", false, "code the proposed passages (provenance auto) instead of only listing them")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	var opt storage.AutocodeOptions
	for _, n := range ruleNames {
		r, err := db.RuleByName(c.ctx, n)
		if err != nil {
			return err
		}
		opt.RuleIDs = append(opt.RuleIDs, r.ID)
	}
	for _, id := range docIDs {
		d, err := c.findDocument(db, id)
		if err != nil {
			return err
		}
		opt.DocumentIDs = append(opt.DocumentIDs, d.ID)
	}
	ps, err := db.ProposeAutocode(c.ctx, opt)
	if err != nil {
		return err
	}
	tagName, title, err := names(c, db)
	if err != nil {
		return err
	}
	if *apply {
		ids, err := db.AcceptProposals(c.ctx, ps)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "coded %d passages (provenance auto)\n", len(ids))
		return nil
	}
	if *asJSON {
		out := []proposalJSON{}
		for _, p := range ps {
			out = append(out, proposalJSON{p.DocumentID, title[p.DocumentID], p.Start, p.End, p.Quote, tagName[p.TagID], p.RuleName})
		}
		return writeJSON(c, out)
	}
	if len(ps) == 0 {
		fmt.Fprintln(c.stdout, "no proposals")
		return nil
	}
	for _, p := range ps {
		fmt.Fprintf(c.stdout, "%s  %s [%d, %d)  %s  (rule %s)\n", annotate.ShortID(p.DocumentID), title[p.DocumentID], p.Start, p.End, tagName[p.TagID], p.RuleName)
		fmt.Fprintf(c.stdout, "    “%s”\n", annotate.Ellipsize(oneLine(p.Quote), 200))
	}
	fmt.Fprintf(c.stdout, "%d proposals; run again with --apply to code them\n", len(ps))
	return nil
}

// names maps tag IDs to names and document IDs to titles.
func names(c *env, db *storage.DB) (tags, titles map[string]string, err error) {
	ts, err := db.Tags(c.ctx)
	if err != nil {
		return nil, nil, err
	}
	tags = map[string]string{}
	for _, t := range ts {
		tags[t.ID] = t.Name
	}
	ds, err := db.Documents(c.ctx, emptyDocFilter)
	if err != nil {
		return nil, nil, err
	}
	titles = map[string]string{}
	for _, d := range ds {
		titles[d.ID] = d.Title
	}
	return tags, titles, nil
}

func runRules(c *env, args []string) error {
	fs := c.flags(true)
	add := fs.String("add", "", "add a rule with this name")
	words := fs.String("words", "", "the new rule's words or phrases, separated by |; end one with * for any ending")
	regex := fs.String("regex", "", "the new rule's regular expression (RE2 syntax, case-insensitive unless (?-i))")
	tag := fs.String("tag", "", "the tag the new rule codes with")
	scope := fs.String("scope", annotate.ScopeSentence, "what the new rule codes: match, sentence or paragraph")
	del := fs.String("delete", "", "delete the rule with this name")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *add != "" && *del != "" {
		return usageErrorf("give --add or --delete, not both")
	}
	if *add != "" && (*words == "") == (*regex == "") {
		return usageErrorf("--add needs one of --words or --regex")
	}
	if *add != "" && *tag == "" {
		return usageErrorf("--add needs --tag")
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case *add != "":
		tags, err := c.findTags(db, []string{*tag})
		if err != nil {
			return err
		}
		r := &annotate.Rule{Name: *add, Kind: annotate.RuleWords, Pattern: *words, TagID: tags[0].ID, Scope: *scope}
		if *regex != "" {
			r.Kind, r.Pattern = annotate.RuleRegex, *regex
		}
		if err := db.CreateRule(c.ctx, r); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "added rule %q\n", r.Name)
		return nil
	case *del != "":
		r, err := db.RuleByName(c.ctx, *del)
		if err != nil {
			return err
		}
		if err := db.DeleteRule(c.ctx, r.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "deleted rule %q\n", r.Name)
		return nil
	}
	rules, err := db.Rules(c.ctx)
	if err != nil {
		return err
	}
	tagName, _, err := names(c, db)
	if err != nil {
		return err
	}
	if *asJSON {
		out := []annotate.RuleSpec{}
		for _, r := range rules {
			out = append(out, annotate.RuleSpec{Name: r.Name, Kind: r.Kind, Pattern: r.Pattern, Tag: tagName[r.TagID], Scope: r.Scope})
		}
		return writeJSON(c, out)
	}
	if len(rules) == 0 {
		fmt.Fprintln(c.stdout, "no rules")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTAG\tSCOPE\tKIND\tPATTERN")
	for _, r := range rules {
		tn := tagName[r.TagID]
		if tn == "" {
			tn = "(deleted tag)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, tn, r.Scope, r.Kind, strings.ReplaceAll(r.Pattern, "\n", " "))
	}
	return tw.Flush()
}
