package docview

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// shapedText is a document's text with the advance of every code point at one
// font size, the grapheme clusters it forms and its bidirectional embedding
// levels. It never changes once built, so layouts for any width can be
// computed from it on any goroutine.
type shapedText struct {
	runes []rune
	// adv[i] is the advance of runes[i] after runes[i-1], kerning included,
	// in 1/64 px (the shaper's 26.6 fixed point, so exact and half the
	// memory of float32); tabs and newlines have 0 (tabs depend on the pen
	// position). In words the shaper forms contextually (Arabic and other
	// joining scripts, Indic scripts, emoji sequences) the word is measured
	// whole and each grapheme cluster's share sits on its first code point.
	adv []int16
	// kern[i] is the part of adv[i] owed to the pair (runes[i-1], runes[i]):
	// a drawn run that starts at i drops it, as the shaper starts afresh.
	kern []int16
	// cont has bit i set when runes[i] continues the grapheme cluster of
	// runes[i-1]: no caret, hit or line break falls before it.
	cont []uint64
	// tab is the distance between tab stops.
	tab float32
	// bidi holds the embedding levels; nil when every paragraph is left to
	// right throughout.
	bidi *levels
}

// cluster reports whether runes[i] continues the cluster before it.
func (t *shapedText) isCont(i int) bool { return t.cont[i>>6]&(1<<(uint(i)&63)) != 0 }

// clusterEnd returns the end of the grapheme cluster starting at i.
func (t *shapedText) clusterEnd(i int) int {
	for i++; i < len(t.runes) && t.isCont(i); i++ {
	}
	return i
}

// clusterStart returns the start of the grapheme cluster holding i.
func (t *shapedText) clusterStart(i int) int {
	for i > 0 && i < len(t.runes) && t.isCont(i) {
		i--
	}
	return i
}

// shape decodes text and measures every code point with the advance cache
// c, in one pass; lev gives the embedding levels (nil: all left to right).
// The common case, two Latin characters in a row whose advance and kerning
// were met before, is two table lookups; a word that the shaper forms
// contextually is one lookup in the cache of words, made when the word
// ends.
func shape(text string, c *advanceCache, tab float32, lev *levels) *shapedText {
	n := utf8.RuneCountInString(text)
	t := &shapedText{runes: make([]rune, n), adv: make([]int16, n), kern: make([]int16, n),
		cont: make([]uint64, (n+63)/64), tab: tab, bidi: lev}
	runes, adv, kern := t.runes, t.adv, t.kern
	flat, pairs := &c.flat, c.pairs
	var prev rune
	i := 0
	word, wordByte, complex := 0, 0, false // the word being read: first rune, its byte offset
	for b, r := range text {
		runes[i] = r
		switch {
		case r == '\n', r == '\t':
			// Paragraphs start afresh, and tabs split the drawn text, so
			// nothing kerns across them.
			if complex {
				t.measureWord(c, text[wordByte:b], word, i)
			}
			prev, word, wordByte, complex = 0, i+1, b+1, false
			i++
			continue
		case uint32(prev)-' ' < flatPairs-' ' && uint32(r)-' ' < flatPairs-' ':
			if a, k := flat[r], pairs[int(prev)*flatPairs+int(r)]; a != unmeasured && k != unmeasured {
				adv[i], kern[i] = a+k, k
			} else {
				adv[i], kern[i] = c.advance(prev, r)
			}
		case complex || r >= 0x300 && isComplex(r):
			complex = true // measured with its word, below
		default:
			adv[i], kern[i] = c.advance(prev, r)
			if r >= 0x300 && isCombining(r) {
				t.cont[i>>6] |= 1 << (uint(i) & 63)
			}
		}
		if r == ' ' || r >= 0x80 && isBreakSpace(r) {
			if complex {
				t.measureWord(c, text[wordByte:b], word, i)
				adv[i], kern[i] = c.advance(runes[i-1], r)
			}
			word, wordByte, complex = i+1, b+utf8.RuneLen(r), false
		}
		prev = r
		i++
	}
	if complex {
		t.measureWord(c, text[wordByte:], word, n)
	}
	return t
}

// measureWord gives the word runes[start:end] (s, in UTF-8), which the
// shaper forms contextually, the advances it has measured whole.
func (t *shapedText) measureWord(c *advanceCache, s string, start, end int) {
	w := c.word(s)
	copy(t.adv[start:end], w.adv)
	clear(t.kern[start:end])
	for k, cont := range w.cont {
		i := start + k
		if cont {
			t.cont[i>>6] |= 1 << (uint(i) & 63)
		} else {
			t.cont[i>>6] &^= 1 << (uint(i) & 63)
		}
	}
}

