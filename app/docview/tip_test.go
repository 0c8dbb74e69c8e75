package docview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// hoverAt moves the pointer to p over the view.
func hoverAt(v *DocView, p fyne.Position) {
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
}

// stacked is the fox text with three passages over "brown fox", by three
// coders.
func stacked(t *testing.T) (*DocView, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v, w := newView(t, fox, 600, 300)
	v.SetTags(testTags)
	ps := []*annotate.Passage{
		passage(t, fox, "p1", "quick brown fox jumps", "cyber"),
		passage(t, fox, "p2", "brown fox", "rights"),
		passage(t, fox, "p3", "fox", "amb"),
	}
	for i, who := range []string{"Ada Lovelace", "Sam Carter", "Ben"} {
		ps[i].Author = who
	}
	v.SetPassages(ps)
	return v, w
}

// TestHoverSaysWhoCoded rests the pointer on each band over "fox" and on
// a margin stripe: the label names the code and its coder, says how many
// passages are stacked there, and is drawn in the view; it goes when the
// pointer leaves.
func TestHoverSaysWhoCoded(t *testing.T) {
	old := tipDelay
	tipDelay = 0
	t.Cleanup(func() { tipDelay = old })
	v, w := stacked(t)
	g := v.geom()
	s := v.runesIndex(t, "fox")
	mid := midChar(v, s)
	top := mid.Y - g.textH/2
	for j, want := range []string{"Cyber red lines — coded by Ada Lovelace", "Human rights — coded by Sam Carter", "Ambassadors — coded by Ben"} {
		hoverAt(v, fyne.NewPos(mid.X, top+g.textH*(float32(j)+0.5)/3))
		got := v.TipText()
		if !strings.HasPrefix(got, want) || !strings.Contains(got, "3 passages here: Alt+Down") {
			t.Errorf("band %d: the label says %q, want %q and the 3 passages", j+1, got, want)
		}
	}
	drawn := false
	for _, o := range test.LaidOutObjects(w.Content()) {
		if tx, ok := o.(*canvas.Text); ok && tx.Text == v.TipText() {
			drawn = true
		}
	}
	if !drawn {
		t.Error("the label is not drawn")
	}
	hoverAt(v, v.PositionOf(v.runesIndex(t, "lazy")))
	if got := v.TipText(); got != "" {
		t.Errorf("over plain text the label says %q", got)
	}
	// The margin stripe of lane 0 (Cyber red lines, by Ada).
	stripe := fyne.NewPos(stripeX(g, 0)+1, mid.Y)
	hoverAt(v, stripe)
	if got := v.TipText(); !strings.HasPrefix(got, "Cyber red lines — coded by Ada Lovelace") {
		t.Errorf("on the stripe the label says %q", got)
	}
	if v.Cursor() != desktop.PointerCursor {
		t.Error("the pointer over a stripe is not the hand")
	}
	v.MouseOut()
	if v.TipText() != "" {
		t.Error("the label stays after the pointer left")
	}
}

// TestClickOnAStripeSelectsItsPassage clicks each lane's margin stripe
// beside "fox": each selects its own passage.
func TestClickOnAStripeSelectsItsPassage(t *testing.T) {
	v, _ := stacked(t)
	var tapped *annotate.Passage
	v.OnPassageTapped = func(p *annotate.Passage) { tapped = p }
	g := v.geom()
	y := v.PositionOf(v.runesIndex(t, "fox")).Y
	for lane, want := range []string{"p1", "p2", "p3"} {
		p := fyne.NewPos(stripeX(g, lane)+1, y)
		press(v, p, 0)
		v.Tapped(&fyne.PointEvent{Position: p})
		v.mouse.downAt = v.mouse.downAt.Add(-multiClickTime)
		if tapped == nil || tapped.ID != want || v.selectedID != want {
			t.Errorf("a click on lane %d's stripe selected %v, want %s", lane, tapped, want)
		}
	}
}

// TestAltDownGoesThroughStackedPassages clicks "fox", where three
// passages overlap, and presses Alt+Down and Alt+Up: each key selects the
// next or previous passage there, round and round.
func TestAltDownGoesThroughStackedPassages(t *testing.T) {
	v, _ := stacked(t)
	var tapped []string
	v.OnPassageTapped = func(p *annotate.Passage) { tapped = append(tapped, p.ID) }
	v.SetSelection(v.runesIndex(t, "ox"), v.runesIndex(t, "ox"))
	key := func(k fyne.KeyName) {
		v.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt})
	}
	for i := 0; i < 4; i++ {
		key(fyne.KeyDown)
	}
	key(fyne.KeyUp)
	if got := strings.Join(tapped, " "); got != "p1 p2 p3 p1 p3" {
		t.Errorf("Alt+Down ×4 then Alt+Up selected %s, want p1 p2 p3 p1 p3", got)
	}
	if v.selectedID != "p3" {
		t.Errorf("the view emphasises %q", v.selectedID)
	}
}
