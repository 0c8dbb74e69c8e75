package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

// The tool windows View opens beside the main one.
const (
	searchTool     = "Search"
	analysisTool   = "Analysis"
	agreementTool  = "Agreement"
	memosTool      = "Memos"
	attributesTool = "Document Attributes"
	briefingTool   = "Briefing"
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
	// flush, when set, saves what is being typed in the window now,
	// before its project closes or the window does.
	flush func()
	// closed, when set, ends the work the view runs, as its window
	// closes or is rebuilt.
	closed func()
	// size, when set, is the window's first size.
	size fyne.Size
}

// toolWindows are the windows beside the main one: at most one of each
// kind, brought to the front when asked for again. Each shows the project
// open in the main window: when another project opens, they are rebuilt on
// it; when none is open, they close. The main window has them save what is
// being typed in them (flush) before its project closes.
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
	w.SetCloseIntercept(func() { t.askClose(kind) })
	// Ctrl+W (Cmd+W) closes it as its close button does, as it closes the
	// Original window.
	w.Canvas().AddShortcut(shortcut(fyne.KeyW, false), func(fyne.Shortcut) { t.askClose(kind) })
	w.SetOnClosed(func() {
		if t.open[kind] == w {
			if v := t.views[kind]; v.flush != nil {
				v.flush()
			}
			// Its dialogs go with it: what can be saved of their typing
			// is (askClose asked about the rest), and none is kept with
			// the project, to be saved or asked about out of sight.
			t.proj.saveTypedIn(w, true)
			t.proj.dropDialogsIn(w)
			t.closeView(kind)
			delete(t.open, kind)
		}
	})
	v := t.fill(kind, w)
	if v.size.IsZero() {
		v.size = fyne.NewSize(900, 640)
	}
	w.Resize(v.size)
	w.Show()
	if v.focus != nil {
		w.Canvas().Focus(v.focus)
	}
}

// askClose closes the tool window of that kind, as its close button asks:
// what was typed into its dialogs is saved first, and what cannot be is
// asked about, in the window, as leaving the project does (see
// ui.leaveProject). Keep Editing, or a save that fails (a name already
// taken), keeps the window open with its dialogs as they are, and the
// window says why.
func (t *toolWindows) askClose(kind string) {
	w, ok := t.open[kind]
	if !ok {
		return
	}
	s := t.proj
	leaveTyping(s, w, w, "in the "+kind+" window", "Close the Window", "Closing the "+kind+" window", w.Close, func() {},
		func() bool { return t.open[kind] == w && t.proj == s },
		func(err error) { dialog.NewError(fmt.Errorf("%s", capitalize(err.Error())), w).Show() })
}

// fill builds the window's content on the current project. The dialogs
// the window showed on the project before go with it: what they would do
// was for that project.
func (t *toolWindows) fill(kind string, w fyne.Window) toolView {
	t.closeView(kind)
	dismissDialogs(w)
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
			t.closeView(kind)
			dismissDialogs(w)
			delete(t.open, kind)
			w.Close()
			continue
		}
		t.fill(kind, w)
	}
}

// dismissDialogs takes the dialogs and pop-ups shown over w away. Only for
// a window whose content goes with them: a pop-up kept to be shown again
// would not be.
func dismissDialogs(w fyne.Window) {
	o := w.Canvas().Overlays()
	for top := o.Top(); top != nil; top = o.Top() {
		o.Remove(top)
	}
}

// closeView ends the work of the view of that kind, if one is shown.
func (t *toolWindows) closeView(kind string) {
	if v, ok := t.views[kind]; ok {
		delete(t.views, kind)
		if v.closed != nil {
			v.closed()
		}
	}
}

// view returns the content of the open tool window of that kind, opening
// it first.
func (t *toolWindows) view(kind string) toolView {
	t.show(kind)
	return t.views[kind]
}

// flush has the open tool windows save what is being typed in them.
func (t *toolWindows) flush() {
	for _, kind := range t.kinds() {
		if v := t.views[kind]; v.flush != nil {
			v.flush()
		}
	}
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
