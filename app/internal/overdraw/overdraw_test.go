package overdraw

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
)

// sized returns o with its size and position set.
func sized[T fyne.CanvasObject](o T, x, y, w, h float32) T {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	return o
}

// TestMeasureAddsWhatThePainterShades lays out objects by hand in a
// 200×100 window and checks what a frame shades: an opaque rectangle
// over its area, a rectangle filled with color.Transparent not at all
// (the painter skips it), one filled with another zero color over its
// whole area and reported invisible, hidden objects and spacers not at
// all, and a scroll's content only where the scroll shows it.
func TestMeasureAddsWhatThePainterShades(t *testing.T) {
	test.NewTempApp(t)
	opaque := sized(canvas.NewRectangle(color.White), 0, 0, 100, 50)         // 5,000 px
	skipped := sized(canvas.NewRectangle(color.Transparent), 0, 0, 200, 100) // none
	zero := sized(canvas.NewRectangle(color.NRGBA{}), 100, 0, 50, 20)        // 1,000 px, invisible
	hidden := sized(canvas.NewRectangle(color.Black), 0, 0, 200, 100)        // none
	hidden.Hide()
	spacer := sized(layout.NewSpacer(), 0, 0, 200, 100) // none
	tall := canvas.NewRectangle(color.Black)            // 400 px of 20×1,000
	tall.SetMinSize(fyne.NewSize(20, 1000))
	scroll := sized(container.NewVScroll(tall), 150, 50, 20, 20)
	tall.Resize(fyne.NewSize(20, 1000))
	below := sized(canvas.NewRectangle(color.Black), 0, 0, 20, 20) // outside the scroll's view
	inner := container.NewWithoutLayout(below)
	below.Move(fyne.NewPos(0, 500))
	scroll2 := sized(container.NewVScroll(inner), 0, 60, 20, 20)
	inner.Resize(fyne.NewSize(20, 600))

	root := container.NewWithoutLayout(opaque, skipped, zero, hidden, spacer, scroll, scroll2)
	w := test.NewTempWindow(t, root)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(200, 100))
	root.Resize(fyne.NewSize(200, 100))

	f := Measure(w.Canvas())
	for _, c := range []struct {
		name string
		o    fyne.CanvasObject
		want float32
	}{
		{"opaque", opaque, 5000}, {"color.Transparent", skipped, 0}, {"color.NRGBA{}", zero, 1000},
		{"hidden", hidden, 0}, {"spacer", spacer, 0}, {"in the scroll", tall, 400}, {"out of the scroll's view", below, 0},
	} {
		if got := areaOf(f, c.o); got != c.want {
			t.Errorf("%s rectangle: %g px shaded, want %g:\n%s", c.name, got, c.want, f)
		}
	}
	inv := f.Invisible()
	if len(inv) != 1 || inv[0].Obj != zero {
		t.Errorf("invisible draws %+v, want the zero-colored rectangle's alone", inv)
	}
	// The scroll's own shadow and bar are drawn over its content.
	covered, area := f.Covered(), f.Area()
	if covered != 6400 || area <= 6400 {
		t.Errorf("a frame covers %d px and shades %g, want 6,400 and more", covered, area)
	}

	// A second opaque rectangle over the first doubles what its pixels
	// cost, not what is covered.
	root.Add(sized(canvas.NewRectangle(color.Black), 0, 0, 100, 50))
	f = Measure(w.Canvas())
	if f.Area() != area+5000 || f.Covered() != covered {
		t.Errorf("with a rectangle over another: %g px shaded, %d covered, want %g and %d", f.Area(), f.Covered(), area+5000, covered)
	}
}

// areaOf is what o's draw calls shade in f.
func areaOf(f *Frame, o fyne.CanvasObject) float32 {
	var a float32
	for _, d := range f.Draws {
		if d.Obj == o {
			a += d.Area
		}
	}
	return a
}
