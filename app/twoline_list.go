package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newTwoLineList is the list documents, memos, briefings, key quotes and
// disagreements are picked from: each item a line naming it (bold when
// bold is set) over a caption saying whose it is, when and what it holds,
// both cut short with an ellipsis. n is how many items there are; lines
// gives item i's two lines.
func newTwoLineList(bold bool, n func() int, lines func(i int) (title, caption string)) *widget.List {
	return widget.NewList(n,
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.TextStyle.Bold = bold
			title.Truncation = fyne.TextTruncateEllipsis
			caption := widget.NewLabel("caption")
			caption.SizeName = theme.SizeNameCaptionText
			caption.Truncation = fyne.TextTruncateEllipsis
			return container.New(&stackLayout{gap: -2 * theme.Padding()}, title, caption)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= n() {
				return
			}
			title, caption := lines(i)
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(title)
			c.Objects[1].(*widget.Label).SetText(caption)
		})
}
