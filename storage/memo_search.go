package storage

import (
	"context"
	"database/sql"
	"unicode/utf8"

	"gloss/annotate"
)

// searchMemos finds the FTS5 query fts in the memos of live codes and
// documents and in live journal entries, best first: the hits, how many
// memos matched (up to limit) and whether more did.
func searchMemos(ctx context.Context, tx *sql.Tx, fts string, opt SearchOptions) ([]*annotate.SearchHit, int, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT k.kind, k.target_id, highlight(memo_search, 1, ?1, ?2),
			CASE k.kind WHEN 'code' THEN (SELECT t.name FROM tags t WHERE t.id = k.target_id)
				WHEN 'document' THEN (SELECT d.title FROM documents d WHERE d.id = k.target_id)
				ELSE (SELECT j.entry_date || CASE WHEN j.title = '' THEN '' ELSE ' ' || j.title END FROM journal j WHERE j.id = k.target_id) END,
			CASE k.kind WHEN 'code' THEN (SELECT t.memo FROM tags t WHERE t.id = k.target_id)
				WHEN 'document' THEN (SELECT d.memo FROM documents d WHERE d.id = k.target_id)
				ELSE (SELECT j.body FROM journal j WHERE j.id = k.target_id) END
		FROM memo_search s JOIN memo_search_keys k ON k.id = s.rowid
		WHERE memo_search MATCH ?3 AND CASE k.kind
			WHEN 'code' THEN EXISTS (SELECT 1 FROM tags t WHERE t.id = k.target_id AND t.deleted_at IS NULL)
			WHEN 'document' THEN EXISTS (SELECT 1 FROM documents d WHERE d.id = k.target_id AND d.deleted_at IS NULL)
			WHEN 'journal' THEN EXISTS (SELECT 1 FROM journal j WHERE j.id = k.target_id AND j.deleted_at IS NULL)
			ELSE 0 END
		ORDER BY s.rank LIMIT ?4`, markOpen, markClose, fts, opt.Limit+1)
	if err != nil {
		return nil, 0, false, err
	}
	defer rows.Close()
	var hits []*annotate.SearchHit
	n, more := 0, false
	for rows.Next() {
		var kind, id, highlighted, subject, body string
		if err := rows.Scan(&kind, &id, &highlighted, &subject, &body); err != nil {
			return nil, 0, false, err
		}
		if n == opt.Limit {
			more = true
			break
		}
		n++
		found := sourceHits(highlighted, utf8.RuneCountInString(body), opt.PerSource)
		if len(found) == 0 {
			// The words are in the subject (a code's name, a document's title,
			// an entry's title):
			// show the memo's start.
			found = []*annotate.SearchHit{{Occurrence: 1, Occurrences: 1,
				After: annotate.Ellipsize(oneLine(body), 2*annotate.KWICWidth)}}
		}
		for _, h := range found {
			h.Field, h.MemoKind, h.MemoID, h.MemoSubject = annotate.FieldMemo, kind, id, subject
			hits = append(hits, h)
		}
	}
	return hits, n, more, rows.Err()
}
