package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export"
)

// TestAgreementCSV writes the table the Agreement window and gloss
// agreement --csv save: the researchers' names in the header, a row per
// line in order, and a kappa just below zero written as 0, not -0.
func TestAgreementCSV(t *testing.T) {
	var buf bytes.Buffer
	err := export.AgreementCSV(&buf, "Ada", "Ben", []export.AgreementLine{
		{Name: "Ambassadors", TagAgreement: annotate.TagAgreement{Both: 24, OnlyA: 15, Neither: 961, Percent: 98.5, Kappa: 0.7523456}},
		{Name: "(all codes)", TagAgreement: annotate.TagAgreement{Both: 1, OnlyA: 400, OnlyB: 3, Neither: 596, Percent: 59.6, Kappa: -0.0000004}},
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"tag", "agreement_percent", "kappa", "both", "only_Ada", "only_Ben", "neither"},
		{"Ambassadors", "98.5000", "0.752346", "24", "15", "0", "961"},
		{"(all codes)", "59.6000", "0.000000", "1", "400", "3", "596"},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d: %v", len(recs), len(want), recs)
	}
	for i := range want {
		if strings.Join(recs[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("record %d: %v, want %v", i, recs[i], want[i])
		}
	}
}
