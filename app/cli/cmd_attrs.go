package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

var cmdAttrs = &command{
	name:    "attrs",
	args:    "FILE [list|values|define NAME --kind KIND [--choices A,B]|set --doc ID NAME=VALUE...|delete NAME] [--where NAME=VALUE]... [--csv OUT] [--json]",
	summary: "document attributes: list them, the documents' values, define one, set values, delete one",
	parse:   func(fl *flags, args []string) (options, error) { return parseAttrs(fl, args) },
}

type attrsOptions struct {
	project string
	action  string   // list, values, define, set or delete
	name    string   // define, delete: the attribute
	kind    string   // define
	choices []string // define
	doc     string   // set: the document
	assign  []string // set: NAME=VALUE
	where   []string
	csv     string
	author  string
	listing
}

func parseAttrs(fl *flags, args []string) (*attrsOptions, error) {
	o := &attrsOptions{}
	var choices string
	fl.StringVar(&o.kind, "kind", "", "define: text, number, date or choice (one of a list)")
	fl.StringVar(&choices, "choices", "", "define: a choice's values, separated by commas")
	fl.StringVar(&o.doc, "doc", "", "set: the document (an ID or a unique prefix of one)")
	fl.strings(&o.where, "where", "values: "+whereHelp)
	fl.StringVar(&o.csv, "csv", "", "values: also write the table to this CSV file")
	fl.author(&o.author)
	fl.list(&o.listing)
	pos, err := fl.parse(args, 1, -1)
	if err != nil {
		return nil, err
	}
	o.project, o.action = pos[0], "list"
	if len(pos) > 1 {
		o.action = pos[1]
	}
	rest := pos[min(2, len(pos)):]
	switch o.action {
	case "list", "values":
		if len(rest) > 0 {
			return nil, usageErrorf("too many arguments: %s", strings.Join(rest, " "))
		}
	case "define":
		if len(rest) != 1 {
			return nil, usageErrorf("define takes one attribute name, e.g. gloss attrs FILE define \"Outlet type\" --kind choice --choices Wire,Newspaper")
		}
		o.name = rest[0]
		if choices != "" {
			for _, c := range strings.Split(choices, ",") {
				o.choices = append(o.choices, strings.TrimSpace(c))
			}
		}
		if o.kind == "" && o.choices != nil {
			o.kind = annotate.AttributeChoice
		}
	case "set":
		if o.doc == "" || len(rest) == 0 {
			return nil, usageErrorf("set takes --doc ID and NAME=VALUE (an empty VALUE clears it), e.g. gloss attrs FILE set --doc 3f2a \"Outlet type=Wire\"")
		}
		for _, a := range rest {
			if !strings.Contains(a, "=") {
				return nil, usageErrorf("set: %q is not NAME=VALUE", a)
			}
		}
		o.assign = rest
	case "delete":
		if len(rest) != 1 {
			return nil, usageErrorf("delete takes one attribute name")
		}
		o.name = rest[0]
	default:
		return nil, usageErrorf("unknown action %q: choose list, values, define, set or delete", o.action)
	}
	return o, nil
}

// attributeJSON is an attribute definition as the command line prints it.
type attributeJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Choices   []string `json:"choices"`
	Documents int      `json:"documents"`
}

// documentValuesJSON is a document's values as the command line prints it.
type documentValuesJSON struct {
	ID     string            `json:"id"`
	Title  string            `json:"title"`
	Values map[string]string `json:"values"` // attribute name → value
}

