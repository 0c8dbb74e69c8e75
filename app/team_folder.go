package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/teamfolder"
	gstorage "gloss/storage"
)

// prefTeamProjects lists the projects kept in team folders: opening one
// watches its folder again.
const prefTeamProjects = "teamProjects"

// teamFolderHelp says what the team folder does, in the dialogs' words.
const teamFolderHelp = "In a folder the team shares through a sync client (Syncthing, Nextcloud, Dropbox, OneDrive), " +
	"each researcher keeps their own file, named after them. Gloss watches the folder and merges every colleague's " +
	"file into yours as it arrives, each passage kept under its coder's name; yours is the only file it writes. " +
	"A sync client's conflict copies of your file are merged back, then moved to “" + teamfolder.SetAsideFolder + "”. " +
	"Tell the sync client to leave out *.gloss-wal and *.gloss-shm: they belong to the computer that has the project open."

// teamDo runs a team folder event's work on the UI goroutine; tests
// collect it instead, to run it on theirs.
var teamDo = fyne.Do

// teamSay shows a line about the team folder in the status bar; tests
// collect the lines instead (the flash's timer would outlive them).
var teamSay = func(u *ui, msg string) { u.status.flash(msg) }

// ownFileName is the researcher's file in a team folder: their name, with
// what no file system allows in a name replaced.
func ownFileName(author string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, strings.TrimSpace(author))
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "Me"
	}
	return name + ".gloss"
}

// teamFolder is File ▸ Team Folder: with a folder watched, what became of
// each file in it; else the choice of a folder to join.
func (u *ui) teamFolder() {
	if u.proj != nil && u.proj.team != nil {
		u.showTeamStatus()
		return
	}
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if l != nil {
			remember(folderProjects, l, true)
			u.joinTeamFolder(l.Path())
		}
	}, u.win)
	d.SetTitleText("Choose the team's shared folder")
	d.SetConfirmText("Use This Folder")
	near := ""
	if u.proj != nil {
		near = u.proj.db.Path()
	}
	startIn(d, folderProjects, near)
	d.Show()
}

