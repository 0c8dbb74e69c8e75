package export_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

// snapshot is a project read into memory once, so that benchmarks measure
// the export and not SQLite.
type snapshot struct {
	docs     []*annotate.Document
	texts    map[string]*annotate.Document // with their text
	tags     []*annotate.Tag
	passages []*annotate.Passage
}

func (s *snapshot) Documents(context.Context, annotate.DocumentFilter) ([]*annotate.Document, error) {
	return s.docs, nil
}
func (s *snapshot) Document(_ context.Context, id string) (*annotate.Document, error) {
	if d := s.texts[id]; d != nil {
		return d, nil
	}
	return nil, annotate.Errorf(annotate.ENOTFOUND, "no document %s", id)
}
func (s *snapshot) Tags(context.Context) ([]*annotate.Tag, error) { return s.tags, nil }
func (s *snapshot) Passages(context.Context, annotate.PassageFilter) ([]*annotate.Passage, error) {
	return s.passages, nil
}

var bigProject = sync.OnceValues(func() (*snapshot, error) {
	dir, err := os.MkdirTemp("", "gloss-bench")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := storage.Create(filepath.Join(dir, "big.gloss"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetAuthor("Ada Lovelace")
	ctx := context.Background()
	var tags []*annotate.Tag
	for i, t := range seedTags {
		tag := &annotate.Tag{Name: t.name, Color: annotate.Palette[i], Description: t.desc}
		if err := db.CreateTag(ctx, tag); err != nil {
			return nil, err
		}
		tags = append(tags, tag)
	}
	const docs, perDoc = 20, 500
	for d := 0; d < docs; d++ {
		var text strings.Builder
		var starts []int
		n := 0
		for i := 0; i < perDoc; i++ {
			starts = append(starts, n)
			s := fmt.Sprintf("Statement %d of %d: “We agreed that the ambassadors would return to their posts,” the official said — a modest step toward stability after talks on cyber red lines and arms control. ", i, d)
			text.WriteString(s)
			n += len([]rune(s))
		}
		doc := &annotate.Document{Title: fmt.Sprintf("Summit coverage %02d", d), Outlet: "Wire", Published: "2021-06-16", Text: text.String()}
		if _, err := db.CreateDocument(ctx, doc); err != nil {
			return nil, err
		}
		t := annotate.NewText(doc.Text)
		for i, s := range starts {
			end := s + len([]rune(fmt.Sprintf("Statement %d of %d: “We agreed that the ambassadors would return to their posts,” the official said — a modest step toward stability after talks on cyber red lines and arms control.", i, d)))
			p := &annotate.Passage{DocumentID: doc.ID, Start: s, End: end, Quote: t.Slice(s, end), Tags: []string{tags[(d+i)%len(tags)].ID}}
			if i%3 == 0 {
				p.Note.Text = "Echoes the Kremlin’s readout; check against the White House transcript."
			}
			if err := db.CreatePassage(ctx, p); err != nil {
				return nil, err
			}
		}
	}
	snap := &snapshot{texts: map[string]*annotate.Document{}}
	if snap.docs, err = db.Documents(ctx, annotate.DocumentFilter{}); err != nil {
		return nil, err
	}
	for _, d := range snap.docs {
		if snap.texts[d.ID], err = db.Document(ctx, d.ID); err != nil {
			return nil, err
		}
	}
	if snap.tags, err = db.Tags(ctx); err != nil {
		return nil, err
	}
	if snap.passages, err = db.Passages(ctx, annotate.PassageFilter{}); err != nil {
		return nil, err
	}
	return snap, nil
})

func bigSnapshot(b *testing.B) *snapshot {
	snap, err := bigProject()
	if err != nil {
		b.Fatal(err)
	}
	if len(snap.passages) != 10000 {
		b.Fatalf("%d passages", len(snap.passages))
	}
	return snap
}

// memSnapshot makes, in memory, a project like bigProject's with docs
// documents of perDoc passages each: 100,000 passages take too long to
// write through storage for a benchmark.
func memSnapshot(docs, perDoc int) *snapshot {
	snap := &snapshot{}
	at := time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)
	for i, t := range seedTags {
		snap.tags = append(snap.tags, &annotate.Tag{ID: annotate.NewID(), Name: t.name, Color: annotate.Palette[i], Description: t.desc})
	}
	for d := 0; d < docs; d++ {
		doc := &annotate.Document{ID: annotate.NewID(), Title: fmt.Sprintf("Summit coverage %03d", d), Outlet: "Wire", Published: "2021-06-16", CreatedAt: at, UpdatedAt: at}
		var text strings.Builder
		n := 0
		for i := 0; i < perDoc; i++ {
			s := fmt.Sprintf("Statement %d of %d: “We agreed that the ambassadors would return to their posts,” the official said — a modest step toward stability after talks on cyber red lines and arms control.", i, d)
			p := &annotate.Passage{ID: annotate.NewID(), DocumentID: doc.ID, Start: n, End: n + len([]rune(s)), Quote: s,
				Tags: []string{snap.tags[(d+i)%len(snap.tags)].ID}, Author: "Ada Lovelace", CreatedAt: at, UpdatedAt: at}
			if i%3 == 0 {
				p.Note.Text = "Echoes the Kremlin’s readout; check against the White House transcript."
			}
			snap.passages = append(snap.passages, p)
			text.WriteString(s + " ")
			n = p.End + 1
		}
		doc.Text = text.String()
		snap.docs = append(snap.docs, doc)
	}
	return snap
}

// BenchmarkBriefing100k lays out and writes a briefing of 100,000
// passages (200 documents of 500), next to the one-Cell-per-string
// baseline of the same text.
func BenchmarkBriefing100k(b *testing.B) {
	snap := memSnapshot(200, 500)
	b.Run("briefing", func(b *testing.B) {
		var buf bytes.Buffer
		defer cpuPerOp(b)()
		for i := 0; i < b.N; i++ {
			buf.Reset()
			if err := export.PDF(context.Background(), &buf, snap, export.Options{Title: "Benchmark", Created: created}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pageCount(buf.Bytes())), "pages")
	})
	b.Run("baseline", func(b *testing.B) {
		baselineOf(b, snap, func(pdf *gofpdf.Fpdf, h float64, s string) { pdf.CellFormat(0, h, s, "", 1, "L", false, 0, "") })
	})
}

// pageCount counts the page objects gofpdf wrote.
func pageCount(pdf []byte) int { return bytes.Count(pdf, []byte("<</Type /Page\n")) }

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

// BenchmarkBriefing lays out and writes a briefing of 10,000 passages.
func BenchmarkBriefing(b *testing.B) {
	snap := bigSnapshot(b)
	var buf bytes.Buffer
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := export.PDF(context.Background(), &buf, snap, export.Options{Title: "Benchmark", Created: created}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pageCount(buf.Bytes())), "pages")
}

