package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
)

// SearchOptions bounds a project search.
type SearchOptions struct {
	// Limit is the most documents and notes listed, best first (default 50).
	Limit int
	// PerSource is the most hit lines listed per document or note (default 3).
	PerSource int
}

// Highlight markers: Unicode noncharacters, which normalized text does not
// use. A text that does anyway is caught by a length check in parseHighlight.
const (
	markOpen  = "\uFDD0"
	markClose = "\uFDD1"
)

// Search finds query in the live documents' titles and texts and in the
// notes of live passages, best matches first, then in memos and journal
// entries (FTS5's bm25, a word in a
// title weighing five in a text). See ftsQuery for the query language; a malformed query is EINVALID.
func (db *DB) Search(ctx context.Context, query string, opt SearchOptions) (*annotate.SearchResults, error) {
	if opt.Limit <= 0 {
		opt.Limit = 50
	}
	if opt.PerSource <= 0 {
		opt.PerSource = 3
	}
	fts, err := ftsQuery(query)
	if err != nil {
		return nil, err
	}
	res := &annotate.SearchResults{Query: query}
	err = db.read(ctx, func(tx *sql.Tx) error {
		// First the best live sources, by rank, without touching their text;
		// then highlight() on those alone, which tokenizes each text.
		type source struct {
			rowid                          int64
			docID, title, passageID        string
			pstart, pend, titleLen, length int
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.rowid, d.id, d.title, length(d.title),
				coalesce(n.passage_id, ''), coalesce(p.start_offset, 0), coalesce(p.end_offset, 0),
				CASE WHEN k.note_id IS NULL THEN d.length ELSE length(n.body) END
			FROM search s
			JOIN search_keys k ON k.id = s.rowid
			LEFT JOIN notes n ON n.id = k.note_id
			LEFT JOIN passages p ON p.id = n.passage_id
			JOIN documents d ON d.id = CASE WHEN k.note_id IS NULL THEN k.document_id ELSE p.document_id END
			WHERE search MATCH ?1 AND d.deleted_at IS NULL
				AND (k.note_id IS NULL OR n.deleted_at IS NULL AND p.deleted_at IS NULL)
			ORDER BY s.rank
			LIMIT ?2`, fts, opt.Limit+1)
		if err != nil {
			return searchError(query, err)
		}
		var sources []source
		for rows.Next() {
			var s source
			if err := rows.Scan(&s.rowid, &s.docID, &s.title, &s.titleLen, &s.passageID, &s.pstart, &s.pend, &s.length); err != nil {
				rows.Close()
				return searchError(query, err)
			}
			sources = append(sources, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return searchError(query, err)
		}
		if len(sources) > opt.Limit {
			sources, res.More = sources[:opt.Limit], true
		}
		res.Sources = len(sources)
		if len(sources) == 0 {
			return nil
		}
		args := []any{markOpen, markClose, fts}
		for _, s := range sources {
			args = append(args, s.rowid)
		}
		rows, err = tx.QueryContext(ctx, `SELECT rowid, highlight(search, 0, ?1, ?2), highlight(search, 1, ?1, ?2)
			FROM search WHERE search MATCH ?3 AND rowid IN (`+placeholders(len(sources))+`)`, args...)
		if err != nil {
			return searchError(query, err)
		}
		defer rows.Close()
		type highlighted struct{ title, body string }
		hl := make(map[int64]highlighted, len(sources))
		for rows.Next() {
			var id int64
			var h highlighted
			if err := rows.Scan(&id, &h.title, &h.body); err != nil {
				return searchError(query, err)
			}
			hl[id] = h
		}
		if err := rows.Err(); err != nil {
			return searchError(query, err)
		}
		for _, s := range sources {
			field := annotate.FieldText
			if s.passageID != "" {
				field = annotate.FieldNote
			}
			hits := sourceHits(hl[s.rowid].body, s.length, opt.PerSource)
			if len(hits) == 0 {
				field = annotate.FieldTitle
				hits = sourceHits(hl[s.rowid].title, s.titleLen, opt.PerSource)
			}
			for _, h := range hits {
				h.DocumentID, h.DocumentTitle, h.Field, h.PassageID = s.docID, s.title, field, s.passageID
				switch field {
				case annotate.FieldNote:
					h.Start, h.End = s.pstart, s.pend
				case annotate.FieldTitle:
					h.Start, h.End = 0, 0
				}
				res.Hits = append(res.Hits, h)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Then the memos, after the documents and notes.
	err = db.read(ctx, func(tx *sql.Tx) error {
		hits, n, more, err := searchMemos(ctx, tx, fts, opt)
		if err != nil {
			return searchError(query, err)
		}
		res.Hits = append(res.Hits, hits...)
		res.Sources += n
		res.More = res.More || more
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// searchError turns FTS5's complaints about a query into EINVALID; other
// errors are wrapped.
func searchError(query string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrError && strings.Contains(se.Error(), "fts5") {
		return annotate.Errorf(annotate.EINVALID, "search: %s in %q", strings.TrimPrefix(se.Error(), "fts5: "), annotate.Ellipsize(query, 80))
	}
	return fmt.Errorf("search %q: %w", annotate.Ellipsize(query, 80), err)
}

// sourceHits turns the output of FTS5's highlight() into up to max hits, in
// text order, with code-point offsets and keyword in context. length is the
// text's length in code points, to detect a text that itself contains the
// markers (no offsets can be trusted then, and one hit at the start says so).
func sourceHits(highlighted string, length, max int) []*annotate.SearchHit {
	text, ranges, ok := parseHighlight(highlighted)
	if len(ranges) == 0 {
		return nil
	}
	t := annotate.NewText(text)
	if !ok || t.Len() != length {
		return []*annotate.SearchHit{{Occurrence: 1, Occurrences: 1, After: annotate.Ellipsize(strings.Join(strings.Fields(text), " "), 2*annotate.KWICWidth)}}
	}
	var hits []*annotate.SearchHit
	for i, r := range ranges {
		if i == max {
			break
		}
		h := &annotate.SearchHit{Start: r[0], End: r[1], Occurrence: i + 1, Occurrences: len(ranges)}
		h.Before, h.Match, h.After = annotate.KWIC(t, r[0], r[1], annotate.KWICWidth)
		hits = append(hits, h)
	}
	return hits
}

// parseHighlight strips the markers from s and returns the text with the
// code-point ranges they enclosed. ok is false when the markers do not
// alternate open, close.
func parseHighlight(s string) (text string, ranges [][2]int, ok bool) {
	if !strings.Contains(s, markOpen) {
		return s, nil, true
	}
	var b strings.Builder
	b.Grow(len(s))
	cp, open := 0, -1
	ok = true
	for len(s) > 0 {
		switch {
		case strings.HasPrefix(s, markOpen):
			if open >= 0 {
				ok = false
			}
			open = cp
			s = s[len(markOpen):]
		case strings.HasPrefix(s, markClose):
			if open < 0 {
				ok = false
			} else {
				ranges = append(ranges, [2]int{open, cp})
			}
			open = -1
			s = s[len(markClose):]
		default:
			i := nextMarker(s)
			b.WriteString(s[:i])
			cp += utf8.RuneCountInString(s[:i])
			s = s[i:]
		}
	}
	if open >= 0 {
		ok = false
	}
	return b.String(), ranges, ok
}

// nextMarker returns the byte offset of the first marker in s, or len(s).
// Both markers start with the same two bytes.
func nextMarker(s string) int {
	for j := 0; ; j += 2 {
		k := strings.Index(s[j:], markOpen[:2])
		if k < 0 {
			return len(s)
		}
		j += k
		if strings.HasPrefix(s[j:], markOpen) || strings.HasPrefix(s[j:], markClose) {
			return j
		}
	}
}

// RebuildSearchIndex rebuilds the full-text index from the documents and
// notes, e.g. after opening a file whose index cannot be trusted.
func (db *DB) RebuildSearchIndex(ctx context.Context) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`INSERT INTO search_keys (document_id) SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM search_keys WHERE document_id IS NOT NULL)`,
			`INSERT INTO search_keys (note_id) SELECT id FROM notes WHERE id NOT IN (SELECT note_id FROM search_keys WHERE note_id IS NOT NULL)`,
			`DELETE FROM search_keys WHERE document_id IS NOT NULL AND document_id NOT IN (SELECT id FROM documents)
				OR note_id IS NOT NULL AND note_id NOT IN (SELECT id FROM notes)`,
			`INSERT INTO search (search) VALUES ('rebuild')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	return nil
}
