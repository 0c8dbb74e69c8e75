package docview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// samplePassages codes the sample article with overlapping passages, one of
// them carrying two tags.
func samplePassages(t testing.TB, text string) []*annotate.Passage {
	return []*annotate.Passage{
		passage(t, text, "p1", "Biden repeatedly called out Putin for malicious cyberattacks by Russian-based hackers on US interests", "cyber"),
		passage(t, text, "p2", "a disregard for democracy with the jailing of Russia’s foremost opposition leader", "rights"),
		passage(t, text, "p3", "malicious cyberattacks by Russian-based hackers on US interests, a disregard for democracy", "arms", "amb"),
		passage(t, text, "p4", "both leaders agree that US-Russian relations are at an all-time low", "amb"),
	}
}

// runesIndex returns the code-point offset of s in the view's text.
func (v *DocView) runesIndex(t testing.TB, s string) int {
	t.Helper()
	b := strings.Index(v.doc.Text, s)
	if b < 0 {
		t.Fatalf("%q not in the text", s)
	}
	return annotate.NewText(v.doc.Text).CodePoint(b)
}

const fox = "The quick brown fox jumps over the lazy dog.\n\nPack my box with five dozen liquor jugs, said the Sphinx of black quartz to the judge."

func TestDragSelectsDraggedText(t *testing.T) {
	test.NewTempApp(t)
	v, w := newView(t, fox, 600, 300)
	var got [2]int
	calls := 0
	v.OnSelectionChanged = func(s, e int) { got = [2]int{s, e}; calls++ }

	// The caret positions come from the shaper, not from the view: the x of
	// "quick" is the width of "The " as fyne measures it.
	g := v.geom()
	start := v.PositionOf(4)
	if want := g.colLeft + fyne.MeasureText("The ", g.textSize, fyne.TextStyle{}).Width; abs(start.X-want) > 0.05 {
		t.Fatalf("offset 4 drawn at x=%v, the shaper puts it at %v", start.X, want)
	}
	end := v.PositionOf(19) // after "fox"
	test.Drag(w.Canvas(), end, end.X-start.X, end.Y-start.Y)
	if s, e := v.Selection(); s != 4 || e != 19 {
		t.Fatalf("selection [%d, %d), want [4, 19)", s, e)
	}
	if got != [2]int{4, 19} || calls == 0 {
		t.Errorf("OnSelectionChanged reported %v", got)
	}
	if s := v.SelectedText(); s != "quick brown fox" {
		t.Errorf("selected %q", s)
	}

	// Dragging backwards across the paragraph break.
	from := v.PositionOf(51) // "Pack |my"
	to := v.PositionOf(10)   // "The quick |brown"
	test.Drag(w.Canvas(), to, to.X-from.X, to.Y-from.Y)
	if s := v.SelectedText(); s != "brown fox jumps over the lazy dog.\n\nPack " {
		t.Errorf("backward drag selected %q", s)
	}
}

func TestDoubleClickSelectsWord(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	p := v.PositionOf(12) // inside "brown"
	v.DoubleTapped(&fyne.PointEvent{Position: p})
	if s := v.SelectedText(); s != "brown" {
		t.Errorf("double-click selected %q, want brown", s)
	}
	text := "Russia’s foremost leader"
	v.SetDocument(&annotate.Document{Text: text})
	v.DoubleTapped(&fyne.PointEvent{Position: v.PositionOf(2)})
	if s := v.SelectedText(); s != "Russia’s" {
		t.Errorf("double-click selected %q, want Russia’s", s)
	}
}

func TestClicksAndShiftClick(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	down := func(cp int, mod fyne.KeyModifier) {
		ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: mod}
		ev.Position = v.PositionOf(cp)
		v.MouseDown(ev)
		v.MouseUp(ev)
	}
	down(4, 0)
	if s, e := v.Selection(); s != 4 || e != 4 {
		t.Fatalf("click: selection [%d, %d)", s, e)
	}
	// Shift-click extends from the anchor, in either direction.
	v.mouse.downAt = time.Time{}
	down(19, fyne.KeyModifierShift)
	if s := v.SelectedText(); s != "quick brown fox" {
		t.Errorf("shift-click selected %q", s)
	}
	v.mouse.downAt = time.Time{}
	down(0, fyne.KeyModifierShift)
	if s := v.SelectedText(); s != "The " {
		t.Errorf("shift-click back selected %q", s)
	}
	// Three quick clicks select the paragraph.
	v.mouse.downAt = time.Time{}
	down(55, 0)
	down(55, 0)
	if s := v.SelectedText(); s != "box" {
		t.Errorf("second click selected %q, want box", s)
	}
	down(55, 0)
	if s := v.SelectedText(); !strings.HasPrefix(s, "Pack my box") || !strings.HasSuffix(s, "judge.") {
		t.Errorf("triple click selected %q", s)
	}
}

