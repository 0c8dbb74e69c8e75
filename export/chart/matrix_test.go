package chart_test

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/chart"
)

// outletMatrix is passages per code by outlet type, with documents of no
// type and a code with no passages at all.
func outletMatrix() *annotate.Matrix {
	rows := []annotate.Label{{ID: "c", Name: "Cyber red lines"}, {ID: "h", Name: "Human rights"}, {ID: "u", Name: "Ukraine"}}
	cols := []annotate.Label{{ID: "Wire", Name: "Wire"}, {ID: "Newspaper", Name: "Newspaper"}, {ID: annotate.NotSetLabel, Name: annotate.NotSetLabel}}
	return annotate.NewMatrix("Tag", rows, cols, []annotate.Cell{
		{Row: "c", Col: "Wire", N: 5}, {Row: "c", Col: "Newspaper", N: 3}, {Row: "h", Col: "Newspaper", N: 2}, {Row: "h", Col: annotate.NotSetLabel, N: 1},
	})
}

// inked counts the pixels of a PNG that are not white.
func inked(t *testing.T, data []byte) (w, h, n int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				n++
			}
		}
	}
	return b.Dx(), b.Dy(), n
}

func TestWriteMatrixPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := chart.WriteMatrix(&buf, outletMatrix(), chart.MatrixOptions{Format: "PNG"}); err != nil {
		t.Fatal(err)
	}
	w, h, n := inked(t, buf.Bytes())
	// 560 points wide at 144 dpi; two codes with passages (Ukraine has
	// none and is left out).
	if w != 1120 || h < 180 || n < w*h/50 {
		t.Fatalf("a %d×%d image with %d inked pixels", w, h, n)
	}
	// Another code makes the chart taller.
	m := outletMatrix()
	m.Rows = append(m.Rows, annotate.Label{ID: "a", Name: "Ambassadors"})
	m.Counts = append(m.Counts, []int{1, 1, 0})
	var more bytes.Buffer
	if err := chart.WriteMatrix(&more, m, chart.MatrixOptions{Format: "png"}); err != nil {
		t.Fatal(err)
	}
	if _, h2, _ := inked(t, more.Bytes()); h2 <= h {
		t.Fatalf("three codes drawn %d px high, two %d", h2, h)
	}
}

func TestWriteMatrixSVG(t *testing.T) {
	var buf bytes.Buffer
	if err := chart.WriteMatrix(&buf, outletMatrix(), chart.MatrixOptions{Format: "svg", ValueLabel: "Passages", Title: "Passages per code by outlet type"}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	for _, want := range []string{"Cyber red lines", "Human rights", "Wire", "Newspaper", annotate.NotSetLabel, "Passages", "Passages per code by outlet type", "@font-face"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "Ukraine") {
		t.Error("a code without passages is charted")
	}
	if path, err := exec.LookPath("xmllint"); err == nil {
		f := filepath.Join(t.TempDir(), "chart.svg")
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(path, "--noout", f).CombinedOutput(); err != nil {
			t.Fatalf("xmllint: %v\n%s", err, out)
		}
	} else {
		t.Fatal("xmllint is not installed (libxml2-utils)")
	}
}

// TestWriteMatrixOverColumns draws months along the bottom, a bar per
// month stacked by code in the codes' colours.
func TestWriteMatrixOverColumns(t *testing.T) {
	rows := []annotate.Label{{ID: "c", Name: "Cyber red lines"}, {ID: "h", Name: "Human rights"}}
	cols := []annotate.Label{{ID: "2021-05", Name: "2021-05"}, {ID: "2021-06", Name: "2021-06"}, {ID: "2021-07", Name: "2021-07"}, {ID: "2021-08", Name: "2021-08"}}
	m := annotate.NewMatrix("Tag", rows, cols, []annotate.Cell{{Row: "c", Col: "2021-06", N: 4}, {Row: "h", Col: "2021-08", N: 2}})
	var buf bytes.Buffer
	err := chart.WriteMatrix(&buf, m, chart.MatrixOptions{Format: "svg", OverColumns: true, RowColors: map[string]string{"c": "#e6194b"}})
	if err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.Contains(svg, "2021-06") || !strings.Contains(svg, "2021-07") || strings.Contains(svg, "2021-05") {
		t.Error("the chart leaves out a month with passages or the gap between two, or draws an empty month before the first")
	}
	if !strings.Contains(strings.ToLower(svg), "#e6194b") {
		t.Error("the code's own colour is not used")
	}
}

func TestWriteMatrixRefuses(t *testing.T) {
	var buf bytes.Buffer
	if err := chart.WriteMatrix(&buf, outletMatrix(), chart.MatrixOptions{Format: "gif"}); err == nil || !strings.Contains(err.Error(), "png or svg") {
		t.Errorf("gif: %v", err)
	}
	empty := annotate.NewMatrix("Tag", []annotate.Label{{ID: "c", Name: "Cyber"}}, []annotate.Label{{ID: "Wire", Name: "Wire"}}, nil)
	if err := chart.WriteMatrix(&buf, empty, chart.MatrixOptions{Format: "png"}); !errors.Is(err, chart.ErrEmpty) {
		t.Errorf("a matrix of zeros: %v", err)
	}
	if buf.Len() > 0 {
		t.Errorf("%d bytes written for charts that could not be drawn", buf.Len())
	}
	if chart.FormatOf("x.SVG") != "svg" || chart.FormatOf("x.png") != "png" || chart.FormatOf("x.pdf") != "" {
		t.Error("FormatOf")
	}
}