// BenchmarkBriefingBaseline writes the same text with plain gofpdf calls
// and no layout: the same fonts, one gofpdf Cell per string (long strings
// run off the page edge), gofpdf's automatic page breaks. It is the least
// any briefing of this text costs.
func BenchmarkBriefingBaseline(b *testing.B) {
	baseline(b, func(pdf *gofpdf.Fpdf, h float64, s string) { pdf.CellFormat(0, h, s, "", 1, "L", false, 0, "") })
}

// BenchmarkBriefingBaselineWrite writes the same text with gofpdf's Write,
// which wraps lines itself: the plain gofpdf way to lay out the text.
func BenchmarkBriefingBaselineWrite(b *testing.B) {
	baseline(b, func(pdf *gofpdf.Fpdf, h float64, s string) { pdf.Write(h, s+"\n") })
}

func baseline(b *testing.B, write func(pdf *gofpdf.Fpdf, h float64, s string)) {
	baselineOf(b, bigSnapshot(b), write)
}

func baselineOf(b *testing.B, snap *snapshot, write func(pdf *gofpdf.Fpdf, h float64, s string)) {
	docByID := map[string]*annotate.Document{}
	for _, d := range snap.docs {
		docByID[d.ID] = d
	}
	pages := 0
	b.ResetTimer()
	defer cpuPerOp(b)()
	for i := 0; i < b.N; i++ {
		pdf := gofpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
		pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
		pdf.AddUTF8FontFromBytes("go", "I", goitalic.TTF)
		pdf.SetMargins(22, 24, 22)
		pdf.AddPage()
		for _, t := range snap.tags {
			pdf.SetFont("go", "B", 14)
			write(pdf, 7, t.Name)
			pdf.SetFont("go", "I", 10)
			write(pdf, 5, t.Description)
			for _, p := range snap.passages {
				if !p.HasTag(t.ID) {
					continue
				}
				d := docByID[p.DocumentID]
				pdf.SetFont("go", "", 10.5)
				write(pdf, 5.5, p.Quote)
				pdf.SetFont("go", "", 8.5)
				write(pdf, 4.5, d.Title+" · "+d.Outlet+" · "+d.Published)
				if p.Note.Text != "" {
					pdf.SetFont("go", "I", 9.5)
					write(pdf, 5, p.Note.Text)
				}
			}
		}
		pages = pdf.PageCount()
		if err := pdf.Output(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages), "pages")
}
