package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/jung-kurt/gofpdf"
	stdfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfCanvas is a vg.Canvas that draws on the briefing's page, so that
// gonum's plots are embedded as vector drawing with their text in the
// briefing's fonts, extractable like the rest. It keeps its own transform
// from the plot's coordinates (points, y up) to the page's (millimetres, y
// down) and draws every path in page coordinates, so that no PDF
// graphics state is saved and restored behind gofpdf's back.
type pdfCanvas struct {
	w      *pdfWriter
	width  vg.Length
	height vg.Length
	st     canvasState
	stack  []canvasState
	images int
}

// canvasState is what Push saves.
type canvasState struct {
	m     [6]float64 // (X, Y) -> (m0 X + m2 Y + m4, m1 X + m3 Y + m5)
	color color.Color
	width vg.Length
	dash  []vg.Length
	offs  vg.Length
}

// ptToMM is the length of a point in millimetres.
const ptToMM = 25.4 / 72

// newCanvas returns a canvas of the given size whose bottom-left corner is
// at x, y+height on the page (millimetres).
func (w *pdfWriter) newCanvas(x, y, widthMM, heightMM float64) *pdfCanvas {
	c := &pdfCanvas{w: w, width: vg.Length(widthMM / ptToMM), height: vg.Length(heightMM / ptToMM)}
	c.st.m = [6]float64{ptToMM, 0, 0, -ptToMM, x, y + heightMM}
	vg.Initialize(c)
	return c
}

// finish leaves the page's drawing state as the briefing's writer expects.
func (c *pdfCanvas) finish() {
	w := c.w
	w.pdf.SetDashPattern(nil, 0)
	w.pdf.SetAlpha(1, "Normal")
	w.curFace, w.curText, w.curFill = nil, nil, nil
}

// Size returns the canvas's size.
func (c *pdfCanvas) Size() (vg.Length, vg.Length) { return c.width, c.height }

func (c *pdfCanvas) apply(p vg.Point) (float64, float64) {
	m := c.st.m
	x, y := float64(p.X), float64(p.Y)
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// scale is how much a length grows from the plot to the page.
func (c *pdfCanvas) scale() float64 {
	m := c.st.m
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func (c *pdfCanvas) SetLineWidth(l vg.Length) { c.st.width = l }

func (c *pdfCanvas) SetLineDash(pattern []vg.Length, offset vg.Length) {
	c.st.dash, c.st.offs = append([]vg.Length(nil), pattern...), offset
}

func (c *pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.st.color = col
}

func (c *pdfCanvas) Rotate(rad float64) {
	m := c.st.m
	cos, sin := math.Cos(rad), math.Sin(rad)
	c.st.m[0], c.st.m[1] = m[0]*cos+m[2]*sin, m[1]*cos+m[3]*sin
	c.st.m[2], c.st.m[3] = -m[0]*sin+m[2]*cos, -m[1]*sin+m[3]*cos
}

func (c *pdfCanvas) Translate(p vg.Point) {
	c.st.m[4], c.st.m[5] = c.apply(p)
}

func (c *pdfCanvas) Scale(x, y float64) {
	c.st.m[0], c.st.m[1] = c.st.m[0]*x, c.st.m[1]*x
	c.st.m[2], c.st.m[3] = c.st.m[2]*y, c.st.m[3]*y
}

func (c *pdfCanvas) Push() {
	s := c.st
	s.dash = append([]vg.Length(nil), s.dash...)
	c.stack = append(c.stack, s)
}

func (c *pdfCanvas) Pop() {
	if n := len(c.stack); n > 0 {
		c.st = c.stack[n-1]
		c.stack = c.stack[:n-1]
	}
}

// rgba returns a colour for gofpdf and its opacity.
func rgba(col color.Color) (rgb, float64) {
	r, g, b, a := col.RGBA()
	if a == 0 {
		return rgb{}, 0
	}
	// Un-premultiply.
	return rgb{int(r * 0xffff / a >> 8), int(g * 0xffff / a >> 8), int(b * 0xffff / a >> 8)}, float64(a) / 0xffff
}

func (c *pdfCanvas) paint() (visible bool) {
	col, alpha := rgba(c.st.color)
	if alpha == 0 {
		return false
	}
	c.w.fill(col)
	c.w.pdf.SetDrawColor(col.r, col.g, col.b)
	c.w.pdf.SetAlpha(alpha, "Normal")
	return true
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.st.width <= 0 || len(p) == 0 || !c.paint() {
		return
	}
	s := c.scale()
	c.w.pdf.SetLineWidth(float64(c.st.width) * s)
	if len(c.st.dash) > 0 {
		ds := make([]float64, len(c.st.dash))
		for i, d := range c.st.dash {
			ds[i] = float64(d) * s
		}
		c.w.pdf.SetDashPattern(ds, float64(c.st.offs)*s)
	} else {
		c.w.pdf.SetDashPattern(nil, 0)
	}
	c.path(p)
	c.w.pdf.DrawPath("D")
}

func (c *pdfCanvas) Fill(p vg.Path) {
	if len(p) == 0 || !c.paint() {
		return
	}
	c.path(p)
	c.w.pdf.DrawPath("F")
}

// path sends p to gofpdf in page coordinates.
func (c *pdfCanvas) path(p vg.Path) {
	pdf := c.w.pdf
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			x, y := c.apply(comp.Pos)
			pdf.MoveTo(x, y)
		case vg.LineComp:
			x, y := c.apply(comp.Pos)
			pdf.LineTo(x, y)
		case vg.CurveComp:
			x, y := c.apply(comp.Pos)
			switch len(comp.Control) {
			case 1:
				cx, cy := c.apply(comp.Control[0])
				pdf.CurveTo(cx, cy, x, y)
			case 2:
				c0x, c0y := c.apply(comp.Control[0])
				c1x, c1y := c.apply(comp.Control[1])
				pdf.CurveBezierCubicTo(c0x, c0y, c1x, c1y, x, y)
			}
		case vg.ArcComp:
			c.arc(comp)
		case vg.CloseComp:
			pdf.ClosePath()
		}
	}
}

