package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// textIndex holds every live passage's quote and every live note's body,
// folded with foldCase, as one snapshot of the project has them. A
// listing's text filter looks for the typed text in it (see matches)
// instead of testing every quote of the passages table with LIKE and
// gloss_match, which costs a scan of the table per keystroke whenever the
// words are in most documents (the search index then narrows nothing).
//
// It is exact, not a first pass: it applies matchesWords's test to the very
// texts of the snapshot it was read from. It is used only in a transaction
// that reads that same snapshot: the text connection (see readText) reads
// it, and PRAGMA data_version there moves with every commit by any other
// connection, this process's writes (which all go through the write
// connection), another program's and a merge's alike. Nothing is
// maintained on writes, so inserts and merges pay nothing for it.
type textIndex struct {
	conn    uint64 // the text connection it was read on (see DB.textConns)
	version int64  // PRAGMA data_version on it then
	quotes  foldedTexts
	notes   foldedTexts
}

// foldedTexts is a column of folded texts joined in one string, so that a
// search is one pass of strings.Index over all of them, each with the ID of
// its passage.
type foldedTexts struct {
	text string // the texts, folded, each followed by a NUL
	ends []int  // where each text ends in text (at its NUL)
	ids  string // the passages' IDs, idLen bytes each
}

// readFolded reads the rows of query, a passage ID and a text, into a
// foldedTexts; like, when not nil, is one read before, whose size the new
// one most likely has.
func readFolded(ctx context.Context, tx *sql.Tx, query string, like *foldedTexts) (foldedTexts, error) {
	var t foldedTexts
	var text, ids []byte
	if like != nil {
		text = make([]byte, 0, len(like.text)+len(like.text)/8)
		ids = make([]byte, 0, len(like.ids)+len(like.ids)/8)
		t.ends = make([]int, 0, len(like.ends)+len(like.ends)/8)
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	var id, s string
	for rows.Next() {
		if err := rows.Scan(&id, &s); err != nil {
			return t, err
		}
		if len(id) != idLen {
			return t, fmt.Errorf("passage id %q is not a UUID", id)
		}
		ids = append(ids, id...)
		text = appendFolded(text, s)
		t.ends = append(t.ends, len(text))
		text = append(text, 0)
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	t.text, t.ids = string(text), string(ids)
	return t, nil
}

// appendFolded appends foldCase(s) to b, without the copy of s that
// foldCase makes when s is ASCII, as most texts are.
func appendFolded(b []byte, s string) []byte {
	if !isASCII(s) {
		return append(b, foldCase(s)...)
	}
	n := len(b)
	b = append(b, s...)
	for i, c := range b[n:] {
		if 'a' <= c && c <= 'z' {
			b[n+i] = c - ('a' - 'A')
		}
	}
	return b
}

// readTextIndex reads the index of tx's snapshot; like, when not nil, is
// the one read before.
func readTextIndex(ctx context.Context, tx *sql.Tx, like *textIndex) (*textIndex, error) {
	x := &textIndex{}
	var quotes, notes *foldedTexts
	if like != nil {
		quotes, notes = &like.quotes, &like.notes
	}
	var err error
	if x.quotes, err = readFolded(ctx, tx, `SELECT id, quote FROM passages WHERE deleted_at IS NULL`, quotes); err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	if x.notes, err = readFolded(ctx, tx, `SELECT passage_id, body FROM notes WHERE deleted_at IS NULL`, notes); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return x, nil
}

// matches returns the IDs of the passages whose quote or note holds folded
// (a text folded with foldCase) at the start of a word, as matchesWords
// tests it, in ID order, each once.
func (x *textIndex) matches(folded string) []string {
	var ids []string
	x.quotes.match(folded, func(id string) { ids = append(ids, id) })
	x.notes.match(folded, func(id string) { ids = append(ids, id) })
	sort.Strings(ids)
	kept := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			kept = append(kept, id)
		}
	}
	return kept
}

