package app

import (
	"fmt"
	"image/color"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// pressEnter types Enter into the entry, as the keyboard does.
func pressEnter(e fyne.Focusable) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// TestEnterInANameDialogConfirmsIt types a name into New Briefing, Rename
// Briefing and New Code and presses Enter: each does what its confirm
// button does.
func TestEnterInANameDialogConfirmsIt(t *testing.T) {
	u, _ := newTestUI(t)
	v, w, _ := openBriefingView(t, u)
	v.proj = u.proj

	test.Tap(findButton(t, v.content, "New"))
	name := topEntries(t, w)[0]
	name.SetText("Geneva summit: what changed")
	pressEnter(name)
	if !briefingNamed(t, u.proj.db, "Geneva summit: what changed") {
		t.Fatal("Enter in New Briefing made no briefing")
	}
	if overlayCount(w) != 0 {
		t.Errorf("New Briefing still open after Enter")
	}

	v.renameBriefing()
	name = topEntries(t, w)[0]
	name.SetText("Geneva, the first day")
	pressEnter(name)
	if !briefingNamed(t, u.proj.db, "Geneva, the first day") {
		t.Error("Enter in Rename Briefing did not rename it")
	}

	u.tagDialog(nil)
	name = topEntries(t, u.win)[0]
	name.SetText("Summit atmosphere")
	pressEnter(name)
	tags, err := u.proj.db.Tags(bg)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, x := range tags {
		found = found || x.Name == "Summit atmosphere"
	}
	if !found {
		t.Error("Enter in New Code made no code")
	}
}

// TestNameDialogsShowANameWhole opens New Briefing and Rename Briefing:
// their name entry is wide enough for a name of a few words, not only for
// "Briefing".
func TestNameDialogsShowANameWhole(t *testing.T) {
	u, _ := newTestUI(t)
	v, w, _ := openBriefingView(t, u)
	v.proj = u.proj
	test.Tap(findButton(t, v.content, "New"))
	if got := topEntries(t, w)[0].Size().Width; got < 300 {
		t.Errorf("New Briefing's entry is %.0f wide", got)
	}
	tapDialogButton(t, w, "Create")
	v.renameBriefing()
	if got := topEntries(t, w)[0].Size().Width; got < 300 {
		t.Errorf("Rename Briefing's entry is %.0f wide", got)
	}
}

// TestCtrlWClosesAToolWindow opens each tool window and presses Ctrl+W in
// it: the window closes, as its close button closes it, and what was typed
// in one of its dialogs is saved first, as the close button saves it.
func TestCtrlWClosesAToolWindow(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t) // the windows' work is done before each closes
	for _, kind := range []string{searchTool, analysisTool, agreementTool, memosTool, briefingTool, attributesTool} {
		u.tools.show(kind)
		w, ok := u.tools.open[kind]
		if !ok {
			t.Fatalf("no %s window", kind)
		}
		typeShortcut(t, w, shortcut(fyne.KeyW, false))
		if _, ok := u.tools.open[kind]; ok {
			t.Errorf("Ctrl+W left the %s window open", kind)
		}
	}

	u.tools.show(attributesTool)
	w := u.tools.open[attributesTool]
	test.Tap(findButton(t, w.Content(), "Define Attribute…"))
	topEntries(t, w)[0].SetText("Outlet type")
	typeShortcut(t, w, shortcut(fyne.KeyW, false))
	if _, ok := u.tools.open[attributesTool]; ok {
		t.Error("Ctrl+W left the Document Attributes window open")
	}
	if as, err := u.proj.db.Attributes(bg); err != nil || len(as) != 1 || as[0].Name != "Outlet type" {
		t.Errorf("attributes %v (%v), want the Outlet type typed before Ctrl+W", as, err)
	}
}

