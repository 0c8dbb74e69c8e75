package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// Sizes of the generated project the benchmarks read.
const (
	benchDocuments = storagetest.BigDocuments
	benchPassages  = storagetest.BigPassages
	benchTags      = storagetest.BigTags
)

// TestMain removes the generated benchmark project (about 100 MB) when the
// test binary is done.
func TestMain(m *testing.M) {
	code := m.Run()
	storagetest.RemoveShared()
	os.Exit(code)
}

// bigProject generates, once per test binary, a project of 1,000 documents
// and 100,000 passages spread over 20 tags, and returns its path and the ID
// of one tag.
func bigProject(b *testing.B) (string, string) {
	b.Helper()
	path, tag, err := storagetest.Shared("Bench")
	if err != nil {
		b.Fatal(err)
	}
	return path, tag
}

// BenchmarkCreatePassage measures one durable insert: a transaction that
// is synced to disk before the call returns, in a document of 30 KB and of
// 3 MB (whose quote is checked against the text without reading it
// again), against the floor of a raw durable INSERT of one row in the same
// file, through database/sql and go-sqlite3 with the same settings.
func BenchmarkCreatePassage(b *testing.B) {
	for _, tc := range []struct {
		name string
		size int
	}{{"30KB", 30 << 10}, {"3MB", 3 << 20}} {
		b.Run(tc.name, func(b *testing.B) {
			db := MustOpen(b)
			text := strings.Repeat(article+"\n\n", tc.size/(len(article)+2)+1)
			doc := MustDocument(b, db, "Summit", text)
			tag := MustTag(b, db, "Ambassadors")
			t := annotate.NewText(doc.Text)
			n := t.Len()
			b.ResetTimer()
			defer reportCPU(b, cpuTime())
			for i := 0; i < b.N; i++ {
				start := (i * 7919) % (n - 20)
				p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: start + 20, Quote: t.Slice(start, start+20), Tags: []string{tag.ID}}
				if err := db.CreatePassage(context.Background(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("raw-insert", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "raw.gloss")
		db, err := storage.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
		raw, err := sql.Open("sqlite3", "file:"+path+"?_synchronous=FULL&_txlock=immediate")
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`CREATE TABLE floor (id TEXT PRIMARY KEY, quote TEXT, at TEXT) WITHOUT ROWID`); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			tx, err := raw.Begin()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tx.Exec(`INSERT INTO floor VALUES (?, ?, ?)`, annotate.NewID(), "twenty characters ok", "2026-01-01T00:00:00Z"); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPassagesOfTag lists the passages of one tag in the generated
// project with Passages, against the floor of a raw SELECT of the same
// passages' columns through database/sql in the same run, on a connection
// with the settings and pragmas of DB's own (with SQLite's default 2 MB
// page cache instead of DB's 256 MiB the floor read the file's pages anew
// at every listing, and was the slower for it). The project is opened
// without the checks of a colleague's file, which are not what is
// measured here (BenchmarkOpenChecked times them).
func BenchmarkPassagesOfTag(b *testing.B) {
	path, tag := bigProject(b)
	db, err := storage.OpenUnchecked(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("Passages", func(b *testing.B) {
		start := cpuTime()
		var n int
		for i := 0; i < b.N; i++ {
			ps, err := db.Passages(context.Background(), annotate.PassageFilter{TagIDs: []string{tag}})
			if err != nil {
				b.Fatal(err)
			}
			n = len(ps)
		}
		reportCPU(b, start)
		b.ReportMetric(float64(n), "passages")
		if n < benchPassages/benchTags {
			b.Fatalf("listed %d passages, expected at least %d", n, benchPassages/benchTags)
		}
	})
	b.Run("raw-select", func(b *testing.B) {
		raw, err := sql.Open(storage.ReadDSN(path))
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		start := cpuTime()
		var n int
		for i := 0; i < b.N; i++ {
			rows, err := raw.Query(`SELECT p.id, p.document_id, p.start_offset, p.end_offset, p.quote, p.prefix, p.suffix, p.provenance,
				p.author_id, p.created_at, p.updated_at FROM passage_tags f CROSS JOIN passages p ON p.id = f.passage_id
				WHERE f.tag_id = ? AND f.deleted_at IS NULL AND p.deleted_at IS NULL`, tag)
			if err != nil {
				b.Fatal(err)
			}
			n = 0
			for rows.Next() {
				var id, doc, quote, prefix, suffix, prov, created, updated string
				var start, end, author int64
				if err := rows.Scan(&id, &doc, &start, &end, &quote, &prefix, &suffix, &prov, &author, &created, &updated); err != nil {
					b.Fatal(err)
				}
				n++
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
		reportCPU(b, start)
		b.ReportMetric(float64(n), "passages")
		if n < benchPassages/benchTags {
			b.Fatalf("selected %d passages, expected at least %d", n, benchPassages/benchTags)
		}
	})
}

// BenchmarkOpen opens the generated project and reads its codebook and
// document list, as the app does on launch. The project is one this
// machine wrote and closed last, as on a researcher's own computer, so
// Open skips the whole-file checks of a colleague's file
// (BenchmarkOpenChecked measures those).
func BenchmarkOpen(b *testing.B) {
	path, _ := bigProject(b)
	b.Setenv("GLOSS_TRUST_FILE", filepath.Join(b.TempDir(), "trusted.json"))
	db, err := storage.Open(path) // closing it records it as this machine's
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	if !storage.Trusted(path) {
		b.Fatal("the generated project is not trusted after closing it")
	}
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		db, err := storage.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Tags(context.Background()); err != nil {
			b.Fatal(err)
		}
		docs, err := db.Documents(context.Background(), annotate.DocumentFilter{})
		if err != nil || len(docs) != benchDocuments {
			b.Fatalf("documents: %d, %v", len(docs), err)
		}
		db.Close()
	}
	b.StopTimer()
	if !storage.Trusted(path) {
		b.Fatal("the generated project is no longer trusted after opening and closing it")
	}
}
