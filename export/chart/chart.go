// Package chart draws the briefing's charts with gonum's plotting library:
// passages per code by outlet, and passages per code over time. A chart is
// a Chart (a plot and the legend beside it) that draws on any vg.Canvas,
// so the briefing embeds it as vector drawing in its PDF and the app can
// render it as an image. Text is set in the Go fonts, the briefing's own.
package chart

import (
	"fmt"
	"image/color"
	"math"

	stdfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Typeface is the name charts give the Go fonts; a canvas that draws
// text itself recognizes it in font.Face.Font.
const Typeface font.Typeface = "Go"

// Fonts holds the Go fonts, regular and bold, for charts.
var Fonts = func() *font.Cache {
	reg, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(err)
	}
	return font.NewCache(font.Collection{
		{Font: font.Font{Typeface: Typeface}, Face: reg},
		{Font: font.Font{Typeface: Typeface, Weight: stdfont.WeightBold}, Face: bold},
	})
}()

var handler = text.Plain{Fonts: Fonts}

// The charts' colours.
var (
	ink   = color.RGBA{0x1f, 0x29, 0x33, 0xff}
	muted = color.RGBA{0x5f, 0x6b, 0x7a, 0xff}
	grid  = color.RGBA{0xe3, 0xe7, 0xec, 0xff}
)

// OutletColors are the colours of outlets, in order: distinct hues of
// similar weight, legible in print and for most colour-blind readers.
var OutletColors = []color.Color{
	color.RGBA{0x4e, 0x79, 0xa7, 0xff}, color.RGBA{0xf2, 0x8e, 0x2b, 0xff}, color.RGBA{0x59, 0xa1, 0x4f, 0xff},
	color.RGBA{0xe1, 0x57, 0x59, 0xff}, color.RGBA{0x76, 0xb7, 0xb2, 0xff}, color.RGBA{0xed, 0xc9, 0x48, 0xff},
	color.RGBA{0xb0, 0x7a, 0xa1, 0xff}, color.RGBA{0x9c, 0x75, 0x5f, 0xff}, color.RGBA{0xba, 0xb0, 0xac, 0xff},
}

// Series is one stack of bars: a name for the legend, a colour, and a
// value per category.
type Series struct {
	Name   string
	Color  color.Color
	Values []float64
}

// Chart is a plot and its legend, drawn side by side.
type Chart struct {
	Plot   *plot.Plot
	legend plot.Legend
	// LegendWidth is the width the legend takes at the right.
	LegendWidth vg.Length
}

// Size is a chart's size in points for n categories: the width given, and
// a height that leaves each category room.
func Size(width vg.Length, n int, horizontal bool) (vg.Length, vg.Length) {
	if horizontal {
		return width, vg.Length(math.Max(90, 34+15*float64(n)))
	}
	return width, 140
}

// Draw draws the chart on c.
func (ch *Chart) Draw(c draw.Canvas) {
	gap := vg.Points(10)
	plotArea := draw.Crop(c, 0, -(ch.LegendWidth + gap), 0, 0)
	ch.Plot.Draw(plotArea)
	legendArea := draw.Crop(c, c.Max.X-c.Min.X-ch.LegendWidth, 0, 0, -vg.Points(4))
	ch.legend.Draw(legendArea)
}

