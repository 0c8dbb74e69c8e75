package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"gloss/app/internal/overdraw"
)

// TestWindowShadesWhatItShows measures what a frame of the window shades
// (at 1600×900, the Passages tab open on a few coded passages), as Fyne's
// GL painter draws it: every object in the window at every frame in which
// anything changed, which under software GL costs about the pixels shaded
// (docs/PERFORMANCE.md, "What the rest of the window shades"). The
// painter skips a rectangle only when its fill is color.Transparent or
// nil, so one filled with another zero color (color.NRGBA{}) is shaded
// over its whole area for nothing the eye sees: there must be none. And
// a frame shades less than half the window's pixels, and each covered
// pixel less than 1.5 times on average, so that a background behind a
// panel, stacked on the window's (which the painter clears to the theme's
// colour for free), shows here.
func TestWindowShadesWhatItShows(t *testing.T) {
	u, _ := newTestUI(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
	})
	u.win.Resize(fyne.NewSize(1600, 900))
	u.tabs.SelectIndex(tabPassages)
	settle(u.plist)
	if n := len(listed(u.plist)); n != 3 {
		t.Fatalf("the tab lists %d passages, want 3", n)
	}
	f := overdraw.Measure(u.win.Canvas())
	for _, d := range f.Invisible() {
		t.Errorf("an invisible %s of %.0f px is shaded at every frame, in %s", d.Kind, d.Area, d.Path)
	}
	if s := f.Screens(); s >= 0.5 {
		t.Errorf("a frame shades %.2f times the window's pixels, want under 0.5", s)
	}
	if over := float64(f.Area()) / float64(f.Covered()); over >= 1.5 {
		t.Errorf("a frame shades each pixel it covers %.2f times, want under 1.5", over)
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("what a frame shades:\n%s", f)
	}
}
