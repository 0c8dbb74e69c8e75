package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/export/pdfium"
)

// benchBriefing is a typical briefing on the sample project: n passages,
// a sentence each, in turn under the codes that can be applied; a
// summary, three findings, seven key quotes and the rest in the annex.
func benchBriefing(b *testing.B, n int) (*ui, *annotate.Briefing) {
	b.Helper()
	u := benchUI(b, 0)
	var codes []string
	for _, t := range u.cb.tags {
		if !t.Grouping {
			codes = append(codes, t.ID)
		}
	}
	var ps []*annotate.Passage
	for i := 0; len(ps) < n && i < 10*n; i++ {
		d := u.docs[i%len(u.docs)]
		doc, err := u.proj.db.Document(bg, d.ID)
		if err != nil {
			b.Fatal(err)
		}
		t := annotate.NewText(doc.Text)
		// The (i/len(docs))-th sentence of the document.
		sentences := strings.SplitAfter(doc.Text, ". ")
		k := i / len(u.docs)
		if k >= len(sentences) {
			continue
		}
		start := len([]rune(strings.Join(sentences[:k], "")))
		end := start + len([]rune(strings.TrimSpace(sentences[k])))
		if end-start < 20 {
			continue
		}
		sel := annotate.Describe(t, start, end)
		ps = append(ps, &annotate.Passage{DocumentID: d.ID, Start: sel.Start, End: sel.End, Quote: sel.Exact,
			Prefix: sel.Prefix, Suffix: sel.Suffix, Tags: []string{codes[len(ps)%len(codes)]}})
	}
	if err := u.proj.db.CreatePassages(bg, ps); err != nil {
		b.Fatal(err)
	}
	bf := &annotate.Briefing{Name: "Bench", Title: "Geneva summit, June 2021", Audience: "Minister’s office · Official",
		PreparedBy: "Ada", Date: "2021-06-18", Annex: true,
		Summary: "Geneva produced **one concrete deliverable**: the return of both ambassadors.\n\n" +
			"- **Cyber:** a list of 16 sectors put to Putin as off limits.\n- **Arms control:** talks on strategic stability.\n\n" +
			"Expect slow movement; both sides lowered expectations beforehand."}
	for i, t := range u.cb.tags[:3] {
		bf.Findings = append(bf.Findings, annotate.Finding{TagID: t.ID, Text: fmt.Sprintf("Finding %d: what the *passages* of %s show, in a paragraph of synthesis for the reader.", i+1, t.Name)})
	}
	for i, p := range ps[:7] {
		bf.Quotes = append(bf.Quotes, annotate.KeyQuote{PassageID: p.ID, Position: float64(i)})
	}
	if err := u.proj.db.CreateBriefing(bg, bf); err != nil {
		b.Fatal(err)
	}
	full, err := u.proj.db.Briefing(bg, bf.ID)
	if err != nil {
		b.Fatal(err)
	}
	return u, full
}

// BenchmarkBriefingPreview measures the Briefing window's preview of a
// typical briefing of fourteen pages: from a keystroke in the summary to
// every page shown (preview, without the quarter second the preview waits
// for typing to pause), against its two parts alone, writing the PDF
// (write) and drawing its pages with PDFium (render):
//
//	go test -tags sqlite_fts5 -run '^$' -bench BriefingPreview -benchtime 3x -count 5 ./app/
func BenchmarkBriefingPreview(b *testing.B) {
	u, bf := benchBriefing(b, 30)
	rt := pdfium.Default()
	if err := rt.Wait(context.Background()); err != nil {
		b.Fatal(err)
	}
	w := test.NewTempWindow(b, nil)
	v := newBriefingView(w, u.proj.db, u.proj.ed, rt)
	b.Cleanup(v.close)
	write := v.preview.write
	data, err := write(context.Background(), bf)
	if err != nil {
		b.Fatal(err)
	}
	_, pages, err := rt.Render(context.Background(), data, previewDPI, 0, 1)
	if err != nil {
		b.Fatal(err)
	}

	// The preview draws at once, as if typing had paused, and the summary
	// is not saved meanwhile.
	manualTimers(v.cover.summary)
	drawn := make(chan error, 1)
	v.preview.OnDrawn = func(n int, err error) {
		if err == nil && n != pages {
			err = fmt.Errorf("%d pages drawn, want %d", n, pages)
		}
		drawn <- err
	}
	v.preview.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } {
		go f()
		return &manualTimer{}
	}
	v.open(bf.ID)
	if err := <-drawn; err != nil { // the drawing open asked for
		b.Fatal(err)
	}

	b.Run("write", func(b *testing.B) {
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			if _, err := write(context.Background(), bf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("render", func(b *testing.B) {
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			if _, _, err := rt.Render(context.Background(), data, previewDPI, 0, -1); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("preview", func(b *testing.B) {
		b.ResetTimer()
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			test.Type(v.cover.summary.entry, "x") // a keystroke
			if err := <-drawn; err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(pages), "pages")
	})
}

// cpuPerOp starts measuring the process's CPU time; the function it
// returns reports it per operation as the metric cpu-ms/op.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if d := cpuTime() - start; d > 0 {
			b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}
