package docview

import (
	"math"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
)

// shapedText is a document's text measured at one font size, kept
// compactly: the text stays the document's string (found by code point
// through index), and what line breaking needs is one seg per place a line
// may break, about 8 bytes per word, instead of a width per code point.
// Text written without spaces (Chinese, Japanese, Korean), where a line
// may break at nearly every code point, would take a seg per ideograph:
// a stretch of ideographs of one width with a break allowed after each is
// kept as one run seg instead (see segRun).
// Where a line is drawn or hit, its code points are measured again from
// the advance cache (see lineText). Besides the segments it holds the
// grapheme cluster bits (one per code point) and the paragraphs'
// directions.
//
// A shapedText never changes once built, so layouts for any width can be
// computed from it on any goroutine; only its bidi levels are resolved
// later, on the UI goroutine.
type shapedText struct {
	index
	segs []seg
	bigK map[int]int16 // kerning of a segment's first code point that does not fit seg.k0
	// cont has bit i set when code point i continues the grapheme cluster
	// of the one before: no caret, hit or line break falls before it.
	cont []uint64
	// tab is the distance between tab stops.
	tab float32
	// bidi holds the paragraphs' directions and, once resolved, their
	// embedding levels; nil when every paragraph is left to right
	// throughout.
	bidi *levels
	// c measures code points again for the lines drawn.
	c *advanceCache
	// partial is set while only the start of the text is measured.
	partial bool
	// width is the width of all the segments, in 1/64 px, and paras the
	// number of paragraphs: they tell how many lines a layout will have.
	width int64
	paras int
}

// seg is a piece of a paragraph from one place a line may break to the
// next: a body (a word, or the part of one up to a hyphen, or an
// ideograph) and the spaces after it.
//
// A run seg (segRun set) stands for sp segments in a row that are each one
// code point of the same width, w's segWidth bits, with no spaces, no
// kerning with the code point before and a break allowed after it: a
// stretch of ideographs between kinsoku pairs, say. Its n is 0. Breaking a
// run gives exactly the lines its segments one by one would give (see
// wrap), in 8 bytes instead of 8 a code point.
type seg struct {
	w  uint32 // the body's width in 1/64 px (segWidth bits) and flags
	sp uint16 // the trailing spaces' width in 1/64 px; a run's code points
	k0 int8   // kerning of the first code point with the one before, 1/64 px
	n  uint8  // code points: body, spaces and the newline ending a paragraph
}

const (
	segPara   = 1 << 31 // the last segment of its paragraph; its newline, if any, is counted in n
	segGlue   = 1 << 30 // the body goes on in the next segment: no break after it
	segTab    = 1 << 29 // starts with a tab, which moves the pen to the next stop
	segBigK   = 1 << 28 // k0 did not fit: see shapedText.bigK
	segNoBody = 1 << 27 // spaces only (or a tab, or an empty paragraph)
	segRun    = 1 << 26 // a run of one-code-point segments of one width (see seg)
	segWidth  = 1<<26 - 1

	maxSegRunes = math.MaxUint8
	maxSpaces   = math.MaxUint16
	maxRunRunes = math.MaxUint16
)

func (s seg) width() int32 { return int32(s.w & segWidth) }

// single reports whether s is one code point with a break allowed after
// it, no spaces and no kerning with the one before: what a run is made of.
func (s seg) single() bool {
	return s.w&^segWidth == 0 && s.w != 0 && s.sp == 0 && s.k0 == 0 && s.n == 1
}

// add appends s to segs, or, when s is a single code point as wide as
// the single or run segment before it, counts it in a run there. A single
// after a glued body continues that body's word, so it starts no run.
func addSeg(segs []seg, s seg) []seg {
	if !s.single() || len(segs) == 0 {
		return append(segs, s)
	}
	last := &segs[len(segs)-1]
	switch {
	case last.w == segRun|s.w && last.sp < maxRunRunes:
		last.sp++
		return segs
	case *last == s && (len(segs) < 2 || segs[len(segs)-2].w&segGlue == 0):
		*last = seg{w: segRun | s.w, sp: 2}
		return segs
	}
	return append(segs, s)
}

// kern0 returns the kerning of segment k's first code point with the one
// before.
func (t *shapedText) kern0(k int) int32 {
	if s := t.segs[k]; s.w&segBigK != 0 {
		return int32(t.bigK[k])
	}
	return int32(t.segs[k].k0)
}

