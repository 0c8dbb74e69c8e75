package docview

import (
	"hash/maphash"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
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
// every rune on its own, the kerning of every pair of runes met so far and
// the width of every word of a contextually shaped script (Arabic, Indic
// scripts, emoji sequences), each measured once. Summing cached advances
// gives the same pen positions as shaping a whole line, so lines can be
// broken and hit-tested without shaping every word. Values are in 1/64 px,
// the shaper's 26.6 fixed point, so they are exact.
//
// Runes and pairs are measured through Fyne (fyne.MeasureText), which may
// be called on the UI goroutine only; words through wordShaper where it
// agrees with Fyne, on any goroutine. The cache is shared by the UI
// goroutine and the goroutine laying a long text out, and guarded by mu:
// whoever holds it says with ui whether it may measure through Fyne. Off
// the UI goroutine, what has to be measured through Fyne is either
// collected in batch (to be measured in one go on the UI goroutine, see
// measureBatch) or, when not batching, measured one string at a time with
// fyne.DoAndWait, mu released meanwhile.
type advanceCache struct {
	mu sync.Mutex
	ui bool // the holder of mu runs on the UI goroutine

	size    float32
	measure func(s string) float32 // through Fyne: on the UI goroutine only
	hb      *wordShaper            // nil: every word through measure

	batch   map[string]struct{} // strings waiting to be measured, while batching
	batched map[string]float32  // strings measured for the batch under way

	flat    [flatRunes]int16 // unmeasured until measured
	runes   map[rune]int16
	pairs   []int16 // flatPairs², unmeasured until measured
	pairMap map[uint64]int16
	words   map[uint64]uint64 // hash of the word → width (low 32 bits) | wordHasCont
	valid   map[rune]bool     // whether wordShaper measures the rune alone as Fyne does
	seed    maphash.Seed

	rbuf []rune
	cbuf []int32
	sbuf []bool
}

// wordHasCont marks a word with a grapheme cluster of more than one code
// point.
const wordHasCont = 1 << 32

// newAdvanceCache returns a cache that measures strings with measure and
// words with hb (nil: with measure).
func newAdvanceCache(measure func(s string) float32, hb *wordShaper, size float32) *advanceCache {
	c := &advanceCache{
		size:    size,
		measure: measure,
		hb:      hb,
		runes:   make(map[rune]int16),
		pairs:   make([]int16, flatPairs*flatPairs),
		pairMap: make(map[uint64]int16),
		words:   make(map[uint64]uint64),
		valid:   make(map[rune]bool),
		seed:    maphash.MakeSeed(),
	}
	for i := range c.flat {
		c.flat[i] = unmeasured
	}
	for i := range c.pairs {
		c.pairs[i] = unmeasured
	}
	return c
}

// lockUI takes the cache for the UI goroutine.
func (c *advanceCache) lockUI() {
	c.mu.Lock()
	c.ui = true
}

// lockBG takes the cache for another goroutine.
func (c *advanceCache) lockBG() {
	c.mu.Lock()
	c.ui = false
}

func (c *advanceCache) unlock() { c.mu.Unlock() }

// fyne measures s through Fyne, or reports false when it has been put in
// the batch instead.
func (c *advanceCache) fyne(s string) (float32, bool) {
	if w, ok := c.batched[s]; ok {
		return w, true
	}
	switch {
	case c.ui:
		return c.measure(s), true
	case c.batch != nil:
		c.batch[s] = struct{}{}
		return 0, false
	}
	var w float32
	c.mu.Unlock()
	fyne.DoAndWait(func() { w = c.measure(s) })
	c.lockBG()
	return w, true
}

// startBatch makes measurements through Fyne go into a batch.
func (c *advanceCache) startBatch() {
	c.batch = map[string]struct{}{}
	c.batched = nil
}

// endBatch stops batching and forgets the batch's results.
func (c *advanceCache) endBatch() {
	c.batch, c.batched = nil, nil
}

// measureBatch measures the strings in the batch on the UI goroutine, in
// one call, mu released meanwhile, and reports whether there were any.
// The caller holds mu, off the UI goroutine.
func (c *advanceCache) measureBatch() bool {
	if len(c.batch) == 0 {
		return false
	}
	todo := make([]string, 0, len(c.batch))
	for s := range c.batch {
		todo = append(todo, s)
	}
	clear(c.batch)
	widths := make([]float32, len(todo))
	c.mu.Unlock()
	fyne.DoAndWait(func() {
		for i, s := range todo {
			widths[i] = c.measure(s)
		}
	})
	c.lockBG()
	if c.batched == nil {
		c.batched = make(map[string]float32, len(todo))
	}
	for i, s := range todo {
		c.batched[s] = widths[i]
	}
	return true
}

// rune returns the advance of r drawn on its own, in pixels.
func (c *advanceCache) rune(r rune) float32 {
	a, _ := c.runeFixed(r)
	return float32(a) / 64
}

// runeFixed returns the advance of r alone, and false when it is waiting
// in the batch.
func (c *advanceCache) runeFixed(r rune) (int16, bool) {
	if r >= 0 && r < flatRunes {
		if a := c.flat[r]; a != unmeasured {
			return a, true
		}
	} else if a, ok := c.runes[r]; ok {
		return a, true
	}
	w, ok := c.fyne(string(r))
	if !ok {
		return 0, false
	}
	a := toFixed(w)
	if r >= 0 && r < flatRunes {
		c.flat[r] = a
	} else {
		c.runes[r] = a
	}
	return a, true
}

// kerns reports whether r may kern with its neighbours: controls and
// ideographs (drawn from fallback fonts without pair kerning) do not.
func kerns(r rune) bool {
	return r >= ' ' && !isIdeographic(r) && r != 0x7f
}

// pairKern measures the kerning of the pair: the shaper's width of the two
// less their widths alone.
func (c *advanceCache) pairKern(prev, r rune) (int16, bool) {
	w, ok := c.fyne(string([]rune{prev, r}))
	a, ok1 := c.runeFixed(prev)
	b, ok2 := c.runeFixed(r)
	return toFixed(w) - a - b, ok && ok1 && ok2
}

// advance returns the advance of r drawn after prev (0: at the start of a
// run), kerning included, and the kerning part of it, in 1/64 px.
func (c *advanceCache) advance(prev, r rune) (adv, kern int16) {
	if uint32(prev)-' ' < flatPairs-' ' && uint32(r)-' ' < flatPairs-' ' {
		// The Latin fast path: two table lookups.
		a := c.flat[r]
		if a == unmeasured {
			a, _ = c.runeFixed(r)
		}
		k := &c.pairs[int(prev)*flatPairs+int(r)]
		if *k == unmeasured {
			if v, ok := c.pairKern(prev, r); ok {
				*k = v
			} else {
				return a, 0
			}
		}
		return a + *k, *k
	}
	a, _ := c.runeFixed(r)
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
	k, ok := c.pairKern(prev, r)
	if ok {
		c.pairMap[key] = k
	}
	return a + k, k
}

// word returns the width of a word the shaper forms contextually, s (rs
// as runes), in 1/64 px, whether one of its grapheme clusters has more
// than one code point, and false when it is waiting in the batch.
func (c *advanceCache) word(s string, rs []rune) (w int32, hasCont, ok bool) {
	h := maphash.String(c.seed, s)
	if e, found := c.words[h]; found {
		return int32(uint32(e)), e&wordHasCont != 0, true
	}
	if c.shapes(s, rs) {
		w = c.hb.shape(rs, c.size, nil, nil)
	} else {
		f, ok := c.fyne(s)
		if !ok {
			return 0, false, false
		}
		w = toFixed32(f)
	}
	if len(c.words) >= maxWords {
		clear(c.words) // a corpus of many words: start over
	}
	e := uint64(uint32(w))
	if multiRuneCluster(s) {
		e |= wordHasCont
		hasCont = true
	}
	c.words[h] = e
	return w, hasCont, true
}

// shapes reports whether the wordShaper measures s as Fyne does: each of
// its code points alone is as wide by both (so both draw it in the same
// face), and it holds no emoji presentation selector, for which Fyne
// picks faces by sequence.
func (c *advanceCache) shapes(s string, rs []rune) bool {
	if c.hb == nil || strings.ContainsRune(s, 0xfe0f) {
		return false
	}
	for _, r := range rs {
		ok, known := c.valid[r]
		if !known {
			a, measured := c.runeFixed(r)
			if !measured {
				return false // asked for; the batch comes back to it
			}
			ok = c.hb.shape([]rune{r}, c.size, nil, nil) == int32(a)
			c.valid[r] = ok
		}
		if !ok {
			return false
		}
	}
	return true
}

// multiRuneCluster reports whether a grapheme cluster of s has more than
// one code point.
func multiRuneCluster(s string) bool {
	g := graphemes.FromString(s)
	for g.Next() {
		if utf8.RuneCountInString(g.Value()) > 1 {
			return true
		}
	}
	return false
}

// clusters gives the word s (rs as runes), which the shaper forms
// contextually, its advances as drawn: each grapheme cluster's share on
// its first code point in adv, 0 on the others, and cont[k] set where rs[k]
// continues a cluster. A cluster's share is what the word up to its end
// adds to the word up to its start; a ligature over two clusters (lam-alef)
// is split where the word up to the first, ended by a zero-width joiner
// where the letters join so that the last keeps its joined form, ends.
// The shares sum to the width word returns. It reports false when a
// measurement is waiting in the batch.
func (c *advanceCache) clusters(s string, rs []rune, adv []int16, cont []bool) bool {
	whole, _, ok := c.word(s, rs)
	if !ok {
		return false
	}
	hb := c.shapes(s, rs)
	var glyphs []int32 // advances by glyph cluster, on the cluster's first rune
	var starts []bool  // where a glyph cluster starts (HarfBuzz numbers a cluster by its first rune)
	if hb {
		if cap(c.cbuf) <= len(rs) {
			c.cbuf, c.sbuf = make([]int32, len(rs)+1), make([]bool, len(rs)+1)
		}
		glyphs, starts = c.cbuf[:len(rs)], c.sbuf[:len(rs)+1]
		clear(glyphs)
		clear(starts)
		c.hb.shape(rs, c.size, glyphs, starts[:len(rs)])
		starts[0], starts[len(rs)] = true, true
	}
	var done int32 // the width of the clusters so far
	start := 0     // the current cluster's first rune
	var prefix strings.Builder
	g := graphemes.FromString(s)
	for g.Next() {
		end := start + utf8.RuneCountInString(g.Value())
		var upTo int32
		switch {
		case end >= len(rs):
			upTo = whole
		case hb && starts[start] && starts[end]:
			// Whole glyph clusters: their advances.
			upTo = done
			for _, a := range glyphs[start:end] {
				upTo += a
			}
		default:
			prefix.Reset()
			prefix.WriteString(s[:g.End()])
			if joins(rs[end-1], rs[end]) {
				prefix.WriteRune(0x200d)
			}
			var w int32
			if hb {
				c.rbuf = append(c.rbuf[:0], rs[:end]...)
				if joins(rs[end-1], rs[end]) {
					c.rbuf = append(c.rbuf, 0x200d)
				}
				w = c.hb.shape(c.rbuf, c.size, nil, nil)
			} else {
				f, ok := c.fyne(prefix.String())
				if !ok {
					return false
				}
				w = toFixed32(f)
			}
			upTo = max(done, min(whole, w))
		}
		adv[start] = int16(max(math.MinInt16, min(math.MaxInt16, upTo-done)))
		for k := start + 1; k < end && k < len(rs); k++ {
			adv[k] = 0
			cont[k] = true
		}
		cont[start] = false
		done, start = upTo, end
	}
	return true
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

// toFixed converts pixels to 1/64 px, clamped to what an int16 holds.
func toFixed(f float32) int16 {
	v := math.Round(float64(f) * 64)
	return int16(max(math.MinInt16, min(math.MaxInt16, v)))
}

// toFixed32 converts pixels to 1/64 px.
func toFixed32(f float32) int32 {
	v := math.Round(float64(f) * 64)
	return int32(max(math.MinInt32, min(math.MaxInt32, v)))
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
