package export

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// gofpdf embeds only TrueType fonts and only their Basic Multilingual
// Plane: emoji and the other characters above U+FFFF, and characters whose
// only font on the system is one it cannot embed (OpenType with CFF
// outlines, a collection), would be markers. The briefing draws those
// from the font's outlines instead, as vector paths in the text's colour,
// each wrapped in a marked-content span whose ActualText is the
// character, over an invisible letter, so that copying the text or
// pdftotext still gives the character itself.

// vectorFont is a font whose glyphs the briefing draws as outlines.
type vectorFont struct {
	font *sfnt.Font
	upem int

	mu     sync.Mutex
	buf    sfnt.Buffer
	glyphs map[rune]vectorGlyph
}

// vectorGlyph is what a vectorFont knows of one character.
type vectorGlyph struct {
	index sfnt.GlyphIndex
	adv   int // advance in thousandths of an em
	ok    bool
}

// newVectorFont reads a font file (a collection's first font) whose
// outlines sfnt can read, TrueType or CFF.
func newVectorFont(data []byte) (*vectorFont, error) {
	var f *sfnt.Font
	var err error
	if len(data) >= 4 && string(data[:4]) == "ttcf" {
		c, cerr := sfnt.ParseCollection(data)
		if cerr != nil {
			return nil, cerr
		}
		f, err = c.Font(0)
	} else {
		f, err = sfnt.Parse(data)
	}
	if err != nil {
		return nil, err
	}
	upem := int(f.UnitsPerEm())
	if upem == 0 {
		return nil, fmt.Errorf("font has no units per em")
	}
	return &vectorFont{font: f, upem: upem, glyphs: map[rune]vectorGlyph{}}, nil
}

// glyph returns the font's glyph for r, looking it up once. A glyph
// sfnt cannot draw (a colour emoji's bitmap) counts as missing.
func (v *vectorFont) glyph(r rune) vectorGlyph {
	v.mu.Lock()
	defer v.mu.Unlock()
	if g, ok := v.glyphs[r]; ok {
		return g
	}
	var g vectorGlyph
	if gi, err := v.font.GlyphIndex(&v.buf, r); err == nil && gi != 0 {
		ppem := fixed.Int26_6(v.upem << 6)
		if adv, err := v.font.GlyphAdvance(&v.buf, gi, ppem, font.HintingNone); err == nil {
			if _, err := v.font.LoadGlyph(&v.buf, gi, ppem, nil); err == nil {
				g = vectorGlyph{index: gi, adv: (int(adv>>6)*1000*2 + v.upem) / (2 * v.upem), ok: true}
			}
		}
	}
	v.glyphs[r] = g
	return g
}

// outline returns the segments of r's glyph in thousandths of an em, the
// y axis down from the baseline.
func (v *vectorFont) outline(r rune) sfnt.Segments {
	g := v.glyph(r)
	if !g.ok {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	segs, err := v.font.LoadGlyph(&v.buf, g.index, fixed.Int26_6(v.upem<<6), nil)
	if err != nil {
		return nil
	}
	return append(sfnt.Segments(nil), segs...)
}

// vectorFiles caches vector fonts by path across exports; nil is a file
// that could not be used.
var vectorFiles = struct {
	sync.Mutex
	m map[string]*face
}{m: map[string]*face{}}

// loadVector returns the face that draws a font file's glyphs as outlines.
func loadVector(path string) *face {
	vectorFiles.Lock()
	defer vectorFiles.Unlock()
	if f, ok := vectorFiles.m[path]; ok {
		return f
	}
	var f *face
	if b, err := os.ReadFile(path); err == nil {
		if v, err := newVectorFont(b); err == nil {
			f = &face{vector: v}
		}
	}
	vectorFiles.m[path] = f
	return f
}

// vectorFace returns a face that draws r as an outline: one this export
// uses already, or one found through FindFont.
func (fs *fontSet) vectorFace(r rune, path string) *face {
	for _, f := range fs.vectors {
		if f.covers(r) {
			return f
		}
	}
	if path == "" {
		if fs.missing[r] || fs.lookups >= maxFontLookups {
			return nil
		}
		fs.lookups++
		path = fs.find(r)
	}
	if path == "" {
		fs.missing[r] = true
		return nil
	}
	f := loadVector(path)
	if f == nil || !f.covers(r) {
		fs.missing[r] = true
		return nil
	}
	fs.vectors = append(fs.vectors, f)
	return f
}

// drawVector draws a piece of vector glyphs with its baseline at base
// from x, in the current fill colour, and returns its width.
func (w *pdfWriter) drawVector(x, base float64, p piece, ts tstyle) {
	v := p.face.vector
	scale := ts.size / 1000 / ptPerMM // millimetres per thousandth of an em
	k := float64(1000) / float64(v.upem) / 64
	w.fill(ts.color)
	for _, r := range p.text() {
		g := v.glyph(r)
		if !g.ok {
			continue
		}
		w.actualText(x, base, r, mm(g.adv, ts.size), ts)
		segs := v.outline(r)
		at := func(pt fixed.Point26_6) (float64, float64) {
			return x + float64(pt.X)*k*scale, base + float64(pt.Y)*k*scale
		}
		open := false
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					w.pdf.ClosePath()
				}
				w.pdf.MoveTo(at(s.Args[0]))
				open = true
			case sfnt.SegmentOpLineTo:
				w.pdf.LineTo(at(s.Args[0]))
			case sfnt.SegmentOpQuadTo:
				cx, cy := at(s.Args[0])
				px, py := at(s.Args[1])
				w.pdf.CurveTo(cx, cy, px, py)
			case sfnt.SegmentOpCubeTo:
				c0x, c0y := at(s.Args[0])
				c1x, c1y := at(s.Args[1])
				px, py := at(s.Args[2])
				w.pdf.CurveBezierCubicTo(c0x, c0y, c1x, c1y, px, py)
			}
		}
		if open {
			w.pdf.ClosePath()
			// Non-zero winding, as TrueType and CFF outlines are drawn.
			w.pdf.DrawPath("F")
		}
		x += mm(g.adv, ts.size)
	}
}

// actualText writes r as text that is not drawn, in a marked-content
// span whose ActualText is r: what text extraction reads in the place of
// the glyph drawn as an outline.
func (w *pdfWriter) actualText(x, base float64, r rune, width float64, ts tstyle) {
	var hex strings.Builder
	hex.WriteString("FEFF")
	for _, u := range utf16.Encode([]rune{r}) {
		fmt.Fprintf(&hex, "%04X", u)
	}
	prim := w.fs.primary[regular]
	// The invisible letter is in the text's size, so that extraction
	// keeps it on its line, and stretched to the glyph's width, so that it
	// keeps the spacing.
	stretch := 100.0
	if ow := mm(prim.width('o'), ts.size); ow > 0 && width > 0 {
		stretch = 100 * width / ow
	}
	w.pdf.RawWriteStr("/Span <</ActualText <" + hex.String() + ">>> BDC")
	w.setFace(prim, ts.size)
	w.pdf.SetTextRenderingMode(3)
	w.pdf.RawWriteStr(fmt.Sprintf("%.1f Tz", stretch))
	w.syncTextColor()
	w.pdf.Text(x, base, "o")
	w.pdf.RawWriteStr("100 Tz")
	w.pdf.SetTextRenderingMode(0)
	w.pdf.RawWriteStr("EMC")
}
