package docview

import "unicode/utf8"

// lineText is a stretch of a shapedText, usually one line, with every code
// point measured: what drawing, hit-testing and breaking a word too long
// for a line read. Indexes are the text's code points.
type lineText struct {
	t     *shapedText
	start int
	runes []rune
	// adv[k] is the advance of runes[k] after the code point before it,
	// kerning included, in 1/64 px; tabs and newlines have 0 (tabs
	// depend on the pen position). In words the shaper forms contextually
	// each grapheme cluster's share sits on its first code point.
	adv []int16
	// kern[k] is the part of adv[k] owed to the pair it ends: a drawn run
	// that starts there drops it, as the shaper starts afresh.
	kern []int16
}

// r returns code point i, which is in the stretch.
func (l *lineText) r(i int) rune { return l.runes[i-l.start] }

// advance returns the advance of code point i in pixels.
func (l *lineText) advance(i int) float32 { return float32(l.adv[i-l.start]) * (1.0 / 64) }

// first returns the advance of code point i at the start of a run: without
// its kerning with the code point before.
func (l *lineText) first(i int) float32 {
	return float32(l.adv[i-l.start]-l.kern[i-l.start]) * (1.0 / 64)
}

// isCont reports whether code point i continues the cluster before it.
func (l *lineText) isCont(i int) bool { return l.t.isCont(i) }

// clusterEnd returns the end of the grapheme cluster starting at i.
func (l *lineText) clusterEnd(i int) int { return l.t.clusterEnd(i) }

// runWidth returns the width of code points [s, e) drawn as one run: the
// shaper starts afresh at s, so the kerning with the one before is dropped.
func (l *lineText) runWidth(s, e int) float32 {
	if s >= e {
		return 0
	}
	sum := -int32(l.kern[s-l.start])
	for _, a := range l.adv[s-l.start : e-l.start] {
		sum += int32(a)
	}
	return float32(sum) * (1.0 / 64)
}

// maxWordReach is how far measuring a stretch looks beyond it for the
// ends of a word that the shaper forms contextually.
const maxWordReach = 4096

// measureLine measures code points [s, e) of t into l, reusing its
// buffers. The cache is taken for the UI goroutine when ui is set.
func (t *shapedText) measureLine(s, e int, ui bool, l *lineText) {
	s, e = max(0, min(s, t.n)), max(0, min(e, t.n))
	l.t, l.start = t, s
	l.runes, l.adv, l.kern = l.runes[:0], l.adv[:0], l.kern[:0]
	if s >= e {
		return
	}
	// Widen to the words at either end: a contextually shaped word is
	// measured whole.
	text := t.s
	bs, be := t.byteOf(s), t.byteOf(e)
	ws, wsB := s, bs
	for k := 0; wsB > 0 && k < maxWordReach; k++ {
		r, size := utf8.DecodeLastRuneInString(text[:wsB])
		if r == '\n' || r == '\t' || isBreakSpace(r) {
			break
		}
		wsB -= size
		ws--
	}
	weB := be
	for k := 0; weB < t.end && k < maxWordReach; k++ {
		r, size := utf8.DecodeRuneInString(text[weB:])
		if r == '\n' || r == '\t' || isBreakSpace(r) {
			break
		}
		weB += size
	}
	var prev rune
	if wsB > 0 {
		prev, _ = utf8.DecodeLastRuneInString(text[:wsB])
		if prev == '\n' || prev == '\t' {
			prev = 0
		}
	}
	c := t.c
	if ui {
		c.lockUI()
	} else {
		c.lockBG()
	}
	var w wordBuf
	runes, adv, kern := measureRunes(c, text[wsB:weB], prev, l.runes, l.adv, l.kern, &w)
	c.unlock()
	off := s - ws
	n := e - s
	copy(runes, runes[off:off+n])
	copy(adv, adv[off:off+n])
	copy(kern, kern[off:off+n])
	l.runes, l.adv, l.kern = runes[:n], adv[:n], kern[:n]
}

// wordBuf is scratch space for measuring words.
type wordBuf struct {
	rs   []rune
	cont []bool
}

// measureRunes appends the code points of text, which follows prev (0: a
// paragraph start or a tab), their advances and their kerning, measured
// with c (held by the caller), and returns the three slices. The common
// case, two Latin characters in a row whose advance and kerning were met
// before, is two table lookups; a word that the shaper forms contextually
// is measured whole when it ends.
func measureRunes(c *advanceCache, text string, prev rune, runes []rune, adv, kern []int16, wb *wordBuf) ([]rune, []int16, []int16) {
	flat, pairs := &c.flat, c.pairs
	base := len(runes)
	word, wordByte, complex := base, 0, false // the word being read: first rune, its byte offset
	endWord := func(b, i int) {
		wb.rs = append(wb.rs[:0], runes[word:i]...)
		wb.cont = grow(wb.cont, i-word)
		c.clusters(text[wordByte:b], wb.rs, adv[word:i], wb.cont)
		clear(kern[word:i])
	}
	for b, r := range text {
		i := len(runes)
		runes = append(runes, r)
		adv = append(adv, 0)
		kern = append(kern, 0)
		switch {
		case r == '\n', r == '\t':
			if complex {
				endWord(b, i)
			}
			prev, word, wordByte, complex = 0, i+1, b+1, false
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
		}
		if r == ' ' || r >= 0x80 && isBreakSpace(r) {
			if complex {
				endWord(b, i)
				adv[i], kern[i] = c.advance(runes[i-1], r)
			}
			word, wordByte, complex = i+1, b+utf8.RuneLen(r), false
		}
		prev = r
	}
	if complex {
		endWord(len(text), len(runes))
	}
	return runes, adv, kern
}
