package docview

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
)

const (
	flatRunes = 0x250 // Latin, Latin-1 and Latin Extended A/B get a flat table
	flatPairs = 0x180 // pairs of Latin, Latin-1 and Latin Extended-A likewise
	maxPairs  = 1 << 16
	maxWords  = 1 << 16
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
	words   map[string]*wordMetrics
}

// wordMetrics is how a word the shaper forms contextually is drawn: the
// advance of each of its grapheme clusters, on the cluster's first code
// point (0 on the others), and which code points continue a cluster.
type wordMetrics struct {
	adv  []int16
	cont []bool
}

// newAdvanceCache returns a cache that measures strings with measure.
func newAdvanceCache(measure func(s string) float32) *advanceCache {
	c := &advanceCache{
		measure: measure,
		runes:   make(map[rune]int16),
		pairs:   make([]int16, flatPairs*flatPairs),
		pairMap: make(map[uint64]int16),
		words:   make(map[string]*wordMetrics),
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
	if prev == 0 || !kerns(prev) || !kerns(r) || isBreakSpace(prev) {
		// After a space nothing kerns: the shaper draws the space in the
		// face of the text before it, which the pair before accounts for.
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

// word returns the metrics of a word the shaper forms contextually. The
// whole word is measured once, and so is the word up to each of its
// grapheme cluster boundaries, with a zero-width joiner where the letters
// on either side join, so that the last letter keeps the form it has in
// the word: the differences are what each cluster adds where it is drawn.
// Lam-alef and other ligatures thus split at the cluster boundary inside
// them, as a caret would.
func (c *advanceCache) word(s string) *wordMetrics {
	if w, ok := c.words[s]; ok {
		return w
	}
	rs := []rune(s)
	w := &wordMetrics{adv: make([]int16, len(rs)), cont: make([]bool, len(rs))}
	whole := toFixed(c.measure(s))
	var done int16 // the advance of the clusters so far
	start := 0     // the current cluster's first rune
	var prefix strings.Builder
	g := graphemes.FromString(s)
	for g.Next() {
		n := utf8.RuneCountInString(g.Value())
		end := start + n
		var upTo int16
		if end >= len(rs) {
			upTo = whole
		} else {
			prefix.Reset()
			prefix.WriteString(s[:g.End()])
			if joins(rs[start], rs[end]) {
				prefix.WriteRune(0x200d)
			}
			upTo = max(done, min(whole, toFixed(c.measure(prefix.String()))))
		}
		w.adv[start] = upTo - done
		for k := start + 1; k < end && k < len(rs); k++ {
			w.cont[k] = true
		}
		done, start = upTo, end
	}
	if len(c.words) < maxWords {
		c.words[strings.Clone(s)] = w
	}
	return w
}

// joins reports whether the letters a and b, next to each other in a word,
// are joined by the shaper (both of a joining script).
func joins(a, b rune) bool {
	return isJoiningLetter(a) && isJoiningLetter(b)
}

func isJoiningLetter(r rune) bool {
	if r == 0x0621 || !unicode.IsLetter(r) { // hamza joins neither side
		return false
	}
	return unicode.In(r, unicode.Arabic, unicode.Syriac, unicode.Nko, unicode.Mongolian,
		unicode.Mandaic, unicode.Manichaean, unicode.Adlam, unicode.Hanifi_Rohingya, unicode.Sogdian)
}

// isComplex reports whether r makes the word it is in one the shaper forms
// contextually, so that the word has to be measured whole: letters of
// joining scripts (Arabic, Syriac, N'Ko, Mongolian and others), of Indic
// and South-East Asian scripts, joiners, variation selectors, keycaps,
// emoji modifiers, flags and tags.
func isComplex(r rune) bool {
	if r < 0x10000 {
		return complexBMP.has(r)
	}
	switch {
	case r >= 0x1f1e6 && r <= 0x1f1ff, r >= 0x1f3fb && r <= 0x1f3ff, r >= 0xe0020 && r <= 0xe007f,
		r >= 0x10d00 && r <= 0x10d3f, r >= 0x10f30 && r <= 0x10f6f, r >= 0x1e900 && r <= 0x1e95f,
		r >= 0x11000 && r <= 0x11fff:
		return true
	}
	return false
}

var complexBMP = func() *bmpSet {
	s := new(bmpSet)
	for _, rg := range [][2]rune{
		{0x0600, 0x08ff}, // Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, Arabic Extended
		{0x0900, 0x0dff}, // Indic scripts
		{0x0e00, 0x0fff}, // Thai, Lao, Tibetan
		{0x1000, 0x109f}, // Myanmar
		{0x1780, 0x18af}, // Khmer, Mongolian
		{0x1a00, 0x1cff}, // Buginese to Sundanese, Vedic extensions
		{0xa800, 0xa8ff}, {0xa900, 0xaadf}, {0xabc0, 0xabff},
		{0xfb50, 0xfdff}, {0xfe70, 0xfeff}, // Arabic presentation forms
		{0x200c, 0x200d}, {0xfe00, 0xfe0f}, {0x20e3, 0x20e3},
	} {
		for r := rg[0]; r <= rg[1]; r++ {
			s.add(r)
		}
	}
	return s
}()
