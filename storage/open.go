package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// MaxValueBytes bounds every string or blob SQLite will read or write on a
// Gloss connection (sqlite3_limit SQLITE_LIMIT_LENGTH): a document of
// annotate.MaxDocumentBytes with room for its row, and not the 1 GB SQLite
// allows, so a hostile file cannot make Gloss allocate without bound.
const MaxValueBytes = 64 << 20

// sqliteHeader is the first 16 bytes of every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// Inspect checks that the file at path is a sound Gloss project this Gloss
// can open, without changing it, and returns its schema version. It is the
// gate for every file that may come from someone else, and it holds the
// file to every rule Check does (see examine), refusing with the first
// problem Check would list: the SQLite header is read first, then, reading
// only, the application id, the schema version, the schema (which must
// hold exactly the tables, indexes, views and triggers Gloss's migrations
// create at that version), PRAGMA quick_check (pages, records, NOT NULL,
// the full-text index), every row's CHECK constraints and value sizes, and
// the rules of the format (docs/FORMAT.md, "What a sound file is"). The
// error names what is wrong but not the file; Open adds the file name.
func Inspect(path string) (version int, err error) {
	return inspect(path, false)
}

// inspect is Inspect; with trustOwn, a file this machine wrote last and
// that is unchanged since (see trusted) skips the checks that read the
// whole file. The header, identity, version and schema are always checked.
func inspect(path string, trustOwn bool) (version int, err error) {
	version, problems, err := examine(context.Background(), path, trustOwn, nil)
	if err != nil {
		return version, err
	}
	if len(problems) > 0 {
		return version, refusal(problems)
	}
	return version, nil
}

// refusal is the error of a file with problems: the first, in the words
// Check uses, and how many more there are.
func refusal(problems []string) error {
	if len(problems) == 1 {
		return errors.New(problems[0])
	}
	return fmt.Errorf("%s (and %d more: gloss check lists them)", problems[0], len(problems)-1)
}

// checkHeader reads the 100-byte SQLite header itself, so that a file that
// is not a database is refused before SQLite parses anything of it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return unwrapPathError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return unwrapPathError(err)
	}
	if info.IsDir() {
		return errors.New("is a folder, not a Gloss project")
	}
	if info.Size() == 0 {
		return errors.New("not a Gloss project (the file is empty)")
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if !bytes.HasPrefix(h[:n], []byte(sqliteHeader)) {
		return errors.New("not a Gloss project (not an SQLite database)")
	}
	if err != nil {
		return errors.New("the file is damaged (truncated inside its header)")
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return errors.New("the file is damaged (invalid page size in its header)")
	}
	if info.Size()%pageSize != 0 {
		return fmt.Errorf("the file is damaged or truncated (%d bytes is not a whole number of %d-byte pages)", info.Size(), pageSize)
	}
	// The page count in the header is valid when the change counter matches
	// the version-valid-for number. A WAL may hold pages beyond the file, so
	// only a file without one must be as long as its header says.
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	if binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) && pages > 0 && !exists(path+"-wal") {
		if info.Size() < pages*pageSize {
			return fmt.Errorf("the file is truncated (%d bytes of %d)", info.Size(), pages*pageSize)
		}
	}
	return nil
}

// readParams returns the URI parameters for reading the file at path
// while other programs may be writing it, without writing it and without
// leaving anything beside it:
//
//   - A file in rollback-journal mode (a copy made to send) or one whose
//     write-ahead log holds pages is read read-only, with SQLite's locks;
//     the log is read, never folded into the file.
//   - A file in WAL mode without such a log (none, or an empty one) is read
//     on a read-write connection that writes nothing (query_only): SQLite
//     then removes the log and shared-memory index when the last connection
//     closes, which it cannot do on a read-only one.
//   - Where no log can be created (a read-only folder), nobody can write the
//     file, and it is read as immutable, without locks.
//   - A read-only file in a writable folder is read read-only; SQLite leaves
//     an empty log beside it.
func readParams(path string) string {
	switch {
	case !walHeader(path) || hasLog(path):
		return "mode=ro"
	case !canWrite(filepath.Dir(path)):
		return "mode=ro&immutable=1"
	case !canWrite(path):
		return "mode=ro"
	}
	return "mode=rw&_query_only=true"
}

// walHeader reports whether the file's header marks it as in WAL mode.
func walHeader(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [20]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false
	}
	return h[18] == 2 || h[19] == 2
}

// openReading opens one connection for reading the file at path (see
// readParams).
func openReading(path string) (*roConn, error) {
	return openReadingWith(path, readParams(path))
}

