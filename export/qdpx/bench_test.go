package qdpx_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage/storagetest"
)

// BenchmarkQDPX writes and reads a .qdpx of 20 articles with 100 passages
// each (2,000 passages, half with a note), against the baseline of listing
// the passages, the reads an export cannot avoid.
func BenchmarkQDPX(b *testing.B) {
	ctx := context.Background()
	db := storagetest.MustOpen(b)
	tag := &annotate.Tag{Name: "Code", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		b.Fatal(err)
	}
	batch := &annotate.Batch{File: "bench", Tags: []*annotate.BatchTag{{Key: "c", ID: tag.ID, Name: "Code"}}}
	for d := 0; d < 20; d++ {
		var text strings.Builder
		for s := 0; s < 100; s++ {
			fmt.Fprintf(&text, "Article %d, sentence %d: the delegations in Genève discussed item %d of the agenda.\n", d, s, s*7+d)
		}
		key := fmt.Sprintf("doc%d", d)
		batch.Documents = append(batch.Documents, &annotate.BatchDocument{Key: key, Title: fmt.Sprintf("Article %02d", d), Text: text.String()})
		t := annotate.NewText(text.String())
		for s := 0; s < 100; s++ {
			start, end, err := annotate.FindQuote(t, fmt.Sprintf("sentence %d: the delegations", s), 0)
			if err != nil {
				b.Fatal(err)
			}
			p := &annotate.BatchPassage{Key: fmt.Sprintf("%s/%d", key, s), Document: key, Selector: annotate.Describe(t, start, end), HasPosition: true, Tags: []string{"c"}}
			if s%2 == 0 {
				p.Note = "A note."
			}
			batch.Passages = append(batch.Passages, p)
		}
	}
	if _, err := db.ImportBatch(ctx, batch); err != nil {
		b.Fatal(err)
	}
	var archive bytes.Buffer
	if err := qdpx.Export(ctx, db, &archive, qdpx.Options{}); err != nil {
		b.Fatal(err)
	}
	b.Run("baseline-list", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.Passages(ctx, annotate.PassageFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("export", func(b *testing.B) {
		var buf bytes.Buffer
		for i := 0; i < b.N; i++ {
			buf.Reset()
			if err := qdpx.Export(ctx, db, &buf, qdpx.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			got, err := qdpx.Read(filepath.Join("bench.qdpx"), bytes.NewReader(archive.Bytes()), int64(archive.Len()))
			if err != nil {
				b.Fatal(err)
			}
			if len(got.Passages) != 2000 {
				b.Fatalf("%d passages", len(got.Passages))
			}
		}
	})
}
