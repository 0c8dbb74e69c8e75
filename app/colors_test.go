package app

import (
	"testing"

	"github.com/lucasb-eyer/go-colorful"

	"gloss/annotate"
	"gloss/assets"
)

// TestPaletteIsColourBlindSafe checks the seed codebook's colours (the
// palette's first nine, red and green not among the first two): every two
// are clearly apart for normal vision and with protanopia and
// deuteranopia.
func TestPaletteIsColourBlindSafe(t *testing.T) {
	seed, err := assets.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	var cs []colorful.Color
	for i, s := range seed {
		if s.Color != annotate.Palette[i] {
			t.Errorf("seed code %d %q is %s, want the palette's %s", i+1, s.Name, s.Color, annotate.Palette[i])
		}
		c, err := colorful.Hex(s.Color)
		if err != nil {
			t.Fatal(err)
		}
		if d := apart(c, cs); d < clearlyApart {
			t.Errorf("seed code %d %q (%s) is only %.1f from an earlier one", i+1, s.Name, s.Color, d*100)
		}
		cs = append(cs, c)
	}
	for _, i := range []int{0, 1} {
		h, _, _ := cs[i].Hcl()
		if (h < 40 || h > 330) || (h > 100 && h < 160) {
			t.Errorf("seed code %d is red or green (hue %.0f°)", i+1, h)
		}
	}
}

// TestNewCodesGetDistinctColours adds codes one after another: each takes
// a colour no code has, the first twelve clearly apart from all before,
// and later ones still as far from the rest as the colours go.
func TestNewCodesGetDistinctColours(t *testing.T) {
	var used []string
	var cs []colorful.Color
	for n := 0; n < 24; n++ {
		got := distinctColor(used)
		if !annotate.ValidColor(got) {
			t.Fatalf("code %d gets %q", n+1, got)
		}
		c, _ := colorful.Hex(got)
		for _, u := range used {
			if u == got {
				t.Fatalf("code %d gets %s, which code has already", n+1, got)
			}
		}
		d := apart(c, cs)
		switch {
		case n < 9 && d < clearlyApart:
			t.Errorf("code %d gets %s, only %.1f from another", n+1, got, d*100)
		case d < 0.04:
			t.Errorf("code %d gets %s, %.1f from another: hard to tell apart", n+1, got, d*100)
		}
		used, cs = append(used, got), append(cs, c)
	}
	// Codes recoloured by hand: the next one keeps clear of them too.
	if got := distinctColor([]string{"#0072b2", "#0072B2", "#e69f00"}); got != annotate.Palette[2] {
		t.Errorf("with blue and orange used, the next code gets %s, want %s", got, annotate.Palette[2])
	}
}
