// Rows is the floor the Passages tab's keystroke benchmark compares Gloss
// with: a bare Fyne window, none of Gloss's widgets in it, of the size
// the benchmark gives Gloss (1600×900), holding a text filter and a
// widget.List of rows shaped like the Passages tab's (a code's bar, a
// line of context, bold quote and context, a line of small type below
// it, a star button) as many on the screen as Gloss shows, about as wide
// and with texts about as long. Every key typed into the filter, after
// the same 150 ms pause, changes the texts of every row, as a new listing
// does in Gloss. It runs the stall watchdog Gloss's end-to-end build runs
// (app/internal/uiwatch) and prints on standard output, as that build
// does, "e2e passages N TEXT" once the rows show the listing for TEXT.
package main

import (
	"fmt"
	"image/color"
	"os"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/app/internal/uiwatch"
)

// The Passages tab's geometry in Gloss's window at 1600×900 (read off a
// screenshot of the benchmark's window): the tab's width, how far down
// its list starts, below the tabs and the filters above it, how far up
// from the bottom it ends, above the status bar, and a row's height
// without the list's separator.
const (
	panelWidth   = 450
	listTop      = 313
	listFromFoot = 40
	rowHeight    = 52
)

// typingDelay is the pause after a key before the rows change, the
// Passages tab's.
const typingDelay = 150 * time.Millisecond

var printMu sync.Mutex

// event prints an event for the benchmark.
func event(format string, args ...any) {
	printMu.Lock()
	defer printMu.Unlock()
	fmt.Fprintf(os.Stdout, "e2e "+format+"\n", args...)
}

// words are what the rows' texts are made of.
var words = strings.Fields(`the summit talks ambassadors would return to their posts president
	said relations sanctions cyber attacks infrastructure election human rights navalny ukraine
	press conference constructive positive agenda against russia geneva villa meeting leaders`)

// text returns n words from the k-th on, a different run for each k.
func text(k, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[(k*7+i*3)%len(words)]
	}
	return strings.Join(w, " ")
}

// row is the objects of one row.
type row struct {
	bar                        *canvas.Rectangle
	before, quote, after, meta *canvas.Text
}

func main() {
	a := app.NewWithID("io.gloss.rows")
	w := a.NewWindow("Rows")
	var (
		filter   string // the listing shown is for this text
		total    = 100000
		typing   *time.Timer
		list     *widget.List
		count    = widget.NewLabel(fmt.Sprintf("%d passages", total))
		bars     = []color.Color{theme.Color(theme.ColorNamePrimary), theme.Color(theme.ColorNameError), theme.Color(theme.ColorNameSuccess)}
		rowsMade = map[fyne.CanvasObject]*row{}
	)
	list = widget.NewList(
		func() int { return total },
		func() fyne.CanvasObject {
			r := &row{
				bar:    canvas.NewRectangle(color.Transparent),
				before: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
				quote:  canvas.NewText("", theme.Color(theme.ColorNameForeground)),
				after:  canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
				meta:   canvas.NewText("", theme.Color(theme.ColorNameForeground)),
			}
			r.bar.SetMinSize(fyne.NewSize(4, rowHeight))
			r.quote.TextStyle.Bold = true
			r.meta.TextSize = theme.CaptionTextSize()
			star := widget.NewButtonWithIcon("", theme.ContentAddIcon(), nil)
			star.Importance = widget.LowImportance
			line := container.New(layout.NewCustomPaddedHBoxLayout(0), r.before, r.quote, r.after)
			o := container.NewBorder(nil, nil, r.bar, star, container.NewVBox(line, r.meta))
			rowsMade[o] = r
			return o
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := rowsMade[o]
			k := i + len(filter)*31
			r.bar.FillColor = bars[k%len(bars)]
			r.bar.Refresh()
			r.before.Text = fmt.Sprintf("…%s (%d.%d). ", text(k, 1), k%1000, k%100)
			r.quote.Text = "“" + text(k+1, 4) + "…"
			r.after.Text = ""
			r.meta.Text = fmt.Sprintf("Article %04d · Code %02d · A Colleague", k%1000, k%20)
			for _, t := range []*canvas.Text{r.before, r.quote, r.after, r.meta} {
				t.Refresh()
			}
		},
	)
	entry := widget.NewEntry()
	entry.SetPlaceHolder("Words in quote or note")
	entry.OnChanged = func(s string) {
		if typing != nil {
			typing.Stop()
		}
		typing = time.AfterFunc(typingDelay, func() {
			fyne.Do(func() {
				if entry.Text != s {
					return // typed on meanwhile
				}
				filter, total = s, 100000-len(s)*9000
				count.SetText(fmt.Sprintf("%d passages", total))
				list.Refresh()
				event("passages %d %s", total, s)
			})
		})
	}
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(fyne.NewSize(panelWidth, listTop-entry.MinSize().Height-count.MinSize().Height-3*theme.Padding()))
	foot := canvas.NewRectangle(color.Transparent)
	foot.SetMinSize(fyne.NewSize(panelWidth, listFromFoot-theme.Padding()))
	panel := container.NewBorder(container.NewVBox(space, entry, count), foot, nil, nil, list)
	split := container.NewHSplit(layout.NewSpacer(), panel)
	split.Offset = 1 - float64(panelWidth)/1600
	w.SetContent(split)
	w.Resize(fyne.NewSize(1600, 900))
	uiwatch.Start(event, nil)
	w.ShowAndRun()
}