// isCont reports whether code point i continues the cluster before it.
func (t *shapedText) isCont(i int) bool {
	return i >= 0 && i < t.n && t.cont[i>>6]&(1<<(uint(i)&63)) != 0
}

func (t *shapedText) setCont(i int, on bool) {
	if on {
		t.cont[i>>6] |= 1 << (uint(i) & 63)
	} else {
		t.cont[i>>6] &^= 1 << (uint(i) & 63)
	}
}

// clusterEnd returns the end of the grapheme cluster starting at i.
func (t *shapedText) clusterEnd(i int) int {
	for i++; i < t.n && t.isCont(i); i++ {
	}
	return i
}

// clusterStart returns the start of the grapheme cluster holding i.
func (t *shapedText) clusterStart(i int) int {
	for i > 0 && i < t.n && t.isCont(i) {
		i--
	}
	return i
}

// segPass measures a text into segments, a chunk at a time (see shape).
type segPass struct {
	c   *advanceCache
	t   *shapedText
	end int // the bytes to measure: t.s[:end]

	b, i        int  // the next code point's byte offset and index
	prev, prev2 rune // the two code points before (0 after a newline or tab)
	cur         open // the segment being read
	word        passState
	rs          []rune
	adv         []int16
	cl          []bool
}

// open is the segment being read.
type open struct {
	w, sp, k0 int32
	n, body   int // code points in all, and in the body
	flags     uint32
}

// spaces reports whether the segment's body has ended: spaces (or a tab,
// or a newline) follow it.
func (o *open) spaces() bool { return o.n > o.body }

// passState is what a pass restarts from: at the start of a word when the
// word turns out to be one the shaper forms contextually, and at the
// start of a chunk when the chunk has to be measured again.
type passState struct {
	b, i        int
	prev, prev2 rune
	cur         open
	segs        int
	last        seg // the last segment, which a run may grow meanwhile
	width       int64
	paras       int
}

func (p *segPass) state() passState {
	s := passState{p.b, p.i, p.prev, p.prev2, p.cur, len(p.t.segs), seg{}, p.t.width, p.t.paras}
	if s.segs > 0 {
		s.last = p.t.segs[s.segs-1]
	}
	return s
}

func (p *segPass) restore(s passState) {
	p.b, p.i, p.prev, p.prev2, p.cur = s.b, s.i, s.prev, s.prev2, s.cur
	p.t.segs, p.t.width, p.t.paras = p.t.segs[:s.segs], s.width, s.paras
	if s.segs > 0 {
		p.t.segs[s.segs-1] = s.last
	}
	for k := range p.t.bigK {
		if k >= s.segs {
			delete(p.t.bigK, k)
		}
	}
}

// newPass starts measuring s[:end] with c.
func newPass(s string, end int, c *advanceCache, tab float32) *segPass {
	n := end // an upper bound on the code points
	t := &shapedText{
		index: index{s: s},
		segs:  make([]seg, 0, end/6+1),
		cont:  make([]uint64, (n+63)/64+1),
		tab:   tab,
		c:     c,
	}
	t.marks = make([]uint32, 0, n>>markShift+1)
	return &segPass{c: c, t: t, end: end}
}

// shape measures text[:end] in one go, holding c (for the UI goroutine,
// or in a batch that is measured and the text measured again).
func shape(text string, end int, c *advanceCache, tab float32) *shapedText {
	p := newPass(text, end, c, tab)
	p.chunk(end)
	return p.finish()
}

// finish ends the last paragraph and trims the tables.
func (p *segPass) finish() *shapedText {
	p.endSeg(segPara)
	t := p.t
	t.n, t.end = p.i, p.b
	if t.n == t.end {
		t.marks = nil // ASCII: code points are bytes
	}
	t.cont = t.cont[:(t.n+63)/64+1]
	t.segs = append(make([]seg, 0, len(t.segs)), t.segs...)
	return t
}

