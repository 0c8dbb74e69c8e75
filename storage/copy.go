package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gloss/annotate"
)

// CopyOptions choose what SaveCopy keeps.
type CopyOptions struct {
	// Authors, when not empty, keeps only these researchers' work: their
	// passages (with the tags on them and their notes) and the tags used by
	// those passages. Every live document is kept.
	Authors []string
	// Overwrite replaces an existing file at the destination.
	Overwrite bool
	// DropOriginals leaves out the original files (PDFs) documents were
	// imported from, for a smaller copy; the documents and their text stay.
	DropOriginals bool
}

// CopyReport says what a copy holds.
type CopyReport struct {
	Documents, Tags, Passages, Notes int
	Originals                        int // original files kept
	Briefings                        int
	Bytes                            int64
}

// SaveCopy writes a compact copy of the project to out, for sending to a
// colleague: deleted content is purged (no tombstones, nothing recoverable
// with a hex editor, SQLite's freed pages vacuumed away) and, with
// opts.Authors, only the chosen researchers' work is kept. The copy is
// written to a temporary file next to out and renamed into place, so a
// failure leaves nothing half-written.
func (db *DB) SaveCopy(ctx context.Context, out string, opts CopyOptions) (*CopyReport, error) {
	if abs, err := filepath.Abs(out); err == nil {
		if self, err := filepath.Abs(db.path); err == nil && abs == self {
			return nil, annotate.Errorf(annotate.EINVALID, "%s: a copy cannot replace the project itself", out)
		}
	}
	if !opts.Overwrite {
		if _, err := os.Lstat(out); err == nil {
			return nil, annotate.Errorf(annotate.ECONFLICT, "%s: file already exists", out)
		}
	}
	if len(opts.Authors) > 0 {
		known, err := db.Authors(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range opts.Authors {
			found := false
			for _, k := range known {
				found = found || k == a
			}
			if !found {
				return nil, annotate.Errorf(annotate.ENOTFOUND, "no author named %q in this project (authors: %s)", a, strings.Join(known, ", "))
			}
		}
	}
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return nil, notWritten(out, unwrapPathError(err))
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO wants to create the file itself
	ok := false
	defer func() {
		if !ok {
			removeProject(tmp)
		}
	}()
	// The copy is read on the read pool: writes go on meanwhile.
	if err := db.vacuumInto(ctx, tmp); err != nil {
		return nil, notWritten(out, err)
	}
	cp, err := open(tmp, nil, "")
	if err != nil {
		return nil, onFullDisk(out, err)
	}
	rep, err := cp.purge(ctx, opts.Authors, opts.DropOriginals)
	if err == nil {
		// The full-text index keeps the words of deleted rows until its
		// segments merge: rebuild it from what the copy holds.
		err = cp.RebuildSearchIndex(ctx)
	}
	if err == nil {
		_, err = cp.db.ExecContext(ctx, "PRAGMA journal_mode = DELETE")
	}
	if err == nil {
		_, err = cp.db.ExecContext(ctx, "VACUUM")
	}
	if cerr := cp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, notWritten(out, describeSQLiteError(err))
	}
	if err := syncFile(tmp); err != nil {
		return nil, notWritten(out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, fmt.Errorf("%s: %w", out, unwrapPathError(err))
	}
	ok = true
	if info, err := os.Stat(out); err == nil {
		rep.Bytes = info.Size()
	}
	return rep, nil
}

// vacuumInto writes a compact copy of the project, as of its last commit,
// to the new file out.
func (db *DB) vacuumInto(ctx context.Context, out string) error {
	if err := db.Verify(ctx); err != nil {
		return err
	}
	conn, err := db.rdb.Conn(ctx)
	if err != nil {
		return describeSQLiteError(err)
	}
	defer conn.Close()
	if err := vacuumInto(ctx, conn, out); err != nil {
		os.Remove(out)
		if sqliteFull(err) {
			return err // the copy's disk is full, not the project's: see notWritten
		}
		return describeSQLiteError(db.failed(ctx, nil, err))
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// keptAuthors is the IDs of the researchers a copy keeps the work of.
const keptAuthors = `(SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`

// purge deletes every tombstoned row and, when authors is not empty,
// everything not made by them, in one transaction.
func (db *DB) purge(ctx context.Context, authors []string, dropOriginals bool) (*CopyReport, error) {
	var rep *CopyReport
	err := db.writeTx(ctx, func(tx *sql.Tx) (err error) {
		rep, err = purge(ctx, tx, authors, dropOriginals)
		return err
	})
	return rep, err
}

func purge(ctx context.Context, tx *sql.Tx, authors []string, dropOriginals bool) (*CopyReport, error) {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE keep_authors (name TEXT PRIMARY KEY)`); err != nil {
		return nil, err
	}
	for _, a := range authors {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO keep_authors (name) VALUES (?)`, a); err != nil {
			return nil, err
		}
	}
	filter := len(authors) > 0
	var stmts []string
	if filter {
		stmts = append(stmts,
			`UPDATE passages SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
			`UPDATE notes SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
			`UPDATE rules SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
			// Their journal and decisions are theirs; what a coder had, too.
			`UPDATE journal SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN `+keptAuthors,
			`UPDATE reconciliations SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN `+keptAuthors,
			`DELETE FROM coder_holdings WHERE author_id NOT IN `+keptAuthors,
			`UPDATE briefings SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
			`UPDATE briefing_findings SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
			`UPDATE briefing_quotes SET deleted_at = 'x' WHERE deleted_at IS NULL AND author_id NOT IN (SELECT a.id FROM authors a JOIN keep_authors k ON k.name = a.name)`,
		)
	}
	// Briefings go with their deletion, key quotes with their passages.
	stmts = append(stmts,
		`DELETE FROM briefing_quotes WHERE deleted_at IS NOT NULL OR briefing_id IN (SELECT id FROM briefings WHERE deleted_at IS NOT NULL)
			OR passage_id IN (SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL)`,
		`DELETE FROM briefing_findings WHERE deleted_at IS NOT NULL OR briefing_id IN (SELECT id FROM briefings WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM briefings WHERE deleted_at IS NOT NULL`,
	)
	stmts = append(stmts,
		// Passages of deleted documents go with them.
		`DELETE FROM notes WHERE deleted_at IS NOT NULL OR passage_id IN (
			SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL)`,
		`DELETE FROM passage_tags WHERE deleted_at IS NOT NULL
			OR tag_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)
			OR passage_id IN (SELECT p.id FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.deleted_at IS NOT NULL OR d.deleted_at IS NOT NULL)`,
		`DELETE FROM passages WHERE deleted_at IS NOT NULL OR document_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)`,
		// Originals go with their documents, or all of them when asked.
		`DELETE FROM document_originals WHERE document_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)`,
		// Values and decisions of deleted documents and attributes go with them.
		`DELETE FROM document_attributes WHERE deleted_at IS NOT NULL
			OR document_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)
			OR attribute_id IN (SELECT id FROM attributes WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM attributes WHERE deleted_at IS NOT NULL`,
		`DELETE FROM journal WHERE deleted_at IS NOT NULL`,
		`DELETE FROM reconciliations WHERE deleted_at IS NOT NULL
			OR document_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM coder_holdings WHERE kind = 'document' AND item_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM documents WHERE deleted_at IS NOT NULL`,
	)
	if dropOriginals {
		stmts = append(stmts, `DELETE FROM document_originals`)
	}
	stmts = append(stmts, `DELETE FROM originals WHERE sha256 NOT IN (SELECT sha256 FROM document_originals)`)
	if filter {
		// Keep the tags on kept passages, with their ancestors.
		stmts = append(stmts,
			`UPDATE tags SET deleted_at = 'x' WHERE deleted_at IS NULL AND id NOT IN (
				WITH RECURSIVE used(id) AS (
					SELECT DISTINCT tag_id FROM passage_tags
					UNION SELECT t.parent_id FROM tags t JOIN used ON t.id = used.id WHERE t.parent_id IS NOT NULL)
				SELECT id FROM used)`)
	}
	stmts = append(stmts,
		`UPDATE tags SET parent_id = NULL WHERE parent_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		// Findings go with their tag; a key quote under a deleted tag is
		// quoted under its first code instead.
		`DELETE FROM briefing_findings WHERE tag_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		`UPDATE briefing_quotes SET tag_id = NULL WHERE tag_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		// Auto-coding rules and decisions go with their tag.
		`DELETE FROM rules WHERE deleted_at IS NOT NULL OR tag_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM reconciliations WHERE tag_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM coder_holdings WHERE kind = 'tag' AND item_id IN (SELECT id FROM tags WHERE deleted_at IS NOT NULL)`,
		`DELETE FROM tags WHERE deleted_at IS NOT NULL`,
		`DELETE FROM authors WHERE id NOT IN (
			SELECT author_id FROM documents UNION SELECT author_id FROM tags UNION SELECT author_id FROM passages
			UNION SELECT author_id FROM passage_tags UNION SELECT author_id FROM notes UNION SELECT author_id FROM rules
			UNION SELECT memo_author_id FROM tags WHERE memo_author_id IS NOT NULL UNION SELECT memo_author_id FROM documents WHERE memo_author_id IS NOT NULL
			UNION SELECT author_id FROM journal
			UNION SELECT author_id FROM attributes UNION SELECT author_id FROM document_attributes
			UNION SELECT author_id FROM reconciliations UNION SELECT coder_a FROM reconciliations UNION SELECT coder_b FROM reconciliations
			UNION SELECT author_id FROM coder_holdings UNION SELECT author_id FROM document_originals UNION SELECT author_id FROM briefings
			UNION SELECT author_id FROM briefing_findings UNION SELECT author_id FROM briefing_quotes)`,
		`DROP TABLE temp.keep_authors`,
		// Counts of purged tags and documents (see 004_analysis.sql).
		`DELETE FROM tag_document_counts WHERE n <= 0
			OR tag_id NOT IN (SELECT id FROM tags) OR document_id NOT IN (SELECT id FROM documents)`,
		// FTS5 keeps deleted rows' terms in its segments until they are
		// merged: rebuild the index from the rows that remain.
		`INSERT INTO search (search) VALUES ('rebuild')`,
		`INSERT INTO memo_search (memo_search) VALUES ('rebuild')`,
	)
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return nil, fmt.Errorf("purge: %w", err)
		}
	}
	// Orphan records: drop dismissed ones and, when filtering, others' work.
	rows, err := tx.QueryContext(ctx, `SELECT key, value FROM meta WHERE key LIKE 'orphan/%'`)
	if err != nil {
		return nil, err
	}
	var drop []string
	keep := map[string]bool{}
	for _, a := range authors {
		keep[a] = true
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, err
		}
		var o Orphan
		if json.Unmarshal([]byte(v), &o) != nil || o.DeletedAt != "" || filter && !keep[o.Author] {
			drop = append(drop, k)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, k); err != nil {
			return nil, err
		}
	}
	rep := &CopyReport{}
	for _, c := range []struct {
		n     *int
		table string
	}{{&rep.Documents, "documents"}, {&rep.Tags, "tags"}, {&rep.Passages, "passages"}, {&rep.Notes, "notes"}, {&rep.Originals, "originals"},
		{&rep.Briefings, "briefings"}} {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+c.table).Scan(c.n); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// SaveAs writes the whole project as it is now, every change and every
// deleted row kept, to the new file out, which is then a project of its
// own: "save my version elsewhere". It is an error if out exists. Like
// SaveCopy, it writes a temporary file beside out and renames it into
// place, so that a failure leaves nothing half-written.
func (db *DB) SaveAs(ctx context.Context, out string) error {
	if _, err := os.Lstat(out); err == nil {
		return annotate.Errorf(annotate.ECONFLICT, "%s: file already exists", out)
	}
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return notWritten(out, unwrapPathError(err))
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // VACUUM INTO wants to create the file itself
	if err := db.vacuumInto(ctx, tmp); err != nil {
		return notWritten(out, err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return notWritten(out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %w", out, unwrapPathError(err))
	}
	return nil
}
