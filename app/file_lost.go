package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/storage"
)

// place is where the researcher was in a project: the open document, the
// passage in the inspector and a note typed there and not saved yet.
type place struct {
	docID, passageID string
	note             *string // the note's text when it differs from the saved one
}

// currentPlace returns where the researcher is in the window.
func (u *ui) currentPlace() place {
	var p place
	if u.doc != nil {
		p.docID = u.doc.ID
	}
	p.passageID = u.selected
	if in := u.insp; in.p != nil && in.p.ID == u.selected && in.note.Text != in.noteWas {
		text := in.note.Text
		p.note = &text
	}
	return p
}

// restorePlace opens the document and passage of p again in the project
// now shown, and saves the note that was being typed.
func (u *ui) restorePlace(p place) {
	if p.docID != "" && hasDocument(u.docs, p.docID) {
		u.openDocument(p.docID)
	}
	if p.passageID == "" {
		return
	}
	if _, err := u.proj.db.Passage(bg, p.passageID); err != nil {
		return
	}
	if p.note != nil {
		old := ""
		if ps, err := u.proj.db.Passage(bg, p.passageID); err == nil {
			old = ps.Note.Text
		}
		if err := u.proj.ed.setNote(p.passageID, old, *p.note); err != nil {
			u.showError(fmt.Errorf("the note you were typing could not be saved (it is still in the box): %w", err))
		}
	}
	u.selectPassage(p.passageID)
	u.view.ScrollToPassage(p.passageID)
	if p.note != nil && u.insp.p != nil && u.insp.p.ID == p.passageID && u.insp.note.Text != *p.note {
		u.insp.note.SetText(*p.note) // not saved: left in the box to try again
	}
}

// fileLost takes the window off a project whose file was replaced or
// deleted under it (see storage.FileChangedError). Storage has written
// nothing more into that file and kept the researcher's work in the
// recovery copy beside it: the window opens the copy, at the same place,
// so that the work goes on there, and tells the researcher in a notice
// what happened and what they can do. What was typed into the project's
// dialogs goes into the copy too, or is asked about (see
// moveToRecovered).
func (u *ui) fileLost(s *session, lost *storage.FileChangedError) {
	if u.proj != s {
		return
	}
	if s.lost {
		// A change refused while the dialogs kept open are finished.
		if s.recovered != nil {
			u.moveToRecovered(s, lost, false)
		}
		return
	}
	s.lost = true
	kind := "replaced"
	if lost.Deleted {
		kind = "deleted"
	}
	trace("file-lost %s %s", kind, lost.Recovery)
	if lost.Recovery == "" {
		dialog.NewError(fmt.Errorf("%s", capitalize(lost.Error())), u.win).Show()
		return
	}
	rec, err := storage.Open(lost.Recovery)
	if err != nil {
		u.showError(fmt.Errorf("your work is in %s, which could not be opened: %w", lost.Recovery, err))
		return
	}
	rec.SetAuthor(s.db.Author()) // the name the researcher is coding as
	// The project goes on in the copy, which holds the same codes,
	// documents and briefings: what its dialogs save goes there.
	s.ed.db = rec
	s.recovered = rec
	u.moveToRecovered(s, lost, false)
}

