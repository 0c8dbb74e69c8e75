package export

import (
	"unicode"
	"unicode/utf8"
)

// gofpdf draws characters one after the other, left to right, as they
// are: Arabic would come out with its letters unjoined and in reverse. The
// briefing therefore shapes Arabic itself (each letter in the contextual
// form of the Arabic Presentation Forms, the lam-alef ligatures) before
// line breaking, and puts each line's right-to-left runs in visual order
// when drawing it. It is a compact subset of the Unicode bidirectional
// algorithm: enough for quotes in Arabic, Persian or Hebrew, alone or
// within Latin text.

// joining is how an Arabic letter connects to its neighbours.
type joining uint8

const (
	joinNone  joining = iota
	joinRight         // connects to the letter before it only (alef, dal, reh, waw…)
	joinDual          // connects on both sides
)

// arabicForm is an Arabic letter's isolated presentation form; the final,
// initial and medial forms follow it (right-joining letters have only
// isolated and final).
type arabicForm struct {
	isolated rune
	join     joining
}

var arabicForms = func() map[rune]arabicForm {
	m := map[rune]arabicForm{0x0621: {0xFE80, joinNone}}
	// U+0622…U+064A in order with their joining types; the presentation
	// forms (U+FE81…) follow one another in the same order.
	types := []struct {
		r rune
		j joining
	}{
		{0x0622, joinRight}, {0x0623, joinRight}, {0x0624, joinRight}, {0x0625, joinRight}, {0x0626, joinDual},
		{0x0627, joinRight}, {0x0628, joinDual}, {0x0629, joinRight}, {0x062A, joinDual}, {0x062B, joinDual},
		{0x062C, joinDual}, {0x062D, joinDual}, {0x062E, joinDual}, {0x062F, joinRight}, {0x0630, joinRight},
		{0x0631, joinRight}, {0x0632, joinRight}, {0x0633, joinDual}, {0x0634, joinDual}, {0x0635, joinDual},
		{0x0636, joinDual}, {0x0637, joinDual}, {0x0638, joinDual}, {0x0639, joinDual}, {0x063A, joinDual},
		{0x0641, joinDual}, {0x0642, joinDual}, {0x0643, joinDual}, {0x0644, joinDual}, {0x0645, joinDual},
		{0x0646, joinDual}, {0x0647, joinDual}, {0x0648, joinRight}, {0x0649, joinRight}, {0x064A, joinDual},
	}
	next := rune(0xFE81)
	for _, t := range types {
		m[t.r] = arabicForm{next, t.j}
		if t.j == joinDual {
			next += 4
		} else {
			next += 2
		}
	}
	// Persian and Urdu letters, in Presentation Forms-A.
	for r, f := range map[rune]arabicForm{
		0x067E: {0xFB56, joinDual}, 0x0686: {0xFB7A, joinDual}, 0x0698: {0xFB8A, joinRight},
		0x06A9: {0xFB8E, joinDual}, 0x06AF: {0xFB92, joinDual}, 0x06CC: {0xFBFC, joinDual},
	} {
		m[r] = f
	}
	return m
}()

// lamAlef maps the alef after a lam to the isolated form of their ligature
// (the final form follows it).
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

// transparent reports whether r is a mark that Arabic joining looks through.
func transparent(r rune) bool {
	return r >= 0x064B && r <= 0x065F || r == 0x0670 || r >= 0x06D6 && r <= 0x06ED
}

// joinsForward reports whether the letter r connects to the letter after it.
func joinsForward(r rune) bool {
	if r == 0x0640 || r == 0x200D { // tatweel, zero-width joiner
		return true
	}
	return arabicForms[r].join == joinDual
}

// joinsBack reports whether the letter r connects to the letter before it.
func joinsBack(r rune) bool {
	if r == 0x0640 || r == 0x200D {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f.join != joinNone
}

// shapeArabic returns the presentation form of each rune of rs in context,
// or 0 where it stays as it is; a lam that forms a ligature with the alef
// after it gets the ligature and the alef -1 (dropped).
func shapeArabic(rs []rune) []rune {
	out := make([]rune, len(rs))
	// prev and next letters, skipping transparent marks.
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !transparent(rs[j]) {
				return rs[j]
			}
		}
		return 0
	}
	for i, r := range rs {
		f, ok := arabicForms[r]
		if !ok || out[i] == -1 {
			continue
		}
		prev, next := neighbour(i, -1), neighbour(i, 1)
		back := f.join != joinNone && joinsForward(prev)
		if r == 0x0644 {
			if lig, ok := lamAlef[next]; ok {
				if back {
					lig++ // final form
				}
				out[i] = lig
				for j := i + 1; j < len(rs); j++ {
					if !transparent(rs[j]) {
						out[j] = -1
						break
					}
				}
				continue
			}
		}
		fwd := f.join == joinDual && joinsBack(next)
		switch {
		case back && fwd:
			out[i] = f.isolated + 3
		case fwd:
			out[i] = f.isolated + 2
		case back:
			out[i] = f.isolated + 1
		default:
			out[i] = f.isolated
		}
	}
	return out
}

