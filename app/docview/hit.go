package docview

import "sort"

// lineAt returns the index of the line whose box (with the gap below it)
// contains y; above the first line it is 0, below the last the last.
func (l *Layout) lineAt(y float32) int {
	n := len(l.Lines)
	if n == 0 {
		return -1
	}
	// The first line whose top is below y, minus one.
	i := sort.Search(n, func(i int) bool { return l.Lines[i].Y > y }) - 1
	if i < 0 {
		return 0
	}
	return i
}

// lineOf returns the index of the line that shows code point cp: the last
// line starting at or before it, so the end of a wrapped line belongs to the
// start of the next.
func (l *Layout) lineOf(cp int) int {
	n := len(l.Lines)
	if n == 0 {
		return -1
	}
	i := sort.Search(n, func(i int) bool { return l.Lines[i].Start > cp }) - 1
	if i < 0 {
		return 0
	}
	return i
}

// xOf returns the pen position of code point cp on line ln, measured from the
// line's left edge; cp is clamped to the line.
func xOf(t *shapedText, ln Line, cp int) float32 {
	if cp > ln.End {
		cp = ln.End
	}
	x, _ := measureSpan(t, ln.Start, cp)
	return x
}

// offsetAtX returns the caret position on line ln nearest to x: a boundary
// between two characters, never before a combining mark. Past the end of a
// wrapped line it is the end of its last word, so trailing spaces belong to
// the break.
func offsetAtX(t *shapedText, ln Line, x float32) int {
	end := ln.End
	if !ln.ParaEnd {
		for end > ln.Start && isBreakSpace(t.runes[end-1]) {
			end--
		}
	}
	pen := float32(0)
	best := ln.Start
	for i := ln.Start; i < end; i++ {
		w := t.width(i, ln.Start, pen)
		// A cluster is a base character and the marks that follow it.
		j := i + 1
		for j < end && isCombining(t.runes[j]) {
			w += t.advance(j)
			j++
		}
		if x < pen+w/2 {
			return best
		}
		pen += w
		best = j
		i = j - 1
	}
	return best
}

// offsetAt returns the caret position nearest to the layout point (x, y).
func (l *Layout) offsetAt(t *shapedText, x, y float32) int {
	i := l.lineAt(y)
	if i < 0 {
		return 0
	}
	return offsetAtX(t, l.Lines[i], x)
}

// positionOf returns the layout point (left, top of the line box) of code
// point cp.
func (l *Layout) positionOf(t *shapedText, cp int) (x, y float32, line int) {
	i := l.lineOf(cp)
	if i < 0 {
		return 0, 0, -1
	}
	ln := l.Lines[i]
	return xOf(t, ln, cp), ln.Y, i
}

// charAtX returns the index of the character drawn under x on line ln (a
// base character, not one of its combining marks), or -1 beside the text.
func charAtX(t *shapedText, ln Line, x float32) int {
	if x < 0 {
		return -1
	}
	pen := float32(0)
	for i := ln.Start; i < ln.End; i++ {
		w := t.width(i, ln.Start, pen)
		j := i + 1
		for j < ln.End && isCombining(t.runes[j]) {
			w += t.advance(j)
			j++
		}
		if x < pen+w {
			return i
		}
		pen += w
		i = j - 1
	}
	return -1
}