// typeShortcut types sc in w as the keyboard does: the window's canvas
// runs what was added for it with AddShortcut. Fyne's test canvas hides
// that behind the canvas it wraps.
func typeShortcut(t *testing.T, w fyne.Window, sc fyne.Shortcut) {
	t.Helper()
	var c any = w.Canvas()
	if _, ok := c.(fyne.Shortcutable); !ok {
		v := reflect.ValueOf(c)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct && v.Elem().NumField() > 0 {
			c = v.Elem().Field(0).Interface()
		}
	}
	h, ok := c.(fyne.Shortcutable)
	if !ok {
		t.Fatalf("the canvas %T takes no shortcuts", w.Canvas())
	}
	h.TypedShortcut(sc)
}

// TestDeletePassageWithNoneSelectedSaysWhy chooses Edit ▸ Delete Passage
// with no passage selected: the status bar says what to do, where before
// nothing happened at all.
func TestDeletePassageWithNoneSelectedSaysWhy(t *testing.T) {
	u, _ := newTestUI(t)
	u.selectPassage("")
	menuItem(t, u, "Delete Passage").Action()
	if !strings.Contains(u.status.message.Text, "Click a highlighted passage first") {
		t.Errorf("with nothing selected: %q", u.status.message.Text)
	}
}

// TestColourPickerShowsAColourOutsideThePalette opens the picker on the
// colour a new code gets once the palette's are taken (not one of the
// palette's): that colour is shown, ringed, and can be chosen back after
// another.
func TestColourPickerShowsAColourOutsideThePalette(t *testing.T) {
	test.NewTempApp(t)
	const own = "#a1c386"
	pp := newPalettePicker(own)
	test.NewTempWindow(t, pp)
	ringed := func() []string {
		var cs []string
		for _, cell := range pp.root.(*fyne.Container).Objects {
			objs := cell.(*fyne.Container).Objects
			ring := objs[1].(*canvas.Circle)
			dot := objs[2].(*fyne.Container).Objects[0].(*canvas.Circle)
			if ring.StrokeColor != color.Transparent {
				r, g, b, _ := dot.FillColor.RGBA()
				cs = append(cs, fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8))
			}
		}
		return cs
	}
	if got := ringed(); !slices.Equal(got, []string{own}) {
		t.Fatalf("ringed swatches %v, want the code's own %s", got, own)
	}
	pp.set(annotate.Palette[0])
	var first *widget.Button
	for _, o := range test.LaidOutObjects(pp) {
		if b, ok := o.(*widget.Button); ok && first == nil {
			first = b
		}
	}
	test.Tap(first)
	if pp.color != own {
		t.Errorf("tapping the first swatch chose %s, want %s", pp.color, own)
	}
	if n := len(newPalettePicker(annotate.Palette[3]).rings); n != len(annotate.Palette) {
		t.Errorf("a palette colour gets %d swatches, want the palette's %d", n, len(annotate.Palette))
	}
}