// showFileLost is the notice of a file replaced or deleted, with the
// offers: merge the recovered work into the new file (or, the file being
// gone, put it back), save it elsewhere, or go on in the recovered copy.
func (u *ui) showFileLost(lost *storage.FileChangedError) {
	name := filepath.Base(lost.Path)
	rec := filepath.Base(lost.Recovery)
	title := name + " was replaced"
	what := fmt.Sprintf("Another program — a sync client, a restore from a backup or a move — put a different file at %s while Gloss had it open. Gloss stopped saving into it, so that file is left exactly as it came.", homeRelative(lost.Path))
	if lost.Deleted {
		title = name + " was deleted"
		what = fmt.Sprintf("%s was deleted or moved away while Gloss had it open. Gloss stopped saving into it.", homeRelative(lost.Path))
	}
	where := fmt.Sprintf("Nothing you did is lost: your project, with every change up to now, is in “%s”", rec)
	if filepath.Dir(lost.Recovery) == filepath.Dir(lost.Path) {
		where += " beside it."
	} else {
		where += " in " + homeRelative(filepath.Dir(lost.Recovery)) + "."
	}
	where += " It is open now, and what you do next is saved there."
	text := widget.NewLabel(what + "\n\n" + where)
	text.Wrapping = fyne.TextWrapWord

	var d *dialog.CustomDialog
	var e *editingDialog
	// The notice is the one place that offers what to do with the
	// recovered work: a save of it that was not done (no file chosen, or
	// the file could not be written) shows it again.
	back := func() { e.reopen() }
	act := func(label string, important bool, run func()) *widget.Button {
		b := widget.NewButton(label, func() {
			d.Hide()
			run()
		})
		if important {
			b.Importance = widget.HighImportance
		}
		return b
	}
	// The offers are for the recovered copy open now: the notice goes when
	// it closes.
	s := u.proj
	var offers []fyne.CanvasObject
	if lost.Deleted {
		offers = append(offers, act("Put my version back as "+name, true, func() { u.putBack(s, lost, back) }))
	} else {
		offers = append(offers, act("Open the new file and merge my work into it", true, func() { u.mergeRecovered(s, lost, back) }))
	}
	offers = append(offers, act("Save my version elsewhere…", false, func() { u.saveVersionElsewhere(s, back) }))
	body := container.NewVBox(text, widget.NewSeparator(), container.NewVBox(offers...))
	d = dialog.NewCustomWithoutButtons(title, body, u.win)
	d.SetButtons([]fyne.CanvasObject{widget.NewButton("Keep working in the recovered copy", func() { d.Hide() })})
	d.Show()
	// The wrapped text is as tall as its width makes it: size the dialog
	// once it has its width.
	d.Resize(fyne.NewSize(560, 0))
	d.Resize(fyne.NewSize(560, 1))
	e = editing(d, u.win, nil, title)
	s.keep(e)
	trace("file-lost-notice %s", title)
}

// mergeRecovered opens the file now at the project's path and merges the
// recovered work (the project s) into it, off the UI goroutine; the window
// then shows the merged file, unless the researcher opened another project
// meanwhile, which stays open. The recovered copy stays where it is. back,
// when set, is called when the new file could not take the work, before
// the error is shown: the notice that offered the merge shows again.
func (u *ui) mergeRecovered(s *session, lost *storage.FileChangedError, back func()) {
	if u.proj != s {
		u.showError(s.closedFirst("your work was not merged into " + filepath.Base(lost.Path)))
		return
	}
	// What was typed into the project's dialogs goes into the work merged.
	name := filepath.Base(lost.Path)
	u.leaveProject("Merge into "+name, "Merging your work into "+name, func() { u.mergeRecoveredNow(s, lost, back) }, func() {})
}

// mergeRecoveredNow is mergeRecovered once the typing is saved.
func (u *ui) mergeRecoveredNow(s *session, lost *storage.FileChangedError, back func()) {
	author := s.db.Author()
	u.busy++
	u.updateStatus()
	offUI(func() {
		db, err := storage.Open(lost.Path)
		var rep *storage.MergeReport
		if err == nil {
			db.SetAuthor(author)
			if rep, err = db.Merge(context.Background(), lost.Recovery); err != nil {
				db.Close()
			}
		}
		fyne.Do(func() {
			u.busy--
			if err != nil {
				if back != nil && u.proj == s {
					back()
				}
				u.showError(fmt.Errorf("your work stays in %s: the new file could not take it: %w", filepath.Base(lost.Recovery), err))
				return
			}
			head := fmt.Sprintf("Your work is merged into %s. The recovered copy stays in %s.", filepath.Base(lost.Path), homeRelative(lost.Recovery))
			if u.proj == s {
				at := u.currentPlace()
				u.setProject(db)
				u.restorePlace(at)
				u.rememberRecent(lost.Path)
			} else {
				// Another project was opened meanwhile: it stays open.
				db.Close()
				head = fmt.Sprintf("Your work is merged into %s, which was not opened: %s was opened meanwhile and stays open. The recovered copy stays in %s.",
					filepath.Base(lost.Path), u.projectName(), homeRelative(lost.Recovery))
			}
			trace("merged-recovery %s", lost.Path)
			lines := append([]string{head, ""}, mergeSummary(filepath.Base(lost.Path), rep)...)
			text := widget.NewLabel(strings.Join(lines, "\n"))
			text.Wrapping = fyne.TextWrapWord
			body := container.NewVScroll(text)
			body.SetMinSize(fyne.NewSize(520, 260))
			dialog.ShowCustom("Merged your recovered work", "Close", body, u.win)
		})
	})
}

