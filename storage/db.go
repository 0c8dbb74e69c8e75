// Package storage keeps a Gloss project in one SQLite file (a .gloss file)
// and implements the annotate services on it. The schema is created by the
// embedded migrations; every exported method runs in one transaction, so
// each change is durable when the call returns.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"gloss/annotate"
	"gloss/storage/internal/rowrules"
)

// ApplicationID is the SQLite application_id of every .gloss file ("Glos").
const ApplicationID = 0x476c6f73

// timeFormat stores times as fixed-width UTC text, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

//go:embed migrations/*.sql
var migrationFS embed.FS

// driverName is the database/sql driver with Gloss's per-connection
// settings; glossDriver is the driver itself, which DB's connectors use.
const driverName = "sqlite3_gloss"

var glossDriver = &sqlite3.SQLiteDriver{
	ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := rowrules.Err(); err != nil {
			return err
		}
		// A project may come from a colleague: never run functions from its
		// schema with side effects, check cell sizes, don't map the file.
		for _, p := range []string{
			"PRAGMA trusted_schema = OFF",
			"PRAGMA cell_size_check = ON",
			"PRAGMA mmap_size = 0",
			"PRAGMA foreign_keys = ON",
			"PRAGMA cache_size = -262144", // up to 256 MiB of pages, so a large project stays in memory once read
		} {
			if _, err := c.Exec(p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, MaxValueBytes)
		return nil
	},
}

func init() {
	sql.Register(driverName, glossDriver)
}

// DB is an open .gloss project.
type DB struct {
	// db is the one connection every write goes through (see write), so
	// that writes in this process queue for it, and PRAGMA data_version on
	// it tells the changes made by others (see Changed).
	db   *sql.DB
	rdb  *sql.DB // for read transactions; see read
	path string
	id   fileID // the file opened at path; see Verify

	// tdb is a pool of one connection for the reads of the text filter,
	// whose index it keeps (see readText); textConns counts its
	// connections; textIndex, guarded by mu, is the index last read.
	tdb       *sql.DB
	textConns atomic.Uint64
	textIndex *textIndex
	textWarm  textWarmer // reads it anew after this process's writes

	// readOnly, when set, is why nothing can be written: the file or its
	// folder is read-only.
	readOnly error
	// trustOnClose records the file in the trust registry when it is
	// closed: set for the researcher's own projects (Open, Create), not for
	// the scratch databases Gloss makes in temporary folders.
	trustOnClose bool

	// Now returns the current time; tests replace it for stable timestamps.
	Now func() time.Time

	mu     sync.Mutex
	author string
	backup string // the copy Open made before upgrading the schema
	gone   *FileChangedError
	closed bool

	poolsClosed bool
	shown       string // Path when reading through an upgraded copy
	cleanup     func() // run by Close: removes such a copy

	dataVersion int64 // see Changed

	held  map[string]bool // authors whose holdings this handle has recorded (see recordHoldings)
	texts textCache       // documents' indexed texts, for checking quotes
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
		return nil, notWritten(path, unwrapPathError(err))
	}
	f.Close()
	db, err := open(path, nil, "")
	if err != nil {
		os.Remove(path)
		return nil, onFullDisk(path, err)
	}
	if err := db.migrate(context.Background(), true); err != nil {
		db.Close()
		removeProject(path)
		return nil, notWritten(path, err)
	}
	db.trustOnClose = true
	return db, nil
}

