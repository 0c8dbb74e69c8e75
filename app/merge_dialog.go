package app

import (
	"context"
	"errors"
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

// Merging a colleague's file: the file is chosen (never the open project
// itself), the merge is previewed on a copy of the project (what it will
// add, change and delete), and only then, when the researcher agrees, done
// on the project after a restore point is taken, so that one Undo puts the
// project back exactly as it was.

// showMergeDialog asks for a colleague's .gloss file and previews merging
// it into the open project. onDone runs (on the UI goroutine) after a
// merge that changed something, so the window can reload; undo takes the
// last edit back (the merge, when offered right after it).
func showMergeDialog(win fyne.Window, s *session, onDone, undo func()) {
	open := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		remember(folderColleagues, r.URI(), false)
		r.Close()
		previewMerge(win, s, path, onDone, undo)
	}, win)
	open.SetFilter(colleagueFilter{self: s.db.Path()})
	open.SetConfirmText("Preview Merge")
	open.SetTitleText("Merge a colleague's file")
	startIn(open, folderColleagues, s.db.Path())
	open.Show()
	s.keep(open)
}

// previewMerge merges the file at path into a copy of the project, off the
// UI goroutine, and shows what the merge would do, asking to go ahead.
func previewMerge(win fyne.Window, s *session, path string, onDone, undo func()) {
	name := filepath.Base(path)
	progress := dialog.NewCustomWithoutButtons("Reading "+name+"…", widget.NewProgressBarInfinite(), win)
	progress.Show()
	s.keep(progress)
	var rep *gstorage.MergeReport
	var err error
	shareInBackground(func() {
		rep, err = s.db.PreviewMerge(s.ctx, path)
	}, func() {
		progress.Hide()
		if s.closed() {
			closedFirst(win, s, name)
			return
		}
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		mine := filepath.Base(s.db.Path())
		if !rep.Changed() {
			dialog.ShowInformation("Nothing to Merge", fmt.Sprintf("%s brings nothing new: %s already has all of it.", name, mine), win)
			return
		}
		text := widget.NewLabel(strings.Join(mergePlan(mine, rep), "\n"))
		text.Wrapping = fyne.TextWrapWord
		body := container.NewVScroll(text)
		body.SetMinSize(fyne.NewSize(540, 280))
		d := dialog.NewCustomConfirm("Merge "+name+"?", "Merge", "Cancel", body, func(ok bool) {
			if ok {
				runMerge(win, s, path, onDone, undo)
			}
		}, win)
		d.Show()
		s.keep(d)
	})
}

// runMerge takes a restore point, merges the file at path off the UI
// goroutine and records the merge as one undoable step, then reports what
// it did with an Undo Merge button. A merge that fails puts the restore
// point back, so that nothing of it stays, even if it had saved part.
func runMerge(win fyne.Window, s *session, path string, onDone, undo func()) {
	name := filepath.Base(path)
	progress := dialog.NewCustomWithoutButtons("Merging "+name+"…", widget.NewProgressBarInfinite(), win)
	progress.Show()
	s.keep(progress)
	var rep *gstorage.MergeReport
	var before string
	var err error
	shareInBackground(func() {
		before, err = s.restorePoint(s.ctx)
		if err != nil {
			err = fmt.Errorf("the merge was not started: a restore point could not be saved first: %w", err)
			return
		}
		rep, err = s.db.Merge(s.ctx, path)
		if err != nil {
			if rerr := s.db.Restore(context.Background(), before); rerr != nil && !errors.Is(rerr, err) && rerr.Error() != err.Error() {
				err = fmt.Errorf("%w (putting the project back as it was also failed: %v; the project as it was is in %s)", err, rerr, before)
			}
		}
	}, func() {
		progress.Hide()
		if s.closed() && err == nil {
			// Done just before the project closed: it is in its file, but
			// its restore point went with the project, so it is not undone
			// from here.
			mine := filepath.Base(s.db.Path())
			dialog.ShowInformation("Merged "+name, fmt.Sprintf("%s was merged into %s just before it closed (%s). Open %s again to see it; Undo there does not take the merge back.",
				name, mine, s.closedWhy(), mine), win)
			return
		}
		if s.closed() {
			closedFirst(win, s, name)
			return
		}
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		what := "Merge " + name
		if rep.Changed() {
			s.ed.recordRestorePoint(what, before)
		}
		s.keep(showMergeReport(win, filepath.Base(s.db.Path()), rep, func() {
			// Only while the merge is still the last step of its project.
			if !s.closed() && s.ed.stack.undoName() == what && undo != nil {
				undo()
			}
		}))
		if rep.Changed() && onDone != nil {
			onDone()
		}
	})
}