// toFixed converts pixels to 1/64 px, clamped to what an int16 holds.
func toFixed(f float32) int16 {
	v := math.Round(float64(f) * 64)
	return int16(max(math.MinInt16, min(math.MaxInt16, v)))
}

// advance returns the advance of rune i in pixels.
func (t *shapedText) advance(i int) float32 { return float32(t.adv[i]) * (1.0 / 64) }

// first returns the advance of rune i at the start of a line: without its
// kerning with the rune before.
func (t *shapedText) first(i int) float32 { return float32(t.adv[i]-t.kern[i]) * (1.0 / 64) }

// width returns how far rune i moves the pen from x on a line that starts
// at lineStart: to the next tab stop for a tab, its advance without kerning
// for the line's first rune, else its advance. Breaking, drawing and
// hit-testing all measure with it, so that what is hit is what is drawn.
func (t *shapedText) width(i, lineStart int, x float32) float32 {
	switch {
	case t.runes[i] == '\t':
		return tabStop(x, t.tab) - x
	case i == lineStart:
		return t.first(i)
	}
	return t.advance(i)
}

// Line is one laid-out line: code points [Start, End) of the text. End stops
// before the paragraph's newline; a wrapped line keeps its trailing spaces.
type Line struct {
	Start, End int
	Y          float32 // top of the line box
	Width      float32 // drawn width, trailing spaces excluded
	ParaEnd    bool    // the last line of its paragraph
	RTL        bool    // its paragraph runs right to left: aligned right
}

// Metrics are the vertical measures of a layout.
type Metrics struct {
	LineHeight  float32 // height of a line of text
	ParaGap     float32 // extra space after each paragraph
	EmptyHeight float32 // height of an empty paragraph (a blank line)
}

// Layout is a text broken into lines for one width.
type Layout struct {
	Lines  []Line
	Width  float32 // the width lines were broken to
	Height float32
	Metrics
}

// LineHeightOf returns the height of line i's box (text only, no gap).
func (l *Layout) LineHeightOf(i int) float32 {
	ln := l.Lines[i]
	if ln.Start == ln.End && ln.ParaEnd {
		return l.EmptyHeight
	}
	return l.LineHeight
}

// wrap breaks t into lines no wider than width. Lines break at spaces (which
// hang past the margin), after hyphens and dashes, between ideographs, and,
// for a word longer than a line, between any two characters, never before a
// combining mark.
func wrap(t *shapedText, width float32, m Metrics) *Layout {
	if width < 1 {
		width = 1
	}
	l := &Layout{Width: width, Metrics: m, Lines: make([]Line, 0, len(t.runes)/40+1)}
	y := float32(0)
	rtl := false // the paragraph being broken runs right to left
	emit := func(start, end int, w float32, paraEnd bool) {
		l.Lines = append(l.Lines, Line{Start: start, End: end, Y: y, Width: w, ParaEnd: paraEnd, RTL: rtl})
		switch {
		case start == end && paraEnd:
			y += m.EmptyHeight
		default:
			y += m.LineHeight
		}
		if paraEnd {
			y += m.ParaGap
		}
	}

	runes := t.runes
	n := len(runes)
	ps := 0
	for {
		pe := ps
		for pe < n && runes[pe] != '\n' {
			pe++
		}
		rtl = t.bidi.rtl(ps)
		if ps == pe {
			emit(ps, pe, 0, true)
		} else {
			wrapParagraph(t, ps, pe, width, emit)
		}
		if pe >= n {
			break
		}
		ps = pe + 1
	}
	if len(l.Lines) > 0 {
		y -= m.ParaGap // no gap after the last paragraph
	}
	l.Height = y
	return l
}