// Open opens an existing project, upgrading its schema if it was written by
// an older Gloss. The file is treated as untrusted (it may come from a
// colleague): Inspect checks it first, reading only, and a file that is not
// a sound Gloss project, or was written by a newer Gloss, is refused with a
// message that says so and is left untouched. Before an upgrade, a copy of
// the file as it was is written next to it (see Backup).
//
// A file that cannot be written (its folder or itself read-only) opens for
// reading: every change is then refused with a message that says why, and
// a file of an older schema is read through an upgraded copy in a
// temporary folder, left as it is.
func Open(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	version, err := inspect(path, true)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if ro := readOnlyReason(path); ro != nil {
		return openReadOnlyProject(path, version, ro)
	}
	var backup string
	if version < SchemaVersion() {
		if backup, err = backupBeforeUpgrade(path, version); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	db, err := open(path, nil, "")
	if err != nil {
		return nil, err
	}
	db.backup = backup
	if err := db.migrate(context.Background(), false); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	db.trustOnClose = true
	return db, nil
}

// readConnParams are the URI parameters of the read connections to a
// project that can be written.
const readConnParams = "mode=rw&_txlock=deferred&_query_only=true&_busy_timeout=10000"

// noMutex spares the read connections SQLite's lock of the connection,
// taken at every step and every column read (a listing reads tens of
// thousands): database/sql hands a connection to one goroutine at a time,
// and sqlite3_interrupt, which go-sqlite3 calls from another when a
// context ends, takes no lock.
const noMutex = "&_mutex=no"

// open connects to the file at path: one connection for writes and a pool
// for reads, each refusing to connect once another file stands at path
// (see connector). With readOnly set, both connect with params (see
// readParams) and every write is refused with readOnly as the reason.
func open(path string, readOnly error, params string) (*DB, error) {
	id, err := statID(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	db := &DB{path: path, id: id, readOnly: readOnly, Now: time.Now}
	// No journal mode here: switching to WAL rewrites the file's header, so
	// migrate does it only once the file is known to be a Gloss project.
	// The write connection waits a second for the lock each time it asks,
	// and begin asks again until its context or maxLockWait runs out.
	wparams := "mode=rw&_synchronous=FULL&_txlock=immediate&_busy_timeout=1000"
	// Read transactions get their own pool: with _txlock=immediate they too
	// would take the write lock, and a listing would wait for (or fail
	// behind) a long write instead of reading the last commit.
	rparams := readConnParams
	if readOnly != nil {
		wparams, rparams = params+"&_busy_timeout=10000", params+"&_busy_timeout=10000"
	}
	rparams += noMutex
	db.db = sql.OpenDB(connector{db: db, dsn: "file:" + escapePath(path) + "?" + wparams})
	db.db.SetMaxOpenConns(1)
	db.db.SetMaxIdleConns(1)
	if err := db.db.Ping(); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("%s: %w", path, describeSQLiteError(err))
	}
	db.rdb = sql.OpenDB(connector{db: db, dsn: "file:" + escapePath(path) + "?" + rparams})
	db.tdb = sql.OpenDB(connector{db: db, dsn: "file:" + escapePath(path) + "?" + rparams, count: &db.textConns})
	db.tdb.SetMaxOpenConns(1)
	db.tdb.SetMaxIdleConns(1)
	return db, nil
}

// connector connects a DB's pools to its file, and only to it: a pool
// opens connections whenever it needs one, and once a sync client, a
// restore or a move has put another file at the path, a new connection
// would read that file with our write-ahead log, or write into it.
type connector struct {
	db    *DB
	dsn   string
	count *atomic.Uint64 // if set, counts the connections opened
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	if err := c.db.sameFile(); err != nil {
		return nil, err
	}
	conn, err := glossDriver.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	// The file may have been replaced between the two looks; then the
	// connection, which has read nothing yet, is closed unused.
	if err := c.db.sameFile(); err != nil {
		conn.Close()
		return nil, err
	}
	if c.count != nil {
		c.count.Add(1)
	}
	return conn, nil
}

func (connector) Driver() driver.Driver { return glossDriver }

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

// rebuildMarker opens a migration that rebuilds a table the way SQLite's
// ALTER TABLE documentation says (new table, copy, drop, rename): dropping
// a table other tables refer to needs foreign keys off, and a connection
// can turn them off only outside a transaction. The rows are copied as
// they are, so the references hold as before.
const rebuildMarker = "-- rebuilds tables: run with foreign keys off"

// apply runs one migration in its own transaction.
func (db *DB) apply(ctx context.Context, m migration) error {
	fn := func(tx *sql.Tx) error { return m.run(ctx, tx, db.now()) }
	if !m.rebuilds() {
		return db.writeTx(ctx, fn)
	}
	return db.withWriteConn(ctx, func(conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "PRAGMA foreign_keys = ON")
		return db.inTx(ctx, conn, fn)
	})
}

// rebuilds reports whether m rebuilds tables, and so runs with foreign
// keys off (see rebuildMarker).
func (m migration) rebuilds() bool { return strings.Contains(m.sql, rebuildMarker) }

// run makes m's changes in tx, now being the time the first migration
// records as the project's creation, and stamps the file with Gloss's
// application id and m's version.
func (m migration) run(ctx context.Context, tx *sql.Tx, now string) error {
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.version == 1 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('project_id', ?), ('created_at', ?)`, annotate.NewID(), now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
	return err
}

// Path returns the project's file name.
func (db *DB) Path() string {
	if db.shown != "" {
		return db.shown
	}
	return db.path
}

// ReadOnly returns why the project cannot be changed (its file or folder is
// read-only), nil when it can.
func (db *DB) ReadOnly() error { return db.readOnly }

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
	return db.readOn(ctx, db.rdb, fn)
}

// readOn is read on the pool pool.
func (db *DB) readOn(ctx context.Context, pool *sql.DB, fn func(tx *sql.Tx) error) error {
	db.mu.Lock()
	gone := db.gone
	db.mu.Unlock()
	if gone != nil {
		return gone
	}
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", describeSQLiteError(err))
	}
	defer tx.Rollback()
	return fn(tx)
}

// readValue runs fn in a read transaction (see read) and returns its value.
func readValue[T any](ctx context.Context, db *DB, fn func(tx *sql.Tx) (T, error)) (T, error) {
	var v T
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		v, err = fn(tx)
		return err
	})
	return v, err
}

// Meta returns a project-level setting ("project_id", "created_at", ...).
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", annotate.Errorf(annotate.ENOTFOUND, "project setting %q not set", key)
	}
	return v, err
}

// Authors lists the names of everyone who has changed the project.
func (db *DB) Authors(ctx context.Context) ([]string, error) {
	var names []string
	err := db.read(ctx, func(tx *sql.Tx) (err error) {
		names, err = queryAll(ctx, tx, scanString, `SELECT name FROM authors ORDER BY name COLLATE NOCASE`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("authors: %w", err)
	}
	return names, nil
}
