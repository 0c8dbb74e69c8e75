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

// levels are the embedding levels of a text by the Unicode Bidirectional
// Algorithm, one byte per code point, before the line-based rule L1 (which
// depends on where lines break). A paragraph's direction is found when the
// text is measured; its levels are resolved the first time one of its
// lines is drawn or hit, on the UI goroutine (line breaking, which may run
// on another, reads only the directions).
type levels struct {
	lv    []int8 // per code point; valid in resolved paragraphs
	paras []para // the paragraphs that need resolving, by start
	dir   Direction
	p     bidi.Paragraph
}

// para is a paragraph with right-to-left text or explicit formatting in it.
type para struct {
	start, end int
	level      int8 // 0 or 1
	resolved   bool
}

// resolveLevels finds the direction of every paragraph of runes
// (paragraphs end at newlines). It returns nil when every paragraph is left
// to right at level 0 throughout, the common case, found by one pass over
// the text.
func resolveLevels(runes []rune, dir Direction) *levels {
	var lev *levels
	for ps := 0; ps <= len(runes); {
		pe, level, needs := scanParagraph(runes, ps, dir)
		if needs {
			if lev == nil {
				lev = &levels{lv: make([]int8, len(runes)), dir: dir}
			}
			lev.paras = append(lev.paras, para{start: ps, end: pe, level: level})
		}
		ps = pe + 1
	}
	return lev
}

// scanParagraph returns the end of the paragraph starting at ps, its level
// when it can be told without resolving it, and whether it needs resolving:
// it holds right-to-left letters, Arabic numbers or explicit formatting, or
// it is set right to left. Explicit formatting before the first strong
// letter is resolved at once, as it decides the paragraph's level.
func scanParagraph(runes []rune, ps int, dir Direction) (pe int, level int8, needs bool) {
	level, found := int8(0), dir != Auto
	if dir == RightToLeft {
		level, needs = 1, true
	}
	for pe = ps; pe < len(runes) && runes[pe] != '\n'; pe++ {
		r := runes[pe]
		if r < 0x590 && found {
			continue
		}
		c := bidi.ClassOf(r)
		if !found {
			switch c {
			case bidi.L:
				found = true
			case bidi.R, bidi.AL:
				found, level = true, 1
			case bidi.LRI, bidi.RLI, bidi.FSI, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO:
				found, needs = true, true
				for pe < len(runes) && runes[pe] != '\n' {
					pe++
				}
				var p bidi.Paragraph
				level = p.Resolve(runes[ps:pe], dir.base(), make([]int8, pe-ps))
				return pe, level, true
			}
		}
		if !needs && bidi.NeedsResolving(c) {
			needs = true
		}
	}
	return pe, level, needs
}

// find returns the paragraph that starts at or before code point cp, or nil
// when cp is in a paragraph that is left to right throughout.
func (l *levels) find(cp int) *para {
	if l == nil {
		return nil
	}
	i := sort.Search(len(l.paras), func(i int) bool { return l.paras[i].start > cp }) - 1
	if i < 0 || cp > l.paras[i].end {
		return nil
	}
	return &l.paras[i]
}

// rtl reports whether the paragraph starting at code point ps runs right
// to left.
func (l *levels) rtl(ps int) bool {
	p := l.find(ps)
	return p != nil && p.level == 1
}

// line returns the resolved levels of runes [s, e) of one paragraph,
// resolving the paragraph first if need be (on the UI goroutine only), or
// nil when the paragraph is left to right throughout.
func (l *levels) line(runes []rune, s, e int) []int8 {
	p := l.find(s)
	if p == nil {
		return nil
	}
	if !p.resolved {
		l.p.Resolve(runes[p.start:p.end], p.level, l.lv[p.start:p.end])
		p.resolved = true
	}
	return l.lv[s:e]
}
