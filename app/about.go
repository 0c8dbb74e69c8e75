package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// showAbout says what Gloss is.
func showAbout(win fyne.Window) {
	icon := widget.NewIcon(iconResource())
	iconBox := container.NewGridWrap(fyne.NewSize(96, 96), icon)
	name := widget.NewLabel("Gloss " + Version)
	name.TextStyle.Bold = true
	name.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabel("Read, highlight and code articles; write notes; share and merge projects with colleagues; export briefings.\n\nA project is one file (.gloss): every change is saved in it as you work.")
	text.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(nil, nil, container.NewVBox(iconBox), nil, container.NewVBox(name, text))
	d := dialog.NewCustom("About Gloss", "Close", content, win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// showShortcuts lists the keyboard shortcuts.
func showShortcuts(win fyne.Window) {
	grid := container.NewGridWithColumns(2)
	for _, line := range strings.Split(strings.TrimSpace(shortcutsText()), "\n") {
		k, v, _ := strings.Cut(line, "\t")
		key := widget.NewLabel(k)
		key.TextStyle.Monospace = true
		grid.Add(key)
		grid.Add(widget.NewLabel(v))
	}
	d := dialog.NewCustom("Keyboard Shortcuts", "Close", container.NewVScroll(grid), win)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}
