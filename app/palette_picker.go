package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// palettePicker chooses a colour from annotate.Palette: a row of swatches,
// the chosen one ringed.
type palettePicker struct {
	widget.BaseWidget

	color string
	root  fyne.CanvasObject
	rings []*canvas.Circle
}

func newPalettePicker(selected string) *palettePicker {
	pp := &palettePicker{color: strings.ToLower(selected)}
	var objs []fyne.CanvasObject
	for _, c := range annotate.Palette {
		ring := canvas.NewCircle(color.Transparent)
		ring.StrokeWidth = 2
		dot := canvas.NewCircle(tagColor(c))
		btn := widget.NewButton("", func() { pp.set(c) })
		btn.Importance = widget.LowImportance
		cell := container.NewStack(btn, ring, container.NewPadded(dot))
		pp.rings = append(pp.rings, ring)
		objs = append(objs, cell)
	}
	pp.root = container.NewGridWrap(fyne.NewSize(26, 26), objs...)
	pp.ExtendBaseWidget(pp)
	pp.set(pp.color)
	return pp
}

// set chooses colour c.
func (pp *palettePicker) set(c string) {
	pp.color = c
	for i, p := range annotate.Palette {
		if p == c {
			pp.rings[i].StrokeColor = theme.Color(theme.ColorNameForeground)
		} else {
			pp.rings[i].StrokeColor = color.Transparent
		}
		pp.rings[i].Refresh()
	}
}

// CreateRenderer shows the swatches.
func (pp *palettePicker) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(pp.root)
}
