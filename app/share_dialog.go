package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	gstorage "gloss/storage"
)

// shareInBackground runs work off the UI goroutine (see offUI) and then
// done on it.
func shareInBackground(work, done func()) {
	offUI(func() {
		work()
		fyne.Do(done)
	})
}

// mergeSummary describes a merge report in lines for people.
func mergeSummary(mine string, r *gstorage.MergeReport) []string {
	if !r.Changed() {
		return []string{fmt.Sprintf("%s brought nothing new: %s already has all of it.", filepath.Base(r.File), mine)}
	}
	docs := fmt.Sprintf("Documents: %s added, %s matched", annotate.Number(r.DocumentsAdded), annotate.Number(r.DocumentsMatched))
	if r.DocumentsByHash+r.DocumentsByText > 0 {
		docs += fmt.Sprintf(" (%s by identical text, %s by near-identical text)", annotate.Number(r.DocumentsByHash), annotate.Number(r.DocumentsByText))
	}
	if r.DocumentsDeleted > 0 {
		docs += fmt.Sprintf(", %s deleted by the colleague", annotate.Number(r.DocumentsDeleted))
	}
	passages := fmt.Sprintf("Passages: %s added", annotate.Number(r.PassagesAdded))
	if r.PassagesReanchored > 0 {
		passages += fmt.Sprintf(" (%s placed on text that differs slightly)", annotate.Number(r.PassagesReanchored))
	}
	passages += fmt.Sprintf(", %s updated, %s deleted, %s could not be placed", annotate.Number(r.PassagesUpdated), annotate.Number(r.PassagesDeleted), annotate.Number(len(r.Orphans)))
	lines := []string{
		docs + ".",
		passages + ".",
		fmt.Sprintf("Codes: %s added, %s matched, %s deleted.", annotate.Number(r.TagsAdded), annotate.Number(r.TagsMatched), annotate.Number(r.TagsDeleted)),
		fmt.Sprintf("Notes: %s added, %s updated.", annotate.Number(r.NotesAdded), annotate.Number(r.NotesUpdated)),
	}
	if r.RulesAdded+r.RulesUpdated > 0 {
		lines = append(lines, fmt.Sprintf("Auto-coding rules: %s added, %s updated.", annotate.Number(r.RulesAdded), annotate.Number(r.RulesUpdated)))
	}
	for _, line := range r.AnalysisSummary() {
		lines = append(lines, strings.ToUpper(line[:1])+line[1:]+".")
	}
	if r.PassagesUntagged > 0 {
		lines = append(lines, annotate.Count(r.PassagesUntagged, "passage lost its", "passages lost their")+" last code (a colleague deleted it); kept uncoded.")
	}
	if len(r.TagConflicts) > 0 {
		lines = append(lines, "", "Code changes from the colleague, later than yours, were kept:")
		for _, c := range r.TagConflicts {
			lines = append(lines, fmt.Sprintf("  • %s: %s %q replaced by %q", c.Tag, c.Field, c.Ours, c.Theirs))
		}
	}
	if len(r.Orphans) > 0 {
		lines = append(lines, "", "Passages whose text is no longer in your copy of the document (kept in the project, not highlighted):")
		for _, o := range r.Orphans {
			lines = append(lines, fmt.Sprintf("  • “%s” in %s, by %s [%s]", annotate.Ellipsize(o.Quote, 70), o.Document, o.Author, strings.Join(o.Tags, "; ")))
		}
	}
	return lines
}

