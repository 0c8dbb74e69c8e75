package annotate

import (
	"sort"
)

// Weights of the parts of a fuzzy match's score, as in Hypothesis's
// match-quote: the quote itself counts most, its context next, and the
// recorded position only breaks near-ties.
const (
	quoteWeight    = 50
	prefixWeight   = 20
	suffixWeight   = 20
	positionWeight = 2
)

// maxFuzzyErrors bounds the edit distance searched for: at most half the
// quote and never more than 256 edits.
func maxFuzzyErrors(quoteLen int) int {
	k := quoteLen / 2
	if k > 256 {
		k = 256
	}
	return k
}

// maxCandidates bounds how many approximate occurrences are scored.
const maxCandidates = 128

// Anchor finds sel in t, tolerating changes to the text: first exactly (see
// AnchorExact), then by approximate matching of the quote within a bounded
// edit distance (Myers' bit-parallel algorithm), each candidate scored by
// how well its quote, prefix and suffix match and how near it lies to the
// recorded position. A fuzzy match is accepted when its quote differs by at
// most a quarter of its length, or by up to half when both prefix and suffix
// still match at least 80%; otherwise ok is false and the passage is an
// orphan rather than a highlight in the wrong place.
func Anchor(t *Text, sel Selector) (start, end int, ok bool) {
	if start, end, ok = AnchorExact(t, sel); ok {
		return start, end, true
	}
	quote := []rune(sel.Exact)
	m := len(quote)
	if m == 0 || t.Len() == 0 {
		return 0, 0, false
	}
	maxErr := maxFuzzyErrors(m)
	if maxErr == 0 {
		return 0, 0, false
	}
	text := []rune(t.String())
	cands := approxEnds(newMyers(quote), text, maxErr)
	if len(cands) == 0 {
		return 0, 0, false
	}
	rev := newMyers(reversed(quote))
	prefix, suffix := []rune(sel.Prefix), []rune(sel.Suffix)
	var prefixPat, suffixPat *myers
	if len(prefix) > 0 {
		prefixPat = newMyers(prefix) // scored against text ending at the start
	}
	if len(suffix) > 0 {
		suffixPat = newMyers(reversed(suffix)) // scored against reversed text from the end
	}
	bestScore := -1.0
	for _, c := range cands {
		s := matchStart(rev, text, c.end, c.errors)
		quoteScore := 1 - float64(c.errors)/float64(m)
		prefixScore, suffixScore := 1.0, 1.0
		if prefixPat != nil {
			prefixScore = contextScore(prefixPat, windowBefore(text, s, len(prefix)))
		}
		if suffixPat != nil {
			suffixScore = contextScore(suffixPat, reversed(windowAfter(text, c.end, len(suffix))))
		}
		offset := s - sel.Start
		if offset < 0 {
			offset = -offset
		}
		posScore := 1 - float64(offset)/float64(len(text))
		if posScore < 0 {
			posScore = 0
		}
		if !(4*c.errors <= m || prefixScore >= 0.8 && suffixScore >= 0.8) {
			continue
		}
		score := (quoteWeight*quoteScore + prefixWeight*prefixScore + suffixWeight*suffixScore + positionWeight*posScore) /
			(quoteWeight + prefixWeight + suffixWeight + positionWeight)
		if score > bestScore || score == bestScore && s < start {
			bestScore, start, end = score, s, c.end
		}
	}
	if bestScore < 0 {
		return 0, 0, false
	}
	return start, end, true
}

// windowBefore returns up to n code points (and a quarter more, for
// insertions) of text ending at i.
func windowBefore(text []rune, i, n int) []rune {
	lo := i - n - n/4 - 1
	if lo < 0 {
		lo = 0
	}
	return text[lo:i]
}

// windowAfter returns up to n code points (and a quarter more) of text
// starting at i.
func windowAfter(text []rune, i, n int) []rune {
	hi := i + n + n/4 + 1
	if hi > len(text) {
		hi = len(text)
	}
	return text[i:hi]
}

// contextScore returns 1 minus the edit distance, relative to the pattern's
// length, between the pattern and the best suffix of window: how well a
// recorded context still fits right against the match.
func contextScore(p *myers, window []rune) float64 {
	if len(window) == 0 {
		return 0
	}
	errs := p.m
	p.scan(window, func(end, e int) {
		if end == len(window) {
			errs = e
		}
	})
	s := 1 - float64(errs)/float64(p.m)
	if s < 0 {
		return 0
	}
	return s
}

// candidate is the end of an approximate occurrence and its edit distance.
type candidate struct {
	end, errors int
}

