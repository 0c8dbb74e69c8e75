package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/export/pdfium"
)

// benchBriefing is a typical briefing on the sample project with n
// passages: a summary, three findings, seven key quotes and the rest in
// the annex.
func benchBriefing(b *testing.B, n int) (*ui, *annotate.Briefing) {
	b.Helper()
	u := benchUI(b, n)
	ps, err := u.proj.db.Passages(bg, annotate.PassageFilter{})
	if err != nil {
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
// typical briefing of about twelve pages: from an edit of the summary to every page shown
// (preview, without the quarter second the preview waits for typing to
// pause), against its two parts alone, writing the PDF (write) and
// drawing its pages with PDFium (render):
//
//	go test -tags sqlite_fts5 -run '^$' -bench BriefingPreview -count 5 ./app/
func BenchmarkBriefingPreview(b *testing.B) {
	u, bf := benchBriefing(b, 260)
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
		for i := 0; i < b.N; i++ {
			if _, err := write(context.Background(), bf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("render", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := rt.Render(context.Background(), data, previewDPI, 0, -1); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages), "pages")
	})
	b.Run("preview", func(b *testing.B) {
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			v.cover.summary.entry.SetText(fmt.Sprintf("%s\n\nEdit %d.", bf.Summary, i))
			if err := <-drawn; err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(pages), "pages")
	})
}
