//go:build e2e

package e2e

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/export/ingest/ingesttest"
)

// TestShowOriginal imports a PDF with the command line, codes a passage
// that runs over a hyphenated line break, clicks it in the app and opens
// its original from the inspector: the page is drawn in its own window
// with the passage's two lines highlighted, which the screen shows. With
// -screenshots the screen becomes docs/screenshots/original.png.
func TestShowOriginal(t *testing.T) {
	d := newDesktop(t, desktopOptions{})
	pdf := d.path("summit.pdf")
	if err := os.WriteFile(pdf, ingesttest.ArticlePDF(), 0o644); err != nil {
		t.Fatal(err)
	}
	project := d.path("pdf.gloss")
	d.gloss("new", project)
	out := d.gloss("import", project, pdf)
	if !strings.Contains(out, "PDF, 2 pages, 14 paragraphs") {
		t.Fatalf("import: %s", out)
	}
	var doc string
	for _, line := range strings.Split(d.gloss("docs", project), "\n") {
		if strings.Contains(line, "Biden and Putin Meet in Geneva") {
			doc = strings.Fields(line)[0]
		}
	}
	d.gloss("highlight", project, "--doc", doc, "--tag", "Arms control & strategic stability", "--quote", "a more predictable international order")

	a := d.launch(project)
	a.await(`^ready `)
	words, _, last := d.awaitPhrase("step toward a more predictable")
	d.click(words[last].center()) // "predictable", inside the passage
	a.await(`^inspect `)
	w, i, _ := d.awaitPhrase("Show Original")
	d.click(w[i].center())
	a.await(`^original 1 2$`)           // page 1, the passage's two lines
	d.awaitPhrase("predictable inter-") // the PDF's own line, as printed

	shot := d.path("original.png")
	if *updateScreenshots {
		shot = filepath.Join(repoRoot, "docs", "screenshots", "original.png")
	}
	d.screenshot(shot)
	if n := highlightPixels(t, shot); n < 2000 {
		t.Errorf("only %d pixels on screen in the highlight's colour", n)
	}
	a.quit()
}

// highlightPixels counts the screen's pixels in the colour of the
// original's highlight over paper.
func highlightPixels(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r > 240 && g > 215 && g < 245 && bl > 120 && bl < 170 {
				n++
			}
		}
	}
	return n
}