func TestSelectAllAndCopy(t *testing.T) {
	a := test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	if s, e := v.Selection(); s != 0 || e != len([]rune(fox)) {
		t.Fatalf("select all: [%d, %d)", s, e)
	}
	v.TypedShortcut(&fyne.ShortcutCopy{})
	if got := a.Clipboard().Content(); got != fox {
		t.Errorf("clipboard holds %q", got)
	}
	v.SetSelection(4, 9)
	v.TypedShortcut(&fyne.ShortcutCopy{})
	if got := a.Clipboard().Content(); got != "quick" {
		t.Errorf("clipboard holds %q, want quick", got)
	}
}

func TestShiftArrowsExtend(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, "e\u0301tude and more\nsecond line here", 600, 300)
	v.SetSelection(0, 0)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if s, e := v.Selection(); s != 0 || e != 2 {
		t.Errorf("Shift+Right over a combining mark: [%d, %d), want [0, 2)", s, e)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	// Down keeps to the column: the caret after "é" lands one or two
	// characters into the next line, which starts at 16.
	if s, e := v.Selection(); s != 0 || e <= 16 || e > 18 {
		t.Errorf("Shift+Down selected [%d, %d)", s, e)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if s := v.SelectedText(); s != "e\u0301tude and more\nsecond line here" {
		t.Errorf("Shift+End selected %q", s)
	}
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	var keys []fyne.KeyName
	v.OnTypedKey = func(ev *fyne.KeyEvent) { keys = append(keys, ev.Name) }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s, e := v.Selection(); s != e {
		t.Errorf("Escape left [%d, %d) selected", s, e)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF2})
	if len(keys) != 2 || keys[0] != fyne.KeyEscape || keys[1] != fyne.KeyF2 {
		t.Errorf("OnTypedKey got %v", keys)
	}
	var runes []rune
	v.OnTypedRune = func(r rune) { runes = append(runes, r) }
	test.Type(v, "12")
	if string(runes) != "12" {
		t.Errorf("OnTypedRune got %q", string(runes))
	}
}

func TestTapReportsPassage(t *testing.T) {
	test.NewTempApp(t)
	text := article(t)
	v, _ := newView(t, text, 800, 600)
	v.SetTags(testTags)
	ps := samplePassages(t, text)
	v.SetPassages(ps)
	var tapped []*annotate.Passage
	v.OnPassageTapped = func(p *annotate.Passage) { tapped = append(tapped, p) }

	// Inside p1 only, then where p1 and the shorter p3 overlap, then plain text.
	test.TapAt(v, v.PositionOf(v.runesIndex(t, "repeatedly")+2))
	test.TapAt(v, v.PositionOf(v.runesIndex(t, "cyberattacks")+2))
	test.TapAt(v, v.PositionOf(v.runesIndex(t, "traded sharp")+2))
	if len(tapped) != 3 || tapped[0] != ps[0] || tapped[1] != ps[2] || tapped[2] != nil {
		t.Fatalf("tapped %v", tapped)
	}
	if v.SelectedPassage() != nil {
		t.Errorf("plain-text tap left %v selected", v.SelectedPassage())
	}
	test.TapAt(v, v.PositionOf(v.runesIndex(t, "repeatedly")+2))
	if v.SelectedPassage() != ps[0] {
		t.Errorf("selected passage %v, want p1", v.SelectedPassage())
	}

	// Where p1 (lane 0) and p3's two tags (lanes 1, 2) overlap, the box is
	// split in three bands: the pointer's height picks the code.
	tapped = nil
	mid := v.PositionOf(v.runesIndex(t, "cyberattacks") + 2)
	h := v.textH
	test.TapAt(v, fyne.NewPos(mid.X, mid.Y-h/2+1))
	test.TapAt(v, fyne.NewPos(mid.X, mid.Y+h/2-1))
	if len(tapped) != 2 || tapped[0] != ps[0] || tapped[1] != ps[2] {
		t.Errorf("top and bottom band tapped %v, want p1, p3", tapped)
	}
	// The margin stripes pick a code too: lane 0 beside p1's first line.
	tapped = nil
	g := v.geom()
	line := v.PositionOf(v.runesIndex(t, "Biden repeatedly"))
	test.TapAt(v, fyne.NewPos(stripeX(g, 0)+1, line.Y))
	test.TapAt(v, fyne.NewPos(stripeX(g, 2)+1, mid.Y))
	if len(tapped) != 2 || tapped[0] != ps[0] || tapped[1] != ps[2] {
		t.Errorf("stripes tapped %v, want p1, p3", tapped)
	}

	var secondary *annotate.Passage
	var sel [2]int
	v.OnSecondaryTapped = func(p *annotate.Passage, s, e int, _ fyne.Position) { secondary, sel = p, [2]int{s, e} }
	v.SetSelection(3, 8)
	test.TapSecondaryAt(v, v.PositionOf(v.runesIndex(t, "opposition")+1))
	if secondary != ps[1] || sel != [2]int{3, 8} {
		t.Errorf("secondary tap gave %v %v", secondary, sel)
	}
}

