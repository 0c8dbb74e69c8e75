package app

import (
	"image/color"
	"math"
	"strings"

	"github.com/lucasb-eyer/go-colorful"

	"gloss/annotate"
)

// tagColor parses a #rrggbb colour, grey when malformed.
func tagColor(s string) color.Color {
	r, g, b, ok := annotate.ParseColor(s)
	if !ok {
		return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	}
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}
}

// withAlpha returns c at alpha a.
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// clearlyApart is the least colour difference (CIEDE2000, in go-colorful's
// units of 1/100), for normal vision and the two common colour
// blindnesses, at which two codes' colours are told apart at a glance.
const clearlyApart = 0.10

// distinctColor picks the colour for a new code given the colours the
// codebook uses: the first palette colour clearly apart from all of them;
// once the palette is used up, the colour of a grid over CIE LCh (hues
// every 10°, the lightness and chroma of the palette's) farthest from
// them all.
func distinctColor(used []string) string {
	var have []colorful.Color
	taken := map[string]bool{}
	for _, u := range used {
		if c, err := colorful.Hex(strings.ToLower(u)); err == nil {
			have = append(have, c)
			taken[c.Hex()] = true
		}
	}
	for _, p := range annotate.Palette {
		c, _ := colorful.Hex(p)
		if !taken[c.Hex()] && apart(c, have) >= clearlyApart {
			return p
		}
	}
	best, bestD := "", -1.0
	for h := 0.0; h < 360; h += 10 {
		for _, l := range []float64{0.55, 0.65, 0.75} {
			for _, ch := range []float64{0.35, 0.5, 0.65} {
				c := colorful.Hcl(h, ch, l)
				if !c.IsValid() {
					continue
				}
				hex := c.Clamped().Hex()
				if taken[hex] {
					continue
				}
				cc, _ := colorful.Hex(hex)
				if d := apart(cc, have); d > bestD {
					best, bestD = hex, d
				}
			}
		}
	}
	return best
}

// apart is c's least colour difference from any of cs, for normal vision
// and as seen with protanopia and deuteranopia; +Inf when cs is empty.
func apart(c colorful.Color, cs []colorful.Color) float64 {
	d := math.Inf(1)
	for _, o := range cs {
		for _, see := range seeing {
			d = math.Min(d, see(c).DistanceCIEDE2000(see(o)))
		}
	}
	return d
}

// seeing turns a colour into what it looks like with normal vision,
// protanopia and deuteranopia (Machado, Oliveira and Fernandes 2009, at
// full severity).
var seeing = []func(colorful.Color) colorful.Color{
	func(c colorful.Color) colorful.Color { return c },
	cvd([3][3]float64{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}),
	cvd([3][3]float64{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}),
}

// cvd returns the simulation of a colour vision deficiency given by its
// matrix over linear RGB.
func cvd(m [3][3]float64) func(colorful.Color) colorful.Color {
	return func(c colorful.Color) colorful.Color {
		r, g, b := c.LinearRgb()
		ch := func(i int) float64 { return math.Max(0, math.Min(1, m[i][0]*r+m[i][1]*g+m[i][2]*b)) }
		return colorful.LinearRgb(ch(0), ch(1), ch(2))
	}
}
