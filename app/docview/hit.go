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

// runs returns line i's runs, measured and laid out afresh (see
// DocView.drawnLine for the kept ones).
func (l *Layout) runs(t *shapedText, i int) (*lineText, []vrun) {
	var lv []int8
	lt := &lineText{}
	ln := l.Lines[i]
	t.measureLine(ln.Start, ln.End, true, lt)
	return lt, visualLine(lt, l.Width, ln, nil, &lv)
}

// offsetAt returns the caret position nearest to the layout point (x, y).
func (l *Layout) offsetAt(t *shapedText, x, y float32) int {
	i := l.lineAt(y)
	if i < 0 {
		return 0
	}
	lt, runs := l.runs(t, i)
	return caretAt(lt, runs, l.Lines[i], x)
}

// positionOf returns the layout point (the caret's x, the top of the line
// box) of code point cp.
func (l *Layout) positionOf(t *shapedText, cp int) (x, y float32, line int) {
	i := l.lineOf(cp)
	if i < 0 {
		return 0, 0, -1
	}
	ln := l.Lines[i]
	lt, runs := l.runs(t, i)
	return caretX(lt, runs, ln, l.Width, cp), ln.Y, i
}
