package docview

import "slices"

// codeIndex finds the codes that overlap a range of the text in time that
// grows with the codes found, not with where the range is: the codes
// sorted by start form an implicit balanced binary tree (node i at level
// k has the children i ± 2^(k-1)), each node holding the greatest end in
// its subtree, as in Heng Li's cgranges.
type codeIndex struct {
	codes  []code // by start, longer first on ties (see assignLanes)
	maxEnd []int
	levels int // the root is at index 2^levels - 1
	hits   []int
}

// newCodeIndex indexes codes, which assignLanes sorted by start.
func newCodeIndex(codes []code) codeIndex {
	x := codeIndex{codes: codes, maxEnd: make([]int, len(codes))}
	n := len(codes)
	if n == 0 {
		return x
	}
	lastI, last := 0, 0 // the last node at the current level, and its max end
	for i := 0; i < n; i += 2 {
		lastI, x.maxEnd[i], last = i, codes[i].end, codes[i].end
	}
	k := 1
	for ; 1<<k <= n; k++ {
		step := 1 << (k - 1)
		for i := step<<1 - 1; i < n; i += step << 2 {
			e := max(codes[i].end, x.maxEnd[i-step])
			if i+step < n {
				e = max(e, x.maxEnd[i+step])
			} else {
				e = max(e, last)
			}
			x.maxEnd[i] = e
		}
		if lastI>>k&1 != 0 {
			lastI -= step
		} else {
			lastI += step
		}
		if lastI < n {
			last = max(last, x.maxEnd[lastI])
		}
	}
	x.levels = k - 1
	return x
}

// len returns the number of codes.
func (x *codeIndex) len() int { return len(x.codes) }

// overlapping appends to buf the codes with start < end and end > start,
// in start order.
func (x *codeIndex) overlapping(start, end int, buf []*code) []*code {
	x.hits = x.find(start, end, x.hits[:0])
	for _, i := range x.hits {
		buf = append(buf, &x.codes[i])
	}
	return buf
}

// covering returns the codes covering code point cp, by lane: the bands
// painted behind it, top to bottom.
func (x *codeIndex) covering(cp int) []*code {
	out := x.overlapping(cp, cp+1, nil)
	slices.SortStableFunc(out, func(a, b *code) int { return a.lane - b.lane })
	return out
}

// find appends the indexes of the codes overlapping [start, end), sorted.
func (x *codeIndex) find(start, end int, hits []int) []int {
	n := len(x.codes)
	if n == 0 || start >= end {
		return hits
	}
	type node struct {
		i, k int
		left bool // its left subtree is done
	}
	stack := make([]node, 0, 64)
	stack = append(stack, node{i: 1<<x.levels - 1, k: x.levels})
	for len(stack) > 0 {
		z := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if z.k <= 3 {
			// A small subtree: scan it.
			i0 := z.i >> z.k << z.k
			i1 := min(n, i0+1<<(z.k+1)-1)
			for i := i0; i < i1 && x.codes[i].start < end; i++ {
				if x.codes[i].end > start {
					hits = append(hits, i)
				}
			}
			continue
		}
		if !z.left {
			stack = append(stack, node{i: z.i, k: z.k, left: true})
			y := z.i - 1<<(z.k-1) // the left child
			if y >= n || x.maxEnd[y] > start {
				stack = append(stack, node{i: y, k: z.k - 1})
			}
			continue
		}
		if z.i < n && x.codes[z.i].start < end {
			if x.codes[z.i].end > start {
				hits = append(hits, z.i)
			}
			stack = append(stack, node{i: z.i + 1<<(z.k-1), k: z.k - 1})
		}
	}
	slices.Sort(hits)
	return hits
}
