// Package docview is Gloss's reading view: a virtualised, word-wrapped,
// selectable view of a document that paints coded passages behind its text.
//
// The text is measured once per font size: every code point's advance and
// its kerning with the code point before come from a cache filled through
// the shaper (fyne.MeasureText), and words of contextually shaped scripts
// are shaped whole with the same fonts (hb.go). What is kept is compact: the
// document's string, the byte offset of every 64th code point, and one
// 8-byte segment per place a line may break (shape.go), so breaking lines
// is one pass over the segments (layout.go) and a view keeps about 2.4
// bytes per byte of text. The lines drawn or hit are measured code point by
// code point again (linetext.go), so the drawn lines (one canvas.Text per
// run between tabs) land exactly where hit-testing expects them.
//
// A long text is measured in two steps: its first screens at once, the
// whole of it on a goroutine that hands the result to the UI goroutine
// with fyne.Do, so a 30 MB document shows at once.
//
// Passages are painted per code, a code being one tag on one passage. Codes
// get lanes so that overlapping codes never share one; where codes overlap,
// the text box is split into horizontal bands, one per code in lane order,
// each a translucent fill of the tag's colour, so two overlapping codes show
// as two colours rather than a muddy blend, and text stays legible in light
// and dark themes. Left of the column, a thin stripe per lane runs the
// height of each code, as in a coding-stripes margin. Pointing picks what is
// drawn: the band under the pointer, or the stripe, so every one of several
// overlapping codes can be hovered and tapped. The hovered passage is filled
// more strongly and underlined; the selected one is outlined.
package docview