// joinTeamFolder makes the researcher's file in folder the open project
// and watches the folder: the open project when it lies there already,
// else the file named after the researcher, started as a copy of the open
// project (or empty) when it does not exist yet.
func (u *ui) joinTeamFolder(folder string) {
	author := u.author()
	if author == "" {
		u.authorDialog(false, func() {
			if u.author() != "" {
				u.joinTeamFolder(folder)
			}
		})
		return
	}
	if u.proj != nil && sameFolder(filepath.Dir(u.proj.db.Path()), folder) {
		u.watchTeamFolder()
		return
	}
	own := filepath.Join(folder, ownFileName(author))
	if _, err := os.Stat(own); err == nil {
		u.openTeamProject(own)
		return
	}
	from := "an empty project"
	if u.proj != nil {
		from = "a copy of " + filepath.Base(u.proj.db.Path()) + ", with everyone's work in it"
	}
	text := widget.NewLabel(fmt.Sprintf("Your file in %s will be %s, started as %s.\n\n%s", folder, filepath.Base(own), from, teamFolderHelp))
	text.Wrapping = fyne.TextWrapWord
	// The file starts as a copy of the project open now: the dialog goes
	// when it closes.
	s := u.proj
	d := dialog.NewCustomConfirm("Join the Team Folder", "Start "+filepath.Base(own), "Cancel", text, func(ok bool) {
		if !ok {
			return
		}
		if s != nil && u.proj != s {
			u.showError(s.closedFirst("your file " + filepath.Base(own) + " was not started"))
			return
		}
		if s == nil {
			db, err := gstorage.Create(own)
			if err != nil {
				u.showError(fmt.Errorf("cannot create your file in the team folder: %w", err))
				return
			}
			db.Close()
			u.openTeamProject(own)
			return
		}
		u.insp.flush()
		progress := dialog.NewCustomWithoutButtons("Starting "+filepath.Base(own)+"…", widget.NewProgressBarInfinite(), u.win)
		progress.Show()
		s.keep(progress)
		what := "your file " + filepath.Base(own) + " was not started"
		var err error
		shareInBackground(func() {
			if s.closed() {
				err = s.closedFirst(what)
				return
			}
			_, err = s.db.SaveCopy(s.ctx, own, gstorage.CopyOptions{})
			err = s.orClosed(what, err)
		}, func() {
			progress.Hide()
			switch {
			case err != nil && s.closed():
				u.showError(err)
			case err != nil:
				u.showError(fmt.Errorf("cannot start your file in the team folder: %w", err))
			case u.proj != s:
				// Another project was opened meanwhile: it stays open.
				dialog.ShowInformation("Team Folder", fmt.Sprintf("Your file %s is started in %s, but not opened: %s was opened meanwhile and stays open. Choose the team folder again to work in it.",
					filepath.Base(own), homeRelative(folder), u.projectName()), u.win)
			default:
				u.openTeamProject(own)
			}
		})
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	s.keep(d)
}

// sameFolder reports whether a and b are the same folder.
func sameFolder(a, b string) bool {
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ai, bi)
}

// openTeamProject opens the researcher's file in a team folder and
// watches the folder.
func (u *ui) openTeamProject(own string) {
	u.openProject(own)
	if u.proj != nil && sameFolder(filepath.Dir(u.proj.db.Path()), filepath.Dir(own)) {
		u.watchTeamFolder()
	}
}

// resumeTeamFolder watches the open project's folder again when it was a
// team folder when last open.
func (u *ui) resumeTeamFolder() {
	if u.proj == nil {
		return
	}
	abs, err := filepath.Abs(u.proj.db.Path())
	if err != nil {
		return
	}
	for _, p := range u.app.Preferences().StringList(prefTeamProjects) {
		if p == abs {
			u.watchTeamFolder()
			return
		}
	}
}

// watchTeamFolder starts watching the open project's folder; its events
// reload the window and flash in the status bar.
func (u *ui) watchTeamFolder() {
	s := u.proj
	if s == nil || s.team != nil {
		return
	}
	w, err := teamfolder.Watch(s.ctx, s.db, teamfolder.Options{OnEvent: func(e teamfolder.Event) {
		teamDo(func() { u.teamEvent(s, e) })
	}})
	if err != nil {
		u.showError(err)
		return
	}
	s.team = w
	u.rememberTeamProject(s.db.Path(), true)
	teamSay(u, "Watching the team folder "+homeRelative(w.Folder())+": colleagues' files are merged as they arrive")
}

// stopTeamFolder stops watching the open project's folder.
func (u *ui) stopTeamFolder() {
	s := u.proj
	if s == nil || s.team == nil {
		return
	}
	s.team.Close()
	s.team = nil
	u.rememberTeamProject(s.db.Path(), false)
}

// rememberTeamProject adds the project at path to the team projects, or
// takes it off.
func (u *ui) rememberTeamProject(path string, on bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	prefs := u.app.Preferences()
	var list []string
	for _, p := range prefs.StringList(prefTeamProjects) {
		if p != abs {
			list = append(list, p)
		}
	}
	if on {
		list = append(list, abs)
	}
	prefs.SetStringList(prefTeamProjects, list)
}

// teamEvent shows what became of a file of the team folder.
func (u *ui) teamEvent(s *session, e teamfolder.Event) {
	if u.proj != s {
		return
	}
	if s.teamShown != nil {
		s.teamShown()
	}
	switch {
	case e.State == teamfolder.Merged && e.Report.Changed():
		u.afterOutsideChange()
		teamSay(u, teamEventLine(e))
	case e.State == teamfolder.Merged && e.SetAside == "":
		// Nothing new: no word.
	case e.State != teamfolder.Waiting:
		teamSay(u, teamEventLine(e))
	}
}

// teamEventLine says in a line what became of a file.
func teamEventLine(e teamfolder.Event) string {
	switch e.State {
	case teamfolder.Waiting:
		return e.File + ": " + e.Reason + "; tried again as it arrives"
	case teamfolder.Refused:
		return e.File + " was not merged: " + e.Reason
	case teamfolder.Failed:
		return e.File + " was not merged: " + e.Reason + "; tried again shortly"
	}
	r := e.Report
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, annotate.Count(n, one, many))
		}
	}
	add(r.PassagesAdded, "passage added", "passages added")
	add(r.PassagesUpdated, "passage changed", "passages changed")
	add(r.PassagesDeleted, "passage deleted", "passages deleted")
	add(r.DocumentsAdded, "document added", "documents added")
	add(r.TagsAdded, "code added", "codes added")
	add(r.NotesAdded+r.NotesUpdated, "note", "notes")
	add(len(r.Orphans), "passage that could not be placed", "passages that could not be placed")
	what := "nothing new"
	if len(parts) > 0 {
		what = strings.Join(parts, ", ")
	}
	line := "Merged " + e.File + ": " + what
	if e.SetAside != "" {
		line = "Merged your conflict copy " + e.File + " back (" + what + ") and moved it to “" + teamfolder.SetAsideFolder + "”"
	}
	if e.Reason != "" {
		line += "; " + e.Reason
	}
	return line
}

// showTeamStatus lists the files of the watched team folder and what
// became of each.
func (u *ui) showTeamStatus() {
	s := u.proj
	w := s.team
	intro := widget.NewLabel(fmt.Sprintf("Team folder: %s\nYour file: %s, the only one Gloss writes.\n\n%s",
		homeRelative(w.Folder()), filepath.Base(s.db.Path()), teamFolderHelp))
	intro.Wrapping = fyne.TextWrapWord
	list := container.NewVBox()
	fill := func() {
		list.RemoveAll()
		st := w.Status()
		if len(st) == 0 {
			list.Add(widget.NewLabel("No colleague's file in the folder yet."))
		}
		for _, e := range st {
			l := widget.NewLabel(e.At.Format("15:04") + "  " + teamEventLine(e))
			l.Wrapping = fyne.TextWrapWord
			if e.State == teamfolder.Refused || e.State == teamfolder.Failed {
				l.Importance = widget.DangerImportance
			}
			list.Add(l)
		}
	}
	fill()
	var d dialog.Dialog
	look := widget.NewButton("Look Now", w.Rescan)
	stop := widget.NewButton("Stop Watching", func() {
		u.stopTeamFolder()
		d.Hide()
	})
	body := container.NewBorder(intro, container.NewHBox(look, stop), nil, nil, container.NewVScroll(list))
	d = dialog.NewCustom("Team Folder", "Close", body, u.win)
	s.teamShown = fill
	d.SetOnClosed(func() { s.teamShown = nil })
	d.Resize(fyne.NewSize(640, 460))
	d.Show()
	s.keep(d)
}
