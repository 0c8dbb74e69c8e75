package docview

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

const (
	sideMargin  = 48 // room left of the column for margin stripes
	stripeWidth = 3
	stripeStep  = 5
	stripeGap   = 8 // between the column and the nearest stripe
	maxStripes  = (sideMargin - stripeGap - 4) / stripeStep
	scrollBarW  = 6
	minThumb    = 24
)

// geometry places the layout in the widget.
type geometry struct {
	size     fyne.Size
	textSize float32
	textH    float32
	metrics  Metrics
	colLeft  float32 // left edge of the text column
	colWidth float32
	padTop   float32 // space above the first and below the last line
}

// geom returns the current geometry.
func (v *DocView) geom() geometry {
	g := geometry{size: v.Size(), textSize: v.textSize(), textH: v.textH}
	if g.textH == 0 {
		g.textH = g.textSize * 1.4
	}
	g.metrics = Metrics{
		LineHeight:  float32(math.Ceil(float64(g.textH * 1.25))),
		ParaGap:     float32(math.Round(float64(g.textSize * 0.55))),
		EmptyHeight: float32(math.Round(float64(g.textSize * 0.45))),
	}
	g.colWidth = g.size.Width - 2*sideMargin
	if m := measureEms * g.textSize; g.colWidth > m {
		g.colWidth = m
	}
	if g.colWidth < 40 {
		g.colWidth = 40
	}
	g.colLeft = float32(math.Floor(float64(g.size.Width-g.colWidth) / 2))
	if g.colLeft < 4 {
		g.colLeft = 4
	}
	g.padTop = float32(math.Round(float64(g.textSize)))
	return g
}

// stripeX returns the left edge of the margin stripe for a lane.
func stripeX(g geometry, lane int) float32 {
	return g.colLeft - stripeGap - float32(lane+1)*stripeStep
}

// contentHeight returns the scrollable height.
func (v *DocView) contentHeight(g geometry) float32 {
	if v.layout == nil {
		return 0
	}
	return v.layout.Height + 2*g.padTop
}

func (v *DocView) maxScroll(g geometry) float32 {
	m := v.contentHeight(g) - g.size.Height
	if m < 0 {
		return 0
	}
	return m
}

// toLayout converts a widget position to layout coordinates.
func (v *DocView) toLayout(g geometry, p fyne.Position) (x, y float32) {
	return p.X - g.colLeft, p.Y - g.padTop + v.scrollY
}

// relayout lays the text out for the current width when it changed: at once
// for short texts, on a goroutine for long ones so resizing never stalls.
func (v *DocView) relayout() {
	if v.text != nil && v.shapedAt != v.textSize() {
		// The theme's text size changed: measure again.
		top := v.topOffset()
		v.remeasure()
		v.reshape()
		v.keepTop = top
	}
	v.reshape()
	if v.text == nil || v.Size().Width < 1 {
		return // nothing to show, or not placed in a window yet
	}
	g := v.geom()
	w, m := g.colWidth, g.metrics
	if v.layout != nil && v.layout.Width == w && v.layout.Metrics == m {
		return
	}
	if v.pending && v.wantW == w {
		return
	}
	v.wantW = w
	v.gen++
	top := v.topOffset()
	asyncAt := v.asyncAt
	if asyncAt == 0 {
		asyncAt = asyncRunes
	}
	if v.layout == nil || v.text.n < asyncAt {
		v.layout = wrap(v.text, w, m, true)
		v.layouts++
		v.pending = false
		v.keepOffsetAtTop(top)
		if v.keepTop > 0 && !v.text.partial {
			v.keepOffsetAtTop(v.keepTop)
			v.keepTop = 0
		}
		return
	}
	gen, t := v.gen, v.text
	v.pending = true
	v.background(func() {
		l := wrap(t, w, m, false)
		fyne.Do(func() {
			if gen != v.gen {
				return
			}
			v.layout = l
			v.layouts++
			v.pending = false
			v.keepOffsetAtTop(top)
			v.Refresh()
		})
	})
}

// background runs f on a goroutine (or through the test hook spawn).
func (v *DocView) background(f func()) {
	if v.spawn != nil {
		v.spawn(f)
		return
	}
	go f()
}

// topOffset returns the first code point of the line at the top of the view.
func (v *DocView) topOffset() int {
	if v.layout == nil || len(v.layout.Lines) == 0 {
		return 0
	}
	g := v.geom()
	return v.layout.Lines[v.layout.lineAt(v.scrollY-g.padTop)].Start
}