// openReadingWith is openReading with the parameters chosen: the
// connections of one check share them, the first one's log making no
// difference to the others'.
func openReadingWith(path, params string) (*roConn, error) {
	sdb, err := sql.Open(driverName, "file:"+escapePath(path)+"?"+params+"&_busy_timeout=10000")
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(1)
	conn, err := sdb.Conn(context.Background())
	if err != nil {
		sdb.Close()
		return nil, describeSQLiteError(err)
	}
	return &roConn{Conn: conn, db: sdb}, nil
}

// vacuumInto writes a compact copy of the database conn reads to the new
// file out. A connection that writes nothing (query_only) may write the
// copy, which is not the file it reads.
func vacuumInto(ctx context.Context, conn *sql.Conn, out string) error {
	var queryOnly bool
	if err := conn.QueryRowContext(ctx, "PRAGMA query_only").Scan(&queryOnly); err != nil {
		return err
	}
	if queryOnly {
		if _, err := conn.ExecContext(ctx, "PRAGMA query_only = OFF"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "PRAGMA query_only = ON")
	}
	_, err := conn.ExecContext(ctx, "VACUUM INTO ?", out)
	return err
}

// roConn closes its database with its connection.
type roConn struct {
	*sql.Conn
	db *sql.DB
}

func (c *roConn) Close() error {
	c.Conn.Close()
	return c.db.Close()
}

// quickCheck runs PRAGMA quick_check: O(N) over the file, catching damaged
// pages, malformed records, NOT NULL violations and a damaged full-text
// index. (On a read-only connection SQLite does not load CHECK
// constraints, so quick_check skips them: checkRows does that part.) It
// returns the problem found, "" for none.
func quickCheck(ctx context.Context, q querier) string {
	rows, err := q.QueryContext(ctx, "PRAGMA quick_check(20)")
	if err != nil {
		return checkFailed(err).Error()
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return checkFailed(err).Error()
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return checkFailed(err).Error()
	}
	if len(problems) > 0 {
		more := ""
		if len(problems) > 3 {
			more = fmt.Sprintf(" (and %d more)", len(problems)-3)
			problems = problems[:3]
		}
		return fmt.Sprintf("the file is damaged or was altered outside Gloss: %s%s", strings.Join(problems, "; "), more)
	}
	return ""
}

func checkFailed(err error) error {
	if strings.Contains(err.Error(), "too big") {
		return fmt.Errorf("the file holds a value larger than %d MB, which Gloss never writes", MaxValueBytes>>20)
	}
	return fmt.Errorf("the file is damaged: %w", describeSQLiteError(err))
}

// schemaObject is one row of sqlite_schema.
type schemaObject struct {
	typ, name, table, sql string
}

func (o schemaObject) String() string { return fmt.Sprintf("%s %q", o.typ, o.name) }

// sqliteOwn are the objects SQLite itself may add to any database (ANALYZE's
// statistics, consulted only by the query planner), exactly as it makes
// them. Anything else under such a name (a trigger, a view) is not SQLite's.
var sqliteOwn = map[string]schemaObject{
	"table\x00sqlite_stat1": {"table", "sqlite_stat1", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"},
	"table\x00sqlite_stat4": {"table", "sqlite_stat4", "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"},
}

// readSchema returns the rows of sqlite_schema by type and name, leaving
// out SQLite's own objects made exactly as SQLite makes them; a name given
// twice is reported in dup.
func readSchema(ctx context.Context, q querier) (objs map[string]schemaObject, dup []string, err error) {
	rows, err := q.QueryContext(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema")
	if err != nil {
		return nil, nil, describeSQLiteError(err)
	}
	defer rows.Close()
	objs = map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, nil, err
		}
		k := o.typ + "\x00" + o.name
		if own, ok := sqliteOwn[k]; ok && own == o {
			continue
		}
		if _, ok := objs[k]; ok {
			dup = append(dup, o.String())
		}
		objs[k] = o
	}
	return objs, dup, rows.Err()
}

