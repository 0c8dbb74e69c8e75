package app

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
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

// typedRune applies the n-th code for the keys 1–9.
func (u *ui) typedRune(r rune) {
	if r >= '1' && r <= '9' {
		n := int(r - '1')
		if n < len(u.cb.tags) {
			u.applyTag(u.cb.tags[n].ID)
		}
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

// removeTag takes a code off a passage.
func (u *ui) removeTag(p *annotate.Passage, tagID string) {
	if u.proj == nil {
		return
	}
	if err := u.proj.ed.removeTag(p, tagID); err != nil {
		u.showError(err)
	}
	u.afterEdit()
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

// deleteSelectedPassage deletes the passage in the inspector.
func (u *ui) deleteSelectedPassage() {
	if u.selected == "" || u.proj == nil {
		return
	}
	u.insp.flush()
	if err := u.proj.ed.deletePassage(u.selected); err != nil {
		u.showError(err)
		return
	}
	u.selected = ""
	u.afterEdit()
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

// flushTyping saves the note and memo being typed.
func (u *ui) flushTyping() {
	u.insp.flush()
	u.cbook.memo.flush()
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
	for i, t := range u.cb.tags {
		label := t.Name
		if k := u.cb.key(i); k != "" {
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
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), u.win.Canvas(), pos)
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
