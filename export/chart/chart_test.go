package chart_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/chart"
)

// byOutlet is passages per code by outlet type, as a code × attribute
// matrix gives it.
func byOutlet() *annotate.Matrix {
	return annotate.NewMatrix("Code",
		[]annotate.Label{{ID: "c", Name: "Cyber red lines"}, {ID: "h", Name: "Human rights"}, {ID: "a", Name: "Ambassadors"}},
		[]annotate.Label{{ID: "Wire", Name: "Wire"}, {ID: "Newspaper", Name: "Newspaper"}, {ID: annotate.NotSetLabel, Name: annotate.NotSetLabel}},
		[]annotate.Cell{{Row: "c", Col: "Wire", N: 5}, {Row: "c", Col: "Newspaper", N: 2}, {Row: "h", Col: "Wire", N: 3},
			{Row: "a", Col: "Newspaper", N: 4}, {Row: "a", Col: annotate.NotSetLabel, N: 1}})
}

var colors = map[string]string{"c": "#e6194b", "h": "#3cb44b", "a": "#4363d8"}

func TestPNG(t *testing.T) {
	var b bytes.Buffer
	if err := chart.Write(&b, byOutlet(), chart.Options{Title: "Passages per code by outlet type", XLabel: "Outlet type", YLabel: "Passages", Colors: colors, Format: "png"}); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("GLOSS_CHART_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "by-outlet.png"), b.Bytes(), 0o644)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	if r.Dx() < 300 || r.Dy() < 300 {
		t.Fatalf("chart is %v", r)
	}
	// Each code's bars are drawn in its colour, in proportion: Cyber red
	// lines has 7 passages, Human rights 3.
	count := map[string]int{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			for id, hex := range colors {
				cr, cg, cb, _ := annotate.ParseColor(hex)
				if c.R == cr && c.G == cg && c.B == cb && c.A == 255 {
					count[id]++
				}
			}
		}
	}
	if count["c"] == 0 || count["h"] == 0 || count["a"] == 0 {
		t.Fatalf("pixels per code colour: %v", count)
	}
	if ratio := float64(count["c"]) / float64(count["h"]); ratio < 1.8 || ratio > 2.8 {
		t.Fatalf("Cyber red lines has %d pixels, Human rights %d: ratio %.2f, want about 7/3 (less the legend's swatches)", count["c"], count["h"], ratio)
	}
}

func TestSVG(t *testing.T) {
	var b bytes.Buffer
	if err := chart.Write(&b, byOutlet(), chart.Options{Title: "By outlet & type <test>", YLabel: "Passages", Colors: colors, Format: "SVG"}); err != nil {
		t.Fatal(err)
	}
	// Well-formed XML, with the legend's names and the groups as text.
	d := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	var text []string
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
		if c, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(c)) != "" {
			text = append(text, strings.TrimSpace(string(c)))
		}
	}
	all := strings.Join(text, "|")
	for _, want := range []string{"Cyber red lines", "Human rights", "Newspaper", annotate.NotSetLabel, "By outlet & type <test>"} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q: %s", want, all)
		}
	}
}

func TestRefusals(t *testing.T) {
	if err := chart.Write(io.Discard, annotate.NewMatrix("Code", nil, nil, nil), chart.Options{Format: "png"}); !errors.Is(err, chart.ErrEmpty) {
		t.Fatalf("empty matrix: %v", err)
	}
	if err := chart.Write(io.Discard, byOutlet(), chart.Options{Format: "gif"}); err == nil || !strings.Contains(err.Error(), "choose png or svg") {
		t.Fatalf("gif: %v", err)
	}
}