// keepOffsetAtTop scrolls so the line holding cp is at the top; past what
// is laid out of a long text, once it is laid out.
func (v *DocView) keepOffsetAtTop(cp int) {
	if v.layout == nil || cp == 0 {
		return
	}
	if v.text.partial && cp >= v.text.n {
		v.keepTop = cp
		return
	}
	g := v.geom()
	_, y, _ := v.positionOf(cp)
	v.scrollY = y + g.padTop
	v.clampScroll(g)
}

// positionOf returns the layout point (the caret's x, the top of the line
// box) of code point cp, and its line.
func (v *DocView) positionOf(cp int) (x, y float32, line int) {
	i := v.layout.lineOf(cp)
	if i < 0 {
		return 0, 0, -1
	}
	ln := v.layout.Lines[i]
	d := v.drawnLine(i)
	return caretX(&d.lt, d.runs, ln, v.layout.Width, cp), ln.Y, i
}

func (v *DocView) clampScroll(g geometry) {
	if m := v.maxScroll(g); v.scrollY > m {
		v.scrollY = m
	}
	if v.scrollY < 0 {
		v.scrollY = 0
	}
}

// scrollToOffset scrolls to show cp; when it has to move and third is set,
// cp lands a third of the way down instead of at the very edge.
func (v *DocView) scrollToOffset(cp int, third bool) {
	v.relayout()
	if v.layout == nil {
		return
	}
	if v.text.partial && cp >= v.text.n {
		v.goTo, v.goThird = cp, third // once the whole text is laid out
		return
	}
	g := v.geom()
	_, y, line := v.positionOf(cp)
	if line < 0 {
		return
	}
	top := y + g.padTop
	bottom := top + v.layout.LineHeightOf(line)
	switch {
	case top >= v.scrollY && bottom <= v.scrollY+g.size.Height:
		return
	case third:
		v.scrollY = top - g.size.Height/3
	case top < v.scrollY:
		v.scrollY = top
	default:
		v.scrollY = bottom - g.size.Height
	}
	v.clampScroll(g)
	v.Refresh()
}

// renderer draws the lines in view of a DocView. It keeps one canvas.Text
// per visible run of text, keyed by the run's first code point, so that
// scrolling moves text objects instead of re-rendering them, and a pool of
// rectangles for everything else.
type renderer struct {
	v       *DocView
	objects []fyne.CanvasObject
	rects   []*canvas.Rectangle
	nrect   int
	texts   map[int]*canvas.Text
	used    map[int]bool
	free    []*canvas.Text
	layout  *Layout // the layout the texts were made for
	size    float32
	vis     []*code // scratch: the codes in view
	tip     tipObjects
}

// CreateRenderer returns the view's renderer.
func (v *DocView) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	return &renderer{v: v, texts: map[int]*canvas.Text{}, used: map[int]bool{}}
}

func (r *renderer) Destroy() { r.v.stopAutoScroll() }

func (r *renderer) Layout(fyne.Size) { r.Refresh() }

