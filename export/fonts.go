package export

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// style is a typeface variant of the briefing's text.
type style uint8

const (
	regular style = iota
	bold
	italic
	boldItalic
	medium
	numStyles
)

// face is one TrueType font the briefing draws with: its bytes for gofpdf
// and, from its own tables, which code points of the Basic Multilingual
// Plane it covers and how wide they are. gofpdf handles nothing beyond the
// BMP, so neither does such a face; a vector face (see glyphs.go) draws a
// font's glyphs as outlines instead, in any plane.
type face struct {
	family string // gofpdf family name
	style  string // gofpdf style: "", "B", "I" or "BI"
	ttf    []byte
	cover  []uint64 // bit r set when the font has a glyph for rune r
	widths []uint16 // advance of rune r in thousandths of an em, as gofpdf computes it
	vector *vectorFont
}

// covers reports whether the face has a glyph for r.
func (f *face) covers(r rune) bool {
	if f.vector != nil {
		return f.vector.glyph(r).ok
	}
	return r >= 0 && r < 0x10000 && f.cover[r>>6]&(1<<(uint(r)&63)) != 0
}

// width returns the advance of r in thousandths of an em.
func (f *face) width(r rune) int {
	if f.vector != nil {
		return f.vector.glyph(r).adv
	}
	if r < 0 || r >= 0x10000 {
		return 0
	}
	return int(f.widths[r])
}

// advance returns the width of s in thousandths of an em.
func (f *face) advance(s string) int {
	w := 0
	if f.vector != nil {
		for _, r := range s {
			w += f.width(r)
		}
		return w
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			w += int(f.widths[c])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w += f.width(r)
		i += n
	}
	return w
}

// newFace reads a TrueType font. Fonts gofpdf cannot embed (OpenType with
// CFF outlines, collections, fonts without a BMP cmap) are refused.
func newFace(family, style string, ttf []byte) (fc *face, err error) {
	if len(ttf) < 4 || !(bytes.Equal(ttf[:4], []byte{0, 1, 0, 0}) || string(ttf[:4]) == "true") {
		return nil, fmt.Errorf("not a TrueType font")
	}
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, err
	}
	// gofpdf's own parser must accept the font too; a font it chokes on
	// would poison the whole document, so try it on a scratch PDF first.
	defer func() {
		if r := recover(); r != nil {
			fc, err = nil, fmt.Errorf("font rejected: %v", r)
		}
	}()
	scratch := gofpdf.New("P", "mm", "A4", "")
	scratch.AddUTF8FontFromBytes("probe", "", ttf)
	if err := scratch.Error(); err != nil {
		return nil, fmt.Errorf("font rejected: %w", err)
	}

	fc = &face{family: family, style: style, ttf: ttf, cover: make([]uint64, 0x10000/64), widths: make([]uint16, 0x10000)}
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	if upem == 0 {
		return nil, fmt.Errorf("font has no units per em")
	}
	ppem := fixed.Int26_6(upem << 6)
	for r := rune(1); r < 0x10000; r++ {
		if r >= 0xD800 && r <= 0xDFFF || r == 0xFFFF {
			continue
		}
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, g, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		fc.cover[r>>6] |= 1 << (uint(r) & 63)
		// gofpdf: round(advance * 1000 / unitsPerEm).
		w := (int(adv>>6)*1000*2 + upem) / (2 * upem)
		fc.widths[r] = uint16(w)
	}
	return fc, nil
}

// goFaces are the Go fonts, the briefing's own typefaces, indexed by style.
var goFaces = sync.OnceValues(func() ([numStyles]*face, error) {
	var fs [numStyles]*face
	for _, f := range []struct {
		s      style
		family string
		style  string
		ttf    []byte
	}{
		{regular, "go", "", goregular.TTF},
		{bold, "go", "B", gobold.TTF},
		{italic, "go", "I", goitalic.TTF},
		{boldItalic, "go", "BI", gobolditalic.TTF},
		{medium, "gomedium", "", gomedium.TTF},
	} {
		fc, err := newFace(f.family, f.style, f.ttf)
		if err != nil {
			return fs, fmt.Errorf("go font %s%s: %w", f.family, f.style, err)
		}
		fs[f.s] = fc
	}
	return fs, nil
})