// approxEnds returns the ends of the approximate occurrences of p's pattern
// in text with at most maxErr edits: the best end of each run of
// consecutive qualifying ends, at most maxCandidates of them, fewest errors
// first.
func approxEnds(p *myers, text []rune, maxErr int) []candidate {
	var out []candidate
	run := candidate{end: -1}
	flush := func() {
		if run.end >= 0 {
			out = append(out, run)
			if len(out) >= 4*maxCandidates {
				out = bestCandidates(out)
			}
		}
		run = candidate{end: -1}
	}
	p.scan(text, func(end, errs int) {
		if errs > maxErr {
			flush()
			return
		}
		if run.end < 0 || errs < run.errors {
			run = candidate{end: end, errors: errs}
		}
	})
	flush()
	return bestCandidates(out)
}

// bestCandidates keeps the maxCandidates with fewest errors, in text order
// among equals.
func bestCandidates(cs []candidate) []candidate {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].errors < cs[j].errors })
	if len(cs) > maxCandidates {
		cs = cs[:maxCandidates]
	}
	return cs
}

// matchStart finds where an occurrence of the pattern ending at end with
// errs edits begins, by scanning the reversed pattern (rev) backwards from
// end: the start with fewest edits, nearest the pattern's length on ties.
func matchStart(rev *myers, text []rune, end, errs int) int {
	lo := end - rev.m - errs
	if lo < 0 {
		lo = 0
	}
	window := reversed(text[lo:end])
	best, bestErr, bestGap := end-rev.m, -1, 0
	rev.scan(window, func(n, e int) {
		gap := n - rev.m
		if gap < 0 {
			gap = -gap
		}
		if bestErr < 0 || e < bestErr || e == bestErr && gap < bestGap {
			best, bestErr, bestGap = end-n, e, gap
		}
	})
	if best < 0 {
		best = 0
	}
	return best
}

func reversed(r []rune) []rune {
	out := make([]rune, len(r))
	for i, c := range r {
		out[len(r)-1-i] = c
	}
	return out
}

// myers is a pattern compiled for Myers' bit-parallel approximate string
// matching (G. Myers, "A fast bit-vector algorithm for approximate string
// matching based on dynamic programming", 1999), in the blocked form of
// Hyyrö for patterns longer than 64 code points.
type myers struct {
	m      int
	blocks int
	index  map[rune]int // rune -> its masks at masks[i*blocks:]
	ascii  [128]int32   // fast path of index for ASCII, -1 when absent
	masks  []uint64
	pv, mv []uint64 // scan state, reused
}

func newMyers(pattern []rune) *myers {
	p := &myers{m: len(pattern), blocks: (len(pattern) + 63) / 64, index: map[rune]int{}}
	for i := range p.ascii {
		p.ascii[i] = -1
	}
	for i, c := range pattern {
		k, ok := p.index[c]
		if !ok {
			k = len(p.index)
			p.index[c] = k
			p.masks = append(p.masks, make([]uint64, p.blocks)...)
			if c < 128 {
				p.ascii[c] = int32(k)
			}
		}
		p.masks[k*p.blocks+i/64] |= 1 << (i % 64)
	}
	p.pv, p.mv = make([]uint64, p.blocks), make([]uint64, p.blocks)
	return p
}

// eq returns the pattern-position masks of c, nil when c is not in it.
func (p *myers) eq(c rune) []uint64 {
	k := -1
	if c >= 0 && c < 128 {
		k = int(p.ascii[c])
	} else if i, ok := p.index[c]; ok {
		k = i
	}
	if k < 0 {
		return nil
	}
	return p.masks[k*p.blocks : (k+1)*p.blocks]
}

// scan runs the pattern over text and calls visit after each code point
// with the end offset so far and the least edit distance between the
// pattern and any substring of text ending there.
func (p *myers) scan(text []rune, visit func(end, errors int)) {
	if p.m == 0 {
		return
	}
	for b := range p.pv {
		p.pv[b], p.mv[b] = ^uint64(0), 0
	}
	last := uint64(1) << ((p.m - 1) % 64)
	score := p.m
	for j, c := range text {
		eqs := p.eq(c)
		hin := 0 // the top row is all zeros: an occurrence may start anywhere
		for b := 0; b < p.blocks; b++ {
			var eq uint64
			if eqs != nil {
				eq = eqs[b]
			}
			high := uint64(1) << 63
			if b == p.blocks-1 {
				high = last
			}
			pv, mv := p.pv[b], p.mv[b]
			xv := eq | mv
			if hin < 0 {
				eq |= 1
			}
			xh := (((eq & pv) + pv) ^ pv) | eq
			ph := mv | ^(xh | pv)
			mh := pv & xh
			hout := 0
			if ph&high != 0 {
				hout = 1
			} else if mh&high != 0 {
				hout = -1
			}
			ph <<= 1
			mh <<= 1
			if hin < 0 {
				mh |= 1
			} else if hin > 0 {
				ph |= 1
			}
			p.pv[b] = mh | ^(xv | ph)
			p.mv[b] = ph & xv
			hin = hout
		}
		score += hin
		visit(j+1, score)
	}
}
