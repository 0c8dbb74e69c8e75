package docview

import (
	"sort"

	"gloss/app/docview/bidi"
)

// vrun is a piece of a line drawn in one go and in one direction: the code
// points [start, end) at one embedding level between two tabs, or a tab on
// its own. x is its left edge from the column's left, w its width.
//
// A line's runs, in visual order, are the one model of where its characters
// are drawn: the text is drawn run by run, and hit-testing, carets,
// selections, passage bands and find tints all measure from the same runs.
type vrun struct {
	start, end int
	x, w       float32
	level      int8
	tab        bool
}

func (r vrun) rtl() bool { return r.level&1 == 1 }

// span is a horizontal extent on a line.
type span struct{ x0, x1 float32 }

// visualLine lays out line ln of a layout width wide: its runs by the
// Unicode Bidirectional Algorithm (rule L1 on the line's resolved levels,
// then L2 within each stretch between tabs), in visual order, left to
// right. Tab stops count from the paragraph's starting edge, so a
// right-to-left paragraph is aligned right and its tabs run leftwards.
// lv is scratch space for the line's levels.
func visualLine(t *lineText, width float32, ln Line, buf []vrun, lv *[]int8) []vrun {
	runs := buf[:0]
	para := int8(0)
	if ln.RTL {
		para = 1
	}
	var levels []int8 // of the line's code points, from ln.Start
	if resolved := t.t.bidi.line(t.t, ln.Start, ln.End); resolved != nil {
		levels = append((*lv)[:0], resolved...)
		bidi.Line(t.runes[ln.Start-t.start:ln.End-t.start], levels, para)
		*lv = levels
	}
	level := func(i int) int8 {
		if levels == nil {
			return 0
		}
		return levels[i-ln.Start]
	}
	// place converts a stretch [pen, pen+w] measured from the starting
	// edge into the column's coordinates.
	place := func(pen, w float32) float32 {
		if ln.RTL {
			return width - pen - w
		}
		return pen
	}
	pen := float32(0)
	for s := ln.Start; s < ln.End; {
		if t.r(s) == '\t' {
			w := tabStop(pen, t.t.tab) - pen
			runs = append(runs, vrun{start: s, end: s + 1, x: place(pen, w), w: w, level: para, tab: true})
			pen += w
			s++
			continue
		}
		e := s
		for e < ln.End && t.r(e) != '\t' {
			e++
		}
		first := len(runs)
		segW := float32(0)
		for a := s; a < e; {
			l := level(a)
			b := a + 1
			for b < e && level(b) == l {
				b++
			}
			w := t.runWidth(a, b)
			runs = append(runs, vrun{start: a, end: b, w: w, level: l})
			segW += w
			a = b
		}
		reorderRuns(runs[first:])
		x := place(pen, segW)
		for i := first; i < len(runs); i++ {
			runs[i].x = x
			x += runs[i].w
		}
		pen += segW
		s = e
	}
	if ln.RTL {
		sort.Slice(runs, func(i, j int) bool { return runs[i].x < runs[j].x })
	}
	return runs
}

