package docview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"gloss/annotate"
)

const (
	multiClickTime = 500 * time.Millisecond
	multiClickDist = 4
	scrollBarHit   = 14 // width of the strip at the right edge that grabs the scroll bar
	autoScrollTick = 30 * time.Millisecond
)

const (
	unitChar = iota + 1
	unitWord
	unitParagraph
)

// offsetAtPos returns the caret position nearest to a widget position.
// Above the text it is the start, below it the end.
func (v *DocView) offsetAtPos(p fyne.Position) int {
	v.relayout()
	if v.layout == nil {
		return 0
	}
	g := v.geom()
	x, y := v.toLayout(g, p)
	if y < 0 {
		return 0
	}
	if y >= v.layout.Height {
		return v.textLen()
	}
	i := v.layout.lineAt(y)
	d := v.drawnLine(i)
	return caretAt(&d.lt, d.runs, v.layout.Lines[i], x)
}

// charAtPos returns the index of the character under a widget position, or
// -1 when there is none.
func (v *DocView) charAtPos(p fyne.Position) int {
	v.relayout()
	if v.layout == nil {
		return -1
	}
	g := v.geom()
	x, y := v.toLayout(g, p)
	if y < 0 || y >= v.layout.Height {
		return -1
	}
	i := v.layout.lineAt(y)
	ln := v.layout.Lines[i]
	if y > ln.Y+v.layout.LineHeightOf(i) {
		return -1 // in the gap after a paragraph
	}
	d := v.drawnLine(i)
	return charAt(&d.lt, d.runs, ln, x)
}

// passageAtPos returns the passage under a widget position, or nil.
func (v *DocView) passageAtPos(p fyne.Position) *annotate.Passage {
	if c := v.codeAtPos(p); c != nil {
		return c.p
	}
	return nil
}

// codeAtPos returns the code painted under a widget position: over text,
// the band under the pointer (so each of several overlapping codes can be
// picked); in the left margin, the stripe.
func (v *DocView) codeAtPos(p fyne.Position) *code {
	v.relayout()
	l := v.layout
	if l == nil || v.codes.len() == 0 {
		return nil
	}
	g := v.geom()
	x, y := v.toLayout(g, p)
	if y < 0 || y >= l.Height {
		return nil
	}
	i := l.lineAt(y)
	ln := l.Lines[i]
	if p.X < g.colLeft-stripeGap {
		// The margin: each lane's stripe is hit across its whole step.
		lane := int((g.colLeft - stripeGap - p.X) / stripeStep)
		for _, c := range v.codes.overlapping(ln.Start, ln.End+2, nil) {
			if c.lane == lane && hasStripe(c, ln) {
				return c
			}
		}
		return nil
	}
	if y > ln.Y+l.LineHeightOf(i) {
		return nil // in the gap after a paragraph
	}
	d := v.drawnLine(i)
	ch := charAt(&d.lt, d.runs, ln, x)
	if ch < 0 {
		return nil
	}
	cs := v.codes.covering(ch)
	if len(cs) == 0 {
		return nil
	}
	top := ln.Y + (l.LineHeight-g.textH)/2
	return cs[bandAt(len(cs), top, g.textH, y)]
}

func (v *DocView) onScrollBar(p fyne.Position) bool {
	g := v.geom()
	return p.X >= g.size.Width-scrollBarHit && v.contentHeight(g) > g.size.Height
}

// selectUnit selects the word or paragraph around the character under p
// and remembers it as the unit a drag extends by.
func (v *DocView) selectUnit(p fyne.Position, unit int) {
	i := v.charAtPos(p)
	if i < 0 {
		i = v.offsetAtPos(p)
	}
	s, e := i, i
	switch unit {
	case unitWord:
		s, e = v.text.wordAt(i)
	case unitParagraph:
		s, e = v.text.paragraphAt(i)
	}
	v.mouse.unit, v.mouse.unitStart, v.mouse.unitEnd = unit, s, e
	v.setSelection(s, e)
	v.desiredX = -1
}

