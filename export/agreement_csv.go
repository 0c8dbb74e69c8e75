package export

import (
	"encoding/csv"
	"io"
	"strconv"

	"gloss/annotate"
)

// AgreementLine is one row of an agreement table: a code's name (or the
// overall row's label) and the two researchers' agreement with it.
type AgreementLine struct {
	Name string
	annotate.TagAgreement
}

// AgreementCSV writes the agreement table of researchers a and b as CSV:
// a header, then a row per line, the kappa rounded as annotate.RoundKappa
// rounds it. The Agreement window and gloss agreement --csv write the same
// file.
func AgreementCSV(w io.Writer, a, b string, lines []AgreementLine) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"tag", "agreement_percent", "kappa", "both", "only_" + a, "only_" + b, "neither"})
	for _, l := range lines {
		cw.Write([]string{l.Name, strconv.FormatFloat(l.Percent, 'f', 4, 64), strconv.FormatFloat(annotate.RoundKappa(l.Kappa, 6), 'f', 6, 64),
			strconv.FormatInt(l.Both, 10), strconv.FormatInt(l.OnlyA, 10), strconv.FormatInt(l.OnlyB, 10), strconv.FormatInt(l.Neither, 10)})
	}
	cw.Flush()
	return cw.Error()
}