// Stacked returns a bar chart of stacked series over categories:
// horizontal bars with the categories down the left (codes, say), or
// vertical ones with them along the bottom (periods). Every series must
// have a value per category.
func Stacked(categories []string, series []Series, horizontal bool, valueLabel string) (*Chart, error) {
	if len(categories) == 0 || len(series) == 0 {
		return nil, fmt.Errorf("a chart needs categories and series")
	}
	p := plot.New()
	style(p)
	var below *plotter.BarChart
	width := vg.Points(9)
	if !horizontal {
		width = vg.Points(math.Min(28, math.Max(6, 300/float64(len(categories)))))
	}
	peak := 0.0
	totals := make([]float64, len(categories))
	legend := plot.NewLegend()
	legend.TextStyle = textStyle(7.5, false, ink)
	legend.Top = true
	legend.Left = true
	legend.ThumbnailWidth = vg.Points(8)
	legend.Padding = vg.Points(2.5)
	// Grid lines along the value axis, behind the bars.
	g := plotter.NewGrid()
	if horizontal {
		g.Horizontal.Width = 0
		g.Vertical.Color = grid
	} else {
		g.Vertical.Width = 0
		g.Horizontal.Color = grid
	}
	p.Add(g)
	var bars []*plotter.BarChart
	for _, s := range series {
		if len(s.Values) != len(categories) {
			return nil, fmt.Errorf("series %q has %d values for %d categories", s.Name, len(s.Values), len(categories))
		}
		vals := make(plotter.Values, len(s.Values))
		copy(vals, s.Values)
		for i, v := range vals {
			totals[i] += v
		}
		b, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		b.Horizontal = horizontal
		b.Color = s.Color
		b.LineStyle.Width = 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		bars = append(bars, b)
		p.Add(b)
	}
	// The legend lists the series as a reader meets them: left to right
	// along horizontal bars, top to bottom down vertical ones.
	for i := range bars {
		k := i
		if !horizontal {
			k = len(bars) - 1 - i
		}
		legend.Add(series[k].Name, bars[k])
	}
	for _, t := range totals {
		peak = math.Max(peak, t)
	}
	ticks := plot.TickerFunc(func(min, max float64) []plot.Tick { return countTicks(max) })
	if horizontal {
		// Categories top to bottom, as they are listed.
		rev := make([]string, len(categories))
		for i, c := range categories {
			rev[len(categories)-1-i] = c
		}
		for _, b := range bars {
			for i, j := 0, len(b.Values)-1; i < j; i, j = i+1, j-1 {
				b.Values[i], b.Values[j] = b.Values[j], b.Values[i]
			}
		}
		p.NominalY(rev...)
		p.Y.Min, p.Y.Max = -0.6, float64(len(categories))-0.4
		p.X.Min, p.X.Max = 0, niceMax(peak)
		p.X.Tick.Marker = ticks
		p.X.Label.Text = valueLabel
	} else {
		p.NominalX(categories...)
		p.X.Min, p.X.Max = -0.6, float64(len(categories))-0.4
		p.Y.Min, p.Y.Max = 0, niceMax(peak)
		p.Y.Tick.Marker = ticks
		p.Y.Label.Text = valueLabel
	}
	ch := &Chart{Plot: p, legend: legend}
	for _, s := range series {
		ch.LegendWidth = max(ch.LegendWidth, legend.ThumbnailWidth+legend.TextStyle.Width(" "+s.Name))
	}
	return ch, nil
}

// style sets a plot's text in the Go fonts and its lines light.
func style(p *plot.Plot) {
	p.TextHandler = handler
	restyle(&p.Title.TextStyle, 9, true, ink)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		restyle(&a.Label.TextStyle, 7.5, false, muted)
		restyle(&a.Tick.Label, 7.5, false, ink)
		a.Color = muted
		a.LineStyle.Width = vg.Points(0.5)
		a.LineStyle.Color = muted
		a.Tick.LineStyle.Width = vg.Points(0.5)
		a.Tick.LineStyle.Color = muted
		a.Tick.Length = vg.Points(3)
		a.Padding = vg.Points(2)
	}
}

// restyle sets a text style's font and colour, keeping its alignment and
// rotation.
func restyle(s *text.Style, size float64, bold bool, c color.Color) {
	t := textStyle(size, bold, c)
	s.Font, s.Color, s.Handler = t.Font, t.Color, t.Handler
}

func textStyle(size float64, bold bool, c color.Color) text.Style {
	f := font.Font{Typeface: Typeface, Size: vg.Points(size)}
	if bold {
		f.Weight = stdfont.WeightBold
	}
	return text.Style{Color: c, Font: f, Handler: handler}
}

// niceMax rounds a count up to the end of a readable axis.
func niceMax(peak float64) float64 {
	if peak <= 0 {
		return 1
	}
	step := tickStep(peak)
	return math.Ceil(peak/step) * step
}

// tickStep is the spacing of whole-number ticks for an axis up to max:
// 1, 2 or 5 times a power of ten, for about five ticks.
func tickStep(max float64) float64 {
	raw := max / 5
	if raw < 1 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// countTicks labels whole numbers from 0 to max.
func countTicks(max float64) []plot.Tick {
	step := tickStep(max)
	var ts []plot.Tick
	for v := 0.0; v <= max+step/1000; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprint(int(math.Round(v)))})
	}
	return ts
}
