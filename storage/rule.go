package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gloss/annotate"
)

// Compile-time check that DB implements the domain's rule service.

const ruleColumns = `r.id, r.name, r.pattern, r.kind, r.tag_id, r.scope, a.name, r.created_at, r.updated_at`

const ruleFrom = ` FROM rules r JOIN authors a ON a.id = r.author_id`

func scanRule(row rowScanner) (*annotate.Rule, error) {
	r := &annotate.Rule{}
	var created, updated string
	if err := row.Scan(&r.ID, &r.Name, &r.Pattern, &r.Kind, &r.TagID, &r.Scope, &r.Author, &created, &updated); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = parseTime(created), parseTime(updated)
	return r, nil
}

// CreateRule adds an auto-coding rule, filling in its ID (when empty) and
// times. Names are unique, ignoring case (ECONFLICT).
func (db *DB) CreateRule(ctx context.Context, r *annotate.Rule) error {
	r.Name = strings.TrimSpace(r.Name)
	if r.ID == "" {
		r.ID = annotate.NewID()
	} else if !annotate.ValidID(r.ID) {
		return annotate.Errorf(annotate.EINVALID, "rule id %q is not a UUID", r.ID)
	}
	if err := r.Validate(); err != nil {
		return err
	}
	var txNow string
	err := db.write(ctx, func(tx *Tx) error {
		txNow = tx.now
		if err := tx.uniqueRuleName(ctx, r.Name, ""); err != nil {
			return err
		}
		if err := tx.applicable(ctx, r.TagID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO rules (id, name, pattern, kind, tag_id, scope, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Name, r.Pattern, r.Kind, r.TagID, r.Scope, tx.authorID, tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("insert rule %q: %w", r.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.Author = db.Author()
	r.CreatedAt, r.UpdatedAt = parseTime(txNow), parseTime(txNow)
	return nil
}

func (tx *Tx) uniqueRuleName(ctx context.Context, name, except string) error {
	var other string
	err := tx.QueryRowContext(ctx, `SELECT name FROM rules WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND id != ?`, name, except).Scan(&other)
	if err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "a rule named %q already exists", other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look up rule %q: %w", name, err)
	}
	return nil
}

// Rule returns one live rule.
func (db *DB) Rule(ctx context.Context, id string) (*annotate.Rule, error) {
	r, err := readValue(ctx, db, func(tx *sql.Tx) (*annotate.Rule, error) {
		return scanRule(tx.QueryRowContext(ctx, `SELECT `+ruleColumns+ruleFrom+` WHERE r.id = ? AND r.deleted_at IS NULL`, id))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "rule %s not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("rule %s: %w", id, err)
	}
	return r, nil
}

// RuleByName finds a live rule by name, ignoring case.
func (db *DB) RuleByName(ctx context.Context, name string) (*annotate.Rule, error) {
	r, err := readValue(ctx, db, func(tx *sql.Tx) (*annotate.Rule, error) {
		return scanRule(tx.QueryRowContext(ctx, `SELECT `+ruleColumns+ruleFrom+` WHERE r.name = ? COLLATE NOCASE AND r.deleted_at IS NULL`, strings.TrimSpace(name)))
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no rule named %q", name)
	} else if err != nil {
		return nil, fmt.Errorf("rule %q: %w", name, err)
	}
	return r, nil
}

// Rules lists the live rules by name.
func (db *DB) Rules(ctx context.Context) ([]*annotate.Rule, error) {
	rules, err := readValue(ctx, db, func(tx *sql.Tx) ([]*annotate.Rule, error) {
		return queryAll(ctx, tx, scanRule, `SELECT `+ruleColumns+ruleFrom+` WHERE r.deleted_at IS NULL ORDER BY r.name COLLATE NOCASE, r.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	return rules, nil
}

// UpdateRule changes a rule; the result must still validate.
func (db *DB) UpdateRule(ctx context.Context, id string, upd annotate.RuleUpdate) (*annotate.Rule, error) {
	r, err := db.Rule(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		dst *string
		v   *string
	}{{&r.Name, upd.Name}, {&r.Pattern, upd.Pattern}, {&r.Kind, upd.Kind}, {&r.TagID, upd.TagID}, {&r.Scope, upd.Scope}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	r.Name = strings.TrimSpace(r.Name)
	if err := r.Validate(); err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "rules", id, "rule"); err != nil {
			return err
		}
		if err := tx.uniqueRuleName(ctx, r.Name, id); err != nil {
			return err
		}
		if upd.TagID != nil {
			if err := tx.applicable(ctx, r.TagID); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE rules SET name = ?, pattern = ?, kind = ?, tag_id = ?, scope = ?, author_id = ?, updated_at = ? WHERE id = ?`,
			r.Name, r.Pattern, r.Kind, r.TagID, r.Scope, tx.authorID, tx.now, id)
		if err != nil {
			return fmt.Errorf("update rule %q: %w", r.Name, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.Rule(ctx, id)
}

// DeleteRule tombstones a rule.
func (db *DB) DeleteRule(ctx context.Context, id string) error {
	return db.write(ctx, func(tx *Tx) error {
		if err := tx.liveRow(ctx, "rules", id, "rule"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rules SET deleted_at = ?1, updated_at = ?1, author_id = ?2 WHERE id = ?3`, tx.now, tx.authorID, id); err != nil {
			return fmt.Errorf("delete rule %s: %w", id, err)
		}
		return nil
	})
}

// SeedRules adds the rules of specs whose tag (by name, ignoring case) is
// in the codebook and whose name is not taken, in one transaction, and
// returns the rules added. New projects get the shipped rules this way.
func (db *DB) SeedRules(ctx context.Context, specs []annotate.RuleSpec) ([]*annotate.Rule, error) {
	var added []*annotate.Rule
	err := db.write(ctx, func(tx *Tx) error {
		added = nil
		for _, s := range specs {
			var tagID string
			err := tx.QueryRowContext(ctx, `SELECT id FROM tags WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL AND codable = 1`, s.Tag).Scan(&tagID)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			} else if err != nil {
				return fmt.Errorf("seed rules: %w", err)
			}
			r := &annotate.Rule{ID: annotate.NewID(), Name: strings.TrimSpace(s.Name), Kind: s.Kind, Pattern: s.Pattern, Scope: s.Scope, TagID: tagID}
			if err := r.Validate(); err != nil {
				return err
			}
			if err := tx.uniqueRuleName(ctx, r.Name, ""); annotate.ErrorCode(err) == annotate.ECONFLICT {
				continue
			} else if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO rules (id, name, pattern, kind, tag_id, scope, author_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Name, r.Pattern, r.Kind, r.TagID, r.Scope, tx.authorID, tx.now, tx.now); err != nil {
				return fmt.Errorf("seed rule %q: %w", r.Name, err)
			}
			r.Author = db.Author()
			r.CreatedAt, r.UpdatedAt = parseTime(tx.now), parseTime(tx.now)
			added = append(added, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}
