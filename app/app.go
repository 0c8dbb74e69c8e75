// Package app is Gloss's desktop user interface: one window with the
// project's documents, the reading view where passages are coded, and the
// inspector, passages and codebook beside it.
package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/app/project"
	gstorage "gloss/storage"
)

// AppID is Gloss's application ID (preferences live under it); the command
// line reads the author name from the same place.
const AppID = project.AppID

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
	a.SetIcon(iconResource())
	a.Settings().SetTheme(themeFor(a.Preferences().StringWithFallback(prefTheme, themeSystem)))
	w := a.NewWindow("Gloss")
	w.SetIcon(iconResource())
	u := newUI(a, w)
	u.start(path)
	w.Resize(fyne.NewSize(1280, 800))
	w.SetMaster()
	w.ShowAndRun()
	return 0
}

// start opens the first project, asking for the author name first when
// it is not known yet.
func (u *ui) start(path string) {
	u.win.SetCloseIntercept(u.quit)
	u.win.Canvas().AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { u.redo() })
	if z := u.app.Preferences().Float(prefZoom); z > 0 {
		u.view.SetZoom(float32(z))
	}
	u.menu.refreshRecent(u.app.Preferences().StringList(prefRecent))
	u.reader.showDocument(nil)
	u.updateStatus()
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

// author returns the researcher's name: GLOSS_AUTHOR, else the preference.
func (u *ui) author() string {
	if a := strings.TrimSpace(os.Getenv("GLOSS_AUTHOR")); a != "" {
		return a
	}
	return strings.TrimSpace(u.app.Preferences().String(prefAuthor))
}

// systemName guesses the researcher's name from the account.
func systemName() string {
	if cu, err := user.Current(); err == nil {
		if n := strings.TrimSpace(strings.Split(cu.Name, ",")[0]); n != "" {
			return n
		}
		return cu.Username
	}
	return ""
}

// authorDialog asks for the name stamped on every change. On first launch
// the dialog explains why and cannot be skipped; then runs afterwards.
func (u *ui) authorDialog(first bool, then func()) {
	name := widget.NewEntry()
	name.SetText(u.author())
	if name.Text == "" {
		name.SetText(systemName())
	}
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("enter your name")
		}
		if len([]rune(strings.TrimSpace(s))) > 200 {
			return errors.New("at most 200 characters")
		}
		return nil
	}
	msg := "Gloss records who coded each passage and wrote each note, so that colleagues can share and merge their work. Your name is saved on this computer."
	if !first {
		msg = "Changes you make from now on are recorded under this name. Earlier changes keep the name they were made under."
	}
	intro := widget.NewLabel(msg)
	intro.Wrapping = fyne.TextWrapWord
	save := func() bool {
		n := strings.TrimSpace(name.Text)
		if name.Validate() != nil {
			return false
		}
		u.app.Preferences().SetString(prefAuthor, n)
		if u.db != nil {
			u.db.SetAuthor(n)
			u.updateStatus()
		}
		if then != nil {
			then()
		}
		return true
	}
	form := widget.NewForm(widget.NewFormItem("Your name", name))
	if first {
		// No way around it: every change needs a name.
		var d *dialog.CustomDialog
		cont := widget.NewButtonWithIcon("Continue", theme.ConfirmIcon(), func() {
			if save() {
				d.Hide()
			}
		})
		cont.Importance = widget.HighImportance
		name.OnSubmitted = func(string) { cont.OnTapped() }
		d = dialog.NewCustomWithoutButtons("Welcome to Gloss", container.NewVBox(intro, form, container.NewCenter(cont)), u.win)
		d.Resize(fyne.NewSize(480, 260))
		d.Show()
		u.win.Canvas().Focus(name)
		return
	}
	d := dialog.NewCustomConfirm("Author Name", "Save", "Cancel", container.NewVBox(intro, form), func(ok bool) {
		if ok {
			save()
		}
	}, u.win)
	name.OnSubmitted = func(string) {
		if save() {
			d.Hide()
		}
	}
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
	u.win.Canvas().Focus(name)
}

