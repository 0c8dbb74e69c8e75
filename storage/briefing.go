package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"gloss/annotate"
)

// scopeJSON is a briefing's scope as the briefings table stores it.
type scopeJSON struct {
	Tags      []string `json:"tags,omitempty"`
	Documents []string `json:"documents,omitempty"`
	Coders    []string `json:"coders,omitempty"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"`
	// Where holds the attribute conditions, Query the code query and
	// Subcodes its sub-codes toggle.
	Where    []conditionJSON `json:"where,omitempty"`
	Query    string          `json:"query,omitempty"`
	Subcodes bool            `json:"subcodes,omitempty"`
}

// conditionJSON is an attribute condition of a briefing's scope.
type conditionJSON struct {
	Attribute string   `json:"attribute"`
	Values    []string `json:"values,omitempty"`
	Min       string   `json:"min,omitempty"`
	Max       string   `json:"max,omitempty"`
	NotSet    bool     `json:"not_set,omitempty"`
}

func encodeScope(s annotate.BriefingScope) (string, error) {
	j := scopeJSON{Tags: s.TagIDs, Documents: s.DocumentIDs, Coders: s.Coders, From: s.From, To: s.To, Query: s.Query, Subcodes: s.Subcodes}
	for _, c := range s.Attributes {
		j.Where = append(j.Where, conditionJSON{Attribute: c.AttributeID, Values: c.Values, Min: c.Min, Max: c.Max, NotSet: c.NotSet})
	}
	b, err := json.Marshal(j)
	return string(b), err
}

func decodeScope(s string) (annotate.BriefingScope, error) {
	var j scopeJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return annotate.BriefingScope{}, err
	}
	s2 := annotate.BriefingScope{TagIDs: j.Tags, DocumentIDs: j.Documents, Coders: j.Coders, From: j.From, To: j.To, Query: j.Query, Subcodes: j.Subcodes}
	for _, c := range j.Where {
		s2.Attributes = append(s2.Attributes, annotate.AttributeCondition{AttributeID: c.Attribute, Values: c.Values, Min: c.Min, Max: c.Max, NotSet: c.NotSet})
	}
	return s2, nil
}

const briefingColumns = `b.id, b.name, b.title, b.subtitle, b.audience, b.date, b.prepared_by, b.summary, b.scope, b.annex, a.name, b.created_at, b.updated_at`

const briefingFrom = ` FROM briefings b JOIN authors a ON a.id = b.author_id`

