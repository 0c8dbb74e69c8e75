package docview

import (
	"sort"

	"gloss/app/docview/bidi"
)

// Direction is the paragraph direction a document is read in.
type Direction int8

const (
	// Auto takes each paragraph's direction from its first strong
	// character, as the Unicode Bidirectional Algorithm does.
	Auto Direction = iota
	// LeftToRight sets every paragraph left to right.
	LeftToRight
	// RightToLeft sets every paragraph right to left.
	RightToLeft
)

// ParseDirection returns the direction stored as "ltr", "rtl" or "" (auto).
func ParseDirection(s string) Direction {
	switch s {
	case "ltr":
		return LeftToRight
	case "rtl":
		return RightToLeft
	}
	return Auto
}

// base returns the paragraph level to resolve with: -1 for auto.
func (d Direction) base() int8 {
	switch d {
	case LeftToRight:
		return 0
	case RightToLeft:
		return 1
	}
	return -1
}

// levels are the embedding levels of a text resolved by the Unicode
// Bidirectional Algorithm, one byte per code point, before the line-based
// rule L1 (which depends on where lines break).
type levels struct {
	lv       []int8 // per code point
	rtlParas []int  // first code points of the paragraphs at level 1, ascending
	dir      Direction
}

// resolveLevels resolves the levels of runes, paragraph by paragraph
// (paragraphs end at newlines). It returns nil when every paragraph is left
// to right at level 0 throughout, the common case, found by one pass over
// the text.
func resolveLevels(runes []rune, dir Direction) *levels {
	var lev *levels
	var p bidi.Paragraph
	base := dir.base()
	for ps := 0; ps < len(runes); {
		pe := ps
		needs := dir == RightToLeft
		for pe < len(runes) && runes[pe] != '\n' {
			if r := runes[pe]; r >= 0x590 && !needs && bidi.NeedsResolving(bidi.ClassOf(r)) {
				needs = true
			}
			pe++
		}
		if needs {
			if lev == nil {
				lev = &levels{lv: make([]int8, len(runes)), dir: dir}
			}
			switch {
			case pe == ps: // an empty paragraph, in right-to-left text
				lev.rtlParas = append(lev.rtlParas, ps)
			case p.Resolve(runes[ps:pe], base, lev.lv[ps:pe]) == 1:
				lev.rtlParas = append(lev.rtlParas, ps)
			}
		}
		ps = pe + 1
	}
	return lev
}

// rtl reports whether the paragraph starting at code point ps runs right
// to left.
func (l *levels) rtl(ps int) bool {
	if l == nil {
		return false
	}
	i := sort.SearchInts(l.rtlParas, ps)
	return i < len(l.rtlParas) && l.rtlParas[i] == ps
}

// para returns the level of the paragraph starting at ps.
func (l *levels) para(ps int) int8 {
	if l.rtl(ps) {
		return 1
	}
	return 0
}
