package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"gloss/annotate"
	"gloss/storage"
)

var cmdBrief = &command{
	name: "brief",
	args: "FILE [list | show NAME | create NAME | set NAME | summary NAME TEXTFILE | finding NAME CODE TEXTFILE | " +
		"star NAME PASSAGE... | unstar NAME PASSAGE... | order NAME PASSAGE... | delete NAME] " +
		"[--title T] [--subtitle S] [--audience A] [--date YYYY-MM-DD] [--prepared-by NAME] [--annex=true|false] " +
		"[--tag CODE]... [--doc ID]... [--coder NAME]... [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--where NAME=VALUE]... [--query Q] [--subcodes] [--everything] [--rename NEW] [--under CODE] [--json]",
	summary: "write briefings: create them, set their cover, summary and findings, star and order their key quotes",
	parse:   func(fl *flags, args []string) (options, error) { return parseBrief(fl, args) },
}

// The actions of gloss brief.
const (
	briefList    = "list"
	briefShow    = "show"
	briefCreate  = "create"
	briefSet     = "set"
	briefSummary = "summary"
	briefFinding = "finding"
	briefStar    = "star"
	briefUnstar  = "unstar"
	briefOrder   = "order"
	briefDelete  = "delete"
)

type briefOptions struct {
	project string
	action  string
	name    string   // the briefing
	args    []string // the action's further arguments
	author  string
	listing

	// The settings create and set take; set changes those given.
	title, subtitle, audience, date, preparedBy string
	annex                                       bool
	tags, docs, coders                          []string
	from, to                                    string
	where                                       []string // --where NAME=VALUE
	query                                       string   // a code query
	subcodes                                    bool     // its codes take in their sub-codes
	everything                                  bool     // set: the scope takes in everything again
	rename                                      string   // set: a new name
	under                                       string   // star: the code to quote under
	given                                       map[string]bool
}

// briefArgs is how many arguments each action takes after the briefing's
// name (at least, at most; -1 no limit).
var briefArgs = map[string][2]int{
	briefList: {0, 0}, briefShow: {0, 0}, briefCreate: {0, 0}, briefSet: {0, 0}, briefDelete: {0, 0},
	briefSummary: {1, 1}, briefFinding: {2, 2}, briefStar: {1, -1}, briefUnstar: {1, -1}, briefOrder: {1, -1},
}

// settingFlags are the flags of a briefing's settings, for create and set.
var settingFlags = []string{"title", "subtitle", "audience", "date", "prepared-by", "annex", "tag", "doc", "coder", "from", "to", "where", "query", "subcodes", "everything", "rename"}