// endSeg closes the open segment (if it holds anything, or always for the
// end of a paragraph) with the given flags.
func (p *segPass) endSeg(flags uint32) {
	c := &p.cur
	if c.n == 0 && flags&segPara == 0 {
		return
	}
	f := c.flags | flags
	if c.body == 0 {
		f |= segNoBody
	}
	s := seg{w: uint32(max(0, min(c.w, segWidth))) | f, sp: uint16(max(0, min(c.sp, maxSpaces))), n: uint8(c.n)}
	if c.k0 >= math.MinInt8 && c.k0 <= math.MaxInt8 {
		s.k0 = int8(c.k0)
	} else {
		s.w |= segBigK
		if p.t.bigK == nil {
			p.t.bigK = map[int]int16{}
		}
		p.t.bigK[len(p.t.segs)] = int16(c.k0)
	}
	p.t.segs = addSeg(p.t.segs, s)
	p.t.width += int64(c.w) + int64(c.sp)
	if flags&segPara != 0 {
		p.t.paras++
	}
	*c = open{}
}

// mark keeps the byte offset of every 64th code point.
func (p *segPass) mark() {
	if p.i&(1<<markShift-1) == 0 && p.i>>markShift == len(p.t.marks) {
		p.t.marks = append(p.t.marks, uint32(p.b))
	}
}

// chunk measures the text from where the pass stands to byte limit (or on
// to the end of a word that straddles it).
func (p *segPass) chunk(limit int) {
	s, c := p.t.s, p.c
	flat, pairs := &c.flat, c.pairs
	limit = min(limit, p.end)
	for p.b < limit {
		r, size := rune(s[p.b]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[p.b:])
		}
		p.mark()
		cur := &p.cur
		switch {
		case r == '\n':
			if cur.n >= maxSegRunes {
				p.endSeg(0) // full: the newline ends a paragraph of its own segment
			}
			cur.n++
			p.endSeg(segPara)
			p.prev, p.prev2 = 0, 0
			p.b++
			p.i++
			continue
		case r == '\t':
			// Tabs split the drawn text, so nothing kerns across them, and
			// the pen moves to the next tab stop: a segment of its own.
			p.endSeg(0)
			p.cur = open{n: 1, flags: segTab}
			p.prev, p.prev2 = 0, 0
			p.b++
			p.i++
			continue
		case r == ' ' || r >= 0x80 && isBreakSpace(r):
			var a, k int16
			if uint32(p.prev)-' ' < flatPairs-' ' && r == ' ' {
				if a, k = flat[' '], pairs[int(p.prev)*flatPairs+' ']; a == unmeasured || k == unmeasured {
					a, k = c.advance(p.prev, r)
				} else {
					a += k
				}
			} else {
				a, k = c.advance(p.prev, r)
			}
			if cur.n >= maxSegRunes || cur.sp+int32(a) > maxSpaces {
				p.endSeg(0)
			}
			if cur.n == 0 {
				cur.k0 = int32(k)
			}
			cur.sp += int32(a)
			cur.n++
		default:
			if cur.spaces() || cur.n == 0 {
				// A word starts, after spaces: a place to break.
				p.endSeg(0)
				p.word = p.state()
			} else if cur.n >= maxSegRunes || cur.w >= segWidth/2 {
				p.endSeg(segGlue)
			} else if r >= 0x80 || p.prev == '-' || p.prev >= 0x80 {
				if canBreakBetween(p.prev2, p.prev, r) {
					p.endSeg(0)
				}
			}
			if r >= 0x300 && isComplex(r) {
				p.restore(p.word)
				p.complexWord()
				continue
			}
			var a, k int16
			if uint32(p.prev)-' ' < flatPairs-' ' && uint32(r)-' ' < flatPairs-' ' {
				if a, k = flat[r], pairs[int(p.prev)*flatPairs+int(r)]; a != unmeasured && k != unmeasured {
					a += k
				} else {
					a, k = c.advance(p.prev, r)
				}
			} else {
				a, k = c.advance(p.prev, r)
				if r >= 0x300 && isCombining(r) {
					p.t.setCont(p.i, true)
				}
			}
			if p.cur.n == 0 {
				p.cur.k0 = int32(k)
			}
			p.cur.w += int32(a)
			p.cur.n++
			p.cur.body++
		}
		p.prev2, p.prev = p.prev, r
		p.b += size
		p.i++
	}
}