import (
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

const (
	minZoom = 0.5
	maxZoom = 3

	// measureEms is the widest a line of text gets, in ems of the text
	// size: about 75 characters, a comfortable reading measure.
	measureEms = 36
	// asyncRunes is the text length from which re-wrapping runs off the UI
	// goroutine.
	asyncRunes = 200_000
	// firstBytes is the text length from which opening lays out the first
	// screens (the first eighth of this) before the rest, which is
	// measured off the UI goroutine.
	firstBytes = 256 << 10
	// maxCaches is how many font sizes keep their advance caches (about
	// 1 MB each) while zooming.
	maxCaches = 4
)

// DocView shows a document for reading and coding: word-wrapped text in a
// centred column with every passage painted in its tags' colours, mouse and
// keyboard selection, and find-match tints. Only the lines in view have
// canvas objects, so documents of megabytes open and scroll at once.
type DocView struct {
	widget.BaseWidget

	// OnSelectionChanged is called with the selected range in code points
	// whenever it changes; start == end means no selection.
	OnSelectionChanged func(start, end int)
	// OnPassageTapped is called on a primary tap, with the passage whose
	// band or margin stripe is under the pointer, or nil over plain text.
	OnPassageTapped func(p *annotate.Passage)
	// OnSecondaryTapped is the context-menu hook: the passage under the
	// pointer (or nil), the current selection and the absolute position.
	OnSecondaryTapped func(p *annotate.Passage, start, end int, pos fyne.Position)
	// OnTypedRune receives the runes the view does not handle itself.
	OnTypedRune func(r rune)
	// OnTypedKey receives the keys the view does not handle itself.
	OnTypedKey func(ev *fyne.KeyEvent)

	doc      *annotate.Document
	tags     map[string]*annotate.Tag
	passages []*annotate.Passage
	codes    codeIndex
	find     [][2]int // sorted by start
	findMax  int      // the longest find match
	findCur  int

	dir      Direction    // the document's paragraph direction
	text     *shapedText  // the text measured at shapedAt
	shapedAt float32      // the text size text was measured at
	textGen  atomic.Int64 // bumped whenever a text being measured becomes stale
	shaping  bool         // the whole text is being measured off the UI goroutine
	firstAt  int          // text length in bytes from which the first screens are laid out first (0: firstBytes)
	asyncAt  int          // text length from which layouts run on a goroutine (0: asyncRunes)
	spawn    func(func()) // starts background work (nil: a goroutine); tests take it over
	textH    float32      // height of a line of text at textSize
	layout   *Layout
	gen      int     // bumped whenever a pending layout becomes stale
	wantW    float32 // the column width the next layout is for
	layouts  int     // layouts computed, for tests
	pending  bool    // a layout is running off the UI goroutine

	// While only the start of the text is laid out, where to go once all
	// of it is: the code point to keep at the top (keepTop), or to scroll
	// to (goTo, a third of the way down when goThird).
	keepTop, goTo int
	goThird       bool

	zoom    float32
	scrollY float32

	anchor, caret int // the selection: anchor stays, caret moves
	desiredX      float32
	hover         *annotate.Passage
	selectedID    string

	bandFills bandFills // passage band colours, by tag colour and background
	tip       tipState  // who coded the passage under the pointer

	shift    bool
	focused  bool // the caret shows
	mouse    mouseState
	advances map[float32]*advanceCache

	faces    *faceSet // the fonts the shaper draws with, for the theme facesFor
	facesFor fyne.Theme
	words    *wordShaper // shapes words as the shaper does, for the theme wordsFor
	wordsFor fyne.Theme
	drawn    map[int]*drawnLine // the lines drawn or hit lately, measured, for drawnFor
	drawnFor *Layout
	drawnOf  *shapedText
	lv       []int8 // scratch for a line's levels
	spansB   []span // scratch for rangeSpans
}

// drawnLine is a line measured code point by code point, with its visual
// runs.
type drawnLine struct {
	lt   lineText
	runs []vrun
}

var (
	_ fyne.Widget                        = (*DocView)(nil)
	_ fyne.Scrollable                    = (*DocView)(nil)
	_ fyne.Focusable                     = (*DocView)(nil)
	_ fyne.Shortcutable                  = (*DocView)(nil)
	_ fyne.Tappable                      = (*DocView)(nil)
	_ fyne.DoubleTappable                = (*DocView)(nil)
	_ fyne.SecondaryTappable             = (*DocView)(nil)
	_ fyne.Draggable                     = (*DocView)(nil)
	_ desktop.Hoverable                  = (*DocView)(nil)
	_ desktop.Mouseable                  = (*DocView)(nil)
	_ desktop.Keyable                    = (*DocView)(nil)
	_ desktop.Cursorable                 = (*DocView)(nil)
	_ fyne.Accessible                    = (*DocView)(nil)
	_ interface{ SelectedText() string } = (*DocView)(nil)
)

// New returns an empty reading view.
func New() *DocView {
	v := &DocView{zoom: 1, desiredX: -1, goTo: -1, tags: map[string]*annotate.Tag{}}
	v.ExtendBaseWidget(v)
	return v
}

// SetDocument shows doc, resetting the selection, the emphasised passage
// and find matches, and scrolling to the top; nil clears the view. Tags and
// passages stay until replaced: give the new document's with SetPassages.
// A long document shows its first screens at once and is measured in full
// on a goroutine.
func (v *DocView) SetDocument(doc *annotate.Document) {
	v.doc = doc
	v.dir = Auto
	if doc != nil {
		v.dir = ParseDirection(doc.Direction)
	}
	v.anchor, v.caret, v.desiredX = 0, 0, -1
	v.scrollY = 0
	v.hover, v.selectedID = nil, ""
	v.hideTip()
	v.find, v.findCur, v.findMax = nil, -1, 0
	v.keepTop, v.goTo = 0, -1
	v.remeasure()
	v.reshape()
	v.Refresh()
}

// remeasure drops the measured text and its layout, and any measuring or
// layout under way.
func (v *DocView) remeasure() {
	v.text, v.layout = nil, nil
	v.textGen.Add(1)
	v.shaping = false
	v.gen++
	v.pending = false
}

// SetDirection sets the paragraph direction the document is read in: Auto
// takes each paragraph's from its first strong character. The text is
// broken into lines again; the line at the top of the view stays there.
func (v *DocView) SetDirection(d Direction) {
	if d == v.dir {
		return
	}
	v.dir = d
	if v.text == nil {
		return
	}
	top := v.topOffset()
	v.remeasure()
	v.reshape()
	v.relayout()
	v.keepOffsetAtTop(top)
	v.Refresh()
}

// Direction returns the paragraph direction the document is read in.
func (v *DocView) Direction() Direction { return v.dir }

// Document returns the document shown, or nil.
func (v *DocView) Document() *annotate.Document { return v.doc }

// SetTags sets the codebook the passages' colours come from. Only the
// painting changes.
func (v *DocView) SetTags(tags []*annotate.Tag) {
	v.tags = make(map[string]*annotate.Tag, len(tags))
	for _, t := range tags {
		if t != nil {
			v.tags[t.ID] = t
		}
	}
	v.Refresh()
}

// SetPassages replaces the passages painted over the text. The text is not
// laid out again.
func (v *DocView) SetPassages(ps []*annotate.Passage) {
	v.passages = make([]*annotate.Passage, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			v.passages = append(v.passages, p)
		}
	}
	sort.SliceStable(v.passages, func(i, j int) bool { return v.passages[i].Start < v.passages[j].Start })
	codes, _ := assignLanes(v.passages)
	v.codes = newCodeIndex(codes)
	v.hideTip() // its code is gone
	if v.hover != nil {
		v.hover = v.passageByID(v.hover.ID) // the same passage, as newly given
	}
	v.Refresh()
}