// reorderRuns applies rule L2 to level runs in logical order: from the
// highest level down to the lowest odd one, every sequence of runs at that
// level or above is reversed.
func reorderRuns(runs []vrun) {
	hi, lowOdd := int8(0), int8(bidi.MaxDepth+2)
	for _, r := range runs {
		hi = max(hi, r.level)
		if r.level&1 == 1 {
			lowOdd = min(lowOdd, r.level)
		}
	}
	for lvl := hi; lvl >= lowOdd; lvl-- {
		for i := 0; i < len(runs); i++ {
			if runs[i].level < lvl {
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

// offset returns how far from the run's starting edge (its left when left
// to right, its right when right to left) the boundary before cp is.
func (t *lineText) offset(r vrun, cp int) float32 {
	switch {
	case cp <= r.start:
		return 0
	case cp >= r.end || r.tab:
		return r.w
	}
	return t.runWidth(r.start, cp)
}

// edgeX returns the x of the boundary before cp in run r.
func (t *lineText) edgeX(r vrun, cp int) float32 {
	off := t.offset(r, cp)
	if r.rtl() {
		return r.x + r.w - off
	}
	return r.x + off
}

// caretX returns where the caret at cp stands on a line: the leading edge
// of the character at cp (its left in left-to-right text, its right in
// right-to-left text), or at the end of the line the trailing edge of its
// last character.
func caretX(t *lineText, runs []vrun, ln Line, width float32, cp int) float32 {
	for _, r := range runs {
		if r.start <= cp && cp < r.end {
			return t.edgeX(r, cp)
		}
	}
	for _, r := range runs {
		if r.end == cp {
			return t.edgeX(r, cp)
		}
	}
	if ln.RTL {
		return width
	}
	return 0
}

// clusters calls f with every grapheme cluster [i, j) of the line before
// limit and the extent [lo, hi) where it is drawn, run by run in visual
// order, until f returns false.
func clusters(t *lineText, runs []vrun, limit int, f func(i, j int, lo, hi float32, rtl bool) bool) {
	for _, r := range runs {
		end := min(r.end, limit)
		off := float32(0)
		for i := r.start; i < end; {
			j := min(t.clusterEnd(i), r.end)
			w := r.w
			if !r.tab {
				sum := int32(0)
				for _, v := range t.adv[i-t.start : j-t.start] {
					sum += int32(v)
				}
				if i == r.start {
					sum -= int32(t.kern[i-t.start])
				}
				w = float32(sum) * (1.0 / 64)
			}
			lo, hi := r.x+off, r.x+off+w
			if r.rtl() {
				lo, hi = r.x+r.w-off-w, r.x+r.w-off
			}
			if !f(i, j, lo, hi, r.rtl()) {
				return
			}
			off += w
			i = j
		}
	}
}

// visibleEnd returns where hits stop on line ln: before the trailing spaces
// of a wrapped line, which belong to the break.
func visibleEnd(t *lineText, ln Line) int {
	end := ln.End
	if !ln.ParaEnd {
		for end > ln.Start && isBreakSpace(t.r(end-1)) {
			end--
		}
	}
	return end
}

// charAt returns the first code point of the cluster drawn under x, or -1
// beside the text.
func charAt(t *lineText, runs []vrun, ln Line, x float32) int {
	hit := -1
	clusters(t, runs, ln.End, func(i, _ int, lo, hi float32, _ bool) bool {
		if x >= lo && x < hi {
			hit = i
			return false
		}
		return true
	})
	return hit
}

// caretAt returns the caret position on line ln nearest to x: the boundary
// on the side of the cluster under x that x is nearer to (its leading half
// puts the caret before it, its trailing half after it), never inside a
// cluster. Beside the text it is the nearest cluster's outer edge; past the
// end of a wrapped line, the end of its last word.
func caretAt(t *lineText, runs []vrun, ln Line, x float32) int {
	limit := visibleEnd(t, ln)
	found, bestD, caret := false, float32(0), ln.Start
	clusters(t, runs, limit, func(i, j int, lo, hi float32, rtl bool) bool {
		d := float32(0)
		switch {
		case x < lo:
			d = lo - x
		case x >= hi:
			d = x - hi
		}
		if found && d >= bestD {
			return true
		}
		found, bestD = true, d
		if (x < (lo+hi)/2) != rtl {
			caret = i // the leading half
		} else {
			caret = j
		}
		return d > 0
	})
	return min(caret, limit)
}

// rangeSpans returns the extents where [s, e) is drawn on a line, left to
// right, one per stretch of the line the range covers: a range across a
// change of direction is drawn as several. A range running on past the
// end of a paragraph reaches extra further, past the end of its last
// character.
func rangeSpans(t *lineText, runs []vrun, ln Line, width float32, s, e int, extra float32, out []span) []span {
	out = out[:0]
	for _, r := range runs {
		a, b := max(s, r.start), min(e, r.end)
		if a >= b {
			continue
		}
		x0, x1 := t.edgeX(r, a), t.edgeX(r, b)
		if x0 > x1 {
			x0, x1 = x1, x0
		}
		out = append(out, span{x0, x1})
	}
	if extra > 0 && e > ln.End && ln.ParaEnd {
		x := caretX(t, runs, ln, width, ln.End)
		if ln.RTL {
			out = append(out, span{x - extra, x})
		} else {
			out = append(out, span{x, x + extra})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].x0 < out[j].x0 })
	merged := out[:0]
	for _, sp := range out {
		if n := len(merged); n > 0 && sp.x0 <= merged[n-1].x1+0.01 {
			merged[n-1].x1 = max(merged[n-1].x1, sp.x1)
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}

// caretStop is a caret position and where it is drawn.
type caretStop struct {
	x  float32
	cp int
}

// visualStep returns the caret moved one cluster to the right (dir > 0) or
// to the left on its line, as drawn, and false when it is at that end of
// the line already.
func visualStep(t *lineText, runs []vrun, ln Line, width float32, cp, dir int) (int, bool) {
	limit := visibleEnd(t, ln)
	var stops []caretStop
	clusters(t, runs, limit, func(i, j int, lo, hi float32, rtl bool) bool {
		if rtl {
			stops = append(stops, caretStop{lo, j}, caretStop{hi, i})
		} else {
			stops = append(stops, caretStop{lo, i}, caretStop{hi, j})
		}
		return true
	})
	if len(stops) == 0 {
		return cp, false
	}
	sort.SliceStable(stops, func(i, j int) bool { return stops[i].x < stops[j].x })
	x := caretX(t, runs, ln, width, cp)
	cur := -1
	for k, s := range stops {
		if s.cp == cp && (cur < 0 || abs32(s.x-x) < abs32(stops[cur].x-x)) {
			cur = k
		}
	}
	if cur < 0 {
		return cp, false
	}
	for k := cur + dir; k >= 0 && k < len(stops); k += dir {
		if s := stops[k]; s.cp != cp && abs32(s.x-stops[cur].x) > 0.01 {
			return s.cp, true
		}
	}
	return cp, false
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