func parseBrief(fl *flags, args []string) (*briefOptions, error) {
	o := &briefOptions{given: map[string]bool{}}
	fl.author(&o.author)
	fl.list(&o.listing)
	fl.StringVar(&o.title, "title", "", "the title on the cover (default: the briefing's name)")
	fl.StringVar(&o.subtitle, "subtitle", "", "the subtitle")
	fl.StringVar(&o.audience, "audience", "", "who it is for, or its classification, e.g. \"Minister's office · OFFICIAL\"")
	fl.StringVar(&o.date, "date", "", "its date, YYYY-MM-DD (\"\" or default: the day it is exported)")
	fl.StringVar(&o.preparedBy, "prepared-by", "", "who prepared it (default for create: your name)")
	fl.BoolVar(&o.annex, "annex", false, "put the passages in scope that are not key quotes in an annex")
	fl.strings(&o.tags, "tag", "scope: only passages with this code or one nested under it (repeatable)")
	fl.strings(&o.docs, "doc", "scope: only passages in this document, by ID or unique prefix (repeatable)")
	fl.strings(&o.coders, "coder", "scope: only passages this researcher made (repeatable)")
	fl.StringVar(&o.from, "from", "", "scope: only documents published on or after this day, YYYY-MM-DD")
	fl.StringVar(&o.to, "to", "", "scope: only documents published on or before this day, YYYY-MM-DD")
	fl.strings(&o.where, "where", "scope: "+whereHelp)
	fl.StringVar(&o.query, "query", "", `scope: only the passages this code query selects, e.g. '"Cyber red lines" AND NOT "Human rights"' ("" for none)`)
	fl.BoolVar(&o.subcodes, "subcodes", false, "scope: the query's codes take in the codes nested under them")
	fl.BoolVar(&o.everything, "everything", false, "set: clear the scope, so that it takes in every passage")
	fl.StringVar(&o.rename, "rename", "", "set: give the briefing this name")
	fl.StringVar(&o.under, "under", "", "star: quote the passages under this code's finding (default: their first code in scope)")
	pos, err := fl.parse(args, 1, -1)
	if err != nil {
		return nil, err
	}
	o.project = pos[0]
	o.action = briefList
	if len(pos) > 1 {
		o.action = strings.ToLower(pos[1])
	}
	n, ok := briefArgs[o.action]
	if !ok {
		return nil, usageErrorf("unknown action %q: choose list, show, create, set, summary, finding, star, unstar, order or delete", pos[1])
	}
	rest := pos[min(2, len(pos)):]
	if o.action != briefList {
		if len(rest) == 0 {
			return nil, usageErrorf("%s needs the briefing's name", o.action)
		}
		o.name, rest = rest[0], rest[1:]
	}
	switch {
	case len(rest) < n[0]:
		return nil, usageErrorf("%s %s needs %d more argument(s)", o.action, o.name, n[0]-len(rest))
	case n[1] >= 0 && len(rest) > n[1]:
		return nil, usageErrorf("too many arguments: %s", strings.Join(rest[n[1]:], " "))
	}
	o.args = rest
	for _, f := range append(append([]string(nil), settingFlags...), "under") {
		o.given[f] = fl.isSet(f)
	}
	for _, f := range settingFlags {
		if o.given[f] && o.action != briefCreate && o.action != briefSet {
			return nil, usageErrorf("--%s sets up a briefing: it goes with create or set, not %s", f, o.action)
		}
	}
	if o.given["under"] && o.action != briefStar {
		return nil, usageErrorf("--under goes with star")
	}
	if (o.given["everything"] || o.given["rename"]) && o.action != briefSet {
		return nil, usageErrorf("--everything and --rename go with set")
	}
	for _, d := range []struct{ flag, v string }{{"date", o.date}, {"from", o.from}, {"to", o.to}} {
		if d.v != "" {
			if _, err := time.Parse("2006-01-02", d.v); err != nil || len(d.v) != 10 {
				return nil, usageErrorf("--%s %q is not a date of the form YYYY-MM-DD", d.flag, d.v)
			}
		}
	}
	return o, nil
}

func (o *briefOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	switch o.action {
	case briefList:
		return o.list(ctx, std, db)
	case briefCreate:
		return o.create(ctx, std, db)
	}
	b, err := db.BriefingByName(ctx, o.name)
	if err != nil {
		return err
	}
	switch o.action {
	case briefShow:
		return o.show(ctx, std, db, b)
	case briefSet:
		upd, err := o.update(ctx, db, b)
		if err != nil {
			return err
		}
		nb, err := db.UpdateBriefing(ctx, b.ID, upd)
		if err != nil {
			return err
		}
		fmt.Fprintf(std.out, "updated briefing %q\n", nb.Name)
	case briefSummary:
		text, err := readText(o.args[0])
		if err != nil {
			return err
		}
		if _, err := db.UpdateBriefing(ctx, b.ID, annotate.BriefingUpdate{Summary: &text}); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "set the summary of %q (%s)\n", b.Name, plural(utf8.RuneCountInString(text), "character", "characters"))
	case briefFinding:
		tags, err := findTags(ctx, db, o.args[:1])
		if err != nil {
			return err
		}
		text, err := readText(o.args[1])
		if err != nil {
			return err
		}
		if err := db.SetFinding(ctx, b.ID, tags[0].ID, text); err != nil {
			return err
		}
		if text == "" {
			fmt.Fprintf(std.out, "removed the finding on %q from %q\n", tags[0].Name, b.Name)
		} else {
			fmt.Fprintf(std.out, "set the finding on %q in %q\n", tags[0].Name, b.Name)
		}
	case briefStar, briefUnstar, briefOrder:
		return o.quotes(ctx, std, db, b)
	case briefDelete:
		if err := db.DeleteBriefing(ctx, b.ID); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "deleted briefing %q\n", b.Name)
	}
	return nil
}

