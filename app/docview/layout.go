package docview

import (
	"math"
	"unicode"
)

// Line is one laid-out line: code points [Start, End) of the text. End stops
// before the paragraph's newline; a wrapped line keeps its trailing spaces.
type Line struct {
	Start, End int
	Y          float32 // top of the line box
	Width      float32 // drawn width, trailing spaces excluded
	ParaEnd    bool    // the last line of its paragraph
	RTL        bool    // its paragraph runs right to left: aligned right
}

// Metrics are the vertical measures of a layout.
type Metrics struct {
	LineHeight  float32 // height of a line of text
	ParaGap     float32 // extra space after each paragraph
	EmptyHeight float32 // height of an empty paragraph (a blank line)
}

// Layout is a text broken into lines for one width.
type Layout struct {
	Lines  []Line
	Width  float32 // the width lines were broken to
	Height float32
	Metrics
}

// LineHeightOf returns the height of line i's box (text only, no gap).
func (l *Layout) LineHeightOf(i int) float32 {
	ln := l.Lines[i]
	if ln.Start == ln.End && ln.ParaEnd {
		return l.EmptyHeight
	}
	return l.LineHeight
}

// wrap breaks t into lines no wider than width. Lines break at spaces
// (which hang past the margin), after hyphens and dashes, between
// ideographs, and, for a word longer than a line, between any two
// grapheme clusters. It is one pass over the segments; only a word longer
// than a line is measured again, code point by code point (holding the
// advance cache as the UI goroutine when ui is set).
func wrap(t *shapedText, width float32, m Metrics, ui bool) *Layout {
	if width < 1 {
		width = 1
	}
	// About as many lines as the text's width fills, plus the ragged
	// ends and the paragraphs.
	est := float64(t.width)/(float64(width)*64)*1.15 + float64(t.paras) + 16
	l := &Layout{Width: width, Metrics: m, Lines: make([]Line, 0, int(min(est, float64(t.n+1))))}
	// A width in 1/64 px fits when it is at most lim: x > width*64 holds
	// for whole x exactly when x > floor(width*64).
	lim := int32(min(math.Floor(float64(width)*64), math.MaxInt32))
	y := float32(0)
	rtl := false // the paragraph being broken runs right to left
	emit := func(start, end int, w int32, paraEnd bool) {
		l.Lines = append(l.Lines, Line{Start: start, End: end, Y: y, Width: float32(w) * (1.0 / 64), ParaEnd: paraEnd, RTL: rtl})
		switch {
		case start == end && paraEnd:
			y += m.EmptyHeight
		default:
			y += m.LineHeight
		}
		if paraEnd {
			y += m.ParaGap
		}
	}
	segs := t.segs
	var lt lineText // a word too long for a line, measured
	pos := 0        // the first code point of segment k
	for k := 0; k < len(segs); {
		ps := pos
		rtl = t.bidi.rtl(ps)
		lineStart := ps
		x, vis := int32(0), int32(0) // the pen, and the pen after the last body
		for {
			sg := segs[k]
			e := k // the last segment of the word
			switch f := sg.w; {
			case f&segTab != 0:
				x = toFixed32(tabStop(float32(x)*(1.0/64), t.tab))
				x += int32(sg.sp)
			case f&segRun != 0:
				// sp segments of one code point as wide as the width bits
				// (see seg), broken as they would be one by one, a line of
				// them at a time.
				a, p := int64(sg.width()), pos
				for left := int(sg.sp); left > 0; {
					if int64(x)+a > int64(lim) && p > lineStart {
						emit(lineStart, p, vis, false)
						lineStart, x = p, 0
					}
					fit := int64(1) // wider than a line on its own: it overflows one
					if room := int64(lim) - int64(x); room >= a {
						fit = min(room/a, int64(left))
					}
					x = int32(int64(x) + fit*a)
					vis = x
					p += int(fit)
					left -= int(fit)
				}
				pos = p // and n, 0, adds nothing below
			case f&segNoBody != 0:
				x += int32(sg.sp)
				if pos == lineStart {
					x -= t.kern0(k) // the line starts with a space
				}
			default:
				ww := sg.width()
				end := pos + int(sg.n)
				for segs[e].w&segGlue != 0 && e+1 < len(segs) {
					e++
					ww += segs[e].width()
					end += int(segs[e].n)
				}
				if pos == lineStart {
					ww -= t.kern0(k)
				}
				if x+ww > lim && pos > lineStart {
					emit(lineStart, pos, vis, false)
					lineStart, x = pos, 0
					ww -= t.kern0(k)
				}
				if x+ww <= lim {
					x += ww
					vis = x
				} else {
					// Longer than a line on its own: break between clusters.
					t.measureLine(pos, end, ui, &lt)
					for i := pos; i < end; i++ {
						r := lt.r(i)
						if r == '\n' || isBreakSpace(r) {
							break
						}
						a := int32(lt.adv[i-lt.start])
						if i == lineStart {
							a -= int32(lt.kern[i-lt.start])
						}
						if x+a > lim && i > lineStart && !t.isCont(i) {
							emit(lineStart, i, vis, false)
							lineStart, x = i, 0
							a = int32(lt.adv[i-lt.start] - lt.kern[i-lt.start])
						}
						x += a
						vis = x
					}
				}
				x += int32(segs[e].sp)
			}
			for ; k <= e; k++ {
				pos += int(segs[k].n)
			}
			if segs[e].w&segPara != 0 {
				pe := pos
				if k < len(segs) {
					pe-- // before the newline
				}
				emit(lineStart, pe, vis, true)
				break
			}
		}
	}
	if len(l.Lines) > 0 {
		y -= m.ParaGap // no gap after the last paragraph
	}
	l.Height = y
	return l
}

