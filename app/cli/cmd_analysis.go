package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"gloss/annotate"
	"gloss/export"
	"gloss/export/chart"
	"gloss/storage"
)

var cmdAnalysis = &command{
	name:    "analysis",
	args:    "FILE matrix|cooccurrence|authors|attribute NAME [--by year|month] [--subcodes] [--where NAME=VALUE]... [--csv OUT] [--chart OUT.png|OUT.svg] [--json]",
	summary: "count passages per code and document, code co-occurrence, per author, or per code and value of a document attribute",
	parse:   func(fl *flags, args []string) (options, error) { return parseAnalysis(fl, args) },
}

// The analyses, by name.
var analyses = []string{"matrix", "cooccurrence", "authors", "attribute"}

type analysisOptions struct {
	project   string
	kind      string // one of analyses
	attribute string // attribute: its name
	by        string // attribute: dates by year or month
	subcodes  bool
	where     []string
	csv       string // a file to write the table to, "-" standard output
	chart     string // a PNG or SVG file to draw the table in
	listing
}

func parseAnalysis(fl *flags, args []string) (*analysisOptions, error) {
	o := &analysisOptions{}
	fl.StringVar(&o.csv, "csv", "", "write the table as CSV to this file (- for standard output)")
	fl.StringVar(&o.chart, "chart", "", "attribute, authors: draw the table as a bar chart in this PNG or SVG file")
	fl.StringVar(&o.by, "by", "", "attribute: count a date attribute's values by year or by month")
	fl.BoolVar(&o.subcodes, "subcodes", false, "a code counts the passages of the codes nested under it")
	fl.strings(&o.where, "where", whereHelp)
	fl.list(&o.listing)
	pos, err := fl.parse(args, 2, 3)
	if err != nil {
		return nil, err
	}
	o.project, o.kind = pos[0], pos[1]
	switch {
	case o.kind == "attribute" && len(pos) != 3:
		return nil, usageErrorf("attribute takes the attribute's name, e.g. gloss analysis FILE attribute \"Outlet type\"")
	case o.kind != "attribute" && len(pos) == 3:
		return nil, usageErrorf("too many arguments: %s", pos[2])
	case o.kind == "attribute":
		o.attribute = pos[2]
	}
	if o.by != "" && o.by != annotate.ByYear && o.by != annotate.ByMonth {
		return nil, usageErrorf("--by %q: choose year or month", o.by)
	}
	known := false
	for _, a := range analyses {
		known = known || a == o.kind
	}
	switch {
	case !known:
		return nil, usageErrorf("unknown analysis %q: choose matrix, cooccurrence, authors or attribute", o.kind)
	case o.csv != "" && o.json:
		return nil, usageErrorf("give --csv or --json, not both")
	case o.chart != "" && o.kind != "attribute" && o.kind != "authors":
		return nil, usageErrorf("--chart draws the attribute and authors tables (a bar per code or coder); %s has a column per document or code pair", o.kind)
	case o.chart != "" && chart.FormatOf(o.chart) == "":
		return nil, usageErrorf("--chart %s: name a .png or .svg file", o.chart)
	}
	return o, nil
}

// labelJSON is a row or column of a table of counts.
type labelJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// matrixJSON is a table of counts as the command line prints it.
type matrixJSON struct {
	Corner    string      `json:"corner"`
	Rows      []labelJSON `json:"rows"`
	Columns   []labelJSON `json:"columns"`
	Counts    [][]int     `json:"counts"` // by row, then column
	TotalName string      `json:"total_name,omitempty"`
	Totals    []int       `json:"totals,omitempty"` // by row, when there is a total column
}

