package storage

import (
	"context"
	"strings"

	"gloss/annotate"
)

// AgreementRow is the coding comparison of one tag, with its name.
type AgreementRow struct {
	annotate.TagAgreement
	Tag string // the tag's name; "" in the overall row
}

// CodingAgreement compares the coding of two researchers over every live
// document (see annotate.Agreement): one row per live tag either used, in
// codebook order, and the overall row. A researcher's coding is the tags
// on the passages they highlighted.
func (db *DB) CodingAgreement(ctx context.Context, a, b string) (rows []AgreementRow, overall AgreementRow, err error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return nil, overall, annotate.Errorf(annotate.EINVALID, "agreement needs two different researchers, got %q and %q", a, b)
	}
	known, err := db.Authors(ctx)
	if err != nil {
		return nil, overall, err
	}
	for _, name := range []string{a, b} {
		found := false
		for _, k := range known {
			found = found || k == name
		}
		if !found {
			return nil, overall, annotate.Errorf(annotate.ENOTFOUND, "no researcher named %q in this project (authors: %s)", name, strings.Join(known, ", "))
		}
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, overall, err
	}
	lengths := map[string]int{}
	for _, d := range docs {
		lengths[d.ID] = d.Length
	}
	pa, err := db.Passages(ctx, annotate.PassageFilter{Authors: []string{a}})
	if err != nil {
		return nil, overall, err
	}
	pb, err := db.Passages(ctx, annotate.PassageFilter{Authors: []string{b}})
	if err != nil {
		return nil, overall, err
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return nil, overall, err
	}
	ca, cb := annotate.Codings(pa), annotate.Codings(pb)
	used := map[string]bool{}
	for _, c := range append(append([]annotate.Coding(nil), ca...), cb...) {
		used[c.TagID] = true
	}
	var ids []string
	names := map[string]string{}
	for _, t := range tags {
		if used[t.ID] {
			ids = append(ids, t.ID)
			names[t.ID] = t.Name
		}
	}
	if ids == nil {
		ids = []string{} // no tag used: no rows, not "every tag"
	}
	per, all := annotate.Agreement(lengths, ids, ca, cb)
	for _, r := range per {
		rows = append(rows, AgreementRow{TagAgreement: r, Tag: names[r.TagID]})
	}
	return rows, AgreementRow{TagAgreement: all}, nil
}