// complexWord measures the word starting where the pass stands (after a
// space, tab or newline), which the shaper forms contextually: it is
// measured whole, or cluster by cluster where a line may break inside it
// (after a hyphen, say), and nothing in it kerns.
func (p *segPass) complexWord() {
	s, t := p.t.s, p.t
	start, startB := p.i, p.b
	p.rs = p.rs[:0]
	for p.b < p.end {
		r, size := utf8.DecodeRuneInString(s[p.b:])
		if r == '\n' || r == '\t' || isBreakSpace(r) {
			break
		}
		p.mark()
		p.rs = append(p.rs, r)
		p.b += size
		p.i++
	}
	rs, word := p.rs, s[startB:p.b]
	// Places inside it where a line may break.
	inner := false
	for k := 1; k < len(rs); k++ {
		if canBreakBefore(rs, k) {
			inner = true
			break
		}
	}
	if !inner && len(rs) <= maxSegRunes {
		w, hasCont, _ := p.c.word(word, rs)
		if hasCont {
			k := start
			g := graphemes.FromString(word)
			for g.Next() {
				t.setCont(k, false)
				k++
				for range utf8.RuneCountInString(g.Value()) - 1 {
					t.setCont(k, true)
					k++
				}
			}
		} else {
			for k := range rs {
				t.setCont(start+k, false)
			}
		}
		p.cur = open{w: w, n: len(rs), body: len(rs)}
	} else {
		p.cl = grow(p.cl, len(rs))
		p.adv = grow(p.adv, len(rs))
		p.c.clusters(word, rs, p.adv, p.cl)
		cur := &p.cur
		for k := range rs {
			t.setCont(start+k, p.cl[k])
			switch {
			case k > 0 && !p.cl[k] && canBreakBefore(rs, k):
				p.endSeg(0)
			case cur.n >= maxSegRunes:
				// Full, maybe inside a cluster: the word goes on in the
				// next segment, with no break between.
				p.endSeg(segGlue)
			}
			cur.w += int32(p.adv[k])
			cur.n++
			cur.body++
		}
	}
	if n := len(rs); n >= 2 {
		p.prev2, p.prev = rs[n-2], rs[n-1]
	} else if n == 1 {
		p.prev2, p.prev = p.prev, rs[0]
	}
}

// grow returns s resized to n elements.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// canBreakBetween reports whether a line may break before r, after prev
// (itself after prev2), neither a space.
func canBreakBetween(prev2, prev, r rune) bool {
	if prev < 0x80 && r < 0x80 {
		// Latin fast path: only after a hyphen inside a word ("Russian-based").
		return prev == '-' && isLetter(prev2) && isLetter(r)
	}
	if isCombining(r) {
		return false
	}
	if prev == 0x200b {
		return true
	}
	if r >= 0x4e00 && r <= 0x9fff && prev >= 0x4e00 && prev <= 0x9fff {
		return true // two Han ideographs, the common case in CJK text
	}
	if isIdeographic(r) || isIdeographic(prev) {
		return !noBreakBeforeSet.has(r) && !noBreakAfterSet.has(prev)
	}
	switch prev {
	case '—', '–': // em and en dash
		return !noBreakBeforeSet.has(r)
	case '-':
		return isLetter(prev2) && isLetter(r)
	}
	return false
}

// canBreakBefore reports whether a line may break between runes[i-1] and
// runes[i], neither a space.
func canBreakBefore(runes []rune, i int) bool {
	var p2 rune
	if i >= 2 {
		p2 = runes[i-2]
	}
	return canBreakBetween(p2, runes[i-1], runes[i])
}

// chunkBytes is how much of a text a background pass measures while it
// holds the advance cache.
const chunkBytes = 16 << 10

// shapeInBackground measures text[:end] off the UI goroutine, a chunk at a
// time: what has to be measured through Fyne is collected per chunk and
// measured in one call on the UI goroutine, then the chunk is measured
// again. The cache is let go between chunks, so lines can be drawn
// meanwhile. It returns nil as soon as stale reports true.
func shapeInBackground(text string, end int, c *advanceCache, tab float32, stale func() bool) *shapedText {
	p := newPass(text, end, c, tab)
	c.lockBG()
	defer c.unlock()
	for p.b < p.end {
		c.startBatch()
		for {
			st, word := p.state(), p.word
			p.chunk(p.b + chunkBytes)
			if !c.measureBatch() {
				break
			}
			p.restore(st)
			p.word = word
		}
		c.endBatch()
		c.unlock()
		if stale() {
			c.lockBG()
			return nil
		}
		c.lockBG()
	}
	return p.finish()
}