// readText reads a text file ("-" for standard input) as a briefing's
// Markdown: UTF-8, line ends made LF, trailing white space trimmed.
func readText(path string) (string, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(os.Stdin, 4*annotate.MaxBriefingText+1))
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, 4*annotate.MaxBriefingText+1))
			f.Close()
		}
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", fmt.Errorf("%s: %w", path, pe.Err)
		}
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s: not UTF-8 text", path)
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.TrimSpace(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text))
	if n := utf8.RuneCountInString(text); n > annotate.MaxBriefingText {
		return "", fmt.Errorf("%s: %d characters, more than a summary or finding may hold (%d)", path, n, annotate.MaxBriefingText)
	}
	return text, nil
}

// scope builds the scope the flags give.
func (o *briefOptions) scope(ctx context.Context, db *storage.DB, s annotate.BriefingScope) (annotate.BriefingScope, error) {
	if o.everything {
		s = annotate.BriefingScope{}
	}
	var err error
	if o.given["tag"] {
		if s.TagIDs, err = tagIDs(ctx, db, o.tags); err != nil {
			return s, err
		}
	}
	if o.given["doc"] {
		if s.DocumentIDs, err = findDocuments(ctx, db, o.docs); err != nil {
			return s, err
		}
	}
	if o.given["coder"] {
		s.Coders = nil
		for _, c := range o.coders {
			if c = strings.TrimSpace(c); c != "" {
				s.Coders = append(s.Coders, c)
			}
		}
	}
	if o.given["from"] {
		s.From = o.from
	}
	if o.given["to"] {
		s.To = o.to
	}
	if o.given["where"] {
		if s.Attributes, err = attributeConditions(ctx, db, o.where); err != nil {
			return s, err
		}
	}
	if o.given["query"] {
		s.Query = strings.TrimSpace(o.query)
		if s.Query != "" {
			// Its codes must be in the codebook: the mistake is pointed at now.
			q, err := parseQuery(s.Query)
			if err != nil {
				return s, err
			}
			if _, err := db.QueryPassages(ctx, annotate.PassageFilter{Query: q, Subcodes: s.Subcodes || o.subcodes}); err != nil {
				return s, pointAt(err)
			}
		}
	}
	if o.given["subcodes"] {
		s.Subcodes = o.subcodes
	}
	return s, nil
}

func (o *briefOptions) create(ctx context.Context, std streams, db *storage.DB) error {
	b := &annotate.Briefing{Name: o.name, Title: o.title, Subtitle: o.subtitle, Audience: o.audience, Date: o.date,
		PreparedBy: o.preparedBy, Annex: o.annex}
	if !o.given["prepared-by"] {
		b.PreparedBy = db.Author()
	}
	var err error
	if b.Scope, err = o.scope(ctx, db, annotate.BriefingScope{}); err != nil {
		return err
	}
	if err := db.CreateBriefing(ctx, b); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "created briefing %q (%s)\n", b.Name, annotate.ShortID(b.ID))
	return nil
}

// update builds the change set gives.
func (o *briefOptions) update(ctx context.Context, db *storage.DB, b *annotate.Briefing) (annotate.BriefingUpdate, error) {
	var u annotate.BriefingUpdate
	str := func(flag string, v string) *string {
		if !o.given[flag] {
			return nil
		}
		return &v
	}
	u.Name, u.Title, u.Subtitle = str("rename", o.rename), str("title", o.title), str("subtitle", o.subtitle)
	u.Audience, u.Date, u.PreparedBy = str("audience", o.audience), str("date", o.date), str("prepared-by", o.preparedBy)
	if o.given["annex"] {
		u.Annex = &o.annex
	}
	for _, f := range []string{"tag", "doc", "coder", "from", "to", "where", "query", "subcodes", "everything"} {
		if o.given[f] {
			s, err := o.scope(ctx, db, b.Scope)
			if err != nil {
				return u, err
			}
			u.Scope = &s
			break
		}
	}
	if u == (annotate.BriefingUpdate{}) {
		return u, usageErrorf("set needs a setting to change: --title, --subtitle, --audience, --date, --prepared-by, --annex, a scope flag or --rename")
	}
	return u, nil
}