// arc draws an arc as cubic Bézier curves of at most a quarter turn each,
// joined by a line to its start.
func (c *pdfCanvas) arc(comp vg.PathComp) {
	pdf := c.w.pdf
	r := float64(comp.Radius)
	at := func(a float64) vg.Point {
		return vg.Point{X: comp.Pos.X + vg.Length(r*math.Cos(a)), Y: comp.Pos.Y + vg.Length(r*math.Sin(a))}
	}
	x0, y0 := c.apply(at(comp.Start))
	pdf.LineTo(x0, y0)
	n := int(math.Ceil(math.Abs(comp.Angle) / (math.Pi / 2)))
	if n == 0 {
		return
	}
	step := comp.Angle / float64(n)
	k := 4.0 / 3 * math.Tan(step/4) * r
	a := comp.Start
	for i := 0; i < n; i++ {
		b := a + step
		p0, p1 := at(a), at(b)
		c0 := vg.Point{X: p0.X - vg.Length(k*math.Sin(a)), Y: p0.Y + vg.Length(k*math.Cos(a))}
		c1 := vg.Point{X: p1.X + vg.Length(k*math.Sin(b)), Y: p1.Y - vg.Length(k*math.Cos(b))}
		c0x, c0y := c.apply(c0)
		c1x, c1y := c.apply(c1)
		x, y := c.apply(p1)
		pdf.CurveBezierCubicTo(c0x, c0y, c1x, c1y, x, y)
		a = b
	}
}

// FillString draws text with its baseline starting at pt, in the
// briefing's fonts (with their fallbacks for characters the Go fonts
// lack).
func (c *pdfCanvas) FillString(f font.Face, pt vg.Point, text string) {
	size := f.Font.Size.Points() * c.scale() / ptToMM
	if size <= 0 || text == "" {
		return
	}
	col, alpha := rgba(c.st.color)
	if alpha == 0 {
		return
	}
	st := regular
	if f.Font.Weight >= stdfont.WeightBold {
		st = bold
	}
	ts := tstyle{st, size, col, 1}
	x, y := c.apply(pt)
	m := c.st.m
	angle := math.Atan2(-m[1], m[0]) * 180 / math.Pi
	l := c.w.line1(text, ts, 1e6)
	if math.Abs(angle) < 0.01 {
		c.w.drawBaseline(x, y, l, ts)
		return
	}
	pdf := c.w.pdf
	pdf.TransformBegin()
	pdf.TransformRotate(angle, x, y)
	c.w.drawBaseline(x, y, l, ts)
	pdf.TransformEnd()
	// The end of the transform restored the font gofpdf believes current:
	// set it again, and the colours with it.
	cur, _ := pdf.GetFontSize()
	pdf.SetFontSize(cur)
	c.w.curText, c.w.curFill = nil, nil
}

// DrawImage draws an image scaled into rect.
func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return
	}
	c.images++
	name := fmt.Sprintf("chart-image-%p-%d", c, c.images)
	opts := gofpdf.ImageOptions{ImageType: "png"}
	c.w.pdf.RegisterImageOptionsReader(name, opts, &buf)
	x0, y0 := c.apply(rect.Min)
	x1, y1 := c.apply(rect.Max)
	c.w.pdf.ImageOptions(name, math.Min(x0, x1), math.Min(y0, y1), math.Abs(x1-x0), math.Abs(y1-y0), false, opts, 0, "")
}