// closedFirst says that a merge into s did not happen because the project
// was closed first (another was opened).
func closedFirst(win fyne.Window, s *session, name string) {
	mine := filepath.Base(s.db.Path())
	dialog.ShowInformation("Merge Not Done", fmt.Sprintf("%s was not merged: %s was closed first. Open it again to merge.", name, mine), win)
}

// showMergeReport shows what a merge did, and returns the dialog; undo,
// when not nil, is offered as Undo Merge.
func showMergeReport(win fyne.Window, mine string, rep *gstorage.MergeReport, undo func()) dialog.Dialog {
	text := widget.NewLabel(strings.Join(mergeSummary(mine, rep), "\n"))
	text.Wrapping = fyne.TextWrapWord
	body := container.NewVScroll(text)
	body.SetMinSize(fyne.NewSize(520, 260))
	d := dialog.NewCustomWithoutButtons("Merged "+filepath.Base(rep.File), body, win)
	closeBtn := widget.NewButton("Close", d.Hide)
	closeBtn.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{closeBtn}
	if undo != nil && rep.Changed() {
		buttons = []fyne.CanvasObject{widget.NewButton("Undo Merge", func() {
			d.Hide()
			undo()
		}), closeBtn}
		text.SetText(text.Text + "\n\nUndo Merge (or Edit ▸ Undo) puts the project back exactly as it was before.")
	}
	d.SetButtons(buttons)
	d.Show()
	return d
}

// mergePlan describes a preview of a merge: what it will add, change and
// delete in the project named mine.
func mergePlan(mine string, r *gstorage.MergeReport) []string {
	lines := []string{fmt.Sprintf("Merging %s into %s will:", filepath.Base(r.File), mine), ""}
	add := func(format string, args ...any) { lines = append(lines, "  • "+fmt.Sprintf(format, args...)) }
	if r.DocumentsAdded > 0 {
		add("add %s", annotate.Count(r.DocumentsAdded, "document", "documents"))
	}
	if r.OriginalsAdded > 0 {
		add("add %s of documents", annotate.Count(r.OriginalsAdded, "original file", "original files"))
	}
	if r.PassagesAdded > 0 {
		s := "add " + annotate.Count(r.PassagesAdded, "passage", "passages")
		if r.PassagesReanchored > 0 {
			s += fmt.Sprintf(" (%s placed on text that differs slightly)", annotate.Number(r.PassagesReanchored))
		}
		add("%s", s)
	}
	if r.TagsAdded > 0 {
		add("add %s to the codebook", annotate.Count(r.TagsAdded, "code", "codes"))
	}
	if r.NotesAdded > 0 {
		add("add %s", annotate.Count(r.NotesAdded, "note", "notes"))
	}
	if r.RulesAdded > 0 {
		add("add %s", annotate.Count(r.RulesAdded, "auto-coding rule", "auto-coding rules"))
	}
	if r.PassagesUpdated > 0 {
		add("change the codes or note of %s", annotate.Count(r.PassagesUpdated, "passage", "passages"))
	}
	if r.NotesUpdated > 0 {
		add("change %s to the colleague's later version", annotate.Count(r.NotesUpdated, "note", "notes"))
	}
	if r.RulesUpdated > 0 {
		add("change %s", annotate.Count(r.RulesUpdated, "auto-coding rule", "auto-coding rules"))
	}
	for _, c := range r.TagConflicts {
		add("change the %s of the code “%s” from %q to the colleague's later %q", c.Field, c.Tag, c.Ours, c.Theirs)
	}
	if r.DocumentsDeleted > 0 {
		add("delete %s, with their passages (the colleague deleted them)", annotate.Count(r.DocumentsDeleted, "document", "documents"))
	}
	if r.PassagesDeleted > 0 {
		add("delete %s (the colleague deleted them)", annotate.Count(r.PassagesDeleted, "passage", "passages"))
	}
	if r.TagsDeleted > 0 {
		add("delete %s from the codebook (the colleague deleted them)", annotate.Count(r.TagsDeleted, "code", "codes"))
	}
	if r.PassagesUntagged > 0 {
		add("leave %s without a code (their last code was deleted by the colleague); they are kept", annotate.Count(r.PassagesUntagged, "passage", "passages"))
	}
	if len(r.Orphans) > 0 {
		add("keep %s whose text is not in your copy of the document, listed but not highlighted", annotate.Count(len(r.Orphans), "passage", "passages"))
	}
	if r.DocumentsMatched > 0 || r.TagsMatched > 0 {
		lines = append(lines, "", fmt.Sprintf("Already in %s: %s and %s, matched with the colleague's.", mine,
			annotate.Count(r.DocumentsMatched, "document", "documents"), annotate.Count(r.TagsMatched, "code", "codes")))
	}
	return append(lines, "", "Nothing changes until you click Merge. After it, one Undo puts the project back exactly as it is now.")
}
