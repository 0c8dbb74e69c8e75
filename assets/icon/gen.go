//go:build ignore

// gen draws Gloss's icon: a page of text with two passages highlighted in
// palette colours and a quotation-mark badge, on a rounded indigo square.
// It writes the same drawing as icon.png (512×512, anti-aliased) and
// icon.svg. Run with: go run gen.go
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strings"
)

type shape interface {
	in(x, y float64) bool
	svg() string
}

type rrect struct{ x0, y0, x1, y1, r float64 }

func (s rrect) in(x, y float64) bool {
	if x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1 {
		return false
	}
	cx := math.Max(s.x0+s.r, math.Min(x, s.x1-s.r))
	cy := math.Max(s.y0+s.r, math.Min(y, s.y1-s.r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= s.r*s.r
}

func (s rrect) svg() string {
	return fmt.Sprintf(`<rect x="%g" y="%g" width="%g" height="%g" rx="%g"`, s.x0, s.y0, s.x1-s.x0, s.y1-s.y0, s.r)
}

type circle struct{ cx, cy, r float64 }

func (s circle) in(x, y float64) bool { return (x-s.cx)*(x-s.cx)+(y-s.cy)*(y-s.cy) <= s.r*s.r }
func (s circle) svg() string          { return fmt.Sprintf(`<circle cx="%g" cy="%g" r="%g"`, s.cx, s.cy, s.r) }

type poly []([2]float64)

func (p poly) in(x, y float64) bool {
	inside := false
	for i, j := 0, len(p)-1; i < len(p); j, i = i, i+1 {
		xi, yi, xj, yj := p[i][0], p[i][1], p[j][0], p[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			inside = !inside
		}
	}
	return inside
}

func (p poly) svg() string {
	var pts []string
	for _, v := range p {
		pts = append(pts, fmt.Sprintf("%g,%g", v[0], v[1]))
	}
	return fmt.Sprintf(`<polygon points="%s"`, strings.Join(pts, " "))
}

type layer struct {
	s shape
	c color.NRGBA
}

func hex(s string, a uint8) color.NRGBA {
	var r, g, b uint8
	fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b)
	return color.NRGBA{r, g, b, a}
}

// comma is one half of a closing quotation mark: a round head and a tail
// sweeping down to the left.
func comma(cx, cy, r float64) []shape {
	return []shape{
		circle{cx, cy, r},
		poly{{cx + r*0.98, cy + r*0.2}, {cx + r*0.55, cy + r*1.45}, {cx - r*0.75, cy + r*2.35}, {cx - r*0.15, cy + r*1.2}, {cx - r*0.2, cy + r*0.6}},
	}
}

func main() {
	const size = 512
	ink := hex("#2b3a67", 255)
	page := hex("#fbfaf6", 255)
	line := hex("#b9bfcc", 255)
	var layers []layer
	add := func(c color.NRGBA, ss ...shape) {
		for _, s := range ss {
			layers = append(layers, layer{s, c})
		}
	}
	add(ink, rrect{16, 16, 496, 496, 108})
	add(hex("#1d2848", 255), rrect{118, 100, 406, 436, 30}) // page shadow
	add(page, rrect{106, 84, 394, 420, 30})
	// Highlighter bands behind lines 2 and 4, in palette yellow and cyan.
	add(hex("#ffe119", 200), rrect{138, 176, 362, 222, 10})
	add(hex("#42d4f4", 170), rrect{138, 272, 300, 318, 10})
	for i, w := range []float64{210, 200, 170, 140, 190} {
		y := 140 + float64(i)*48
		add(line, rrect{150, y, 150 + w, y + 14, 7})
	}
	// Quotation-mark badge in palette red.
	add(hex("#e6194b", 255), circle{378, 392, 86})
	white := hex("#ffffff", 255)
	add(white, comma(350, 370, 20)...)
	add(white, comma(404, 370, 20)...)

	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // supersamples per axis
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x, y := float64(px)+(float64(sx)+0.5)/ss, float64(py)+(float64(sy)+0.5)/ss
					var cr, cg, cb, ca float64
					for _, l := range layers {
						if !l.s.in(x, y) {
							continue
						}
						la := float64(l.c.A) / 255
						cr = float64(l.c.R)*la + cr*(1-la)
						cg = float64(l.c.G)*la + cg*(1-la)
						cb = float64(l.c.B)*la + cb*(1-la)
						ca = la + ca*(1-la)
					}
					r, g, b, a = r+cr, g+cg, b+cb, a+ca
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			// Premultiplied sums to straight alpha.
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(a / n * 255)})
		}
	}
	f, err := os.Create("../icon.png")
	if err != nil {
		panic(err)
	}
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
	f.Close()

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">`+"\n", size, size, size, size)
	b.WriteString("<title>Gloss</title>\n")
	for _, l := range layers {
		fmt.Fprintf(&b, `%s fill="#%02x%02x%02x"`, l.s.svg(), l.c.R, l.c.G, l.c.B)
		if l.c.A != 255 {
			fmt.Fprintf(&b, ` fill-opacity="%.2f"`, float64(l.c.A)/255)
		}
		b.WriteString("/>\n")
	}
	b.WriteString("</svg>\n")
	if err := os.WriteFile("../icon.svg", []byte(b.String()), 0o644); err != nil {
		panic(err)
	}
}