func TestSetPassagesDoesNotRelayout(t *testing.T) {
	test.NewTempApp(t)
	text := article(t)
	v, w := newView(t, text, 800, 600)
	n := v.layouts
	if n == 0 {
		t.Fatal("no layout after showing a document")
	}
	v.SetTags(testTags)
	v.SetPassages(samplePassages(t, text))
	v.SelectPassage("p2")
	v.SetFindMatches([][2]int{{0, 5}}, 0)
	v.SetSelection(10, 20)
	if v.layouts != n {
		t.Errorf("painting changes laid the text out %d more times", v.layouts-n)
	}
	w.Resize(fyne.NewSize(500, 600))
	if v.layouts != n+1 {
		t.Errorf("resize: %d layouts, want %d", v.layouts, n+1)
	}
}

func TestOnlyVisibleLinesHaveObjects(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 200_000)
	v, w := newView(t, text, 800, 600)
	texts := func() (n int, first string) {
		for _, o := range test.WidgetRenderer(v).Objects() {
			if tx, ok := o.(*canvas.Text); ok {
				if n == 0 {
					first = tx.Text
				}
				n++
			}
		}
		return n, first
	}
	lines := int(600/v.layout.LineHeight) + 2
	n, first := texts()
	if n == 0 || n > lines {
		t.Fatalf("%d text objects for %d lines in view", n, lines)
	}
	if !strings.HasPrefix(text, first) {
		t.Errorf("first line drawn is %q", first)
	}
	test.Scroll(w.Canvas(), fyne.NewPos(400, 300), 0, -5000)
	n2, first2 := texts()
	if n2 == 0 || n2 > lines || first2 == first {
		t.Errorf("after scrolling: %d objects, first %q", n2, first2)
	}
	// The drawn line is the one the layout puts at the top of the view.
	top := v.layout.Lines[v.layout.lineAt(v.scrollY-v.geom().padTop)]
	if want := strings.TrimRight(v.text.slice(top.Start, top.End), " "); first2 != want {
		t.Errorf("top line drawn %q, layout has %q", first2, want)
	}
}

func TestZoomShortcuts(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	h := v.layout.LineHeight
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault})
	if v.Zoom() <= 1 || v.layout.LineHeight <= h {
		t.Errorf("Ctrl+= zoom %v, line height %v (was %v)", v.Zoom(), v.layout.LineHeight, h)
	}
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault})
	if v.Zoom() != 1 || v.layout.LineHeight != h {
		t.Errorf("Ctrl+= then Ctrl+- zoom %v, line height %v (was %v)", v.Zoom(), v.layout.LineHeight, h)
	}
	v.SetZoom(2.37)
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault})
	if v.Zoom() != 1 || v.layout.LineHeight != h {
		t.Errorf("Ctrl+0 zoom %v", v.Zoom())
	}
	v.SetZoom(10)
	if v.Zoom() != 3 {
		t.Errorf("zoom clamped to %v, want 3", v.Zoom())
	}
	v.SetZoom(0.1)
	if v.Zoom() != 0.5 {
		t.Errorf("zoom clamped to %v, want 0.5", v.Zoom())
	}
}

