package docview

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"

	"gloss/annotate"
)

// tipDelay is how long the pointer rests on a passage before the view
// says whose it is; 0 says so at once (tests).
var tipDelay = 450 * time.Millisecond

// tipState is the label shown by the pointer resting on a passage's band
// or margin stripe: its code and who coded it, and, where passages are
// stacked, how to reach the others.
type tipState struct {
	at    *code         // the code under the pointer
	pos   fyne.Position // where the pointer is
	shown bool
	gen   int // bumped when the pointer moves to another code
}

// tipObjects are the renderer's objects for the label.
type tipObjects struct {
	bg   *canvas.Rectangle
	text *canvas.Text
}

// pointAt follows the pointer over code c (nil for none) at pos: a new
// code hides the label and shows its own after tipDelay.
func (v *DocView) pointAt(c *code, pos fyne.Position) {
	t := &v.tip
	if c == t.at && c != nil {
		if !t.shown {
			t.pos = pos
		}
		return
	}
	t.gen++
	wasShown := t.shown
	t.at, t.pos, t.shown = c, pos, false
	if wasShown {
		v.Refresh()
	}
	if c == nil {
		return
	}
	if tipDelay == 0 {
		t.shown = true
		v.Refresh()
		return
	}
	gen := t.gen
	time.AfterFunc(tipDelay, func() {
		fyne.Do(func() {
			if v.tip.gen == gen && v.tip.at != nil {
				v.tip.shown = true
				v.Refresh()
			}
		})
	})
}

// hideTip hides the label (the view scrolled or was clicked).
func (v *DocView) hideTip() {
	if v.tip.shown || v.tip.at != nil {
		v.tip.gen++
		v.tip.at, v.tip.shown = nil, false
	}
}

// TipText is what the label says of the code under the pointer, "" when
// none is shown: the code's name and who coded the passage, and how many
// passages are stacked there.
func (v *DocView) TipText() string {
	c := v.tip.at
	if !v.tip.shown || c == nil {
		return ""
	}
	name := "(a deleted code)"
	if t := v.tags[c.tag]; t != nil {
		name = t.Name
	}
	who := c.p.Author
	if who == "" {
		who = "someone"
	}
	s := name + " — coded by " + who
	if here := v.stackAt(v.tipOffset()); len(here) > 1 {
		s += " · " + annotate.Count(len(here), "passage", "passages") + " here: Alt+Down goes through them"
	}
	return s
}

// tipOffset is the character the label is about: under the pointer, or
// the code's start for a margin stripe.
func (v *DocView) tipOffset() int {
	if i := v.charAtPos(v.tip.pos); i >= 0 {
		return i
	}
	if v.tip.at != nil {
		return v.tip.at.start
	}
	return 0
}

// drawTip places the label by the pointer, inside the view.
func (r *renderer) drawTip(g geometry, th fyne.Theme, variant fyne.ThemeVariant) {
	v := r.v
	s := v.TipText()
	if s == "" {
		return
	}
	if r.tip.text == nil {
		r.tip.bg = canvas.NewRectangle(color.Transparent)
		r.tip.text = canvas.NewText("", color.Black)
	}
	size := th.Size(theme.SizeNameCaptionText)
	pad := th.Size(theme.SizeNameInnerPadding) / 2
	tx, bg := r.tip.text, r.tip.bg
	tx.Text, tx.TextSize = s, size
	tx.Color = th.Color(theme.ColorNameForeground, variant)
	ts := fyne.MeasureText(s, size, fyne.TextStyle{})
	w, h := ts.Width+2*pad, ts.Height+2*pad
	x, y := v.tip.pos.X+12, v.tip.pos.Y+18
	if x+w > g.size.Width-4 {
		x = max(4, g.size.Width-4-w)
	}
	if y+h > g.size.Height-4 {
		y = max(4, v.tip.pos.Y-h-8)
	}
	bg.FillColor = th.Color(theme.ColorNameOverlayBackground, variant)
	bg.StrokeColor = th.Color(theme.ColorNameInputBorder, variant)
	bg.StrokeWidth = 1
	bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	bg.Move(fyne.NewPos(x, y))
	bg.Resize(fyne.NewSize(w, h))
	tx.Move(fyne.NewPos(x+pad, y+pad))
	tx.Resize(ts)
	bg.Refresh()
	tx.Refresh()
	r.objects = append(r.objects, bg, tx)
}

// stackAt returns the passages painted over character cp, in the order
// their bands are stacked (top first), each once.
func (v *DocView) stackAt(cp int) []*annotate.Passage {
	var out []*annotate.Passage
	seen := map[*annotate.Passage]bool{}
	for _, c := range v.codes.covering(cp) {
		if !seen[c.p] {
			seen[c.p] = true
			out = append(out, c.p)
		}
	}
	return out
}

// cycleStack selects the next (dir > 0) or previous passage stacked at
// the caret, after the one selected, and reports it as a tap on it would:
// Alt+Down and Alt+Up go through overlapping passages without the mouse.
func (v *DocView) cycleStack(dir int) bool {
	cp := v.caret
	if p := v.SelectedPassage(); p != nil && (cp < p.Start || cp >= p.End) {
		cp = p.Start
	}
	here := v.stackAt(cp)
	if len(here) == 0 && cp > 0 {
		here = v.stackAt(cp - 1) // the caret right after a passage
	}
	if len(here) == 0 {
		return false
	}
	i := -1
	for k, p := range here {
		if p.ID == v.selectedID {
			i = k
		}
	}
	switch {
	case i < 0 && dir < 0:
		i = len(here) - 1
	case i < 0:
		i = 0
	default:
		i = (i + dir + len(here)) % len(here)
	}
	p := here[i]
	v.selectedID = p.ID
	v.Refresh()
	if v.OnPassageTapped != nil {
		v.OnPassageTapped(p)
	}
	return true
}

// stackShortcut handles Alt+Down and Alt+Up.
func (v *DocView) stackShortcut(sh *desktop.CustomShortcut) bool {
	if sh.Modifier != fyne.KeyModifierAlt {
		return false
	}
	switch sh.KeyName {
	case fyne.KeyDown:
		return v.cycleStack(1)
	case fyne.KeyUp:
		return v.cycleStack(-1)
	}
	return false
}
