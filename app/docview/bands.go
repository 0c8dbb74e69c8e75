package docview

import (
	"image/color"

	"github.com/lucasb-eyer/go-colorful"
)

const (
	// minBandContrast is how far (CIEDE2000, in go-colorful's units of
	// 1/100) a passage band's fill must stand from the background: a pale
	// tag colour (yellow, sand) would otherwise vanish on white at the
	// opacity a strong one needs, and with three codes stacked on a line
	// each band is a third of its height.
	minBandContrast = 0.12
	// maxBandAlpha keeps the text readable over the strongest fill.
	maxBandAlpha = 0.72
)

// bandKey is a band fill asked for: a tag colour at an opacity over a
// background.
type bandKey struct {
	c, bg color.NRGBA
	a     float32
}

// bandFills caches the fills fill computes, which are asked for on
// every repaint.
type bandFills map[bandKey]color.NRGBA

// bandFill is bandFills.fill on the view's cache.
func (v *DocView) bandFill(c, bg color.NRGBA, a float32) color.NRGBA {
	if v.bandFills == nil {
		v.bandFills = bandFills{}
	}
	return v.bandFills.fill(c, bg, a)
}

// fill returns tag colour c at opacity a, made more opaque as needed (up
// to maxBandAlpha) for the colour it shows over bg to differ from bg by
// minBandContrast.
func (f bandFills) fill(c, bg color.NRGBA, a float32) color.NRGBA {
	k := bandKey{c, bg, a}
	if got, ok := f[k]; ok {
		return got
	}
	if len(f) > 512 {
		clear(f)
	}
	out := withAlpha(c, bandAlpha(c, bg, a))
	f[k] = out
	return out
}

// bandAlpha is the least opacity, from a up, at which c over bg stands
// minBandContrast from bg.
func bandAlpha(c, bg color.NRGBA, a float32) float32 {
	cc, _ := colorful.MakeColor(opaque(c))
	bc, _ := colorful.MakeColor(opaque(bg))
	for ; a < maxBandAlpha; a += 0.02 {
		if bc.BlendRgb(cc, float64(a)).DistanceCIEDE2000(bc) >= minBandContrast {
			return a
		}
	}
	return maxBandAlpha
}

func opaque(c color.NRGBA) color.NRGBA {
	c.A = 0xff
	return c
}
