package storage_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// The tests here run other processes on one project: copies of this test
// binary, started with childEnv naming what the copy does.
const childEnv = "GLOSS_TEST_CHILD"

// recordText is a long document of numbered sentences: the passages the
// processes make each quote one.
func recordText(title string) string {
	var b strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, "%s sentence %04d. ", title, i)
		if i%10 == 9 {
			b.WriteString("\n\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// sentence returns the range and quote of sentence i of a record text.
func sentence(t *annotate.Text, title string, i int) (int, int, string) {
	q := fmt.Sprintf("%s sentence %04d.", title, i%2000)
	s, e, err := annotate.FindQuote(t, q, 0)
	if err != nil {
		panic(err)
	}
	return s, e, q
}

// startChild runs this test binary as a child doing role, with args in its
// environment, and returns it with a reader of its output lines.
func startChild(t *testing.T, test, role string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+role), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// childFail reports a child's failure on its output, where the parent
// reads it, and ends the child.
func childFail(format string, args ...any) {
	fmt.Printf("error "+format+"\n", args...)
	os.Exit(3)
}

// killProject makes the project the kill test writes to, with the record
// documents and a tag, and colleagues' files to merge, each adding five
// passages noted "merge K"; it returns the project's path and the
// colleagues' files.
func killProject(t *testing.T) (string, []string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "record.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	for _, title := range []string{"Highlights", "Imports", "Merges"} {
		MustDocument(t, db, title, recordText(title))
	}
	MustTag(t, db, "Record")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var colleagues []string
	for k := 0; k < 12; k++ {
		p := filepath.Join(dir, fmt.Sprintf("colleague-%d.gloss", k))
		if err := os.WriteFile(p, base, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := storage.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		c.SetAuthor(fmt.Sprintf("Colleague %d", k))
		docs, _ := c.Documents(ctx, annotate.DocumentFilter{Text: "Merges"})
		doc, err := c.Document(ctx, docs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		tags, _ := c.Tags(ctx)
		text := annotate.NewText(doc.Text)
		var ps []*annotate.Passage
		for j := 0; j < 5; j++ {
			s, e, q := sentence(text, "Merges", k*5+j)
			ps = append(ps, &annotate.Passage{DocumentID: docs[0].ID, Start: s, End: e, Quote: q, Tags: []string{tags[0].ID},
				Note: annotate.Note{Text: fmt.Sprintf("merge %d", k)}})
		}
		if err := c.CreatePassages(ctx, ps); err != nil {
			t.Fatal(err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		colleagues = append(colleagues, p)
	}
	return path, colleagues
}

// killWriter is the child of TestKilledWhileWriting: from operation
// GLOSS_TEST_START on, it adds five highlights at once, imports five
// annotations, or merges a colleague's file, in turn, and says "start N"
// before operation N and "done N" once it has returned.
func killWriter() {
	ctx := context.Background()
	start, _ := strconv.Atoi(os.Getenv("GLOSS_TEST_START"))
	colleagues := strings.Split(os.Getenv("GLOSS_TEST_COLLEAGUES"), "\n")
	db, err := storage.Open(os.Getenv("GLOSS_TEST_PROJECT"))
	if err != nil {
		childFail("open: %v", err)
	}
	db.SetAuthor("Child")
	docs := map[string]*annotate.Document{}
	all, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		childFail("documents: %v", err)
	}
	for _, d := range all {
		full, err := db.Document(ctx, d.ID)
		if err != nil {
			childFail("document: %v", err)
		}
		docs[d.Title] = full
	}
	tag, err := db.TagByName(ctx, "Record")
	if err != nil {
		childFail("tag: %v", err)
	}
	fmt.Println("ready")
	for n := start; ; n++ {
		fmt.Printf("start %d\n", n)
		var err error
		switch n % 3 {
		case 0:
			d := docs["Highlights"]
			text := annotate.NewText(d.Text)
			var ps []*annotate.Passage
			for j := 0; j < 5; j++ {
				s, e, q := sentence(text, "Highlights", n*5+j)
				ps = append(ps, &annotate.Passage{DocumentID: d.ID, Start: s, End: e, Quote: q, Tags: []string{tag.ID},
					Note: annotate.Note{Text: fmt.Sprintf("batch %d", n)}})
			}
			err = db.CreatePassages(ctx, ps)
		case 1:
			d := docs["Imports"]
			text := annotate.NewText(d.Text)
			b := &annotate.Batch{File: fmt.Sprintf("import-%d.json", n), Format: "test",
				Documents: []*annotate.BatchDocument{{Key: "record", ID: d.ID}},
				Tags:      []*annotate.BatchTag{{Key: "record", Name: "Record"}}}
			for j := 0; j < 5; j++ {
				s, e, q := sentence(text, "Imports", n*5+j)
				b.Passages = append(b.Passages, &annotate.BatchPassage{Key: fmt.Sprintf("a%d-%d", n, j), Document: "record",
					Selector: annotate.Selector{Start: s, End: e, Exact: q}, HasPosition: true, Tags: []string{"record"},
					Note: fmt.Sprintf("import %d", n), Author: "Importer"})
			}
			_, err = db.ImportBatch(ctx, b)
		case 2:
			_, err = db.Merge(ctx, colleagues[(n/3)%len(colleagues)])
		}
		if err != nil {
			childFail("operation %d: %v", n, err)
		}
		fmt.Printf("done %d\n", n)
	}
}

// TestKilledWhileWriting kills a process writing to a project (five
// highlights at once, an import, a merge, in turn) at a random moment,
// again and again, each time continuing where the last left off. After
// every kill the project opens and checks sound, every operation the
// process reported done is there, and the one it was in the middle of is
// there whole or not at all.
func TestKilledWhileWriting(t *testing.T) {
	if os.Getenv(childEnv) == "kill-writer" {
		killWriter()
		return
	}
	ctx := context.Background()
	path, colleagues := killProject(t)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)
	next := 0 // the operation the next child starts with
	done := map[int]bool{}
	openTime := 200 * time.Millisecond // how long a child takes to open the project, as last seen
	const kills = 24
	for round := 0; round < kills; round++ {
		cmd, lines := startChild(t, "TestKilledWhileWriting", "kill-writer",
			"GLOSS_TEST_PROJECT="+path, "GLOSS_TEST_START="+strconv.Itoa(next), "GLOSS_TEST_COLLEAGUES="+strings.Join(colleagues, "\n"))
		// Kill it at a random moment: in one round of three while it opens
		// (and checks) the file, in the others while it writes, up to
		// 300 ms after it has opened it.
		killed := make(chan struct{})
		kill := func(after time.Duration) *time.Timer {
			return time.AfterFunc(after, func() { cmd.Process.Kill(); close(killed) })
		}
		began := time.Now()
		var timer *time.Timer
		if round%3 == 0 {
			timer = kill(time.Duration(rng.Int63n(int64(openTime) + 1)))
		}
		started := -1
		for lines.Scan() {
			f := strings.Fields(lines.Text())
			switch {
			case len(f) > 0 && f[0] == "error":
				if timer != nil {
					timer.Stop()
				}
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("round %d: the child failed: %s", round, lines.Text())
			case len(f) == 1 && f[0] == "ready":
				openTime = time.Since(began)
				if timer == nil {
					timer = kill(time.Duration(rng.Intn(300)) * time.Millisecond)
				}
			case len(f) == 2 && f[0] == "start":
				started, _ = strconv.Atoi(f[1])
			case len(f) == 2 && f[0] == "done":
				n, _ := strconv.Atoi(f[1])
				done[n] = true
			}
		}
		if timer == nil { // it died before it opened the file
			cmd.Wait()
			t.Fatalf("round %d: the child ended without opening the project", round)
		}
		<-killed
		cmd.Wait()
		if started >= next {
			next = started + 1
		}
		checkAfterKill(t, ctx, path, round, next, done)
	}
	if len(done) < kills/2 {
		t.Fatalf("only %d operations completed in %d rounds: the kills landed before the writes", len(done), kills)
	}
	t.Logf("%d operations reported done over %d kills", len(done), kills)
}

// checkAfterKill opens the project as a colleague's file (every check) and
// counts, per operation, the passages it added.
func checkAfterKill(t *testing.T, ctx context.Context, path string, round, next int, done map[int]bool) {
	t.Helper()
	if _, problems, err := storage.CheckFile(ctx, path); err != nil || len(problems) > 0 {
		t.Fatalf("round %d: the file does not check after the kill: %v %q", round, err, problems)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	defer db.Close()
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, p := range ps {
		count[p.Note.Text]++
	}
	for n := 0; n < next; n++ {
		var key string
		switch n % 3 {
		case 0:
			key = fmt.Sprintf("batch %d", n)
		case 1:
			key = fmt.Sprintf("import %d", n)
		case 2:
			// A colleague's file merged again adds nothing: only its first
			// merge is counted.
			if n/3 >= 12 {
				continue
			}
			key = fmt.Sprintf("merge %d", (n/3)%12)
		}
		switch c := count[key]; {
		case c != 0 && c != 5:
			t.Fatalf("round %d: operation %d is half done: %d of its 5 passages (%q)", round, n, c, key)
		case c == 0 && done[n]:
			t.Fatalf("round %d: operation %d was reported done and is lost (%q)", round, n, key)
		}
	}
}

// raceWriter is a child of TestTwoWritersAndAReader: it adds
// GLOSS_TEST_COUNT passages, each noted with its author and number, as
// that many runs of the command line would: it opens the project (checking
// it), adds one and closes it again, and says "done N" after each.
func raceWriter() {
	ctx := context.Background()
	author := os.Getenv("GLOSS_TEST_AUTHOR")
	n, _ := strconv.Atoi(os.Getenv("GLOSS_TEST_COUNT"))
	offset := 0
	if author == "Ben" {
		offset = 1000
	}
	for i := 0; i < n; i++ {
		db, err := storage.Open(os.Getenv("GLOSS_TEST_PROJECT"))
		if err != nil {
			childFail("open %d: %v", i, err)
		}
		db.SetAuthor(author)
		docs, err := db.Documents(ctx, annotate.DocumentFilter{})
		if err != nil || len(docs) != 1 {
			childFail("documents: %v %v", docs, err)
		}
		doc, err := db.Document(ctx, docs[0].ID)
		if err != nil {
			childFail("document: %v", err)
		}
		tag, err := db.TagByName(ctx, "Record")
		if err != nil {
			childFail("tag: %v", err)
		}
		s, e, q := sentence(annotate.NewText(doc.Text), "Shared", offset+i)
		p := &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: q, Tags: []string{tag.ID},
			Note: annotate.Note{Text: fmt.Sprintf("%s %d", author, i)}}
		if err := db.CreatePassage(ctx, p); err != nil {
			childFail("passage %d: %v", i, err)
		}
		if err := db.Close(); err != nil {
			childFail("close %d: %v", i, err)
		}
		fmt.Printf("done %d\n", i)
	}
}

// raceReader is a child of TestTwoWritersAndAReader: until the file
// GLOSS_TEST_STOP exists, it opens the project as a colleague's file (every
// check), lists what it holds and closes it, and says "read N" each time.
func raceReader() {
	ctx := context.Background()
	path, stop := os.Getenv("GLOSS_TEST_PROJECT"), os.Getenv("GLOSS_TEST_STOP")
	for i := 0; ; i++ {
		if _, err := os.Stat(stop); err == nil && i > 0 {
			return
		}
		if _, err := storage.Inspect(path); err != nil {
			childFail("inspect %d: %v", i, err)
		}
		db, err := storage.Open(path)
		if err != nil {
			childFail("open %d: %v", i, err)
		}
		if _, err := db.Passages(ctx, annotate.PassageFilter{}); err != nil {
			childFail("passages %d: %v", i, err)
		}
		if _, err := db.Tags(ctx); err != nil {
			childFail("tags %d: %v", i, err)
		}
		if err := db.Close(); err != nil {
			childFail("close %d: %v", i, err)
		}
		fmt.Printf("read %d\n", i)
	}
}

// TestTwoWritersAndAReader runs two processes adding passages to one
// project, opening and closing it for each as the command line does, and a
// third opening, checking and reading it meanwhile: no write fails
// ("database is locked"), no check reports damage that is not there (the
// file is often without its log, when a check once read it without locks
// while a writer folded its log into it), and every passage written is in
// the file at the end.
func TestTwoWritersAndAReader(t *testing.T) {
	switch os.Getenv(childEnv) {
	case "race-writer":
		raceWriter()
		return
	case "race-reader":
		raceReader()
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "shared.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	MustDocument(t, db, "Shared", recordText("Shared"))
	MustTag(t, db, "Record")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	const count = 40
	stop := filepath.Join(dir, "stop")
	type child struct {
		name  string
		cmd   *exec.Cmd
		lines *bufio.Scanner
		n     int
		fail  string
	}
	var children []*child
	for _, author := range []string{"Ada", "Ben"} {
		cmd, lines := startChild(t, "TestTwoWritersAndAReader", "race-writer",
			"GLOSS_TEST_PROJECT="+path, "GLOSS_TEST_AUTHOR="+author, "GLOSS_TEST_COUNT="+strconv.Itoa(count))
		children = append(children, &child{name: author, cmd: cmd, lines: lines})
	}
	cmd, lines := startChild(t, "TestTwoWritersAndAReader", "race-reader", "GLOSS_TEST_PROJECT="+path, "GLOSS_TEST_STOP="+stop)
	children = append(children, &child{name: "reader", cmd: cmd, lines: lines})
	var wg, writers sync.WaitGroup
	for i, c := range children {
		wg.Add(1)
		if i < 2 {
			writers.Add(1)
		}
		go func() {
			defer wg.Done()
			for c.lines.Scan() {
				if l := c.lines.Text(); strings.HasPrefix(l, "error") {
					c.fail = l
				} else if strings.HasPrefix(l, "done") || strings.HasPrefix(l, "read") {
					c.n++
				}
			}
			if err := c.cmd.Wait(); err != nil && c.fail == "" {
				c.fail = err.Error()
			}
			if i < 2 {
				writers.Done()
			}
		}()
	}
	// The reader stops once both writers have ended.
	writers.Wait()
	if err := os.WriteFile(stop, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for _, c := range children {
		if c.fail != "" {
			t.Errorf("%s failed: %s", c.name, c.fail)
		}
	}
	if children[0].n != count || children[1].n != count || children[2].n == 0 {
		t.Fatalf("writes done %d and %d of %d each, reads %d", children[0].n, children[1].n, count, children[2].n)
	}
	t.Logf("%d reads alongside %d writes", children[2].n, 2*count)
	if _, problems, err := storage.CheckFile(ctx, path); err != nil || len(problems) > 0 {
		t.Fatalf("the file does not check: %v %q", err, problems)
	}
	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]bool{}
	for _, p := range ps {
		notes[p.Note.Text] = true
	}
	for _, author := range []string{"Ada", "Ben"} {
		for i := 0; i < count; i++ {
			if !notes[fmt.Sprintf("%s %d", author, i)] {
				t.Errorf("%s's passage %d is lost", author, i)
			}
		}
	}
}

// lockHolder is the child of TestWritersWaitOutALongWrite: another program
// in the middle of a long write. It takes the project's write lock with a
// change, says "holding", and commits when told on its input.
func lockHolder() {
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+os.Getenv("GLOSS_TEST_PROJECT"))
	if err != nil {
		childFail("open: %v", err)
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		childFail("connect: %v", err)
	}
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
	for _, s := range []string{"BEGIN IMMEDIATE", "UPDATE tags SET description = 'held', updated_at = '" + now + "' WHERE name = 'Record'"} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			childFail("%s: %v", s, err)
		}
	}
	fmt.Println("holding")
	bufio.NewScanner(os.Stdin).Scan()
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		childFail("commit: %v", err)
	}
	conn.Close()
	raw.Close()
	fmt.Println("released")
}

