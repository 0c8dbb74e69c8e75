package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gloss/annotate"
)

// reconcileChanges is what a decision did to the coding, as stored in
// reconciliations.changes.
type reconcileChanges struct {
	Untagged []annotate.PassageTag `json:"untagged,omitempty"`
	Deleted  []string              `json:"deleted,omitempty"`
	Created  []string              `json:"created,omitempty"`
}

// asCoded reads a coder's passages as they coded them: their live
// passages, with the tags and passages reconciliation decisions took away
// put back and the passages decisions made left out. Decisions change the
// project's coding; agreement is measured on the coders' own.
func asCoded(ctx context.Context, tx *sql.Tx, author string, decisions []*annotate.Reconciliation) ([]annotate.CodedPassage, error) {
	restoredTags := map[string][]string{}
	created := map[string]bool{}
	var restored []string
	for _, r := range decisions {
		for _, u := range r.Untagged {
			restoredTags[u.PassageID] = append(restoredTags[u.PassageID], u.TagID)
		}
		restored = append(restored, r.Deleted...)
		for _, id := range r.Created {
			created[id] = true
		}
	}
	var out []annotate.CodedPassage
	at := map[string]int{}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.document_id, p.start_offset, p.end_offset FROM passages p
		WHERE p.author_id = (SELECT id FROM authors WHERE name = ?) AND (p.deleted_at IS NULL OR p.id IN (SELECT value FROM json_each(?)))`,
		author, jsonList(restored))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p annotate.CodedPassage
		if err := rows.Scan(&p.ID, &p.DocumentID, &p.Start, &p.End); err != nil {
			rows.Close()
			return nil, err
		}
		if !created[p.ID] {
			at[p.ID] = len(out)
			out = append(out, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Their tags: the live ones, and those a decision took off (a deleted
	// passage's tags stay live on it, so they come with the first query).
	rows, err = tx.QueryContext(ctx, `SELECT pt.passage_id, pt.tag_id, pt.deleted_at IS NULL FROM passage_tags pt
		JOIN passages p ON p.id = pt.passage_id JOIN tags t ON t.id = pt.tag_id
		WHERE p.author_id = (SELECT id FROM authors WHERE name = ?) AND t.deleted_at IS NULL`, author)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, tid string
		var live bool
		if err := rows.Scan(&pid, &tid, &live); err != nil {
			return nil, err
		}
		i, ok := at[pid]
		if !ok || !live && !slices.Contains(restoredTags[pid], tid) {
			continue
		}
		out[i].Tags = append(out[i].Tags, tid)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, p := range out {
		if len(p.Tags) > 0 {
			kept = append(kept, p)
		}
	}
	return kept, nil
}

func jsonList(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

// decisionsBetween reads the live decisions on disagreements of a and b.
func decisionsBetween(ctx context.Context, q querier, a, b string) ([]*annotate.Reconciliation, error) {
	return queryAll(ctx, q, scanReconciliation, `SELECT `+reconcileColumns+reconcileFrom+`
		WHERE r.deleted_at IS NULL AND (ca.name = ?1 AND cb.name = ?2 OR ca.name = ?2 AND cb.name = ?1)
		ORDER BY r.created_at, r.id`, a, b)
}

const reconcileColumns = `r.id, r.disagreement, r.document_id, r.tag_id, ca.name, cb.name, r.decision, r.start_offset, r.end_offset,
	r.note, r.changes, a.name, r.created_at, r.updated_at`

const reconcileFrom = ` FROM reconciliations r JOIN authors a ON a.id = r.author_id
	JOIN authors ca ON ca.id = r.coder_a JOIN authors cb ON cb.id = r.coder_b`

func scanReconciliation(row rowScanner) (*annotate.Reconciliation, error) {
	r := &annotate.Reconciliation{}
	var start, end sql.NullInt64
	var changes, created, updated string
	if err := row.Scan(&r.ID, &r.Key, &r.DocumentID, &r.TagID, &r.CoderA, &r.CoderB, &r.Decision, &start, &end,
		&r.Note, &changes, &r.Author, &created, &updated); err != nil {
		return nil, err
	}
	r.Start, r.End = int(start.Int64), int(end.Int64)
	var c reconcileChanges
	if err := json.Unmarshal([]byte(changes), &c); err != nil {
		return nil, fmt.Errorf("reconciliation %s: changes: %w", r.ID, err)
	}
	r.Untagged, r.Deleted, r.Created = c.Untagged, c.Deleted, c.Created
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	return r, nil
}

// Disagreements lists where coders a and b applied a code differently in
// the documents and codes both had, by document title, codebook order and
// start, each side as its coder made it (see asCoded), with the decision
// recorded on each, by disagreement key.
func (db *DB) Disagreements(ctx context.Context, a, b string) ([]annotate.Disagreement, map[string]*annotate.Reconciliation, error) {
	_, ds, decided, err := db.compareCoders(ctx, a, b)
	return ds, decided, err
}

// compareCoders reads two coders' work as agreement and reconciliation
// see it.
func (db *DB) compareCoders(ctx context.Context, a, b string) (*AgreementReport, []annotate.Disagreement, map[string]*annotate.Reconciliation, error) {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" || a == b {
		return nil, nil, nil, annotate.Errorf(annotate.EINVALID, "agreement needs two different researchers, got %q and %q", a, b)
	}
	known, err := db.Authors(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, name := range []string{a, b} {
		if !slices.Contains(known, name) {
			return nil, nil, nil, annotate.Errorf(annotate.ENOTFOUND, "no researcher named %q in this project (authors: %s)", name, strings.Join(known, ", "))
		}
	}
	docsA, tagsA, err := db.holdings(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	docsB, tagsB, err := db.holdings(ctx, b)
	if err != nil {
		return nil, nil, nil, err
	}
	var docs []*annotate.Document
	var tags []*annotate.Tag
	var pa, pb []annotate.CodedPassage
	var decisions []*annotate.Reconciliation
	err = db.read(ctx, func(tx *sql.Tx) error {
		var err error
		if decisions, err = decisionsBetween(ctx, tx, a, b); err != nil {
			return err
		}
		if pa, err = asCoded(ctx, tx, a, decisions); err != nil {
			return err
		}
		pb, err = asCoded(ctx, tx, b, decisions)
		return err
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("compare %s and %s: %w", a, b, err)
	}
	if docs, err = db.Documents(ctx, annotate.DocumentFilter{}); err != nil {
		return nil, nil, nil, err
	}
	if tags, err = db.Tags(ctx); err != nil {
		return nil, nil, nil, err
	}
	lengths := map[string]int{}
	titles := map[string]string{}
	var docOrder, tagOrder []string
	for _, d := range docs {
		lengths[d.ID], titles[d.ID] = d.Length, d.Title
		docOrder = append(docOrder, d.ID)
	}
	names := map[string]string{}
	for _, t := range tags {
		names[t.ID] = t.Name
		tagOrder = append(tagOrder, t.ID)
	}
	if tagOrder == nil {
		tagOrder = []string{} // an empty codebook: no rows, not "every tag"
	}
	codings := func(ps []annotate.CodedPassage) []annotate.Coding {
		var cs []annotate.Coding
		for _, p := range ps {
			for _, t := range p.Tags {
				cs = append(cs, annotate.Coding{DocumentID: p.DocumentID, TagID: t, Start: p.Start, End: p.End})
			}
		}
		return cs
	}
	wa := annotate.CoderWork{Codings: codings(pa), Documents: docsA, Tags: tagsA}
	wb := annotate.CoderWork{Codings: codings(pb), Documents: docsB, Tags: tagsB}
	c := annotate.Compare(lengths, tagOrder, wa, wb)
	rep := &AgreementReport{A: a, B: b, Overall: AgreementRow{TagAgreement: c.Overall}, Documents: len(c.Documents), Characters: c.Characters}
	bothTags := []string{}
	for _, r := range c.PerTag {
		rep.Rows = append(rep.Rows, AgreementRow{TagAgreement: r, Tag: names[r.TagID]})
		bothTags = append(bothTags, r.TagID)
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
	rep.TagsOnlyA = inOrder(tagOrder, c.TagsOnlyA, names)
	rep.TagsOnlyB = inOrder(tagOrder, c.TagsOnlyB, names)
	var shared []string
	for _, d := range docOrder {
		if slices.Contains(c.Documents, d) {
			shared = append(shared, d)
		}
	}
	ds := annotate.Disagreements(shared, bothTags, pa, pb)
	decided := map[string]*annotate.Reconciliation{}
	for _, r := range decisions {
		decided[r.Key] = r // the latest decision on a disagreement counts
	}
	rep.Disagreements = len(ds)
	for _, d := range ds {
		if decided[d.Key] != nil {
			rep.Reconciled++
		}
	}
	return rep, ds, decided, nil
}

// Reconcile applies a decision on disagreement d between r.CoderA and
// r.CoderB and records it, in one transaction: DecideA takes the code off
// B's passages there (deleting a passage left with no code), DecideB off
// A's, DecideBoth changes nothing, DecideEdit takes it off both sides' and
// codes [r.Start, r.End) with it instead, as the deciding researcher. The
// passages must still be as d shows them. r is filled in with what was
// changed and its ID.
func (db *DB) Reconcile(ctx context.Context, d annotate.Disagreement, r *annotate.Reconciliation) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.CoderA == "" || r.CoderB == "" || r.CoderA == r.CoderB {
		return annotate.Errorf(annotate.EINVALID, "reconciliation needs the two coders")
	}
	r.Key, r.DocumentID, r.TagID = d.Key, d.DocumentID, d.TagID
	r.Untagged, r.Deleted, r.Created = nil, nil, nil
	if r.ID == "" {
		r.ID = annotate.NewID()
	}
	var now string
	err := db.write(ctx, func(tx *Tx) error {
		now = tx.now
		var losers []annotate.CodedPassage
		switch r.Decision {
		case annotate.DecideA:
			losers = d.B
		case annotate.DecideB:
			losers = d.A
		case annotate.DecideEdit:
			losers = append(append(losers, d.A...), d.B...)
		}
		for _, p := range losers {
			if err := tx.untagForDecision(ctx, r, p.ID, d.TagID); err != nil {
				return err
			}
		}
		if r.Decision == annotate.DecideEdit {
			var text string
			if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ? AND deleted_at IS NULL`, d.DocumentID).Scan(&text); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return annotate.Errorf(annotate.ENOTFOUND, "document %s not found", d.DocumentID)
				}
				return fmt.Errorf("reconcile: %w", err)
			}
			t := annotate.NewText(text)
			if r.End > t.Len() {
				return annotate.Errorf(annotate.EINVALID, "reconciliation: the range [%d, %d) is past the document's end (%d)", r.Start, r.End, t.Len())
			}
			p := &annotate.Passage{ID: annotate.NewID(), DocumentID: d.DocumentID, Start: r.Start, End: r.End, Quote: t.Slice(r.Start, r.End),
				Tags: []string{d.TagID}, Provenance: annotate.ProvenanceManual}
			if strings.TrimSpace(p.Quote) == "" {
				return annotate.Errorf(annotate.EINVALID, "reconciliation: the range [%d, %d) is only white space", r.Start, r.End)
			}
			if err := tx.createPassage(ctx, p, map[string]*annotate.Text{d.DocumentID: t}, map[string]bool{}); err != nil {
				return err
			}
			r.Created = append(r.Created, p.ID)
		}
		var start, end any
		if r.Decision == annotate.DecideEdit {
			start, end = r.Start, r.End
		}
		ids := func(ps []annotate.CodedPassage) string {
			var s []string
			for _, p := range ps {
				s = append(s, p.ID)
			}
			sort.Strings(s)
			return jsonList(s)
		}
		changes, err := json.Marshal(reconcileChanges{Untagged: r.Untagged, Deleted: r.Deleted, Created: r.Created})
		if err != nil {
			return err
		}
		coder := func(name string) (int64, error) {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM authors WHERE name = ?`, name).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return 0, annotate.Errorf(annotate.ENOTFOUND, "no researcher named %q in this project", name)
			}
			return id, err
		}
		ca, err := coder(r.CoderA)
		if err != nil {
			return err
		}
		cb, err := coder(r.CoderB)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reconciliations (id, disagreement, document_id, tag_id, coder_a, coder_b, passages_a, passages_b,
			decision, start_offset, end_offset, note, changes, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Key, r.DocumentID, r.TagID, ca, cb, ids(d.A), ids(d.B), r.Decision, start, end, r.Note, string(changes),
			tx.authorID, tx.now, tx.now); err != nil {
			return fmt.Errorf("record reconciliation: %w", err)
		}
		return nil
	})
	if err != nil {
		r.Untagged, r.Deleted, r.Created = nil, nil, nil
		return err
	}
	r.Author = db.Author()
	r.CreatedAt, r.UpdatedAt = parseTime(now), parseTime(now)
	return nil
}

// untagForDecision takes a tag off a passage for a decision, deleting the
// passage when it has no other live tag, and records which it did. A
// passage that no longer carries the tag is left alone.
func (tx *Tx) untagForDecision(ctx context.Context, r *annotate.Reconciliation, passageID, tagID string) error {
	res, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = ?1, updated_at = ?1, author_id = ?2
		WHERE passage_id = ?3 AND tag_id = ?4 AND deleted_at IS NULL
			AND passage_id IN (SELECT id FROM passages WHERE deleted_at IS NULL)`, tx.now, tx.authorID, passageID, tagID)
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passage_tags pt JOIN tags t ON t.id = pt.tag_id
		WHERE pt.passage_id = ? AND pt.deleted_at IS NULL AND t.deleted_at IS NULL`, passageID).Scan(&others); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if others > 0 {
		r.Untagged = append(r.Untagged, annotate.PassageTag{PassageID: passageID, TagID: tagID})
		return tx.touchPassage(ctx, passageID)
	}
	// The passage's only code: delete the passage, keeping the tag on it so
	// that undoing brings it back whole.
	if _, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = NULL WHERE passage_id = ? AND tag_id = ?`, passageID, tagID); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2`, tx.now, passageID); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	r.Deleted = append(r.Deleted, passageID)
	return nil
}

// UndoReconciliation reverses a decision: the tags and passages it took
// away come back, a passage it made is deleted, and its record is
// tombstoned.
func (db *DB) UndoReconciliation(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		r, err := scanReconciliation(tx.QueryRowContext(ctx, `SELECT `+reconcileColumns+reconcileFrom+` WHERE r.id = ? AND r.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "reconciliation %s not found", id)
		} else if err != nil {
			return fmt.Errorf("undo reconciliation: %w", err)
		}
		for _, u := range r.Untagged {
			if _, err := tx.ExecContext(ctx, `UPDATE passage_tags SET deleted_at = NULL, updated_at = ?1, author_id = ?2 WHERE passage_id = ?3 AND tag_id = ?4`,
				tx.now, tx.authorID, u.PassageID, u.TagID); err != nil {
				return fmt.Errorf("undo reconciliation: %w", err)
			}
			if err := tx.touchPassage(ctx, u.PassageID); err != nil {
				return err
			}
		}
		for _, p := range r.Deleted {
			if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = NULL, updated_at = ? WHERE id = ?`, tx.now, p); err != nil {
				return fmt.Errorf("undo reconciliation: %w", err)
			}
		}
		for _, p := range r.Created {
			if _, err := tx.ExecContext(ctx, `UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2 AND deleted_at IS NULL`, tx.now, p); err != nil {
				return fmt.Errorf("undo reconciliation: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reconciliations SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id); err != nil {
			return fmt.Errorf("undo reconciliation: %w", err)
		}
		return nil
	})
}

// PassageQuotes returns the quotes of passages by ID, deleted ones
// included, as a decision may have taken them away.
func (db *DB) PassageQuotes(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.quote FROM json_each(?) f CROSS JOIN passages p ON p.id = f.value`, jsonList(ids))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, q string
			if err := rows.Scan(&id, &q); err != nil {
				return err
			}
			out[id] = q
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	return out, nil
}
