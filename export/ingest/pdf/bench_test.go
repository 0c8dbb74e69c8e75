package pdf

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"gloss/export/ingest/ingesttest"
	"gloss/export/pdfium"
)

// BenchmarkStart measures PDFium's start: cold compiles the WebAssembly
// module into an empty cache, warm finds it compiled in the cache.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Start -benchtime 3x -count 5 ./export/ingest/pdf/
func BenchmarkStart(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		start := cpuTime()
		defer func() { reportCPU(b, start) }()
		for b.Loop() {
			dir := b.TempDir()
			r := pdfium.New(dir)
			if err := r.Wait(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			r.Close()
			os.RemoveAll(dir)
			b.StartTimer()
		}
	})
	b.Run("warm", func(b *testing.B) {
		dir := b.TempDir()
		first := pdfium.New(dir)
		if err := first.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		first.Close()
		b.ResetTimer()
		start := cpuTime()
		defer func() { reportCPU(b, start) }()
		for b.Loop() {
			r := pdfium.New(dir)
			if err := r.Wait(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			r.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkExtract reads a 20-page article and a 300-page report with a
// started runtime.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Extract -count 5 ./export/ingest/pdf/
func BenchmarkExtract(b *testing.B) {
	for _, c := range []struct {
		name  string
		pages int
	}{{"20pages", 20}, {"300pages", 300}} {
		data := ingesttest.LongPDF(c.pages)
		b.Run(c.name, func(b *testing.B) {
			if err := rt.Wait(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			start := cpuTime()
			defer func() { reportCPU(b, start) }()
			for b.Loop() {
				x, err := Extract(context.Background(), rt, data, nil)
				if err != nil {
					b.Fatal(err)
				}
				if x.Pages != c.pages {
					b.Fatalf("%d pages, want %d", x.Pages, c.pages)
				}
			}
		})
	}
}

// BenchmarkRenderDuringImport draws the first page of the sample article
// at 110 dpi, as Show Original does: alone, and while a 100-page PDF is
// being read on the same runtime, as during an import (the reading is
// cancelled once the page is drawn, off the clock).
//
//	go test -tags sqlite_fts5 -run '^$' -bench RenderDuringImport -count 5 ./export/ingest/pdf/
func BenchmarkRenderDuringImport(b *testing.B) {
	article, long := ingesttest.ArticlePDF(), ingesttest.LongPDF(100)
	if err := rt.Wait(context.Background()); err != nil {
		b.Fatal(err)
	}
	draw := func(b *testing.B) {
		if _, err := Render(context.Background(), rt, article, 0, 110, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("alone", func(b *testing.B) {
		start := cpuTime()
		defer func() { reportCPU(b, start) }()
		for b.Loop() {
			draw(b)
		}
	})
	b.Run("import", func(b *testing.B) {
		start := cpuTime()
		defer func() { reportCPU(b, start) }()
		for b.Loop() {
			b.StopTimer()
			ctx, cancel := context.WithCancel(context.Background())
			reading, done := make(chan struct{}), make(chan error, 1)
			var once sync.Once
			go func() {
				_, err := Extract(ctx, rt, long, func(int, int) { once.Do(func() { close(reading) }) })
				done <- err
			}()
			<-reading
			b.StartTimer()
			draw(b)
			b.StopTimer()
			cancel()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}

// reportCPU reports the CPU time since start per operation (cpu-ms/op),
// which on a shared machine says what an operation costs apart from the
// time spent waiting for a core. The timer's pauses are counted too.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 && b.N > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}
