package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"gloss/annotate"
)

// Formats are the image formats WriteMatrix writes.
var Formats = []string{"png", "svg"}

// FormatOf returns the image format a file name asks for by its
// extension, "png" or "svg", or "" for neither.
func FormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		return "png"
	case ".svg":
		return "svg"
	}
	return ""
}

// ErrEmpty is returned for a table with nothing to draw.
var ErrEmpty = errors.New("nothing to chart: the table has no rows or no columns")

// MatrixOptions describe the chart of a table of counts.
type MatrixOptions struct {
	Format string // "png" or "svg"
	// OverColumns draws a vertical bar per column, stacked by row in the
	// rows' colours: for columns that run in order, such as months. Else a
	// horizontal bar per row (a code), stacked by column (a value of an
	// attribute), in OutletColors.
	OverColumns bool
	// RowColors gives rows their colours by ID ("#rrggbb"), for OverColumns;
	// rows without one take OutletColors.
	RowColors  map[string]string
	ValueLabel string // the counts' axis, e.g. "Passages"
	Title      string // above the chart; "" for none
	Width      vg.Length
	// DPI is the resolution of a PNG; 0 means 144, sharp on a high-density
	// screen and in print.
	DPI int
}

// maxLabel is the longest category or legend label, in code points.
const maxLabel = 40

// Matrix returns the chart of a table of counts, such as passages per
// code and value of a document attribute (see MatrixOptions.OverColumns).
// Rows or columns with no count at all are left out, but for an empty
// column between two others drawn along the bottom.
func Matrix(m *annotate.Matrix, opt MatrixOptions) (*Chart, error) {
	if m == nil || len(m.Rows) == 0 || len(m.Cols) == 0 {
		return nil, ErrEmpty
	}
	rowSum, colSum := make([]int, len(m.Rows)), make([]int, len(m.Cols))
	for i := range m.Rows {
		for j := range m.Cols {
			rowSum[i] += m.Counts[i][j]
			colSum[j] += m.Counts[i][j]
		}
	}
	var rows, cols []int
	for i, n := range rowSum {
		if n > 0 {
			rows = append(rows, i)
		}
	}
	first, last := -1, -1
	for j, n := range colSum {
		if n > 0 {
			if first < 0 {
				first = j
			}
			last = j
		}
	}
	for j := range colSum {
		// Along the bottom the columns run in order (months, say): an
		// empty one between two others is a gap to see.
		if colSum[j] > 0 || opt.OverColumns && j > first && j < last {
			cols = append(cols, j)
		}
	}
	if len(rows) == 0 {
		return nil, ErrEmpty
	}
	label := func(l annotate.Label) string { return annotate.Ellipsize(l.Name, maxLabel) }
	var categories []string
	var series []Series
	if opt.OverColumns {
		for _, j := range cols {
			categories = append(categories, label(m.Cols[j]))
		}
		for k, i := range rows {
			s := Series{Name: label(m.Rows[i]), Color: hexColor(opt.RowColors[m.Rows[i].ID], k)}
			for _, j := range cols {
				s.Values = append(s.Values, float64(m.Counts[i][j]))
			}
			series = append(series, s)
		}
	} else {
		for _, i := range rows {
			categories = append(categories, label(m.Rows[i]))
		}
		for k, j := range cols {
			s := Series{Name: label(m.Cols[j]), Color: OutletColors[k%len(OutletColors)]}
			if m.Cols[j].ID == annotate.NotSetLabel {
				s.Color = grid
			}
			for _, i := range rows {
				s.Values = append(s.Values, float64(m.Counts[i][j]))
			}
			series = append(series, s)
		}
	}
	valueLabel := opt.ValueLabel
	if valueLabel == "" {
		valueLabel = "Passages"
	}
	ch, err := Stacked(categories, series, !opt.OverColumns, valueLabel)
	if err != nil {
		return nil, err
	}
	ch.Plot.Title.Text = opt.Title
	return ch, nil
}

// hexColor parses a #rrggbb colour, or takes the k-th of OutletColors.
func hexColor(hex string, k int) color.Color {
	r, g, b, ok := annotate.ParseColor(hex)
	if !ok {
		return OutletColors[k%len(OutletColors)]
	}
	return color.RGBA{r, g, b, 0xff}
}

// WriteMatrix draws a table of counts (see Matrix) and writes it to w as
// a PNG or SVG image on white, sized for its bars.
func WriteMatrix(w io.Writer, m *annotate.Matrix, opt MatrixOptions) error {
	format := strings.ToLower(opt.Format)
	if format != "png" && format != "svg" {
		return fmt.Errorf("chart format %q: choose png or svg", opt.Format)
	}
	ch, err := Matrix(m, opt)
	if err != nil {
		return err
	}
	width := opt.Width
	if width == 0 {
		width = vg.Points(560)
	}
	n := len(m.Rows)
	if opt.OverColumns {
		n = len(m.Cols)
	}
	wd, ht := Size(width, n, !opt.OverColumns)
	if opt.OverColumns {
		ht = vg.Points(260)
	}
	var c vg.CanvasWriterTo
	if format == "png" {
		dpi := opt.DPI
		if dpi == 0 {
			dpi = 144
		}
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	} else {
		// The fonts travel in the file, so that it looks the same in any
		// browser or editor.
		c = vgsvg.NewWith(vgsvg.UseWH(wd, ht), vgsvg.EmbedFonts(true))
	}
	dc := draw.New(c)
	if format == "svg" {
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	}
	pad := vg.Points(8)
	ch.Draw(draw.Crop(dc, pad, -pad, pad, -pad))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}
