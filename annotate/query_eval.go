package annotate

import (
	"sort"
)

// NeedsAll reports whether q can select passages that carry none of its
// codes (a NOT that is not the exclusion of an AND or NEAR, as in
// `NOT "Human rights"` or `"A" OR NOT "B"`), so that evaluating it needs
// every passage in scope rather than only those of its codes.
func (q *Query) NeedsAll() bool {
	switch q.Op {
	case QueryNot:
		return true
	case QueryAnd, QueryNear:
		positive := false
		for _, a := range q.Args {
			if a.Op == QueryNot {
				if a.Args[0].NeedsAll() {
					return true
				}
				continue
			}
			positive = true
			if a.NeedsAll() {
				return true
			}
		}
		return !positive
	case QueryOr:
		for _, a := range q.Args {
			if a.NeedsAll() {
				return true
			}
		}
	}
	return false
}

// NeedsParagraphs reports whether q has a NEAR/paragraph, for which
// EvalQuery needs the documents' paragraphs.
func (q *Query) NeedsParagraphs() bool {
	if q.Op == QueryNear && q.Near == NearParagraph {
		return true
	}
	for _, a := range q.Args {
		if a.NeedsParagraphs() {
			return true
		}
	}
	return false
}

// EvalQuery returns the indices of the spans q selects, in document order
// (by document ID, then start, end and index).
//
// spans are the passages in scope (restricted, say, to some documents):
// at least every one carrying a tag of q's codes and, when q.NeedsAll,
// every one. Every code of q must be bound (see Query.Bind). paragraphs
// returns a document's paragraphs, as Paragraphs does; it is called only
// for NEAR/paragraph, once per document.
//
// Operands select sets of passages:
//   - a code: the passages carrying any of its tags;
//   - A OR B: the passages of either;
//   - A AND B: each passage of A that overlaps (shares a code point with)
//     a passage of B in the same document, and each passage of B that
//     overlaps one of A; a passage carrying both codes overlaps itself.
//     With more operands, a passage of one is kept when it overlaps a
//     passage of every other. A NOT operand excludes: A AND NOT B keeps
//     the passages of A that overlap no passage of B;
//   - A NEAR/n B: as AND, with "overlaps" widened to "is at most n code
//     points away from" (NEAR/0: overlapping or touching), or, with
//     NEAR/paragraph, "shares a paragraph with";
//   - NOT A on its own: the passages in scope that overlap no passage of A.
func EvalQuery(q *Query, spans []Span, paragraphs func(documentID string) [][2]int) ([]int, error) {
	ev := newEvaluator(spans, paragraphs)
	set, err := ev.eval(q)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(set))
	for i, p := range set {
		out[i] = ev.ord[p]
	}
	return out, nil
}

// evaluator holds the spans in document order; a set of passages is a
// sorted list of positions in that order.
type evaluator struct {
	ord        []int   // position → index into spans
	doc        []int32 // position → document number
	start, end []int   // position → range
	docIDs     []string
	byTag      map[string][]int32
	paragraphs func(string) [][2]int
	slots      [][2]int // position → paragraph slots, for NEAR/paragraph
}

