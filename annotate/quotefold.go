package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotes copied from a web page or written by another tool often differ
// from a document's text in ways a reader does not see: a non-breaking or
// doubled space, a typographic apostrophe or a straight one, a Unicode minus
// or an en dash for a hyphen, a ligature, a soft hyphen. Hypothesis's
// client tolerates such differences (it strips or normalizes white space
// and compares NFKD forms); Gloss matches the same way: both the quote and
// the text are folded to a plain form for matching only, and the passage
// keeps the document's exact text.

// foldRune returns the plain form of r for matching: "" drops it, a single
// space stands for any white space.
func foldRune(r rune) string {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff': // soft hyphen, zero-width characters
		return ""
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u02bc', '\u0060', '\u00b4': // ‘ ’ ‚ ‛ ′ ʼ ` ´
		return "'"
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb', '\u2039', '\u203a': // “ ” „ ‟ ″ « » ‹ ›
		return "\""
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d': // hyphens, dashes, minus
		return "-"
	case '\u2026':
		return "..."
	case '\ufb00':
		return "ff"
	case '\ufb01':
		return "fi"
	case '\ufb02':
		return "fl"
	case '\ufb03':
		return "ffi"
	case '\ufb04':
		return "ffl"
	case '\ufb05', '\ufb06':
		return "st"
	}
	if unicode.IsSpace(r) || r == '\u200a' || r == '\u205f' || r == '\u3000' {
		return " "
	}
	return string(r)
}

// folded is a text in its plain form for matching, with the way back to
// the original's code points.
type folded struct {
	s string
	// start[i] and end[i] are the range of original code points the i-th
	// code point of s stands for; a run of white space folds into one space
	// that stands for the whole run.
	start, end []int
	t          *Text
}

// fold returns s's plain form; see foldRune. Runs of white space become one
// space.
func foldText(s string) *folded {
	f := &folded{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	var b strings.Builder
	b.Grow(len(s))
	cp := 0
	space := false
	for _, r := range s {
		p := foldRune(r)
		switch {
		case p == " ":
			if space {
				f.end[len(f.end)-1] = cp + 1
			} else {
				b.WriteByte(' ')
				f.start, f.end = append(f.start, cp), append(f.end, cp+1)
			}
			space = true
		case p != "":
			for range p {
				f.start, f.end = append(f.start, cp), append(f.end, cp+1)
			}
			b.WriteString(p)
			space = false
		}
		cp++
	}
	f.s = b.String()
	f.t = NewText(f.s)
	return f
}

// FoldQuote returns the plain form in which Gloss compares a quote with a
// text: white space runs as one space, typographic quotes, dashes and the
// minus sign as their ASCII forms, ligatures spelled out, soft hyphens and
// zero-width characters dropped. It is for comparing only.
func FoldQuote(s string) string { return foldText(s).s }

// QuoteFinder finds quotes in one text in their plain form (see
// FoldQuote). It folds the text once, so each quote costs one scan.
type QuoteFinder struct {
	t *Text
	f *folded
}

// NewQuoteFinder prepares t for finding quotes in their plain form.
func NewQuoteFinder(t *Text) *QuoteFinder {
	return &QuoteFinder{t: t, f: foldText(t.String())}
}

// Contains reports whether the text holds quote in its plain form.
func (q *QuoteFinder) Contains(quote string) bool {
	fq := strings.TrimSpace(FoldQuote(quote))
	return fq != "" && strings.Contains(q.f.s, fq)
}

// Anchor finds sel's quote in the text in its plain form: where it occurs
// once, there; where it occurs more than once, at the occurrence whose
// context best matches sel's prefix and suffix (in their plain form), ties
// going to the one nearest sel.Start. The range returned is in the
// original text's code points and covers exactly the text that matched,
// white space at the quote's edges left out. ok is false when the quote
// does not occur.
func (q *QuoteFinder) Anchor(sel Selector) (start, end int, ok bool) {
	fq := strings.TrimSpace(FoldQuote(sel.Exact))
	if fq == "" {
		return 0, 0, false
	}
	n := utf8.RuneCountInString(fq)
	prefix, suffix := FoldQuote(sel.Prefix), FoldQuote(sel.Suffix)
	best, bestScore, bestDist := -1, -1, 0
	s := q.f.s
	for b := 0; b <= len(s)-len(fq); {
		i := strings.Index(s[b:], fq)
		if i < 0 {
			break
		}
		at := q.f.t.CodePoint(b + i)
		score := commonSuffix(q.f.t.Slice(at-ContextLength, at), prefix) +
			commonPrefix(q.f.t.Slice(at+n, at+n+ContextLength), suffix)
		dist := q.f.start[at] - sel.Start
		if dist < 0 {
			dist = -dist
		}
		if best < 0 || score > bestScore || score == bestScore && dist < bestDist {
			best, bestScore, bestDist = at, score, dist
		}
		b += i + 1
		for b < len(s) && s[b]&0xC0 == 0x80 {
			b++
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return q.f.start[best], q.f.end[best+n-1], true
}

// SameQuote reports whether a and b read the same in their plain form
// (see FoldQuote), white space at their edges aside.
func SameQuote(a, b string) bool {
	return strings.TrimSpace(FoldQuote(a)) == strings.TrimSpace(FoldQuote(b))
}