// showSaveCopyDialog saves a compact copy of the project s to send to a
// colleague: deleted work purged and, when researchers are ticked, only
// their work kept. Its dialogs go when s closes.
func showSaveCopyDialog(win fyne.Window, s *session) {
	db := s.db
	authors, err := db.Authors(s.ctx)
	if err != nil {
		dialog.ShowError(err, win)
		return
	}
	who := widget.NewCheckGroup(authors, nil)
	note := widget.NewLabel("Deleted passages, codes and documents are left out of the copy. " +
		"Tick researchers to keep only their passages and notes (and the codes they use); tick none to keep everyone's.")
	note.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(note, widget.NewLabelWithStyle("Keep the work of", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), who)
	// The original PDFs can be most of a project's size.
	drop := widget.NewCheck("", nil)
	if files, size, err := db.OriginalsSize(s.ctx); err == nil && files > 0 {
		drop.SetText(fmt.Sprintf("Leave out the original PDFs (%s, %s); their text stays", annotate.Count(files, "file", "files"), megabytes(size)))
		form.Add(drop)
	}
	var e *editingDialog
	// The researchers ticked are not lost to a file not chosen or a copy
	// that failed: the dialog shows again with them.
	back := func() { e.reopen() }
	d := dialog.NewCustomConfirm("Save a copy", "Choose file…", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		chosen := append([]string(nil), who.Selected...)
		dropOriginals := drop.Checked
		name := strings.TrimSuffix(filepath.Base(db.Path()), filepath.Ext(db.Path()))
		if len(chosen) == 1 {
			name += " (" + chosen[0] + ")"
		} else {
			name += " (copy)"
		}
		showSave(win, s, saveAs{name: name + ".gloss", exts: []string{".gloss"}, folder: folderProjects, near: db.Path(), notDone: "no copy was saved as", back: back},
			func(w fyne.URIWriteCloser) {
				w.Close() // the copy is written next to it and renamed over it
				saveCopy(win, s, w.URI().Path(), gstorage.CopyOptions{Authors: chosen, DropOriginals: dropOriginals}, back)
			})
	}, win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
	e = editing(d, win, nil, "Save a copy")
	s.keep(e)
}

// saveCopy writes the copy of s in a goroutine and says how it went. A
// copy s closes under is not written (not even half). back, when set, is
// called when the copy fails, before the error is shown: the dialog that
// asked for it shows again.
func saveCopy(win fyne.Window, s *session, out string, opts gstorage.CopyOptions, back func()) {
	progress := dialog.NewCustomWithoutButtons("Saving "+filepath.Base(out)+"…", widget.NewProgressBarInfinite(), win)
	progress.Show()
	s.keep(progress)
	var rep *gstorage.CopyReport
	var err error
	shareInBackground(func() {
		if s.closed() {
			err = s.closedFirst("no copy was saved as " + filepath.Base(out))
			return
		}
		opts.Overwrite = true
		rep, err = s.db.SaveCopy(s.ctx, out, opts)
		err = s.orClosed("no copy was saved as "+filepath.Base(out), err)
	}, func() {
		progress.Hide()
		if err != nil {
			if s.closed() {
				removeEmpty(out) // what the save dialog made
			} else if back != nil {
				back()
			}
			dialog.ShowError(err, win)
			return
		}
		dialog.ShowInformation("Copy saved", copySummary(out, opts.Authors, rep), win)
	})
}

// copySummary describes a saved copy, saying where it is, as an export
// says where it wrote its file: the copy is to be found and sent.
func copySummary(out string, authors []string, r *gstorage.CopyReport) string {
	who := "everyone's work"
	if len(authors) > 0 {
		who = "the work of " + strings.Join(authors, ", ")
	}
	s := fmt.Sprintf("Saved %s. It holds %s: %s, %s, %s, %s.", out, who, annotate.Count(r.Documents, "document", "documents"),
		annotate.Count(r.Tags, "code", "codes"), annotate.Count(r.Passages, "passage", "passages"), annotate.Count(r.Notes, "note", "notes"))
	if r.Originals > 0 {
		s += fmt.Sprintf(" It keeps %s.", annotate.Count(r.Originals, "original PDF", "original PDFs"))
	}
	return s
}

// megabytes writes a size for people: "3.2 MB", "640 KB".
func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
