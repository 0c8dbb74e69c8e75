package storage_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gloss/storage"
)

// reportCPU reports CPU milliseconds per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkOpenChecked opens the generated 1,000-document, 100,000-passage
// project with every check on an untrusted file (Open), against a baseline
// that opens it the way Open did before the checks (OpenUnchecked), and
// times Inspect's parts on their own.
func BenchmarkOpenChecked(b *testing.B) {
	path, _ := bigProject(b)
	b.Setenv("GLOSS_TRUST_FILE", filepath.Join(b.TempDir(), "trusted.json"))
	b.Run("baseline-unchecked", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			db, err := storage.OpenUnchecked(path)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	// A colleague's file: every check.
	b.Run("open-untrusted", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := storage.Inspect(path); err != nil {
				b.Fatal(err)
			}
			db, err := storage.OpenUnchecked(path)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
	// A file this machine wrote last: header, identity, version and schema.
	b.Run("open-own", func(b *testing.B) {
		db, err := storage.Open(path) // closing it records it as ours
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
			db.Close()
		}
	})
}

// BenchmarkMerge merges two colleagues' files of 50,000 passages each over
// the same 500 documents: half the passages shared (by id, a tenth of
// their notes revised and a twentieth deleted on each side), half each
// colleague's own, so the merge adds 25,000 passages with their tags and
// notes and reconciles the 25,000 shared ones. The check of their file and
// the merge without it are timed on their own too, so that the
// transaction's share can be told.
func BenchmarkMerge(b *testing.B) {
	dir := b.TempDir()
	basePath := filepath.Join(dir, "base.gloss")
	db, err := storage.Create(basePath)
	if err != nil {
		b.Fatal(err)
	}
	if err := storage.Bulk(db, 1, 500, 1000, 20, 25000, "Ada", t0); err != nil {
		b.Fatal(err)
	}
	db.Close()
	ours, theirs := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	for _, f := range []struct {
		path, author string
		seed         int64
		at           time.Time
	}{{ours, "Ada", 2, t0.Add(time.Hour)}, {theirs, "Ben", 3, t0.Add(2 * time.Hour)}} {
		copyFile(b, basePath, f.path)
		db, err := storage.Open(f.path)
		if err != nil {
			b.Fatal(err)
		}
		if err := storage.Revise(db, f.author, f.at); err != nil {
			b.Fatal(err)
		}
		if err := storage.Bulk(db, f.seed, 0, 0, 0, 25000, f.author, f.at); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	work := filepath.Join(dir, "work.gloss")
	// The check of the colleague's file the merge makes first, alone: the
	// merge less this is its transaction.
	b.Run("check", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := storage.Inspect(theirs); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The floor: the rows the merge adds, copied by one INSERT ... SELECT
	// a table, the triggers firing, without checks or merging rules.
	b.Run("baseline-insert-select", func(b *testing.B) {
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			copyFile(b, ours, work)
			removeSidecars(b, work)
			b.StartTimer()
			start := cpuTime()
			if err := storage.InsertSelect(work, theirs); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - start
		}
		b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	})
	merge := func(merge func(*storage.DB) (*storage.MergeReport, error)) func(*testing.B) {
		return func(b *testing.B) {
			var rep *storage.MergeReport
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				copyFile(b, ours, work)
				removeSidecars(b, work)
				// Our own file, which Open would know as ours: not checked again.
				db, err := storage.OpenUnchecked(work)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				rep, err = merge(db)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - start
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(rep.PassagesAdded), "added")
		}
	}
	b.Run("merge", merge(func(db *storage.DB) (*storage.MergeReport, error) { return db.Merge(context.Background(), theirs) }))
	// The same merge without the check, which "check" times: the
	// transaction and what it reads of their file.
	b.Run("transaction", merge(func(db *storage.DB) (*storage.MergeReport, error) { return storage.MergeUnchecked(db, theirs) }))
}

// removeSidecars removes a copied project's leftover -wal and -shm.
func removeSidecars(b *testing.B, path string) {
	b.Helper()
	for _, s := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + s); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
}
