package app

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/docview"
	"gloss/storage"
)

// ui is the Gloss window: the documents on the left, the reading view with
// the codebook in the centre, the inspector, passages and codebook on the
// right, a status bar below. It holds the open project; every change goes
// through ed, and after each one refresh reloads what the panels show from
// storage, so what is on screen is always what is saved.
type ui struct {
	app fyne.App
	win fyne.Window
	db  *storage.DB
	ed  *editor

	tags    []*annotate.Tag // the codebook in display order (parents before children)
	tagByID map[string]*annotate.Tag
	authors []string

	doc      *annotate.Document // open document, with its text
	text     *annotate.Text
	passages []*annotate.Passage // the open document's passages, every author
	selected string              // ID of the passage in the inspector
	selStart int                 // the reading view's selection
	selEnd   int
	coder    string // reading view shows only this author's passages; "" everyone

	docs      *docList
	view      *docview.DocView
	reader    *readerPane
	insp      *inspector
	plist     *passageList
	cbook     *codebookPanel
	tabs      *container.AppTabs
	status    *statusBar
	menu      *appMenu
	findBar   fyne.CanvasObject // from the find hook, nil until it exists
	main      *fyne.Container
	busy      int // long tasks running
	saveError error
	// onImported, when set (tests), hears when an import has finished.
	onImported func([]importOutcome)
}

// newUI builds the window's panels (without a project).
func newUI(a fyne.App, w fyne.Window) *ui {
	u := &ui{app: a, win: w, tagByID: map[string]*annotate.Tag{}}
	u.view = docview.New()
	u.docs = newDocList(u)
	u.reader = newReaderPane(u)
	u.insp = newInspector(u)
	u.plist = newPassageList(u)
	u.cbook = newCodebookPanel(u)
	u.status = newStatusBar()
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Passage", theme.DocumentIcon(), u.insp.root),
		container.NewTabItemWithIcon("Passages", theme.ListIcon(), u.plist.root),
		container.NewTabItemWithIcon("Codebook", theme.ColorPaletteIcon(), u.cbook.root),
	)
	u.tabs.OnSelected = func(*container.TabItem) { u.plist.changed() }
	left := container.NewHSplit(u.docs.root, u.reader.root)
	left.SetOffset(0.24)
	body := container.NewHSplit(left, u.tabs)
	body.SetOffset(0.72)
	u.main = container.NewBorder(nil, u.status.root, nil, nil, body)
	u.menu = newAppMenu(u)
	w.SetMainMenu(u.menu.main)
	w.SetContent(u.main)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.importURIs(uris) })

	u.view.OnSelectionChanged = u.selectionChanged
	u.view.OnPassageTapped = func(p *annotate.Passage) {
		if p == nil {
			u.selectPassage("")
			return
		}
		u.selectPassage(p.ID)
	}
	u.view.OnTypedRune = u.typedRune
	u.view.OnTypedKey = u.typedKey
	u.view.OnSecondaryTapped = u.contextMenu
	u.ed = newEditor(nil)
	return u
}

// setProject shows db in the window, closing the project shown before.
func (u *ui) setProject(db *storage.DB) {
	u.insp.flush()
	if u.db != nil && u.db != db {
		u.db.Close()
	}
	u.db = db
	u.ed = newEditor(db)
	u.ed.stack.onChange = u.menu.refreshUndo
	u.doc, u.text, u.passages, u.selected = nil, nil, nil, ""
	u.coder = ""
	u.win.SetTitle(windowTitle(db.Path()))
	u.menu.refreshUndo()
	u.refresh()
	if ds := u.docs.items; len(ds) > 0 {
		u.openDocument(ds[0].ID)
	} else {
		u.view.SetDocument(nil)
		u.reader.showDocument(nil)
	}
}

// windowTitle is "Gloss — name.gloss".
func windowTitle(path string) string {
	if path == "" {
		return "Gloss"
	}
	return "Gloss — " + filepath.Base(path)
}

// refresh reloads everything the panels show from storage.
func (u *ui) refresh() {
	if u.db == nil {
		return
	}
	tags, err := u.db.Tags(bg)
	if err != nil {
		u.showError(err)
		return
	}
	u.tags = treeOrder(tags)
	u.tagByID = make(map[string]*annotate.Tag, len(tags))
	for _, t := range tags {
		u.tagByID[t.ID] = t
	}
	u.authors, _ = u.db.Authors(bg)
	u.docs.reload()
	if u.doc != nil && !u.docs.has(u.doc.ID) {
		// The open document went away (undo of its import, say).
		u.doc, u.text, u.passages = nil, nil, nil
		u.view.SetDocument(nil)
		u.reader.showDocument(nil)
	}
	u.reloadPassages()
	u.reader.reloadTags()
	u.plist.changed()
	u.cbook.reload()
	u.updateStatus()
}

