package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
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
	d := dialog.NewCustom("Keyboard Shortcuts", "Close", container.NewVScroll(shortcutsTable()), win)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}

// shortcutsTable lists the shortcuts, the keys in a column as wide as the
// widest and what they do beside it, wrapped to the dialog's width: two
// equal columns as wide as the longest line made the dialog wider than
// the window and cut that line off.
func shortcutsTable() *fyne.Container {
	table := container.New(layout.NewFormLayout())
	for _, line := range strings.Split(strings.TrimSpace(shortcutsText()), "\n") {
		k, v, _ := strings.Cut(line, "\t")
		key := widget.NewLabel(k)
		key.TextStyle.Monospace = true
		what := widget.NewLabel(v)
		what.Wrapping = fyne.TextWrapWord
		table.Add(key)
		table.Add(what)
	}
	return table
}
