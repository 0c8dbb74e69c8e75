package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// chip is a tag shown as a small rounded label in the tag's colour, with an
// optional key hint ("1") and an optional remove button. Tapping it calls
// OnTapped.
type chip struct {
	widget.BaseWidget

	Key      string // shortcut shown before the name, "" for none
	Name     string
	Color    color.Color
	OnTapped func()
	OnRemove func() // when set, a × after the name removes the tag
	// Grouping shows a grouping code, which is never applied: outlined,
	// its name in italics.
	Grouping bool
	hovered  bool
}

var (
	_ fyne.Tappable      = (*chip)(nil)
	_ desktop.Hoverable  = (*chip)(nil)
	_ desktop.Cursorable = (*chip)(nil)
)

// newChip returns a chip for tag.
func newChip(tag *annotate.Tag, key string, onTapped func()) *chip {
	c := &chip{Key: key, Name: tag.Name, Color: tagColor(tag.Color), OnTapped: onTapped, Grouping: tag.Grouping}
	if tag.Grouping {
		c.Key = ""
	}
	c.ExtendBaseWidget(c)
	return c
}

// Tapped calls OnTapped, or OnRemove when the × was hit.
func (c *chip) Tapped(ev *fyne.PointEvent) {
	if c.OnRemove != nil && ev.Position.X > c.Size().Width-c.removeWidth() {
		c.OnRemove()
		return
	}
	if c.OnTapped != nil {
		c.OnTapped()
	}
}

func (c *chip) removeWidth() float32 {
	return theme.IconInlineSize() + theme.InnerPadding()/2
}

// MouseIn highlights the chip.
func (c *chip) MouseIn(*desktop.MouseEvent) { c.hovered = true; c.Refresh() }

// MouseMoved does nothing.
func (c *chip) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (c *chip) MouseOut() { c.hovered = false; c.Refresh() }

// Cursor is the pointer: chips are buttons.
func (c *chip) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer builds the chip's objects.
func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	r := &chipRenderer{c: c,
		bg:     canvas.NewRectangle(color.Transparent),
		swatch: canvas.NewCircle(color.Transparent),
		key:    canvas.NewText("", color.Black),
		name:   canvas.NewText("", color.Black),
		remove: canvas.NewImageFromResource(theme.CancelIcon()),
	}
	r.key.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type chipRenderer struct {
	c      *chip
	bg     *canvas.Rectangle
	swatch *canvas.Circle
	key    *canvas.Text
	name   *canvas.Text
	remove *canvas.Image
}

func (r *chipRenderer) pad() float32 { return theme.InnerPadding() / 2 }

func (r *chipRenderer) Layout(size fyne.Size) {
	p := r.pad()
	r.bg.Resize(size)
	d := theme.TextSize() * 0.75
	x := p * 1.5
	r.swatch.Move(fyne.NewPos(x, (size.Height-d)/2))
	r.swatch.Resize(fyne.NewSize(d, d))
	x += d + p
	if r.c.Key != "" {
		ks := r.key.MinSize()
		r.key.Move(fyne.NewPos(x, (size.Height-ks.Height)/2))
		r.key.Resize(ks)
		x += ks.Width + p
	}
	ns := r.name.MinSize()
	r.name.Move(fyne.NewPos(x, (size.Height-ns.Height)/2))
	r.name.Resize(ns)
	is := theme.IconInlineSize()
	r.remove.Move(fyne.NewPos(size.Width-is-p, (size.Height-is)/2))
	r.remove.Resize(fyne.NewSize(is, is))
}

func (r *chipRenderer) MinSize() fyne.Size {
	p := r.pad()
	d := theme.TextSize() * 0.75
	w := p*1.5 + d + p + r.name.MinSize().Width + p*1.5
	if r.c.Key != "" {
		w += r.key.MinSize().Width + p
	}
	if r.c.OnRemove != nil {
		w += theme.IconInlineSize()
	}
	h := r.name.MinSize().Height + 2*p
	return fyne.NewSize(w, h)
}

func (r *chipRenderer) Refresh() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	r.bg.FillColor = withAlpha(r.c.Color, 0x30)
	if r.c.hovered {
		r.bg.FillColor = withAlpha(r.c.Color, 0x60)
	}
	if r.c.Grouping {
		r.bg.FillColor = color.Transparent
	}
	r.name.TextStyle.Italic = r.c.Grouping
	r.bg.StrokeColor = withAlpha(r.c.Color, 0xb0)
	r.bg.StrokeWidth = 1
	r.bg.CornerRadius = theme.InputRadiusSize() * 2
	r.swatch.FillColor = r.c.Color
	r.key.Text = r.c.Key
	r.key.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.key.TextSize = theme.TextSize()
	r.name.Text = r.c.Name
	r.name.Color = fg
	r.name.TextSize = theme.TextSize()
	r.remove.Hidden = r.c.OnRemove == nil
	r.bg.Refresh()
	r.swatch.Refresh()
	r.key.Refresh()
	r.name.Refresh()
	r.remove.Refresh()
	r.Layout(r.c.Size())
}

func (r *chipRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.swatch, r.key, r.name, r.remove}
}

func (r *chipRenderer) Destroy() {}