// TestExportNameReadsAsTheBriefingsName checks the file name offered for a
// briefing's export: what no file name may hold becomes a hyphen, and a
// colon before a space reads as a dash between words, not "summit- what".
func TestExportNameReadsAsTheBriefingsName(t *testing.T) {
	for name, want := range map[string]string{
		"Geneva summit: what changed": "Geneva summit - what changed",
		"Cyber/hacking":               "Cyber-hacking",
		"Q&A: Geneva":                 "Q&A - Geneva",
		"Why? Because":                "Why - Because",
		"Red lines : cyber":           "Red lines - cyber",
		`a"b"`:                        "a-b-",
		"Geneva readout":              "Geneva readout",
	} {
		if got := exportName(name); got != want {
			t.Errorf("exportName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestAnalysisWindowShowsItsTable opens View ▸ Analysis…: the code ×
// document table is shown, not covered by the blank white pane the chart
// is drawn on (which is for the analyses that have a chart, once chosen).
func TestAnalysisWindowShowsItsTable(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	u.tools.show(analysisTool)
	w := u.tools.open[analysisTool]
	var table, paper bool
	var walk func(o fyne.CanvasObject, shown bool)
	walk = func(o fyne.CanvasObject, shown bool) {
		shown = shown && o.Visible()
		switch x := o.(type) {
		case *widget.Table:
			table = table || shown
		case *canvas.Rectangle:
			if x.FillColor == color.White {
				paper = paper || shown
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, shown)
			}
		}
	}
	walk(w.Content(), true)
	if !table || paper {
		t.Errorf("table shown %v, the chart's white pane shown %v; want the table alone", table, paper)
	}
}

// TestAgreementWithOneCoderNamesThem opens Coder Agreement on a project
// with one researcher's work: it names them ("has work by 1" read as a
// count of something unsaid), and the two Only columns, with nobody to
// compare, read Only A and Only B, not "Only" twice.
func TestAgreementWithOneCoderNamesThem(t *testing.T) {
	test.NewTempApp(t)
	db := testProject(t)
	d := &annotate.Document{Title: "Axios", Text: "Ambassadors will return to their posts."}
	if _, err := db.CreateDocument(bg, d); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#88ccee"}
	if err := db.CreateTag(bg, tag); err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePassage(bg, &annotate.Passage{DocumentID: d.ID, Start: 0, End: 11, Quote: "Ambassadors", Tags: []string{tag.ID}}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	v := makeAgreementView(w, db)
	want := "this project has only the work of Ada. Merge a colleague's file first."
	if !strings.Contains(v.status.Text, want) {
		t.Errorf("status %q, want it to say %q", v.status.Text, want)
	}
	if a, b := v.heading(5), v.heading(6); a != "Only A" || b != "Only B" {
		t.Errorf("headings %q and %q with nobody chosen", a, b)
	}
	if got := oneCoderText(nil); !strings.Contains(got, "has no coding yet") {
		t.Errorf("with nobody's work: %q", got)
	}
}

// TestShortcutsFitTheirDialog shows Help ▸ Keyboard Shortcuts: the list
// needs no more width than the dialog gives it (760), so that no line is
// cut off at the right, and it lists every shortcut.
func TestShortcutsFitTheirDialog(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	showShortcuts(w)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var list fyne.CanvasObject
	labels := 0
	for _, o := range test.LaidOutObjects(top) {
		if sc, ok := o.(*container.Scroll); ok {
			list = sc.Content
		}
		if _, ok := o.(*widget.Label); ok {
			labels++
		}
	}
	if list == nil {
		t.Fatal("no scrolled list in the dialog")
	}
	if got := list.MinSize().Width; got > 700 {
		t.Errorf("the shortcuts need %.0f wide; the dialog is 760", got)
	}
	lines := strings.Count(strings.TrimSpace(shortcutsText()), "\n") + 1
	if labels < 2*lines {
		t.Errorf("%d labels for %d shortcuts", labels, lines)
	}
}

// TestNewCodeIsSelectedInTheCodebook makes a code with Codebook ▸ New: the
// codebook selects it, ready for Edit… or its memo, as it selects a code
// just edited.
func TestNewCodeIsSelectedInTheCodebook(t *testing.T) {
	u, _ := newTestUI(t)
	u.tabs.SelectIndex(tabCodebook)
	u.tagDialog(nil)
	topEntries(t, u.win)[0].SetText("Summit atmosphere")
	tapDialogButton(t, u.win, "Create")
	var id string
	for _, x := range u.cb.tags {
		if x.Name == "Summit atmosphere" {
			id = x.ID
		}
	}
	if id == "" {
		t.Fatal("no code made")
	}
	if u.cbook.sel != id {
		t.Errorf("the codebook has %q selected, want the new code %q", u.cbook.sel, id)
	}
	if u.cbook.edit.Disabled() {
		t.Error("Edit… is disabled with the new code just made")
	}
}
