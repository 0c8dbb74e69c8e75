package teamfolder_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"gloss/annotate"
	"gloss/app/teamfolder"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// wait is how long a test waits for the watcher before failing.
const wait = 30 * time.Second

// team is a base project (the fixture) from which each researcher's file
// starts, as when a team leader hands out copies.
type team struct {
	t           *testing.T
	base        []byte
	geneva, red *annotate.Document
	tag         string
	quotes      []string // the base project's passages (see quotes)
}

func newTeam(t *testing.T) *team {
	t.Helper()
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	f := storagetest.NewFixture(t)
	out := filepath.Join(t.TempDir(), "base.gloss")
	if _, err := f.DB.SaveCopy(context.Background(), out, storage.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return &team{t: t, base: b, geneva: f.Geneva, red: f.Red, tag: f.Diplomacy.ID, quotes: quotes(t, f.DB)}
}

// project writes a researcher's file into dir, opens it, and has them code
// quote in the Geneva article; the change is folded into the file.
func (tm *team) project(dir, author, quote string) *storage.DB {
	t := tm.t
	t.Helper()
	path := filepath.Join(dir, author+".gloss")
	if err := os.WriteFile(path, tm.base, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetAuthor(author)
	if quote != "" {
		code(t, db, tm.geneva, quote, tm.tag)
	}
	return db
}

func code(t *testing.T, db *storage.DB, doc *annotate.Document, quote, tag string) {
	t.Helper()
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePassage(context.Background(), &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Tags: []string{tag}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// fileBytes is what a sync client would send of db's file: the file
// alone, without its log.
func fileBytes(t *testing.T, db *storage.DB) []byte {
	t.Helper()
	b, err := os.ReadFile(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// syncClient writes into a folder as sync clients do.
type syncClient struct {
	t   *testing.T
	dir string
}

// deliver writes the file under a temporary name, in pieces, then renames
// it into place (Syncthing, Nextcloud, Dropbox).
func (s syncClient) deliver(name string, data []byte) {
	s.t.Helper()
	tmp := filepath.Join(s.dir, ".syncthing."+name+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i < len(data); i += 16 << 10 {
		if _, err := f.Write(data[i:min(i+16<<10, len(data))]); err != nil {
			s.t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		s.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, name)); err != nil {
		s.t.Fatal(err)
	}
}

// writeInPlace writes the first n bytes of data to the file itself, as a
// client that writes in place does partway through.
func (s syncClient) writeInPlace(name string, data []byte, n int) {
	s.t.Helper()
	f, err := os.OpenFile(filepath.Join(s.dir, name), os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := f.Write(data[:n]); err != nil {
		s.t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		s.t.Fatal(err)
	}
}

// watch starts a watcher on db's folder whose events arrive on the channel.
func watch(t *testing.T, db *storage.DB) (*teamfolder.Watcher, chan teamfolder.Event) {
	t.Helper()
	ch := make(chan teamfolder.Event, 100)
	w, err := teamfolder.Watch(context.Background(), db, teamfolder.Options{
		Settle: 30 * time.Millisecond, Poll: time.Minute, OnEvent: func(e teamfolder.Event) { ch <- e }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if !w.Notified() {
		t.Fatal("the file system does not report changes to the folder")
	}
	return w, ch
}

// next waits for the next event about file, failing on one for another
// file that is not expected, and returns it.
func next(t *testing.T, ch chan teamfolder.Event, file string) teamfolder.Event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case e := <-ch:
			if e.File == file {
				return e
			}
			t.Fatalf("event for %s (%v: %s) while waiting for %s", e.File, e.State, e.Reason, file)
		case <-timeout:
			t.Fatalf("no event for %s after %s", file, wait)
		}
	}
}

// quotes lists the live passages of db as "author: quote", sorted.
func quotes(t *testing.T, db *storage.DB) []string {
	t.Helper()
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Author+": "+p.Quote)
	}
	sort.Strings(out)
	return out
}

func has(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, s := range list {
			found = found || s == w
		}
		if !found {
			return false
		}
	}
	return true
}

// A colleague's file, delivered under a temporary name and renamed into
// place, is merged with its author kept; the temporary file is never
// looked at, and the colleague's file is only read.
func TestColleaguesFileMergedAsItArrives(t *testing.T) {
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "Biden and Putin met in Geneva")
	ben := tm.project(t.TempDir(), "Ben", "less than four hours")
	_, ch := watch(t, ada)

	sent := fileBytes(t, ben)
	syncClient{t, folder}.deliver("Ben.gloss", sent)
	e := next(t, ch, "Ben.gloss")
	if e.State != teamfolder.Merged || e.Kind != teamfolder.Colleague || e.Report.PassagesAdded != 1 || e.Report.File != filepath.Join(folder, "Ben.gloss") {
		t.Fatalf("event %+v, report %+v", e, e.Report)
	}
	if got := quotes(t, ada); !has(got, "Ben: less than four hours", "Ada: Biden and Putin met in Geneva") {
		t.Fatalf("Ada's project after Ben's file arrived: %v", got)
	}
	if after, _ := os.ReadFile(filepath.Join(folder, "Ben.gloss")); !bytes.Equal(after, sent) {
		t.Fatal("the watcher wrote Ben's file")
	}
	// Ben codes more; the new version replaces the old by rename.
	code(t, ben, tm.red, "Human rights were raised", tm.tag)
	syncClient{t, folder}.deliver("Ben.gloss", fileBytes(t, ben))
	if e := next(t, ch, "Ben.gloss"); e.State != teamfolder.Merged || e.Report.PassagesAdded != 1 {
		t.Fatalf("second version: %+v", e)
	}
	if got := quotes(t, ada); !has(got, "Ben: Human rights were raised") {
		t.Fatalf("after Ben's second version: %v", got)
	}
}

// A file written in place is retried until it is whole: while it is
// empty or truncated it waits, and is never reported as damaged.
func TestPartialFileWaitsNeverDamaged(t *testing.T) {
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "")
	ben := tm.project(t.TempDir(), "Ben", "less than four hours")
	w, ch := watch(t, ada)
	data := fileBytes(t, ben)
	sc := syncClient{t, folder}

	sc.writeInPlace("Ben.gloss", data, 0)
	if e := next(t, ch, "Ben.gloss"); e.State != teamfolder.Waiting || !strings.Contains(e.Reason, "empty") {
		t.Fatalf("an empty file: %+v", e)
	}
	sc.writeInPlace("Ben.gloss", data, len(data)/2+100)
	e := next(t, ch, "Ben.gloss")
	if e.State != teamfolder.Waiting || !strings.Contains(e.Reason, "still arriving") {
		t.Fatalf("half a file: %+v", e)
	}
	if st := w.Status(); len(st) != 1 || st[0].State != teamfolder.Waiting {
		t.Fatalf("status of a half file: %+v", st)
	}
	sc.writeInPlace("Ben.gloss", data, len(data))
	if e := next(t, ch, "Ben.gloss"); e.State != teamfolder.Merged || e.Report.PassagesAdded != 1 {
		t.Fatalf("the whole file: %+v", e)
	}
	if got := quotes(t, ada); !has(got, "Ben: less than four hours") {
		t.Fatalf("after the file was whole: %v", got)
	}
}

// A colleague's file Gloss refuses is refused in gloss check's words, and
// merged once a sound version replaces it.
func TestHostileColleagueRefusedAsCheckRefuses(t *testing.T) {
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "")
	cy := tm.project(t.TempDir(), "Cy", "less than four hours")
	sound := fileBytes(t, cy)

	altered := filepath.Join(t.TempDir(), "Cy.gloss")
	if err := os.WriteFile(altered, sound, 0o644); err != nil {
		t.Fatal(err)
	}
	sdb, err := sql.Open("sqlite3", altered)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sdb.Exec(`CREATE TRIGGER spy AFTER INSERT ON passages BEGIN UPDATE meta SET value = 'x' WHERE key = 'project_id'; END`); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	_, problems, err := storage.CheckFile(context.Background(), altered)
	if err != nil || len(problems) != 1 {
		t.Fatalf("check of the altered file: %v, %v", problems, err)
	}
	hostile, err := os.ReadFile(altered)
	if err != nil {
		t.Fatal(err)
	}
	before := quotes(t, ada)
	_, ch := watch(t, ada)
	sc := syncClient{t, folder}
	sc.deliver("Cy.gloss", hostile)
	if e := next(t, ch, "Cy.gloss"); e.State != teamfolder.Refused || e.Reason != problems[0] {
		t.Fatalf("hostile file: %+v; want refused with %q", e, problems[0])
	}
	if got := quotes(t, ada); strings.Join(got, "\n") != strings.Join(before, "\n") {
		t.Fatalf("a refused file changed Ada's project: %v", got)
	}
	sc.deliver("Cy.gloss", sound)
	if e := next(t, ch, "Cy.gloss"); e.State != teamfolder.Merged || e.Report.PassagesAdded != 1 {
		t.Fatalf("the sound version: %+v", e)
	}
}

// Conflict copies of one's own file, in the names sync clients give them,
// are merged back and set aside; a colleague's conflict copy is merged and
// left where it is.
func TestConflictCopiesMergedBackAndSetAside(t *testing.T) {
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "")
	_, ch := watch(t, ada)
	sc := syncClient{t, folder}
	// Ada's work on her other computer, each version a conflict copy.
	laptop := tm.project(t.TempDir(), "Ada", "")
	for i, c := range []struct{ name, quote string }{
		{"Ada.sync-conflict-20210616-120000-ABCDEFG.gloss", "Biden and Putin met in Geneva"},
		{"Ada (conflicted copy 2021-06-16 120000).gloss", "less than four hours"},
		{"Ada_conflict-20210616-120000.gloss", "Human rights were raised"},
	} {
		doc := tm.geneva
		if i == 2 {
			doc = tm.red
		}
		code(t, laptop, doc, c.quote, tm.tag)
		sc.deliver(c.name, fileBytes(t, laptop))
		e := next(t, ch, c.name)
		want := filepath.Join(folder, teamfolder.SetAsideFolder, c.name)
		if e.State != teamfolder.Merged || e.Kind != teamfolder.OwnConflict || e.SetAside != want {
			t.Fatalf("%s: %+v", c.name, e)
		}
		if _, err := os.Stat(want); err != nil {
			t.Fatalf("%s was not set aside: %v", c.name, err)
		}
		if _, err := os.Stat(filepath.Join(folder, c.name)); !os.IsNotExist(err) {
			t.Fatalf("%s is still in the team folder", c.name)
		}
		if got := quotes(t, ada); !has(got, "Ada: "+c.quote) {
			t.Fatalf("%s not merged back: %v", c.name, got)
		}
	}
	// A colleague's conflict copy is theirs to set aside.
	ben := tm.project(t.TempDir(), "Ben", "The ambassadors will return")
	name := "Ben (Ada's conflicted copy 2021-06-16).gloss"
	sc.deliver(name, fileBytes(t, ben))
	if e := next(t, ch, name); e.State != teamfolder.Merged || e.Kind != teamfolder.ColleagueConflict || e.SetAside != "" {
		t.Fatalf("Ben's conflict copy: %+v", e)
	}
	if _, err := os.Stat(filepath.Join(folder, name)); err != nil {
		t.Fatalf("Ben's conflict copy was moved: %v", err)
	}
}