// match calls found with the ID of every text holding folded where
// matchesWords would find it, once per text, in order.
func (t *foldedTexts) match(folded string, found func(id string)) {
	if folded == "" {
		for k := range t.ends {
			found(t.ids[k*idLen : (k+1)*idLen])
		}
		return
	}
	first, _ := utf8.DecodeRuneInString(folded)
	anywhere := !isWordRune(first)
	k := 0 // the text being looked at
	for i := 0; i < len(t.text); {
		j := strings.Index(t.text[i:], folded)
		if j < 0 {
			return
		}
		j += i
		if t.ends[k] < j {
			k += sort.SearchInts(t.ends[k:], j)
		}
		start := 0
		if k > 0 {
			start = t.ends[k-1] + 1
		}
		if j+len(folded) <= t.ends[k] {
			if r, _ := utf8.DecodeLastRuneInString(t.text[start:j]); anywhere || j == start || !isWordRune(r) {
				found(t.ids[k*idLen : (k+1)*idLen])
				// One match is enough: on to the next text.
				i = t.ends[k] + 1
				k++
				if k == len(t.ends) {
					return
				}
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(t.text[j:])
		i = j + size
	}
}

// readText runs fn in a read transaction (see read) with, when text has
// anything but spaces, the text index of the transaction's snapshot, read
// anew when the project has changed since it was last read. Such reads go
// through the text connection, the one connection of the pool tdb, on
// which PRAGMA data_version tells whether the snapshot is the index's.
func (db *DB) readText(ctx context.Context, text string, fn func(tx *sql.Tx, x *textIndex) error) error {
	if strings.TrimSpace(text) == "" {
		return db.read(ctx, func(tx *sql.Tx) error { return fn(tx, nil) })
	}
	return db.readOn(ctx, db.tdb, func(tx *sql.Tx) error {
		// The pragma starts the transaction's snapshot, so the number is
		// the snapshot's.
		var version int64
		if err := tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&version); err != nil {
			return err
		}
		// The pool has one connection, which the transaction holds: the
		// latest one opened is it. A connection opened anew numbers its
		// versions afresh.
		conn := db.textConns.Load()
		db.mu.Lock()
		x := db.textIndex
		db.mu.Unlock()
		if x == nil || x.conn != conn || x.version != version {
			var err error
			if x, err = readTextIndex(ctx, tx, x); err != nil {
				return fmt.Errorf("text index: %w", err)
			}
			x.conn, x.version = conn, version
			db.mu.Lock()
			db.textIndex = x
			db.mu.Unlock()
		}
		return fn(tx, x)
	})
}

// textWarmer reads the text index anew in the background after this
// process's writes, once a text filter has been used (an index exists), so
// that the next keystroke finds it ready instead of reading it itself.
// Writes in quick succession are read once more after the last; Close
// stops it and waits for it.
type textWarmer struct {
	mu      sync.Mutex
	running bool // a goroutine is reading
	again   bool // a write came while it read
	stopped bool
	cancel  context.CancelFunc
	done    sync.WaitGroup
}

// warmTextIndex has the index read anew in the background if there is
// one (see textWarmer).
func (db *DB) warmTextIndex() {
	db.mu.Lock()
	used := db.textIndex != nil
	db.mu.Unlock()
	w := &db.textWarm
	w.mu.Lock()
	defer w.mu.Unlock()
	if !used || w.stopped {
		return
	}
	if w.running {
		w.again = true
		return
	}
	w.running = true
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		defer cancel()
		for {
			// Any text reads the index, anew when it is not the snapshot's;
			// an error leaves it to the next keystroke.
			db.readText(ctx, "warm", func(*sql.Tx, *textIndex) error { return nil })
			w.mu.Lock()
			if !w.again || w.stopped {
				w.running = false
				w.mu.Unlock()
				return
			}
			w.again = false
			w.mu.Unlock()
		}
	}()
}

// stop ends the background read, if one is under way, and waits for it.
func (w *textWarmer) stop() {
	w.mu.Lock()
	w.stopped = true
	if w.cancel != nil {
		w.cancel()
	}
	w.mu.Unlock()
	w.done.Wait()
}

// waitTextIndex waits until no background read of the text index is
// under way (for tests).
func (db *DB) waitTextIndex() { db.textWarm.done.Wait() }