// TestWritersWaitOutALongWrite has another program hold the project's
// write lock for six seconds, longer than SQLite's busy handler waits at
// a time (a second here; "database is locked" came after five before):
// a highlight and a merge started meanwhile wait their turn and succeed
// once it commits, and all three writes are in the file.
func TestWritersWaitOutALongWrite(t *testing.T) {
	if os.Getenv(childEnv) == "lock-holder" {
		lockHolder()
		return
	}
	ctx := context.Background()
	path, colleagues := killProject(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestWritersWaitOutALongWrite$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=lock-holder", "GLOSS_TEST_PROJECT="+path)
	cmd.Stderr = os.Stderr
	release, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "holding" {
		t.Fatalf("the other program does not hold the lock: %q", lines.Text())
	}

	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAuthor("Ada")
	docs, err := db.Documents(ctx, annotate.DocumentFilter{Text: "Highlights"})
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	doc, err := db.Document(ctx, docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := db.TagByName(ctx, "Record")
	if err != nil {
		t.Fatal(err)
	}
	s, e, q := sentence(annotate.NewText(doc.Text), "Highlights", 7)
	type result struct {
		what string
		err  error
		at   time.Time
	}
	results := make(chan result, 2)
	began := time.Now()
	go func() {
		err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: q, Tags: []string{tag.ID},
			Note: annotate.Note{Text: "waited"}})
		results <- result{"highlight", err, time.Now()}
	}()
	go func() {
		_, err := db.Merge(ctx, colleagues[0])
		results <- result{"merge", err, time.Now()}
	}()
	hold := time.NewTimer(6 * time.Second)
	select {
	case r := <-results:
		t.Fatalf("the %s returned while the other program held the lock: %v", r.what, r.err)
	case <-hold.C:
	}
	released := time.Now()
	if _, err := fmt.Fprintln(release, "release"); err != nil {
		t.Fatal(err)
	}
	if !lines.Scan() || lines.Text() != "released" {
		t.Fatalf("the other program did not commit: %q", lines.Text())
	}
	for i := 0; i < 2; i++ {
		r := <-results
		if r.err != nil {
			t.Fatalf("the %s, after waiting %s: %v", r.what, r.at.Sub(began).Round(time.Millisecond), r.err)
		}
		if r.at.Before(released) {
			t.Fatalf("the %s returned before the lock was released", r.what)
		}
	}
	cmd.Wait()

	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]int{}
	for _, p := range ps {
		notes[p.Note.Text]++
	}
	if notes["waited"] != 1 || notes["merge 0"] != 5 {
		t.Fatalf("the highlight made %d passages, the merge %d; want 1 and 5", notes["waited"], notes["merge 0"])
	}
	if got, err := db.Tag(ctx, tag.ID); err != nil || got.Description != "held" {
		t.Fatalf("the other program's write: %+v, %v", got, err)
	}
}
