package app

import (
	"fmt"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/docview"
	"gloss/storage"
)

// The tabs on the right, in order.
const (
	tabPassage = iota
	tabPassages
	tabCodebook
)

// ui is the Gloss window: the documents on the left, the reading view with
// the codebook in the centre, the inspector, passages and codebook on the
// right, a status bar below, and the tool windows beside it. It holds the
// open project and what the panels show of it; the panels know nothing of
// it, they are given what to show and report what the researcher asks
// through their callbacks. Every change goes through the session's editor,
// and after each one refresh reloads what the panels show from storage, so
// what is on screen is always what is saved.
type ui struct {
	app  fyne.App
	win  fyne.Window
	proj *session // the open project, nil when none
	// opening counts the projects asked for (see openProject): a file
	// whose checks end after another was asked for is not shown.
	opening int
	opens   sync.WaitGroup // files being opened on a goroutine
	// leaveAsk is the question leaveProject asks over typing that cannot
	// be saved, while shown: one at a time (see withdrawLeaving).
	leaveAsk dialog.Dialog

	cb      *codebook
	docs    []*annotate.Document // every live document, by title
	authors []string
	attrs   []*annotate.Attribute   // the documents' attributes, in order
	values  annotate.DocumentValues // the documents' values of them

	doc      *annotate.Document // open document, with its text
	text     *annotate.Text
	passages []*annotate.Passage // the open document's passages, every author
	selected string              // ID of the passage in the inspector
	selStart int                 // the reading view's selection
	selEnd   int
	coder    string // reading view shows only this author's passages; "" everyone

	view    *docview.DocView
	docList *docList
	reader  *readerPane
	insp    *inspector
	plist   *passageList
	cbook   *codebookPanel
	palette *codePalette
	tabs    *container.AppTabs
	// tabsWide is tabsWidth's last answer, for the theme's text size
	// and padding in key.
	tabsWide struct {
		key [2]float32
		w   float32
	}
	status  *statusBar
	menu    *appMenu
	tools   *toolWindows
	stars   briefingStars     // the briefing stars go to
	origWin fyne.Window       // the Show Original window, when open
	menuPop *widget.PopUpMenu // the reading view's context menu, last shown

	busy      int // long tasks running
	saveError error
	// keepTyping, while set, keeps the note being typed in the inspector
	// through a refresh (see pickUpOutsideChanges).
	keepTyping bool
	// onImported, when set (tests), hears when an import has finished.
	onImported func([]importOutcome)
}

// newUI builds the window's panels (without a project) and wires them.
func newUI(a fyne.App, w fyne.Window) *ui {
	u := &ui{app: a, win: w, cb: newCodebook(nil)}
	u.view = docview.New()
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

	u.docList = newDocList()
	u.docList.OnOpen = u.openDocument
	u.docList.OnImport = u.importDialog

	u.reader = newReaderPane(u.view)
	u.reader.OnDetails = u.editOpenDocument
	u.reader.OnCoder = u.filterCoder
	u.reader.OnApplyTag = u.applyTag
	u.reader.OnNewTag = u.newTagFromInput
	u.reader.OnMore = u.showCodePalette

	u.palette = newCodePalette()
	u.palette.OnApply = u.applyTag
	u.palette.OnNew = u.newTagFromInput

	u.insp = newInspector()
	u.insp.OnAddTag = u.addTag
	u.insp.OnRemoveTag = u.removeTag
	u.insp.OnDelete = u.deleteSelectedPassage
	u.insp.OnSaveNote = u.saveNote
	u.insp.OnShowOriginal = u.showOriginalOf
	u.insp.OnStar = u.toggleStar

	u.plist = newPassageList()
	u.plist.OnShow = u.showPassage
	u.plist.OnError = u.showError
	u.plist.OnExport = u.exportPassages
	u.plist.OnStar = u.toggleStar
	u.plist.Starred = u.stars.has

	u.cbook = newCodebookPanel()
	u.cbook.OnNew = func() { u.tagDialog(nil) }
	u.cbook.OnEdit = u.tagDialog
	u.cbook.OnMerge = u.mergeTagDialog
	u.cbook.OnDelete = u.deleteTagDialog
	u.cbook.OnSaveMemo = func(t *annotate.Tag, old, new string) error {
		if u.proj == nil {
			return nil
		}
		if err := u.proj.ed.setCodeMemo(t.ID, old, new); err != nil {
			return err
		}
		u.tools.refresh()
		return nil
	}
	u.cbook.OnShowPassages = func(t *annotate.Tag) {
		u.plist.showTag(t.Name)
		u.tabs.SelectIndex(tabPassages)
	}

	u.status = newStatusBar()
	u.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Passage", theme.DocumentIcon(), newTabPane(u.insp)),
		container.NewTabItemWithIcon("Passages", theme.ListIcon(), newTabPane(u.plist)),
		container.NewTabItemWithIcon("Codebook", theme.ColorPaletteIcon(), newTabPane(u.cbook)),
	)
	u.tabs.OnSelected = func(*container.TabItem) {
		if u.tabs.SelectedIndex() == tabPassages {
			u.plist.reload()
		}
	}
	left := container.NewHSplit(u.docList, u.reader)
	left.SetOffset(0.24)
	body := container.NewHSplit(left, container.New(&minWidthLayout{w: u.tabsWidth}, u.tabs))
	body.SetOffset(0.72)
	w.SetContent(container.NewBorder(nil, u.status, nil, nil, body))
	u.menu = u.newMenu()
	u.menu.showUndo("", "")
	u.menu.showTheme(a.Preferences().StringWithFallback(prefTheme, themeSystem))
	w.SetMainMenu(u.menu.main)
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.importURIs(uris) })
	u.tools = newToolWindows(a, u.toolView)
	return u
}

