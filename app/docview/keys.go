package docview

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// zoomStep is how much Ctrl+Plus and Ctrl+Minus change the zoom.
const zoomStep = 0.1

// stepZoom returns z moved by n steps, on the grid of steps so repeated
// zooming comes back to exactly 1.
func stepZoom(z float32, n int) float32 {
	steps := math.Round(float64(z)/zoomStep) + float64(n)
	return float32(steps * zoomStep)
}

// FocusGained shows the caret: keys go to the view once it has focus.
func (v *DocView) FocusGained() {
	v.focused = true
	v.Refresh()
}

// FocusLost hides the caret and forgets the state of the shift keys, whose
// release the view will not see.
func (v *DocView) FocusLost() {
	v.shift, v.focused = false, false
	v.Refresh()
}

// KeyDown tracks the shift keys, for shift-click and Shift+arrows.
func (v *DocView) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shift = true
	}
}

// KeyUp tracks the shift keys.
func (v *DocView) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shift = false
	}
}

// TypedRune passes runes on to OnTypedRune: the view has no text input.
func (v *DocView) TypedRune(r rune) {
	if v.OnTypedRune != nil {
		v.OnTypedRune(r)
	}
}

// TypedKey scrolls with the up and down, page and Home/End keys, moves the
// caret with Left and Right in the order the text is drawn, extends the
// selection with all of them while shift is held, and clears the selection
// with Escape. Other keys go to OnTypedKey.
func (v *DocView) TypedKey(ev *fyne.KeyEvent) {
	if v.shift && v.extendByKey(ev.Name, false) {
		return
	}
	if ev.Name == fyne.KeyLeft || ev.Name == fyne.KeyRight {
		v.moveByKey(ev.Name)
		return
	}
	if !v.scrollByKey(ev.Name) {
		if ev.Name == fyne.KeyEscape {
			if s, e := v.Selection(); s != e {
				v.SetSelection(v.caret, v.caret)
				return
			}
		}
		if v.OnTypedKey != nil {
			v.OnTypedKey(ev)
		}
	}
}

// scrollByKey scrolls for navigation keys and reports whether it did.
func (v *DocView) scrollByKey(k fyne.KeyName) bool {
	if v.layout == nil {
		return false
	}
	g := v.geom()
	switch k {
	case fyne.KeyUp:
		v.scrollY -= v.layout.LineHeight
	case fyne.KeyDown:
		v.scrollY += v.layout.LineHeight
	case fyne.KeyPageUp:
		v.scrollY -= g.size.Height * 0.9
	case fyne.KeyPageDown:
		v.scrollY += g.size.Height * 0.9
	case fyne.KeyHome:
		v.scrollY = 0
	case fyne.KeyEnd:
		v.scrollY = v.maxScroll(g)
	default:
		return false
	}
	v.clampScroll(g)
	v.Refresh()
	return true
}

// extendByKey moves the caret end of the selection, by word when byWord,
// and reports whether the key was one that does.
func (v *DocView) extendByKey(k fyne.KeyName, byWord bool) bool {
	if v.layout == nil {
		return false
	}
	c := v.caret
	vertical := false
	switch k {
	case fyne.KeyLeft, fyne.KeyRight:
		dir := 1
		if k == fyne.KeyLeft {
			dir = -1
		}
		if byWord {
			// By word, in the reading direction of the caret's paragraph.
			if forward := (dir > 0) != v.layout.Lines[v.layout.lineOf(c)].RTL; forward {
				c = v.text.nextWordEnd(c)
			} else {
				c = v.text.prevWordStart(c)
			}
		} else {
			c = v.visualMove(c, dir)
		}
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyPageUp, fyne.KeyPageDown:
		vertical = true
		c = v.verticalMove(k)
	case fyne.KeyHome:
		if byWord {
			c = 0
		} else {
			c = v.layout.Lines[v.layout.lineOf(c)].Start
		}
	case fyne.KeyEnd:
		if byWord {
			c = v.textLen()
		} else {
			c = v.layout.Lines[v.layout.lineOf(c)].End
		}
	default:
		return false
	}
	if !vertical {
		v.desiredX = -1
	}
	v.setSelection(v.anchor, c)
	v.scrollToOffset(c, false)
	v.Refresh()
	return true
}

