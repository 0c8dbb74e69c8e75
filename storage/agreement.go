package storage

import (
	"context"

	"gloss/annotate"
)

// AgreementRow is the coding comparison of one tag, with its name.
type AgreementRow struct {
	annotate.TagAgreement
	Tag string // the tag's name; "" in the overall row
}

// AgreementReport compares two researchers' coding (see annotate.Compare).
type AgreementReport struct {
	A, B    string         // the researchers
	Rows    []AgreementRow // one per tag both had, in codebook order
	Overall AgreementRow
	// Documents compared (both had them) and their length in characters.
	Documents  int
	Characters int64
	// Left out because only one of the two had them: document titles and
	// tag names, in listing order.
	DocumentsOnlyA, DocumentsOnlyB []string
	TagsOnlyA, TagsOnlyB           []string
	// Disagreements is how many stretches the two coded differently (see
	// Disagreements), Reconciled how many of them have a decision.
	Disagreements, Reconciled int
}

// CodingAgreement compares the coding of two researchers over the live
// documents and tags both had (see annotate.Compare and holdings). A
// researcher's coding is the tags on the passages they highlighted, as
// they made it: reconciling a disagreement changes the project's coding,
// not the measure of how far the coders agreed.
func (db *DB) CodingAgreement(ctx context.Context, a, b string) (*AgreementReport, error) {
	rep, _, _, err := db.compareCoders(ctx, a, b)
	return rep, err
}
