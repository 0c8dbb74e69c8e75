package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"gloss/storage"
)

var cmdAgreement = &command{
	name:    "agreement",
	args:    "FILE --authors A,B [--csv OUT]",
	summary: "compare two researchers' coding: percent agreement and Cohen's kappa per tag",
	run:     runAgreement,
}

func runAgreement(c *env, args []string) error {
	fs := c.flags(false)
	authors := fs.String("authors", "", "the two researchers to compare, separated by a comma")
	csvOut := fs.String("csv", "", "also write the table to this CSV file")
	pos, err := c.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	names := strings.Split(*authors, ",")
	if len(names) != 2 || strings.TrimSpace(names[0]) == "" || strings.TrimSpace(names[1]) == "" {
		return usageErrorf("--authors needs two names separated by a comma, e.g. --authors Ada,Ben")
	}
	a, b := strings.TrimSpace(names[0]), strings.TrimSpace(names[1])
	db, err := c.openProject(pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.CodingAgreement(c.ctx, a, b)
	if err != nil {
		return err
	}
	rows, overall := rep.Rows, rep.Overall
	overall.Tag = "(all tags)"
	all := append(rows, overall)
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "TAG\tAGREEMENT %%\tKAPPA\tBOTH\tONLY %s\tONLY %s\tNEITHER\n", a, b)
	for _, r := range all {
		fmt.Fprintf(tw, "%s\t%.2f\t%.3f\t%d\t%d\t%d\t%d\n", r.Tag, r.Percent, r.Kappa, r.Both, r.OnlyA, r.OnlyB, r.Neither)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout)
	for _, line := range agreementScope(rep) {
		fmt.Fprintln(c.stdout, line)
	}
	if *csvOut != "" {
		if err := writeAgreementCSV(*csvOut, a, b, all); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "wrote %s\n", *csvOut)
	}
	return nil
}

// writeAgreementCSV writes the table through a temporary file and a rename.
func writeAgreementCSV(path, a, b string, rows []storage.AgreementRow) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	w := csv.NewWriter(f)
	w.Write([]string{"tag", "agreement_percent", "kappa", "both", "only_" + a, "only_" + b, "neither"})
	for _, r := range rows {
		w.Write([]string{r.Tag, strconv.FormatFloat(r.Percent, 'f', 4, 64), strconv.FormatFloat(r.Kappa, 'f', 6, 64),
			strconv.FormatInt(r.Both, 10), strconv.FormatInt(r.OnlyA, 10), strconv.FormatInt(r.OnlyB, 10), strconv.FormatInt(r.Neither, 10)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
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
		out = append(out, fmt.Sprintf("compared over the %s both had (%d characters), character by character for each tag",
			plural(rep.Documents, "document", "documents"), rep.Characters))
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
