package app

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// Coding in the reading view: the selection, the keys, the chips and the
// context menu, undo and redo, all through the session's editor.

// selectionChanged follows the reading view's selection.
func (u *ui) selectionChanged(start, end int) {
	u.selStart, u.selEnd = start, end
	trace("selection %d %d", start, end)
	u.updateHint()
}

// hasSelection reports whether text is selected in the reading view.
func (u *ui) hasSelection() bool {
	return u.doc != nil && u.selEnd > u.selStart && strings.TrimSpace(u.text.Slice(u.selStart, u.selEnd)) != ""
}

// updateHint tells the reading pane what a key or click does now.
func (u *ui) updateHint() {
	s := readingState{document: u.proj != nil && u.doc != nil, passage: u.selected != "", codes: len(u.cb.tags)}
	if u.hasSelection() {
		s.selection = u.text.Slice(u.selStart, u.selEnd)
	}
	u.reader.updateHint(s)
}

// typedRune applies the code on the key for the keys 1–9. A letter typed
// with text or a passage selected starts the name of a new code in the
// "New code…" box, as the hint offers.
func (u *ui) typedRune(r rune) {
	switch {
	case r >= '1' && r <= '9':
		if t := u.cb.withKey(int(r - '0')); t != nil {
			u.applyTag(t.ID)
		} else if u.proj != nil {
			u.status.flash(fmt.Sprintf("No code has the key %c: give one a key in the Codebook tab with Edit…", r))
		}
	case unicode.IsLetter(r) && (u.hasSelection() || u.selected != ""):
		u.reader.startNewTag(string(r))
	}
}

// typedKey deletes the selected passage with Delete or Backspace.
func (u *ui) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		if u.selected != "" && !u.hasSelection() {
			u.deleteSelectedPassage()
		}
	case fyne.KeyEscape:
		u.selectPassage("")
	}
}