// fallbackFiles caches fallback fonts by path across exports: a font file
// is read and checked once per process. A nil entry is a file that could
// not be used.
var fallbackFiles = struct {
	sync.Mutex
	m map[string]*face
}{m: map[string]*face{}}

// fontconfigCache caches SystemFont's answers.
var fontconfigCache = struct {
	sync.Mutex
	m map[rune]string
}{m: map[rune]string{}}

// SystemFont asks fontconfig for a font that has a glyph for r and returns
// its path, or "" when fontconfig is missing or has no such font. Answers
// are cached for the life of the process.
func SystemFont(r rune) string {
	fontconfigCache.Lock()
	path, ok := fontconfigCache.m[r]
	fontconfigCache.Unlock()
	if ok {
		return path
	}
	out, err := exec.Command("fc-match", "-f", "%{file}", fmt.Sprintf(":charset=%x", r)).Output()
	if err == nil {
		path = strings.TrimSpace(string(out))
	}
	fontconfigCache.Lock()
	fontconfigCache.m[r] = path
	fontconfigCache.Unlock()
	return path
}

// maxFontLookups bounds how many characters one export looks up in the
// system's fonts, so that text full of rare characters stays quick.
const maxFontLookups = 256

// fontSet chooses, for every character of an export, the face that draws
// it: the Go font of the requested style, else a system fallback font that
// this export has already loaded, else one found through FindFont; a
// character above U+FFFF, or one whose font gofpdf cannot embed, is drawn
// from its font's outlines. A character no font can show becomes a
// visible marker such as [U+1F600].
type fontSet struct {
	primary   [numStyles]*face
	fallbacks []*face
	vectors   []*face // fonts drawn as outlines
	find      func(rune) string
	lookups   int
	missing   map[rune]bool // looked up in vain
}

func newFontSet(find func(rune) string) (*fontSet, error) {
	primary, err := goFaces()
	if err != nil {
		return nil, err
	}
	if find == nil {
		find = SystemFont
	}
	return &fontSet{primary: primary, find: find, missing: map[rune]bool{}}, nil
}

// seg is a run of text drawn in one face.
type seg struct {
	face *face
	text string
	mark int // see piece
}

// ignorable reports whether r is an invisible formatting character that
// may be left out when no font has it: zero-width spaces and joiners,
// direction marks, variation selectors, the byte order mark, soft hyphens.
func ignorable(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x180E:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r == 0xFEFF:
		return true
	}
	return false
}

// marker is what the briefing shows for a character no font can draw.
func marker(r rune) string { return fmt.Sprintf("[U+%04X]", r) }

// faceFor returns the face that draws r in style st, or nil.
func (fs *fontSet) faceFor(r rune, st style) *face {
	if p := fs.primary[st]; p.covers(r) {
		return p
	}
	if r >= 0x10000 {
		return fs.vectorFace(r, "")
	}
	for _, f := range fs.fallbacks {
		if f.covers(r) {
			return f
		}
	}
	if fs.missing[r] || fs.lookups >= maxFontLookups {
		return nil
	}
	fs.lookups++
	path := fs.find(r)
	if path == "" {
		fs.missing[r] = true
		return nil
	}
	f := loadFallback(path)
	if f == nil {
		// A font gofpdf cannot embed may still be drawn from its outlines.
		return fs.vectorFace(r, path)
	}
	if !f.covers(r) {
		fs.missing[r] = true
		return nil
	}
	for _, g := range fs.fallbacks {
		if g == f {
			fs.missing[r] = true
			return nil
		}
	}
	fs.fallbacks = append(fs.fallbacks, f)
	return f
}