func (o *analysisOptions) run(ctx context.Context, std streams) error {
	db, err := openProject(std, o.project, "")
	if err != nil {
		return err
	}
	defer db.Close()
	scope := storage.AnalysisScope{Subcodes: o.subcodes}
	if scope.Attributes, err = attributeConditions(ctx, db, o.where); err != nil {
		return err
	}
	var m *annotate.Matrix
	var attr *annotate.Attribute
	switch o.kind {
	case "cooccurrence":
		m, err = db.TagCooccurrenceIn(ctx, scope)
	case "authors":
		m, err = db.AuthorTagMatrixIn(ctx, scope)
	case "attribute":
		a, aerr := db.AttributeByName(ctx, o.attribute)
		if aerr != nil {
			return aerr
		}
		if o.by != "" && a.Kind != annotate.AttributeDate {
			return usageErrorf("--by %s: %s is a %s attribute; only dates are counted by year or month", o.by, a.Name, a.Kind)
		}
		attr = a
		m, err = db.TagAttributeMatrix(ctx, a.ID, o.by, scope)
	default:
		m, err = db.TagDocumentMatrixIn(ctx, scope)
	}
	if err != nil {
		return err
	}
	if o.chart != "" {
		if err := o.drawChart(ctx, db, m, attr); err != nil {
			return err
		}
		if o.csv == "" && !o.json {
			fmt.Fprintf(std.out, "wrote %s\n", o.chart)
			return nil
		}
	}
	switch o.csv {
	case "":
	case "-":
		return m.WriteCSV(std.out)
	default:
		return writeCSVFile(o.csv, m)
	}
	out := matrixJSON{Corner: m.Corner, Rows: labels(m.Rows), Columns: labels(m.Cols), Counts: m.Counts, TotalName: m.TotalName}
	if out.Counts == nil {
		out.Counts = [][]int{}
	}
	if m.TotalName != "" {
		for i := range m.Rows {
			out.Totals = append(out.Totals, m.RowTotal(i))
		}
	}
	return o.print(std.out, out, func() error { return printMatrix(std.out, m) })
}

// drawChart draws m in the PNG or SVG file --chart names: a bar per code
// stacked by the attribute's values, or, for dates and numbers, a bar per
// value along the bottom stacked by code in the codes' colours.
func (o *analysisOptions) drawChart(ctx context.Context, db *storage.DB, m *annotate.Matrix, attr *annotate.Attribute) error {
	opt := chart.MatrixOptions{Format: chart.FormatOf(o.chart), Title: chartTitle(o.kind, attr, o.by)}
	if attr != nil && (attr.Kind == annotate.AttributeDate || attr.Kind == annotate.AttributeNumber) {
		tags, err := db.Tags(ctx)
		if err != nil {
			return err
		}
		opt.OverColumns, opt.RowColors = true, map[string]string{}
		for _, t := range tags {
			opt.RowColors[t.ID] = t.Color
		}
	}
	err := export.WriteFile(o.chart, func(w io.Writer) error { return chart.WriteMatrix(w, m, opt) })
	if errors.Is(err, chart.ErrEmpty) {
		return fmt.Errorf("%s: %w", o.chart, err)
	}
	return err
}

// chartTitle names what a chart counts.
func chartTitle(kind string, attr *annotate.Attribute, by string) string {
	switch {
	case kind == "authors":
		return "Passages per coder and code"
	case attr != nil && by != "":
		return "Passages per code by " + attr.Name + ", by " + by
	case attr != nil:
		return "Passages per code by " + attr.Name
	}
	return "Passages per code"
}

func labels(ls []annotate.Label) []labelJSON {
	out := []labelJSON{}
	for _, l := range ls {
		out = append(out, labelJSON{l.ID, l.Name})
	}
	return out
}

// writeCSVFile writes m to path through export.WriteFile, so a failure
// leaves no half-written table and the file already there as it was.
func writeCSVFile(path string, m *annotate.Matrix) error {
	return export.WriteFile(path, m.WriteCSV)
}

// printMatrix prints m as an aligned table. Columns are numbered, with a
// legend below, since document titles are too long for headings.
func printMatrix(w io.Writer, m *annotate.Matrix) error {
	if len(m.Rows) == 0 || len(m.Cols) == 0 {
		fmt.Fprintln(w, "nothing to count")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t", m.Corner)
	for i := range m.Cols {
		fmt.Fprintf(tw, "%d\t", i+1)
	}
	if m.TotalName != "" {
		fmt.Fprintf(tw, "%s\t", m.TotalName)
	}
	fmt.Fprintln(tw)
	for i, r := range m.Rows {
		fmt.Fprintf(tw, "%s\t", annotate.Ellipsize(r.Name, 40))
		for _, v := range m.Counts[i] {
			fmt.Fprintf(tw, "%s\t", annotate.Number(v))
		}
		if m.TotalName != "" {
			fmt.Fprintf(tw, "%s\t", annotate.Number(m.RowTotal(i)))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for i, col := range m.Cols {
		fmt.Fprintf(w, "%3d  %s\n", i+1, col.Name)
	}
	return nil
}
