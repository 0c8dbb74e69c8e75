// Hello is the smallest Fyne window, the baseline the end-to-end
// benchmarks compare Gloss's first window with: one label in a window of
// the size Gloss opens at, started the same way on the same display.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.gloss.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, world"))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