func (o *attrsOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, o.author)
	if err != nil {
		return err
	}
	defer db.Close()
	switch o.action {
	case "define":
		return o.define(ctx, db, std)
	case "set":
		return o.set(ctx, db, std)
	case "delete":
		a, err := db.AttributeByName(ctx, o.name)
		if err != nil {
			return err
		}
		if err := db.DeleteAttribute(ctx, a.ID); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "deleted attribute %s and its values on %s\n", a.Name, plural(a.Documents, "document", "documents"))
		return nil
	case "values":
		return o.values(ctx, db, std)
	}
	attrs, err := db.Attributes(ctx)
	if err != nil {
		return err
	}
	var out []attributeJSON
	for _, a := range attrs {
		out = append(out, attributeJSON{a.ID, a.Name, a.Kind, nonNil(a.Choices), a.Documents})
	}
	return o.print(std.out, out, func() error {
		if len(out) == 0 {
			fmt.Fprintln(std.out, `no attributes: define one with gloss attrs FILE define NAME --kind text|number|date|choice`)
			return nil
		}
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ATTRIBUTE\tKIND\tVALUES\tDOCUMENTS")
		for _, a := range out {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, a.Kind, strings.Join(a.Choices, ", "), annotate.Number(a.Documents))
		}
		return tw.Flush()
	})
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func (o *attrsOptions) define(ctx context.Context, db *storage.DB, std streams) error {
	old, err := db.AttributeByName(ctx, o.name)
	switch {
	case annotate.ErrorCode(err) == annotate.ENOTFOUND:
		if o.kind == "" {
			return usageErrorf("define needs --kind text, number, date or choice")
		}
		a := &annotate.Attribute{Name: strings.TrimSpace(o.name), Kind: o.kind, Choices: o.choices}
		if err := db.CreateAttribute(ctx, a); err != nil {
			return err
		}
		fmt.Fprintf(std.out, "defined attribute %s (%s)\n", a.Name, describeKind(a))
		return nil
	case err != nil:
		return err
	}
	next := *old
	if o.kind != "" {
		next.Kind = o.kind
	}
	if o.choices != nil {
		next.Choices = o.choices
	}
	if next.Kind != annotate.AttributeChoice {
		next.Choices = nil
	}
	if err := db.UpdateAttribute(ctx, &next); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "changed attribute %s (%s)\n", next.Name, describeKind(&next))
	return nil
}

// describeKind is "choice of Wire, Newspaper" or the kind.
func describeKind(a *annotate.Attribute) string {
	if a.Kind == annotate.AttributeChoice {
		return "choice of " + strings.Join(a.Choices, ", ")
	}
	return a.Kind
}

func (o *attrsOptions) set(ctx context.Context, db *storage.DB, std streams) error {
	d, err := db.FindDocument(ctx, o.doc)
	if err != nil {
		return err
	}
	values := map[string]string{}
	var names []string
	for _, as := range o.assign {
		name, value, _ := strings.Cut(as, "=")
		a, err := db.AttributeByName(ctx, strings.TrimSpace(name))
		if err != nil {
			return err
		}
		if _, err := a.Normalize(value); err != nil {
			return err
		}
		values[a.ID] = value
		names = append(names, a.Name)
	}
	if err := db.SetAttributes(ctx, map[string]map[string]string{d.ID: values}); err != nil {
		return err
	}
	fmt.Fprintf(std.out, "set %s on %s\n", strings.Join(names, ", "), d.Title)
	return nil
}

func (o *attrsOptions) values(ctx context.Context, db *storage.DB, std streams) error {
	attrs, err := db.Attributes(ctx)
	if err != nil {
		return err
	}
	conds, err := attributeConditions(ctx, db, o.where)
	if err != nil {
		return err
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{Attributes: conds})
	if err != nil {
		return err
	}
	dv, err := db.DocumentValues(ctx)
	if err != nil {
		return err
	}
	var out []documentValuesJSON
	for _, d := range docs {
		j := documentValuesJSON{ID: d.ID, Title: d.Title, Values: map[string]string{}}
		for _, a := range attrs {
			if v := dv[d.ID][a.ID]; v != "" {
				j.Values[a.Name] = v
			}
		}
		out = append(out, j)
	}
	if o.csv != "" {
		err := export.WriteFile(o.csv, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			head := []string{"document_id", "document"}
			for _, a := range attrs {
				head = append(head, a.Name)
			}
			cw.Write(head)
			for _, d := range out {
				row := []string{d.ID, d.Title}
				for _, a := range attrs {
					row = append(row, d.Values[a.Name])
				}
				cw.Write(row)
			}
			cw.Flush()
			return cw.Error()
		})
		if err != nil {
			return err
		}
	}
	return o.print(std.out, out, func() error {
		if len(out) == 0 {
			fmt.Fprintln(std.out, "no documents")
			return nil
		}
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprint(tw, "ID\tDOCUMENT")
		for _, a := range attrs {
			fmt.Fprintf(tw, "\t%s", strings.ToUpper(a.Name))
		}
		fmt.Fprintln(tw)
		for _, d := range out {
			fmt.Fprintf(tw, "%s\t%s", annotate.ShortID(d.ID), annotate.Ellipsize(d.Title, 50))
			for _, a := range attrs {
				v := d.Values[a.Name]
				if v == "" {
					v = "-"
				}
				fmt.Fprintf(tw, "\t%s", v)
			}
			fmt.Fprintln(tw)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if o.csv != "" {
			fmt.Fprintf(std.out, "wrote %s\n", o.csv)
		}
		return nil
	})
}