// reloadPassages reloads the open document's passages into the reading view
// and the inspector.
func (u *ui) reloadPassages() {
	u.passages = nil
	if u.doc != nil {
		ps, err := u.db.Passages(bg, annotate.PassageFilter{DocumentIDs: []string{u.doc.ID}})
		if err != nil {
			u.showError(err)
			return
		}
		u.passages = ps
	}
	u.view.SetTags(u.tags)
	u.view.SetPassages(u.visiblePassages())
	if u.selected != "" && u.passage(u.selected) == nil {
		// Maybe in another document (chosen from the Passages tab).
		if _, err := u.db.Passage(bg, u.selected); err != nil {
			u.selected = ""
		}
	}
	u.view.SelectPassage(u.selected)
	u.insp.show(u.selected, true)
}

// visiblePassages applies the reading view's coder filter.
func (u *ui) visiblePassages() []*annotate.Passage {
	if u.coder == "" {
		return u.passages
	}
	var ps []*annotate.Passage
	for _, p := range u.passages {
		if p.Author == u.coder {
			ps = append(ps, p)
		}
	}
	return ps
}

// passage returns the open document's passage with that ID, or nil.
func (u *ui) passage(id string) *annotate.Passage {
	for _, p := range u.passages {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// openDocument shows a document in the reading view.
func (u *ui) openDocument(id string) {
	if u.doc != nil && u.doc.ID == id {
		return
	}
	doc, err := u.db.Document(bg, id)
	if err != nil {
		u.showError(err)
		return
	}
	u.insp.flush()
	u.doc, u.text = doc, annotate.NewText(doc.Text)
	u.selected = ""
	u.selStart, u.selEnd = 0, 0
	u.view.SetDocument(doc)
	u.reader.showDocument(doc)
	u.docs.markOpen(id)
	u.reloadPassages()
	u.reader.updateHint()
}

// showPassage opens the passage's document, scrolls to it and shows it in
// the inspector.
func (u *ui) showPassage(p *annotate.Passage) {
	u.openDocument(p.DocumentID)
	if u.coder != "" && p.Author != u.coder {
		u.setCoder("") // otherwise it would not be painted
	}
	u.selectPassage(p.ID)
	u.view.ScrollToPassage(p.ID)
}

// selectPassage shows a passage (or none) in the inspector.
func (u *ui) selectPassage(id string) {
	if id != u.selected {
		u.insp.flush()
		u.ed.stack.seal()
	}
	u.selected = id
	u.view.SelectPassage(id)
	u.insp.show(id, false)
	if id != "" {
		u.tabs.SelectIndex(0)
		trace("inspect %s", id)
	}
	u.reader.updateHint()
}

// selectionChanged follows the reading view's selection.
func (u *ui) selectionChanged(start, end int) {
	u.selStart, u.selEnd = start, end
	trace("selection %d %d", start, end)
	u.reader.updateHint()
}

// hasSelection reports whether text is selected in the reading view.
func (u *ui) hasSelection() bool {
	return u.doc != nil && u.selEnd > u.selStart && strings.TrimSpace(u.text.Slice(u.selStart, u.selEnd)) != ""
}

// typedRune applies the n-th code for the keys 1–9.
func (u *ui) typedRune(r rune) {
	if r >= '1' && r <= '9' {
		n := int(r - '1')
		if n < len(u.tags) {
			u.applyTag(u.tags[n].ID)
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
	if u.db == nil {
		return
	}
	if t := u.tagByID[tagID]; t != nil && t.Grouping {
		// Storage refuses it too; say so before anything is tried.
		u.status.flash(fmt.Sprintf("“%s” is a grouping code: it groups the codes nested in it and is not applied to passages. Choose one of its codes.", t.Name))
		return
	}
	switch {
	case u.hasSelection():
		p, err := u.ed.codeRange(u.doc, u.text, u.selStart, u.selEnd, tagID)
		if err != nil {
			u.showError(err)
			return
		}
		u.selected = p.ID
		u.view.SetSelection(p.End, p.End)
		u.afterEdit()
		u.tabs.SelectIndex(0)
		trace("passage %s %d %d", p.ID, p.Start, p.End)
	case u.selected != "":
		p, err := u.db.Passage(bg, u.selected)
		if err != nil {
			u.showError(err)
			return
		}
		if err := u.ed.addTag(p, tagID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
	default:
		u.status.flash("Select text in the article first, then press 1–9 or click a code.")
	}
}

// newTagFromInput creates a code typed on the spot and applies it like
// applyTag would.
func (u *ui) newTagFromInput(name string) {
	name = strings.TrimSpace(name)
	if name == "" || u.db == nil {
		return
	}
	if t, err := u.db.TagByName(bg, name); err == nil {
		u.applyTag(t.ID)
		return
	}
	if u.hasSelection() {
		_, p, err := u.ed.newTagAndCode(name, u.doc, u.text, u.selStart, u.selEnd)
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
	if err := u.ed.createTag(tag); err != nil {
		u.showError(err)
		return
	}
	if u.selected != "" {
		if p, err := u.db.Passage(bg, u.selected); err == nil {
			if err := u.ed.addTag(p, tag.ID); err != nil {
				u.showError(err)
			}
		}
	}
	u.afterEdit()
}

// deleteSelectedPassage deletes the passage in the inspector.
func (u *ui) deleteSelectedPassage() {
	if u.selected == "" {
		return
	}
	u.insp.flush()
	if err := u.ed.deletePassage(u.selected); err != nil {
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
	u.reader.updateHint()
}

// undo and redo take back or do again the last edit.
func (u *ui) undo() {
	if u.db == nil {
		return
	}
	if e, ok := u.win.Canvas().Focused().(*widget.Entry); ok && e != u.insp.note {
		e.TypedShortcut(&fyne.ShortcutUndo{})
		return
	}
	u.insp.flush()
	if _, err := u.ed.stack.undo(bg); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

func (u *ui) redo() {
	if u.db == nil {
		return
	}
	if e, ok := u.win.Canvas().Focused().(*widget.Entry); ok && e != u.insp.note {
		e.TypedShortcut(&fyne.ShortcutRedo{})
		return
	}
	u.insp.flush()
	if _, err := u.ed.stack.redo(bg); err != nil {
		u.showError(err)
	}
	u.afterEdit()
}

// setCoder limits the reading view to one author's passages ("" for all).
func (u *ui) setCoder(name string) {
	u.coder = name
	u.reader.coder.SetSelected(coderLabel(name))
	u.view.SetPassages(u.visiblePassages())
}

// contextMenu offers the codes and passage actions at the pointer.
func (u *ui) contextMenu(p *annotate.Passage, start, end int, pos fyne.Position) {
	if u.db == nil || u.doc == nil {
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
	for i, t := range u.tags {
		t := t
		label := t.Name
		if i < 9 {
			label = fmt.Sprintf("%d  %s", i+1, t.Name)
		}
		codes = append(codes, fyne.NewMenuItem(label, func() { u.applyTag(t.ID) }))
	}
	sub := fyne.NewMenuItem(what, nil)
	sub.ChildMenu = fyne.NewMenu("", codes...)
	sub.Disabled = !u.hasSelection() && u.selected == ""
	items = append(items, sub, fyne.NewMenuItem("New Code…", func() { u.reader.focusNewTag() }))
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

// updateStatus shows the project, its counts and that all is saved.
func (u *ui) updateStatus() {
	if u.db == nil {
		u.status.set("No project open", "", nil, u.busy > 0)
		return
	}
	n := 0
	for _, d := range u.docs.all {
		n += d.Passages
	}
	counts := fmt.Sprintf("%s · %s · %s · coding as %s", plural(len(u.docs.all), "document"), plural(n, "passage"), plural(len(u.tags), "code"), orUnknown(u.db.Author()))
	u.status.set(homeRelative(u.db.Path()), counts, u.saveError, u.busy > 0)
}

// homeRelative writes a path inside the home folder as ~/….
func homeRelative(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		return filepath.Join("~", rel)
	}
	return path
}

// plural returns "1 passage", "2 passages".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// showError shows err in a dialog with its reason.
func (u *ui) showError(err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	if annotate.ErrorCode(err) == annotate.EINTERNAL {
		u.saveError = err
		u.updateStatus()
	}
	d := dialog.NewError(fmt.Errorf("%s", capitalize(msg)), u.win)
	d.Show()
}

// capitalize makes an error message a sentence for a dialog.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// treeOrder returns the tags with each tag's children right after it,
// keeping the codebook's order among siblings.
func treeOrder(tags []*annotate.Tag) []*annotate.Tag {
	ids := map[string]bool{}
	for _, t := range tags {
		ids[t.ID] = true
	}
	kids := map[string][]*annotate.Tag{}
	for _, t := range tags {
		p := t.ParentID
		if !ids[p] {
			p = ""
		}
		kids[p] = append(kids[p], t)
	}
	var out []*annotate.Tag
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		for _, t := range kids[id] {
			if seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			out = append(out, t)
			walk(t.ID)
		}
	}
	walk("")
	// Anything in a cycle (a damaged file) still shows, at the end.
	var rest []*annotate.Tag
	for _, t := range tags {
		if !seen[t.ID] {
			rest = append(rest, t)
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	return append(out, rest...)
}

// depth returns how deeply a tag is nested.
func (u *ui) depth(t *annotate.Tag) int {
	d := 0
	for p := t.ParentID; p != "" && d < 16; d++ {
		pt := u.tagByID[p]
		if pt == nil {
			break
		}
		p = pt.ParentID
	}
	return d
}
