package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tabPane holds the content of one of the side tabs. container.AppTabs
// refreshes the content of every tab each time one is chosen, and shows
// the chosen one, which refreshes it again: every panel was drawn anew at
// each click on a tab, the Codebook's rows and the Passages tab's whole
// list among them, a quarter of a second under software GL. The panels
// refresh themselves where what they show changes, so a pane passes a
// Refresh on to its content only when the theme changed; otherwise it
// only has the window drawn again.
type tabPane struct {
	widget.BaseWidget
	content fyne.CanvasObject
	drawn   paneLook          // the theme the content was last refreshed in
	mark    fyne.CanvasObject // refreshed to have the window drawn again
}

// paneLook is what of the theme a refresh of the content would change.
type paneLook struct {
	variant              fyne.ThemeVariant
	fg, bg, primary      [4]uint32
	text, padding, inner float32
}

// newTabPane returns a pane holding content.
func newTabPane(content fyne.CanvasObject) *tabPane {
	rect := canvas.NewRectangle(color.Transparent)
	p := &tabPane{content: content, mark: rect}
	p.ExtendBaseWidget(p)
	p.drawn = p.look()
	return p
}

// look is the theme's look now.
func (p *tabPane) look() paneLook {
	th := p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rgba := func(c color.Color) [4]uint32 {
		r, g, b, a := c.RGBA()
		return [4]uint32{r, g, b, a}
	}
	return paneLook{variant: v,
		fg: rgba(th.Color(theme.ColorNameForeground, v)), bg: rgba(th.Color(theme.ColorNameBackground, v)),
		primary: rgba(th.Color(theme.ColorNamePrimary, v)),
		text:    th.Size(theme.SizeNameText), padding: th.Size(theme.SizeNamePadding), inner: th.Size(theme.SizeNameInnerPadding)}
}

// Refresh refreshes the content when the theme changed since it was last
// refreshed, and otherwise only has the window drawn again.
func (p *tabPane) Refresh() {
	if now := p.look(); now != p.drawn {
		p.drawn = now
		p.BaseWidget.Refresh()
		return
	}
	canvas.Refresh(p.mark)
}

// CreateRenderer shows the content, and the mark behind it.
func (p *tabPane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(p.mark, p.content))
}
