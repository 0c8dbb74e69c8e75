// Package docview is Gloss's reading view: a virtualised, word-wrapped,
// selectable view of a document that paints coded passages behind its text.
//
// The text is measured once per font size: every code point's advance and
// its kerning with the code point before come from a cache filled through
// the shaper (fyne.MeasureText), so breaking lines is one pass over a table
// and the drawn lines (one canvas.Text per run between tabs) land exactly
// where hit-testing expects them. Layout (layout.go) and hit-testing
// (hit.go) are pure functions of that table.
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
	"time"

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
	runes    []rune
	tags     map[string]*annotate.Tag
	passages []*annotate.Passage
	codes    []code
	find     [][2]int
	findCur  int

	dir      Direction    // the document's paragraph direction
	bidi     *levels      // the text's embedding levels, once resolved (nil: all left to right)
	bidiDone bool         // bidi is resolved for the document and dir
	text     *shapedText  // runes measured at shapedAt
	shapedAt float32      // the text size text was measured at
	asyncAt  int          // text length from which layouts run on a goroutine (0: asyncRunes)
	spawn    func(func()) // starts background work (nil: a goroutine); tests take it over
	textH    float32      // height of a line of text at textSize
	layout   *Layout
	gen      int     // bumped whenever a pending layout becomes stale
	wantW    float32 // the column width the next layout is for
	layouts  int     // layouts computed, for tests
	pending  bool    // a layout is running off the UI goroutine

	zoom    float32
	scrollY float32

	anchor, caret int // the selection: anchor stays, caret moves
	desiredX      float32
	hover         *annotate.Passage
	selectedID    string

	shift    bool
	focused  bool // the caret shows
	mouse    mouseState
	advances map[float32]*advanceCache

	faces    *faceSet // the fonts the shaper draws with, for the theme facesFor
	facesFor fyne.Theme
	vruns    map[int][]vrun // visual runs of the lines drawn or hit lately, for vfor
	vfor     *Layout
	lv       []int8 // scratch for a line's levels
	spansB   []span // scratch for rangeSpans
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
	v := &DocView{zoom: 1, desiredX: -1, tags: map[string]*annotate.Tag{}}
	v.ExtendBaseWidget(v)
	return v
}

// SetDocument shows doc, resetting the selection, the emphasised passage
// and find matches, and scrolling to the top; nil clears the view. Tags and
// passages stay until replaced: give the new document's with SetPassages.
func (v *DocView) SetDocument(doc *annotate.Document) {
	v.doc = doc
	v.runes = nil
	v.dir, v.bidi, v.bidiDone = Auto, nil, false
	if doc != nil {
		v.dir = ParseDirection(doc.Direction)
	}
	v.anchor, v.caret, v.desiredX = 0, 0, -1
	v.scrollY = 0
	v.hover, v.selectedID = nil, ""
	v.find, v.findCur = nil, -1
	v.text, v.layout = nil, nil
	v.gen++
	v.pending = false
	v.reshape()
	v.Refresh()
}

// SetDirection sets the paragraph direction the document is read in: Auto
// takes each paragraph's from its first strong character. The text is
// broken into lines again; the line at the top of the view stays there.
func (v *DocView) SetDirection(d Direction) {
	if d == v.dir {
		return
	}
	v.dir = d
	v.bidi, v.bidiDone = nil, false
	if v.text == nil {
		return
	}
	top := v.topOffset()
	t := *v.text
	v.resolveBidi(&t)
	v.text, v.layout = &t, nil
	v.gen++
	v.pending = false
	v.relayout()
	v.keepOffsetAtTop(top)
	v.Refresh()
}

// Direction returns the paragraph direction the document is read in.
func (v *DocView) Direction() Direction { return v.dir }

// resolveBidi gives t the embedding levels of the text, resolving them once
// per document and direction.
func (v *DocView) resolveBidi(t *shapedText) {
	if !v.bidiDone {
		v.bidi, v.bidiDone = resolveLevels(t.runes, v.dir), true
	}
	t.bidi = v.bidi
}

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
	v.codes, _ = assignLanes(v.passages)
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
	if s >= e || e > len(v.runes) {
		return ""
	}
	return string(v.runes[s:e])
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
	v.text, v.layout = nil, nil
	v.gen++
	v.pending = false
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
	x := caretX(v.text, v.lineRuns(line), ln, v.layout.Width, cp)
	return fyne.NewPos(g.colLeft+x, g.padTop+ln.Y-v.scrollY+v.layout.LineHeightOf(line)/2)
}

// Zoom returns the text size relative to the theme's.
func (v *DocView) Zoom() float32 { return v.zoom }

// SetFindMatches tints the ranges found by a search, current (an index into
// ranges) more strongly; nil clears.
func (v *DocView) SetFindMatches(ranges [][2]int, current int) {
	v.find = append([][2]int(nil), ranges...)
	v.findCur = current
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
	if cp > len(v.runes) {
		return len(v.runes)
	}
	return cp
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

// reshape measures the text at the current size if needed.
func (v *DocView) reshape() {
	if v.doc == nil || v.text != nil {
		return
	}
	size := v.textSize()
	if v.advances == nil {
		v.advances = map[float32]*advanceCache{}
	}
	c := v.advances[size]
	if c == nil {
		if len(v.advances) >= maxCaches {
			clear(v.advances) // zoomed through many sizes: start over
		}
		c = newAdvanceCache(func(s string) float32 { return v.measure(s, size) })
		v.advances[size] = c
	}
	t := shape(v.doc.Text, c, 8*c.rune(' '), nil)
	v.resolveBidi(t)
	v.text = t
	v.runes = t.runes
	v.shapedAt = size
	v.textH = fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
}

// lineRuns returns the visual runs of line i of the current layout,
// cached while the layout stays.
func (v *DocView) lineRuns(i int) []vrun {
	if v.vfor != v.layout || len(v.vruns) > 4096 {
		v.vruns, v.vfor = map[int][]vrun{}, v.layout
	}
	if rs, ok := v.vruns[i]; ok {
		return rs
	}
	rs := visualLine(v.text, v.layout.Width, v.layout.Lines[i], nil, &v.lv)
	v.vruns[i] = rs
	return rs
}

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
	last        fyne.Position
	inMargin    bool          // the pointer is over the margin or the scroll bar
	stop        chan struct{} // stops auto-scrolling
}
