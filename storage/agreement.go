package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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
}

// CodingAgreement compares the coding of two researchers over the live
// documents and tags both had (see annotate.Compare). A researcher's coding
// is the tags on the passages they highlighted. They had a document when
// they added it or highlighted anything in it, even a passage deleted
// since, and a tag when they created it or coded with it; Gloss cannot know
// of a document or tag someone had but never touched.
func (db *DB) CodingAgreement(ctx context.Context, a, b string) (*AgreementReport, error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return nil, annotate.Errorf(annotate.EINVALID, "agreement needs two different researchers, got %q and %q", a, b)
	}
	known, err := db.Authors(ctx)
	if err != nil {
		return nil, err
	}
	for _, name := range []string{a, b} {
		if !slices.Contains(known, name) {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no researcher named %q in this project (authors: %s)", name, strings.Join(known, ", "))
		}
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	lengths := map[string]int{}
	titles := map[string]string{}
	var docOrder []string
	for _, d := range docs {
		lengths[d.ID] = d.Length
		titles[d.ID] = d.Title
		docOrder = append(docOrder, d.ID)
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	names := map[string]string{}
	for _, t := range tags {
		ids = append(ids, t.ID)
		names[t.ID] = t.Name
	}
	if ids == nil {
		ids = []string{} // an empty codebook: no rows, not "every tag"
	}
	work := func(name string) (annotate.CoderWork, error) {
		ps, err := db.Passages(ctx, annotate.PassageFilter{Authors: []string{name}})
		if err != nil {
			return annotate.CoderWork{}, err
		}
		w := annotate.CoderWork{Codings: annotate.Codings(ps)}
		w.Documents, w.Tags, err = db.holdings(ctx, name)
		return w, err
	}
	wa, err := work(a)
	if err != nil {
		return nil, err
	}
	wb, err := work(b)
	if err != nil {
		return nil, err
	}
	c := annotate.Compare(lengths, ids, wa, wb)
	rep := &AgreementReport{A: a, B: b, Overall: AgreementRow{TagAgreement: c.Overall}, Documents: len(c.Documents), Characters: c.Characters}
	for _, r := range c.PerTag {
		rep.Rows = append(rep.Rows, AgreementRow{TagAgreement: r, Tag: names[r.TagID]})
	}
	inOrder := func(order []string, picked []string, name map[string]string) []string {
		var out []string
		for _, id := range order {
			if slices.Contains(picked, id) {
				out = append(out, name[id])
			}
		}
		return out
	}
	rep.DocumentsOnlyA = inOrder(docOrder, c.DocumentsOnlyA, titles)
	rep.DocumentsOnlyB = inOrder(docOrder, c.DocumentsOnlyB, titles)
	rep.TagsOnlyA = inOrder(ids, c.TagsOnlyA, names)
	rep.TagsOnlyB = inOrder(ids, c.TagsOnlyB, names)
	return rep, nil
}

// holdings returns the documents and tags a researcher had: the documents
// they added or highlighted in, and the tags they created, applied or
// carry on their passages, deleted passages and applications included.
func (db *DB) holdings(ctx context.Context, author string) (docs, tags map[string]bool, err error) {
	docs, tags = map[string]bool{}, map[string]bool{}
	err = db.read(ctx, func(tx *sql.Tx) error {
		for _, q := range []struct {
			into  map[string]bool
			query string
		}{
			{docs, `SELECT d.id FROM documents d WHERE d.author_id = ?1
				UNION SELECT p.document_id FROM passages p WHERE p.author_id = ?1`},
			{tags, `SELECT t.id FROM tags t WHERE t.author_id = ?1
				UNION SELECT pt.tag_id FROM passage_tags pt WHERE pt.author_id = ?1
				UNION SELECT pt.tag_id FROM passages p JOIN passage_tags pt ON pt.passage_id = p.id WHERE p.author_id = ?1`},
		} {
			rows, err := tx.QueryContext(ctx, strings.ReplaceAll(q.query, "?1", "(SELECT id FROM authors WHERE name = ?1)"), author)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				q.into[id] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("what %s had: %w", author, err)
	}
	return docs, tags, nil
}
