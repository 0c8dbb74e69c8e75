// Package chart draws Gloss's analyses as charts for reports: a matrix of
// counts, such as passages per code by outlet type or by month, as grouped
// bars, written as PNG or SVG.
package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"gloss/annotate"
)

func init() {
	// Charts sit in reports beside sans-serif text.
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// pngDPI is the resolution of PNG charts: sharp on a high-density screen
// and in print.
const pngDPI = 144

// Formats are the file formats Write produces, by extension.
var Formats = []string{"png", "svg"}

// Options describe a chart.
type Options struct {
	Title  string // above the chart, e.g. "Passages per code by outlet type"
	XLabel string // under the groups, e.g. the attribute's name
	YLabel string // beside the counts, e.g. "Passages"
	// Colors gives each row (a code) its colour by ID, "#rrggbb"; rows
	// without one take colours from annotate.Palette.
	Colors map[string]string
	Format string // "png" or "svg"
}

// ErrEmpty is returned for a matrix with nothing to draw.
var ErrEmpty = errors.New("nothing to chart: the table has no rows or no columns")

// maxLabel is the longest group label and legend entry, in code points.
const maxLabel = 28

// Write draws m as grouped bars, a group per column and in each a bar per
// row in the row's colour, with a legend naming the rows, and writes it
// to w in opt.Format. The size follows the number of bars.
func Write(w io.Writer, m *annotate.Matrix, opt Options) error {
	if m == nil || len(m.Rows) == 0 || len(m.Cols) == 0 {
		return ErrEmpty
	}
	format := strings.ToLower(opt.Format)
	if format != "png" && format != "svg" {
		return fmt.Errorf("chart format %q: choose png or svg", opt.Format)
	}
	p := plot.New()
	p.Title.Text = opt.Title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = opt.XLabel
	p.Y.Label.Text = opt.YLabel
	p.Y.Min = 0
	p.Y.Tick.Marker = integerTicks{}
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.BackgroundColor = color.White

	// The grid goes under the bars.
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)

	n := len(m.Rows)
	bar := vg.Points(max(3, min(14, 160/float64(n))))
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font.Size = vg.Points(9)
	legend.Padding = vg.Points(3)
	legend.ThumbnailWidth = vg.Points(12)
	most := 0
	for i, r := range m.Rows {
		vals := make(plotter.Values, len(m.Cols))
		for j := range m.Cols {
			vals[j] = float64(m.Counts[i][j])
			most = max(most, m.Counts[i][j])
		}
		b, err := plotter.NewBarChart(vals, bar)
		if err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		b.Color = rowColor(opt.Colors[r.ID], i)
		b.LineStyle.Width = 0
		b.Offset = (vg.Length(i) - vg.Length(n-1)/2) * bar
		p.Add(b)
		legend.Add(annotate.Ellipsize(r.Name, maxLabel), b)
	}
	// Headroom above the tallest bar, so its top is not the frame's.
	p.Y.Max = math.Ceil(float64(max(most, 1)) * 1.08)
	// Room for each group's bars on both sides of its label.
	p.X.Min, p.X.Max = -0.5, float64(len(m.Cols))-0.5
	names := make([]string, len(m.Cols))
	for j, c := range m.Cols {
		names[j] = annotate.Ellipsize(c.Name, maxLabel)
	}
	p.NominalX(names...)

	// Bars and gaps set the width of the plot; the legend sits to its right.
	group := bar*vg.Length(n) + vg.Points(12)
	plotW := max(vg.Points(260), group*vg.Length(len(m.Cols))+vg.Points(90))
	plotW = min(plotW, vg.Points(2400))
	legendW := vg.Points(10) + legendWidth(legend)
	height := max(vg.Points(300), legend.Rectangle(draw.Canvas{}).Size().Y+vg.Points(60))
	var c vg.CanvasWriterTo
	if format == "png" {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(plotW+legendW, height), vgimg.UseDPI(pngDPI))}
	} else {
		c = vgsvg.New(plotW+legendW, height)
	}
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	plotArea := draw.Crop(dc, 0, -legendW, 0, 0)
	p.Draw(plotArea)
	legendArea := draw.Crop(dc, plotW+vg.Points(4), 0, vg.Points(8), -vg.Points(30))
	legend.Draw(legendArea)
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}

// legendWidth measures the legend's widest entry and its thumbnail.
func legendWidth(l plot.Legend) vg.Length {
	return l.Rectangle(draw.Canvas{}).Size().X + vg.Points(4)
}

// rowColor parses a #rrggbb colour, or takes one from the palette.
func rowColor(hex string, i int) color.Color {
	r, g, b, ok := annotate.ParseColor(hex)
	if !ok {
		r, g, b, _ = annotate.ParseColor(annotate.Palette[i%len(annotate.Palette)])
	}
	return color.NRGBA{R: r, G: g, B: b, A: 255}
}

// integerTicks marks whole numbers only: counts have no fractions.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	// The smallest of 1, 2, 5, 10, 20, 50, ... that makes at most ten ticks.
	step := 1.0
	for k := 0; (hi-lo)/step > 10; k++ {
		step = []float64{2, 5, 10}[k%3] * math.Pow(10, float64(k/3))
	}
	var ts []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(int64(v))})
	}
	return ts
}