// openProject opens the project at path in the window. The default
// project is created, with the samples, when it does not exist yet; any
// other missing file is an error.
func (u *ui) openProject(path string) {
	def, _ := project.DefaultPath()
	var db *gstorage.DB
	var err error
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) && path == def {
		db, err = project.Create(path, true, u.author())
	} else {
		db, err = gstorage.Open(path)
	}
	if err != nil {
		u.showError(fmt.Errorf("cannot open the project: %w", err))
		recent := removeRecent(u.app.Preferences().StringList(prefRecent), path)
		u.app.Preferences().SetStringList(prefRecent, recent)
		u.menu.refreshRecent(recent)
		return
	}
	db.SetAuthor(u.author())
	u.setProject(db)
	abs, _ := filepath.Abs(path)
	recent := addRecent(u.app.Preferences().StringList(prefRecent), abs)
	u.app.Preferences().SetStringList(prefRecent, recent)
	u.app.Preferences().SetString(prefLast, abs)
	u.menu.refreshRecent(recent)
}

// glossFilter limits file dialogs to projects.
var glossFilter = storage.NewExtensionFileFilter([]string{".gloss"})

// openProjectDialog chooses a project file to open.
func (u *ui) openProjectDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.openProject(path)
	}, u.win)
	d.SetFilter(glossFilter)
	u.startIn(d)
	d.Show()
}

// startIn opens file dialogs in the open project's folder.
func (u *ui) startIn(d *dialog.FileDialog) {
	if u.db == nil {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(u.db.Path()))); err == nil {
		d.SetLocation(l)
	}
}

// newProjectDialog creates a project: empty, or with the samples to try
// Gloss out.
func (u *ui) newProjectDialog() {
	const empty, samples = "Empty: I will import my own articles", "With the sample articles and codebook, to try Gloss out"
	choice := widget.NewRadioGroup([]string{empty, samples}, nil)
	choice.SetSelected(empty)
	dialog.ShowCustomConfirm("New Project", "Choose File…", "Cancel", choice, func(ok bool) {
		if !ok {
			return
		}
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			os.Remove(path) // the dialog created it empty; storage creates the project
			if !strings.HasSuffix(strings.ToLower(path), ".gloss") {
				path += ".gloss"
			}
			var db *gstorage.DB
			if choice.Selected == samples {
				db, err = project.Create(path, true, u.author())
			} else {
				db, err = gstorage.Create(path)
			}
			if err != nil {
				u.showError(fmt.Errorf("cannot create the project: %w", err))
				return
			}
			db.Close()
			u.openProject(path)
		}, u.win)
		d.SetFileName("Untitled.gloss")
		d.SetFilter(glossFilter)
		u.startIn(d)
		d.Show()
	}, u.win)
}

// quit saves the note being typed, closes the project and quits.
func (u *ui) quit() {
	u.insp.flush()
	trace("quit")
	if u.db != nil {
		u.db.Close()
		u.db = nil
	}
	u.app.Quit()
}

// showAbout says what Gloss is.
func (u *ui) showAbout() {
	icon := widget.NewIcon(iconResource())
	iconBox := container.NewGridWrap(fyne.NewSize(96, 96), icon)
	name := widget.NewLabel("Gloss " + Version)
	name.TextStyle.Bold = true
	name.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabel("Read, highlight and code articles; write notes; share and merge projects with colleagues; export briefings.\n\nA project is one file (.gloss): every change is saved in it as you work.")
	text.Wrapping = fyne.TextWrapWord
	content := container.NewBorder(nil, nil, container.NewVBox(iconBox), nil, container.NewVBox(name, text))
	d := dialog.NewCustom("About Gloss", "Close", content, u.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// showShortcuts lists the keyboard shortcuts.
func (u *ui) showShortcuts() {
	grid := container.NewGridWithColumns(2)
	for _, line := range strings.Split(strings.TrimSpace(shortcutsText()), "\n") {
		k, v, _ := strings.Cut(line, "\t")
		key := widget.NewLabel(k)
		key.TextStyle.Monospace = true
		grid.Add(key)
		grid.Add(widget.NewLabel(v))
	}
	d := dialog.NewCustom("Keyboard Shortcuts", "Close", container.NewVScroll(grid), u.win)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
}
