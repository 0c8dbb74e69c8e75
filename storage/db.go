// Package storage keeps a Gloss project in one SQLite file (a .gloss file)
// and implements the annotate services on it. The schema is created by the
// embedded migrations; every exported method runs in one transaction, so
// each change is durable when the call returns.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
)

// ApplicationID is the SQLite application_id of every .gloss file ("Glos").
const ApplicationID = 0x476c6f73

// timeFormat stores times as fixed-width UTC text, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

//go:embed migrations/*.sql
var migrationFS embed.FS

// driverName is the database/sql driver with Gloss's per-connection settings.
const driverName = "sqlite3_gloss"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// A project may come from a colleague: never run functions from its
			// schema with side effects, check cell sizes, don't map the file.
			for _, p := range []string{
				"PRAGMA trusted_schema = OFF",
				"PRAGMA cell_size_check = ON",
				"PRAGMA mmap_size = 0",
				"PRAGMA foreign_keys = ON",
				"PRAGMA busy_timeout = 5000",
				"PRAGMA cache_size = -262144", // up to 256 MiB of pages, so a large project stays in memory once read
			} {
				if _, err := c.Exec(p, nil); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
			}
			c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, MaxValueBytes)
			return nil
		},
	})
}

// DB is an open .gloss project.
type DB struct {
	db   *sql.DB
	rdb  *sql.DB // for read transactions; see read
	path string

	// Now returns the current time; tests replace it for stable timestamps.
	Now func() time.Time

	mu     sync.Mutex
	author string
	backup string          // the copy Open made before upgrading the schema
	held   map[string]bool // authors whose holdings this handle has recorded (see recordHoldings)
}

// migration is one embedded schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with its version", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: n, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the user_version this Gloss writes: the number of its migrations.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}

// Create makes a new, empty project at path. It is an error if the file exists.
func Create(path string) (*DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s: file already exists", path)
		}
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	f.Close()
	db, err := open(path)
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	if err := db.migrate(context.Background(), true); err != nil {
		db.Close()
		removeProject(path)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
}