// checkSchema compares the file's schema with the one Gloss's migrations
// build at the same version: any object added (a trigger, a view that calls
// functions), removed or altered is refused, naming it. It returns the
// problem found, "" for none.
func checkSchema(ctx context.Context, q querier, version int) (string, error) {
	want, err := referenceSchema(version)
	if err != nil {
		return "", fmt.Errorf("build reference schema: %w", err)
	}
	got, dup, err := readSchema(ctx, q)
	if err != nil {
		return checkFailed(err).Error(), nil
	}
	var extra, missing, changed []string
	for k, o := range got {
		w, ok := want[k]
		switch {
		case !ok:
			extra = append(extra, o.String())
		case w.sql != o.sql || w.table != o.table:
			changed = append(changed, o.String())
		}
	}
	for k, o := range want {
		if _, ok := got[k]; !ok {
			missing = append(missing, o.String())
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	sort.Strings(changed)
	sort.Strings(dup)
	var parts []string
	if len(extra) > 0 {
		parts = append(parts, "it holds "+strings.Join(extra, ", ")+" that Gloss does not create")
	}
	if len(changed) > 0 {
		parts = append(parts, "its "+strings.Join(changed, ", ")+" differ from Gloss's definition")
	}
	if len(dup) > 0 {
		parts = append(parts, "it defines "+strings.Join(dup, ", ")+" twice")
	}
	if len(missing) > 0 {
		parts = append(parts, "it lacks "+strings.Join(missing, ", "))
	}
	if len(parts) > 0 {
		return fmt.Sprintf("refused: the file was altered outside Gloss (schema version %d): %s", version, strings.Join(parts, "; ")), nil
	}
	return "", nil
}

var (
	referenceMu      sync.Mutex
	referenceSchemas = map[int]map[string]schemaObject{}
)

// referenceSchema returns the schema Gloss's migrations 1..version create,
// built once per process in a database in memory: nothing of it is written
// to disk (a scratch file, synced at every migration as a project is, took
// a tenth of a second, the first thing every full check waits for).
func referenceSchema(version int) (map[string]schemaObject, error) {
	referenceMu.Lock()
	defer referenceMu.Unlock()
	if s, ok := referenceSchemas[version]; ok {
		return s, nil
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	// A database in memory is the connection's own: every step runs on
	// the one connection.
	scratch, err := sql.Open(driverName, "file:reference-schema?mode=memory")
	if err != nil {
		return nil, err
	}
	defer scratch.Close()
	ctx := context.Background()
	conn, err := scratch.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	now := formatTime(time.Now())
	for _, m := range ms[:version] {
		if err := applyOn(ctx, conn, m, now); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	s, _, err := readSchema(ctx, conn)
	if err != nil {
		return nil, err
	}
	referenceSchemas[version] = s
	return s, nil
}

// applyOn runs migration m in a transaction of its own on conn, with
// foreign keys off if it rebuilds tables, as a project's apply does.
func applyOn(ctx context.Context, conn *sql.Conn, m migration, now string) error {
	if m.rebuilds() {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := m.run(ctx, tx, now); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// backupBeforeUpgrade writes a compact copy of the project at path, as it
// is at schema version, next to it before an upgrade touches it:
// name.gloss.bak-v1 (or .bak-v1-2, ... when that exists). It returns the
// backup's name.
func backupBeforeUpgrade(path string, version int) (string, error) {
	base := fmt.Sprintf("%s.bak-v%d", path, version)
	name := base
	for i := 2; exists(name); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	conn, err := openReading(path)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if err := vacuumInto(context.Background(), conn.Conn, name); err != nil {
		os.Remove(name)
		if diskFull(err) {
			return "", fmt.Errorf("back up before upgrading: %w", notWritten(name, err))
		}
		return "", fmt.Errorf("back up before upgrading to %s: %w", name, describeSQLiteError(err))
	}
	return name, nil
}

// Backup returns the name of the copy Open wrote before upgrading the
// project's schema, or "" when it needed no upgrade.
func (db *DB) Backup() string { return db.backup }

// checkExprs returns the expressions of the CHECK constraints in a CREATE
// TABLE statement, skipping string literals, quoted names and comments.
func checkExprs(create string) []string {
	var out []string
	s := create
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '"' || c == '`':
			if j := strings.IndexByte(s[i+1:], c); j >= 0 {
				i += j + 1
			}
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(s)
			}
		case (c == 'C' || c == 'c') && strings.EqualFold(safeSlice(s, i, i+5), "check") && (i == 0 || !isWordByte(s[i-1])) && !isWordByte(byteAt(s, i+5)):
			j := i + 5
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
				j++
			}
			if j >= len(s) || s[j] != '(' {
				continue
			}
			if end := closingParen(s, j); end > j {
				out = append(out, s[j+1:end])
				i = end
			}
		}
	}
	return out
}

// closingParen returns the index of the parenthesis closing the one at open.
func closingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			if j := strings.IndexByte(s[i+1:], c); j >= 0 {
				i += j + 1
			}
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func safeSlice(s string, i, j int) string {
	if j > len(s) {
		return ""
	}
	return s[i:j]
}

func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return ' '
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
