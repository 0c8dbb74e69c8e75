package pdf

import (
	"math"
	"strings"
	"unicode"
)

// paragraph is text built from lines, with its sources.
type paragraph struct {
	run
	heading bool
}

// stats are the measures of a document's body text that paragraph breaks
// are judged against.
type stats struct {
	size    float64 // the commonest font size, weighted by characters
	leading float64 // the commonest distance between the baselines of consecutive body lines
}

func measure(ls []*line) stats {
	sizes := map[float64]int{}
	for _, l := range ls {
		sizes[math.Round(l.size*2)/2] += len(l.text)
	}
	var s stats
	best := 0
	for size, n := range sizes {
		if n > best || n == best && size < s.size {
			s.size, best = size, n
		}
	}
	gaps := map[float64]int{}
	for i := 1; i < len(ls); i++ {
		a, b := ls[i-1], ls[i]
		if a.block != b.block || math.Abs(a.size-s.size) > 0.5 || math.Abs(b.size-s.size) > 0.5 {
			continue
		}
		if d := a.base - b.base; d > 0 && d < 3*s.size {
			gaps[math.Round(d*2)/2]++
		}
	}
	best = 0
	for d, n := range gaps {
		if n > best || n == best && d < s.leading {
			s.leading, best = d, n
		}
	}
	if s.leading == 0 {
		s.leading = 1.2 * s.size
	}
	return s
}

// paragraphs joins lines into paragraphs: a line starts a new one after a
// gap wider than the leading, when it is indented, when the font size
// changes (a heading), and after a short line that ends a sentence; a
// paragraph goes on across a column or page break when its last line is
// full and does not end a sentence. Words hyphenated across a line end
// are joined. It returns the paragraphs and the number of hyphenations
// joined.
func paragraphs(ls []*line) ([]*paragraph, int) {
	st := measure(ls)
	var out []*paragraph
	var cur *paragraph
	joined := 0
	for i, l := range ls {
		heading := l.size > st.size*1.15
		if cur == nil || breakBefore(ls[i-1], l, st) {
			cur = &paragraph{heading: heading}
			out = append(out, cur)
			cur.text = append(cur.text, l.text...)
			cur.src = append(cur.src, l.src...)
			continue
		}
		if join(&cur.run, &l.run) {
			joined++
		}
	}
	return out, joined
}

// breakBefore reports whether line b starts a new paragraph after line a.
func breakBefore(a, b *line, st stats) bool {
	size := math.Max(a.size, b.size)
	if math.Abs(a.size-b.size) > 0.1*size {
		return true
	}
	end := lastRune(a.text)
	hyphen := end == '-' || end == hyphenMark || end == '\u00AD'
	full := a.x1 >= a.bx1-math.Max(2.5*a.size, 0.12*(a.bx1-a.bx0))
	sentence := strings.ContainsRune(".!?:;\"”’)]", end)
	if a.block != b.block || a.page != b.page {
		lower := len(b.text) > 0 && unicode.IsLower(b.text[0])
		return !(hyphen || !sentence && (full || lower)) || startsList(b.text)
	}
	lead := st.leading * size / st.size
	if a.base-b.base > lead*1.35 || a.base < b.base {
		return true
	}
	if startsList(b.text) {
		return true
	}
	// A first-line indent, when a itself is not indented.
	if b.x0 > a.x0+0.9*size && b.x0 > b.bx0+0.9*size {
		return true
	}
	// A heading or a short last line of a paragraph.
	if !hyphen && !full && sentence {
		return true
	}
	return false
}

// startsList reports whether text opens with a list bullet.
func startsList(text []rune) bool {
	if len(text) < 2 {
		return false
	}
	return strings.ContainsRune("•◦▪‣–", text[0]) && text[1] == ' '
}

func lastRune(r []rune) rune {
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

// join appends line b to paragraph a: across a hyphen at the end of a and
// a lower-case letter starting b the word is joined and the hyphen
// dropped; after another hyphen the two are joined keeping it; else with
// a space. It reports whether a hyphen was dropped.
func join(a, b *run) bool {
	end := lastRune(a.text)
	if len(b.text) == 0 {
		return false
	}
	next := b.text[0]
	hyphen := end == '-' || end == hyphenMark || end == '\u00AD'
	var before rune
	if len(a.text) >= 2 {
		before = a.text[len(a.text)-2]
	}
	switch {
	case hyphen && unicode.IsLetter(before) && unicode.IsLower(next):
		a.text, a.src = a.text[:len(a.text)-1], a.src[:len(a.src)-1]
		a.text = append(a.text, b.text...)
		a.src = append(a.src, b.src...)
		return true
	case hyphen && unicode.IsLetter(before):
		a.text[len(a.text)-1] = '-'
		a.text = append(a.text, b.text...)
		a.src = append(a.src, b.src...)
	default:
		a.add(' ', ref{b.src[0].page, -1})
		a.text = append(a.text, b.text...)
		a.src = append(a.src, b.src...)
	}
	return false
}

// ligatures spells out the typographic ligatures fonts map to single
// code points, so that "ﬁnance" is found by a search for "finance".
var ligatures = map[rune]string{
	'\uFB00': "ff", '\uFB01': "fi", '\uFB02': "fl", '\uFB03': "ffi", '\uFB04': "ffl", '\uFB05': "st", '\uFB06': "st",
}

// clean replaces what should not reach the text: PDFium's hyphen marks
// left inside a line, ligatures, soft hyphens and stray control
// characters; runs of spaces become one.
func clean(p *run) {
	var text []rune
	var src []ref
	for i, r := range p.text {
		switch {
		case r == hyphenMark:
			r = '-'
		case r == '\u00AD':
			continue
		case ligatures[r] != "":
			for _, c := range ligatures[r] {
				text = append(text, c)
				src = append(src, p.src[i])
			}
			continue
		case r == '\t' || r == '\u00A0' || unicode.IsSpace(r):
			r = ' '
		case unicode.IsControl(r) || r == '\uFEFF' || r == '\uFFFE':
			continue
		}
		if r == ' ' && (len(text) == 0 || text[len(text)-1] == ' ') {
			continue
		}
		text = append(text, r)
		src = append(src, p.src[i])
	}
	for len(text) > 0 && text[len(text)-1] == ' ' {
		text, src = text[:len(text)-1], src[:len(src)-1]
	}
	p.text, p.src = text, src
}