// quotes stars, unstars or orders passages.
func (o *briefOptions) quotes(ctx context.Context, std streams, db *storage.DB, b *annotate.Briefing) error {
	var ids []string
	for _, a := range o.args {
		p, err := db.FindPassage(ctx, a)
		if err != nil {
			return err
		}
		ids = append(ids, p.ID)
	}
	var under string
	if o.given["under"] {
		tags, err := findTags(ctx, db, []string{o.under})
		if err != nil {
			return err
		}
		under = tags[0].ID
	}
	switch o.action {
	case briefStar:
		for _, id := range ids {
			if err := db.StarPassage(ctx, b.ID, id); err != nil {
				return err
			}
			if o.given["under"] {
				if err := db.SetQuoteTag(ctx, b.ID, id, under); err != nil {
					return err
				}
			}
		}
		fmt.Fprintf(std.out, "starred %s for %q\n", plural(len(ids), "passage", "passages"), b.Name)
	case briefUnstar:
		for _, id := range ids {
			if err := db.UnstarPassage(ctx, b.ID, id); err != nil {
				return err
			}
		}
		fmt.Fprintf(std.out, "unstarred %s in %q\n", plural(len(ids), "passage", "passages"), b.Name)
	case briefOrder:
		if err := db.OrderQuotes(ctx, b.ID, ids); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "put %s first among the key quotes of %q\n", plural(len(ids), "passage", "passages"), b.Name)
	}
	return nil
}

// briefingJSON is a briefing as brief --json prints it.
type briefingJSON struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Title      string           `json:"title"`
	Subtitle   string           `json:"subtitle"`
	Audience   string           `json:"audience"`
	Date       string           `json:"date"`
	PreparedBy string           `json:"prepared_by"`
	Summary    string           `json:"summary,omitempty"`
	Annex      bool             `json:"annex"`
	Scope      scopeJSON        `json:"scope"`
	Findings   []findingJSON    `json:"findings,omitempty"`
	Quotes     []keyQuoteJSON   `json:"key_quotes,omitempty"`
	Author     string           `json:"author"`
	Updated    time.Time        `json:"updated_at"`
	Counts     *briefCountsJSON `json:"counts,omitempty"`
}

