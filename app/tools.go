package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The tool windows View opens beside the main one.
const (
	searchTool     = "Search"
	analysisTool   = "Analysis"
	agreementTool  = "Agreement"
	memosTool      = "Memos"
	attributesTool = "Document Attributes"
)

// toolView is a tool window's content on a project, and what takes the
// keyboard when the window is first shown (nil for nothing).
type toolView struct {
	content fyne.CanvasObject
	focus   fyne.Focusable
	// refresh, when set, shows what the project holds now: the window
	// calls it after every change made elsewhere (an edit, an undo).
	refresh func()
	// showMemo, for the Memos window, shows one memo.
	showMemo func(kind, id string)
}

// toolWindows are the windows beside the main one: at most one of each
// kind, brought to the front when asked for again. Each shows the project
// open in the main window: when another project opens, they are rebuilt on
// it; when none is open, they close.
type toolWindows struct {
	app   fyne.App
	build func(kind string, win fyne.Window, s *session) toolView
	proj  *session
	open  map[string]fyne.Window
	views map[string]toolView
}

func newToolWindows(a fyne.App, build func(kind string, win fyne.Window, s *session) toolView) *toolWindows {
	return &toolWindows{app: a, build: build, open: map[string]fyne.Window{}, views: map[string]toolView{}}
}

// show opens the tool window of that kind on the current project, or
// brings it to the front.
func (t *toolWindows) show(kind string) {
	if t.proj == nil {
		return
	}
	if w, ok := t.open[kind]; ok {
		w.RequestFocus()
		return
	}
	w := t.app.NewWindow(kind)
	t.open[kind] = w
	w.SetOnClosed(func() {
		if t.open[kind] == w {
			delete(t.open, kind)
			delete(t.views, kind)
		}
	})
	v := t.fill(kind, w)
	w.Resize(fyne.NewSize(900, 640))
	w.Show()
	if v.focus != nil {
		w.Canvas().Focus(v.focus)
	}
}

// fill builds the window's content on the current project.
func (t *toolWindows) fill(kind string, w fyne.Window) toolView {
	v := t.build(kind, w, t.proj)
	t.views[kind] = v
	w.SetTitle(kind + " — " + windowTitle(t.proj.db.Path()))
	w.SetContent(container.NewPadded(v.content))
	return v
}

// setProject rebuilds every open tool window on s, or closes them all when
// s is nil.
func (t *toolWindows) setProject(s *session) {
	t.proj = s
	for _, kind := range t.kinds() {
		w := t.open[kind]
		if s == nil {
			delete(t.open, kind)
			delete(t.views, kind)
			w.Close()
			continue
		}
		t.fill(kind, w)
	}
}

// view returns the content of the open tool window of that kind, opening
// it first.
func (t *toolWindows) view(kind string) toolView {
	t.show(kind)
	return t.views[kind]
}

// refresh has the open tool windows that follow the project show what it
// holds now.
func (t *toolWindows) refresh() {
	for _, kind := range t.kinds() {
		if v := t.views[kind]; v.refresh != nil {
			v.refresh()
		}
	}
}

// kinds lists the open tool windows, in a stable order.
func (t *toolWindows) kinds() []string {
	var ks []string
	for k := range t.open {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
