package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// codebookBatch is a REFI-QDA codebook of n codes as a reader makes it:
// one code in ten a parent of the nine after it, every name distinct, one
// in four beyond ASCII (Unicode case folding matters then).
func codebookBatch(n int) *annotate.Batch {
	b := &annotate.Batch{File: "codes.qdc"}
	parent := ""
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("c%d", i)
		name := fmt.Sprintf("Code %d", i)
		if i%4 == 0 {
			name = fmt.Sprintf("Código %d", i)
		}
		t := &annotate.BatchTag{Key: key, Name: name, Codebook: true, ParentKey: parent}
		if i%10 == 0 {
			t.ParentKey, parent = "", key
		}
		b.Tags = append(b.Tags, t)
	}
	return b
}

// sourcesBatch is a project export of n short sources, each with its text
// and URL and one coded passage.
func sourcesBatch(n int) *annotate.Batch {
	b := &annotate.Batch{File: "sources.qdpx", Tags: []*annotate.BatchTag{{Key: "t", Name: "Summit"}}}
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("s%d", i)
		text := fmt.Sprintf("Source %d: the ambassadors of both countries would return to their posts, said report %d.", i, i)
		b.Documents = append(b.Documents, &annotate.BatchDocument{Key: key, Title: fmt.Sprintf("Report %d", i),
			URL: fmt.Sprintf("https://news.example/report/%d", i), Text: text})
		b.Passages = append(b.Passages, &annotate.BatchPassage{Key: key + "/p", Document: key, Tags: []string{"t"},
			Selector: annotate.Selector{Exact: "ambassadors of both countries", Start: len(fmt.Sprint(i)) + 12}, HasPosition: false})
	}
	return b
}

// annotationsBatch is a web annotation file with one annotation on each of
// n pages, known by URL only.
func annotationsBatch(n int) *annotate.Batch {
	b := &annotate.Batch{File: "hypothesis.json", Tags: []*annotate.BatchTag{{Key: "envoys", Name: "Envoys"}}}
	for i := 0; i < n; i++ {
		url := fmt.Sprintf("https://news.example/report/%d", i)
		b.Documents = append(b.Documents, &annotate.BatchDocument{Key: url, URL: url})
		b.Passages = append(b.Passages, &annotate.BatchPassage{Key: fmt.Sprintf("#%d", i), Document: url, Tags: []string{"envoys"},
			Selector: annotate.Selector{Exact: "would return to their posts"}, Note: "Envoys."})
	}
	return b
}

// BenchmarkImportScale imports a codebook of n codes, a project of n
// sources and annotations on those n sources, each into a fresh project,
// against the baselines of writing as many tag rows, or document rows of
// about the same text, directly in one transaction (storage.Bulk: the
// floor of any import). Linear work shows as a constant time per code and
// per source across sizes.
func BenchmarkImportScale(b *testing.B) {
	ctx := context.Background()
	// per reports the time and the CPU time (the process's user and
	// system time, which swings less with other jobs on the machine) per
	// item of the timed sections.
	per := func(b *testing.B, cpu time.Duration, n int, unit string) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/"+unit)
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*n), "cpu-ns/"+unit)
	}
	fresh := func(b *testing.B) *storage.DB {
		b.Helper()
		db, err := storage.Create(filepath.Join(b.TempDir(), fmt.Sprintf("p%d.gloss", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		db.SetAuthor("Ada")
		return db
	}
	for _, n := range []int{5000, 20000, 80000, 200000} {
		b.Run(fmt.Sprintf("baseline-bulk-tags-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				b.StartTimer()
				c0 := cpuTime()
				if err := storage.Bulk(db, 1, 0, 0, n, 0, "Ada", t0); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "code")
		})
		b.Run(fmt.Sprintf("codebook-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				batch := codebookBatch(n)
				b.StartTimer()
				c0 := cpuTime()
				rep, err := db.ImportBatch(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				if rep.TagsAdded != n {
					b.Fatalf("%d tags added", rep.TagsAdded)
				}
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "code")
		})
	}
	for _, n := range []int{5000, 20000, 50000} {
		b.Run(fmt.Sprintf("baseline-bulk-documents-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				b.StartTimer()
				c0 := cpuTime()
				if err := storage.Bulk(db, 1, n, 15, 0, 0, "Ada", t0); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "source")
		})
		b.Run(fmt.Sprintf("sources-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				batch := sourcesBatch(n)
				b.StartTimer()
				c0 := cpuTime()
				rep, err := db.ImportBatch(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				if rep.DocumentsAdded != n || rep.Added != n {
					b.Fatalf("report: %s", rep.Summary())
				}
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "source")
		})
		b.Run(fmt.Sprintf("annotations-on-sources-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				if _, err := db.ImportBatch(ctx, sourcesBatch(n)); err != nil {
					b.Fatal(err)
				}
				batch := annotationsBatch(n)
				b.StartTimer()
				c0 := cpuTime()
				rep, err := db.ImportBatch(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				if rep.DocumentsMatched != n || rep.Added != n {
					b.Fatalf("report: %s", rep.Summary())
				}
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "source")
		})
		b.Run(fmt.Sprintf("annotations-on-unknown-pages-%d", n), func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := fresh(b)
				batch := annotationsBatch(n)
				b.StartTimer()
				c0 := cpuTime()
				rep, err := db.ImportBatch(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				if rep.Unanchored != n {
					b.Fatalf("report: %s", rep.Summary())
				}
				db.Close()
				b.StartTimer()
			}
			per(b, cpu, n, "source")
		})
	}
}
