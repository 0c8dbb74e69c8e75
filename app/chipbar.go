package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chipBarLayout lays out the reading pane's code bar: the New code… box
// first (so that it never moves as codes are added), then the chips, in
// rows, at most maxRows() of them. Chips that do not fit are left out for
// a last button, "+N more (Ctrl+K)", that opens the code palette: on a
// small window the codes keep to one row instead of taking a third of the
// reading pane.
type chipBarLayout struct {
	gap     float32
	maxRows func() int     // 0: no limit
	more    *widget.Button // the last object
}

// plan returns which objects show and where, and the height they take, in
// rows of width w. objs are the New code… box, the chips and the more
// button.
func (l *chipBarLayout) plan(objs []fyne.CanvasObject, w float32) (shown []bool, pos []fyne.Position, sizes []fyne.Size, h float32) {
	n := len(objs)
	shown = make([]bool, n)
	sizes = make([]fyne.Size, n)
	for i, o := range objs {
		sizes[i] = o.MinSize()
	}
	rows := 0
	if l.maxRows != nil {
		rows = l.maxRows()
	}
	fits := func(k int) ([]fyne.Position, float32, bool) {
		// The box, the first k chips and, when chips are left out, the button.
		idx := make([]int, 0, k+2)
		idx = append(idx, 0)
		for i := 1; i <= k; i++ {
			idx = append(idx, i)
		}
		if k < n-2 {
			idx = append(idx, n-1)
		}
		ss := make([]fyne.Size, len(idx))
		for j, i := range idx {
			ss[j] = sizes[i]
		}
		ps, height := flowPositions(ss, w, l.gap)
		full := make([]fyne.Position, n)
		rowsUsed := 0
		var lastY float32 = -1
		for j, i := range idx {
			full[i] = ps[j]
			if ps[j].Y != lastY {
				rowsUsed++
				lastY = ps[j].Y
			}
		}
		return full, height, rows == 0 || rowsUsed <= rows
	}
	// The most chips that fit, with the button's longest label that lets
	// them: on a narrow pane "+8" leaves room for a chip "+8 more
	// (Ctrl+K)" would take.
	k, label := n-2, ""
	for ; k >= 0; k-- {
		labels := []string{""}
		if k < n-2 {
			left := n - 2 - k
			labels = []string{fmt.Sprintf("+%d more (Ctrl+K)", left), fmt.Sprintf("+%d more", left), fmt.Sprintf("+%d", left)}
		}
		found := false
		for _, lb := range labels {
			if lb != "" {
				sizes[n-1] = l.buttonSize(lb)
			}
			if p, height, ok := fits(k); ok || k == 0 && lb == labels[len(labels)-1] {
				pos, h, label, found = p, height, lb, true
				break
			}
		}
		if found {
			break
		}
	}
	k = max(k, 0)
	shown[0] = true
	for i := 1; i <= k; i++ {
		shown[i] = true
	}
	shown[n-1] = k < n-2
	if shown[n-1] {
		l.more.SetText(label)
		sizes[n-1] = l.more.MinSize()
	}
	return shown, pos, sizes, h
}

// buttonSize is the more button's size with the label text: its size
// now, wider or narrower by the difference of the two labels (a button's
// label is bold).
func (l *chipBarLayout) buttonSize(text string) fyne.Size {
	s := l.more.MinSize()
	if l.more.Text == text {
		return s
	}
	bold := fyne.TextStyle{Bold: true}
	size := theme.TextSize()
	s.Width += fyne.MeasureText(text, size, bold).Width - fyne.MeasureText(l.more.Text, size, bold).Width
	return s
}

// Layout places what fits and hides the rest.
func (l *chipBarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) < 2 {
		return
	}
	shown, pos, sizes, _ := l.plan(objs, size.Width)
	for i, o := range objs {
		if !shown[i] {
			o.Hide()
			continue
		}
		o.Move(pos[i])
		o.Resize(sizes[i])
		o.Show()
	}
}

// MinSize is as wide as the widest object; the height is the rows'
// (heightFor), which the reading pane's stack asks for at its width.
func (l *chipBarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, 0)
}

// heightFor returns the height the bar takes at width w.
func (l *chipBarLayout) heightFor(objs []fyne.CanvasObject, w float32) float32 {
	if len(objs) < 2 {
		return 0
	}
	_, _, _, h := l.plan(objs, w)
	return h
}
