package app

import (
	"image/color"

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
