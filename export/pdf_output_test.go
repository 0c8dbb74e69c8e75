package export

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// samplePDF makes a document of many pages of text, links and bookmarks
// in a UTF-8 font, the same each time.
func samplePDF() *gofpdf.Fpdf {
	pdf := gofpdf.New("P", "mm", "A4", "")
	at := time.Date(2021, 6, 18, 9, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetTitle("Sample “brief”", true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.SetFont("go", "", 11)
	for p := 0; p < 12; p++ {
		pdf.AddPage()
		pdf.Bookmark(fmt.Sprintf("Part %d", p), 0, 0)
		link := pdf.AddLink()
		pdf.SetLink(link, 20, p+1)
		for l := 0; l < 40; l++ {
			pdf.CellFormat(0, 6, fmt.Sprintf("Page %d, line %d: “We agreed that the ambassadors would return” — café naïve", p, l), "", 1, "L", false, link, "")
		}
		pdf.SetFillColor(200, 220, 240)
		pdf.Rect(20, 250, 80, 10, "F")
	}
	return pdf
}

// TestWritePDFMatchesGofpdf: deflating the pages with one writer gives
// the very bytes gofpdf's own compression gives, a sound PDF.
func TestWritePDFMatchesGofpdf(t *testing.T) {
	var want, got bytes.Buffer
	if err := samplePDF().Output(&want); err != nil {
		t.Fatal(err)
	}
	if err := writePDF(samplePDF(), &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("%d bytes written, gofpdf writes %d; they differ", got.Len(), want.Len())
	}
	var plain bytes.Buffer
	pdf := samplePDF()
	pdf.SetCompression(false)
	if err := pdf.Output(&plain); err != nil {
		t.Fatal(err)
	}
	if got.Len()*2 > plain.Len() {
		t.Errorf("deflated %d bytes, uncompressed %d: pages not compressed?", got.Len(), plain.Len())
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if err := os.WriteFile(path, got.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// TestDeflatePagesRefusesWhatItCannotRead: input that is not a PDF as
// gofpdf writes it is an error, not a broken file.
func TestDeflatePagesRefusesWhatItCannotRead(t *testing.T) {
	var good bytes.Buffer
	pdf := samplePDF()
	pdf.SetCompression(false)
	if err := pdf.Output(&good); err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{
		"empty":        nil,
		"no xref":      bytes.ReplaceAll(good.Bytes(), []byte("startxref"), []byte("startxrex")),
		"cut short":    good.Bytes()[:good.Len()/2],
		"bad offset":   bytes.Replace(good.Bytes(), []byte("\nxref\n0 "), []byte("\nxref\n9 "), 1),
		"bad stream":   bytes.Replace(good.Bytes(), []byte("<</Length "), []byte("<</Length x"), 1),
		"bad xref pos": append(bytes.TrimSuffix(good.Bytes(), []byte("%%EOF\n")), []byte("startxref\n99999999\n%%EOF\n")...),
	} {
		if err := deflatePages(in, &bytes.Buffer{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
