package export

// The briefing's colours, text styles and page geometry.

import (
	"math"

	"gloss/annotate"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

func hexColor(s string) rgb {
	r, g, b, ok := annotate.ParseColor(s)
	if !ok {
		return rgb{128, 128, 128}
	}
	return rgb{int(r), int(g), int(b)}
}

// tint mixes c with white: t = 1 is c, t = 0 white.
func (c rgb) tint(t float64) rgb {
	mix := func(v int) int { return int(math.Round(float64(v)*t + 255*(1-t))) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// The briefing's palette.
var (
	inkColor    = rgb{0x1f, 0x29, 0x33} // body text
	mutedColor  = rgb{0x5f, 0x6b, 0x7a} // source lines, captions
	faintColor  = rgb{0xd5, 0xda, 0xe1} // rules, grid
	accentColor = rgb{0x1f, 0x3a, 0x5f} // title band, headings
	noteColor   = rgb{0x6b, 0x3e, 0x0a} // researcher's notes
	linkColor   = rgb{0x1d, 0x4e, 0xd8}
)

// tstyle is how a run of text looks.
type tstyle struct {
	st    style
	size  float64 // points
	color rgb
	lead  float64 // line height as a multiple of size
}

var (
	bodyStyle    = tstyle{regular, 10, inkColor, 1.45}
	quoteStyle   = tstyle{regular, 10.5, inkColor, 1.5}
	sourceStyle  = tstyle{regular, 8.5, mutedColor, 1.4}
	noteLabel    = tstyle{bold, 8, noteColor, 1.5}
	noteStyle    = tstyle{italic, 9.5, noteColor, 1.45}
	chipStyle    = tstyle{regular, 8, mutedColor, 1.5}
	h1Style      = tstyle{bold, 17, accentColor, 1.25}
	h2Style      = tstyle{bold, 11.5, inkColor, 1.3}
	captionStyle = tstyle{medium, 8, mutedColor, 1.4}
	descStyle    = tstyle{italic, 10, mutedColor, 1.45}
	tableStyle   = tstyle{regular, 8.5, inkColor, 1.3}
	tableHead    = tstyle{medium, 8, mutedColor, 1.3}
	summaryStyle = tstyle{regular, 10.5, inkColor, 1.5}
	findingStyle = tstyle{regular, 10.5, inkColor, 1.5}
	codingStyle  = tstyle{regular, 8, mutedColor, 1.4}
)

// Page geometry in millimetres (A4).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 22.0
	marginRight  = 22.0
	marginTop    = 24.0
	marginBottom = 22.0
	contentW     = pageW - marginLeft - marginRight
	ptPerMM      = 72 / 25.4
)
