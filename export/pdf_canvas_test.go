package export

import (
	"image/color"
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gloss/export/chart"
)

// TestChartCanvas draws a chart on a PDF page and reads it back: the
// file is sound, its labels are text in reading order, the category
// labels of a horizontal chart end where the axis begins, and a vertical
// chart's rotated axis title reads too.
func TestChartCanvas(t *testing.T) {
	w := &pdfWriter{layouter: &layouter{fs: testFonts(t, nil)}, families: map[*face]string{}}
	w.pdf = gofpdf.New("P", "mm", "A4", "")
	w.pdf.SetCompression(false)
	w.pdf.AddPage()
	codes := []string{"Cyber red lines", "Human rights", "Arms control & strategic stability"}
	ch, err := chart.Stacked(codes, []chart.Series{
		{Name: "Axios", Color: chart.OutletColors[0], Values: []float64{3, 1, 1}},
		{Name: "The Hill", Color: chart.OutletColors[1], Values: []float64{3, 0, 2}},
	}, true, "Passages")
	if err != nil {
		t.Fatal(err)
	}
	wd, ht := chart.Size(vg.Length(contentW/ptToMM), len(codes), true)
	c := w.newCanvas(marginLeft, 30, float64(wd)*ptToMM, float64(ht)*ptToMM)
	ch.Draw(draw.New(c))
	c.finish()

	byTime, err := chart.Stacked([]string{"16 Jun", "17 Jun"}, []chart.Series{
		{Name: "Cyber", Color: color.RGBA{0xe6, 0x19, 0x4b, 255}, Values: []float64{8, 1}},
	}, false, "Quotes")
	if err != nil {
		t.Fatal(err)
	}
	wd, ht = chart.Size(vg.Length(contentW/ptToMM), 2, false)
	c = w.newCanvas(marginLeft, 140, float64(wd)*ptToMM, float64(ht)*ptToMM)
	byTime.Draw(draw.New(c))
	c.finish()
	// Text drawn after the charts (the last label rotated) is set in the
	// font asked for.
	w.drawLine(marginLeft, 200, w.line1("After the chart", bodyStyle, contentW), bodyStyle, contentW, 'L')

	path := filepath.Join(t.TempDir(), "chart.pdf")
	if err := w.pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	words := map[string][]float64{}
	var order []string
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		var box []float64
		for _, s := range m[1:5] {
			v, _ := strconv.ParseFloat(s, 64)
			box = append(box, v)
		}
		words[m[5]] = box
		order = append(order, m[5])
	}
	for _, want := range []string{"Cyber", "lines", "rights", "stability", "Axios", "Hill", "Passages", "After", "Quotes", "Jun"} {
		if words[want] == nil {
			t.Errorf("chart text lacks %q; read %q", want, order)
		}
	}
	if t.Failed() {
		return
	}
	// Right-aligned category labels end together.
	if a, b := words["lines"][2], words["stability"][2]; math.Abs(a-b) > 1.5 {
		t.Errorf("category labels end at %.1f and %.1f: not right-aligned", a, b)
	}
	// The rotated title stands: taller than it is wide.
	if q := words["Quotes"]; q[3]-q[1] < q[2]-q[0] {
		t.Errorf("the vertical axis title is not rotated: box %v", q)
	}
	// The text after the chart is in the body size (10 pt, about 10 pt tall).
	if a := words["After"]; a[3]-a[1] < 8 || a[3]-a[1] > 14 {
		t.Errorf("text after the chart is %.1f pt tall, want the body size", a[3]-a[1])
	}
}