// Three researchers share a folder through a sync client; each keeps their
// own file and codes in it, and each ends up with everyone's work, without
// a manual merge, writing nobody's file but their own.
func TestThreeResearchersSeeEveryonesWork(t *testing.T) {
	tm := newTeam(t)
	names := []string{"Ada", "Ben", "Cy"}
	quote := map[string]string{"Ada": "Biden and Putin met in Geneva", "Ben": "less than four hours", "Cy": "The ambassadors will return"}
	folders, dbs, chans := map[string]string{}, map[string]*storage.DB{}, map[string]chan teamfolder.Event{}
	for _, n := range names {
		folders[n] = t.TempDir() // each researcher's copy of the synced folder
		dbs[n] = tm.project(folders[n], n, quote[n])
	}
	for _, n := range names {
		_, chans[n] = watch(t, dbs[n])
	}
	// The sync client: each round carries every file that changed since it
	// last carried it to the others, and waits for them to take it in.
	sent := map[string][]byte{}
	for round := 1; ; round++ {
		if round > 6 {
			t.Fatal("the folder did not settle in 6 rounds")
		}
		carried := 0
		for _, from := range names {
			data := fileBytes(t, dbs[from])
			if bytes.Equal(data, sent[from]) {
				continue
			}
			sent[from] = data
			for _, to := range names {
				if to == from {
					continue
				}
				syncClient{t, folders[to]}.deliver(from+".gloss", data)
				if e := next(t, chans[to], from+".gloss"); e.State != teamfolder.Merged {
					t.Fatalf("round %d: %s's watcher on %s.gloss: %+v", round, to, from, e)
				}
				carried++
			}
		}
		if carried == 0 {
			break
		}
	}
	want := append([]string(nil), tm.quotes...)
	for _, n := range names {
		want = append(want, n+": "+quote[n])
	}
	sort.Strings(want)
	for _, n := range names {
		if got := quotes(t, dbs[n]); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%s sees %v, want %v", n, got, want)
		}
		// Colleagues' files in this folder are as the sync client left them.
		for _, from := range names {
			if from == n {
				continue
			}
			if b, _ := os.ReadFile(filepath.Join(folders[n], from+".gloss")); !bytes.Equal(b, sent[from]) {
				t.Fatalf("%s's folder: %s.gloss was written by the watcher", n, from)
			}
		}
	}
}

