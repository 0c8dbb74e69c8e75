package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// TestChipBarStaysCompact lays the window out at 900×600 with the sample
// codebook: the chips keep to one row, the codes that do not fit are
// behind "+N more (Ctrl+K)", the New code… box is first and stays where
// it is as codes are added, and at 1400×900 three rows hold them all.
func TestChipBarStaysCompact(t *testing.T) {
	u, _ := newTestUI(t)
	u.win.Resize(fyne.NewSize(900, 600))
	bar := u.reader.chips
	bar.Refresh()
	row := bar.Objects[0].Size().Height
	if h := bar.Size().Height; h > row*1.5 {
		t.Errorf("at 900×600 the chip bar is %v high, more than one row of %v", h, row)
	}
	more := bar.Objects[len(bar.Objects)-1]
	hidden := 0
	for _, o := range bar.Objects[1 : len(bar.Objects)-1] {
		if !o.Visible() {
			hidden++
		}
	}
	if hidden == 0 || !more.Visible() {
		t.Fatalf("at 900×600: %d chips left out, more button shown %v", hidden, more.Visible())
	}
	if hidden == len(bar.Objects)-2 {
		t.Errorf("at 900×600 every chip is behind the button")
	}
	if b := u.reader.chips.Layout.(*chipBarLayout).more.Text; !strings.HasPrefix(b, "+"+itoa(hidden)) {
		t.Errorf("the button says %q for %d codes left out", b, hidden)
	}
	if more.Position().X+more.Size().Width > bar.Size().Width {
		t.Errorf("the button ends at %v, past the bar's width %v", more.Position().X+more.Size().Width, bar.Size().Width)
	}
	box := bar.Objects[0].Position()
	if box.X != 0 || box.Y != 0 {
		t.Errorf("New code… is at %v, not first", box)
	}
	if err := u.proj.ed.createTag(&annotate.Tag{Name: "Venues"}); err != nil {
		t.Fatal(err)
	}
	u.afterEdit()
	if got := u.reader.chips.Objects[0].Position(); got != box {
		t.Errorf("New code… moved from %v to %v when a code was added", box, got)
	}

	u.win.Resize(fyne.NewSize(1400, 900))
	bar.Refresh()
	for i, o := range bar.Objects[1 : len(bar.Objects)-1] {
		if !o.Visible() {
			t.Errorf("at 1400×900 chip %d is left out", i+1)
		}
	}
	if h := bar.Size().Height; h > row*3.5 {
		t.Errorf("at 1400×900 the chip bar is %v high, more than three rows", h)
	}
}

// TestCodePaletteFindsAndApplies opens the palette with Ctrl+K's menu
// item, types part of a name, and presses Enter: the code is applied to
// the selection. A name no code has creates the code.
func TestCodePaletteFindsAndApplies(t *testing.T) {
	u, _ := newTestUI(t)
	s, e := selectQuote(t, u, quoteA)
	u.showCodePalette()
	if !u.palette.visible() || u.win.Canvas().Focused() != u.palette.entry {
		t.Fatal("the palette is not open with the keyboard in it")
	}
	test.Type(u.palette.entry, "navalny")
	if len(u.palette.matches) != 1 || u.palette.matches[0].Name != "Navalny & dissidents" {
		t.Fatalf("typing navalny lists %d codes", len(u.palette.matches))
	}
	u.palette.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.palette.visible() {
		t.Error("the palette stays open after Enter")
	}
	ps := allPassages(t, u.proj.db)
	if len(ps) != 1 || ps[0].Start != s || ps[0].End != e || ps[0].Tags[0] != u.cb.named("Navalny & dissidents").ID {
		t.Fatalf("after Enter: %+v", ps)
	}
	if u.win.Canvas().Focused() != u.view {
		t.Error("the keyboard did not go back to the reading view")
	}
	// Up and Down move; a new name creates the code.
	selectQuote(t, u, "Villa La Grange")
	u.showCodePalette()
	test.Type(u.palette.entry, "ion")
	n := len(u.palette.matches)
	u.palette.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if n < 2 || u.palette.cur != 1 {
		t.Fatalf("Down with %d matches left the palette on %d", n, u.palette.cur)
	}
	u.palette.entry.SetText("Venues")
	if len(u.palette.matches) != 0 || !strings.Contains(u.palette.hint.Text, "Enter creates “Venues”") {
		t.Fatalf("a new name: %d matches, hint %q", len(u.palette.matches), u.palette.hint.Text)
	}
	u.palette.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tag, err := u.proj.db.TagByName(bg, "Venues")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := u.proj.db.Passages(bg, annotate.PassageFilter{TagIDs: []string{tag.ID}}); len(got) != 1 || got[0].Quote != "Villa La Grange" {
		t.Fatalf("the new code coded %+v", got)
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

// TestSideTabsFitAt900 lays the window out at 900×600: the side tabs get
// the room all three labels need, Codebook included, and the reading
// pane keeps a readable width.
func TestSideTabsFitAt900(t *testing.T) {
	u, _ := newTestUI(t)
	u.win.Resize(fyne.NewSize(900, 600))
	if got, want := u.tabs.Size().Width, u.tabsWidth(); got < want {
		t.Errorf("at 900×600 the side tabs are %v wide, their labels need %v", got, want)
	}
	if w := u.reader.Size().Width; w < 400 {
		t.Errorf("at 900×600 the reading pane is %v wide", w)
	}
}
