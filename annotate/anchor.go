package annotate

import (
	"strings"
)

// ContextLength is how many code points of prefix and suffix a passage
// keeps around its quote (the W3C TextQuoteSelector's context).
const ContextLength = 32

// Selector locates a passage in a text in the two ways of the W3C Web
// Annotation model: by position (Start, End in code points) and by quote
// (Exact with its Prefix and Suffix).
type Selector struct {
	Start  int
	End    int
	Exact  string
	Prefix string
	Suffix string
}

// Describe returns the selector for the range [start, end) of t.
func Describe(t *Text, start, end int) Selector {
	return Selector{
		Start:  start,
		End:    end,
		Exact:  t.Slice(start, end),
		Prefix: t.Slice(start-ContextLength, start),
		Suffix: t.Slice(end, end+ContextLength),
	}
}

// FindAll returns the code-point offsets of every occurrence of quote in t,
// overlapping ones included.
func FindAll(t *Text, quote string) []int {
	if quote == "" {
		return nil
	}
	var found []int
	s := t.String()
	for b := 0; b <= len(s)-len(quote); {
		i := strings.Index(s[b:], quote)
		if i < 0 {
			break
		}
		found = append(found, t.CodePoint(b+i))
		b += i + 1
		for b < len(s) && s[b]&0xC0 == 0x80 { // to the next code point
			b++
		}
	}
	return found
}

// FindQuote returns the range of the n-th (1-based) occurrence of quote in
// t. With n == 0 the quote must occur exactly once: an absent quote is
// ENOTFOUND and an ambiguous one EINVALID, with a message that says how many
// occurrences there are.
func FindQuote(t *Text, quote string, n int) (start, end int, err error) {
	if quote == "" {
		return 0, 0, Errorf(EINVALID, "empty quote")
	}
	found := FindAll(t, quote)
	q := len([]rune(quote))
	switch {
	case len(found) == 0:
		return 0, 0, Errorf(ENOTFOUND, "quote %q not found in the document", Ellipsize(quote, 60))
	case n == 0 && len(found) > 1:
		return 0, 0, Errorf(EINVALID, "quote %q occurs %d times in the document; choose one with --occurrence 1..%d", Ellipsize(quote, 60), len(found), len(found))
	case n == 0:
		return found[0], found[0] + q, nil
	case n < 0 || n > len(found):
		return 0, 0, Errorf(EINVALID, "occurrence %d asked for, but quote %q occurs %d time(s)", n, Ellipsize(quote, 60), len(found))
	}
	return found[n-1], found[n-1] + q, nil
}

// AnchorExact finds sel in t without fuzziness: at its recorded position
// when the quote is still there, else at the exact occurrence of the quote
// whose context best matches the prefix and suffix (ties go to the one
// nearest the recorded position). ok is false when the quote does not occur.
func AnchorExact(t *Text, sel Selector) (start, end int, ok bool) {
	q := len([]rune(sel.Exact))
	if sel.Exact == "" {
		return 0, 0, false
	}
	if sel.End-sel.Start == q && t.Slice(sel.Start, sel.End) == sel.Exact {
		return sel.Start, sel.End, true
	}
	best, bestScore, bestDist := -1, -1, 0
	for _, at := range FindAll(t, sel.Exact) {
		score := commonSuffix(t.Slice(at-ContextLength, at), sel.Prefix) +
			commonPrefix(t.Slice(at+q, at+q+ContextLength), sel.Suffix)
		dist := at - sel.Start
		if dist < 0 {
			dist = -dist
		}
		if score > bestScore || score == bestScore && dist < bestDist {
			best, bestScore, bestDist = at, score, dist
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + q, true
}

// commonPrefix returns how many leading code points a and b share.
func commonPrefix(a, b string) int {
	n := 0
	ra, rb := []rune(a), []rune(b)
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// commonSuffix returns how many trailing code points a and b share.
func commonSuffix(a, b string) int {
	n := 0
	ra, rb := []rune(a), []rune(b)
	for n < len(ra) && n < len(rb) && ra[len(ra)-1-n] == rb[len(rb)-1-n] {
		n++
	}
	return n
}
