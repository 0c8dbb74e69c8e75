// Package bidi resolves the embedding levels of a paragraph by the Unicode
// Bidirectional Algorithm (UAX #9), rules P2 to I2, and applies the
// line-based rules L1 and L2, so that a reading view can place every
// character of mixed left-to-right and right-to-left text.
//
// Character properties (Bidi_Class, paired brackets) come from
// golang.org/x/text/unicode/bidi. That package, like the bidi package of
// github.com/go-text/typesetting, resolves levels internally but hands out
// only runs of one direction in logical order: the levels themselves, which
// rule L2 needs to reorder numbers inside right-to-left text inside
// left-to-right text, and per-line reordering are not available. This
// package fills that gap and is checked against the Unicode conformance
// file BidiCharacterTest.txt.
package bidi

import (
	"sync"

	xbidi "golang.org/x/text/unicode/bidi"
)

// Class is a character's Bidi_Class.
type Class uint8

// The Bidi_Class values.
const (
	L Class = iota
	R
	EN
	ES
	ET
	AN
	CS
	B
	S
	WS
	ON
	BN
	NSM
	AL
	LRO
	RLO
	LRE
	RLE
	PDF
	LRI
	RLI
	FSI
	PDI
)

// MaxDepth is the deepest explicit embedding level (BD2).
const MaxDepth = 125

var fromX = map[xbidi.Class]Class{
	xbidi.L: L, xbidi.R: R, xbidi.EN: EN, xbidi.ES: ES, xbidi.ET: ET, xbidi.AN: AN,
	xbidi.CS: CS, xbidi.B: B, xbidi.S: S, xbidi.WS: WS, xbidi.ON: ON, xbidi.BN: BN,
	xbidi.NSM: NSM, xbidi.AL: AL, xbidi.LRO: LRO, xbidi.RLO: RLO, xbidi.LRE: LRE,
	xbidi.RLE: RLE, xbidi.PDF: PDF, xbidi.LRI: LRI, xbidi.RLI: RLI, xbidi.FSI: FSI,
	xbidi.PDI: PDI,
}

// Property bits kept per code point of the Basic Multilingual Plane, so the
// common lookup is one load.
const (
	classMask   = 0x1f
	openBracket = 0x20
	anyBracket  = 0x40
	known       = 0x80
)

var (
	bmpOnce sync.Once
	bmp     []uint8
)

func lookup(r rune) uint8 {
	p, _ := xbidi.LookupRune(r)
	v := uint8(fromX[p.Class()]) | known
	if p.IsBracket() {
		v |= anyBracket
		if p.IsOpeningBracket() {
			v |= openBracket
		}
	}
	return v
}

func props(r rune) uint8 {
	if r >= 0 && r < 0x10000 {
		bmpOnce.Do(func() {
			bmp = make([]uint8, 0x10000)
			for c := range bmp {
				bmp[c] = lookup(rune(c))
			}
		})
		return bmp[r]
	}
	return lookup(r)
}

// ClassOf returns the Bidi_Class of r.
func ClassOf(r rune) Class {
	if r < 0x80 {
		return asciiClass[r]
	}
	return Class(props(r) & classMask)
}

var asciiClass = func() (t [0x80]Class) {
	for r := range t {
		p, _ := xbidi.LookupRune(rune(r))
		t[r] = fromX[p.Class()]
	}
	return t
}()

// pairedOpening returns the opening bracket paired with the bracket r, in
// its canonical form (U+2329 and U+232A are equivalent to U+3008 and U+3009,
// BD16).
func pairedOpening(r rune, open bool) rune {
	if !open {
		if p := []rune(xbidi.ReverseString(string(r))); len(p) == 1 {
			r = p[0]
		}
	}
	switch r {
	case 0x2329:
		return 0x3008
	}
	return r
}

