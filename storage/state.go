package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The rows of a project as merging sees them: every row, tombstoned or not,
// with author names instead of ids and "" for a NULL deleted_at.

type docRow struct {
	id, title, outlet, byline, published, url, source, sha string
	direction                                              string
	length                                                 int
	author, created, updated, deleted                      string
	memo, memoAuthor, memoUpdated                          string // the memo merges on its own time
}

type tagRow struct {
	id, name, color, desc, parent     string
	sort, shortcut                    int
	codable                           int // 0 for a grouping code
	author, created, updated, deleted string
}

type passageRow struct {
	id, doc                           string
	start, end                        int
	quote, prefix, suffix, provenance string
	author, created, updated, deleted string
}

type passageTagRow struct {
	passage, tag                      string
	author, created, updated, deleted string
}

type ruleRow struct {
	id, name, pattern, kind, tag, scope string
	author, created, updated, deleted   string
}

// state is the rows of a project's smaller tables, keyed for merging; the
// passages, their tags and notes are merged by statements over both files
// (merge_passages.go).
type state struct {
	docs     map[string]*docRow
	docBySHA map[string]*docRow
	tags     map[string]*tagRow
	rules    map[string]*ruleRow
	orphans  map[string]string // meta key -> JSON
}

// loadState reads the rows of state. With light (our own file), times are
// not checked; a colleague's file has had every time of every table
// checked by Inspect, and here again where the merge compares them.
func loadState(ctx context.Context, q querier, light bool) (*state, error) {
	s := &state{
		docs: map[string]*docRow{}, docBySHA: map[string]*docRow{}, tags: map[string]*tagRow{},
		rules: map[string]*ruleRow{}, orphans: map[string]string{},
	}
	// Merging compares times as text, so a colleague's file must hold
	// Gloss's fixed-width form: anything else could win every comparison.
	// Nor may it be dated far ahead of this computer's clock: a change from
	// the future would win against every later one.
	horizon := formatTime(time.Now().Add(24 * time.Hour))
	times := func(what string, ts ...string) error {
		if light {
			return nil
		}
		for i, t := range ts {
			if t == "" && i == 2 {
				continue // not deleted
			}
			if !validTime(t) {
				return fmt.Errorf("%s has the time %q, not of the form %s", what, t, timeFormat)
			}
			if t > horizon {
				return fmt.Errorf("%s is dated %s, more than a day ahead of this computer's clock: check the clock of the computer that wrote it", what, t)
			}
		}
		return nil
	}
	authors := map[int64]string{}
	author := func(id int64) string { return authors[id] }
	scan := func(what, query string, row func(*sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return fmt.Errorf("read %s: %w", what, describeSQLiteError(err))
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return fmt.Errorf("read %s: %w", what, describeSQLiteError(err))
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read %s: %w", what, describeSQLiteError(err))
		}
		return nil
	}
	err := scan("authors", `SELECT id, name FROM authors`, func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		authors[id] = name
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Author names are looked up in Go: joining authors lets SQLite scan the
	// big tables once per author.
	var aid int64
	err = scan("documents", `SELECT d.id, d.title, d.outlet, d.byline, d.published, d.url, d.source, d.sha256, d.length,
		d.author_id, d.created_at, d.updated_at, coalesce(d.deleted_at, ''), d.direction, d.memo, d.memo_author_id, coalesce(d.memo_updated_at, '') FROM documents d`,
		func(r *sql.Rows) error {
			d := &docRow{}
			var memoAuthor sql.NullInt64
			if err := r.Scan(&d.id, &d.title, &d.outlet, &d.byline, &d.published, &d.url, &d.source, &d.sha, &d.length,
				&aid, &d.created, &d.updated, &d.deleted, &d.direction, &d.memo, &memoAuthor, &d.memoUpdated); err != nil {
				return err
			}
			d.author = author(aid)
			if memoAuthor.Valid {
				d.memoAuthor = author(memoAuthor.Int64)
			}
			if err := times("document "+d.id, d.created, d.updated, d.deleted); err != nil {
				return err
			}
			if d.memoUpdated != "" {
				if err := times("memo of document "+d.id, d.memoUpdated, d.memoUpdated, ""); err != nil {
					return err
				}
			}
			s.docs[d.id], s.docBySHA[d.sha] = d, d
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = scan("tags", `SELECT t.id, t.name, t.color, t.description, coalesce(t.parent_id, ''), t.sort_order, t.codable,
		coalesce(t.shortcut, 0), t.author_id, t.created_at, t.updated_at, coalesce(t.deleted_at, '') FROM tags t`,
		func(r *sql.Rows) error {
			t := &tagRow{}
			if err := r.Scan(&t.id, &t.name, &t.color, &t.desc, &t.parent, &t.sort, &t.codable, &t.shortcut, &aid, &t.created, &t.updated, &t.deleted); err != nil {
				return err
			}
			t.author = author(aid)
			if err := times("code "+t.id, t.created, t.updated, t.deleted); err != nil {
				return err
			}
			s.tags[t.id] = t
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = scan("rules", `SELECT id, name, pattern, kind, tag_id, scope, author_id, created_at, updated_at, coalesce(deleted_at, '') FROM rules`,
		func(r *sql.Rows) error {
			u := &ruleRow{}
			if err := r.Scan(&u.id, &u.name, &u.pattern, &u.kind, &u.tag, &u.scope, &aid, &u.created, &u.updated, &u.deleted); err != nil {
				return err
			}
			u.author = author(aid)
			if err := times("rule "+u.id, u.created, u.updated, u.deleted); err != nil {
				return err
			}
			s.rules[u.id] = u
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = scan("orphans", `SELECT key, value FROM meta WHERE key LIKE 'orphan/%'`, func(r *sql.Rows) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		s.orphans[k] = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// documentText reads one document's text.
func documentText(ctx context.Context, q querier, id string) (string, error) {
	var text string
	if err := q.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, id).Scan(&text); err != nil {
		return "", fmt.Errorf("read document %s: %w", id, describeSQLiteError(err))
	}
	return text, nil
}

// validTime reports whether s is a time in Gloss's stored form,
// 2006-01-02T15:04:05.000000Z, with every digit a digit, in the years 1
// to 9999.
func validTime(s string) bool {
	if len(s) != len(timeFormat) {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c, f := s[i], timeFormat[i]; {
		case f >= '0' && f <= '9':
			if c < '0' || c > '9' {
				return false
			}
		case c != f:
			return false
		}
	}
	// The year 0 parses, but StoredTime never writes it and the check
	// refuses it (timeCond).
	t, err := time.Parse(timeFormat, s)
	return err == nil && t.Year() >= 1
}
