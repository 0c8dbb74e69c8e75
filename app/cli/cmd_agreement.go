package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

var cmdAgreement = &command{
	name:    "agreement",
	args:    "FILE --authors A,B [--csv OUT] [--json]",
	summary: "compare two researchers' coding: percent agreement and Cohen's kappa per code",
	parse:   func(fl *flags, args []string) (options, error) { return parseAgreement(fl, args) },
}

type agreementOptions struct {
	project string
	a, b    string // the researchers compared
	csv     string // a file to write the table to as well
	listing
}

func parseAgreement(fl *flags, args []string) (*agreementOptions, error) {
	o := &agreementOptions{}
	var authors string
	fl.StringVar(&authors, "authors", "", "the two researchers to compare, separated by a comma")
	fl.StringVar(&o.csv, "csv", "", "also write the table to this CSV file")
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
	return o, nil
}

// agreementRowJSON is a tag's agreement as the command line prints it.
type agreementRowJSON struct {
	Tag     string  `json:"tag"` // "" for all tags together
	Percent float64 `json:"agreement_percent"`
	Kappa   float64 `json:"kappa"`
	Both    int64   `json:"both"`
	OnlyA   int64   `json:"only_a"`
	OnlyB   int64   `json:"only_b"`
	Neither int64   `json:"neither"`
}

// agreementJSON is a comparison as the command line prints it.
type agreementJSON struct {
	A          string             `json:"a"`
	B          string             `json:"b"`
	Tags       []agreementRowJSON `json:"tags"`
	Overall    agreementRowJSON   `json:"overall"`
	Documents  int                `json:"documents"`
	Characters int64              `json:"characters"`
	Scope      []string           `json:"scope"` // what was compared and left out, in sentences
}

func agreementRow(r storage.AgreementRow) agreementRowJSON {
	return agreementRowJSON{r.Tag, r.Percent, r.Kappa, r.Both, r.OnlyA, r.OnlyB, r.Neither}
}

func (o *agreementOptions) run(ctx context.Context, std streams) error {
	a, b := o.a, o.b
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.CodingAgreement(ctx, a, b)
	if err != nil {
		return err
	}
	rows, overall := rep.Rows, rep.Overall
	overall.Tag = "(all codes)"
	all := append(rows, overall)
	if o.csv != "" {
		if err := writeAgreementCSV(o.csv, a, b, all); err != nil {
			return err
		}
	}
	out := agreementJSON{A: a, B: b, Tags: []agreementRowJSON{}, Overall: agreementRow(rep.Overall),
		Documents: rep.Documents, Characters: rep.Characters, Scope: agreementScope(rep)}
	for _, r := range rows {
		out.Tags = append(out.Tags, agreementRow(r))
	}
	return o.print(std.out, out, func() error {
		tw := tabwriter.NewWriter(std.out, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "CODE\tAGREEMENT %%\tKAPPA\tBOTH\tONLY %s\tONLY %s\tNEITHER\n", a, b)
		for _, r := range all {
			fmt.Fprintf(tw, "%s\t%.2f\t%.3f\t%s\t%s\t%s\t%s\n", r.Tag, r.Percent, annotate.RoundKappa(r.Kappa, 3), annotate.Number(int(r.Both)), annotate.Number(int(r.OnlyA)), annotate.Number(int(r.OnlyB)), annotate.Number(int(r.Neither)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(std.out)
		for _, line := range out.Scope {
			fmt.Fprintln(std.out, line)
		}
		if o.csv != "" {
			fmt.Fprintf(std.out, "wrote %s\n", o.csv)
		}
		return nil
	})
}

// writeAgreementCSV writes the table whole through a temporary file, or
// not at all.
func writeAgreementCSV(path, a, b string, rows []storage.AgreementRow) error {
	lines := make([]export.AgreementLine, len(rows))
	for i, r := range rows {
		lines[i] = export.AgreementLine{Name: r.Tag, TagAgreement: r.TagAgreement}
	}
	return export.WriteFile(path, func(w io.Writer) error { return export.AgreementCSV(w, a, b, lines) })
}

// agreementScope says in sentences what a comparison covered and what it
// left out because only one of the two researchers had it.
func agreementScope(rep *storage.AgreementReport) []string {
	var out []string
	switch {
	case rep.Documents == 0:
		out = append(out, fmt.Sprintf("%s and %s have no document in common: nothing to compare", rep.A, rep.B))
	case len(rep.Rows) == 0:
		out = append(out, fmt.Sprintf("%s and %s have no code in common: nothing to compare", rep.A, rep.B))
	default:
		out = append(out, fmt.Sprintf("compared over the %s both had (%s characters), character by character for each code",
			plural(rep.Documents, "document", "documents"), annotate.Number(int(rep.Characters))))
	}
	for _, l := range []struct {
		who, what string
		items     []string
	}{
		{rep.A, "documents", rep.DocumentsOnlyA}, {rep.B, "documents", rep.DocumentsOnlyB},
		{rep.A, "codes", rep.TagsOnlyA}, {rep.B, "codes", rep.TagsOnlyB},
	} {
		if len(l.items) > 0 {
			out = append(out, fmt.Sprintf("not compared, only %s had these %s: %s", l.who, l.what, strings.Join(l.items, "; ")))
		}
	}
	return out
}