// MouseDown places or extends the selection: one click puts the caret,
// a double click selects a word, a triple click a paragraph, and a
// shift-click extends the selection to the pointer.
func (v *DocView) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.requestFocus()
	v.hideTip()
	if v.onScrollBar(ev.Position) {
		v.mouse.scrollbar = true
		v.Refresh()
		return
	}
	now := time.Now()
	m := &v.mouse
	d := ev.Position.Subtract(m.downPos)
	if now.Sub(m.downAt) < multiClickTime && d.X*d.X+d.Y*d.Y < multiClickDist*multiClickDist {
		m.clicks = m.clicks%3 + 1
	} else {
		m.clicks = 1
	}
	m.downAt, m.downPos = now, ev.Position
	m.downHandled = true

	switch {
	case ev.Modifier&fyne.KeyModifierShift != 0 || v.shift:
		v.shiftClick(ev.Position)
	case m.clicks == 2:
		v.selectUnit(ev.Position, unitWord)
	case m.clicks == 3:
		v.selectUnit(ev.Position, unitParagraph)
	default:
		v.pressChar(ev.Position, ev.Modifier&fyne.KeyModifierShortcutDefault != 0)
	}
	m.unitSel[0], m.unitSel[1] = v.Selection()
	v.desiredX = -1
	v.Refresh()
}

// MouseUp ends a scroll-bar drag.
func (v *DocView) MouseUp(*desktop.MouseEvent) {
	if v.mouse.scrollbar && !v.mouse.dragging {
		v.mouse.scrollbar = false
		v.Refresh()
	}
}

// Tapped reports the passage under the pointer and emphasises it.
func (v *DocView) Tapped(ev *fyne.PointEvent) {
	if v.mouse.scrollbar || v.onScrollBar(ev.Position) {
		v.mouse.scrollbar = false
		v.scrollBarJump(ev.Position)
		return
	}
	if !v.mouse.downHandled && !v.shift {
		// No MouseDown came first (touch, or a driver without mouse
		// events): the tap places the caret.
		cp := v.offsetAtPos(ev.Position)
		v.setSelection(cp, cp)
	}
	v.mouse.downHandled = false
	p := v.passageAtPos(ev.Position)
	v.selectedID = ""
	if p != nil {
		v.selectedID = p.ID
	}
	v.Refresh()
	if v.OnPassageTapped != nil {
		v.OnPassageTapped(p)
	}
}

// DoubleTapped selects the word under the pointer.
func (v *DocView) DoubleTapped(ev *fyne.PointEvent) {
	v.mouse.downHandled = false
	if v.onScrollBar(ev.Position) {
		return
	}
	v.selectUnit(ev.Position, unitWord)
	v.Refresh()
}

// TappedSecondary calls the context-menu hook.
func (v *DocView) TappedSecondary(ev *fyne.PointEvent) {
	v.requestFocus()
	if v.OnSecondaryTapped == nil {
		return
	}
	s, e := v.Selection()
	v.OnSecondaryTapped(v.passageAtPos(ev.Position), s, e, ev.AbsolutePosition)
}

// Dragged extends the selection to the pointer, by the unit the press
// selected (character, word or paragraph), scrolling when the pointer is
// outside the view. On the scroll bar it drags the thumb.
func (v *DocView) Dragged(ev *fyne.DragEvent) {
	m := &v.mouse
	if !m.dragging {
		m.dragging = true
		start := ev.Position.Subtract(ev.Dragged)
		if v.onScrollBar(start) {
			m.scrollbar = true
		}
		if !m.downHandled && !m.scrollbar {
			// No MouseDown came first: the drag starts the selection.
			v.pressChar(start, false)
		}
		m.downHandled = false
	}
	if m.scrollbar {
		g := v.geom()
		ch := v.contentHeight(g)
		track := g.size.Height - max(g.size.Height*g.size.Height/ch, minThumb)
		if track > 0 {
			v.scrollY += ev.Dragged.DY * v.maxScroll(g) / track
		}
		v.clampScroll(g)
		v.Refresh()
		return
	}
	m.last = ev.Position
	v.dragTo(ev.Position)
	if h := v.Size().Height; ev.Position.Y < 0 || ev.Position.Y > h {
		v.startAutoScroll()
	} else {
		v.stopAutoScroll()
	}
}

// DragEnd ends a drag.
func (v *DocView) DragEnd() {
	v.stopAutoScroll()
	v.mouse.dragging = false
	if v.mouse.scrollbar {
		v.mouse.scrollbar = false
		v.Refresh()
	}
}

