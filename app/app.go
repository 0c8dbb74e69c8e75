// Package app is Gloss's desktop user interface: one window with the
// project's documents, the reading view where passages are coded, and the
// inspector, passages and codebook beside it, with tool windows for
// search, analysis and coder agreement.
package app

import (
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"gloss/app/docview"
	"gloss/app/project"
)

// AppID is Gloss's application ID, as in FyneApp.toml: the window's
// preferences live under it.
const AppID = "io.gloss.app"

// Version is shown in Help ▸ About.
const Version = "0.1.0"

// Run opens the Gloss window on the project at path and returns the exit
// status when the window closes. With path "", it opens the project used
// last, or on first launch the default project in the user's data
// directory, created with the sample articles and the seed codebook. The
// first launch also asks for the researcher's name, which is stamped on
// every change (the environment variable GLOSS_AUTHOR, when set, is used
// instead of asking).
func Run(path string) int {
	a := fyneapp.NewWithID(AppID)
	declareFyneDo(a)
	guardSaves()
	a.SetIcon(iconResource())
	a.Settings().SetTheme(themeFor(a.Preferences().StringWithFallback(prefTheme, themeSystem)))
	w := a.NewWindow("Gloss")
	w.SetIcon(iconResource())
	u := newUI(a, w)
	u.prepare()
	w.Resize(windowSize(a.Preferences()))
	w.SetMaster()
	traceWatch()
	// The window shows first, then the project is opened, with its first
	// document laid out, and the system's fonts are indexed: none of it
	// is needed to show an empty window, and on a busy machine all of it
	// delays the window.
	a.Lifecycle().SetOnStarted(func() {
		u.begin(path)
		go docview.PreloadFonts()
	})
	w.ShowAndRun()
	return 0
}

// start opens the first project, asking for the author name first when
// it is not known yet.
func (u *ui) start(path string) {
	u.prepare()
	u.begin(path)
}

// prepare readies the window, without a project, for being shown.
func (u *ui) prepare() {
	u.win.SetCloseIntercept(u.quit)
	u.win.Canvas().AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { u.redo() })
	if z := u.app.Preferences().Float(prefZoom); z > 0 {
		u.view.SetZoom(float32(z))
	}
	u.showRecent(u.app.Preferences().StringList(prefRecent))
	u.reader.showDocument(nil, false)
	u.updateStatus()
}

// begin opens the first project in the prepared window.
func (u *ui) begin(path string) {
	open := func() {
		if path == "" {
			path = u.app.Preferences().String(prefLast)
			if _, err := os.Stat(path); path == "" || err != nil {
				def, err := project.DefaultPath()
				if err != nil {
					u.showError(err)
					return
				}
				path = def
			}
		}
		u.openProject(path)
		traceReady(u)
	}
	if u.author() == "" {
		u.authorDialog(true, open)
		return
	}
	open()
}

// quit saves the note being typed, what was typed into the project's
// dialogs (asking first about what cannot be saved, see leaveProject) and
// the window's size, closes the project and quits.
func (u *ui) quit() {
	u.flushTyping()
	// Quit is asked for after a project still being checked before it
	// opens (see openProject): that one is not opened, whatever the
	// answer to Quit's question, and the window names the project open.
	u.opening++
	u.nameOpenProject()
	u.leaveProject("Quit", "Quitting", u.quitNow, func() {})
}

// quitNow closes the project and quits.
func (u *ui) quitNow() {
	trace("quit")
	rememberWindowSize(u.app.Preferences(), u.win.Canvas().Size())
	u.tools.setProject(nil)
	u.closeOriginal()
	if u.proj != nil {
		u.proj.cancel()
		u.proj.dismissDialogs()
		u.proj.close()
		u.proj = nil
	}
	u.app.Quit()
}