// Selection returns the selected range in code points, start <= end.
func (v *DocView) Selection() (start, end int) {
	if v.anchor <= v.caret {
		return v.anchor, v.caret
	}
	return v.caret, v.anchor
}

// SetSelection selects [start, end), clamped to the text.
func (v *DocView) SetSelection(start, end int) {
	if end < start {
		start, end = end, start
	}
	v.setSelection(v.clamp(start), v.clamp(end))
	v.Refresh()
}

// SelectedText returns the selected text.
func (v *DocView) SelectedText() string {
	s, e := v.Selection()
	if s >= e || v.text == nil {
		return ""
	}
	return v.text.slice(s, e)
}

// SelectedPassage returns the emphasised passage, or nil.
func (v *DocView) SelectedPassage() *annotate.Passage {
	if v.selectedID == "" {
		return nil
	}
	return v.passageByID(v.selectedID)
}

// SelectPassage emphasises the passage with that ID; "" clears.
func (v *DocView) SelectPassage(id string) {
	v.selectedID = id
	v.Refresh()
}

// ScrollToOffset brings code point cp into view: nothing moves when its line
// is in view already, otherwise the line lands a third of the way down.
func (v *DocView) ScrollToOffset(cp int) {
	v.scrollToOffset(v.clamp(cp), true)
}

// ScrollToPassage brings the start of the passage with that ID into view,
// as ScrollToOffset does.
func (v *DocView) ScrollToPassage(id string) {
	if p := v.passageByID(id); p != nil {
		v.scrollToOffset(v.clamp(p.Start), true)
	}
}

// SetZoom sets the text size relative to the theme's, clamped to 0.5..3.
func (v *DocView) SetZoom(z float32) {
	if z < minZoom {
		z = minZoom
	}
	if z > maxZoom {
		z = maxZoom
	}
	if z == v.zoom {
		return
	}
	top := v.topOffset()
	v.zoom = z
	v.remeasure()
	v.reshape()
	v.relayout()
	v.keepOffsetAtTop(top)
	v.Refresh()
}

// PositionOf returns where code point cp is drawn, in the view's
// coordinates: the caret before it (the character's left edge in
// left-to-right text, its right edge in right-to-left text), half-way down
// its line. It
// is off the view (negative, or beyond its height) when cp is scrolled out;
// a popup can be anchored there.
func (v *DocView) PositionOf(cp int) fyne.Position {
	v.relayout()
	if v.layout == nil {
		return fyne.Position{}
	}
	g := v.geom()
	cp = v.clamp(cp)
	line := v.layout.lineOf(cp)
	ln := v.layout.Lines[line]
	d := v.drawnLine(line)
	x := caretX(&d.lt, d.runs, ln, v.layout.Width, cp)
	return fyne.NewPos(g.colLeft+x, g.padTop+ln.Y-v.scrollY+v.layout.LineHeightOf(line)/2)
}

// Zoom returns the text size relative to the theme's.
func (v *DocView) Zoom() float32 { return v.zoom }