func TestScrollToPassage(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 60_000)
	v, _ := newView(t, text, 800, 400)
	far := &annotate.Passage{ID: "far", Start: 50_000, End: 50_010, Tags: []string{"cyber"}}
	v.SetPassages([]*annotate.Passage{far})
	v.ScrollToPassage("far")
	p := v.PositionOf(50_000)
	if p.Y < 0 || p.Y > 400 {
		t.Errorf("passage at y=%v after scrolling to it", p.Y)
	}
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func TestLongTextRewrapsOffTheUIGoroutine(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 20_000)
	v := New()
	v.asyncAt = 10_000
	var jobs []func()
	v.spawn = func(f func()) { jobs = append(jobs, f) }
	v.SetDocument(&annotate.Document{Text: text})
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 600))
	// The window shows at its minimum size first: the first layout is made
	// at once, the one for the full size in the background.
	for _, j := range jobs {
		j()
	}
	jobs = nil
	if v.layout == nil || v.layout.Width != v.geom().colWidth {
		t.Fatal("not laid out for the window's width")
	}
	first := v.layout
	v.ScrollToOffset(15_000)
	top := v.topOffset()

	// Two resizes in a row: the first result arrives stale and is dropped.
	w.Resize(fyne.NewSize(500, 600))
	w.Resize(fyne.NewSize(400, 600))
	if len(jobs) != 2 {
		t.Fatalf("%d background layouts, want 2", len(jobs))
	}
	if v.layout != first {
		t.Fatal("the layout changed before the background job finished")
	}
	jobs[0]()
	if v.layout != first {
		t.Fatal("a stale layout replaced the current one")
	}
	jobs[1]()
	if v.layout == first || v.layout.Width != v.geom().colWidth {
		t.Fatalf("layout width %v, want %v", v.layout.Width, v.geom().colWidth)
	}
	// The line at the top of the view still shows the same text.
	if got := v.topOffset(); got > top || v.layout.Lines[v.layout.lineOf(top)].Start != got {
		t.Errorf("top of view moved from %d to %d", top, got)
	}
}

func TestDragAfterDoubleClickExtendsByWords(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary}
	ev.Position = v.PositionOf(12) // in "brown"
	v.MouseDown(ev)
	v.MouseUp(ev)
	v.MouseDown(ev)
	if s := v.SelectedText(); s != "brown" {
		t.Fatalf("double click selected %q", s)
	}
	to := v.PositionOf(22) // "jum|ps"
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-ev.Position.X, 0)})
	if s := v.SelectedText(); s != "brown fox jumps" {
		t.Errorf("dragging right selected %q", s)
	}
	back := v.PositionOf(5) // "q|uick"
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: back}, Dragged: fyne.NewDelta(back.X-to.X, 0)})
	if s := v.SelectedText(); s != "quick brown" {
		t.Errorf("dragging left selected %q", s)
	}
	v.DragEnd()
}

func TestDragBelowTheViewScrolls(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 20_000)
	v, _ := newView(t, text, 600, 300)
	var ticking []func()
	v.spawn = func(f func()) { ticking = append(ticking, f) } // the test ticks instead
	start := v.PositionOf(3)
	below := fyne.NewPos(start.X, 300+60)
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: below}, Dragged: fyne.NewDelta(0, below.Y-start.Y)})
	defer v.DragEnd()
	if v.mouse.stop == nil || len(ticking) != 1 {
		t.Fatal("no auto-scroll with the pointer below the view")
	}
	_, end0 := v.Selection()
	for i := 0; i < 5; i++ {
		v.autoScrollStep()
	}
	if v.scrollY != 5*30 {
		t.Errorf("scrolled %v px in 5 steps, want 150 (half the 60 px the pointer is out, each step)", v.scrollY)
	}
	s, end := v.Selection()
	// Pressed inside a word, the selection snapped to it once it left it.
	wantStart := 3
	if ws, we := v.text.wordAt(3); ws < 3 && we > 3 {
		wantStart = ws
	}
	if s != wantStart || end <= end0 {
		t.Errorf("selection [%d, %d) did not grow past %d with the scroll from %d", s, end, end0, wantStart)
	}
	// The selection ends where the pointer is, in the scrolled text, at
	// the end of the word it is in.
	want := v.offsetAtPos(below)
	if s, e := v.text.wordAt(want - 1); e > s && isWordRune(v.text.at(s)) {
		want = max(want, e)
	}
	if end != want {
		t.Errorf("selection ends at %d, the pointer is at the word ending at %d", end, want)
	}
	v.DragEnd()
	if v.mouse.stop != nil {
		t.Error("auto-scroll still running after the drag ended")
	}
}

