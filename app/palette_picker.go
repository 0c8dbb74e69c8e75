package app

import (
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// palettePicker chooses a colour from annotate.Palette: a row of swatches,
// the chosen one ringed. A code whose colour is not in the palette (one
// chosen for it once the palette was used up, or brought from another
// tool) has that colour first in the row, ringed, so that the dialog
// shows the colour the code has and it can be chosen back.
type palettePicker struct {
	widget.BaseWidget

	color  string
	colors []string
	root   fyne.CanvasObject
	rings  []*canvas.Circle
}

func newPalettePicker(selected string) *palettePicker {
	pp := &palettePicker{color: strings.ToLower(selected)}
	if annotate.ValidColor(pp.color) && !slices.Contains(annotate.Palette, pp.color) {
		pp.colors = append(pp.colors, pp.color)
	}
	pp.colors = append(pp.colors, annotate.Palette...)
	var objs []fyne.CanvasObject
	for _, c := range pp.colors {
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
	for i, p := range pp.colors {
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
