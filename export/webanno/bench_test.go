package webanno_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/webanno"
	"gloss/storage"
)

// Size of the benchmark project: 20 articles of 100 sentences, each
// sentence a passage.
const (
	benchDocs      = 20
	benchSentences = 100
)

func benchText(d int) string {
	var b strings.Builder
	for s := 0; s < benchSentences; s++ {
		fmt.Fprintf(&b, "Article %d, sentence %d: the delegations in Genève discussed item %d of the agenda at length. ", d, s, s*7+d)
	}
	return b.String()
}

// benchProject creates the documents and tags, and, with passages, a
// passage on every sentence.
func benchProject(b *testing.B, dir string, passages bool) (*storage.DB, []*annotate.Document, []*annotate.Tag) {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Create(filepath.Join(dir, fmt.Sprintf("bench-%d.gloss", b.N)))
	if err != nil {
		b.Fatal(err)
	}
	db.SetAuthor("Ada")
	var docs []*annotate.Document
	for d := 0; d < benchDocs; d++ {
		doc := &annotate.Document{Title: fmt.Sprintf("Article %02d", d), URL: fmt.Sprintf("https://example.org/a/%d", d), Text: benchText(d)}
		if _, err := db.CreateDocument(ctx, doc); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
	}
	var tags []*annotate.Tag
	for i := 0; i < 5; i++ {
		t := &annotate.Tag{Name: fmt.Sprintf("Code %d", i), Color: annotate.Palette[i]}
		if err := db.CreateTag(ctx, t); err != nil {
			b.Fatal(err)
		}
		tags = append(tags, t)
	}
	if passages {
		batch := benchBatch(docs, tags)
		if _, err := db.ImportBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	return db, docs, tags
}

// benchBatch is a passage per sentence of every document, with a note on
// every other one.
func benchBatch(docs []*annotate.Document, tags []*annotate.Tag) *annotate.Batch {
	batch := &annotate.Batch{File: "bench.json"}
	for _, t := range tags {
		batch.Tags = append(batch.Tags, &annotate.BatchTag{Key: t.Name, Name: t.Name})
	}
	for _, d := range docs {
		batch.Documents = append(batch.Documents, &annotate.BatchDocument{Key: d.URL, URL: d.URL})
		t := annotate.NewText(d.Text)
		for s := 0; s < benchSentences; s++ {
			q := fmt.Sprintf("sentence %d: the delegations", s)
			start, end, err := annotate.FindQuote(t, q, 0)
			if err != nil {
				panic(err)
			}
			p := &annotate.BatchPassage{Key: fmt.Sprintf("%s#%d", d.URL, s), Document: d.URL, Selector: annotate.Describe(t, start, end),
				HasPosition: true, Tags: []string{tags[s%len(tags)].Name}}
			if s%2 == 0 {
				p.Note = "A note on " + q
			}
			batch.Passages = append(batch.Passages, p)
		}
	}
	return batch
}

// BenchmarkExport writes 2,000 passages as W3C Web Annotations, against
// the baseline of listing them (the reads the export cannot avoid).
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	db, _, _ := benchProject(b, b.TempDir(), true)
	defer db.Close()
	b.Run("baseline-list", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.Passages(ctx, annotate.PassageFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		var buf bytes.Buffer
		for i := 0; i < b.N; i++ {
			buf.Reset()
			if err := webanno.Export(ctx, db, &buf, webanno.Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
	b.Run("parse", func(b *testing.B) {
		var buf bytes.Buffer
		if err := webanno.Export(ctx, db, &buf, webanno.Options{}); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
		for i := 0; i < b.N; i++ {
			if _, err := webanno.Parse("bench.json", bytes.NewReader(buf.Bytes())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkImport applies 2,000 passages in one ImportBatch transaction,
// against the baseline of creating them one by one with CreatePassage (a
// transaction each), into a fresh project every iteration.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	b.Run("baseline-create-passage", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db, docs, tags := benchProject(b, b.TempDir(), false)
			batch := benchBatch(docs, tags)
			b.StartTimer()
			k := 0
			for _, d := range docs {
				for s := 0; s < benchSentences; s++ {
					bp := batch.Passages[k]
					k++
					p := &annotate.Passage{DocumentID: d.ID, Start: bp.Selector.Start, End: bp.Selector.End, Quote: bp.Selector.Exact,
						Tags: []string{tags[s%len(tags)].ID}, Note: annotate.Note{Text: bp.Note}}
					if err := db.CreatePassage(ctx, p); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("import-batch", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			db, docs, tags := benchProject(b, b.TempDir(), false)
			batch := benchBatch(docs, tags)
			b.StartTimer()
			rep, err := db.ImportBatch(ctx, batch)
			if err != nil {
				b.Fatal(err)
			}
			if rep.Added != benchDocs*benchSentences {
				b.Fatalf("added %d", rep.Added)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}
