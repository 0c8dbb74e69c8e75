package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
)

// AutocodeOptions chooses what auto-coding runs over.
type AutocodeOptions struct {
	RuleIDs     []string // the rules to run; none means every live rule whose tag is live
	DocumentIDs []string // the documents to code; none means every live document
}

// passageKey identifies a passage's range and one of its tags.
type passageKey struct {
	doc        string
	start, end int
	tag        string
}

// ProposeAutocode runs auto-coding rules over documents and returns the
// passages they propose, by document title and position. A proposal whose
// matched words a live passage with the same tag already covers is left
// out (the text is coded with it already); one that only overlaps such a
// passage is marked with its ID (see annotate.Proposal.Overlaps). Nothing
// is written.
func (db *DB) ProposeAutocode(ctx context.Context, opt AutocodeOptions) ([]annotate.Proposal, error) {
	var out []annotate.Proposal
	err := db.read(ctx, func(tx *sql.Tx) error {
		rules, err := autocodeRules(ctx, tx, opt.RuleIDs)
		if err != nil {
			return err
		}
		if len(rules) == 0 {
			return nil
		}
		coder, err := annotate.CompileRules(rules)
		if err != nil {
			return err
		}
		existing, err := existingRanges(ctx, tx, opt.DocumentIDs)
		if err != nil {
			return err
		}
		q := `SELECT id, text FROM documents WHERE deleted_at IS NULL`
		var args []any
		if len(opt.DocumentIDs) > 0 {
			q += ` AND id IN (` + placeholders(len(opt.DocumentIDs)) + `)`
			args = stringArgs(opt.DocumentIDs)
		}
		rows, err := tx.QueryContext(ctx, q+` ORDER BY title COLLATE NOCASE, id`, args...)
		if err != nil {
			return fmt.Errorf("auto-code: %w", err)
		}
		defer rows.Close()
		seenDocs := 0
		for rows.Next() {
			var id, text string
			if err := rows.Scan(&id, &text); err != nil {
				return fmt.Errorf("auto-code: %w", err)
			}
			seenDocs++
			for _, p := range coder.Propose(id, annotate.NewText(text)) {
				if existing.covers(p) {
					continue
				}
				p.Overlaps = existing.overlapping(p)
				out = append(out, p)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("auto-code: %w", err)
		}
		if len(opt.DocumentIDs) > 0 && seenDocs < len(uniq(opt.DocumentIDs)) {
			return annotate.Errorf(annotate.ENOTFOUND, "auto-code: %d of the documents asked for are not in the project", len(uniq(opt.DocumentIDs))-seenDocs)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// autocodeRules loads the rules to run: the given ones (each must be live,
// with a live tag) or every live rule whose tag is live.
func autocodeRules(ctx context.Context, tx *sql.Tx, ids []string) ([]*annotate.Rule, error) {
	q := `SELECT ` + ruleColumns + `, t.deleted_at IS NOT NULL, t.name` + ruleFrom + ` JOIN tags t ON t.id = r.tag_id WHERE r.deleted_at IS NULL`
	rows, err := tx.QueryContext(ctx, q+` ORDER BY r.name COLLATE NOCASE, r.id`)
	if err != nil {
		return nil, fmt.Errorf("auto-code rules: %w", err)
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var rules []*annotate.Rule
	for rows.Next() {
		var tagDeleted bool
		var tagName string
		r := &annotate.Rule{}
		var created, updated string
		if err := rows.Scan(&r.ID, &r.Name, &r.Pattern, &r.Kind, &r.TagID, &r.Scope, &r.Author, &created, &updated, &tagDeleted, &tagName); err != nil {
			return nil, fmt.Errorf("auto-code rules: %w", err)
		}
		r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
		switch {
		case len(ids) > 0 && !want[r.ID]:
			continue
		case tagDeleted && len(ids) > 0:
			return nil, annotate.Errorf(annotate.EINVALID, "rule %q codes with %q, a code that was deleted", r.Name, tagName)
		case tagDeleted:
			continue
		}
		delete(want, r.ID)
		rules = append(rules, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("auto-code rules: %w", err)
	}
	for id := range want {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "rule %s not found", id)
	}
	return rules, nil
}

// codedRanges are the live passages of some documents, by document and tag.
type codedRanges map[[2]string][]codedRange

type codedRange struct {
	id         string
	start, end int
}

// covers reports whether a passage with p's tag holds p's matched words.
func (c codedRanges) covers(p annotate.Proposal) bool {
	for _, r := range c[[2]string{p.DocumentID, p.TagID}] {
		if r.start <= p.MatchStart && p.MatchEnd <= r.end || r.start == p.Start && r.end == p.End {
			return true
		}
	}
	return false
}

// overlapping returns the ID of a passage with p's tag that overlaps p's
// range, "" for none.
func (c codedRanges) overlapping(p annotate.Proposal) string {
	for _, r := range c[[2]string{p.DocumentID, p.TagID}] {
		if r.start < p.End && p.Start < r.end {
			return r.id
		}
	}
	return ""
}

// existingRanges returns every live passage of the documents (all
// documents when none are given) under each of its live tags.
func existingRanges(ctx context.Context, tx *sql.Tx, docIDs []string) (codedRanges, error) {
	q := `SELECT p.id, p.document_id, p.start_offset, p.end_offset, pt.tag_id
		FROM passages p JOIN passage_tags pt ON pt.passage_id = p.id JOIN tags t ON t.id = pt.tag_id
		WHERE p.deleted_at IS NULL AND pt.deleted_at IS NULL AND t.deleted_at IS NULL`
	var args []any
	if len(docIDs) > 0 {
		q += ` AND p.document_id IN (` + placeholders(len(docIDs)) + `)`
		args = stringArgs(docIDs)
	}
	rows, err := tx.QueryContext(ctx, q+` ORDER BY p.start_offset, p.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("existing passages: %w", err)
	}
	defer rows.Close()
	c := codedRanges{}
	for rows.Next() {
		var r codedRange
		var doc, tag string
		if err := rows.Scan(&r.id, &doc, &r.start, &r.end, &tag); err != nil {
			return nil, fmt.Errorf("existing passages: %w", err)
		}
		c[[2]string{doc, tag}] = append(c[[2]string{doc, tag}], r)
	}
	return c, rows.Err()
}

// existingPassages returns the range and tag of every live passage of the
// documents (all documents when none are given).
func existingPassages(ctx context.Context, tx *sql.Tx, docIDs []string) (map[passageKey]bool, error) {
	q := `SELECT p.document_id, p.start_offset, p.end_offset, pt.tag_id
		FROM passages p JOIN passage_tags pt ON pt.passage_id = p.id JOIN tags t ON t.id = pt.tag_id
		WHERE p.deleted_at IS NULL AND pt.deleted_at IS NULL AND t.deleted_at IS NULL`
	var args []any
	if len(docIDs) > 0 {
		q += ` AND p.document_id IN (` + placeholders(len(docIDs)) + `)`
		args = stringArgs(docIDs)
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("existing passages: %w", err)
	}
	defer rows.Close()
	set := map[passageKey]bool{}
	for rows.Next() {
		var k passageKey
		if err := rows.Scan(&k.doc, &k.start, &k.end, &k.tag); err != nil {
			return nil, fmt.Errorf("existing passages: %w", err)
		}
		set[k] = true
	}
	return set, rows.Err()
}

// AcceptProposals turns proposals into passages with provenance "auto",
// all in one transaction, and returns the new passages' IDs (for undo).
// A proposal that a live passage with the same range and tag already
// covers, or that repeats an earlier one, is skipped; one whose quote no
// longer matches its document, or whose tag or document is gone, fails the
// whole call.
//
// What is looked up is looked up once per call (the documents' texts, the
// tags, the passages already there), so accepting 20,000 proposals holds
// the project's lock about as long as inserting the rows does, and other
// programs writing the file wait only that long.
func (db *DB) AcceptProposals(ctx context.Context, ps []annotate.Proposal) ([]string, error) {
	var ids []string
	err := db.write(ctx, func(tx *Tx) error {
		ids = nil
		docIDs := map[string]bool{}
		for _, p := range ps {
			docIDs[p.DocumentID] = true
		}
		list := make([]string, 0, len(docIDs))
		for id := range docIDs {
			list = append(list, id)
		}
		// The passages already there, of the documents proposed on, in
		// batches that keep under SQLite's limit on parameters.
		done := map[passageKey]bool{}
		for i := 0; i < len(list); i += 500 {
			batch := list[i:min(i+500, len(list))]
			existing, err := existingPassages(ctx, tx.Tx, batch)
			if err != nil {
				return fmt.Errorf("accept proposals: %w", err)
			}
			for k := range existing {
				done[k] = true
			}
		}
		insert, err := tx.PrepareContext(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("accept proposals: %w", err)
		}
		defer insert.Close()
		tag, err := tx.PrepareContext(ctx, `INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("accept proposals: %w", err)
		}
		defer tag.Close()
		docs := map[string]*annotate.Text{}
		liveTags := map[string]bool{}
		for _, p := range ps {
			k := passageKey{p.DocumentID, p.Start, p.End, p.TagID}
			if done[k] {
				continue
			}
			done[k] = true
			t, ok := docs[p.DocumentID]
			if !ok {
				var text string
				err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ? AND deleted_at IS NULL`, p.DocumentID).Scan(&text)
				if errors.Is(err, sql.ErrNoRows) {
					return annotate.Errorf(annotate.ENOTFOUND, "document %s not found", p.DocumentID)
				} else if err != nil {
					return fmt.Errorf("accept proposals: %w", err)
				}
				t = annotate.NewText(text)
				docs[p.DocumentID] = t
			}
			if !liveTags[p.TagID] {
				if err := tx.applicable(ctx, p.TagID); err != nil {
					return err
				}
				liveTags[p.TagID] = true
			}
			if p.Start < 0 || p.End <= p.Start || p.End > t.Len() {
				return annotate.Errorf(annotate.EINVALID, "proposal range [%d, %d) is outside document %s", p.Start, p.End, p.DocumentID)
			}
			sel := annotate.Describe(t, p.Start, p.End)
			if p.Quote != "" && p.Quote != sel.Exact {
				return annotate.Errorf(annotate.EINVALID, "proposal quote %q does not match the document's text at [%d, %d)", annotate.Ellipsize(p.Quote, 40), p.Start, p.End)
			}
			id := annotate.NewID()
			if _, err := insert.ExecContext(ctx, id, p.DocumentID, p.Start, p.End, sel.Exact, sel.Prefix, sel.Suffix, annotate.ProvenanceAuto, tx.authorID, tx.now, tx.now); err != nil {
				return fmt.Errorf("accept proposals: %w", err)
			}
			// A new passage has no other tag: no order to keep, nothing to touch.
			if _, err := tag.ExecContext(ctx, id, p.TagID, tx.authorID, tx.now, tx.now); err != nil {
				return fmt.Errorf("accept proposals: %w", err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}

func uniq(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		m[s] = true
	}
	return m
}
