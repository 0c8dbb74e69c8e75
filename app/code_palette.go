package app

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// codePalette is the searchable list of codes Ctrl+K opens over the
// window: typing filters the codes, Up and Down move among them, Enter
// applies the one highlighted (or creates a code of the name typed when
// none matches), Escape closes it. It reaches every code however many the
// codebook holds, whatever room the chips have.
type codePalette struct {
	OnApply func(tagID string)
	OnNew   func(name string)

	cb      *codebook
	entry   *paletteEntry
	list    *widget.List
	hint    *widget.Label
	matches []*annotate.Tag
	cur     int
	popup   *widget.PopUp
}

// paletteEntry is the palette's filter box: it passes Up, Down, Enter and
// Escape to the palette.
type paletteEntry struct {
	widget.Entry
	p *codePalette
}

// TypedKey moves in the list, applies or closes; other keys edit the text.
func (e *paletteEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		e.p.move(1)
	case fyne.KeyUp:
		e.p.move(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.p.choose()
	case fyne.KeyEscape:
		e.p.hide()
	default:
		e.Entry.TypedKey(ev)
	}
}

func newCodePalette() *codePalette {
	p := &codePalette{cb: newCodebook(nil)}
	p.entry = &paletteEntry{p: p}
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder("Type to find a code, or a new code's name")
	p.entry.OnChanged = func(string) { p.filter() }
	p.hint = widget.NewLabel("")
	p.hint.SizeName = theme.SizeNameCaptionText
	p.list = widget.NewList(
		func() int { return len(p.matches) },
		func() fyne.CanvasObject {
			d := theme.TextSize()
			sw := container.NewCenter(container.NewGridWrap(fyne.NewSize(d, d), canvas.NewCircle(color.Transparent)))
			key := widget.NewLabel("9")
			key.TextStyle.Bold = true
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewHBox(sw, key), nil, name)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.matches) {
				return
			}
			t := p.matches[i]
			c := o.(*fyne.Container)
			left := c.Objects[1].(*fyne.Container)
			sw := left.Objects[0].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle)
			sw.FillColor = tagColor(t.Color)
			sw.Refresh()
			left.Objects[1].(*widget.Label).SetText(p.cb.keyOf(t))
			c.Objects[0].(*widget.Label).SetText(p.cb.indented(t))
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if i != p.cur {
			p.cur = i
			p.choose()
		}
	}
	return p
}

// show opens the palette on canvas c over the codes of cb.
func (p *codePalette) show(c fyne.Canvas, cb *codebook) {
	p.cb = cb
	p.entry.SetText("")
	p.filter()
	content := container.NewBorder(container.NewVBox(p.entry, p.hint), nil, nil, nil, p.list)
	p.popup = widget.NewModalPopUp(content, c)
	size := c.Size()
	w := min(float32(440), size.Width-40)
	h := min(float32(380), size.Height-80)
	p.popup.Resize(fyne.NewSize(w, h))
	p.popup.Move(fyne.NewPos((size.Width-w)/2, max(20, size.Height/8)))
	p.popup.Show()
	c.Focus(p.entry)
}

// visible reports whether the palette is open.
func (p *codePalette) visible() bool { return p.popup != nil && p.popup.Visible() }

func (p *codePalette) hide() {
	if p.popup != nil {
		p.popup.Hide()
	}
}

// filter lists the codes whose name contains every word typed, those
// starting with what was typed first.
func (p *codePalette) filter() {
	q := strings.ToLower(strings.TrimSpace(p.entry.Text))
	words := strings.Fields(q)
	var first, rest []*annotate.Tag
	for _, t := range p.cb.tags {
		name := strings.ToLower(t.Name)
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(name, w)
		}
		switch {
		case !ok:
		case q != "" && strings.HasPrefix(name, q):
			first = append(first, t)
		default:
			rest = append(rest, t)
		}
	}
	p.matches = append(first, rest...)
	p.cur = 0
	p.list.UnselectAll()
	p.list.Refresh()
	p.highlight()
	switch {
	case len(p.matches) == 0 && q != "":
		p.hint.SetText(fmt.Sprintf("No code matches: Enter creates “%s”.", strings.TrimSpace(p.entry.Text)))
	case len(p.matches) == 0:
		p.hint.SetText("The codebook is empty: type a name and press Enter to create a code.")
	default:
		p.hint.SetText("↑↓ choose · Enter applies it · Esc closes")
	}
}

// move highlights the next (1) or previous (-1) code.
func (p *codePalette) move(d int) {
	if len(p.matches) == 0 {
		return
	}
	p.cur = (p.cur + d + len(p.matches)) % len(p.matches)
	p.highlight()
}

// highlight shows the current code as selected, without applying it.
func (p *codePalette) highlight() {
	if p.cur >= len(p.matches) {
		return
	}
	on := p.list.OnSelected
	p.list.OnSelected = nil
	p.list.Select(p.cur)
	p.list.OnSelected = on
}

// choose applies the highlighted code, or creates one of the name typed
// when none matches, and closes the palette.
func (p *codePalette) choose() {
	name := strings.TrimSpace(p.entry.Text)
	p.hide()
	switch {
	case p.cur < len(p.matches):
		if p.OnApply != nil {
			p.OnApply(p.matches[p.cur].ID)
		}
	case name != "":
		if p.OnNew != nil {
			p.OnNew(name)
		}
	}
}
