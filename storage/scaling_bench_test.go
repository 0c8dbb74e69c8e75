package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// scalingColleagues are the team sizes BenchmarkTeamMerge times; the
// environment variable GLOSS_SCALING (e.g. "5,20") runs some of them.
var scalingColleagues = []int{1, 5, 20, 50}

// BenchmarkTeamMerge times a researcher taking in a team's files, as the
// team folder does when they arrive (docs/SCALING.md): over a shared base
// of 50 documents of about 2,000 words and 20 codes, the researcher's own
// file and each colleague's hold 10,000 passages of their own (one or two
// codes each, a note on one in five). Each iteration merges every
// colleague's file, one after the other, into a fresh copy of the
// researcher's file. colleagues=1 is the baseline the others compare with.
// After the last iteration, "again" is the merge of one colleague's file
// that brings nothing new into the full project: what every later arrival
// of an unchanged file costs.
func BenchmarkTeamMerge(b *testing.B) {
	sizes := scalingColleagues
	if s := os.Getenv("GLOSS_SCALING"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatalf("GLOSS_SCALING: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	most := 0
	for _, n := range sizes {
		most = max(most, n)
	}
	b.Setenv("GLOSS_TRUST_FILE", "off")
	dir := b.TempDir()
	base := filepath.Join(dir, "base.gloss")
	db, err := storage.Create(base)
	if err != nil {
		b.Fatal(err)
	}
	if err := storage.Bulk(db, 1, 50, 2000, 20, 0, "Ada", t0); err != nil {
		b.Fatal(err)
	}
	db.Close()
	// Every file made from the base, each with its author's passages.
	file := func(name string, seed int64) string {
		p := filepath.Join(dir, name+".gloss")
		copyFile(b, base, p)
		db, err := storage.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := storage.Bulk(db, seed, 0, 0, 0, 10000, name, t0.Add(time.Duration(seed)*time.Minute)); err != nil {
			b.Fatal(err)
		}
		db.Close()
		return p
	}
	own := file("Ada", 2)
	var colleagues []string
	for i := 0; i < most; i++ {
		colleagues = append(colleagues, file(fmt.Sprintf("Colleague %02d", i+1), int64(100+i)))
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("colleagues=%d", n), func(b *testing.B) {
			work := filepath.Join(b.TempDir(), "Ada.gloss")
			var cpu time.Duration
			var again, againCPU time.Duration
			var size int64
			var passages int
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				os.Remove(work)
				copyFile(b, own, work)
				db, err := storage.Open(work)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				for _, c := range colleagues[:n] {
					if _, err := db.Merge(context.Background(), c); err != nil {
						b.Fatal(err)
					}
				}
				cpu += cpuTime() - start
				b.StopTimer()
				if i == b.N-1 {
					t, c := time.Now(), cpuTime()
					rep, err := db.Merge(context.Background(), colleagues[0])
					if err != nil {
						b.Fatal(err)
					}
					if rep.Changed() {
						b.Fatalf("merging %s again changed the project: %+v", colleagues[0], rep)
					}
					again, againCPU = time.Since(t), cpuTime()-c
					ps, err := db.QueryPassages(context.Background(), annotate.PassageFilter{})
					if err != nil {
						b.Fatal(err)
					}
					passages = len(ps)
				}
				db.Close()
				if info, err := os.Stat(work); err == nil {
					size = info.Size()
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(again)/float64(time.Millisecond), "again-ms")
			b.ReportMetric(float64(againCPU)/float64(time.Millisecond), "again-cpu-ms")
			b.ReportMetric(float64(passages), "passages")
			b.ReportMetric(float64(size)/(1<<20), "MB")
		})
	}
}
