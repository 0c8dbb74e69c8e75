package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
)

var cmdRules = &command{
	name: "rules",
	args: "FILE [--add NAME --words W|W… | --regex RE --tag NAME [--scope match|sentence|paragraph]] " +
		"[--edit NAME [--rename NEW] [--words W|W… | --regex RE] [--tag NAME] [--scope …]] [--delete NAME] [--json]",
	summary: "list, add, change or delete auto-coding rules",
	parse:   func(fl *flags, args []string) (options, error) { return parseRules(fl, args) },
}

type rulesOptions struct {
	project  string
	add      string // a rule to add, with words or regex, tag and scope
	edit     string // a rule to change: what is given of rename, words or regex, tag and scope
	rename   string
	words    string
	regex    string
	tag      string
	scope    string
	scopeSet bool   // --scope was given
	del      string // a rule to delete
	author   string
	listing
}

func parseRules(fl *flags, args []string) (*rulesOptions, error) {
	o := &rulesOptions{}
	fl.author(&o.author)
	fl.StringVar(&o.add, "add", "", "add a rule with this name")
	fl.StringVar(&o.edit, "edit", "", "change the rule with this name: what --rename, --words, --regex, --tag and --scope give")
	fl.StringVar(&o.rename, "rename", "", "the edited rule's new name")
	fl.StringVar(&o.words, "words", "", "the new rule's words or phrases, separated by |; end one with * for any ending")
	fl.StringVar(&o.regex, "regex", "", "the new rule's regular expression (RE2 syntax, case-insensitive unless (?-i))")
	fl.StringVar(&o.tag, "tag", "", "the code the new rule codes with")
	fl.StringVar(&o.scope, "scope", annotate.ScopeSentence, "what the new rule codes: match, sentence or paragraph")
	fl.StringVar(&o.del, "delete", "", "delete the rule with this name")
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, 1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	o.scopeSet = fl.isSet("scope")
	actions := 0
	for _, a := range []string{o.add, o.edit, o.del} {
		if a != "" {
			actions++
		}
	}
	switch {
	case actions > 1:
		return nil, usageErrorf("give one of --add, --edit or --delete")
	case o.edit != "" && o.words != "" && o.regex != "":
		return nil, usageErrorf("--edit takes --words or --regex, not both")
	case o.edit != "" && o.rename == "" && o.words == "" && o.regex == "" && o.tag == "" && !fl.isSet("scope"):
		return nil, usageErrorf("--edit needs something to change: --rename, --words, --regex, --tag or --scope")
	case o.rename != "" && o.edit == "":
		return nil, usageErrorf("--rename goes with --edit")
	case o.add != "" && (o.words == "") == (o.regex == ""):
		return nil, usageErrorf("--add needs one of --words or --regex")
	case o.add != "" && o.tag == "":
		return nil, usageErrorf("--add needs --tag")
	}
	return o, nil
}

func (o *rulesOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case o.add != "":
		tags, err := findTags(ctx, db, []string{o.tag})
		if err != nil {
			return err
		}
		r := &annotate.Rule{Name: o.add, Kind: annotate.RuleWords, Pattern: o.words, TagID: tags[0].ID, Scope: o.scope}
		if o.regex != "" {
			r.Kind, r.Pattern = annotate.RuleRegex, o.regex
		}
		if err := db.CreateRule(ctx, r); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "added rule %q\n", r.Name)
		return nil
	case o.edit != "":
		r, err := db.RuleByName(ctx, o.edit)
		if err != nil {
			return err
		}
		var upd annotate.RuleUpdate
		if o.rename != "" {
			upd.Name = &o.rename
		}
		if o.words != "" {
			kind := annotate.RuleWords
			upd.Kind, upd.Pattern = &kind, &o.words
		}
		if o.regex != "" {
			kind := annotate.RuleRegex
			upd.Kind, upd.Pattern = &kind, &o.regex
		}
		if o.tag != "" {
			tags, err := findTags(ctx, db, []string{o.tag})
			if err != nil {
				return err
			}
			upd.TagID = &tags[0].ID
		}
		if o.scopeSet {
			upd.Scope = &o.scope
		}
		now, err := db.UpdateRule(ctx, r.ID, upd)
		if err != nil {
			return err
		}
		fmt.Fprintf(std.out, "changed rule %q\n", now.Name)
		return nil
	case o.del != "":
		r, err := db.RuleByName(ctx, o.del)
		if err != nil {
			return err
		}
		if err := db.DeleteRule(ctx, r.ID); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "deleted rule %q\n", r.Name)
		return nil
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		return err
	}
	tagName, _, err := names(ctx, db)
	if err != nil {
		return err
	}
	var out []annotate.RuleSpec
	for _, r := range rules {
		out = append(out, annotate.RuleSpec{Name: r.Name, Kind: r.Kind, Pattern: r.Pattern, Tag: tagName[r.TagID], Scope: r.Scope})
	}
	return o.print(std.out, out, func() error {
		if len(rules) == 0 {
			fmt.Fprintln(std.out, "no rules")
			return nil
		}
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCODE\tSCOPE\tKIND\tPATTERN")
		for _, r := range out {
			tn := r.Tag
			if tn == "" {
				tn = "(deleted code)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, tn, r.Scope, r.Kind, strings.ReplaceAll(r.Pattern, "\n", " "))
		}
		return tw.Flush()
	})
}