// putBack writes the recovered project at the path the deleted file had
// and opens it there; back is as for saveVersionAs.
func (u *ui) putBack(s *session, lost *storage.FileChangedError, back func()) {
	u.saveVersionAs(s, lost.Path, back)
}

// saveVersionElsewhere asks where to save the project s (the recovered
// copy), writes it there whole and opens it there. back, when set, is
// called when no file was chosen or it could not be written, before any
// error is shown: the notice that offered the save shows again.
func (u *ui) saveVersionElsewhere(s *session, back func()) {
	if u.proj != s {
		u.showError(s.closedFirst("your version was not saved"))
		return
	}
	name := strings.TrimSuffix(filepath.Base(s.db.Path()), ".gloss") + " (mine).gloss"
	showSave(u.win, s, saveAs{name: name, filter: glossFilter, folder: folderProjects, near: s.db.Path(), notDone: "your version was not saved as", report: u.showError, back: back},
		func(w fyne.URIWriteCloser) {
			path := w.URI().Path()
			w.Close()
			removeEmpty(path) // the dialog made it empty; SaveAs writes it
			if !strings.HasSuffix(strings.ToLower(path), ".gloss") {
				path += ".gloss"
			}
			u.saveVersionAs(s, path, back)
		})
}

// saveVersionAs writes the project s, whole, to path (off the UI
// goroutine) and opens it there, unless another project was opened
// meanwhile, which stays open. back, when set, is called when path could
// not be written, before the error is shown.
func (u *ui) saveVersionAs(s *session, path string, back func()) {
	what := "your version was not saved as " + filepath.Base(path)
	if u.proj != s {
		u.showError(s.closedFirst(what))
		return
	}
	// What was typed into the project's dialogs goes into the version.
	u.leaveProject("Save as "+filepath.Base(path), "Saving your version as "+filepath.Base(path), func() { u.saveVersionAsNow(s, path, back) }, func() {})
}

// saveVersionAsNow is saveVersionAs once the typing is saved.
func (u *ui) saveVersionAsNow(s *session, path string, back func()) {
	what := "your version was not saved as " + filepath.Base(path)
	db := s.db
	author := db.Author()
	u.busy++
	u.updateStatus()
	offUI(func() {
		var err error
		if s.closed() {
			err = s.closedFirst(what)
		} else {
			err = s.orClosed(what, db.SaveAs(s.ctx, path))
		}
		fyne.Do(func() {
			u.busy--
			if err != nil {
				u.updateStatus()
				if s.closed() {
					u.showError(err)
					return
				}
				if back != nil {
					back()
				}
				u.showError(fmt.Errorf("your version could not be saved there: %w", err))
				return
			}
			if u.proj != s {
				u.updateStatus()
				dialog.ShowInformation("Version Saved", fmt.Sprintf("Your version is saved as %s. It was not opened: %s was opened meanwhile and stays open.", path, u.projectName()), u.win)
				return
			}
			at := u.currentPlace()
			u.openProject(path)
			if u.proj != nil && u.proj.db.Path() == path {
				if u.proj.db.Author() == "" {
					u.proj.db.SetAuthor(author)
				}
				u.restorePlace(at)
			}
			trace("saved-version %s", path)
		})
	})
}

// rememberRecent makes path the project opened last and first in File ▸
// Open Recent.
func (u *ui) rememberRecent(path string) {
	prefs := u.app.Preferences()
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	recent := addRecent(prefs.StringList(prefRecent), abs)
	prefs.SetStringList(prefRecent, recent)
	prefs.SetString(prefLast, abs)
	u.showRecent(recent)
}

// removeEmpty removes the empty file a save dialog makes, and only it.
func removeEmpty(path string) {
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && info.Size() == 0 {
		os.Remove(path)
	}
}