// tabStop returns the next tab stop after x.
func tabStop(x, tab float32) float32 {
	if tab <= 0 {
		return x
	}
	n := int(x/tab) + 1
	return float32(n) * tab
}

// isBreakSpace reports whether r is a space a line may break after.
func isBreakSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || r == '\t'
	}
	switch r {
	case 0x1680, 0x205f, 0x3000, 0x200b:
		return true
	}
	return r >= 0x2000 && r <= 0x200a && r != 0x2007
}

// isCombining reports whether r attaches to the character before it (a
// combining mark, joiner, variation selector or emoji modifier), so that no
// line break or caret position falls before it.
func isCombining(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r < 0x10000:
		return combiningBMP.has(r)
	case r >= 0x1f3fb && r <= 0x1f3ff, r >= 0xe0100 && r <= 0xe01ef:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me)
}

// bmpSet is a set of code points of the Basic Multilingual Plane, one bit
// each, for lookups in the line breaker's inner loop.
type bmpSet [0x10000 / 64]uint64

func (s *bmpSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(r&63)) != 0
}

func (s *bmpSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (r & 63)
	}
}

var combiningBMP, noBreakBeforeSet, noBreakAfterSet = func() (c, before, after *bmpSet) {
	c, before, after = new(bmpSet), new(bmpSet), new(bmpSet)
	for _, t := range []*unicode.RangeTable{unicode.Mn, unicode.Me} {
		for _, rg := range t.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				c.add(r)
			}
		}
	}
	c.add(0x200d) // zero-width joiner
	for r := rune(0xfe00); r <= 0xfe0f; r++ {
		c.add(r) // variation selectors
	}
	for _, r := range noBreakBefore {
		before.add(r)
	}
	for _, r := range noBreakAfter {
		after.add(r)
	}
	return c, before, after
}()

// isIdeographic reports whether r is written without spaces between words
// (Han, kana, Hangul, CJK symbols and fullwidth forms), so lines may break
// on either side of it.
func isIdeographic(r rune) bool {
	switch {
	case r < 0x2e80:
		return false
	case r <= 0x9fff, r >= 0xac00 && r <= 0xd7af, r >= 0xf900 && r <= 0xfaff,
		r >= 0xff00 && r <= 0xffef, r >= 0x20000 && r <= 0x3ffff:
		return true
	}
	return false
}

// noBreakBefore holds closing punctuation and small kana that must not start
// a line.
const noBreakBefore = "、。，．・：；！？）］｝」』】〕〉》ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.!?;:)]}’”…"

// noBreakAfter holds opening punctuation that must not end a line.
const noBreakAfter = "（［｛「『【〔〈《([{‘“"

func isLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}
