package annotate

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// shingleWords is how many consecutive words make one shingle.
const shingleWords = 4

// NearDuplicateThreshold is the least Similarity at which two texts are
// taken for the same article saved twice.
const NearDuplicateThreshold = 0.8

// Fingerprint summarizes a text for near-duplicate detection: the set of
// hashes of its overlapping four-word shingles, case and punctuation
// ignored (after Broder). An added "Updated at 8:32 p.m." line or a
// corrected word changes a handful of shingles out of hundreds.
type Fingerprint struct {
	shingles map[uint64]struct{}
	length   int // code points of the text
}

// NewFingerprint computes the fingerprint of text.
func NewFingerprint(text string) *Fingerprint {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	f := &Fingerprint{shingles: map[uint64]struct{}{}, length: len([]rune(text))}
	n := len(words) - shingleWords + 1
	if n < 1 {
		n = 1
	}
	h := fnv.New64a()
	for i := 0; i < n && len(words) > 0; i++ {
		h.Reset()
		for j := i; j < i+shingleWords && j < len(words); j++ {
			h.Write([]byte(words[j]))
			h.Write([]byte{0})
		}
		f.shingles[h.Sum64()] = struct{}{}
	}
	return f
}

// Similarity returns how much of the smaller text's shingle set the other
// text shares (the overlap coefficient), from 0 (nothing in common) to 1
// (every four-word run of one occurs in the other). Containment rather
// than Jaccard, so that a line added to one copy does not count against a
// short article; texts whose lengths differ by more than a fifth score 0
// without comparing, so an excerpt is not taken for the whole.
func (f *Fingerprint) Similarity(g *Fingerprint) float64 {
	if len(f.shingles) == 0 || len(g.shingles) == 0 {
		return 0
	}
	short, long := f.length, g.length
	if short > long {
		short, long = long, short
	}
	if 5*short < 4*long {
		return 0
	}
	a, b := f.shingles, g.shingles
	if len(a) > len(b) {
		a, b = b, a
	}
	common := 0
	for s := range a {
		if _, ok := b[s]; ok {
			common++
		}
	}
	return float64(common) / float64(len(a))
}
