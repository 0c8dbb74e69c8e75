package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

var (
	analysedOnce sync.Once
	analysedPath string
	analysedErr  error
)

// analysedProject is the generated 1,000-document, 100,000-passage project
// with what analysis adds: two attributes on every document (an outlet type
// of five and a publication date over a year), a memo on every code and a
// journal of 1,000 entries. It is made once per test binary, from a copy.
func analysedProject(b *testing.B) string {
	b.Helper()
	path, _ := bigProject(b)
	analysedOnce.Do(func() {
		analysedPath = filepath.Join(filepath.Dir(path), "analysed.gloss")
		data, err := os.ReadFile(path)
		if err == nil {
			err = os.WriteFile(analysedPath, data, 0o644)
		}
		if err != nil {
			analysedErr = err
			return
		}
		analysedErr = addAnalysis(analysedPath)
	})
	if analysedErr != nil {
		b.Fatal(analysedErr)
	}
	return analysedPath
}

func addAnalysis(path string) error {
	ctx := context.Background()
	db, err := storage.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetAuthor("Bench")
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper", "Broadcaster", "Magazine", "Blog"}}
	published := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	for _, a := range []*annotate.Attribute{outlet, published} {
		if err := db.CreateAttribute(ctx, a); err != nil {
			return err
		}
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return err
	}
	values := map[string]map[string]string{}
	for i, d := range docs {
		values[d.ID] = map[string]string{
			outlet.ID:    outlet.Choices[i%len(outlet.Choices)],
			published.ID: fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28),
		}
	}
	if err := db.SetAttributes(ctx, values); err != nil {
		return err
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		return err
	}
	for _, t := range tags {
		if err := db.SetCodeMemo(ctx, t.ID, "When to apply "+t.Name+": statements about it, not reports of it. What the outlets make of it differs by type."); err != nil {
			return err
		}
	}
	for i := 0; i < 1000; i++ {
		e := &annotate.JournalEntry{Date: fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28), Title: fmt.Sprintf("Session %d", i),
			Text: "Coded the next batch; the wire copy repeats the official line, the newspapers add context."}
		if err := db.CreateJournalEntry(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkQuery evaluates two-code queries over the 100,000 passages (two
// codes of some 6,250 passages each), against the baseline every one of
// them pays: reading where the two codes' passages are (a one-code query
// on each, through the same code path).
func BenchmarkQuery(b *testing.B) {
	path := analysedProject(b)
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	outlet, err := db.AttributeByName(ctx, "Outlet type")
	if err != nil {
		b.Fatal(err)
	}
	run := func(name, src string, f annotate.PassageFilter) {
		q, err := annotate.ParseQuery(src)
		if err != nil {
			b.Fatal(err)
		}
		f.Query = q
		b.Run(name, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			n := 0
			for i := 0; i < b.N; i++ {
				refs, err := db.QueryPassages(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(refs)
			}
			b.ReportMetric(float64(n), "passages")
		})
	}
	none := annotate.PassageFilter{}
	run("baseline-one-code", `"Code 00"`, none)
	run("and", `"Code 00" AND "Code 01"`, none)
	run("or", `"Code 00" OR "Code 01"`, none)
	run("and-not", `"Code 00" AND NOT "Code 01"`, none)
	run("near-50", `"Code 00" NEAR/50 "Code 01"`, none)
	run("near-paragraph", `"Code 00" NEAR/paragraph "Code 01"`, none)
	run("and-in-wire-copy", `"Code 00" AND "Code 01"`,
		annotate.PassageFilter{Attributes: []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"Wire"}}}})
	q, _ := annotate.ParseQuery(`"Code 00" AND "Code 01"`)
	b.Run("and-whole-passages", func(b *testing.B) {
		// What listing the results costs on top: reading them whole.
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := db.Passages(ctx, annotate.PassageFilter{Query: q}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTagAttributeMatrix counts the 100,000 passages per code and
// value of an attribute, against the code × document matrix it is built
// from (the same maintained counts).
func BenchmarkTagAttributeMatrix(b *testing.B) {
	path := analysedProject(b)
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	outlet, err := db.AttributeByName(ctx, "Outlet type")
	if err != nil {
		b.Fatal(err)
	}
	published, err := db.AttributeByName(ctx, "Published")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline-tags-by-document", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := db.TagDocumentMatrix(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range []struct {
		name, attr, by string
	}{{"outlet-type", outlet.ID, ""}, {"published-by-month", published.ID, annotate.ByMonth}, {"published-by-day", published.ID, ""}} {
		b.Run(tc.name, func(b *testing.B) {
			defer reportCPU(b, cpuTime())
			total := 0
			for i := 0; i < b.N; i++ {
				m, err := db.TagAttributeMatrix(ctx, tc.attr, tc.by, storage.AnalysisScope{})
				if err != nil {
					b.Fatal(err)
				}
				total = 0
				for r := range m.Rows {
					total += m.RowTotal(r)
				}
			}
			if total < benchPassages {
				b.Fatalf("the matrix counts %d tag applications, fewer than the %d passages", total, benchPassages)
			}
		})
	}
	b.Run("outlet-type-in-wire-copy", func(b *testing.B) {
		scope := storage.AnalysisScope{Attributes: []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"Wire"}}}}
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := db.TagAttributeMatrix(ctx, published.ID, annotate.ByMonth, scope); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMemos lists every memo of the analysed project (the journal's
// 1,000 entries and the codes' memos), as the Memos view does when it
// opens, against listing the documents (1,000 rows) as the baseline.
func BenchmarkMemos(b *testing.B) {
	path := analysedProject(b)
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	b.Run("baseline-documents", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		for i := 0; i < b.N; i++ {
			if _, err := db.Documents(ctx, annotate.DocumentFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("memos", func(b *testing.B) {
		defer reportCPU(b, cpuTime())
		n := 0
		for i := 0; i < b.N; i++ {
			ms, err := db.Memos(ctx, annotate.MemoFilter{})
			if err != nil {
				b.Fatal(err)
			}
			n = len(ms)
		}
		b.ReportMetric(float64(n), "memos")
	})
}