// tabsWidth is the width the side tabs need to show every tab's label,
// worked out again only when the theme's sizes change: the layout asks
// for it at every frame that changes a size.
func (u *ui) tabsWidth() float32 {
	key := [2]float32{theme.TextSize(), theme.Padding()}
	if u.tabsWide.key == key && u.tabsWide.w > 0 {
		return u.tabsWide.w
	}
	w := theme.Padding() * 2
	for _, it := range u.tabs.Items {
		b := widget.NewButtonWithIcon(it.Text, it.Icon, nil)
		w += b.MinSize().Width + theme.Padding()
	}
	u.tabsWide.key, u.tabsWide.w = key, w
	return w
}

// setProject shows db in the window, closing the project shown before and
// rebuilding the tool windows on db. The dialogs open on the project
// before go with it: what they would do was for that project. Callers
// save or ask about what was typed into those that edit it first (see
// leaveProject); what was typed since is saved into it here, where valid,
// and a save that fails is told.
func (u *ui) setProject(db *storage.DB) {
	u.flushTyping()
	if old := u.proj; old != nil {
		if err := old.saveTyped(false); err != nil {
			u.showError(fmt.Errorf("what you typed into %s could not be saved:\n\n%w", filepath.Base(old.db.Path()), err))
		}
		old.cancel()
		old.dismissDialogs()
		if old.db != db {
			old.close()
		}
	}
	if u.palette.visible() {
		u.palette.hide() // it lists the codes of the project before
	}
	if u.menuPop != nil {
		u.menuPop.Hide() // its codes and passage too
		u.menuPop = nil
	}
	u.proj = newSession(db)
	u.proj.ed.stack.onChange = u.refreshUndo
	u.watch(u.proj)
	u.doc, u.text, u.passages, u.selected = nil, nil, nil, ""
	u.coder = ""
	u.win.SetTitle(windowTitle(db.Path()))
	u.refreshUndo()
	u.refresh()
	u.tools.setProject(u.proj)
	u.closeOriginal()
	if ds := u.docList.items; len(ds) > 0 {
		u.openDocument(ds[0].ID)
	} else {
		u.view.SetDocument(nil)
		u.reader.showDocument(nil, true)
	}
}

// windowTitle is "Gloss — name.gloss".
func windowTitle(path string) string {
	if path == "" {
		return "Gloss"
	}
	return "Gloss — " + filepath.Base(path)
}

// refreshUndo names what Undo and Redo would do.
func (u *ui) refreshUndo() {
	if u.proj == nil {
		u.menu.showUndo("", "")
		return
	}
	u.menu.showUndo(u.proj.ed.stack.undoName(), u.proj.ed.stack.redoName())
}

