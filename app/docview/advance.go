package docview

import (
	"math"
)

const (
	flatRunes = 0x250 // Latin, Latin-1 and Latin Extended A/B get flat tables
	flatPairs = 0x180 // pairs of Latin and Latin-1/Extended-A runes likewise
	maxPairs  = 1 << 16
)

// advanceCache caches glyph advances for one font and size: the advance of
// every rune on its own, and the kerning of every pair of runes met so far,
// both measured once through the text shaper. Summing cached advances gives
// the same pen positions as shaping a whole line, so lines can be broken and
// hit-tested without shaping every word.
type advanceCache struct {
	measure func(s string) float32

	flat    [flatRunes]float32 // NaN until measured
	runes   map[rune]float32
	pairs   []float32 // flatPairs², NaN until measured
	pairMap map[uint64]float32

	// The same tables in 1/64 px for shape's fast path; unmeasured until
	// measured.
	flatFix [flatRunes]int16
	pairFix []int16
}

// unmeasured marks a fixed-point table entry not measured yet.
const unmeasured = math.MinInt16

// newAdvanceCache returns a cache that measures strings with measure.
func newAdvanceCache(measure func(s string) float32) *advanceCache {
	c := &advanceCache{
		measure: measure,
		runes:   make(map[rune]float32),
		pairs:   make([]float32, flatPairs*flatPairs),
		pairMap: make(map[uint64]float32),
		pairFix: make([]int16, flatPairs*flatPairs),
	}
	for i := range c.flatFix {
		c.flatFix[i] = unmeasured
	}
	for i := range c.pairFix {
		c.pairFix[i] = unmeasured
	}
	nan := float32(math.NaN())
	for i := range c.flat {
		c.flat[i] = nan
	}
	for i := range c.pairs {
		c.pairs[i] = nan
	}
	return c
}

// rune returns the advance of r drawn on its own.
func (c *advanceCache) rune(r rune) float32 {
	if r >= 0 && r < flatRunes {
		a := c.flat[r]
		if a == a { // not NaN
			return a
		}
		a = c.measure(string(r))
		c.flat[r] = a
		c.flatFix[r] = toFixed(a)
		return a
	}
	if a, ok := c.runes[r]; ok {
		return a
	}
	a := c.measure(string(r))
	c.runes[r] = a
	return a
}

// kerns reports whether r may kern with its neighbours: controls and
// ideographs (drawn from fallback fonts without pair kerning) do not.
func kerns(r rune) bool {
	return r >= ' ' && !isIdeographic(r) && r != 0x7f
}

// advance returns the advance of r drawn after prev (0: at the start of a
// run), kerning included, and the kerning part of it. Kerning is the
// shaper's width of the pair less the widths of its runes alone.
func (c *advanceCache) advance(prev, r rune) (adv, kern float32) {
	if uint32(prev)-' ' < flatPairs-' ' && uint32(r)-' ' < flatPairs-' ' {
		// The Latin fast path: two table lookups.
		a := c.flat[r]
		if a != a { // NaN: not measured yet
			a = c.rune(r)
		}
		k := &c.pairs[int(prev)*flatPairs+int(r)]
		if *k != *k {
			*k = c.measure(string([]rune{prev, r})) - c.rune(prev) - a
			c.pairFix[int(prev)*flatPairs+int(r)] = toFixed(*k)
		}
		return a + *k, *k
	}
	a := c.rune(r)
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
	k := c.measure(string([]rune{prev, r})) - c.rune(prev) - a
	c.pairMap[key] = k
	return a + k, k
}
