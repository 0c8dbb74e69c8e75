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
// gate for every file that may come from someone else: the SQLite header is
// read first, then, on a read-only connection, the application id, the
// schema version, the schema (which must hold exactly the tables, indexes,
// views and triggers Gloss's migrations create at that version), PRAGMA
// quick_check (pages, records, NOT NULL) and every row's CHECK constraints
// and value sizes, so over-long text is caught. The error names what is wrong but not the file; Open
// adds the file name.
func Inspect(path string) (version int, err error) {
	return inspect(path, false)
}

// inspect is Inspect; with trustOwn, a file this machine wrote last and
// that is unchanged since (see trusted) skips the checks that read the
// whole file. The header, identity, version and schema are always checked.
func inspect(path string, trustOwn bool) (version int, err error) {
	if err := checkHeader(path); err != nil {
		return 0, err
	}
	conn, err := openReadOnly(path)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	ctx := context.Background()
	var appID int
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, describeSQLiteError(err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, describeSQLiteError(err)
	}
	if appID != ApplicationID {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return 0, describeSQLiteError(err)
		}
		if appID == 0 && n == 0 {
			return 0, errors.New("not a Gloss project (an empty SQLite database)")
		}
		return 0, errors.New("not a Gloss project (an SQLite database of another application)")
	}
	if latest := SchemaVersion(); version > latest {
		return version, fmt.Errorf("made by a newer version of Gloss (schema version %d; this Gloss reads up to %d): update Gloss to open it", version, latest)
	} else if version < 1 {
		return version, fmt.Errorf("not a Gloss project (schema version %d)", version)
	}
	if err := checkSchema(ctx, conn.Conn, version); err != nil {
		return version, err
	}
	if trustOwn && trusted(path) {
		return version, nil
	}
	// The two full scans run side by side, on two read-only connections.
	rowsErr := make(chan error, 1)
	go func() {
		c, err := openReadOnly(path)
		if err != nil {
			rowsErr <- err
			return
		}
		defer c.Close()
		err = checkRows(ctx, c.Conn, version, path)
		if err == nil {
			err = checkOriginals(ctx, c.Conn, version)
		}
		rowsErr <- err
	}()
	qerr := quickCheck(ctx, conn.Conn)
	rerr := <-rowsErr
	if qerr != nil {
		return version, qerr
	}
	return version, rerr
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

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openReadOnly opens one read-only connection for inspection. A file with
// no write-ahead log is opened immutable: SQLite then takes no locks and
// creates no -shm file next to it. A file with a log (a project left open
// or not checkpointed) is opened read-only so that the log is read too.
func openReadOnly(path string) (*roConn, error) {
	params := "?mode=ro&immutable=1"
	if exists(path + "-wal") {
		params = "?mode=ro"
	}
	sdb, err := sql.Open(driverName, "file:"+escapePath(path)+params)
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
// pages, malformed records and NOT NULL violations. (On a read-only
// connection SQLite does not load CHECK constraints, so quick_check skips
// them: checkConstraints does that part.)
func quickCheck(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA quick_check(20)")
	if err != nil {
		return checkFailed(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return checkFailed(err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return checkFailed(err)
	}
	if len(problems) > 0 {
		more := ""
		if len(problems) > 3 {
			more = fmt.Sprintf(" (and %d more)", len(problems)-3)
			problems = problems[:3]
		}
		return fmt.Errorf("the file is damaged or was altered outside Gloss: %s%s", strings.Join(problems, "; "), more)
	}
	return nil
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

// ignoredSchema are objects SQLite itself may add to any database (ANALYZE's
// statistics, consulted only by the query planner).
var ignoredSchema = map[string]bool{"sqlite_stat1": true, "sqlite_stat4": true}

func readSchema(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]schemaObject, error) {
	rows, err := q.QueryContext(ctx, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema")
	if err != nil {
		return nil, describeSQLiteError(err)
	}
	defer rows.Close()
	objs := map[string]schemaObject{}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		if !ignoredSchema[o.name] {
			objs[o.typ+"\x00"+o.name] = o
		}
	}
	return objs, rows.Err()
}

// checkSchema compares the file's schema with the one Gloss's migrations
// build at the same version: any object added (a trigger, a view that calls
// functions), removed or altered is refused, naming it.
func checkSchema(ctx context.Context, conn *sql.Conn, version int) error {
	want, err := referenceSchema(version)
	if err != nil {
		return fmt.Errorf("build reference schema: %w", err)
	}
	got, err := readSchema(ctx, conn)
	if err != nil {
		return checkFailed(err)
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
	var parts []string
	if len(extra) > 0 {
		parts = append(parts, "it holds "+strings.Join(extra, ", ")+" that Gloss does not create")
	}
	if len(changed) > 0 {
		parts = append(parts, "its "+strings.Join(changed, ", ")+" differ from Gloss's definition")
	}
	if len(missing) > 0 {
		parts = append(parts, "it lacks "+strings.Join(missing, ", "))
	}
	if len(parts) > 0 {
		return fmt.Errorf("refused: the file was altered outside Gloss (schema version %d): %s", version, strings.Join(parts, "; "))
	}
	return nil
}

var (
	referenceMu      sync.Mutex
	referenceSchemas = map[int]map[string]schemaObject{}
)

// referenceSchema returns the schema Gloss's migrations 1..version create,
// built once per process in a scratch database in a temporary folder.
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
	dir, err := os.MkdirTemp("", "gloss-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := open(filepath.Join(dir, "reference.gloss"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	for _, m := range ms[:version] {
		if err := db.apply(ctx, m); err != nil {
			return nil, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	s, err := readSchema(ctx, db.db)
	if err != nil {
		return nil, err
	}
	referenceSchemas[version] = s
	return s, nil
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
	conn, err := openReadOnly(path)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "VACUUM INTO ?", name); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("back up before upgrading to %s: %w", name, describeSQLiteError(err))
	}
	return name, nil
}

// Backup returns the name of the copy Open wrote before upgrading the
// project's schema, or "" when it needed no upgrade.
func (db *DB) Backup() string { return db.backup }

// checkRows verifies, in one scan of each table, the CHECK constraints
// (the length bounds of text columns, the shape of ids and colours), which
// a file written with PRAGMA ignore_check_constraints may break, and, in a
// file larger than MaxValueBytes (a smaller one cannot hold a larger
// value), that no text or blob is over that limit, read from the record
// headers with octet_length without loading the values. The schema has
// been compared with Gloss's already, so the constraints are Gloss's own,
// taken from the reference schema.
func checkRows(ctx context.Context, conn *sql.Conn, version int, path string) error {
	ref, err := referenceSchema(version)
	if err != nil {
		return err
	}
	var size int64
	for _, p := range []string{path, path + "-wal"} {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
	}
	var names []string
	for _, o := range ref {
		if o.typ == "table" && !strings.HasPrefix(o.name, "sqlite_") && !strings.HasPrefix(strings.ToUpper(o.sql), "CREATE VIRTUAL") {
			names = append(names, o.name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		var failing []string
		for _, c := range checkExprs(ref["table\x00"+name].sql) {
			failing = append(failing, "NOT coalesce(("+c+"), 1)")
		}
		sizes := []string{"0", "0"}
		if size > MaxValueBytes {
			cols, err := textColumns(ctx, conn, name)
			if err != nil {
				return checkFailed(err)
			}
			for _, c := range cols {
				sizes = append(sizes, `coalesce(octet_length("`+c+`"), 0)`)
			}
		}
		if len(failing) == 0 && len(sizes) == 2 {
			continue
		}
		if len(failing) == 0 {
			failing = []string{"0"}
		}
		var n, biggest sql.NullInt64
		q := `SELECT count(*) FILTER (WHERE ` + strings.Join(failing, " OR ") + `), max(max(` + strings.Join(sizes, ", ") + `)) FROM "` + name + `"`
		if err := conn.QueryRowContext(ctx, q).Scan(&n, &biggest); err != nil {
			return checkFailed(err)
		}
		if biggest.Int64 > MaxValueBytes {
			return checkFailed(errors.New("string or blob too big"))
		}
		if n.Int64 > 0 {
			return fmt.Errorf("the file was altered outside Gloss: %d row(s) of %s break its CHECK constraints (CHECK constraint failed in %s)", n.Int64, name, name)
		}
	}
	return nil
}

// textColumns lists the columns of a table that may hold text or blobs.
func textColumns(ctx context.Context, conn *sql.Conn, table string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) WHERE type LIKE '%TEXT%' OR type LIKE '%BLOB%' OR type = ''`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

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
