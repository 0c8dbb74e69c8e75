package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// acceptProject makes a project of 100 documents of 3,000 words with a rule
// proposing at least n passages, and returns it with the first n
// proposals.
func acceptProject(b *testing.B, n int) (*storage.DB, []annotate.Proposal) {
	b.Helper()
	db, err := storage.Create(filepath.Join(b.TempDir(), "accept.gloss"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetAuthor("Ada")
	if err := storage.Bulk(db, 1, 100, 3000, 1, 0, "Ada", time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	tags, err := db.Tags(ctx)
	if err != nil || len(tags) == 0 {
		b.Fatal(tags, err)
	}
	mustRule(b, db, "Summit words", annotate.RuleWords, "president|geneva|summit|ambassadors|cyber|putin|biden", annotate.ScopeMatch, tags[0].ID)
	ps, err := db.ProposeAutocode(ctx, storage.AutocodeOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if len(ps) < n {
		b.Fatalf("%d proposals, want %d", len(ps), n)
	}
	return db, ps[:n]
}

// BenchmarkAcceptProposals accepts 20,000 auto-coding proposals in one
// call, the write that holds the project's lock longest in daily use,
// against the floor of inserting the same rows with prepared statements in
// one transaction (the triggers fire in both).
func BenchmarkAcceptProposals(b *testing.B) {
	const n = 20000
	b.Run("accept", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db, ps := acceptProject(b, n)
			b.StartTimer()
			start := cpuTime()
			ids, err := db.AcceptProposals(context.Background(), ps)
			b.StopTimer()
			reportCPU(b, start)
			if err != nil || len(ids) != n {
				b.Fatalf("accepted %d, %v", len(ids), err)
			}
			b.StartTimer()
		}
	})
	b.Run("baseline-raw-inserts", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db, ps := acceptProject(b, n)
			path := db.Path()
			db.Close()
			raw := rawOpen(b, path)
			b.StartTimer()
			start := cpuTime()
			if err := rawInsertProposals(raw, ps); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			reportCPU(b, start)
			b.StartTimer()
		}
	})
}