// wrapParagraph breaks runes[ps:pe] (no newline inside, not empty) into lines.
func wrapParagraph(t *shapedText, ps, pe int, width float32, emit func(start, end int, w float32, paraEnd bool)) {
	runes := t.runes
	lineStart := ps
	x := float32(0)          // pen position after the runes so far on the line
	visible := float32(0)    // pen position after the last non-space rune
	breakAt := -1            // first rune of the next line if the line broke at the last opportunity
	breakWidth := float32(0) // the line's visible width if it broke there

	for i := ps; i < pe; i++ {
		r := runes[i]
		if r > ' ' && r < 0x7f && i > lineStart {
			// The common case, a Latin character after a space or inside a
			// word, which can break the line only by not fitting (or after
			// a hyphen, left to the general case below).
			if p := runes[i-1]; p >= ' ' && p < 0x7f && p != '-' {
				if w := t.advance(i); x+w <= width {
					x += w
					visible = x
					continue
				}
			}
		}
		w := t.width(i, lineStart, x)
		if isBreakSpace(r) {
			if i > lineStart && !isBreakSpace(runes[i-1]) {
				breakWidth = visible
			}
			x += w
			breakAt = i + 1
			if i == lineStart {
				breakWidth = 0
			}
			continue
		}
		if i > lineStart && !isBreakSpace(runes[i-1]) && !t.isCont(i) && canBreakBefore(runes, i) {
			breakAt, breakWidth = i, visible
		}
		if x+w > width && i > lineStart && !t.isCont(i) {
			next := i // a word longer than the line breaks inside it
			w := visible
			if breakAt > lineStart && breakAt <= i {
				next, w = breakAt, breakWidth
			}
			emit(lineStart, next, w, false)
			// Lay out the carried-over runes again from the new line start.
			lineStart, breakAt = next, -1
			x, visible = 0, 0
			i = next - 1
			continue
		}
		x += w
		visible = x
	}
	emit(lineStart, pe, visible, true)
}

// tabStop returns the next tab stop after x.
func tabStop(x, tab float32) float32 {
	if tab <= 0 {
		return x
	}
	n := int(x/tab) + 1
	return float32(n) * tab
}

// isBreakSpace reports whether r is a space a line may break after.
func isBreakSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || r == '\t'
	}
	switch r {
	case 0x1680, 0x205f, 0x3000, 0x200b:
		return true
	}
	return r >= 0x2000 && r <= 0x200a && r != 0x2007
}

// isCombining reports whether r attaches to the character before it (a
// combining mark, joiner, variation selector or emoji modifier), so that no
// line break or caret position falls before it.
func isCombining(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r < 0x10000:
		return combiningBMP.has(r)
	case r >= 0x1f3fb && r <= 0x1f3ff, r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me)
}

// bmpSet is a set of code points of the Basic Multilingual Plane, one bit
// each, for lookups in the line breaker's inner loop.
type bmpSet [0x10000 / 64]uint64

func (s *bmpSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(r&63)) != 0
}

func (s *bmpSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (r & 63)
	}
}

var combiningBMP, noBreakBeforeSet, noBreakAfterSet = func() (c, before, after *bmpSet) {
	c, before, after = new(bmpSet), new(bmpSet), new(bmpSet)
	for _, t := range []*unicode.RangeTable{unicode.Mn, unicode.Me} {
		for _, rg := range t.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				c.add(r)
			}
		}
	}
	c.add(0x200d) // zero-width joiner
	for r := rune(0xfe00); r <= 0xfe0f; r++ {
		c.add(r) // variation selectors
	}
	for _, r := range noBreakBefore {
		before.add(r)
	}
	for _, r := range noBreakAfter {
		after.add(r)
	}
	return c, before, after
}()

// isIdeographic reports whether r is written without spaces between words
// (Han, kana, Hangul, CJK symbols and fullwidth forms), so lines may break
// on either side of it.
func isIdeographic(r rune) bool {
	switch {
	case r < 0x2e80:
		return false
	case r <= 0x9fff, r >= 0xac00 && r <= 0xd7af, r >= 0xf900 && r <= 0xfaff,
		r >= 0xff00 && r <= 0xffef, r >= 0x20000 && r <= 0x3ffff:
		return true
	}
	return false
}

// noBreakBefore holds closing punctuation and small kana that must not start
// a line.
const noBreakBefore = "、。，．・：；！？）］｝」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.!?;:)]}’”…"

// noBreakAfter holds opening punctuation that must not end a line.
const noBreakAfter = "（［｛「『【〔〈《([{‘“"

// canBreakBefore reports whether a line may break between runes[i-1] and
// runes[i], neither a space.
func canBreakBefore(runes []rune, i int) bool {
	prev, r := runes[i-1], runes[i]
	if prev < 0x80 && r < 0x80 {
		// Latin fast path: only after a hyphen inside a word ("Russian-based").
		return prev == '-' && i >= 2 && isLetter(runes[i-2]) && isLetter(r)
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
		return i >= 2 && isLetter(runes[i-2]) && isLetter(r)
	}
	return false
}

func isLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}
