package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/storage"
)

// memosProject writes a project of 1,000 documents and 100,000 passages
// over 20 codes, each code with a memo, and a journal of 1,000 entries:
// the size the Memos view must open in.
func memosProject(b *testing.B) *storage.DB {
	b.Helper()
	db, err := storage.Create(filepath.Join(b.TempDir(), "memos.gloss"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetAuthor("Bench")
	var tags []string
	for i := 0; i < 20; i++ {
		t := &annotate.Tag{Name: fmt.Sprintf("Code %02d", i), Color: annotate.Palette[i%len(annotate.Palette)]}
		if err := db.CreateTag(bg, t); err != nil {
			b.Fatal(err)
		}
		if err := db.SetCodeMemo(bg, t.ID, "When to apply "+t.Name+": statements about it, not reports of it."); err != nil {
			b.Fatal(err)
		}
		tags = append(tags, t.ID)
	}
	sentence := "The summit in Geneva ended with ambassadors returning to their posts and talks on strategic stability. "
	for d := 0; d < 1000; d++ {
		doc := &annotate.Document{Title: fmt.Sprintf("Article %04d", d), Text: fmt.Sprintf("%d. ", d) + strings.Repeat(sentence, 100)}
		if _, err := db.CreateDocument(bg, doc); err != nil {
			b.Fatal(err)
		}
		t := annotate.NewText(doc.Text)
		var ps []*annotate.Passage
		for i := 0; i < 100; i++ {
			s := len([]rune(fmt.Sprintf("%d. ", d))) + i*len(sentence)
			sel := annotate.Describe(t, s, s+30)
			ps = append(ps, &annotate.Passage{DocumentID: doc.ID, Start: sel.Start, End: sel.End, Quote: sel.Exact, Prefix: sel.Prefix,
				Suffix: sel.Suffix, Tags: []string{tags[(d+i)%len(tags)]}})
		}
		if err := db.CreatePassages(bg, ps); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < 1000; i++ {
		e := &annotate.JournalEntry{Date: fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28), Title: fmt.Sprintf("Session %d", i),
			Text: "Coded the next batch; the wire copy repeats the official line, the newspapers add context."}
		if err := db.CreateJournalEntry(bg, e); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkMemosViewOpens opens the Memos view (lists every memo and lays
// the window out) in the 1,000-document, 100,000-passage project, against
// the storage listing alone, the baseline.
func BenchmarkMemosViewOpens(b *testing.B) {
	test.NewTempApp(b)
	db := memosProject(b)
	ed := newEditor(db)
	b.Run("baseline-listing", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.Memos(bg, annotate.MemoFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("view", func(b *testing.B) {
		w := test.NewTempWindow(b, nil)
		n := 0
		for i := 0; i < b.N; i++ {
			v := newMemosView(w, db, ed, nil)
			w.SetContent(v.content)
			w.Resize(fyne.NewSize(900, 600))
			n = len(v.items)
		}
		b.ReportMetric(float64(n), "memos")
	})
}
