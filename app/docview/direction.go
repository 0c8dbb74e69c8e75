package docview

import (
	"sort"
	"unicode/utf8"

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
// Algorithm, before the line-based rule L1 (which depends on where lines
// break). A paragraph's direction is found when the text is measured; its
// levels are resolved the first time one of its lines is drawn or hit, on
// the UI goroutine (line breaking, which may run on another, reads only
// the directions), and kept for the paragraphs drawn lately.
type levels struct {
	paras []para // the paragraphs that need resolving, by start
	dir   Direction
	p     bidi.Paragraph
	kept  int    // levels held by resolved paragraphs
	buf   []rune // scratch for a paragraph's code points
}

// maxKeptLevels bounds the levels kept for resolved paragraphs, one byte
// per code point.
const maxKeptLevels = 1 << 22

// para is a paragraph with right-to-left text or explicit formatting in it.
type para struct {
	start, end int
	level      int8   // 0 or 1
	lv         []int8 // its resolved levels, once resolved
}

// resolveLevels finds the direction of every paragraph of code points
// [0, x.n) of the text (paragraphs end at newlines). It returns nil when
// every paragraph is left to right at level 0 throughout, the common case,
// found by one pass over the text's bytes.
func resolveLevels(x *index, dir Direction) *levels {
	var lev *levels
	s := x.s[:x.end]
	cp := 0 // the code point at byte b
	for b := 0; b <= len(s); {
		pb, ps := b, cp
		level, found, needs := int8(0), dir != Auto, dir == RightToLeft
		if dir == RightToLeft {
			level = 1
		}
		explicit := false
		for b < len(s) && s[b] != '\n' {
			c := s[b]
			if c < 0x80 {
				if !found && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
					found = true
				}
				b++
				cp++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[b:])
			b += size
			cp++
			if r < 0x590 && found {
				continue
			}
			cl := bidi.ClassOf(r)
			if !found {
				switch cl {
				case bidi.L:
					found = true
				case bidi.R, bidi.AL:
					found, level = true, 1
				case bidi.LRI, bidi.RLI, bidi.FSI, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO:
					found, needs, explicit = true, true, true
				}
			}
			if !needs && bidi.NeedsResolving(cl) {
				needs = true
			}
		}
		if needs {
			if lev == nil {
				lev = &levels{dir: dir}
			}
			pa := para{start: ps, end: cp, level: level}
			if explicit {
				// Explicit formatting before the first strong letter
				// decides the paragraph's level: resolve it at once.
				var p bidi.Paragraph
				rs := []rune(s[pb:b])
				pa.lv = make([]int8, len(rs))
				pa.level = p.Resolve(rs, dir.base(), pa.lv)
			}
			lev.paras = append(lev.paras, pa)
		}
		b++
		cp++
	}
	return lev
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

// line returns the resolved levels of code points [s, e) of one paragraph
// of t, resolving the paragraph first if need be (on the UI goroutine
// only), or nil when the paragraph is left to right throughout.
func (l *levels) line(t *shapedText, s, e int) []int8 {
	p := l.find(s)
	if p == nil {
		return nil
	}
	if p.lv == nil {
		if l.kept > maxKeptLevels {
			for i := range l.paras {
				l.paras[i].lv = nil
			}
			l.kept = 0
		}
		l.buf = t.runes(p.start, p.end, l.buf[:0])
		p.lv = make([]int8, len(l.buf))
		l.p.Resolve(l.buf, p.level, p.lv)
		l.kept += len(p.lv)
	}
	return p.lv[s-p.start : e-p.start]
}
