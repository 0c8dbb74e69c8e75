package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss/app/project"
	gstorage "gloss/storage"
)

// openProject opens the project at path in the window. The default
// project is created, with the samples, when it does not exist yet; any
// other missing file is an error.
//
// The file is opened on a goroutine: a colleague's file is read whole
// before it opens (see storage.Open), which takes a while for a large
// one, so the window shows the project's name and that it is being
// checked meanwhile, and stays usable. A file that fails is refused as
// ever, and the project open before stays open.
func (u *ui) openProject(path string) {
	def, _ := project.DefaultPath()
	author := u.author()
	open := func() (*gstorage.DB, error) {
		if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) && path == def {
			return project.Create(path, true, author)
		}
		return openFile(path)
	}
	u.opening++
	gen := u.opening
	// The researcher asks for this project now: a question still open
	// about leaving for another (or quitting) is moot.
	u.withdrawLeaving()
	if !checksAWhile(path) {
		db, err := open()
		u.opened(path, db, err)
		return
	}
	u.win.SetTitle(windowTitle(path))
	u.status.set("Checking "+filepath.Base(path)+" before opening it…", "", nil, true)
	u.opens.Add(1)
	go func() {
		defer u.opens.Done()
		db, err := open()
		fyne.Do(func() {
			if gen != u.opening {
				// Another project was asked for meanwhile.
				if db != nil {
					db.Close()
				}
				return
			}
			u.opened(path, db, err)
		})
	}()
}

// openFile opens a project file; tests replace it.
var openFile = gstorage.Open

// backgroundCheckSize is the size from which a file that is not the
// researcher's own is checked on a goroutine (below it, the checks take a
// few milliseconds).
var backgroundCheckSize int64 = 4 << 20

// checksAWhile reports whether opening path reads it whole first: a file
// of some size that this machine did not write last.
func checksAWhile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Size() >= backgroundCheckSize && !gstorage.Trusted(path)
}

// opened shows the project db opened from path, or the reason it could not
// be opened.
func (u *ui) opened(path string, db *gstorage.DB, err error) {
	prefs := u.app.Preferences()
	if err != nil {
		u.nameOpenProject()
		u.showError(fmt.Errorf("cannot open the project: %w", err))
		recent := removeRecent(prefs.StringList(prefRecent), path)
		prefs.SetStringList(prefRecent, recent)
		u.showRecent(recent)
		return
	}
	gen := u.opening
	name := filepath.Base(path)
	u.leaveProject("Open "+name, "Opening "+name, func() {
		if gen != u.opening {
			db.Close() // another project was asked for meanwhile
			return
		}
		u.showOpened(path, db)
	}, func() {
		db.Close()
		if gen == u.opening {
			u.nameOpenProject()
		}
	})
}

// showOpened shows the project db, opened from path, in the window and
// keeps it among the recent projects.
func (u *ui) showOpened(path string, db *gstorage.DB) {
	prefs := u.app.Preferences()
	db.SetAuthor(u.author())
	u.setProject(db)
	u.resumeTeamFolder()
	if b := db.Backup(); b != "" {
		dialog.ShowInformation("Project Brought Up to Date", fmt.Sprintf("%s was made by an older version of Gloss and is now in the current format. "+
			"The file as it was is kept beside it as %s, for anyone still using that version.", filepath.Base(path), filepath.Base(b)), u.win)
	}
	abs, _ := filepath.Abs(path)
	recent := addRecent(prefs.StringList(prefRecent), abs)
	prefs.SetStringList(prefRecent, recent)
	prefs.SetString(prefLast, abs)
	u.showRecent(recent)
}

// showRecent lists recent projects in File ▸ Open Recent.
func (u *ui) showRecent(paths []string) {
	u.menu.showRecent(paths, u.openProject)
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
		remember(folderProjects, r.URI(), false)
		r.Close()
		u.openProject(path)
	}, u.win)
	d.SetFilter(glossFilter)
	startIn(d, folderProjects, u.projectPath())
	d.Show()
}

// projectPath is the open project's file, "" when none is open.
func (u *ui) projectPath() string {
	if u.proj == nil {
		return ""
	}
	return u.proj.db.Path()
}

// nameOpenProject puts the window's title and status bar back on the
// project open, after another was asked for and is not opened (it failed,
// the researcher kept editing, or Quit came first).
func (u *ui) nameOpenProject() {
	u.win.SetTitle(windowTitle(u.projectPath()))
	u.updateStatus()
}

// projectName is the open project's file name, for messages.
func (u *ui) projectName() string {
	if u.proj == nil {
		return "another project"
	}
	return filepath.Base(u.proj.db.Path())
}

// newProjectDialog creates a project: empty, or with the samples to try
// Gloss out.
func (u *ui) newProjectDialog() {
	const empty, samples = "Empty: I will import my own articles", "With the sample articles and codebook, to try Gloss out"
	choice := widget.NewRadioGroup([]string{empty, samples}, nil)
	choice.SetSelected(empty)
	var e *editingDialog
	// The choice made is not lost to a file not chosen or a project that
	// could not be made there: the dialog shows again with it.
	back := func() { e.reopen() }
	d := dialog.NewCustomConfirm("New Project", "Choose File…", "Cancel", choice, func(ok bool) {
		if !ok {
			return
		}
		showSave(u.win, nil, saveAs{name: "Untitled.gloss", filter: glossFilter, folder: folderProjects, near: u.projectPath(), report: u.showError, back: back},
			func(w fyne.URIWriteCloser) {
				path := w.URI().Path()
				w.Close()
				// A file the researcher chose to replace is kept: storage
				// refuses to create a project over it, and says so. One
				// left empty (by a save dialog) is not a file to keep.
				removeEmpty(path)
				if !strings.HasSuffix(strings.ToLower(path), ".gloss") {
					path += ".gloss"
				}
				var db *gstorage.DB
				var err error
				if choice.Selected == samples {
					db, err = project.Create(path, true, u.author())
				} else {
					db, err = gstorage.Create(path)
				}
				if err != nil {
					back()
					u.showError(fmt.Errorf("cannot create the project: %w", err))
					return
				}
				db.Close()
				u.openProject(path)
			})
	}, u.win)
	d.Show()
	e = editing(d, u.win, nil, "New Project")
}