func scanBriefing(row rowScanner) (*annotate.Briefing, error) {
	b := &annotate.Briefing{}
	var scope, created, updated string
	if err := row.Scan(&b.ID, &b.Name, &b.Title, &b.Subtitle, &b.Audience, &b.Date, &b.PreparedBy, &b.Summary, &scope, &b.Annex,
		&b.Author, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if b.Scope, err = decodeScope(scope); err != nil {
		return nil, fmt.Errorf("briefing %s: its scope is not readable: %w", b.ID, err)
	}
	b.CreatedAt, b.UpdatedAt = parseTime(created), parseTime(updated)
	return b, nil
}

// CreateBriefing adds a briefing, filling in its ID (when empty), author
// and times, with the findings and key quotes it holds. Names are unique
// among live briefings, ignoring case (ECONFLICT).
func (db *DB) CreateBriefing(ctx context.Context, b *annotate.Briefing) error {
	b.Name = strings.TrimSpace(b.Name)
	if b.ID == "" {
		b.ID = annotate.NewID()
	} else if !annotate.ValidID(b.ID) {
		return annotate.Errorf(annotate.EINVALID, "briefing id %q is not a UUID", b.ID)
	}
	if err := b.Validate(); err != nil {
		return err
	}
	scope, err := encodeScope(b.Scope)
	if err != nil {
		return err
	}
	var now string
	err = db.write(ctx, func(tx *Tx) error {
		now = tx.now
		if err := tx.uniqueBriefingName(ctx, b.Name, ""); err != nil {
			return err
		}
		if err := tx.scopeRows(ctx, b.Scope); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO briefings (id, name, title, subtitle, audience, date, prepared_by, summary, scope, annex, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, b.Name, b.Title, b.Subtitle, b.Audience, b.Date, b.PreparedBy, b.Summary, scope, b.Annex,
			tx.authorID, tx.now, tx.now); err != nil {
			return fmt.Errorf("add briefing %q: %w", b.Name, err)
		}
		for _, f := range b.Findings {
			if err := tx.setFinding(ctx, b.ID, f.TagID, f.Text); err != nil {
				return err
			}
		}
		for _, q := range b.Quotes {
			if err := tx.putQuote(ctx, b.ID, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.Author = db.Author()
	b.CreatedAt, b.UpdatedAt = parseTime(now), parseTime(now)
	return nil
}

// uniqueBriefingName refuses a name another live briefing has.
func (tx *Tx) uniqueBriefingName(ctx context.Context, name, except string) error {
	var other string
	err := tx.QueryRowContext(ctx, `SELECT name FROM briefings WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ?`, name, except).Scan(&other)
	if err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "a briefing named %q already exists", other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look up briefing %q: %w", name, err)
	}
	return nil
}

// scopeRows checks that a scope names live tags and documents.
func (tx *Tx) scopeRows(ctx context.Context, s annotate.BriefingScope) error {
	for _, id := range s.TagIDs {
		if err := tx.liveRow(ctx, "tags", id, "code"); err != nil {
			return err
		}
	}
	for _, id := range s.DocumentIDs {
		if err := tx.liveRow(ctx, "documents", id, "document"); err != nil {
			return err
		}
	}
	for _, c := range s.Attributes {
		if err := tx.liveRow(ctx, "attributes", c.AttributeID, "attribute"); err != nil {
			return err
		}
	}
	return nil
}

// Briefing returns one live briefing with its findings and key quotes.
func (db *DB) Briefing(ctx context.Context, id string) (*annotate.Briefing, error) {
	b, err := readValue(ctx, db, func(tx *sql.Tx) (*annotate.Briefing, error) {
		b, err := scanBriefing(tx.QueryRowContext(ctx, `SELECT `+briefingColumns+briefingFrom+` WHERE b.id = ? AND b.deleted_at IS NULL`, id))
		if err != nil {
			return nil, err
		}
		return b, readBriefingParts(ctx, tx, b)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "briefing %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("briefing %s: %w", id, err)
	}
	return b, nil
}

// readBriefingParts fills in a briefing's live findings (of live tags)
// and key quotes (of live passages in live documents), in order.
func readBriefingParts(ctx context.Context, q querier, b *annotate.Briefing) error {
	var err error
	b.Findings, err = queryAll(ctx, q, func(row rowScanner) (annotate.Finding, error) {
		var f annotate.Finding
		var updated string
		err := row.Scan(&f.TagID, &f.Text, &f.Author, &updated)
		f.UpdatedAt = parseTime(updated)
		return f, err
	}, `SELECT f.tag_id, f.body, a.name, f.updated_at FROM briefing_findings f
		JOIN tags t ON t.id = f.tag_id JOIN authors a ON a.id = f.author_id
		WHERE f.briefing_id = ? AND f.deleted_at IS NULL AND t.deleted_at IS NULL
		ORDER BY t.sort_order, t.name COLLATE NOCASE, t.id`, b.ID)
	if err != nil {
		return err
	}
	b.Quotes, err = queryAll(ctx, q, func(row rowScanner) (annotate.KeyQuote, error) {
		var k annotate.KeyQuote
		var updated string
		err := row.Scan(&k.PassageID, &k.TagID, &k.Position, &k.Author, &updated)
		k.UpdatedAt = parseTime(updated)
		return k, err
	}, `SELECT q.passage_id, CASE WHEN t.deleted_at IS NULL THEN coalesce(q.tag_id, '') ELSE '' END, q.position, a.name, q.updated_at
		FROM briefing_quotes q JOIN passages p ON p.id = q.passage_id JOIN documents d ON d.id = p.document_id
		JOIN authors a ON a.id = q.author_id LEFT JOIN tags t ON t.id = q.tag_id
		WHERE q.briefing_id = ? AND q.deleted_at IS NULL AND p.deleted_at IS NULL AND d.deleted_at IS NULL
		ORDER BY q.position, q.passage_id`, b.ID)
	return err
}

// BriefingByName finds a live briefing by name, ignoring case, or by a
// unique prefix of its ID.
func (db *DB) BriefingByName(ctx context.Context, name string) (*annotate.Briefing, error) {
	name = strings.TrimSpace(name)
	var id string
	err := db.read(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM briefings WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL`, name).Scan(&id)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if len(name) >= 4 && strings.Trim(strings.ToLower(name), "0123456789abcdef-") == "" {
			ids, err := queryStrings(ctx, tx, `SELECT id FROM briefings WHERE id LIKE ? || '%' AND deleted_at IS NULL ORDER BY id`, strings.ToLower(name))
			if err != nil {
				return err
			}
			if len(ids) == 1 {
				id = ids[0]
				return nil
			}
			if len(ids) > 1 {
				return annotate.Errorf(annotate.EINVALID, "%q is the start of %d briefings' ids: give more of it", name, len(ids))
			}
		}
		names, err := queryStrings(ctx, tx, `SELECT name FROM briefings WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE`)
		if err != nil {
			return err
		}
		if len(names) == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "no briefing named %q: the project has none yet", name)
		}
		return annotate.Errorf(annotate.ENOTFOUND, "no briefing named %q (briefings: %s)", name, strings.Join(names, ", "))
	})
	if err != nil {
		if annotate.ErrorCode(err) == annotate.EINTERNAL {
			return nil, fmt.Errorf("briefing %q: %w", name, err)
		}
		return nil, err
	}
	return db.Briefing(ctx, id)
}

// Briefings lists the live briefings by name, without findings and quotes.
func (db *DB) Briefings(ctx context.Context) ([]*annotate.Briefing, error) {
	bs, err := readValue(ctx, db, func(tx *sql.Tx) ([]*annotate.Briefing, error) {
		return queryAll(ctx, tx, scanBriefing, `SELECT `+briefingColumns+briefingFrom+` WHERE b.deleted_at IS NULL ORDER BY b.name COLLATE NOCASE, b.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("list briefings: %w", err)
	}
	return bs, nil
}

// UpdateBriefing changes a briefing's settings; the result must validate.
func (db *DB) UpdateBriefing(ctx context.Context, id string, upd annotate.BriefingUpdate) (*annotate.Briefing, error) {
	b, err := db.Briefing(ctx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(b)
	b.Name = strings.TrimSpace(b.Name)
	if err := b.Validate(); err != nil {
		return nil, err
	}
	scope, err := encodeScope(b.Scope)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", id, "briefing"); err != nil {
			return err
		}
		if err := tx.uniqueBriefingName(ctx, b.Name, id); err != nil {
			return err
		}
		if upd.Scope != nil {
			if err := tx.scopeRows(ctx, b.Scope); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefings SET name = ?, title = ?, subtitle = ?, audience = ?, date = ?, prepared_by = ?, summary = ?,
			scope = ?, annex = ?, author_id = ?, updated_at = ? WHERE id = ?`, b.Name, b.Title, b.Subtitle, b.Audience, b.Date, b.PreparedBy, b.Summary,
			scope, b.Annex, tx.authorID, tx.now, id); err != nil {
			return fmt.Errorf("update briefing %q: %w", b.Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.Briefing(ctx, id)
}

// DeleteBriefing tombstones a briefing.
func (db *DB) DeleteBriefing(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", id, "briefing"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefings SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id); err != nil {
			return fmt.Errorf("delete briefing %s: %w", id, err)
		}
		return nil
	})
}

// RestoreBriefing brings back a deleted briefing (undo), unless a live
// briefing has taken its name meanwhile.
func (db *DB) RestoreBriefing(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		var name string
		var deleted sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT name, deleted_at FROM briefings WHERE id = ?`, id).Scan(&name, &deleted)
		if errors.Is(err, sql.ErrNoRows) {
			return annotate.Errorf(annotate.ENOTFOUND, "briefing %s not found", id)
		} else if err != nil {
			return fmt.Errorf("restore briefing %s: %w", id, err)
		}
		if !deleted.Valid {
			return nil
		}
		if err := tx.uniqueBriefingName(ctx, name, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefings SET deleted_at = NULL, updated_at = ?, author_id = ? WHERE id = ?`, tx.now, tx.authorID, id); err != nil {
			return fmt.Errorf("restore briefing %s: %w", id, err)
		}
		return nil
	})
}

// SetFinding sets a briefing's finding for a tag; "" removes it.
func (db *DB) SetFinding(ctx context.Context, briefingID, tagID, text string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		return tx.setFinding(ctx, briefingID, tagID, text)
	})
}

func (tx *Tx) setFinding(ctx context.Context, briefingID, tagID, text string) error {
	if len([]rune(text)) > annotate.MaxBriefingText {
		return annotate.Errorf(annotate.EINVALID, "a finding is longer than %d characters", annotate.MaxBriefingText)
	}
	if err := tx.liveRow(ctx, "tags", tagID, "code"); err != nil {
		return err
	}
	var id, body string
	var deleted sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, body, deleted_at FROM briefing_findings WHERE briefing_id = ? AND tag_id = ?`, briefingID, tagID).Scan(&id, &body, &deleted)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if text == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO briefing_findings (id, briefing_id, tag_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			annotate.NewID(), briefingID, tagID, text, tx.authorID, tx.now, tx.now)
	case err != nil:
	case text == "" && deleted.Valid, text == body && !deleted.Valid:
		return nil
	case text == "":
		_, err = tx.ExecContext(ctx, `UPDATE briefing_findings SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE briefing_findings SET body = ?1, deleted_at = NULL, updated_at = ?2, author_id = ?3 WHERE id = ?4`, text, tx.now, tx.authorID, id)
	}
	if err != nil {
		return fmt.Errorf("finding: %w", err)
	}
	return nil
}

// quoteStep is the gap between neighbouring key quotes' positions when
// they are numbered afresh.
const quoteStep = 1024

// StarPassage makes a passage a key quote of the briefing, last in order.
func (db *DB) StarPassage(ctx context.Context, briefingID, passageID string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		var deleted sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT deleted_at FROM briefing_quotes WHERE briefing_id = ? AND passage_id = ?`, briefingID, passageID).Scan(&deleted)
		if err == nil && !deleted.Valid {
			return tx.liveRow(ctx, "passages", passageID, "passage")
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("star passage: %w", err)
		}
		var last sql.NullFloat64
		if err := tx.QueryRowContext(ctx, `SELECT max(position) FROM briefing_quotes WHERE briefing_id = ? AND deleted_at IS NULL`, briefingID).Scan(&last); err != nil {
			return fmt.Errorf("star passage: %w", err)
		}
		pos := 0.0
		if last.Valid {
			pos = last.Float64 + quoteStep
		}
		return tx.putQuote(ctx, briefingID, annotate.KeyQuote{PassageID: passageID, Position: pos})
	})
}

// PutQuote makes a passage a key quote at the position and under the tag
// q gives, whether or not it is one: how undo puts back a key quote
// taken out or moved.
func (db *DB) PutQuote(ctx context.Context, briefingID string, q annotate.KeyQuote) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		return tx.putQuote(ctx, briefingID, q)
	})
}

func (tx *Tx) putQuote(ctx context.Context, briefingID string, q annotate.KeyQuote) error {
	if err := tx.liveRow(ctx, "passages", q.PassageID, "passage"); err != nil {
		return err
	}
	if q.TagID != "" {
		if err := tx.liveRow(ctx, "tags", q.TagID, "code"); err != nil {
			return err
		}
	}
	if math.IsNaN(q.Position) || math.Abs(q.Position) > 1e15 {
		return annotate.Errorf(annotate.EINVALID, "a key quote's position must be a number within ±1e15")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO briefing_quotes (id, briefing_id, passage_id, tag_id, position, author_id, created_at, updated_at)
		VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?7)
		ON CONFLICT (briefing_id, passage_id) DO UPDATE SET tag_id = excluded.tag_id, position = excluded.position,
			deleted_at = NULL, author_id = excluded.author_id, updated_at = excluded.updated_at`,
		annotate.NewID(), briefingID, q.PassageID, q.TagID, q.Position, tx.authorID, tx.now)
	if err != nil {
		return fmt.Errorf("star passage %s: %w", q.PassageID, err)
	}
	return nil
}

// UnstarPassage takes a passage out of the briefing's key quotes.
func (db *DB) UnstarPassage(ctx context.Context, briefingID, passageID string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefing_quotes SET deleted_at = ?1, updated_at = ?1, author_id = ?2
			WHERE briefing_id = ?3 AND passage_id = ?4 AND deleted_at IS NULL`, tx.now, tx.authorID, briefingID, passageID); err != nil {
			return fmt.Errorf("unstar passage %s: %w", passageID, err)
		}
		return nil
	})
}

// liveQuotes returns a briefing's live key quotes in order, with each
// row's passage.
func (tx *Tx) liveQuotes(ctx context.Context, briefingID string) ([]annotate.KeyQuote, error) {
	return queryAll(ctx, tx, func(row rowScanner) (annotate.KeyQuote, error) {
		var k annotate.KeyQuote
		err := row.Scan(&k.PassageID, &k.TagID, &k.Position)
		return k, err
	}, `SELECT passage_id, coalesce(tag_id, ''), position FROM briefing_quotes WHERE briefing_id = ? AND deleted_at IS NULL ORDER BY position, passage_id`, briefingID)
}

// MoveQuote puts a key quote at index i of the order (0 first; past the
// end is last). Only its own position changes, unless its neighbours are
// too close to put anything between, when the quotes are numbered afresh.
func (db *DB) MoveQuote(ctx context.Context, briefingID, passageID string, i int) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		qs, err := tx.liveQuotes(ctx, briefingID)
		if err != nil {
			return fmt.Errorf("move quote: %w", err)
		}
		var moved *annotate.KeyQuote
		var rest []annotate.KeyQuote
		for k := range qs {
			if qs[k].PassageID == passageID {
				moved = &qs[k]
			} else {
				rest = append(rest, qs[k])
			}
		}
		if moved == nil {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s is not a key quote of this briefing", passageID)
		}
		i = max(0, min(i, len(rest)))
		before, after := math.Inf(-1), math.Inf(1)
		if i > 0 {
			before = rest[i-1].Position
		}
		if i < len(rest) {
			after = rest[i].Position
		}
		pos, ok := annotate.PositionBetween(before, after)
		if !ok {
			// Number every quote afresh, the moved one in its place.
			order := append(append(append([]annotate.KeyQuote(nil), rest[:i]...), *moved), rest[i:]...)
			for k, q := range order {
				if _, err := tx.ExecContext(ctx, `UPDATE briefing_quotes SET position = ?, author_id = ?, updated_at = ? WHERE briefing_id = ? AND passage_id = ?`,
					float64(k*quoteStep), tx.authorID, tx.now, briefingID, q.PassageID); err != nil {
					return fmt.Errorf("move quote: %w", err)
				}
			}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefing_quotes SET position = ?, author_id = ?, updated_at = ? WHERE briefing_id = ? AND passage_id = ?`,
			pos, tx.authorID, tx.now, briefingID, passageID); err != nil {
			return fmt.Errorf("move quote: %w", err)
		}
		return nil
	})
}

