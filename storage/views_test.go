package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// rawRows returns every row of a query as "a|b|c" strings, NULL as "∅".
func rawRows(tb testing.TB, raw *sql.DB, query string, args ...any) []string {
	tb.Helper()
	rows, err := raw.Query(query, args...)
	if err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = "∅"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func wantRows(tb testing.TB, what string, got, want []string) {
	tb.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		tb.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}

func TestViewsShowLiveRows(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := &annotate.Document{Title: "Summit", Byline: "Mike Allen", Outlet: "Axios", Text: article, Memo: "Read first."}
	_, err := db.CreateDocument(ctx, doc)
	mustNil(t, err)
	gone := MustDocument(t, db, "Gone", "A document that will be deleted.")
	diplomacy := &annotate.Tag{Name: "Diplomacy", Color: "#4363d8"}
	mustNil(t, db.CreateTag(ctx, diplomacy))
	themes := &annotate.Tag{Name: "Themes", Color: "#4363d8", Grouping: true}
	mustNil(t, db.CreateTag(ctx, themes))
	amb := &annotate.Tag{Name: "Ambassadors", Color: "#123456", ParentID: diplomacy.ID, Description: "envoys"}
	mustNil(t, db.CreateTag(ctx, amb))
	outcomes := MustTag(t, db, "Outcomes")
	dropped := MustTag(t, db, "Dropped")

	clock.Tick()
	p1 := MustPassage(t, db, doc, "ambassadors would return", amb.ID, outcomes.ID, dropped.ID)
	mustNil(t, db.SetNote(ctx, p1.ID, "Key outcome"))
	clock.Tick()
	p2 := MustPassage(t, db, doc, "President Biden", diplomacy.ID)
	deleted := MustPassage(t, db, doc, "Geneva", outcomes.ID)
	onGone := MustPassage(t, db, gone, "deleted", outcomes.ID)
	mustNil(t, db.DeletePassage(ctx, deleted.ID))
	mustNil(t, db.DeleteTag(ctx, dropped.ID))
	mustNil(t, db.DeleteDocument(ctx, gone.ID))
	_ = onGone

	raw := rawOpen(t, path)
	wantRows(t, "passages_v", rawRows(t, raw, `SELECT id, document, start, "end", quote, tags, note, author, provenance FROM passages_v ORDER BY start`), []string{
		fmt.Sprintf("%s|Summit|%d|%d|President Biden|Diplomacy|∅|Ada|manual", p2.ID, p2.Start, p2.End),
		fmt.Sprintf("%s|Summit|%d|%d|ambassadors would return|Ambassadors; Outcomes|Key outcome|Ada|manual", p1.ID, p1.Start, p1.End),
	})
	wantRows(t, "documents_v", rawRows(t, raw, `SELECT id, title, outlet, author, length, passages, memo, added_by, memo_updated_at IS NOT NULL FROM documents_v`), []string{
		fmt.Sprintf("%s|Summit|Axios|Mike Allen|%d|2|Read first.|Ada|1", doc.ID, len([]rune(article))),
	})
	wantRows(t, "tags_v", rawRows(t, raw, `SELECT name, color, description, parent, codable, passages, author FROM tags_v ORDER BY name`), []string{
		"Ambassadors|#123456|envoys|Diplomacy|1|1|Ada",
		"Diplomacy|#4363d8||∅|1|1|Ada",
		"Outcomes|#4363d8||∅|1|1|Ada",
		"Themes|#4363d8||∅|0|0|Ada",
	})
	// The tables still hold everything.
	if n := rawInt(t, raw, "SELECT count(*) FROM passages"); n != 4 {
		t.Errorf("%d passage rows, want 4", n)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors would return", tag.ID)
	q := MustPassage(t, db, doc, "Geneva", tag.ID)
	d := MustPassage(t, db, doc, "President Biden", tag.ID)
	mustNil(t, db.DeletePassage(ctx, d.ID))
	problems, err := db.Check(ctx)
	mustNil(t, err)
	if len(problems) != 0 {
		t.Fatalf("a sound project has problems: %q", problems)
	}

	raw := rawOpen(t, path)
	for _, s := range []string{
		`UPDATE passages SET quote = 'ambassadors would leave' WHERE id = '` + p.ID + `'`,
		`UPDATE passages SET start_offset = start_offset + 1, end_offset = end_offset + 1 WHERE id = '` + q.ID + `'`,
		`UPDATE passages SET quote = 'deleted anyway' WHERE id = '` + d.ID + `'`, // a deleted passage is not checked
	} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	problems, err = db.Check(ctx)
	mustNil(t, err)
	if len(problems) != 2 {
		t.Fatalf("Check found %d problems, want 2: %q", len(problems), problems)
	}
	joined := strings.Join(problems, "\n")
	for _, id := range []string{p.ID, q.ID} {
		if !strings.Contains(joined, id) {
			t.Errorf("Check does not name passage %s: %q", id, problems)
		}
	}
	if strings.Contains(joined, d.ID) {
		t.Errorf("Check reports a deleted passage: %q", problems)
	}

	// A row pointing at nothing (written without foreign keys) is reported too.
	const at = "2021-06-16T12:00:00.000000Z"
	if _, err := raw.Exec(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`, p.ID, annotate.NewID(), at, at); err != nil {
		t.Fatal(err)
	}
	problems, err = db.Check(ctx)
	mustNil(t, err)
	if len(problems) != 3 || !strings.Contains(strings.Join(problems, "\n"), "code on passage "+p.ID) {
		t.Fatalf("Check after a dangling tag reference: %q", problems)
	}
}

func TestChangesVisibleAtOnce(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	raw := rawOpen(t, path)
	other, err := storage.Open(path)
	mustNil(t, err)
	defer other.Close()

	doc := MustDocument(t, db, "Summit", article)
	if got := rawString(t, raw, "SELECT title FROM documents WHERE id = ?", doc.ID); got != "Summit" {
		t.Fatalf("raw connection sees title %q right after CreateDocument", got)
	}
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	got, err := other.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Quote != "ambassadors" {
		t.Fatalf("second handle reads %+v", got)
	}
	mustNil(t, db.SetNote(ctx, p.ID, "visible"))
	if n := rawString(t, raw, "SELECT note FROM passages_v WHERE id = ?", p.ID); n != "visible" {
		t.Fatalf("raw connection reads note %q", n)
	}
	mustNil(t, db.DeletePassage(ctx, p.ID))
	if _, err := other.Passage(ctx, p.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("second handle still sees the deleted passage: %v", err)
	}
	// ...and the other way round.
	other.SetAuthor("Grace")
	q := MustPassage(t, other, doc, "Geneva", tag.ID)
	if _, err := db.Passage(ctx, q.ID); err != nil {
		t.Fatalf("first handle does not see the second's passage: %v", err)
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	db.Now = time.Now // the real clock, shared by the goroutines
	second, err := storage.Open(path)
	mustNil(t, err)
	defer second.Close()
	second.SetAuthor("Grace")

	text := strings.Repeat("President Biden met President Putin in Geneva. ", 40)
	doc := MustDocument(t, db, "Summit", text)
	tags := []*annotate.Tag{MustTag(t, db, "A"), MustTag(t, db, "B"), MustTag(t, db, "C")}
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		handle := db
		if w%2 == 1 {
			handle = second // two pools on one file: SQLite's locks, not Go's, keep order
		}
		wg.Add(1)
		go func(w int, handle *storage.DB) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				start := (w*each + i) * 5 % (len(text) - 10)
				p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: start + 7, Quote: text[start : start+7],
					Tags: []string{tags[i%3].ID}, Note: annotate.Note{Text: fmt.Sprintf("worker %d #%d", w, i)}}
				if err := handle.CreatePassage(ctx, p); err != nil {
					errs <- fmt.Errorf("worker %d passage %d: %w", w, i, err)
					continue
				}
				if err := handle.AddTag(ctx, p.ID, tags[(i+1)%3].ID); err != nil {
					errs <- fmt.Errorf("worker %d add tag %d: %w", w, i, err)
				}
				if _, err := handle.Passages(ctx, annotate.PassageFilter{TagIDs: []string{tags[0].ID}}); err != nil {
					errs <- fmt.Errorf("worker %d list: %w", w, err)
				}
			}
		}(w, handle)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	mustNil(t, err)
	if len(ps) != workers*each {
		t.Fatalf("%d passages, want %d", len(ps), workers*each)
	}
	notes := map[string]bool{}
	for _, p := range ps {
		if len(p.Tags) != 2 {
			t.Errorf("passage %s has %d tags, want 2", p.ID, len(p.Tags))
		}
		notes[p.Note.Text] = true
	}
	if len(notes) != workers*each {
		t.Errorf("%d distinct notes, want %d", len(notes), workers*each)
	}
	problems, err := db.Check(ctx)
	mustNil(t, err)
	if len(problems) != 0 {
		t.Fatalf("Check after concurrent writes: %q", problems)
	}
	raw := rawOpen(t, path)
	if n := rawInt(t, raw, "SELECT count(*) FROM passages p JOIN authors a ON a.id = p.author_id WHERE a.name = 'Grace'"); n != workers/2*each {
		t.Errorf("%d passages by Grace, want %d", n, workers/2*each)
	}
}

func TestReadersNotBlockedByAWriter(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)

	// Another connection holds the write lock with a change not yet committed,
	// as a long merge or import would.
	conn, err := rawOpen(t, path).Conn(ctx)
	mustNil(t, err)
	defer conn.Close()
	for _, s := range []string{"BEGIN IMMEDIATE", "UPDATE passages SET quote = 'uncommitted'"} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	// With a write-ahead log, readers go on reading the last commit.
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil || len(ps) != 1 || ps[0].Quote != p.Quote {
		t.Fatalf("Passages while another connection writes: %v, %v", ps, err)
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("Check while another connection writes: %q, %v", problems, err)
	}
	// A writer waits for the lock (busy timeout) instead of failing at once.
	done := make(chan error, 1)
	go func() { done <- db.SetNote(ctx, p.ID, "after the other writer") }()
	awaitInSQLite(t, "storage.(*DB).SetNote", done)
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("SetNote waiting for the lock: %v", err)
	}
}

// awaitInSQLite waits until a goroutine running fn (a function in its
// stack) is inside a call to SQLite, as a writer waiting for another's lock
// is, and stays there. It fails the test if the call ends first (done
// receives) or never starts.
func awaitInSQLite(t *testing.T, fn string, done <-chan error) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			if strings.Contains(g, fn) && strings.Contains(g, "go-sqlite3._Cfunc_") {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("%s returned (%v) without waiting for the lock", fn, err)
		case <-deadline:
			t.Fatalf("%s never called SQLite", fn)
		case <-tick.C:
		}
	}
}
