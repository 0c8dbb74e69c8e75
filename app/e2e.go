package app

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"gloss/annotate"
)

// e2eProbe supports the end-to-end test (app/e2e/run.sh), which drives the
// real binary under Xvfb with xdotool. With GLOSS_E2E=1 the app prints to
// stdout, one line each: the window rectangle of the quote named by
// GLOSS_E2E_QUOTE in the open document (where the test presses and
// releases the mouse), every selection change, every passage saved, and
// quitting. Nothing changes for anyone else.
type e2eProbe struct {
	u *ui
}

// startE2E returns the probe when GLOSS_E2E is set, else nil.
func startE2E(u *ui) *e2eProbe {
	if os.Getenv("GLOSS_E2E") == "" {
		return nil
	}
	p := &e2eProbe{u: u}
	u.trace = func(format string, args ...any) {
		fmt.Printf("e2e "+format+"\n", args...)
	}
	return p
}

// projectOpen waits until the reading view is laid out in the shown window,
// then prints where the quote is.
func (p *e2eProbe) projectOpen() {
	quote := os.Getenv("GLOSS_E2E_QUOTE")
	go func() {
		for i := 0; i < 600; i++ { // up to a minute for the first frame
			var done bool
			fyne.DoAndWait(func() { done = p.report(quote) })
			if done {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		fmt.Println("e2e error: the reading view was never laid out")
	}()
}

// report prints the drag rectangle once the view has a size; false means
// try again later.
func (p *e2eProbe) report(quote string) bool {
	u := p.u
	if u.doc == nil || u.view.Size().Width < 100 || u.view.Size().Height < 100 {
		return false
	}
	if quote == "" {
		u.trace("ready")
		return true
	}
	start, end, err := annotate.FindQuote(u.text, quote, 0)
	if err != nil {
		u.trace("error: %v", err)
		return true
	}
	trace := u.trace
	u.trace = nil // the probing taps are not the test's selections
	x1, y1, ok1 := p.caretPoint(start, false)
	x2, y2, ok2 := p.caretPoint(end, true)
	u.view.SetSelection(0, 0)
	u.selectPassage("")
	u.trace = trace
	if !ok1 || !ok2 {
		return false // not laid out yet
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.view)
	scale := u.win.Canvas().Scale()
	px := func(v, off float32) int { return int(math.Round(float64((v + off) * scale))) }
	q, _ := json.Marshal(quote)
	u.trace("drag %d %d %d %d %d %d %s", px(x1, abs.X), px(y1, abs.Y), px(x2, abs.X), px(y2, abs.Y), start, end, q)
	return true
}

// caretPoint finds, by tapping the view, a point that puts the caret at
// code point cp: on the line that holds it (the line it ends, when atEnd)
// and midway across the span of x that maps to it.
func (p *e2eProbe) caretPoint(cp int, atEnd bool) (x, y float32, ok bool) {
	v := p.u.view
	size := v.Size()
	at := func(x, y float32) int {
		v.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x, y)})
		s, _ := v.Selection()
		return s
	}
	left, right := float32(1), size.Width-24 // clear of the scroll bar
	holds := func(y float32) bool {
		ls, le := at(left, y), at(right, y)
		return (!atEnd && ls <= cp && cp < le) || (atEnd && ls < cp && cp <= le)
	}
	// The middle of the band of y on the line, so that rounding to whole
	// pixels cannot land on the next line.
	top := float32(-1)
	for y = 2; y < size.Height-2; y++ {
		if holds(y) {
			top = y
			break
		}
	}
	if top < 0 {
		return 0, 0, false
	}
	bottom := top
	for bottom+1 < size.Height-2 && holds(bottom+1) {
		bottom++
	}
	y = (top + bottom) / 2
	first := func(t int) float32 { // smallest x with offset >= t
		lo, hi := left, right
		for hi-lo > 0.25 {
			mid := (lo + hi) / 2
			if at(mid, y) >= t {
				hi = mid
			} else {
				lo = mid
			}
		}
		return hi
	}
	xa, xb := first(cp), right
	if at(right, y) > cp {
		xb = first(cp + 1)
	}
	return (xa + xb) / 2, y, true
}