type scopeJSON struct {
	Tags      []string `json:"codes"`
	Documents []string `json:"documents"`
	Coders    []string `json:"coders"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Where     []string `json:"where,omitempty"` // the attribute conditions in words
	Query     string   `json:"query,omitempty"`
	Subcodes  bool     `json:"subcodes,omitempty"`
}

type findingJSON struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

type keyQuoteJSON struct {
	Passage string `json:"passage"`
	Quote   string `json:"quote"`
	Under   string `json:"under,omitempty"`
}

type briefCountsJSON struct {
	Findings  int `json:"findings"`
	KeyQuotes int `json:"key_quotes"`
}

// toJSON describes a briefing with names for ids.
func toJSON(b *annotate.Briefing, tagName, title map[string]string) briefingJSON {
	j := briefingJSON{ID: b.ID, Name: b.Name, Title: b.Title, Subtitle: b.Subtitle, Audience: b.Audience, Date: b.Date,
		PreparedBy: b.PreparedBy, Summary: b.Summary, Annex: b.Annex, Author: b.Author, Updated: b.UpdatedAt,
		Scope: scopeJSON{Tags: []string{}, Documents: []string{}, Coders: append([]string{}, b.Scope.Coders...), From: b.Scope.From, To: b.Scope.To,
			Query: b.Scope.Query, Subcodes: b.Scope.Subcodes}}
	for _, id := range b.Scope.TagIDs {
		j.Scope.Tags = append(j.Scope.Tags, nameOr(tagName, id))
	}
	for _, id := range b.Scope.DocumentIDs {
		j.Scope.Documents = append(j.Scope.Documents, nameOr(title, id))
	}
	for _, f := range b.Findings {
		j.Findings = append(j.Findings, findingJSON{Code: nameOr(tagName, f.TagID), Text: f.Text})
	}
	return j
}

// describeWhere says in words which documents attribute conditions keep.
func describeWhere(ctx context.Context, db *storage.DB, conds []annotate.AttributeCondition) ([]string, error) {
	if len(conds) == 0 {
		return nil, nil
	}
	attrs, err := db.Attributes(ctx)
	if err != nil {
		return nil, err
	}
	name := map[string]string{}
	for _, a := range attrs {
		name[a.ID] = a.Name
	}
	var out []string
	for _, c := range conds {
		out = append(out, c.Describe(nameOr(name, c.AttributeID)))
	}
	return out, nil
}

// nameOr returns the name of an id, or the id when it has none (deleted).
func nameOr(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

func (o *briefOptions) list(ctx context.Context, std streams, db *storage.DB) error {
	bs, err := db.Briefings(ctx)
	if err != nil {
		return err
	}
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	var out []briefingJSON
	for _, b := range bs {
		full, err := db.Briefing(ctx, b.ID)
		if err != nil {
			return err
		}
		j := toJSON(full, tagName, title)
		if j.Scope.Where, err = describeWhere(ctx, db, full.Scope.Attributes); err != nil {
			return err
		}
		j.Summary, j.Findings = "", nil
		j.Counts = &briefCountsJSON{Findings: len(full.Findings), KeyQuotes: len(full.Quotes)}
		out = append(out, j)
	}
	return o.print(std.out, out, func() error {
		if len(out) == 0 {
			fmt.Fprintln(std.out, "no briefings: create one with gloss brief FILE create NAME")
			return nil
		}
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tTITLE\tAUDIENCE\tFINDINGS\tKEY QUOTES\tID")
		for _, b := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", b.Name, b.Title, b.Audience, annotate.Number(b.Counts.Findings), annotate.Number(b.Counts.KeyQuotes), annotate.ShortID(b.ID))
		}
		return tw.Flush()
	})
}

func (o *briefOptions) show(ctx context.Context, std streams, db *storage.DB, b *annotate.Briefing) error {
	tagName, title, err := names(ctx, db)
	if err != nil {
		return err
	}
	j := toJSON(b, tagName, title)
	if j.Scope.Where, err = describeWhere(ctx, db, b.Scope.Attributes); err != nil {
		return err
	}
	for _, q := range b.Quotes {
		k := keyQuoteJSON{Passage: q.PassageID}
		if q.TagID != "" {
			k.Under = nameOr(tagName, q.TagID)
		}
		if p, err := db.Passage(ctx, q.PassageID); err == nil {
			k.Quote = p.Quote
		}
		j.Quotes = append(j.Quotes, k)
	}
	return o.print(std.out, j, func() error {
		w := std.out
		fmt.Fprintf(w, "%s (%s)\n", b.Name, annotate.ShortID(b.ID))
		for _, f := range []struct{ label, v string }{{"title", b.Title}, {"subtitle", b.Subtitle}, {"audience", b.Audience},
			{"date", b.Date}, {"prepared by", b.PreparedBy}} {
			if f.v != "" {
				fmt.Fprintf(w, "  %-12s %s\n", f.label+":", f.v)
			}
		}
		fmt.Fprintf(w, "  %-12s %v\n", "annex:", b.Annex)
		var scope []string
		if len(j.Scope.Tags) > 0 {
			scope = append(scope, "codes "+strings.Join(j.Scope.Tags, ", "))
		}
		if len(j.Scope.Documents) > 0 {
			scope = append(scope, "documents "+strings.Join(j.Scope.Documents, "; "))
		}
		if len(j.Scope.Coders) > 0 {
			scope = append(scope, "coders "+strings.Join(j.Scope.Coders, ", "))
		}
		if b.Scope.From != "" || b.Scope.To != "" {
			scope = append(scope, fmt.Sprintf("published %s to %s", orOpen(b.Scope.From), orOpen(b.Scope.To)))
		}
		if len(j.Scope.Where) > 0 {
			scope = append(scope, "documents where "+strings.Join(j.Scope.Where, " and "))
		}
		if j.Scope.Query != "" {
			q := "query " + j.Scope.Query
			if j.Scope.Subcodes {
				q += " (with sub-codes)"
			}
			scope = append(scope, q)
		}
		if len(scope) == 0 {
			scope = []string{"every passage"}
		}
		fmt.Fprintf(w, "  %-12s %s\n", "scope:", strings.Join(scope, "; "))
		if b.Summary != "" {
			fmt.Fprintf(w, "\nsummary:\n%s\n", indent(b.Summary))
		}
		for _, f := range j.Findings {
			fmt.Fprintf(w, "\nfinding on %s:\n%s\n", f.Code, indent(f.Text))
		}
		if len(j.Quotes) > 0 {
			fmt.Fprintf(w, "\nkey quotes:\n")
			for i, q := range j.Quotes {
				under := ""
				if q.Under != "" {
					under = " [under " + q.Under + "]"
				}
				fmt.Fprintf(w, "  %d. %s %q%s\n", i+1, annotate.ShortID(q.Passage), annotate.Ellipsize(q.Quote, 90), under)
			}
		}
		return nil
	})
}

func orOpen(d string) string {
	if d == "" {
		return "…"
	}
	return d
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