// Open opens an existing project, upgrading its schema if it was written by
// an older Gloss. The file is treated as untrusted (it may come from a
// colleague): Inspect checks it on a read-only connection first, and a file
// that is not a sound Gloss project, or was written by a newer Gloss, is
// refused with a message that says so and is left untouched. Before an
// upgrade, a copy of the file as it was is written next to it (see Backup).
func Open(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	version, err := inspect(path, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var backup string
	if version < SchemaVersion() {
		if backup, err = backupBeforeUpgrade(path, version); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	db, err := open(path)
	if err != nil {
		return nil, err
	}
	db.backup = backup
	if err := db.migrate(context.Background(), false); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return db, nil
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

func open(path string) (*DB, error) {
	// No journal mode here: switching to WAL rewrites the file's header, so
	// migrate does it only once the file is known to be a Gloss project.
	dsn := "file:" + escapePath(path) + "?_synchronous=FULL&_txlock=immediate"
	sdb, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := sdb.Ping(); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("%s: %w", path, describeSQLiteError(err))
	}
	// Read transactions get their own pool: with _txlock=immediate they too
	// would take the write lock, and a listing would wait for (or fail
	// behind) a long write instead of reading the last commit.
	rdb, err := sql.Open(driverName, "file:"+escapePath(path)+"?_txlock=deferred&_query_only=true")
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &DB{db: sdb, rdb: rdb, path: path, Now: time.Now}, nil
}

// escapePath makes a file name safe inside a SQLite URI.
func escapePath(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(path)
}

// removeProject removes a project file with its WAL and shared-memory files.
func removeProject(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		os.Remove(p)
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// describeSQLiteError turns SQLite's errors about the file itself into
// sentences a researcher can act on.
func describeSQLiteError(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return errors.New("not a Gloss project (not an SQLite database)")
		case sqlite3.ErrCorrupt:
			return errors.New("the file is damaged (SQLite reports corruption)")
		case sqlite3.ErrCantOpen:
			return errors.New("cannot open the file")
		case sqlite3.ErrReadonly, sqlite3.ErrPerm:
			return errors.New("the file is read-only")
		}
	}
	return err
}

// migrate checks the file's identity and brings its schema up to date, each
// migration in its own transaction.
func (db *DB) migrate(ctx context.Context, fresh bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var appID, version int
	if err := db.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return describeSQLiteError(err)
	}
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return describeSQLiteError(err)
	}
	if !fresh {
		if appID != ApplicationID {
			if appID == 0 && version == 0 {
				var n int
				if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
					return describeSQLiteError(err)
				}
				if n > 0 {
					return errors.New("not a Gloss project (an SQLite database of another application)")
				}
				return errors.New("not a Gloss project (an empty SQLite database)")
			}
			return errors.New("not a Gloss project (an SQLite database of another application)")
		}
		if version > len(ms) {
			return fmt.Errorf("made by a newer version of Gloss (schema version %d; this Gloss reads up to %d): update Gloss to open it", version, len(ms))
		}
	}
	// WAL lets readers work while a write is under way. It is a property of
	// the file, set once and kept; older connections of the pool see it.
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return describeSQLiteError(err)
	} else if mode != "wal" {
		return fmt.Errorf("cannot use a write-ahead log (journal mode %s)", mode)
	}
	for _, m := range ms[version:] {
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("upgrade to schema %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, m migration) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return describeSQLiteError(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.version == 1 {
		now := db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('project_id', ?), ('created_at', ?)`, annotate.NewID(), now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close closes the project and records it as written by this machine (see
// trust.go), so reopening it unchanged skips the full checks.
func (db *DB) Close() error {
	err := errors.Join(db.rdb.Close(), db.db.Close())
	if err == nil && db.path != "" {
		trust(db.path)
	}
	return err
}

// Path returns the project's file name.
func (db *DB) Path() string { return db.path }

// SetAuthor sets the researcher's name stamped on every change made through db.
func (db *DB) SetAuthor(name string) {
	db.mu.Lock()
	db.author = strings.TrimSpace(name)
	db.mu.Unlock()
}

// Author returns the name set with SetAuthor.
func (db *DB) Author() string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.author
}

// now returns the current time as stored.
func (db *DB) now() string { return formatTime(db.Now()) }

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// parseTime reads a time as stored. Listings parse two or four per row,
// so the fixed-width form is read digit by digit, which is many times
// faster than time.Parse; anything else (a time written by an older or a
// foreign tool) goes through time.Parse.
func parseTime(s string) time.Time {
	if len(s) == len(timeFormat) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[26] == 'Z' {
		year, ok1 := digits(s[0:4])
		month, ok2 := digits(s[5:7])
		day, ok3 := digits(s[8:10])
		hour, ok4 := digits(s[11:13])
		min, ok5 := digits(s[14:16])
		sec, ok6 := digits(s[17:19])
		usec, ok7 := digits(s[20:26])
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && month >= 1 && month <= 12 && hour < 24 && min < 60 && sec < 60 {
			t := time.Date(year, time.Month(month), day, hour, min, sec, usec*1000, time.UTC)
			if t.Day() == day { // time.Date normalizes 31 June to 1 July; time.Parse refuses it
				return t
			}
		}
	}
	return parseTimeSlow(s)
}

// digits parses a run of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func parseTimeSlow(s string) time.Time {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// Tx is a write transaction stamped with one author and one time.
type Tx struct {
	*sql.Tx
	db       *DB
	now      string
	authorID int64
	onCommit []func() // run once the transaction has committed
}

// Commit commits the transaction, then runs what was to follow it.
func (tx *Tx) Commit() error {
	if err := tx.Tx.Commit(); err != nil {
		return err
	}
	for _, f := range tx.onCommit {
		f()
	}
	return nil
}

// begin starts a write transaction. The author must be set.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	author := db.Author()
	if author == "" {
		return nil, annotate.Errorf(annotate.EINVALID, "no author name set: every change is stamped with one")
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", describeSQLiteError(err))
	}
	t := &Tx{Tx: tx, db: db, now: db.now()}
	if t.authorID, err = authorID(ctx, tx, author, t.now); err != nil {
		tx.Rollback()
		return nil, err
	}
	return t, nil
}

// authorID returns the id of the named author, adding the name if new.
func authorID(ctx context.Context, tx *sql.Tx, name, now string) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO authors (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, now); err != nil {
		return 0, fmt.Errorf("author %q: %w", name, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM authors WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("author %q: %w", name, err)
	}
	return id, nil
}

// querier is what reading rows needs: a connection pool, a connection or
// a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// rowScanner is a row of a query: *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// queryAll runs query on q and returns every row as scan reads it.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanString reads a row of one text column.
func scanString(row rowScanner) (s string, err error) {
	err = row.Scan(&s)
	return s, err
}

// read runs fn in a deferred, query-only transaction that is rolled back: a
// consistent snapshot of the last commit that never waits for a writer.
func (db *DB) read(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", describeSQLiteError(err))
	}
	defer tx.Rollback()
	return fn(tx)
}

// Meta returns a project-level setting ("project_id", "created_at", ...).
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", annotate.Errorf(annotate.ENOTFOUND, "project setting %q not set", key)
	}
	return v, err
}

// Authors lists the names of everyone who has changed the project.
func (db *DB) Authors(ctx context.Context) ([]string, error) {
	names, err := queryAll(ctx, db.db, scanString, `SELECT name FROM authors ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("authors: %w", err)
	}
	return names, nil
}

