package docview

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/fontscan"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"gloss/app/docview/bidi"
)

// wordShaper shapes words the way Fyne's text shaper does, with go-text's
// HarfBuzz port and the same fonts tried in the same order (the theme's
// text font, Fyne's default, its emoji and symbol fonts, the system's
// sans-serif face for the locale, then a system font per script), but on
// any goroutine and in one pass per word: Fyne has no call that returns
// glyph positions, so measuring a word's letters through it takes a call
// per letter, on the UI goroutine. Where the faces chosen could differ
// from Fyne's (its choice of system fonts depends on what it met first),
// the advance cache compares each letter's advance alone with Fyne's and
// measures the word through Fyne if they differ (see advanceCache.word).
//
// A wordShaper is not safe for concurrent use.
type wordShaper struct {
	faces  []*font.Face
	faceOf map[rune]*font.Face // the face of a rune found in faces (which only grow)
	fonts  map[*font.Font]*harfbuzz.Font
	seg    shaping.Segmenter
	buf    *harfbuzz.Buffer
	langs  map[language.Script]language.Language // the language the segmenter gives a script's runs
	runs   []shaping.Input
	system bool // the system's face for the locale has been added
}

var (
	systemFontsOnce sync.Once
	systemFontsMu   sync.Mutex // fontscan.FontMap is not safe for concurrent use
	systemFonts     *fontscan.FontMap
)

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// PreloadFonts loads the map of the system's fonts, where the reading
// view looks for a script its theme's fonts lack, so that a first word of
// Arabic rarely waits for it. It takes a while (fontscan checks its index
// against every font file) and is best run on a goroutine once the window
// is up; without it, the map is loaded when first needed.
func PreloadFonts() { systemFontMap() }

// systemFontMap returns the map of the system's fonts, loaded once (from
// fontscan's index in the user's cache directory), or nil.
func systemFontMap() *fontscan.FontMap {
	systemFontsOnce.Do(func() {
		fm := fontscan.NewFontMap(quietLogger{})
		if err := fm.UseSystemFonts(""); err == nil {
			systemFonts = fm
		}
	})
	return systemFonts
}

// newWordShaper returns a shaper for the regular text of theme th.
func newWordShaper(th fyne.Theme) *wordShaper {
	ws := &wordShaper{fonts: map[*font.Font]*harfbuzz.Font{}, buf: harfbuzz.NewBuffer(),
		faceOf: map[rune]*font.Face{}, langs: map[language.Script]language.Language{}}
	add := func(r fyne.Resource) {
		if f := parseFont(r); f != nil {
			ws.faces = append(ws.faces, f)
		}
	}
	text := th.Font(fyne.TextStyle{})
	add(text)
	if text != theme.DefaultTextFont() {
		add(theme.DefaultTextFont())
	}
	if e := theme.DefaultEmojiFont(); e != nil {
		add(e)
	}
	add(theme.DefaultSymbolFont())
	if len(ws.faces) == 0 {
		return nil
	}
	return ws
}

// addLocaleFace adds the system's sans-serif face for the locale, which
// Fyne tries after its own fonts, the first time a code point is not in
// them (loading the system's fonts then, as Fyne does).
func (ws *wordShaper) addLocaleFace() {
	ws.system = true
	fm := systemFontMap()
	if fm == nil {
		return
	}
	systemFontsMu.Lock()
	defer systemFontsMu.Unlock()
	fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}, Aspect: font.Aspect{Style: font.StyleNormal}})
	l, _ := language.NewLangID(language.NewLanguage(lang.SystemLocale().LanguageString()))
	if f := fm.ResolveFaceForLang(l); f != nil {
		ws.faces = append(ws.faces, f)
	}
}