// The researcher's own saved changes reach their file itself, out of the
// write-ahead log, for the sync client to carry.
func TestOwnChangesFoldedIntoTheFile(t *testing.T) {
	tm := newTeam(t)
	folder := t.TempDir()
	ada := tm.project(folder, "Ada", "")
	watch(t, ada)
	start, end, err := annotate.FindQuote(annotate.NewText(tm.geneva.Text), "less than four hours", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ada.CreatePassage(context.Background(), &annotate.Passage{DocumentID: tm.geneva.ID, Start: start, End: end, Quote: "less than four hours", Tags: []string{tm.tag}}); err != nil {
		t.Fatal(err)
	}
	// What a sync client would send: the file alone, copied and opened
	// elsewhere. A copy taken while the log is being folded into the file
	// is torn, as a sync client's would be, and is refused as damaged; the
	// client copies again once the file has settled, and so does the test.
	sent := func() ([]string, error) {
		p := filepath.Join(t.TempDir(), "Ada.gloss")
		if err := os.WriteFile(p, fileBytes(t, ada), 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := storage.OpenReading(p)
		if err != nil {
			return nil, err
		}
		defer db.Close()
		return quotes(t, db), nil
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(wait)
	for {
		got, err := sent()
		if err == nil && has(got, "Ada: less than four hours") {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("after %s the file alone still lacks Ada's change (last copy: %v, %v)", wait, got, err)
		}
	}
}
