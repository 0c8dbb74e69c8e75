package storage

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// registryPaths returns the files the trust registry holds.
func registryPaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	for p := range loadTrust(trustPath()) {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// TestTrustOnlyTheResearchersFiles runs everything that makes a scratch
// database (the reference schema, the upgraded copy of an older
// colleague's file, the copy to send) and checks that the registry holds
// the researcher's project alone: scratch files would push the projects
// out of it.
func TestTrustOnlyTheResearchersFiles(t *testing.T) {
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	referenceMu.Lock()
	referenceSchemas = map[int]map[string]schemaObject{}
	referenceMu.Unlock()
	referenceInfoMu.Lock()
	referenceInfos = map[int]*reference{}
	referenceInfoMu.Unlock()

	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.gloss")
	db, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	old := filepath.Join(dir, "old.gloss")
	olderProject(t, old, 1)
	if _, err := db.Merge(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveCopy(ctx, filepath.Join(dir, "to-send.gloss"), CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	if got := registryPaths(t); len(got) != 1 || got[0] != abs {
		t.Fatalf("the registry holds %q; want only %s", got, abs)
	}
}

// TestTrustSurvivesAnEmptyLog leaves beside a trusted project what another
// SQLite reader leaves (an empty -wal and a -shm): the file is unchanged,
// and still trusted. A log with pages in it is a change.
func TestTrustSurvivesAnEmptyLog(t *testing.T) {
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	path := filepath.Join(t.TempDir(), "mine.gloss")
	db, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !trusted(path) {
		t.Fatal("not trusted after closing")
	}
	reader, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRow("SELECT count(*) FROM documents").Scan(&n); err != nil {
		t.Fatal(err)
	}
	reader.Close()
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() != 0 {
		t.Fatalf("the reader left no empty log (%v): the test checks nothing", err)
	}
	if !trusted(path) {
		t.Fatal("an empty log left by a reader made the file untrusted")
	}
	writer, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.Exec("INSERT INTO authors (name, created_at) VALUES ('Ben', '2021-06-16T12:00:00.000000Z')"); err != nil {
		t.Fatal(err)
	}
	if trusted(path) {
		t.Fatal("a file with another program's log is still trusted")
	}
}

// TestTrustForgetsScratchAndGoneFiles closes a project in the temporary
// folder with the registry in its usual place (as a test run of another
// package, or a scratch copy, would): it is not recorded. A recorded file
// that is gone leaves the registry at the next write.
func TestTrustForgetsScratchAndGoneFiles(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	t.Setenv("GLOSS_TRUST_FILE", "")
	reg := trustPath()
	if reg == "" || !strings.HasPrefix(reg, cache) {
		t.Fatalf("registry at %q, not in %s", reg, cache)
	}
	scratch := filepath.Join(t.TempDir(), "scratch.gloss")
	db, err := Create(scratch)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := loadTrust(reg); len(got) != 0 {
		t.Fatalf("a file in the temporary folder was recorded: %v", got)
	}
	// Recorded by hand, as an older Gloss did; once gone, it is dropped
	// when another file is recorded.
	gone := filepath.Join(t.TempDir(), "gone.gloss")
	t.Setenv("GLOSS_TRUST_FILE", reg)
	db, err = Create(gone)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if len(loadTrust(reg)) != 1 {
		t.Fatal("the file was not recorded with the registry named")
	}
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	db, err = Create(scratch + "2")
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(scratch + "2")
	if got := loadTrust(reg); len(got) != 1 || got[abs].Identity == "" {
		t.Fatalf("the registry holds %v; want only %s", got, abs)
	}
}