// visualMove returns caret cp moved one cluster to the right (dir > 0) or
// left, as the line is drawn: in right-to-left text Left moves on through
// the text. Past the end of a line it goes on to the next or previous line
// in the paragraph's reading direction.
func (v *DocView) visualMove(cp, dir int) int {
	line := v.layout.lineOf(cp)
	ln := v.layout.Lines[line]
	d := v.drawnLine(line)
	if c, ok := visualStep(&d.lt, d.runs, ln, v.layout.Width, cp, dir); ok {
		return c
	}
	if forward := (dir > 0) != ln.RTL; forward {
		return v.text.nextCluster(cp)
	}
	return v.text.prevCluster(cp)
}

// moveByKey moves the caret for Left or Right without shift: a selection
// collapses to its end drawn on that side, else the caret moves one
// cluster as drawn.
func (v *DocView) moveByKey(k fyne.KeyName) {
	if v.layout == nil {
		return
	}
	dir := 1
	if k == fyne.KeyLeft {
		dir = -1
	}
	c := v.caret
	if s, e := v.Selection(); s != e {
		ps, pe := v.PositionOf(s), v.PositionOf(e)
		c = e
		if (ps.Y < pe.Y || ps.Y == pe.Y && ps.X < pe.X) == (dir < 0) {
			c = s
		}
	} else {
		c = v.visualMove(c, dir)
	}
	v.desiredX = -1
	v.setSelection(c, c)
	v.scrollToOffset(c, false)
	v.Refresh()
}

// verticalMove returns the caret moved a line or a page up or down,
// keeping to the column it started in.
func (v *DocView) verticalMove(k fyne.KeyName) int {
	l := v.layout
	line := l.lineOf(v.caret)
	d := v.drawnLine(line)
	x := caretX(&d.lt, d.runs, l.Lines[line], l.Width, v.caret)
	if v.desiredX < 0 {
		v.desiredX = x
	}
	lines := 1
	if k == fyne.KeyPageUp || k == fyne.KeyPageDown {
		lines = max(1, int(v.Size().Height/l.LineHeight)-1)
	}
	switch k {
	case fyne.KeyUp, fyne.KeyPageUp:
		if line-lines < 0 {
			return 0
		}
		line -= lines
	default:
		if line+lines >= len(l.Lines) {
			return v.textLen()
		}
		line += lines
	}
	d = v.drawnLine(line)
	return caretAt(&d.lt, d.runs, l.Lines[line], v.desiredX)
}

// TypedShortcut handles Copy, Select All, zoom (Ctrl+Plus, Ctrl+Minus,
// Ctrl+0) and Ctrl+Shift+arrows; other shortcuts go on to the window's.
func (v *DocView) TypedShortcut(s fyne.Shortcut) {
	switch sh := s.(type) {
	case *fyne.ShortcutCopy:
		v.copySelection()
		return
	case *fyne.ShortcutSelectAll:
		v.setSelection(0, v.textLen())
		v.Refresh()
		return
	case *desktop.CustomShortcut:
		if v.customShortcut(sh) || v.stackShortcut(sh) {
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if sc, ok := c.(interface{ TypedShortcut(fyne.Shortcut) }); ok {
			sc.TypedShortcut(s)
		}
	}
}

func (v *DocView) customShortcut(sh *desktop.CustomShortcut) bool {
	ctrl := sh.Modifier&(fyne.KeyModifierShortcutDefault) != 0
	shift := sh.Modifier&fyne.KeyModifierShift != 0
	if !ctrl {
		return false
	}
	switch sh.KeyName {
	case fyne.KeyPlus, fyne.KeyEqual:
		v.SetZoom(stepZoom(v.zoom, 1))
		return true
	case fyne.KeyMinus:
		v.SetZoom(stepZoom(v.zoom, -1))
		return true
	case fyne.Key0:
		v.SetZoom(1)
		return true
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
		if shift {
			return v.extendByKey(sh.KeyName, true)
		}
	}
	return false
}

// copySelection puts the selected text on the clipboard.
func (v *DocView) copySelection() {
	if s := v.SelectedText(); s != "" {
		fyne.CurrentApp().Clipboard().SetContent(s)
	}
}
