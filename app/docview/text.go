package docview

import "unicode/utf8"

// markShift sets the spacing of an index's marks: every 64th code point.
const markShift = 6

// index finds code points in a text kept as the document's string: it
// holds the byte offset of every 64th code point (4 bytes per 64, none
// for ASCII text) and decodes from the nearest one, so the view never
// copies the text into runes. Offsets past what was indexed (while only
// the start of a long text is laid out) are decoded from its end.
type index struct {
	s     string
	n     int      // code points indexed
	end   int      // bytes indexed: s[:end] holds the n code points
	marks []uint32 // byte offset of code point k<<markShift; nil when s[:end] is ASCII
}

// byteOf returns the byte offset of code point cp, at most len(s).
func (x *index) byteOf(cp int) int {
	if cp <= 0 {
		return 0
	}
	if cp >= x.n {
		b := x.end
		for k := cp - x.n; k > 0 && b < len(x.s); k-- {
			b = nextRune(x.s, b)
		}
		return b
	}
	if x.marks == nil {
		return cp
	}
	b := int(x.marks[cp>>markShift])
	for k := cp & (1<<markShift - 1); k > 0; k-- {
		b = nextRune(x.s, b)
	}
	return b
}

// nextRune returns the offset of the code point after the one at b.
func nextRune(s string, b int) int {
	if s[b] < utf8.RuneSelf {
		return b + 1
	}
	for b++; b < len(s) && s[b]&0xc0 == 0x80; b++ {
	}
	return b
}

// at returns code point cp, or 0 outside the text.
func (x *index) at(cp int) rune {
	if cp < 0 {
		return 0
	}
	if x.marks == nil && cp < x.n {
		return rune(x.s[cp])
	}
	b := x.byteOf(cp)
	if b >= len(x.s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(x.s[b:])
	return r
}

// slice returns code points [s, e) of the text.
func (x *index) slice(s, e int) string {
	if e <= s {
		return ""
	}
	return x.s[x.byteOf(s):x.byteOf(e)]
}

// runes appends code points [s, e) to buf.
func (x *index) runes(s, e int, buf []rune) []rune {
	for _, r := range x.slice(s, e) {
		buf = append(buf, r)
	}
	return buf
}
