package export

// Text and filled rectangles written straight into the page, byte for
// byte as gofpdf's Text and Rect write them. gofpdf formats every string
// it draws with Sprintf, converts it to UTF-16 through a fresh string,
// escapes it with four Replace calls and records each of its characters
// in the font's map of used runes: most of a long briefing's drawing
// time. The operators are simple, so the briefing writes them itself
// with RawWriteStr. Only gofpdf knows which characters go into a font's
// subset, so the first string that uses a character of a face still goes
// through Text, which records it; strings whose characters are all
// recorded are written directly.
//
// This holds for gofpdf's state the briefing draws in: UTF-8 TrueType
// faces only, no right-to-left mode, no underline or strike-out styles,
// RGB colours.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// directDraw turns the direct writing on; tests turn it off to compare.
var directDraw = true

// directWrites counts the strings and fills written directly, for tests.
var directWrites atomic.Int64

// directPen is what the direct writer keeps between calls.
type directPen struct {
	known     map[*face][]uint64 // the characters gofpdf has recorded, by face
	lastFace  *face
	lastKnown []uint64
	colorOps  map[rgb]string // gofpdf's operators for text colours
	buf       []byte
	writes    int64 // strings and fills written directly
}

// recorded returns the set of characters gofpdf has recorded for f.
func (p *directPen) recorded(f *face) []uint64 {
	if f == p.lastFace {
		return p.lastKnown
	}
	if p.known == nil {
		p.known = map[*face][]uint64{}
	}
	k := p.known[f]
	if k == nil {
		k = make([]uint64, 0x10000/64)
		p.known[f] = k
	}
	p.lastFace, p.lastKnown = f, k
	return k
}

// text draws s in face f (the font gofpdf has current) with its baseline
// origin at x, y, as gofpdf's Text does.
func (w *pdfWriter) text(x, y float64, f *face, s string) {
	known := w.pen.recorded(f)
	if !directDraw || !allRecorded(known, s) || math.IsInf(x, 0) || math.IsNaN(x) || math.IsInf(y, 0) || math.IsNaN(y) {
		w.syncTextColor()
		w.pdf.Text(x, y, s)
		for _, r := range s {
			if r >= 0 && r < 0x10000 {
				known[r>>6] |= 1 << (uint(r) & 63)
			}
		}
		return
	}
	k := w.pdf.GetConversionRatio()
	_, h := w.pdf.GetPageSize()
	fr, fg, fb := w.pdf.GetFillColor()
	colored := w.textColor != rgb{fr, fg, fb} // gofpdf's colorFlag
	b := w.pen.buf[:0]
	if colored {
		b = append(b, "q "...)
		b = append(b, w.pen.textColorOp(w.textColor)...)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = appendF2(b, x*k)
	b = append(b, ' ')
	b = appendF2(b, (h-y)*k)
	b = append(b, " Td ("...)
	b = appendUTF16Escaped(b, s)
	b = append(b, ") Tj ET"...)
	if colored {
		b = append(b, " Q"...)
	}
	w.pen.buf = b
	w.pen.writes++
	// RawWriteStr copies the string into the page before b is reused.
	w.pdf.RawWriteStr(unsafe.String(unsafe.SliceData(b), len(b)))
}

// fillRect fills a rectangle in the current fill colour, as gofpdf's
// Rect with style "F" does.
func (w *pdfWriter) fillRect(x, y, width, h float64) {
	if !directDraw {
		w.pdf.Rect(x, y, width, h, "F")
		return
	}
	k := w.pdf.GetConversionRatio()
	_, ph := w.pdf.GetPageSize()
	b := w.pen.buf[:0]
	b = appendF2(b, x*k)
	b = append(b, ' ')
	b = appendF2(b, (ph-y)*k)
	b = append(b, ' ')
	b = appendF2(b, width*k)
	b = append(b, ' ')
	b = appendF2(b, -h*k)
	b = append(b, " re f"...)
	w.pen.buf = b
	w.pen.writes++
	w.pdf.RawWriteStr(unsafe.String(unsafe.SliceData(b), len(b)))
}

// textColorOp returns gofpdf's operator for text colour c (see its
// rgbColorValue): a grey level when the three are equal.
func (p *directPen) textColorOp(c rgb) string {
	if op, ok := p.colorOps[c]; ok {
		return op
	}
	if p.colorOps == nil {
		p.colorOps = map[rgb]string{}
	}
	r, g, b := float64(c.r)/255, float64(c.g)/255, float64(c.b)/255
	op := fmt.Sprintf("%.3f %.3f %.3f rg", r, g, b)
	if c.r == c.g && r == b {
		op = fmt.Sprintf("%.3f g", r)
	}
	p.colorOps[c] = op
	return op
}

// allRecorded reports whether every character of s is in known and s is
// valid UTF-8 within the Basic Multilingual Plane.
func allRecorded(known []uint64, s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if known[c>>6]&(1<<(c&63)) == 0 {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r >= 0x10000 || known[r>>6]&(1<<(uint(r)&63)) == 0 {
			return false
		}
		i += n
	}
	return true
}

// appendUTF16Escaped appends s as UTF-16BE with gofpdf's escapes for a
// PDF string: backslash, parentheses and carriage return, byte by byte.
func appendUTF16Escaped(b []byte, s string) []byte {
	b = slices.Grow(b, 2*len(s)+8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			b = appendUTF16EscapedRunes(b, s[i:])
			break
		}
		switch c {
		case '\\', '(', ')':
			b = append(b, 0, '\\', c)
		case '\r':
			b = append(b, 0, '\\', 'r')
		default:
			b = append(b, 0, c)
		}
	}
	return b
}

// appendUTF16EscapedRunes is appendUTF16Escaped past ASCII.
func appendUTF16EscapedRunes(b []byte, s string) []byte {
	for _, r := range s {
		hi, lo := byte(r>>8), byte(r)
		if escaped(hi) || escaped(lo) {
			b = appendEscaped(appendEscaped(b, hi), lo)
		} else {
			b = append(b, hi, lo)
		}
	}
	return b
}

// escaped reports whether a PDF string escapes byte c.
func escaped(c byte) bool { return c == '\\' || c == '(' || c == ')' || c == '\r' }

// appendEscaped appends c to a PDF string, escaped as gofpdf does.
func appendEscaped(b []byte, c byte) []byte {
	switch c {
	case '\\', '(', ')':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	}
	return append(b, c)
}

// appendF2 appends v as fmt's %.2f writes it, which is what gofpdf writes
// coordinates with. strconv takes its slow, exact path for a fixed number
// of decimals; for the coordinates of a page, v×100 is exact enough to
// round directly, except within a hair of a tie, which strconv decides.
func appendF2(b []byte, v float64) []byte {
	if !(v > -1e6 && v < 1e6) {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	if math.Signbit(v) {
		b = append(b, '-')
		v = -v
	}
	x := v * 100
	n := math.Floor(x)
	if frac := x - n; frac > 0.5-1e-6 && frac < 0.5+1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	} else if frac > 0.5 {
		n++
	}
	i := int64(n)
	b = strconv.AppendInt(b, i/100, 10)
	return append(b, '.', byte('0'+i%100/10), byte('0'+i%10))
}