// refresh reloads everything the panels show from storage.
func (u *ui) refresh() {
	if u.proj == nil {
		return
	}
	db := u.proj.db
	tags, err := db.Tags(bg)
	if err != nil {
		u.showError(err)
		return
	}
	u.cb = newCodebook(tags)
	u.stars.load(db)
	u.authors, _ = db.Authors(bg)
	if docs, err := db.Documents(bg, annotate.DocumentFilter{}); err != nil {
		u.showError(err)
	} else {
		u.docs = docs
		u.docList.setDocuments(docs)
	}
	for _, d := range u.docs {
		if u.doc != nil && d.ID == u.doc.ID {
			// Undo and redo can change the reading direction.
			u.view.SetDirection(docview.ParseDirection(d.Direction))
		}
	}
	if u.doc != nil && !hasDocument(u.docs, u.doc.ID) {
		// The open document went away (undo of its import, say).
		u.doc, u.text, u.passages = nil, nil, nil
		u.view.SetDocument(nil)
		u.reader.showDocument(nil, true)
	}
	u.reloadPassages()
	u.reader.setCodebook(u.cb, u.authors, u.coder)
	u.updateHint()
	if u.attrs, err = db.Attributes(bg); err != nil {
		u.showError(err)
	}
	if u.values, err = db.DocumentValues(bg); err != nil {
		u.showError(err)
	}
	u.plist.setAttributes(u.attrs, u.values)
	u.plist.setProject(db, u.cb, u.docs, u.authors, u.tabs.SelectedIndex() == tabPassages)
	u.cbook.setCodebook(u.cb)
	memos := map[string]string{}
	if ms, err := db.Memos(bg, annotate.MemoFilter{Kinds: []string{annotate.MemoCode}}); err == nil {
		for _, m := range ms {
			memos[m.ID] = m.Text
		}
	}
	u.cbook.setMemos(memos)
	u.updateStatus()
	if u.tools != nil {
		u.tools.refresh()
	}
}

// hasDocument reports whether docs has one with that ID.
func hasDocument(docs []*annotate.Document, id string) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}

// reloadPassages reloads the open document's passages into the reading view
// and the inspector.
func (u *ui) reloadPassages() {
	u.passages = nil
	if u.doc != nil {
		ps, err := u.proj.db.Passages(bg, annotate.PassageFilter{DocumentIDs: []string{u.doc.ID}})
		if err != nil {
			u.showError(err)
			return
		}
		u.passages = ps
	}
	u.view.SetTags(u.cb.tags)
	u.view.SetPassages(u.visiblePassages())
	if u.selected != "" && u.passage(u.selected) == nil {
		// Maybe in another document (chosen from the Passages tab).
		if _, err := u.proj.db.Passage(bg, u.selected); err != nil {
			u.selected = ""
		}
	}
	u.view.SelectPassage(u.selected)
	u.inspect(u.selected, !u.keepTyping)
}

// inspect shows the passage with that ID ("" for none) in the inspector.
// Unless force is set, the note being typed in is kept when the passage is
// the same.
func (u *ui) inspect(id string, force bool) {
	if id == "" || u.proj == nil {
		u.insp.clear()
		return
	}
	p := u.passage(id)
	if p == nil {
		var err error
		if p, err = u.proj.db.Passage(bg, id); err != nil {
			u.insp.clear()
			return
		}
	}
	where := ""
	if u.doc != nil && u.doc.ID == p.DocumentID {
		where = u.doc.Title
	} else if d, err := u.proj.db.Document(bg, p.DocumentID); err == nil {
		where = d.Title
	}
	u.insp.show(p, where, u.cb, force)
	_, err := u.proj.db.OriginalInfo(bg, p.DocumentID)
	u.insp.setOriginal(err == nil)
	u.insp.setStar(u.stars.has(p.ID), u.stars.starLabel(p.ID))
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
	if u.proj == nil || (u.doc != nil && u.doc.ID == id) {
		return
	}
	doc, err := u.proj.db.Document(bg, id)
	if err != nil {
		u.showError(err)
		return
	}
	u.insp.flush()
	u.doc, u.text = doc, annotate.NewText(doc.Text)
	u.selected = ""
	u.selStart, u.selEnd = 0, 0
	u.view.SetDocument(doc)
	u.reader.showDocument(doc, true)
	u.docList.markOpen(id)
	u.reloadPassages()
	u.updateHint()
}

// openAt opens a document with [start, end) selected and in view, as a
// search hit asks.
func (u *ui) openAt(docID string, start, end int) {
	u.openDocument(docID)
	u.view.SetSelection(start, end)
	u.view.ScrollToOffset(start)
	u.win.RequestFocus()
}

// listPassages shows the Passages tab filtered by f, as the analysis asks.
func (u *ui) listPassages(f annotate.PassageFilter) {
	u.plist.showFilter(f)
	u.tabs.SelectIndex(tabPassages)
	u.win.RequestFocus()
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
		if u.proj != nil {
			u.proj.ed.stack.seal()
		}
	}
	u.selected = id
	u.view.SelectPassage(id)
	u.inspect(id, false)
	if id != "" {
		u.tabs.SelectIndex(tabPassage)
		trace("inspect %s", id)
	}
	u.updateHint()
}
