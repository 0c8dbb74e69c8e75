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
func (u *ui) openProject(path string) {
	def, _ := project.DefaultPath()
	var db *gstorage.DB
	var err error
	if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) && path == def {
		db, err = project.Create(path, true, u.author())
	} else {
		db, err = gstorage.Open(path)
	}
	prefs := u.app.Preferences()
	if err != nil {
		u.showError(fmt.Errorf("cannot open the project: %w", err))
		recent := removeRecent(prefs.StringList(prefRecent), path)
		prefs.SetStringList(prefRecent, recent)
		u.showRecent(recent)
		return
	}
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
			remember(folderProjects, w.URI(), false)
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
		startIn(d, folderProjects, u.projectPath())
		d.Show()
	}, u.win)
}