// rtl reports whether r is a strong right-to-left character.
func rtl(r rune) bool {
	switch {
	case r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFC:
		return true
	case r >= 0x0590 && r <= 0x08FF:
		// Arabic-Indic digits read left to right, as numbers do.
		return !unicode.Is(unicode.Mn, r) && !unicode.IsDigit(r)
	}
	return false
}

// strongLTR reports whether r is a strong left-to-right character (a
// letter or digit of another script).
func strongLTR(r rune) bool {
	return !rtl(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// hasRTL reports whether s holds right-to-left text: a quick test on the
// UTF-8 lead bytes of U+0590…U+08FF and U+FB1D…U+FEFF.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0xD6 && c <= 0xE0 || c == 0xEF && i+1 < len(s) && s[i+1] >= 0xAC && s[i+1] <= 0xBB {
			for _, r := range s {
				if rtl(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// paraDir is the direction of a paragraph of text by its first strong
// character (rule P2, digits being weak): 1 right to left, -1 left to
// right, 0 when it has none.
func paraDir(text string) int8 {
	for _, r := range text {
		switch {
		case rtl(r):
			return 1
		case strongLTR(r) && !unicode.IsDigit(r):
			return -1
		}
	}
	return 0
}

// setPara marks ls as lines of a paragraph of direction dir.
func setPara(ls []line, dir int8) {
	for i := range ls {
		ls[i].para = dir
	}
}

// mirror swaps paired punctuation in right-to-left runs.
var mirror = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// visual returns the line in drawing order, and whether it reads right to
// left (its paragraph's first strong character is right-to-left), in which
// case it is to be aligned right. Lines of left-to-right paragraphs
// without right-to-left text come back as they are.
func visual(l line) (line, bool) {
	isRTL := false
	for _, p := range l.pieces {
		if hasRTL(p.text()) {
			isRTL = true
			break
		}
	}
	if !isRTL && l.para != 1 {
		return l, false
	}
	type cell struct {
		f    *face
		r    rune
		w    int
		dir  int8 // 1 right-to-left, -1 left-to-right, 0 neutral
		mark int
	}
	var cs []cell
	for _, p := range l.pieces {
		for _, r := range p.text() {
			c := cell{f: p.face, r: r, w: p.face.width(r), mark: p.mark}
			switch {
			case rtl(r):
				c.dir = 1
			case strongLTR(r):
				c.dir = -1
			}
			cs = append(cs, c)
		}
	}
	// The line's direction is its paragraph's (rule P2: the paragraph's
	// first strong character, digits being weak), so that a wrapped line
	// of Arabic that starts with a Latin word still reads right to left;
	// a line on its own takes its own first letter's.
	para := l.para
	if para == 0 {
		para = -1
		for _, c := range cs {
			if c.dir != 0 && !unicode.IsDigit(c.r) {
				para = c.dir
				break
			}
		}
	}
	// Neutrals between two characters of the same direction take it;
	// others take the paragraph's. Marks take their base's.
	for i := range cs {
		if cs[i].dir != 0 {
			continue
		}
		before, after := para, para
		for j := i - 1; j >= 0; j-- {
			if cs[j].dir != 0 {
				before = cs[j].dir
				break
			}
		}
		for j := i + 1; j < len(cs); j++ {
			if cs[j].dir != 0 {
				after = cs[j].dir
				break
			}
		}
		if unicode.Is(unicode.Mn, cs[i].r) && i > 0 {
			cs[i].dir = before
		} else if before == after {
			cs[i].dir = before
		} else {
			cs[i].dir = para
		}
		if cs[i].dir == 0 {
			cs[i].dir = para
		}
	}
	// Split into runs; reverse right-to-left runs (keeping marks after
	// their base) and, in a right-to-left line, the order of the runs.
	var runs [][]cell
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && cs[j].dir == cs[i].dir {
			j++
		}
		run := cs[i:j]
		if run[0].dir == 1 {
			rev := make([]cell, 0, len(run))
			for k := len(run); k > 0; {
				start := k - 1
				for start > 0 && unicode.Is(unicode.Mn, run[start].r) {
					start--
				}
				rev = append(rev, run[start:k]...)
				k = start
			}
			for k := range rev {
				if m, ok := mirror[rev[k].r]; ok {
					rev[k].r = m
				}
			}
			run = rev
		}
		runs = append(runs, run)
		i = j
	}
	if para == 1 {
		for a, b := 0, len(runs)-1; a < b; a, b = a+1, b-1 {
			runs[a], runs[b] = runs[b], runs[a]
		}
	}
	var out line
	buf := make([]byte, 0, 4)
	for _, run := range runs {
		for _, c := range run {
			buf = utf8.AppendRune(buf[:0], c.r)
			pc := newPiece(c.f, string(buf), c.w)
			pc.mark = c.mark
			out.pieces = appendPiece(out.pieces, pc)
			out.w += c.w
		}
	}
	return out, para == 1
}
