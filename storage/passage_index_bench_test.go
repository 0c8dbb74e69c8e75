package storage_test

import (
	"context"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// screen is how many rows a list reads at a time: a screen and some.
const screen = 50

// BenchmarkPassageList measures what a list of the generated project's
// passages (1,000 documents, 100,000 passages) costs when it reads only
// what it shows: the listing's index (a count per document) and one
// screen, for the whole project, one code, a text typed into the filter
// (a word in every document, and a dateline in one; and the first
// keystroke after a change, which reads the text index anew), and a
// screen at the end of the list. The baselines, in the same run, list the same passages
// whole with Passages, as the Passages tab did. The project is opened
// without the checks of a colleague's file, which are not what is
// measured here (BenchmarkOpenChecked times them).
func BenchmarkPassageList(b *testing.B) {
	path, tag := bigProject(b)
	db, err := storage.OpenUnchecked(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	cases := []struct {
		name string
		f    annotate.PassageFilter
		at   func(total int) int
		min  int
	}{
		{"open", annotate.PassageFilter{}, first, benchPassages},
		{"code", annotate.PassageFilter{TagIDs: []string{tag}}, first, benchPassages / benchTags},
		{"text-common", annotate.PassageFilter{Text: "navalny ukraine"}, first, 100},
		{"text-rare", annotate.PassageFilter{Text: "(417.3"}, first, 1},
		{"end", annotate.PassageFilter{}, func(total int) int { return total - screen }, benchPassages},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for i := 0; i < b.N; i++ {
				x, err := db.IndexPassages(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				ps, err := db.PassagesAt(ctx, x, c.at(x.Total), screen)
				if err != nil {
					b.Fatal(err)
				}
				if x.Total < c.min || len(ps) != min(screen, x.Total) {
					b.Fatalf("%d of %d passages", len(ps), x.Total)
				}
			}
		})
	}
	b.Run("text-common-cold", func(b *testing.B) {
		// The first keystroke after a change: the text index is read anew.
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			storage.DropTextIndex(db)
			x, err := db.IndexPassages(ctx, cases[2].f)
			if err != nil {
				b.Fatal(err)
			}
			ps, err := db.PassagesAt(ctx, x, 0, screen)
			if err != nil {
				b.Fatal(err)
			}
			if x.Total < cases[2].min || len(ps) != screen {
				b.Fatalf("%d of %d passages", len(ps), x.Total)
			}
		}
	})
	for _, c := range cases[:4] {
		b.Run("baseline-whole-"+c.name, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			for i := 0; i < b.N; i++ {
				ps, err := db.Passages(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(ps) < c.min {
					b.Fatalf("%d passages", len(ps))
				}
			}
		})
	}
	b.Run("scroll", func(b *testing.B) {
		// A screen further down at every step, as a fling to the end reads.
		x, err := db.IndexPassages(ctx, annotate.PassageFilter{})
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			at := (i * 997 * screen) % (x.Total - screen)
			ps, err := db.PassagesAt(ctx, x, at, screen)
			if err != nil {
				b.Fatal(err)
			}
			if len(ps) != screen {
				b.Fatalf("%d passages at %d", len(ps), at)
			}
		}
	})
}

func first(int) int { return 0 }
