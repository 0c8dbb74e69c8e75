package docview

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/lucasb-eyer/go-colorful"

	"gloss/annotate"
)

// TestStackedBandsStandOut codes one word with three pale codes, whose
// bands, a third of the line's height each, used to vanish on white (the
// third, sand, at the opacity strong colours need): on screen each band
// must stand out from the page, in the light and the dark theme, and from
// the band it touches.
func TestStackedBandsStandOut(t *testing.T) {
	for _, dark := range []bool{false, true} {
		a := test.NewTempApp(t)
		useTheme(a, dark)
		text := "Biden and Putin met in Geneva for talks that both sides called constructive."
		v, w := newView(t, text, 700, 200)
		pale := []string{"#f0e442", "#88ccee", "#ddcc77"} // yellow, light cyan, sand
		v.SetTags([]*annotate.Tag{{ID: "a", Name: "A", Color: pale[0]}, {ID: "b", Name: "B", Color: pale[1]}, {ID: "c", Name: "C", Color: pale[2]}})
		v.SetPassages([]*annotate.Passage{
			passage(t, text, "p1", "met in Geneva for talks", "a"),
			passage(t, text, "p2", "in Geneva for", "b"),
			passage(t, text, "p3", "Geneva", "c"),
		})
		img := w.Canvas().Capture()
		scale := float64(img.Bounds().Dx()) / float64(w.Canvas().Size().Width)
		g := v.geom()
		var bands []*canvas.Rectangle
		for _, o := range test.LaidOutObjects(v) {
			if r, ok := o.(*canvas.Rectangle); ok && math.Abs(float64(r.Size().Height-g.textH/3)) < 0.5 {
				bands = append(bands, r)
			}
		}
		if len(bands) != 3 {
			t.Fatalf("dark=%v: %d bands a third of the line high, want the 3 stacked over Geneva", dark, len(bands))
		}
		bg := colourAt(img, 1, 1)
		for j, r := range bands {
			got := modeColour(img, r, scale)
			if d := got.DistanceCIEDE2000(bg); d < minBandContrast-0.01 {
				t.Errorf("dark=%v: band %d of 3 (%s) shows as %s on a %s page: ΔE %.1f, want %.0f", dark, j+1, pale[j], got.Hex(), bg.Hex(), d*100, minBandContrast*100)
			}
			if j > 0 {
				if d := got.DistanceCIEDE2000(modeColour(img, bands[j-1], scale)); d < 0.05 {
					t.Errorf("dark=%v: bands %d and %d look alike (ΔE %.1f)", dark, j, j+1, d*100)
				}
			}
		}
	}
}

// colourAt is the colour of the pixel at (x, y) of img.
func colourAt(img image.Image, x, y int) colorful.Color {
	n := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
	n.A = 0xff
	c, _ := colorful.MakeColor(n)
	return c
}

// modeColour is the commonest colour of the pixels inside r (drawn at
// scale), the band's own colour where letters cross it.
func modeColour(img image.Image, r *canvas.Rectangle, scale float64) colorful.Color {
	p, s := r.Position(), r.Size()
	x0, y0 := int(math.Ceil(float64(p.X)*scale)), int(math.Ceil(float64(p.Y)*scale))
	x1, y1 := int(float64(p.X+s.Width)*scale), int(float64(p.Y+s.Height)*scale)
	counts := map[color.Color]int{}
	var best color.Color
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			c := img.At(x, y)
			counts[c]++
			if best == nil || counts[c] > counts[best] {
				best = c
			}
		}
	}
	if best == nil {
		return colourAt(img, x0, y0)
	}
	n := color.NRGBAModel.Convert(best).(color.NRGBA)
	n.A = 0xff
	c, _ := colorful.MakeColor(n)
	return c
}