// NeedsResolving reports whether a paragraph made of runes of these classes
// can have levels other than its paragraph level: it holds right-to-left
// letters, Arabic numbers or explicit formatting characters.
func NeedsResolving(c Class) bool {
	switch c {
	case R, AL, AN, LRO, RLO, LRE, RLE, PDF, LRI, RLI, FSI, PDI:
		return true
	}
	return false
}

// Paragraph resolves paragraphs, reusing its buffers from one to the next.
// A Paragraph is not safe for concurrent use.
type Paragraph struct {
	init, types []Class
	levels      []int8
	elev        []int8 // the explicit levels of rules X1 to X8
	pairValues  []rune
	pairOpen    []int8 // 1 opening bracket, -1 closing, 0 neither
	matchPDI    []int
	matchInit   []int
	idx         []int
	para        int8
}

// Resolve computes the embedding level of every rune of text, one paragraph
// without paragraph separators (those are treated as white space), into
// levels (len(levels) >= len(text)), and returns the paragraph level. base
// is the paragraph direction: -1 to take it from the first strong
// character (rules P2, P3; left to right when there is none), 0 left to
// right, 1 right to left. Characters removed by rule X9 get the level of
// the character before them. Rule L1 is not applied: see Line.
func (p *Paragraph) Resolve(text []rune, base int8, levels []int8) int8 {
	n := len(text)
	p.init = grow(p.init, n)
	p.types = grow(p.types, n)
	p.pairValues = grow(p.pairValues, n)
	p.pairOpen = grow(p.pairOpen, n)
	p.matchPDI = grow(p.matchPDI, n)
	p.matchInit = grow(p.matchInit, n)
	p.levels = levels[:n]
	for i, r := range text {
		var v uint8
		if r < 0x80 {
			v = uint8(asciiClass[r])
			if r == '(' || r == '[' || r == '{' {
				v |= anyBracket | openBracket
			} else if r == ')' || r == ']' || r == '}' {
				v |= anyBracket
			}
		} else {
			v = props(r)
		}
		c := Class(v & classMask)
		if c == B {
			c = WS
		}
		p.init[i], p.types[i] = c, c
		p.pairOpen[i], p.pairValues[i] = 0, 0
		if v&anyBracket != 0 {
			open := v&openBracket != 0
			p.pairValues[i] = pairedOpening(r, open)
			p.pairOpen[i] = -1
			if open {
				p.pairOpen[i] = 1
			}
		}
	}
	p.matchIsolates()
	switch {
	case base == 0 || base == 1:
		p.para = base
	default:
		p.para = p.firstStrong(0, n)
	}
	p.explicit()
	p.elev = append(p.elev[:0], p.levels...)
	p.resolveSequences()
	p.assignRemoved()
	return p.para
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

func isIsolateInit(c Class) bool { return c == LRI || c == RLI || c == FSI }

// RemovedByX9 reports whether rule X9 removes characters of class c.
func RemovedByX9(c Class) bool {
	switch c {
	case LRE, RLE, LRO, RLO, PDF, BN:
		return true
	}
	return false
}

// matchIsolates pairs isolate initiators with their PDIs (BD9).
func (p *Paragraph) matchIsolates() {
	n := len(p.init)
	stack := p.idx[:0]
	for i, c := range p.init {
		p.matchPDI[i], p.matchInit[i] = -1, -1
		switch {
		case isIsolateInit(c):
			stack = append(stack, i)
		case c == PDI && len(stack) > 0:
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			p.matchPDI[j], p.matchInit[i] = i, j
		}
	}
	for _, j := range stack {
		p.matchPDI[j] = n
	}
	p.idx = stack[:0]
}

// firstStrong applies rules P2 and P3 to init[start:end]: 1 when the first
// strong character outside isolates is right to left, else 0.
func (p *Paragraph) firstStrong(start, end int) int8 {
	for i := start; i < end; i++ {
		switch c := p.init[i]; {
		case c == L:
			return 0
		case c == R || c == AL:
			return 1
		case isIsolateInit(c):
			i = p.matchPDI[i]
		}
	}
	return 0
}

type status struct {
	level    int8
	override Class // ON for none, L or R
	isolate  bool
}

// explicit applies rules X1 to X8.
func (p *Paragraph) explicit() {
	var stack [MaxDepth + 2]status
	depth := 1
	stack[0] = status{level: p.para, override: ON}
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0
	for i, c := range p.init {
		top := stack[depth-1]
		switch c {
		case RLE, LRE, RLO, LRO, RLI, LRI, FSI:
			isolate := isIsolateInit(c)
			rtl := c == RLE || c == RLO || c == RLI
			if c == FSI {
				rtl = p.firstStrong(i+1, p.matchPDI[i]) == 1
			}
			p.levels[i] = top.level
			if isolate && top.override != ON {
				p.types[i] = top.override
			}
			var level int8
			if rtl {
				level = (top.level + 1) | 1
			} else {
				level = (top.level + 2) &^ 1
			}
			if level <= MaxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				if isolate {
					validIsolates++
				}
				o := ON
				switch c {
				case LRO:
					o = L
				case RLO:
					o = R
				}
				stack[depth] = status{level: level, override: o, isolate: isolate}
				depth++
				if !isolate {
					p.levels[i] = level
				}
			} else if isolate {
				overflowIsolates++
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
		case PDI:
			switch {
			case overflowIsolates > 0:
				overflowIsolates--
			case validIsolates == 0:
			default:
				overflowEmbeddings = 0
				for !stack[depth-1].isolate {
					depth--
				}
				depth--
				validIsolates--
			}
			top = stack[depth-1]
			p.levels[i] = top.level
			if top.override != ON {
				p.types[i] = top.override
			}
		case PDF:
			p.levels[i] = top.level
			switch {
			case overflowIsolates > 0:
			case overflowEmbeddings > 0:
				overflowEmbeddings--
			case !top.isolate && depth >= 2:
				depth--
			}
		default:
			p.levels[i] = top.level
			if top.override != ON && c != BN {
				p.types[i] = top.override
			}
		}
	}
}

// resolveSequences splits the paragraph into isolating run sequences (X9,
// X10, BD13) and resolves each.
func (p *Paragraph) resolveSequences() {
	n := len(p.init)
	// The level runs, as [start, end) into the list of kept characters.
	kept := p.idx[:0]
	for i := 0; i < n; i++ {
		if !RemovedByX9(p.init[i]) {
			kept = append(kept, i)
		}
	}
	p.idx = kept
	if len(kept) == 0 {
		return
	}
	// runOf maps a kept character to the start (in kept) of its level run.
	type run struct{ start, end int }
	var runs []run
	runStart := 0
	for k := 1; k <= len(kept); k++ {
		if k == len(kept) || p.levels[kept[k]] != p.levels[kept[k-1]] {
			runs = append(runs, run{runStart, k})
			runStart = k
		}
	}
	if len(runs) == 1 {
		p.resolveSequence(kept)
		return
	}
	runAt := make(map[int]int, 8) // character index of a PDI opening a run -> run
	for r, rn := range runs {
		if first := kept[rn.start]; p.init[first] == PDI {
			runAt[first] = r
		}
	}
	var seq []int
	for _, rn := range runs {
		first := kept[rn.start]
		if p.init[first] == PDI && p.matchInit[first] >= 0 {
			continue // continues the sequence of its isolate initiator
		}
		seq = seq[:0]
		for {
			seq = append(seq, kept[rn.start:rn.end]...)
			last := kept[rn.end-1]
			if !isIsolateInit(p.init[last]) || p.matchPDI[last] == n {
				break
			}
			next, ok := runAt[p.matchPDI[last]]
			if !ok {
				break
			}
			rn = runs[next]
		}
		p.resolveSequence(seq)
	}
}

// levelBefore returns the explicit level before character i, skipping
// characters removed by X9, or the paragraph level at the start.
func (p *Paragraph) levelBefore(i int) int8 {
	for i--; i >= 0; i-- {
		if !RemovedByX9(p.init[i]) {
			return p.elev[i]
		}
	}
	return p.para
}

// levelAfter is levelBefore for the character after i.
func (p *Paragraph) levelAfter(i int) int8 {
	for i++; i < len(p.init); i++ {
		if !RemovedByX9(p.init[i]) {
			return p.elev[i]
		}
	}
	return p.para
}

func dirOf(level int8) Class {
	if level&1 == 1 {
		return R
	}
	return L
}

// isNI reports whether c is a neutral or isolate formatting character (NI).
func isNI(c Class) bool {
	switch c {
	case B, S, WS, ON, LRI, RLI, FSI, PDI:
		return true
	}
	return false
}

// strongForN treats numbers as right to left, as rules N0 to N2 do.
func strongForN(c Class) Class {
	switch c {
	case EN, AN, R, AL:
		return R
	case L:
		return L
	}
	return ON
}

// resolveSequence applies rules W1 to I2 to one isolating run sequence,
// given as the indexes of its characters.
func (p *Paragraph) resolveSequence(seq []int) {
	t := p.types
	first, last := seq[0], seq[len(seq)-1]
	level := p.elev[first]
	sos := dirOf(max(p.levelBefore(first), level))
	succ := p.para
	if !isIsolateInit(p.init[last]) {
		succ = p.levelAfter(last)
	}
	eos := dirOf(max(succ, level))

	// W1: non-spacing marks take the type of what precedes them.
	prev := sos
	for _, i := range seq {
		if t[i] == NSM {
			t[i] = prev
			continue
		}
		prev = t[i]
		if isIsolateInit(prev) || prev == PDI {
			prev = ON
		}
	}
	// W2, W3: European numbers after Arabic letters become Arabic numbers;
	// Arabic letters become R.
	strong := sos
	for _, i := range seq {
		switch t[i] {
		case L, R:
			strong = t[i]
		case AL:
			strong = AL
			t[i] = R
		case EN:
			if strong == AL {
				t[i] = AN
			}
		}
	}
	// W4: a single separator between two numbers of the same kind.
	for k := 1; k+1 < len(seq); k++ {
		a, c, b := t[seq[k-1]], t[seq[k]], t[seq[k+1]]
		switch {
		case c == ES && a == EN && b == EN:
			t[seq[k]] = EN
		case c == CS && a == b && (a == EN || a == AN):
			t[seq[k]] = a
		}
	}
	// W5: terminators next to European numbers become European numbers.
	for k := 0; k < len(seq); k++ {
		if t[seq[k]] != ET {
			continue
		}
		end := k
		for end < len(seq) && t[seq[end]] == ET {
			end++
		}
		if (k > 0 && t[seq[k-1]] == EN) || (end < len(seq) && t[seq[end]] == EN) {
			for j := k; j < end; j++ {
				t[seq[j]] = EN
			}
		}
		k = end - 1
	}
	// W6: the remaining separators and terminators become neutral.
	for _, i := range seq {
		switch t[i] {
		case ES, ET, CS:
			t[i] = ON
		}
	}
	// W7: European numbers after L become L.
	strong = sos
	for _, i := range seq {
		switch t[i] {
		case L, R:
			strong = t[i]
		case EN:
			if strong == L {
				t[i] = L
			}
		}
	}
	p.pairBrackets(seq, sos, level)
	// N1, N2: neutrals take the direction around them, else the embedding's.
	embed := dirOf(level)
	for k := 0; k < len(seq); k++ {
		if !isNI(t[seq[k]]) {
			continue
		}
		end := k
		for end < len(seq) && isNI(t[seq[end]]) {
			end++
		}
		before, after := sos, eos
		if k > 0 {
			before = strongForN(t[seq[k-1]])
		}
		if end < len(seq) {
			after = strongForN(t[seq[end]])
		}
		d := embed
		if before == after && before != ON {
			d = before
		}
		for j := k; j < end; j++ {
			t[seq[j]] = d
		}
		k = end - 1
	}
	// I1, I2.
	for _, i := range seq {
		switch c := t[i]; {
		case level&1 == 0 && c == R:
			p.levels[i] = level + 1
		case level&1 == 0 && (c == AN || c == EN):
			p.levels[i] = level + 2
		case level&1 == 1 && (c == L || c == EN || c == AN):
			p.levels[i] = level + 1
		default:
			p.levels[i] = level
		}
	}
}

// pairBrackets applies rule N0 to the bracket pairs of a sequence (BD16).
func (p *Paragraph) pairBrackets(seq []int, sos Class, level int8) {
	t := p.types
	type opener struct {
		value rune
		pos   int // index into seq
	}
	var stack []opener
	var pairs [][2]int
	for k, i := range seq {
		if p.pairOpen[i] == 0 || t[i] != ON {
			continue
		}
		if p.pairOpen[i] > 0 {
			if len(stack) == 63 {
				break
			}
			stack = append(stack, opener{p.pairValues[i], k})
			continue
		}
		for s := len(stack) - 1; s >= 0; s-- {
			if stack[s].value == p.pairValues[i] {
				pairs = append(pairs, [2]int{stack[s].pos, k})
				stack = stack[:s]
				break
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	// Process pairs in the order of their opening brackets.
	for a := 1; a < len(pairs); a++ {
		for b := a; b > 0 && pairs[b][0] < pairs[b-1][0]; b-- {
			pairs[b], pairs[b-1] = pairs[b-1], pairs[b]
		}
	}
	embed := dirOf(level)
	for _, pr := range pairs {
		o, c := pr[0], pr[1]
		found := ON
		for k := o + 1; k < c; k++ {
			d := strongForN(t[seq[k]])
			if d == ON {
				continue
			}
			found = d
			if d == embed {
				break
			}
		}
		if found == ON {
			continue
		}
		if found != embed {
			// Opposite direction inside: use the context before the pair.
			before := sos
			for k := o - 1; k >= 0; k-- {
				if d := strongForN(t[seq[k]]); d != ON {
					before = d
					break
				}
			}
			if before != found {
				found = embed
			}
		}
		for _, k := range [2]int{o, c} {
			t[seq[k]] = found
			// Marks after a bracket follow it.
			for j := k + 1; j < len(seq) && p.init[seq[j]] == NSM; j++ {
				t[seq[j]] = found
			}
		}
	}
}

// assignRemoved gives the characters removed by X9 the level before them.
func (p *Paragraph) assignRemoved() {
	for i, c := range p.init {
		if RemovedByX9(c) {
			if i == 0 {
				p.levels[i] = p.para
			} else {
				p.levels[i] = p.levels[i-1]
			}
		}
	}
}

// Line applies rule L1 to one line of a paragraph: levels holds the
// resolved levels of the line's runes, text its runes. Segment separators
// (tabs), and white space and isolate or removed formatting characters
// before them or at the end of the line, get the paragraph level para.
func Line(text []rune, levels []int8, para int8) {
	trailing := true
	for i := len(text) - 1; i >= 0; i-- {
		c := ClassOf(text[i])
		switch {
		case c == S || c == B:
			levels[i] = para
			trailing = true
		case trailing && (c == WS || isIsolateInit(c) || c == PDI || RemovedByX9(c)):
			levels[i] = para
		default:
			trailing = false
		}
	}
}

// Reorder applies rule L2: it fills order (len(order) >= len(levels)) with
// the logical indexes of the line's characters in visual order, left to
// right.
func Reorder(levels []int8, order []int) {
	n := len(levels)
	hi, lowOdd := int8(0), int8(MaxDepth+2)
	for i, l := range levels {
		order[i] = i
		hi = max(hi, l)
		if l&1 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lvl := hi; lvl >= lowOdd; lvl-- {
		for i := 0; i < n; i++ {
			if levels[order[i]] < lvl {
				continue
			}
			j := i
			for j < n && levels[order[j]] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
}