func newEvaluator(spans []Span, paragraphs func(string) [][2]int) *evaluator {
	ev := &evaluator{ord: make([]int, len(spans)), paragraphs: paragraphs, byTag: map[string][]int32{}}
	for i := range ev.ord {
		ev.ord[i] = i
	}
	sort.Slice(ev.ord, func(i, j int) bool {
		a, b := &spans[ev.ord[i]], &spans[ev.ord[j]]
		switch {
		case a.DocumentID != b.DocumentID:
			return a.DocumentID < b.DocumentID
		case a.Start != b.Start:
			return a.Start < b.Start
		case a.End != b.End:
			return a.End < b.End
		}
		return ev.ord[i] < ev.ord[j]
	})
	n := len(spans)
	ev.doc, ev.start, ev.end = make([]int32, n), make([]int, n), make([]int, n)
	for p, i := range ev.ord {
		s := &spans[i]
		if len(ev.docIDs) == 0 || ev.docIDs[len(ev.docIDs)-1] != s.DocumentID {
			ev.docIDs = append(ev.docIDs, s.DocumentID)
		}
		ev.doc[p] = int32(len(ev.docIDs) - 1)
		ev.start[p], ev.end[p] = s.Start, s.End
		for k, t := range s.Tags {
			if dup := indexOf(s.Tags[:k], t); dup < 0 {
				ev.byTag[t] = append(ev.byTag[t], int32(p))
			}
		}
	}
	return ev
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func (ev *evaluator) eval(q *Query) ([]int32, error) {
	switch q.Op {
	case QueryCode:
		if q.TagIDs == nil {
			return nil, Errorf(EINVALID, "query: code %s is not bound to the codebook", QuoteCode(q.Code))
		}
		var set []int32
		for _, t := range q.TagIDs {
			set = union32(set, ev.byTag[t])
		}
		return set, nil
	case QueryOr:
		var set []int32
		for _, a := range q.Args {
			s, err := ev.eval(a)
			if err != nil {
				return nil, err
			}
			set = union32(set, s)
		}
		return set, nil
	case QueryNot:
		return ev.join([]*Query{q}, 0, false)
	case QueryAnd:
		return ev.join(q.Args, 0, false)
	case QueryNear:
		if q.Near == NearParagraph {
			return ev.join(q.Args, 0, true)
		}
		return ev.join(q.Args, q.Near+1, false)
	}
	return nil, Errorf(EINVALID, "query: unknown operation %d", q.Op)
}

// join evaluates an AND or NEAR of args: each passage of a positive
// operand that reaches a passage of every other positive operand and of no
// negative one. Two passages reach each other when their ranges, widened
// by reach code points (or, with para, their paragraph slots), overlap.
// With no positive operand, every passage is a candidate.
func (ev *evaluator) join(args []*Query, reach int, para bool) ([]int32, error) {
	var pos, neg []*setIndex
	var sets [][]int32
	for _, a := range args {
		inner, negative := a, false
		if a.Op == QueryNot {
			inner, negative = a.Args[0], true
		}
		s, err := ev.eval(inner)
		if err != nil {
			return nil, err
		}
		ix := ev.index(s, para)
		if negative {
			neg = append(neg, ix)
		} else {
			pos = append(pos, ix)
			sets = append(sets, s)
		}
	}
	if len(sets) == 0 {
		all := make([]int32, len(ev.ord))
		for i := range all {
			all[i] = int32(i)
		}
		sets = [][]int32{all}
		pos = []*setIndex{nil}
	}
	var out []int32
	for i, s := range sets {
		var kept []int32
	candidates:
		for _, p := range s {
			lo, hi := ev.coords(p, para)
			d := ev.doc[p]
			for j, other := range pos {
				if j != i && !other.reaches(d, lo-reach, hi+reach) {
					continue candidates
				}
			}
			for _, other := range neg {
				if other.reaches(d, lo-reach, hi+reach) {
					continue candidates
				}
			}
			kept = append(kept, p)
		}
		out = union32(out, kept)
	}
	return out, nil
}

// coords returns a passage's range, or with para its paragraph slots as a
// range: paragraph k is slot 2k+1, the space before it slot 2k.
func (ev *evaluator) coords(p int32, para bool) (int, int) {
	if !para {
		return ev.start[p], ev.end[p]
	}
	if ev.slots == nil {
		ev.slots = make([][2]int, len(ev.ord))
		for i := range ev.slots {
			ev.slots[i][0] = -1
		}
	}
	if ev.slots[p][0] < 0 {
		ev.fillSlots(ev.doc[p])
	}
	return ev.slots[p][0], ev.slots[p][1]
}

// fillSlots computes the paragraph slots of every passage of a document.
func (ev *evaluator) fillSlots(doc int32) {
	var paras [][2]int
	if ev.paragraphs != nil {
		paras = ev.paragraphs(ev.docIDs[doc])
	}
	slot := func(offset int) int {
		// The first paragraph ending after offset holds it, or follows it.
		k := sort.Search(len(paras), func(i int) bool { return paras[i][1] > offset })
		if k < len(paras) && paras[k][0] <= offset {
			return 2*k + 1
		}
		return 2 * k
	}
	first := sort.Search(len(ev.doc), func(i int) bool { return ev.doc[i] >= doc })
	for p := first; p < len(ev.doc) && ev.doc[p] == doc; p++ {
		ev.slots[p] = [2]int{slot(ev.start[p]), slot(ev.end[p]-1) + 1}
	}
}

// setIndex answers whether a set has a passage in a document whose range
// overlaps a given one.
type setIndex struct {
	doc     []int32
	start   []int
	prefMax []int // the largest end among the set's passages so far in their document
}

func (ev *evaluator) index(set []int32, para bool) *setIndex {
	ix := &setIndex{doc: make([]int32, len(set)), start: make([]int, len(set)), prefMax: make([]int, len(set))}
	for i, p := range set {
		lo, hi := ev.coords(p, para)
		ix.doc[i], ix.start[i] = ev.doc[p], lo
		ix.prefMax[i] = hi
		if i > 0 && ix.doc[i-1] == ix.doc[i] {
			ix.prefMax[i] = max(hi, ix.prefMax[i-1])
		}
	}
	return ix
}

// reaches reports whether a passage of the set in document doc overlaps
// [lo, hi). The set is sorted by document and start, and so are its
// paragraph slots.
func (ix *setIndex) reaches(doc int32, lo, hi int) bool {
	// Passages of doc starting before hi are those in [first, k).
	k := sort.Search(len(ix.doc), func(i int) bool {
		return ix.doc[i] > doc || ix.doc[i] == doc && ix.start[i] >= hi
	})
	return k > 0 && ix.doc[k-1] == doc && ix.prefMax[k-1] > lo
}

// union32 merges two sorted lists of positions.
func union32(a, b []int32) []int32 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