// SetFindMatches tints the ranges found by a search, current (an index into
// ranges) more strongly; nil clears.
func (v *DocView) SetFindMatches(ranges [][2]int, current int) {
	v.find = append([][2]int(nil), ranges...)
	v.findCur, v.findMax = current, 0
	sorted := sort.SliceIsSorted(v.find, func(i, j int) bool { return v.find[i][0] < v.find[j][0] })
	if !sorted && current >= 0 && current < len(v.find) {
		cur := v.find[current]
		sort.SliceStable(v.find, func(i, j int) bool { return v.find[i][0] < v.find[j][0] })
		for k, m := range v.find {
			if m == cur {
				v.findCur = k
				break
			}
		}
	} else if !sorted {
		sort.SliceStable(v.find, func(i, j int) bool { return v.find[i][0] < v.find[j][0] })
	}
	for _, m := range v.find {
		v.findMax = max(v.findMax, m[1]-m[0])
	}
	v.Refresh()
}

// AccessibilityLabel names the view by the document's title.
func (v *DocView) AccessibilityLabel() string {
	if v.doc == nil {
		return ""
	}
	return v.doc.Title
}

// AccessibilityRole says the view is text.
func (v *DocView) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// MinSize returns a small size: the view scrolls its content.
func (v *DocView) MinSize() fyne.Size {
	v.ExtendBaseWidget(v)
	return fyne.NewSize(120, 80)
}

