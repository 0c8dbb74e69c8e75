package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"sort"
	"strings"
	"time"

	"gloss/annotate"
)

func init() {
	// Tests see every file as untrusted unless they turn the registry on.
	os.Setenv("GLOSS_TRUST_FILE", "off")
}

// ReadDSN returns the driver and data source name of DB's read
// connections to the project at path, for the raw baselines of benchmarks:
// the same settings and pragmas (a 256 MiB page cache among them).
func ReadDSN(path string) (driver, dsn string) {
	return driverName, "file:" + escapePath(path) + "?" + readConnParams + noMutex
}

// MergeWithFault is Merge with fault called after each step; a non-nil
// error from it aborts the merge.
func MergeWithFault(db *DB, path string, fault func(step string) error) (*MergeReport, error) {
	return db.merge(context.Background(), path, fault)
}

// MergeUnchecked is Merge without the check of the colleague's file, which
// must be at this schema version and pass it: for timing the merge's
// transaction alone.
func MergeUnchecked(db *DB, path string) (*MergeReport, error) {
	inspectTheirs = func(string) (int, error) { return SchemaVersion(), nil }
	defer func() { inspectTheirs = Inspect }()
	return db.Merge(context.Background(), path)
}

// InsertSelect copies into the project at path, in one transaction, the
// passages of the project at theirs that it lacks, with their tags and
// notes, by one INSERT ... SELECT a table from theirs attached, the
// triggers firing, author ids mapped by name: the floor of the merge
// benchmark. It checks nothing and merges nothing.
func InsertSelect(path, theirs string) error {
	ctx := context.Background()
	sdb, err := sql.Open(driverName, "file:"+escapePath(path))
	if err != nil {
		return err
	}
	defer sdb.Close()
	sdb.SetMaxOpenConns(1)
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS theirs`, "file:"+escapePath(theirs)+"?mode=ro"); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{
		`INSERT INTO authors (name, created_at) SELECT name, created_at FROM theirs.authors WHERE name NOT IN (SELECT name FROM main.authors)`,
		`CREATE TEMP TABLE author_map (theirs INTEGER PRIMARY KEY, ours INTEGER NOT NULL)`,
		`INSERT INTO temp.author_map SELECT t.id, a.id FROM theirs.authors t JOIN main.authors a ON a.name = t.name`,
		`INSERT INTO main.passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, provenance, author_id, created_at, updated_at, deleted_at)
			SELECT t.id, t.document_id, t.start_offset, t.end_offset, t.quote, t.prefix, t.suffix, t.provenance,
				(SELECT ours FROM temp.author_map WHERE theirs = t.author_id), t.created_at, t.updated_at, t.deleted_at
			FROM theirs.passages t WHERE t.id NOT IN (SELECT id FROM main.passages)`,
		`INSERT INTO main.passage_tags (passage_id, tag_id, author_id, created_at, updated_at, deleted_at)
			SELECT t.passage_id, t.tag_id, (SELECT ours FROM temp.author_map WHERE theirs = t.author_id), t.created_at, t.updated_at, t.deleted_at
			FROM theirs.passage_tags t WHERE NOT EXISTS (SELECT 1 FROM main.passage_tags o WHERE o.passage_id = t.passage_id AND o.tag_id = t.tag_id)`,
		`INSERT INTO main.notes (id, passage_id, body, author_id, created_at, updated_at, deleted_at)
			SELECT t.id, t.passage_id, t.body, (SELECT ours FROM temp.author_map WHERE theirs = t.author_id), t.created_at, t.updated_at, t.deleted_at
			FROM theirs.notes t WHERE t.passage_id NOT IN (SELECT passage_id FROM main.notes)`,
		`DROP TABLE temp.author_map`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", annotate.Ellipsize(q, 60), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `DETACH DATABASE theirs`)
	return err
}

// OpenUnchecked opens a project the way Open did before files were
// inspected: the baseline of the opening benchmark.
func OpenUnchecked(path string) (*DB, error) {
	db, err := open(path, nil, "")
	if err != nil {
		return nil, err
	}
	if err := db.migrate(context.Background(), false); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

var bulkWords = strings.Fields(`president biden met with russian president vladimir putin in geneva on wednesday
	the ambassadors would return to their posts cyber red lines critical infrastructure human rights navalny
	sullivan lavrov blinken antonov strategic stability talks ransomware hackers pipeline constructive hostility
	summit villa la grange lake leman press conference arms control new start extradition prisoners`)

// Bulk fills db, in one transaction, with docs documents of about words
// words each, tags tags and passages passages spread over the live
// documents (one or two tags each, a note on one in five), all by author
// at times from t0. It is fast because it writes the rows directly.
func Bulk(db *DB, seed int64, docs, words, tags, passages int, author string, t0 time.Time) error {
	ctx := context.Background()
	r := rand.New(rand.NewSource(seed))
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ts := func(i int) string { return formatTime(t0.Add(time.Duration(i) * time.Microsecond)) }
	aid, err := authorID(ctx, tx, author, ts(0))
	if err != nil {
		return err
	}
	for i := 0; i < docs; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "Article %d from seed %d.\n", i, seed)
		for w := 0; w < words; w++ {
			b.WriteString(bulkWords[r.Intn(len(bulkWords))])
			if w%15 == 14 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		text := b.String()
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (id, title, sha256, length, author_id, created_at, updated_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			annotate.NewID(), fmt.Sprintf("Article %d", i), annotate.HashText(text), len([]rune(text)), aid, ts(i), ts(i), text); err != nil {
			return err
		}
	}
	for i := 0; i < tags; i++ {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tags (id, name, color, sort_order, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			annotate.NewID(), fmt.Sprintf("%s code %d", author, i), annotate.Palette[i%len(annotate.Palette)], i, aid, ts(i), ts(i)); err != nil {
			return err
		}
	}
	docIDs, err := column(ctx, tx, `SELECT id FROM documents WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	tagIDs, err := column(ctx, tx, `SELECT id FROM tags WHERE deleted_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	if passages > 0 && (len(docIDs) == 0 || len(tagIDs) == 0) {
		return fmt.Errorf("bulk: no documents or tags to highlight with")
	}
	texts := map[string]*annotate.Text{}
	insP, err := tx.PrepareContext(ctx, `INSERT INTO passages (id, document_id, start_offset, end_offset, quote, prefix, suffix, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insP.Close()
	insT, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insT.Close()
	insN, err := tx.PrepareContext(ctx, `INSERT INTO notes (id, passage_id, body, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insN.Close()
	for i := 0; i < passages; i++ {
		doc := docIDs[r.Intn(len(docIDs))]
		t, ok := texts[doc]
		if !ok {
			var s string
			if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, doc).Scan(&s); err != nil {
				return err
			}
			t = annotate.NewText(s)
			texts[doc] = t
		}
		start := r.Intn(t.Len() - 1)
		end := start + 1 + r.Intn(min(120, t.Len()-start-1)+1)
		if end > t.Len() {
			end = t.Len()
		}
		sel := annotate.Describe(t, start, end)
		id := annotate.NewID()
		now := ts(docs + tags + i)
		if _, err := insP.ExecContext(ctx, id, doc, start, end, sel.Exact, sel.Prefix, sel.Suffix, aid, now, now); err != nil {
			return err
		}
		for k := 0; k <= r.Intn(2); k++ {
			if _, err := insT.ExecContext(ctx, id, tagIDs[r.Intn(len(tagIDs))], aid, now, now); err != nil {
				return err
			}
		}
		if r.Intn(5) == 0 {
			if _, err := insN.ExecContext(ctx, annotate.NewID(), id, fmt.Sprintf("Note %d by %s", i, author), aid, now, now); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// Revise edits the passages a file has so far as author at time at: every
// tenth note rewritten, every twentieth passage deleted.
func Revise(db *DB, author string, at time.Time) error {
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := formatTime(at)
	aid, err := authorID(ctx, tx, author, now)
	if err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE notes SET body = body || ' (revised by ' || ?3 || ')', author_id = ?2, updated_at = ?1 WHERE rowid % 10 = 0`,
		// Every twentieth passage in the order they were made (passages
		// has no rowid).
		`UPDATE passages SET deleted_at = ?1, updated_at = ?1 WHERE id IN (
			SELECT id FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM passages) WHERE n % 20 = 0)`,
	} {
		if _, err := tx.ExecContext(ctx, q, now, aid, author); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Forget physically removes a share of the passages (as if this file had
// never had them), every keep-th kept, sorted by id.
func Forget(db *DB, keep int) error {
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ids, err := column(ctx, tx, `SELECT id FROM passages ORDER BY id`)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if i%keep == 0 {
			continue
		}
		for _, q := range []string{`DELETE FROM notes WHERE passage_id = ?`, `DELETE FROM passage_tags WHERE passage_id = ?`, `DELETE FROM passages WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// Rows dumps every row of the project, tombstones included, in a stable
// order: the complete state, for tests that a failed merge changed nothing.
func Rows(db *DB) (string, error) {
	ctx := context.Background()
	var out []string
	for _, q := range []string{
		`SELECT 'author', name FROM authors`,
		`SELECT 'doc', id, title, sha256, author_id, updated_at, coalesce(deleted_at, ''), memo, coalesce(memo_updated_at, '') FROM documents`,
		`SELECT 'tag', id, name, color, description, coalesce(parent_id, ''), sort_order, codable, author_id, updated_at, coalesce(deleted_at, '') FROM tags`,
		`SELECT 'passage', id, document_id, start_offset, end_offset, quote, author_id, updated_at, coalesce(deleted_at, '') FROM passages`,
		`SELECT 'pt', passage_id, tag_id, author_id, updated_at, coalesce(deleted_at, '') FROM passage_tags`,
		`SELECT 'note', id, passage_id, body, author_id, updated_at, coalesce(deleted_at, '') FROM notes`,
		`SELECT 'meta', key, value FROM meta`,
	} {
		rows, err := db.db.QueryContext(ctx, q)
		if err != nil {
			return "", err
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			out = append(out, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	sort.Strings(out)
	return strings.Join(out, "\n"), nil
}

func column(ctx context.Context, q querier, query string) ([]string, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Downgrade rewrites the project at path as Gloss's migrations 1..version
// make it, with the rows of its base tables copied across (the columns that
// schema has); indexes, triggers and derived tables are rebuilt by the
// migrations and triggers themselves. Tests use it to make files of older
// schema versions holding real work.
func Downgrade(path string, version int) error {
	ctx := context.Background()
	tmp := path + ".downgrade"
	removeProject(tmp)
	defer removeProject(tmp)
	ms, err := migrations()
	if err != nil {
		return err
	}
	// A plain connection of the driver, foreign keys off: the rows are
	// copied as they are.
	raw, err := sql.Open("sqlite3", "file:"+escapePath(tmp)+"?_foreign_keys=0")
	if err != nil {
		return err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	steps := []string{}
	for _, m := range ms[:version] {
		steps = append(steps, m.sql)
	}
	steps = append(steps, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID), fmt.Sprintf("PRAGMA user_version = %d", version),
		"ATTACH DATABASE '"+strings.ReplaceAll(path, "'", "''")+"' AS src")
	for _, s := range steps {
		if _, err := raw.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", annotate.Ellipsize(s, 60), err)
		}
	}
	for _, table := range []string{"meta", "authors", "documents", "tags", "passages", "passage_tags", "notes", "rules"} {
		cols, err := column(ctx, raw, fmt.Sprintf(`SELECT name FROM pragma_table_info('%s', 'main') WHERE name IN (SELECT name FROM pragma_table_info('%s', 'src'))`, table, table))
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			continue
		}
		for i, c := range cols {
			cols[i] = `"` + c + `"`
		}
		list := strings.Join(cols, ", ")
		if _, err := raw.ExecContext(ctx, fmt.Sprintf(`INSERT OR REPLACE INTO main.%s (%s) SELECT %s FROM src.%s`, table, list, list, table)); err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
	}
	if _, err := raw.ExecContext(ctx, "DETACH DATABASE src"); err != nil {
		return err
	}
	if err := raw.Close(); err != nil {
		return err
	}
	removeProject(path)
	return os.Rename(tmp, path)
}

// OpenOrCreate opens path, creating the project when the file does not exist.
func OpenOrCreate(path string) (db *DB, created bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		db, err := Create(path)
		return db, err == nil, err
	}
	db, err = Open(path)
	return db, false, err
}

// MergeTags is MergeTagsRecorded without the record, for the tests that do
// not undo.
func (db *DB) MergeTags(ctx context.Context, from, into string) error {
	_, err := db.MergeTagsRecorded(ctx, from, into)
	return err
}

// CheckSearchIndex reports whether the full-text index agrees with the
// documents and notes, word for word (FTS5's integrity check, which takes
// the write lock); nil means it does.
func (db *DB) CheckSearchIndex(ctx context.Context) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('integrity-check', 1)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("search index: %w", describeSQLiteError(err))
	}
	return nil
}

// RebuildAnalysisCounts recomputes the maintained counts, the spans code
// queries read (tag_spans) and the memo search index from the passages and
// memos,
// e.g. after opening a file whose counts cannot be trusted.
func (db *DB) RebuildAnalysisCounts(ctx context.Context) error {
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM tag_document_counts`,
			`INSERT INTO tag_document_counts (tag_id, document_id, n)
				SELECT pt.tag_id, p.document_id, count(*) FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
				WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL GROUP BY pt.tag_id, p.document_id`,
			`DELETE FROM tag_spans`,
			`INSERT INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
				SELECT pt.tag_id, p.document_id, p.start_offset, p.end_offset, p.id, p.author_id
				FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
				WHERE pt.deleted_at IS NULL AND p.deleted_at IS NULL`,
			`DELETE FROM memo_search`,
			`DELETE FROM memo_search_keys`,
			`INSERT INTO memo_search_keys (kind, target_id) SELECT 'document', id FROM documents WHERE memo != '' ORDER BY id`,
			`INSERT INTO memo_search_keys (kind, target_id) SELECT 'code', id FROM tags WHERE memo != '' ORDER BY id`,
			`INSERT INTO memo_search_keys (kind, target_id) SELECT 'journal', id FROM journal ORDER BY id`,
			`INSERT INTO memo_search (rowid, subject, body) SELECT k.id, d.title, d.memo FROM memo_search_keys k JOIN documents d ON d.id = k.target_id WHERE k.kind = 'document'`,
			`INSERT INTO memo_search (rowid, subject, body) SELECT k.id, t.name, t.memo FROM memo_search_keys k JOIN tags t ON t.id = k.target_id WHERE k.kind = 'code'`,
			`INSERT INTO memo_search (rowid, subject, body) SELECT k.id, j.title, j.body FROM memo_search_keys k JOIN journal j ON j.id = k.target_id WHERE k.kind = 'journal'`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild analysis counts: %w", err)
	}
	return nil
}

// DropTextIndex forgets the text filter's index, as a change to the
// project does: the next text filter reads it anew.
func DropTextIndex(db *DB) {
	db.mu.Lock()
	db.textIndex = nil
	db.mu.Unlock()
}