func TestScrollBarAndKeysScroll(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 20_000)
	v, w := newView(t, text, 600, 300)
	g := v.geom()
	most := v.maxScroll(g)
	if most <= 0 {
		t.Fatal("text fits the view; nothing to scroll")
	}

	// Dragging the thumb 50 px moves the text by 50 px of track.
	thumbH := float32(300 * 300 / v.contentHeight(g))
	if thumbH < minThumb {
		thumbH = minThumb
	}
	to := fyne.NewPos(600-5, thumbH/2+50) // from the middle of the thumb
	test.Drag(w.Canvas(), to, 0, 50)
	want := 50 * most / (300 - thumbH)
	if abs(v.scrollY-want) > 0.5 {
		t.Errorf("thumb drag scrolled to %v, want %v", v.scrollY, want)
	}
	if s, e := v.Selection(); s != e {
		t.Errorf("dragging the scroll bar selected [%d, %d)", s, e)
	}

	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if v.scrollY != 0 {
		t.Errorf("Home: scrolled to %v", v.scrollY)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if v.scrollY != 300*0.9 {
		t.Errorf("Page Down: scrolled to %v, want %v", v.scrollY, 300*0.9)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.scrollY != 300*0.9+v.layout.LineHeight {
		t.Errorf("Down: scrolled to %v", v.scrollY)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if v.scrollY != most {
		t.Errorf("End: scrolled to %v, want %v", v.scrollY, most)
	}
}

func TestAccessibility(t *testing.T) {
	test.NewTempApp(t)
	v, _ := newView(t, fox, 600, 300)
	if got := v.AccessibilityLabel(); got != "Test" {
		t.Errorf("label %q, want the document title", got)
	}
	if v.AccessibilityRole() != fyne.AccessibleRoleText {
		t.Errorf("role %q", v.AccessibilityRole())
	}
	v.SetDocument(nil)
	if got := v.AccessibilityLabel(); got != "" {
		t.Errorf("label %q with no document", got)
	}
	if n := len(test.WidgetRenderer(v).Objects()); n != 0 {
		t.Errorf("%d objects with no document", n)
	}
	if s, e := v.Selection(); s != 0 || e != 0 || v.SelectedText() != "" {
		t.Errorf("selection [%d, %d) with no document", s, e)
	}
}

func TestOutOfRangeInputIsHarmless(t *testing.T) {
	test.NewTempApp(t)
	v, w := newView(t, fox, 600, 300)
	v.SetTags(testTags)
	v.SetPassages([]*annotate.Passage{
		{ID: "stale", Start: 40, End: 5000, Tags: []string{"cyber"}},
		{ID: "gone", Start: 4000, End: 5000, Tags: []string{"nosuchtag"}},
	})
	v.SetFindMatches([][2]int{{-5, 3}, {100, 9000}}, 7)
	v.SetSelection(-10, 1<<20)
	if s, e := v.Selection(); s != 0 || e != len([]rune(fox)) {
		t.Errorf("selection clamped to [%d, %d)", s, e)
	}
	v.ScrollToOffset(1 << 20)
	v.ScrollToPassage("gone")
	v.ScrollToPassage("no such passage")
	test.TapAt(v, v.PositionOf(42))
	if p := v.SelectedPassage(); p == nil || p.ID != "stale" {
		t.Errorf("tap on the stale passage's visible part gave %v", p)
	}
	w.Resize(fyne.NewSize(90, 60))
	if n := len(test.WidgetRenderer(v).Objects()); n == 0 {
		t.Error("nothing drawn in a tiny window")
	}
}