func (v *DocView) passageByID(id string) *annotate.Passage {
	for _, p := range v.passages {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func (v *DocView) clamp(cp int) int {
	if cp < 0 {
		return 0
	}
	if v.text != nil && !v.text.partial && cp > v.text.n {
		return v.text.n
	}
	return cp
}

// textLen returns the length of the text in code points, as far as it is
// measured.
func (v *DocView) textLen() int {
	if v.text == nil {
		return 0
	}
	return v.text.n
}

// setSelection moves the selection and reports a change.
func (v *DocView) setSelection(anchor, caret int) {
	oldS, oldE := v.Selection()
	v.anchor, v.caret = anchor, caret
	if s, e := v.Selection(); (s != oldS || e != oldE) && v.OnSelectionChanged != nil {
		v.OnSelectionChanged(s, e)
	}
}

// textSize returns the font size the text is drawn at.
func (v *DocView) textSize() float32 {
	return v.Theme().Size(theme.SizeNameText) * v.zoom
}

// measure returns the width of s at size through the text shaper.
func (v *DocView) measure(s string, size float32) float32 {
	return fyne.MeasureText(s, size, fyne.TextStyle{}).Width
}

// cache returns the advance cache for a text size.
func (v *DocView) cache(size float32) *advanceCache {
	if v.advances == nil {
		v.advances = map[float32]*advanceCache{}
	}
	th := v.Theme()
	if v.words == nil || v.wordsFor != th {
		v.words, v.wordsFor = newWordShaper(th), th
		clear(v.advances) // other fonts
	}
	c := v.advances[size]
	if c == nil {
		if len(v.advances) >= maxCaches {
			clear(v.advances) // zoomed through many sizes: start over
		}
		c = newAdvanceCache(func(s string) float32 { return v.measure(s, size) }, v.words, size)
		v.advances[size] = c
	}
	return c
}

// reshape measures the text at the current size if needed: at once when it
// is short; else its start at once, enough for the first screens, and the
// whole of it on a goroutine, which hands it to the UI goroutine, laid out
// for the width of the moment.
func (v *DocView) reshape() {
	if v.doc == nil || v.text != nil {
		return
	}
	size := v.textSize()
	c := v.cache(size)
	c.lockUI()
	tab := 8 * c.rune(' ')
	c.unlock()
	v.shapedAt = size
	v.textH = fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
	text := v.doc.Text
	firstAt := v.firstAt
	if firstAt == 0 {
		firstAt = firstBytes
	}
	if len(text) < firstAt {
		v.text = v.shapeNow(text, len(text), c, tab)
		return
	}
	v.text = v.shapeNow(text, prefixEnd(text, firstAt/8), c, tab)
	v.text.partial = true
	v.shaping = true
	gen, dir := v.textGen.Load(), v.dir
	var w float32
	var m Metrics
	if v.Size().Width >= 1 {
		g := v.geom()
		w, m = g.colWidth, g.metrics
	}
	stale := func() bool { return v.textGen.Load() != gen }
	v.background(func() {
		t := shapeInBackground(text, len(text), c, tab, stale)
		if t == nil {
			return
		}
		t.bidi = resolveLevels(&t.index, dir)
		var l *Layout
		if w >= 1 && !stale() {
			l = wrap(t, w, m, false)
		}
		fyne.Do(func() {
			if stale() {
				return
			}
			v.applyText(t, l)
		})
	})
}

// shapeNow measures text[:end] on the UI goroutine.
func (v *DocView) shapeNow(text string, end int, c *advanceCache, tab float32) *shapedText {
	c.lockUI()
	t := shape(text, end, c, tab)
	c.unlock()
	t.bidi = resolveLevels(&t.index, v.dir)
	return t
}

// applyText takes the whole text, measured off the UI goroutine, and its
// layout (nil, or for a width no longer wanted: laid out again), keeping
// the line at the top where it is and going where the view was asked to
// go meanwhile.
func (v *DocView) applyText(t *shapedText, l *Layout) {
	top := v.topOffset()
	if v.keepTop > 0 {
		top = v.keepTop
	}
	v.text, v.shaping = t, false
	v.gen++
	v.pending = false
	g := v.geom()
	if l != nil && l.Width == g.colWidth && l.Metrics == g.metrics {
		v.layout = l
		v.layouts++
	}
	v.relayout()
	v.keepOffsetAtTop(top)
	if v.goTo >= 0 {
		v.scrollToOffset(v.clamp(v.goTo), v.goThird)
	}
	v.keepTop, v.goTo = 0, -1
	v.clampSelection()
	v.Refresh()
}

// clampSelection keeps the selection inside the text.
func (v *DocView) clampSelection() {
	a, c := v.clamp(v.anchor), v.clamp(v.caret)
	if a != v.anchor || c != v.caret {
		v.setSelection(a, c)
	}
}

// prefixEnd returns where to end the start of text measured first: at the
// first newline after about n bytes, or at a space, never inside a
// character.
func prefixEnd(text string, n int) int {
	if n >= len(text) {
		return len(text)
	}
	if i := strings.IndexByte(text[n:min(len(text), 4*n)], '\n'); i >= 0 {
		return n + i
	}
	if i := strings.LastIndexByte(text[:n], ' '); i > 0 {
		return i
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return n
}

// drawnLine returns line i of the current layout measured, with its
// visual runs, kept while the layout stays.
func (v *DocView) drawnLine(i int) *drawnLine {
	if v.drawnFor != v.layout || v.drawnOf != v.text || len(v.drawn) > 1024 {
		v.drawn, v.drawnFor, v.drawnOf = map[int]*drawnLine{}, v.layout, v.text
	}
	if d, ok := v.drawn[i]; ok {
		return d
	}
	ln := v.layout.Lines[i]
	d := &drawnLine{}
	v.text.measureLine(ln.Start, ln.End, true, &d.lt)
	d.runs = visualLine(&d.lt, v.layout.Width, ln, nil, &v.lv)
	v.drawn[i] = d
	return d
}

// lineRuns returns the visual runs of line i of the current layout.
func (v *DocView) lineRuns(i int) []vrun { return v.drawnLine(i).runs }

// lineText returns line i of the current layout, measured.
func (v *DocView) lineText(i int) *lineText { return &v.drawnLine(i).lt }

// faceSet returns the fonts the theme's text is drawn with.
func (v *DocView) faceSet() *faceSet {
	if th := v.Theme(); v.faces == nil || v.facesFor != th {
		v.faces, v.facesFor = newFaceSet(th), th
	}
	return v.faces
}

// mouseState records when and where the mouse went down, for multi-clicks.
type mouseState struct {
	downAt      time.Time
	downPos     fyne.Position
	clicks      int
	downHandled bool // MouseDown already placed the selection for this click
	dragging    bool
	scrollbar   bool // dragging the scrollbar thumb
	unit        int  // selection unit while dragging: 1 char, 2 word, 3 paragraph
	unitStart   int  // the unit the drag started in
	unitEnd     int
	// word is the word a single press landed in, which a drag by
	// characters leaves to snap to whole words; byChar (the press held
	// Ctrl) keeps it to characters.
	word     [2]int
	byChar   bool
	unitSel  [2]int // the selection the last press or drag made
	last     fyne.Position
	inMargin bool          // the pointer is over the margin or the scroll bar
	onStripe bool          // the pointer is over a margin stripe
	stop     chan struct{} // stops auto-scrolling
}
