package docview

import (
	"bytes"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
)

// faceSet tells which of the fonts Fyne's text shaper tries in turn draws a
// code point: the theme's text font, the emoji font, the symbol font, or
// one found on the system. Fyne lays the stretches of one canvas.Text that
// fall to different fonts side by side in logical order, which is the
// wrong order for right-to-left text, so a right-to-left run is drawn as
// one canvas.Text per stretch (see pieces).
type faceSet struct {
	faces []*font.Face // in the order the shaper tries them
	class map[rune]int8
}

var (
	parsedMu sync.Mutex
	parsed   = map[fyne.Resource]*font.Face{}
)

func parseFont(r fyne.Resource) *font.Face {
	if r == nil {
		return nil
	}
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if f, ok := parsed[r]; ok {
		return f
	}
	f, err := font.ParseTTF(bytes.NewReader(r.Content()))
	if err != nil {
		f = nil
	}
	parsed[r] = f
	return f
}

// newFaceSet returns the fonts the shaper tries for the theme's regular
// text, as Fyne v2.8 orders them.
func newFaceSet(th fyne.Theme) *faceSet {
	fs := &faceSet{class: map[rune]int8{}}
	for _, r := range []fyne.Resource{th.Font(fyne.TextStyle{}), theme.DefaultTextFont(), theme.DefaultEmojiFont(), theme.DefaultSymbolFont()} {
		if f := parseFont(r); f != nil {
			fs.faces = append(fs.faces, f)
		}
	}
	return fs
}

// classOf returns the index of the first font that has r, or len(faces)
// for a font found on the system.
func (fs *faceSet) classOf(r rune) int8 {
	if c, ok := fs.class[r]; ok {
		return c
	}
	c := int8(len(fs.faces))
	for i, f := range fs.faces {
		if _, ok := f.NominalGlyph(r); ok {
			c = int8(i)
			break
		}
	}
	fs.class[r] = c
	return c
}

// keepsFace reports whether r never makes the shaper change font: spaces,
// controls and default-ignorable characters stay in the font before them.
func keepsFace(r rune) bool {
	if r < 0x80 {
		return r <= ' ' || r == 0x7f
	}
	return unicode.In(r, unicode.Zs, unicode.Cc, unicode.Zl, unicode.Zp) && r != 0x1680 || harfbuzz.IsDefaultIgnorable(r)
}

// scriptOf returns a number for the script of r, 0 for characters that
// belong to any script (punctuation, marks, digits).
func scriptOf(r rune) int {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return 1
		}
		return 0
	case unicode.In(r, unicode.Common, unicode.Inherited):
		return 0
	case unicode.Is(unicode.Arabic, r):
		return 2
	case unicode.Is(unicode.Hebrew, r):
		return 3
	case unicode.Is(unicode.Syriac, r):
		return 4
	case unicode.Is(unicode.Thaana, r):
		return 5
	case unicode.Is(unicode.Nko, r):
		return 6
	case unicode.Is(unicode.Latin, r):
		return 1
	}
	return 7
}

// pieces calls f with the stretches of code points [s, e) of lt that the shaper draws in
// one font and one script, in logical order. Spaces at the start of a
// stretch are a stretch of their own: the shaper would split them off and
// put them first, on the left.
func (fs *faceSet) pieces(lt *lineText, s, e int, f func(a, b int)) {
	a, face, script := s, int8(-1), 0
	for i := s; i < e; i++ {
		r := lt.r(i)
		if keepsFace(r) {
			continue
		}
		c, sc := fs.classOf(r), scriptOf(r)
		switch {
		case face < 0:
			if i > a {
				f(a, i)
				a = i
			}
			face, script = c, sc
		case c != face || sc != 0 && script != 0 && sc != script:
			f(a, i)
			a, face, script = i, c, sc
		case script == 0:
			script = sc
		}
	}
	f(a, e)
}