// loadFallback reads a fallback font once per process.
func loadFallback(path string) *face {
	fallbackFiles.Lock()
	defer fallbackFiles.Unlock()
	if f, ok := fallbackFiles.m[path]; ok {
		return f
	}
	var f *face
	if b, err := os.ReadFile(path); err == nil {
		f, _ = newFace("", "", b) // the PDF writer names it
	}
	fallbackFiles.m[path] = f
	return f
}

// segments splits s into runs of text that one face each can draw, in
// style st. Tabs become spaces and line breaks, which callers handle
// before, become spaces too; characters outside the Basic Multilingual
// Plane, control characters and characters no font has become markers,
// drawn in the primary face; invisible formatting characters no font has
// are left out. No string that reaches gofpdf holds a rune above U+FFFF:
// those are in pieces of vector faces, which are drawn as outlines.
func (fs *fontSet) segments(s string, st style) []seg {
	if p := fs.primary[st]; plainLTRIn(p, s) {
		if s == "" {
			return nil
		}
		return []seg{{face: p, text: s}} // the common case: all of s as it is
	}
	return fs.segmentsOneByOne(s, st)
}

// segmentsOneByOne is segments, character by character.
func (fs *fontSet) segmentsOneByOne(s string, st style) []seg {
	var out []seg
	var cur *face
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, seg{face: cur, text: b.String()})
			b.Reset()
		}
	}
	put := func(f *face, text string) {
		if f != cur {
			flush()
			cur = f
		}
		b.WriteString(text)
	}
	primary := fs.primary[st]
	emit := func(r rune) {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x2028 || r == 0x2029:
			put(primary, " ")
			return
		case r == unicode.ReplacementChar || unicode.IsControl(r) || r >= 0xD800 && r <= 0xDFFF:
			if f := fs.faceFor(r, st); f != nil && r == unicode.ReplacementChar {
				put(f, string(r))
			} else {
				put(primary, marker(r))
			}
			return
		case r == 0x00AD:
			return // a soft hyphen is a hint for hyphenation, which the layout does not do
		}
		if f := fs.faceFor(r, st); f != nil {
			put(f, string(r))
		} else if !ignorable(r) {
			put(primary, marker(r))
		}
	}
	if !hasRTL(s) {
		for _, r := range s {
			emit(r)
		}
	} else {
		// Arabic letters take their contextual forms where a font has them.
		rs := []rune(s)
		shaped := shapeArabic(rs)
		for i, r := range rs {
			switch sh := shaped[i]; {
			case sh == -1:
				// The alef of a lam-alef ligature, unless no font has the ligature.
				if j := i - 1; j >= 0 && shaped[j] > 0 && fs.faceFor(shaped[j], st) == nil {
					emit(r)
				}
			case sh > 0 && fs.faceFor(sh, st) != nil:
				emit(sh)
			default:
				emit(r)
			}
		}
	}
	flush()
	return out
}

// plainLTRIn reports whether face f draws every character of s as it
// is (none is to be replaced, dropped or drawn from another face) and s
// has no right-to-left character (see hasRTL).
func plainLTRIn(f *face, s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || !f.covers(rune(c)) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if rtl(r) || !plainRune(f, r) {
			return false
		}
		i += n
	}
	return true
}

// plainRune reports whether face f draws r as it is.
func plainRune(f *face, r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0, r == 0x00AD, r == 0x2028, r == 0x2029,
		r == unicode.ReplacementChar, r >= 0xD800 && r <= 0xDFFF:
		return false
	}
	return f.covers(r)
}

// sanitize returns s fit for the strings gofpdf encodes itself rather
// than drawing with a face (document metadata, bookmarks): line breaks and
// tabs become spaces, characters outside the Basic Multilingual Plane and
// control characters become markers.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case r >= 0x10000 || unicode.IsControl(r) || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFF:
			b.WriteString(marker(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