func (r *renderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

// rect returns the next pooled rectangle set up as asked.
func (r *renderer) rect(x, y, w, h float32, fill, stroke color.Color, strokeW float32) *canvas.Rectangle {
	var rc *canvas.Rectangle
	if r.nrect < len(r.rects) {
		rc = r.rects[r.nrect]
	} else {
		rc = &canvas.Rectangle{}
		r.rects = append(r.rects, rc)
	}
	r.nrect++
	changed := rc.FillColor != fill || rc.StrokeColor != stroke || rc.StrokeWidth != strokeW || rc.CornerRadius != 0
	rc.FillColor, rc.StrokeColor, rc.StrokeWidth, rc.CornerRadius = fill, stroke, strokeW, 0
	rc.Move(fyne.NewPos(x, y))
	rc.Resize(fyne.NewSize(w, h))
	if changed {
		rc.Refresh()
	}
	r.objects = append(r.objects, rc)
	return rc
}

// Refresh rebuilds the objects for the lines in view from the view's state.
func (r *renderer) Refresh() {
	v := r.v
	v.relayout()
	r.objects = r.objects[:0]
	r.nrect = 0
	clear(r.used)
	defer r.finish()

	l, t := v.layout, v.text
	if l == nil || t == nil || len(l.Lines) == 0 {
		return
	}
	g := v.geom()
	v.clampScroll(g)
	if r.layout != l || r.size != g.textSize {
		// Texts belong to one layout: their runs change with it.
		for k, tx := range r.texts {
			r.free = append(r.free, tx)
			delete(r.texts, k)
		}
		r.layout, r.size = l, g.textSize
	}

	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	bg := color.NRGBAModel.Convert(th.Color(theme.ColorNameBackground, variant)).(color.NRGBA)
	dark := isDark(bg)
	fillA, emphA := float32(0.28), float32(0.5)
	if dark {
		fillA, emphA = 0.38, 0.6
	}

	top := v.scrollY - g.padTop
	bottom := top + g.size.Height
	first := l.lineAt(top)
	last := first
	for last+1 < len(l.Lines) && l.Lines[last+1].Y < bottom {
		last++
	}
	visStart, visEnd := l.Lines[first].Start, l.Lines[last].End+1

	vis := v.codes.overlapping(visStart, visEnd, r.vis[:0])
	r.vis = vis
	wy := func(y float32) float32 { return g.padTop + y - v.scrollY }
	boxOff := (l.LineHeight - g.textH) / 2
	spaceW := t.tab / 8

	// 1. Passage bands: each segment of a line gets one band per code
	// covering it, stacked top to bottom by lane.
	var lineCodes []*code
	for i := first; i <= last; i++ {
		ln := l.Lines[i]
		lineCodes = lineCodes[:0]
		for _, c := range vis {
			if c.start < ln.End && c.end > ln.Start {
				lineCodes = append(lineCodes, c)
			}
		}
		y := wy(ln.Y) + boxOff
		d := v.drawnLine(i)
		for _, s := range segments(lineCodes, ln.Start, ln.End) {
			bandH := g.textH / float32(len(s.codes))
			v.spansB = rangeSpans(&d.lt, d.runs, ln, l.Width, s.start, s.end, 0, v.spansB)
			for _, sp := range v.spansB {
				x0, x1 := g.colLeft+sp.x0, g.colLeft+sp.x1
				for j, c := range s.codes {
					a := fillA
					if c.p == v.hover || (v.selectedID != "" && c.p.ID == v.selectedID) {
						a = emphA
					}
					r.rect(x0, y+float32(j)*bandH, x1-x0, bandH, v.bandFill(tagColor(v.tags, c.tag), bg, a), color.Transparent, 0)
				}
			}
		}
	}

	// 2. Find matches: neutral grey, the current one outlined.
	k0 := sort.Search(len(v.find), func(k int) bool { return v.find[k][0] > visStart-v.findMax })
	for k := k0; k < len(v.find) && v.find[k][0] < visEnd; k++ {
		m := v.find[k]
		if m[1] <= visStart || m[1] <= m[0] {
			continue
		}
		stroke, sw := color.Color(color.Transparent), float32(0)
		fill := withAlpha(fg, 0.16)
		if k == v.findCur {
			stroke, sw = th.Color(theme.ColorNamePrimary, variant), 2
			fill = withAlpha(fg, 0.24)
		}
		r.rangeRects(first, last, m[0], m[1], 0, func(x0, x1 float32, ln Line) {
			r.rect(x0, wy(ln.Y)+boxOff, x1-x0, g.textH, fill, stroke, sw)
		})
	}

	// 3. The selection.
	if s, e := v.Selection(); s < e {
		selC := th.Color(theme.ColorNameSelection, variant)
		r.rangeRects(first, last, s, e, spaceW, func(x0, x1 float32, ln Line) {
			r.rect(x0, wy(ln.Y), x1-x0, l.LineHeight, selC, color.Transparent, 0)
		})
	}

	// The caret, while the view has focus and nothing is selected.
	if s, e := v.Selection(); s == e && v.focused {
		if i := l.lineOf(s); i >= first && i <= last {
			ln := l.Lines[i]
			d := v.drawnLine(i)
			cx := g.colLeft + caretX(&d.lt, d.runs, ln, l.Width, s)
			r.rect(cx-0.75, wy(ln.Y)+boxOff, 1.5, g.textH, fg, color.Transparent, 0)
		}
	}

	// 4. The hovered passage is underlined, the selected one outlined, in
	// their first tag's colour.
	if p := v.hover; p != nil && len(p.Tags) > 0 && p.ID != v.selectedID {
		c := tagColor(v.tags, p.Tags[0])
		r.rangeRects(first, last, p.Start, p.End, 0, func(x0, x1 float32, ln Line) {
			r.rect(x0, wy(ln.Y)+boxOff+g.textH, x1-x0, 2, c, color.Transparent, 0)
		})
	}
	if p := v.SelectedPassage(); p != nil {
		c := color.Color(fg)
		if len(p.Tags) > 0 {
			c = tagColor(v.tags, p.Tags[0])
		}
		r.rangeRects(first, last, p.Start, p.End, 0, func(x0, x1 float32, ln Line) {
			r.rect(x0-1, wy(ln.Y)+boxOff-1, x1-x0+2, g.textH+2, color.Transparent, c, 1.5)
		})
	}

	// 5. The text, one canvas.Text per run: between tabs, at one
	// embedding level, placed where the line's visual runs put it.
	for i := first; i <= last; i++ {
		ln := l.Lines[i]
		y := wy(ln.Y) + boxOff
		d := v.drawnLine(i)
		lt := &d.lt
		end := ln.End
		for end > ln.Start && isBreakSpace(lt.r(end-1)) {
			end--
		}
		for _, run := range d.runs {
			if run.tab || run.start >= end {
				continue
			}
			e := min(run.end, end)
			if !run.rtl() {
				r.text(run.start, e, false, g.colLeft+run.x, y, lt.runWidth(run.start, e), g, fg)
				continue
			}
			v.faceSet().pieces(lt, run.start, e, func(a, b int) {
				x0, x1 := lt.edgeX(run, b), lt.edgeX(run, a)
				r.text(a, b, true, g.colLeft+x0, y, x1-x0, g, fg)
			})
		}
	}

	// 6. Margin stripes: one column per lane, running the height of the
	// lines each code covers.
	for i := first; i <= last; i++ {
		ln := l.Lines[i]
		for _, c := range vis {
			if c.lane >= maxStripes || !hasStripe(c, ln) {
				continue
			}
			y0 := wy(ln.Y)
			y1 := y0 + l.LineHeightOf(i)
			if continuesPast(c, ln) && i+1 < len(l.Lines) {
				y1 = wy(l.Lines[i+1].Y)
			}
			r.rect(stripeX(g, c.lane), y0, stripeWidth, y1-y0, withAlpha(tagColor(v.tags, c.tag), 0.9), color.Transparent, 0)
		}
	}

	// 7. The scroll bar.
	if ch := v.contentHeight(g); ch > g.size.Height {
		h := g.size.Height * g.size.Height / ch
		if h < minThumb {
			h = minThumb
		}
		y := v.scrollY / v.maxScroll(g) * (g.size.Height - h)
		w := float32(scrollBarW)
		if v.mouse.scrollbar {
			w += 2
		}
		thumb := r.rect(g.size.Width-w-2, y, w, h, th.Color(theme.ColorNameScrollBar, variant), color.Transparent, 0)
		thumb.CornerRadius = w / 2
		thumb.Refresh()
	}

	// 8. Who coded the passage under the pointer.
	r.drawTip(g, th, variant)
}

// rangeRects calls draw with each horizontal extent where [start, end) is
// drawn on the lines in view: several on a line where the range crosses a
// change of direction. A range running on past a line's end reaches to the
// end of its trailing spaces, plus extra past the end of a paragraph.
func (r *renderer) rangeRects(first, last, start, end int, extra float32, draw func(x0, x1 float32, ln Line)) {
	v, l := r.v, r.v.layout
	g := v.geom()
	for i := first; i <= last; i++ {
		ln := l.Lines[i]
		if start > ln.End || end <= ln.Start || (start == ln.End && !ln.ParaEnd) || ln.Start == ln.End {
			continue // blank lines show no selection: the gap says enough
		}
		d := v.drawnLine(i)
		v.spansB = rangeSpans(&d.lt, d.runs, ln, l.Width, start, end, extra, v.spansB)
		for _, sp := range v.spansB {
			if sp.x1 > sp.x0 {
				draw(g.colLeft+sp.x0, g.colLeft+sp.x1, ln)
			}
		}
	}
}

// text places the run [s, e) at (x, y). A right-to-left run is given to
// the shaper behind a right-to-left mark, so that it is shaped and its
// brackets mirrored right to left even when it holds no letter that says
// so (a closing parenthesis after a number, say).
func (r *renderer) text(s, e int, rtl bool, x, y, w float32, g geometry, fg color.Color) {
	tx, ok := r.texts[s]
	str := ""
	if !ok || len(tx.Text) == 0 {
		str = r.v.text.slice(s, e)
		if rtl {
			str = "\u200f" + str
		}
	}
	if !ok {
		if n := len(r.free); n > 0 {
			tx = r.free[n-1]
			r.free = r.free[:n-1]
		} else {
			tx = &canvas.Text{}
		}
		tx.Text = ""
		r.texts[s] = tx
	}
	changed := false
	if tx.Text == "" {
		tx.Text = str
		changed = true
	}
	if tx.Color != fg || tx.TextSize != g.textSize {
		tx.Color, tx.TextSize = fg, g.textSize
		changed = true
	}
	r.used[s] = true
	tx.Move(fyne.NewPos(x, y))
	tx.Resize(fyne.NewSize(w, g.textH))
	if changed {
		tx.Refresh()
	}
	r.objects = append(r.objects, tx)
}

// finish retires the texts that went out of view and asks for a repaint.
func (r *renderer) finish() {
	for k, tx := range r.texts {
		if !r.used[k] {
			tx.Text = ""
			r.free = append(r.free, tx)
			delete(r.texts, k)
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.v); c != nil {
		if d, ok := c.(interface{ SetDirty() }); ok {
			d.SetDirty()
		}
	}
}
