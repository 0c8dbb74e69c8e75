package docview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// midChar is the middle of character cp, where a press lands inside it.
func midChar(v *DocView, cp int) fyne.Position {
	a, b := v.PositionOf(cp), v.PositionOf(cp+1)
	return fyne.NewPos((a.X+b.X)/2, a.Y)
}

// press presses the primary button at p with the modifier.
func press(v *DocView, p fyne.Position, mod fyne.KeyModifier) {
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

// dragPointer drags from the last press, at from, to to.
func dragPointer(v *DocView, from, to fyne.Position) {
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
}

// TestDragSnapsToWords drags from inside "quick": by characters while the
// pointer stays in the word, by whole words (the first included) once it
// leaves it, and by characters all along with Ctrl held at the press.
func TestDragSnapsToWords(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	from := midChar(v, v.runesIndex(t, "uick")) // on the u of quick
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	s0, _ := v.Selection()
	inWord := midChar(v, v.runesIndex(t, "ck brown"))
	dragPointer(v, from, inWord)
	if got := v.SelectedText(); got == "" || len(got) > 4 || got == "quick" {
		t.Errorf("a drag inside the word selected %q, want its characters", got)
	}
	intoBrown := midChar(v, v.runesIndex(t, "own fox"))
	dragPointer(v, inWord, intoBrown)
	if got := v.SelectedText(); got != "quick brown" {
		t.Errorf("a drag from inside quick to inside brown selected %q, want the whole words", got)
	}
	back := midChar(v, v.runesIndex(t, "The")+1)
	dragPointer(v, intoBrown, back)
	if got := v.SelectedText(); got != "The quick" {
		t.Errorf("a drag back to inside The selected %q, want The quick", got)
	}
	v.DragEnd()
	if s0 < 4 || s0 > 6 {
		t.Fatalf("the press put the caret at %d, not inside quick", s0)
	}

	// With Ctrl at the press, characters all the way.
	v.mouse.downAt = v.mouse.downAt.Add(-multiClickTime) // a new click, not a double-click
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShortcutDefault})
	dragPointer(v, from, intoBrown)
	s, e := v.Selection()
	if want := v.runesIndex(t, "own fox"); s != s0 || e < want || e > want+1 {
		t.Errorf("a Ctrl-drag selected [%d, %d) %q, want from %d to within \"brown\"", s, e, v.SelectedText(), s0)
	}
	v.DragEnd()
}

// TestShiftClickAfterDoubleClickExtendsByWords double-clicks "fox", then
// shift-clicks inside "lazy": the selection runs from fox to the end of
// lazy; shift-clicking inside "quick" then runs from quick to the end of
// fox, the word double-clicked staying whole.
func TestShiftClickAfterDoubleClickExtendsByWords(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	fx := midChar(v, v.runesIndex(t, "ox jumps"))
	press(v, fx, 0)
	press(v, fx, 0)
	if got := v.SelectedText(); got != "fox" {
		t.Fatalf("the double-click selected %q", got)
	}
	press(v, midChar(v, v.runesIndex(t, "azy")), fyne.KeyModifierShift)
	if got := v.SelectedText(); got != "fox jumps over the lazy" {
		t.Errorf("shift-click after the double-click selected %q, want fox jumps over the lazy", got)
	}
	press(v, midChar(v, v.runesIndex(t, "uick")), fyne.KeyModifierShift)
	if got := v.SelectedText(); got != "quick brown fox" {
		t.Errorf("shift-click back selected %q, want quick brown fox", got)
	}
	// After a single click, shift-click extends to the character.
	v.mouse.downAt = v.mouse.downAt.Add(-multiClickTime)
	press(v, midChar(v, v.runesIndex(t, "jumps")), 0)
	v.mouse.downAt = v.mouse.downAt.Add(-multiClickTime)
	to := v.runesIndex(t, "mps over")
	press(v, v.PositionOf(to), fyne.KeyModifierShift)
	if _, e := v.Selection(); e != to {
		t.Errorf("shift-click after a click ends the selection at %d, want %d", e, to)
	}
}

// TestWheelScrollsThreeLines turns the wheel a notch down and back up: the
// text moves three of its lines each way, at any zoom.
func TestWheelScrollsThreeLines(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, bigText(t, 20_000), 600, 300)
	for _, zoom := range []float32{1, 2} {
		v.SetZoom(zoom)
		v.scrollY = 0
		g := v.geom()
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -wheelNotch)})
		if want := 3 * g.metrics.LineHeight; abs(v.scrollY-want) > 0.01 {
			t.Errorf("zoom %v: a notch down scrolled %v px, want three lines (%v px)", zoom, v.scrollY, want)
		}
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, wheelNotch/2)})
		if want := 1.5 * g.metrics.LineHeight; abs(v.scrollY-want) > 0.01 {
			t.Errorf("zoom %v: half a notch up left the view at %v px, want %v", zoom, v.scrollY, want)
		}
	}
}
