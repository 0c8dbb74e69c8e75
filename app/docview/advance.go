package docview

import (
	"math"
)

const (
	flatRunes = 0x250 // Latin, Latin-1 and Latin Extended A/B get a flat table
	flatPairs = 0x180 // pairs of Latin, Latin-1 and Latin Extended-A likewise
	maxPairs  = 1 << 16
)

// unmeasured marks a table entry not measured yet.
const unmeasured = math.MinInt16

// advanceCache caches glyph advances for one font and size: the advance of
// every rune on its own, and the kerning of every pair of runes met so far,
// both measured once through the text shaper. Summing cached advances gives
// the same pen positions as shaping a whole line, so lines can be broken and
// hit-tested without shaping every word. Values are in 1/64 px, the
// shaper's 26.6 fixed point, so they are exact.
//
// A cache is not safe for concurrent use; the view uses it on the UI
// goroutine only.
type advanceCache struct {
	measure func(s string) float32

	flat    [flatRunes]int16 // unmeasured until measured
	runes   map[rune]int16
	pairs   []int16 // flatPairs², unmeasured until measured
	pairMap map[uint64]int16
}

// newAdvanceCache returns a cache that measures strings with measure.
func newAdvanceCache(measure func(s string) float32) *advanceCache {
	c := &advanceCache{
		measure: measure,
		runes:   make(map[rune]int16),
		pairs:   make([]int16, flatPairs*flatPairs),
		pairMap: make(map[uint64]int16),
	}
	for i := range c.flat {
		c.flat[i] = unmeasured
	}
	for i := range c.pairs {
		c.pairs[i] = unmeasured
	}
	return c
}

// rune returns the advance of r drawn on its own, in pixels.
func (c *advanceCache) rune(r rune) float32 {
	return float32(c.runeFixed(r)) / 64
}

func (c *advanceCache) runeFixed(r rune) int16 {
	if r >= 0 && r < flatRunes {
		if a := c.flat[r]; a != unmeasured {
			return a
		}
		a := toFixed(c.measure(string(r)))
		c.flat[r] = a
		return a
	}
	if a, ok := c.runes[r]; ok {
		return a
	}
	a := toFixed(c.measure(string(r)))
	c.runes[r] = a
	return a
}

// kerns reports whether r may kern with its neighbours: controls and
// ideographs (drawn from fallback fonts without pair kerning) do not.
func kerns(r rune) bool {
	return r >= ' ' && !isIdeographic(r) && r != 0x7f
}

// pairKern measures the kerning of the pair: the shaper's width of the two
// less their widths alone.
func (c *advanceCache) pairKern(prev, r rune) int16 {
	return toFixed(c.measure(string([]rune{prev, r}))) - c.runeFixed(prev) - c.runeFixed(r)
}

// advance returns the advance of r drawn after prev (0: at the start of a
// run), kerning included, and the kerning part of it, in 1/64 px.
func (c *advanceCache) advance(prev, r rune) (adv, kern int16) {
	if uint32(prev)-' ' < flatPairs-' ' && uint32(r)-' ' < flatPairs-' ' {
		// The Latin fast path: two table lookups.
		a := c.flat[r]
		if a == unmeasured {
			a = c.runeFixed(r)
		}
		k := &c.pairs[int(prev)*flatPairs+int(r)]
		if *k == unmeasured {
			*k = c.pairKern(prev, r)
		}
		return a + *k, *k
	}
	a := c.runeFixed(r)
	if prev == 0 || !kerns(prev) || !kerns(r) {
		return a, 0
	}
	key := uint64(prev)<<32 | uint64(r)
	if k, ok := c.pairMap[key]; ok {
		return a + k, k
	}
	if len(c.pairMap) >= maxPairs {
		return a, 0
	}
	k := c.pairKern(prev, r)
	c.pairMap[key] = k
	return a + k, k
}
