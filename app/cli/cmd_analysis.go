package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"gloss/annotate"
)

var cmdAnalysis = &command{
	name:    "analysis",
	args:    "FILE matrix|cooccurrence|authors [--csv OUT]",
	summary: "count passages per tag and document, tag co-occurrence, or per author",
	run:     runAnalysis,
}

func runAnalysis(c *env, args []string) error {
	fs := c.flags(false)
	csvOut := fs.String("csv", "", "write the table as CSV to this file (- for standard output)")
	pos, err := c.parse(fs, args, 2, 2)
	if err != nil {
		return err
	}
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	var m *annotate.Matrix
	switch pos[1] {
	case "matrix":
		m, err = db.TagDocumentMatrix(c.ctx)
	case "cooccurrence":
		m, err = db.TagCooccurrence(c.ctx)
	case "authors":
		m, err = db.AuthorTagMatrix(c.ctx)
	default:
		return usageErrorf("unknown analysis %q: choose matrix, cooccurrence or authors", pos[1])
	}
	if err != nil {
		return err
	}
	switch *csvOut {
	case "":
		return printMatrix(c, m)
	case "-":
		return m.WriteCSV(c.stdout)
	}
	return writeCSVFile(*csvOut, m)
}

// writeCSVFile writes m to path through a temporary file, so a failure
// leaves no half-written table.
func writeCSVFile(path string, m *annotate.Matrix) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gloss-*.csv")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := m.WriteCSV(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// printMatrix prints m as an aligned table. Columns are numbered, with a
// legend below, since document titles are too long for headings.
func printMatrix(c *env, m *annotate.Matrix) error {
	if len(m.Rows) == 0 || len(m.Cols) == 0 {
		fmt.Fprintln(c.stdout, "nothing to count")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
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
			fmt.Fprintf(tw, "%s\t", strconv.Itoa(v))
		}
		if m.TotalName != "" {
			fmt.Fprintf(tw, "%d\t", m.RowTotal(i))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout)
	for i, col := range m.Cols {
		fmt.Fprintf(c.stdout, "%3d  %s\n", i+1, col.Name)
	}
	return nil
}
