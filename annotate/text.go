package annotate

import (
	"unicode/utf8"
)

// markEvery is the spacing, in code points, of Text's byte-offset marks.
const markEvery = 64

// Text indexes a string by code point so that offsets (the unit of
// passages, as in the W3C selectors) convert to byte offsets in
// O(markEvery) time instead of O(n).
type Text struct {
	s     string
	n     int   // length in code points
	marks []int // marks[i] is the byte offset of code point i*markEvery
}

// NewText indexes s, which must be valid UTF-8.
func NewText(s string) *Text {
	t := &Text{s: s, marks: make([]int, 0, len(s)/markEvery+1)}
	n := 0
	for i := range s {
		if n%markEvery == 0 {
			t.marks = append(t.marks, i)
		}
		n++
	}
	t.n = n
	return t
}

// String returns the indexed string.
func (t *Text) String() string { return t.s }

// Len returns the length in code points.
func (t *Text) Len() int { return t.n }

// Byte returns the byte offset of code point cp, clamped to [0, Len()].
func (t *Text) Byte(cp int) int {
	if cp <= 0 {
		return 0
	}
	if cp >= t.n {
		return len(t.s)
	}
	b := t.marks[cp/markEvery]
	for k := cp % markEvery; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(t.s[b:])
		b += size
	}
	return b
}

// CodePoint returns the code-point offset of byte offset b, which is rounded
// down to the start of the code point that contains it.
func (t *Text) CodePoint(b int) int {
	if b <= 0 {
		return 0
	}
	if b >= len(t.s) {
		return t.n
	}
	lo, hi := 0, len(t.marks)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.marks[mid] <= b {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	cp, i := lo*markEvery, t.marks[lo]
	for i < b {
		_, size := utf8.DecodeRuneInString(t.s[i:])
		if i+size > b {
			break
		}
		i += size
		cp++
	}
	return cp
}

// Slice returns the text between code points start and end, clamped.
func (t *Text) Slice(start, end int) string {
	if end < start {
		return ""
	}
	return t.s[t.Byte(start):t.Byte(end)]
}