// Check runs SQLite's integrity check and Gloss's own consistency checks and
// returns every problem found; none means the project is sound.
func (db *DB) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := db.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", describeSQLiteError(err))
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, "sqlite: "+s)
		}
	}
	rows.Close()
	rows, err = db.db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			rows.Close()
			return nil, err
		}
		if rowid.Valid {
			problems = append(problems, fmt.Sprintf("%s row %d points at a missing %s row", table, rowid.Int64, parent))
		} else { // a WITHOUT ROWID table: its rows have no number
			problems = append(problems, fmt.Sprintf("a %s row points at a missing %s row", table, parent))
		}
	}
	rows.Close()
	// Every live passage's quote must match its document's text at its range.
	err = db.read(ctx, func(tx *sql.Tx) error {
		docs := map[string]*annotate.Text{}
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.document_id, p.start_offset, p.end_offset, p.quote
			FROM passages p WHERE p.deleted_at IS NULL ORDER BY p.document_id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		type pass struct {
			id, doc, quote string
			start, end     int
		}
		var ps []pass
		for rows.Next() {
			var p pass
			if err := rows.Scan(&p.id, &p.doc, &p.start, &p.end, &p.quote); err != nil {
				return err
			}
			ps = append(ps, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range ps {
			t, ok := docs[p.doc]
			if !ok {
				var text string
				if err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE id = ?`, p.doc).Scan(&text); err != nil {
					problems = append(problems, fmt.Sprintf("passage %s: document %s missing", p.id, p.doc))
					continue
				}
				t = annotate.NewText(text)
				docs[p.doc] = t
			}
			if got := t.Slice(p.start, p.end); got != p.quote {
				problems = append(problems, fmt.Sprintf("passage %s: quote %q does not match the text at [%d, %d)", p.id, annotate.Ellipsize(p.quote, 40), p.start, p.end))
			}
		}
		return nil
	})
	if err != nil {
		return problems, err
	}
	op, err := originalProblems(ctx, db.rdb)
	if err != nil {
		return problems, err
	}
	problems = append(problems, op...)
	return append(problems, db.derivedProblems(ctx)...), nil
}