// applyTag codes the selection with a tag, or adds the tag to the selected
// passage. With neither, it says what to do.
func (u *ui) applyTag(tagID string) {
	if u.proj == nil {
		return
	}
	if t := u.cb.tag(tagID); t != nil && t.Grouping {
		// Storage refuses it too; say so before anything is tried.
		u.status.flash(fmt.Sprintf("“%s” is a grouping code: it groups the codes nested in it and is not applied to passages. Choose one of its codes.", t.Name))
		return
	}
	switch {
	case u.hasSelection():
		p, err := u.proj.ed.codeRange(u.doc, u.text, u.selStart, u.selEnd, tagID)
		if err != nil {
			u.showError(err)
			return
		}
		u.selected = p.ID
		u.view.SetSelection(p.End, p.End)
		u.afterEdit()
		u.tabs.SelectIndex(tabPassage)
		trace("passage %s %d %d", p.ID, p.Start, p.End)
	case u.selected != "":
		p, err := u.proj.db.Passage(bg, u.selected)
		if err != nil {
			u.showError(err)
			return
		}
		if err := u.proj.ed.addTag(p, tagID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
	default:
		u.status.flash("Select text in the article first, then press 1–9 or click a code.")
	}
	u.reader.focusView() // the keys go on working after a click on a code
}

// showCodePalette opens the searchable list of codes (Ctrl+K).
func (u *ui) showCodePalette() {
	if u.proj == nil || u.doc == nil {
		return
	}
	u.palette.show(u.win.Canvas(), u.cb)
}

// addTag adds a code to a passage.
func (u *ui) addTag(p *annotate.Passage, tagID string) {
	if u.proj == nil {
		return
	}
	if err := u.proj.ed.addTag(p, tagID); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

// removeTag takes a code off a passage. Taking off its only code would
// delete the passage and its note: the researcher is asked first, and
// told how to take it back.
func (u *ui) removeTag(p *annotate.Passage, tagID string) {
	if u.proj == nil {
		return
	}
	if len(p.Tags) == 1 && p.Tags[0] == tagID {
		u.confirmRemoveLastCode(p, tagID)
		return
	}
	if err := u.proj.ed.removeTag(p, tagID); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

// confirmRemoveLastCode asks before deleting a passage whose only code is
// taken off; a passage needs a code, so keeping it is the other choice.
func (u *ui) confirmRemoveLastCode(p *annotate.Passage, tagID string) {
	name := "this code"
	if t := u.cb.tag(tagID); t != nil {
		name = "“" + t.Name + "”"
	}
	msg := fmt.Sprintf("%s is the only code on this passage, and a passage needs a code: removing it deletes the passage", name)
	if strings.TrimSpace(p.Note.Text) != "" {
		msg += fmt.Sprintf(" and its note (“%s”)", annotate.Ellipsize(strings.Join(strings.Fields(p.Note.Text), " "), 60))
	}
	msg += ".\n\nTo recode it instead, add the new code first, then remove this one.\nEdit ▸ Undo brings a deleted passage back."
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	id := p.ID
	d := dialog.NewCustomConfirm("Delete the Passage?", "Delete Passage", "Keep It", l, func(ok bool) {
		if ok && u.selected == id {
			u.deleteSelectedPassage()
		} else if ok {
			u.deletePassage(id)
		}
	}, u.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
	u.proj.keep(d)
}

// saveNote saves a passage's note typed in the inspector.
func (u *ui) saveNote(passageID, old, new string) error {
	if u.proj == nil {
		return errors.New("no project is open")
	}
	if err := u.proj.ed.setNote(passageID, old, new); err != nil {
		u.showError(fmt.Errorf("the note could not be saved (it is still in the box): %w", err))
		return err
	}
	u.updateStatus()
	return nil
}

// newTagFromInput creates a code typed on the spot and applies it like
// applyTag would.
func (u *ui) newTagFromInput(name string) {
	name = strings.TrimSpace(name)
	if name == "" || u.proj == nil {
		return
	}
	ed := u.proj.ed
	if t, err := u.proj.db.TagByName(bg, name); err == nil {
		u.applyTag(t.ID)
		return
	}
	if u.hasSelection() {
		_, p, err := ed.newTagAndCode(name, u.doc, u.text, u.selStart, u.selEnd)
		if err != nil {
			u.showError(err)
			u.afterEdit()
			return
		}
		u.selected = p.ID
		u.view.SetSelection(p.End, p.End)
		u.afterEdit()
		trace("passage %s %d %d", p.ID, p.Start, p.End)
		return
	}
	tag := &annotate.Tag{Name: name}
	if err := ed.createTag(tag); err != nil {
		u.showError(err)
		return
	}
	if u.selected != "" {
		if p, err := u.proj.db.Passage(bg, u.selected); err == nil {
			if err := ed.addTag(p, tag.ID); err != nil {
				u.showError(err)
			}
		}
	}
	u.afterEdit()
}

// deleteSelectedPassage deletes the passage in the inspector. With none,
// it says how to choose one.
func (u *ui) deleteSelectedPassage() {
	if u.selected == "" || u.proj == nil {
		if u.proj != nil {
			u.status.flash("Click a highlighted passage first, then delete it with Delete.")
		}
		return
	}
	u.insp.flush()
	u.deletePassage(u.selected)
}

// deletePassage deletes a passage and says how to bring it back.
func (u *ui) deletePassage(id string) {
	if u.proj == nil {
		return
	}
	if err := u.proj.ed.deletePassage(id); err != nil {
		u.showError(err)
		return
	}
	if u.selected == id {
		u.selected = ""
	}
	u.afterEdit()
	u.status.offerUndo("Passage deleted.", u.undo)
}

// afterEdit reloads the panels and confirms the save.
func (u *ui) afterEdit() {
	u.saveError = nil
	u.refresh()
	u.updateHint()
}

// afterOutsideChange reloads after a feature changed the project in ways
// the undo history does not know: merges and imports of annotations. The
// history is kept (its commands name rows by ID, which merges keep), and a
// command that no longer applies fails with a message instead of guessing.
func (u *ui) afterOutsideChange() {
	u.afterEdit()
}

// savesAsTyped reports whether an entry is one whose text is saved as it
// is typed (a note, a memo), so that Undo takes back the saved edits.
func (u *ui) savesAsTyped(e *widget.Entry) bool {
	return e == u.insp.note || e == u.cbook.memo.entry
}

// flushTyping saves the note and memos being typed, in this window and its
// tool windows.
func (u *ui) flushTyping() {
	u.insp.flush()
	u.cbook.memo.flush()
	u.tools.flush()
}

// undo and redo take back or do again the last edit.
func (u *ui) undo() {
	if u.proj == nil {
		return
	}
	if e, ok := u.win.Canvas().Focused().(*widget.Entry); ok && !u.savesAsTyped(e) {
		e.TypedShortcut(&fyne.ShortcutUndo{})
		return
	}
	u.flushTyping()
	if _, err := u.proj.ed.stack.undo(bg); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

func (u *ui) redo() {
	if u.proj == nil {
		return
	}
	if e, ok := u.win.Canvas().Focused().(*widget.Entry); ok && !u.savesAsTyped(e) {
		e.TypedShortcut(&fyne.ShortcutRedo{})
		return
	}
	u.flushTyping()
	if _, err := u.proj.ed.stack.redo(bg); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

// filterCoder follows the reading pane's coder filter.
func (u *ui) filterCoder(name string) {
	if name != u.coder {
		u.coder = name
		u.view.SetPassages(u.visiblePassages())
	}
}

// setCoder limits the reading view to one author's passages ("" for all).
func (u *ui) setCoder(name string) {
	u.coder = name
	u.reader.setCoder(name)
	u.view.SetPassages(u.visiblePassages())
}

// contextMenu offers the codes and passage actions at the pointer.
func (u *ui) contextMenu(p *annotate.Passage, start, end int, pos fyne.Position) {
	if u.proj == nil || u.doc == nil {
		return
	}
	if p != nil && !(end > start && !p.Overlaps(start, end)) {
		u.selectPassage(p.ID)
	}
	var items []*fyne.MenuItem
	what := "Code Selection as"
	if !u.hasSelection() && u.selected != "" {
		what = "Add Code"
	}
	var codes []*fyne.MenuItem
	for _, t := range u.cb.tags {
		label := t.Name
		if k := u.cb.keyOf(t); k != "" {
			label = k + "  " + t.Name
		}
		item := fyne.NewMenuItem(label, func() { u.applyTag(t.ID) })
		item.Disabled = t.Grouping // groups the codes below it; never applied
		codes = append(codes, item)
	}
	sub := fyne.NewMenuItem(what, nil)
	sub.ChildMenu = fyne.NewMenu("", codes...)
	sub.Disabled = !u.hasSelection() && u.selected == ""
	items = append(items, sub, fyne.NewMenuItem("New Code…", func() { u.reader.focusNewTag(u.win.Canvas()) }))
	if u.selected != "" {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Delete Passage", u.deleteSelectedPassage))
	}
	if u.hasSelection() {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Copy", func() {
			u.app.Clipboard().SetContent(u.text.Slice(u.selStart, u.selEnd))
		}))
	}
	u.menuPop = widget.NewPopUpMenu(fyne.NewMenu("", items...), u.win.Canvas())
	u.menuPop.ShowAtPosition(pos)
}

// zoom scales the reading view by f (0: back to actual size) and remembers it.
func (u *ui) zoom(f float32) {
	if f == 0 {
		u.view.SetZoom(1)
	} else {
		u.view.SetZoom(u.view.Zoom() * f)
	}
	u.app.Preferences().SetFloat(prefZoom, float64(u.view.Zoom()))
}