// ResolveFace returns the face r is drawn in, as Fyne's font map does:
// the first face that has it, else a system font found for it (and kept
// for the runes after), else the first face.
func (ws *wordShaper) ResolveFace(r rune) *font.Face {
	if f, ok := ws.faceOf[r]; ok {
		return f
	}
	for pass := 0; pass < 2; pass++ {
		for _, f := range ws.faces {
			if _, ok := f.NominalGlyph(r); ok {
				if len(ws.faceOf) < 1<<16 {
					ws.faceOf[r] = f
				}
				return f
			}
		}
		if ws.system {
			break
		}
		ws.addLocaleFace()
	}
	if fm := systemFontMap(); fm != nil {
		systemFontsMu.Lock()
		fm.SetQuery(fontscan.Query{Families: []string{fontscan.SansSerif}})
		fm.SetScript(language.LookupScript(r))
		f := fm.ResolveFace(r)
		systemFontsMu.Unlock()
		if f != nil {
			ws.faces = append(ws.faces, f)
			return f
		}
	}
	return ws.faces[0]
}

// shape measures rs at size: it returns the advance of the whole, in
// 1/64 px, and (when clusters is not nil) adds the advance of each glyph
// cluster to clusters at the cluster's first code point and sets starts
// there.
func (ws *wordShaper) shape(rs []rune, size float32, clusters []int32, starts []bool) int32 {
	if len(rs) == 0 {
		return 0
	}
	in := shaping.Input{
		Text: rs, RunStart: 0, RunEnd: len(rs),
		Direction: di.DirectionLTR,
		Face:      ws.ResolveFace(' '),
		Size:      fixed.Int26_6(float64(size) * 64),
	}
	var total int32
	for _, run := range ws.split(in) {
		hf := ws.fonts[run.Face.Font]
		if hf == nil {
			hf = harfbuzz.NewFont(run.Face)
			ws.fonts[run.Face.Font] = hf
		}
		hf.XScale = int32(run.Size.Ceil()) << 6
		hf.YScale = hf.XScale
		ws.buf.Clear()
		ws.buf.AddRunes(run.Text, run.RunStart, run.RunEnd-run.RunStart)
		ws.buf.Props.Direction = run.Direction.Harfbuzz()
		ws.buf.Props.Language = run.Language
		ws.buf.Props.Script = run.Script
		ws.buf.Shape(hf, nil)
		for i, g := range ws.buf.Info {
			a := ws.buf.Pos[i].XAdvance
			total += a
			if clusters != nil && g.Cluster >= 0 && g.Cluster < len(clusters) {
				clusters[g.Cluster] += a
				starts[g.Cluster] = true
			}
		}
	}
	return total
}

// split cuts in into runs of one direction, script and face, as Fyne's
// segmenter does. A word written right to left in one script and one face
// throughout, the common case in Arabic or Hebrew text, is one run; the
// segmenter is asked only for the first such word of each script, for the
// language it gives the run.
func (ws *wordShaper) split(in shaping.Input) []shaping.Input {
	rs := in.Text
	script := language.LookupScript(rs[0])
	face := ws.ResolveFace(rs[0])
	pure := bidiClass(rs[0]) == bidiStrongRTL
	for _, r := range rs[1:] {
		if !pure {
			break
		}
		sc := language.LookupScript(r)
		switch bidiClass(r) {
		case bidiStrongRTL:
			pure = sc == script
		case bidiMark:
			pure = sc == script || sc == language.Inherited
		default:
			pure = false
		}
		pure = pure && ws.ResolveFace(r) == face
	}
	lang, known := ws.langs[script]
	if !pure || !known {
		runs := ws.seg.Split(in, ws)
		if pure && len(runs) == 1 && runs[0].Direction == di.DirectionRTL && runs[0].Script == script && runs[0].Face == face {
			ws.langs[script] = runs[0].Language
		}
		return runs
	}
	in.Direction, in.Script, in.Language, in.Face = di.DirectionRTL, script, lang, face
	ws.runs = append(ws.runs[:0], in)
	return ws.runs
}

const (
	bidiOther = iota
	bidiStrongRTL
	bidiMark
)

// bidiClass sorts r for split: a right-to-left letter, a non-spacing
// mark, or anything else.
func bidiClass(r rune) int {
	switch bidi.ClassOf(r) {
	case bidi.R, bidi.AL:
		return bidiStrongRTL
	case bidi.NSM:
		return bidiMark
	}
	return bidiOther
}
