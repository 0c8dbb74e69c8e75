package app

import (
	"fmt"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/app/project"
)

// benchUI opens the window on the sample project with n passages spread
// over its documents (two-word ranges, codes in turn, in one transaction).
func benchUI(b *testing.B, n int) *ui {
	b.Helper()
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	db, err := project.Create(filepath.Join(b.TempDir(), "bench.gloss"), true, "Ada")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	docs, _ := db.Documents(bg, annotate.DocumentFilter{})
	tags, _ := db.Tags(bg)
	texts := make([]*annotate.Text, len(docs))
	for i, d := range docs {
		full, err := db.Document(bg, d.ID)
		if err != nil {
			b.Fatal(err)
		}
		texts[i] = annotate.NewText(full.Text)
	}
	var ps []*annotate.Passage
	for i := 0; len(ps) < n; i++ {
		d, t := docs[i%len(docs)], texts[i%len(docs)]
		start := (i / len(docs) * 7) % (t.Len() - 12)
		sel := annotate.Describe(t, start, start+11)
		ps = append(ps, &annotate.Passage{DocumentID: d.ID, Start: sel.Start, End: sel.End, Quote: sel.Exact,
			Prefix: sel.Prefix, Suffix: sel.Suffix, Tags: []string{tags[i%len(tags)].ID}})
	}
	if err := db.CreatePassages(bg, ps); err != nil {
		b.Fatal(err)
	}
	u := newUI(a, w)
	u.setProject(db)
	w.Resize(fyne.NewSize(1280, 800))
	return u
}

// BenchmarkEdit measures one coding edit and its undo as the window does
// them (storage, undo history, reloading every panel) against the same
// edit through storage alone, the baseline, at growing project sizes.
func BenchmarkEdit(b *testing.B) {
	for _, n := range []int{0, 1000, 10000} {
		b.Run(fmt.Sprintf("storage-only/passages=%d", n), func(b *testing.B) {
			u := benchUI(b, n)
			start, end, _ := annotate.FindQuote(u.text, quoteA, 0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := rangePassage(u.doc.ID, u.text, start, end, u.cb.tags[0].ID)
				if err := u.proj.db.CreatePassage(bg, p); err != nil {
					b.Fatal(err)
				}
				if err := u.proj.db.DeletePassage(bg, p.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("window/passages=%d", n), func(b *testing.B) {
			u := benchUI(b, n)
			start, end, _ := annotate.FindQuote(u.text, quoteA, 0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				u.view.SetSelection(start, end)
				u.applyTag(u.cb.tags[0].ID)
				u.undo()
			}
		})
	}
}
