package app

import "fyne.io/fyne/v2"

// flowLayout places objects left to right at their minimum size, wrapping
// to a new row when the next would not fit: the codebook's chips.
type flowLayout struct {
	gap float32
}

// flowPositions returns where objects of the given sizes go in a row of
// width w with gap between them, and the total height. An object wider
// than the row gets a row of its own.
func flowPositions(sizes []fyne.Size, w, gap float32) ([]fyne.Position, float32) {
	pos := make([]fyne.Position, len(sizes))
	var x, y, rowH float32
	for i, s := range sizes {
		if x > 0 && x+s.Width > w {
			x, y = 0, y+rowH+gap
			rowH = 0
		}
		pos[i] = fyne.NewPos(x, y)
		x += s.Width + gap
		rowH = max(rowH, s.Height)
	}
	if len(sizes) == 0 {
		return pos, 0
	}
	return pos, y + rowH
}

func (l *flowLayout) visible(objs []fyne.CanvasObject) ([]fyne.CanvasObject, []fyne.Size) {
	var vis []fyne.CanvasObject
	var sizes []fyne.Size
	for _, o := range objs {
		if o.Visible() {
			vis = append(vis, o)
			sizes = append(sizes, o.MinSize())
		}
	}
	return vis, sizes
}

// Layout places the objects in rows.
func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis, sizes := l.visible(objs)
	pos, _ := flowPositions(sizes, size.Width, l.gap)
	for i, o := range vis {
		o.Move(pos[i])
		o.Resize(sizes[i])
	}
}

// MinSize is as wide as the widest object and as tall as the rows need at
// the container's current width.
func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	_, sizes := l.visible(objs)
	var w float32
	for _, s := range sizes {
		w = max(w, s.Width)
	}
	return fyne.NewSize(w, 0)
}

// heightFor returns the height the objects need in rows of width w.
func (l *flowLayout) heightFor(objs []fyne.CanvasObject, w float32) float32 {
	_, sizes := l.visible(objs)
	_, h := flowPositions(sizes, w, l.gap)
	return h
}

// stackLayout stacks its objects top to bottom at full width: every one at
// its minimum height except the last, which takes the rest. A flow
// container among them gets the height its rows need at that width, which
// a plain VBox cannot give.
type stackLayout struct {
	gap float32
}

// shown reports whether o takes room: visible, and for a container, with
// something visible in it (a find bar that hid itself leaves no gap).
func shown(o fyne.CanvasObject) bool {
	if !o.Visible() {
		return false
	}
	if c, ok := o.(*fyne.Container); ok && len(c.Objects) > 0 {
		for _, k := range c.Objects {
			if k.Visible() {
				return true
			}
		}
		return false
	}
	return true
}

func (l *stackLayout) heightOf(o fyne.CanvasObject, w float32) float32 {
	if c, ok := o.(*fyne.Container); ok {
		if fl, ok := c.Layout.(interface {
			heightFor([]fyne.CanvasObject, float32) float32
		}); ok {
			return fl.heightFor(c.Objects, w)
		}
	}
	return o.MinSize().Height
}

// Layout places the objects.
func (l *stackLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var y float32
	for i, o := range objs {
		if !shown(o) {
			continue
		}
		h := l.heightOf(o, size.Width)
		if i == len(objs)-1 {
			h = max(size.Height-y, 0)
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + l.gap
	}
}

// MinSize is the widest minimum width and the sum of minimum heights.
func (l *stackLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !shown(o) {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height += float32(n-1) * l.gap
	}
	return s
}

// minWidthLayout stacks its objects, asking for at least width w: the
// side tabs ask for room for all three labels, so that a narrow window
// does not fold the Codebook tab away.
type minWidthLayout struct {
	w func() float32
}

// Layout gives every object the whole size.
func (l *minWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize is the objects' largest, at least w wide.
func (l *minWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w(), 0)
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(max(s.Width, m.Width), max(s.Height, m.Height))
	}
	return s
}