// OrderQuotes puts the given passages first among the briefing's key
// quotes, in the order given, starring those that are not key quotes yet;
// the others follow in their order.
func (db *DB) OrderQuotes(ctx context.Context, briefingID string, passageIDs []string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "briefings", briefingID, "briefing"); err != nil {
			return err
		}
		qs, err := tx.liveQuotes(ctx, briefingID)
		if err != nil {
			return fmt.Errorf("order quotes: %w", err)
		}
		tags := map[string]string{}
		for _, q := range qs {
			tags[q.PassageID] = q.TagID
		}
		seen := map[string]bool{}
		var order []string
		for _, id := range passageIDs {
			if !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
		for _, q := range qs {
			if !seen[q.PassageID] {
				order = append(order, q.PassageID)
			}
		}
		for k, id := range order {
			if err := tx.putQuote(ctx, briefingID, annotate.KeyQuote{PassageID: id, TagID: tags[id], Position: float64(k * quoteStep)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetQuoteTag sets the code a key quote is quoted under; "" is its first
// code in scope.
func (db *DB) SetQuoteTag(ctx context.Context, briefingID, passageID, tagID string) error {
	return db.write(ctx, func(tx *Tx) error {
		if tagID != "" {
			if err := tx.liveRow(ctx, "tags", tagID, "code"); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE briefing_quotes SET tag_id = nullif(?, ''), author_id = ?, updated_at = ?
			WHERE briefing_id = ? AND passage_id = ? AND deleted_at IS NULL`, tagID, tx.authorID, tx.now, briefingID, passageID)
		if err != nil {
			return fmt.Errorf("quote under code: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return annotate.Errorf(annotate.ENOTFOUND, "passage %s is not a key quote of this briefing", passageID)
		}
		return nil
	})
}

// StarredIn returns the names and IDs of the live briefings a passage is a
// key quote of, by name.
func (db *DB) StarredIn(ctx context.Context, passageID string) ([]*annotate.Briefing, error) {
	bs, err := readValue(ctx, db, func(tx *sql.Tx) ([]*annotate.Briefing, error) {
		return queryAll(ctx, tx, scanBriefing, `SELECT `+briefingColumns+briefingFrom+`
			JOIN briefing_quotes q ON q.briefing_id = b.id
			WHERE q.passage_id = ? AND q.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY b.name COLLATE NOCASE`, passageID)
	})
	if err != nil {
		return nil, fmt.Errorf("briefings of passage %s: %w", passageID, err)
	}
	return bs, nil
}
