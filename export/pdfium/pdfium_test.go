package pdfium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

	"gloss/export/ingest/ingesttest"
)

// runtime is the tests' PDFium: the process's, whose cache is pointed at
// a temporary folder of the tests' own.
var runtime *Runtime

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-pdfium-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	runtime = Default()
	code := m.Run()
	runtime.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

// twoPages is a PDF of two A4 pages, the first with a black square 20 mm
// from its top left corner.
func twoPages(t *testing.T) []byte {
	t.Helper()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.SetFillColor(0, 0, 0)
	pdf.Rect(20, 20, 30, 30, "F")
	pdf.AddPage()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRender(t *testing.T) {
	ctx := context.Background()
	data := twoPages(t)
	pages, n, err := runtime.Render(ctx, data, 72, 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || len(pages) != 2 {
		t.Fatalf("%d pages drawn of %d, want 2 of 2", len(pages), n)
	}
	// A4 at 72 dpi is 595 × 842 points.
	if b := pages[0].Bounds(); b.Dx() < 594 || b.Dx() > 596 || b.Dy() < 841 || b.Dy() > 843 {
		t.Errorf("page size %v, want A4 at 72 dpi", b)
	}
	mm := func(v float64) int { return int(v * 72 / 25.4) }
	if c := pages[0].RGBAAt(mm(35), mm(35)); c.R > 40 || c.G > 40 || c.B > 40 {
		t.Errorf("inside the square the page is %v, want black", c)
	}
	if c := pages[0].RGBAAt(mm(100), mm(150)); c.R < 250 || c.G < 250 || c.B < 250 {
		t.Errorf("outside the square the page is %v, want white", c)
	}
	if c := pages[1].RGBAAt(mm(35), mm(35)); c.R < 250 {
		t.Errorf("the second page is not blank: %v", c)
	}
	// A range of pages.
	pages, n, err = runtime.Render(ctx, data, 36, 1, 2)
	if err != nil || n != 2 || len(pages) != 1 || pages[0].Bounds().Dx() > 300 {
		t.Errorf("pages 2 to 2 at 36 dpi: %d drawn of %d, err %v", len(pages), n, err)
	}
}

func TestRenderRefuses(t *testing.T) {
	if _, _, err := runtime.Render(context.Background(), []byte("not a pdf"), 72, 0, -1); !errors.Is(err, ErrDamaged) {
		t.Errorf("garbage: err %v, want ErrDamaged", err)
	}
	if _, _, err := runtime.Render(context.Background(), ingesttest.EncryptedPDF(), 72, 0, -1); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted: err %v, want ErrEncrypted", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := runtime.Render(ctx, twoPages(t), 72, 0, -1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
	closed := New("")
	closed.Close()
	if err := closed.Wait(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("closed: err %v", err)
	}
}

// TestOneStart uses the process's runtime from several goroutines at
// once, as the import, Show Original and the briefing preview may: PDFium
// starts once, keeps its compiled code in the cache, and draws for each.
func TestOneStart(t *testing.T) {
	if Default() != runtime {
		t.Fatal("Default returned another runtime")
	}
	data := twoPages(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			Default().Start()
			_, n, err := Default().Render(context.Background(), data, 36, 0, 1)
			if err == nil && n != 2 {
				err = fmt.Errorf("%d pages, want 2", n)
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if n := Starts(); n != 1 {
		t.Errorf("PDFium started %d times, want once", n)
	}
	if !Default().Ready() {
		t.Error("the runtime does not say it is ready")
	}
	if !strings.HasPrefix(CacheDir(), os.Getenv("XDG_CACHE_HOME")) {
		t.Fatalf("cache %s is not in the tests' folder", CacheDir())
	}
	if files, err := os.ReadDir(CacheDir()); err != nil || len(files) == 0 {
		t.Errorf("nothing compiled into the cache %s (%v)", CacheDir(), err)
	}
}

// TestSideBySide draws a page while another call holds an instance, as
// the preview does during an import: the two run at once, on two
// instances, and a third call has to wait for one of them.
func TestSideBySide(t *testing.T) {
	data := twoPages(t)
	release := make(chan struct{})
	hold := func(fn func(d *Document) error) (held chan struct{}, done chan error) {
		held, done = make(chan struct{}), make(chan error, 1)
		// A bound, not a wait: the call either runs beside the others
		// or not at all.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		go func() {
			defer cancel()
			done <- runtime.Open(ctx, data, func(d *Document) error {
				err := fn(d)
				close(held)
				<-release
				return err
			})
		}()
		return held, done
	}
	held1, done1 := hold(func(*Document) error { return nil })
	select {
	case <-held1:
	case err := <-done1:
		t.Fatalf("the first call: %v", err)
	}
	held2, done2 := hold(func(d *Document) error {
		img, err := d.Draw(0, 36)
		if err == nil && img.Bounds().Dx() < 290 {
			err = fmt.Errorf("page drawn %v", img.Bounds())
		}
		return err
	})
	select {
	case <-held2:
	case err := <-done2:
		t.Fatalf("a call beside a running one: %v", err)
	}
	// While both hold their instances, a third call never runs.
	short, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, _, err := runtime.Render(short, data, 36, 0, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a third call beside two: %v, want it to wait", err)
	}
	close(release)
	for _, done := range []chan error{done1, done2} {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if _, n, err := runtime.Render(context.Background(), data, 36, 0, -1); err != nil || n != 2 {
		t.Errorf("after: %d pages, %v", n, err)
	}
}