// dragTo extends the selection from the unit the drag started in to the
// unit under p.
func (v *DocView) dragTo(p fyne.Position) {
	m := &v.mouse
	cp := v.offsetAtPos(p)
	switch m.unit {
	case unitWord, unitParagraph:
		at := v.text.wordAt
		if m.unit == unitParagraph {
			at = v.text.paragraphAt
		}
		if cp >= m.unitStart {
			_, e := at(max(cp-1, m.unitStart))
			v.setSelection(m.unitStart, max(e, m.unitEnd))
		} else {
			s, _ := at(cp)
			v.setSelection(m.unitEnd, s)
		}
	default:
		v.dragChars(cp)
	}
	m.unitSel[0], m.unitSel[1] = v.Selection()
	v.desiredX = -1
	v.Refresh()
}

// startAutoScroll scrolls while a drag holds the pointer above or below
// the view, so the selection can grow past what is shown.
func (v *DocView) startAutoScroll() {
	if v.mouse.stop != nil {
		return
	}
	stop := make(chan struct{})
	v.mouse.stop = stop
	v.background(func() {
		t := time.NewTicker(autoScrollTick)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() {
					if v.mouse.stop == stop {
						v.autoScrollStep()
					}
				})
			}
		}
	})
}

// autoScrollStep scrolls towards a pointer held above or below the view,
// faster the further out it is, and extends the selection to it.
func (v *DocView) autoScrollStep() {
	if !v.mouse.dragging {
		return
	}
	p := v.mouse.last
	h := v.Size().Height
	var dy float32
	switch {
	case p.Y < 0:
		dy = max(p.Y, -h/2) / 2
	case p.Y > h:
		dy = min(p.Y-h, h/2) / 2
	}
	if dy == 0 {
		return
	}
	v.scrollY += dy
	v.clampScroll(v.geom())
	v.dragTo(p)
}

func (v *DocView) stopAutoScroll() {
	if v.mouse.stop != nil {
		close(v.mouse.stop)
		v.mouse.stop = nil
	}
}

// scrollBarJump pages towards a click on the scroll bar's track.
func (v *DocView) scrollBarJump(p fyne.Position) {
	g := v.geom()
	ch := v.contentHeight(g)
	if ch <= g.size.Height {
		return
	}
	thumbH := max(g.size.Height*g.size.Height/ch, minThumb)
	thumbY := v.scrollY / v.maxScroll(g) * (g.size.Height - thumbH)
	switch {
	case p.Y < thumbY:
		v.scrollY -= g.size.Height * 0.9
	case p.Y > thumbY+thumbH:
		v.scrollY += g.size.Height * 0.9
	}
	v.clampScroll(g)
	v.Refresh()
}

// Scrolled scrolls the view by the wheel or touchpad delta: three lines
// of text a notch of the wheel, as text views on the desktop scroll.
func (v *DocView) Scrolled(ev *fyne.ScrollEvent) {
	g := v.geom()
	v.hideTip()
	v.scrollY -= v.wheelPixels(ev.Scrolled.DY, g)
	v.clampScroll(g)
	if v.mouse.dragging {
		v.dragTo(v.mouse.last)
	}
	v.Refresh()
}

// MouseIn starts tracking the passage under the pointer.
func (v *DocView) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved emphasises the passage under the pointer and, after a pause,
// says whose it is (see tip.go).
func (v *DocView) MouseMoved(ev *desktop.MouseEvent) {
	g := v.geom()
	v.mouse.inMargin = ev.Position.X < g.colLeft-stripeGap || v.onScrollBar(ev.Position)
	c := v.codeAtPos(ev.Position)
	v.mouse.onStripe = c != nil && v.mouse.inMargin
	var p *annotate.Passage
	if c != nil {
		p = c.p
	}
	v.pointAt(c, ev.Position)
	if p != v.hover {
		v.hover = p
		v.Refresh()
	}
}

// MouseOut drops the hover emphasis.
func (v *DocView) MouseOut() {
	v.pointAt(nil, fyne.Position{})
	if v.hover != nil {
		v.hover = nil
		v.Refresh()
	}
}

// Cursor returns the text cursor over the text, the hand over a margin
// stripe (a click selects its passage), the arrow elsewhere in the margin
// and on the scroll bar.
func (v *DocView) Cursor() desktop.Cursor {
	switch {
	case v.mouse.onStripe:
		return desktop.PointerCursor
	case v.mouse.inMargin:
		return desktop.DefaultCursor
	}
	return desktop.TextCursor
}

func (v *DocView) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}
