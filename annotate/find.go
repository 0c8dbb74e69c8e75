package annotate

import (
	"strings"
	"unicode"
)

// Finder finds a query in a text ignoring case, the way a reading view's
// "Find in document" does. It folds the text once, so each new query costs
// one scan.
type Finder struct {
	folded *Text
}

// NewFinder prepares text for finding.
func NewFinder(text string) *Finder {
	return &Finder{folded: NewText(fold(text))}
}

// fold maps every code point to its lower-case form. The mapping is one
// code point to one, so code-point offsets in the folded text are offsets in
// the original.
func fold(s string) string {
	return strings.Map(unicode.ToLower, s)
}

// FindAll returns the code-point ranges [start, end) of the non-overlapping
// occurrences of query, ignoring case, in text order. An empty query finds
// nothing.
func (f *Finder) FindAll(query string) [][2]int {
	if query == "" {
		return nil
	}
	q := fold(query)
	n := len([]rune(q))
	s := f.folded.String()
	var found [][2]int
	for b := 0; b <= len(s)-len(q); {
		i := strings.Index(s[b:], q)
		if i < 0 {
			break
		}
		start := f.folded.CodePoint(b + i)
		found = append(found, [2]int{start, start + n})
		b += i + len(q)
	}
	return found
}
