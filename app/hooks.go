package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"gloss/annotate"
	"gloss/app/docview"
	"gloss/storage"
)

// hooks are the features other parts of package app provide: exports,
// sharing, search, analysis, auto-coding and interchange. Each is the
// entry point named in the comment; a nil hook leaves its menu item
// disabled. Wiring them is this file's only job, so that adding a feature
// touches one line here.
type hooks struct {
	exportDialog            func(win fyne.Window, db *storage.DB, format string)                                             // showExportDialog
	mergeDialog             func(win fyne.Window, db *storage.DB, onDone func())                                             // showMergeDialog
	saveCopyDialog          func(win fyne.Window, db *storage.DB)                                                            // showSaveCopyDialog
	agreementView           func(win fyne.Window, db *storage.DB) fyne.CanvasObject                                          // newAgreementView
	findBar                 func(view *docview.DocView) findBar                                                              // newFindBar
	searchPanel             func(win fyne.Window, db *storage.DB, open func(docID string, start, end int)) fyne.CanvasObject // newSearchPanel
	autocodeDialog          func(win fyne.Window, db *storage.DB, onAccepted func(passageIDs []string))                      // showAutocodeDialog
	analysisView            func(win fyne.Window, db *storage.DB, show func(annotate.PassageFilter)) fyne.CanvasObject       // newAnalysisView
	exportAnnotationsDialog func(win fyne.Window, db *storage.DB, format string)                                             // showExportAnnotationsDialog
	importAnnotationsDialog func(win fyne.Window, db *storage.DB, onDone func())                                             // showImportAnnotationsDialog
}

// findBar is what the find hook returns: a bar over the reading view.
type findBar interface {
	fyne.CanvasObject
	Focus()
}

// featureHooks returns the features built into this binary.
func featureHooks() hooks {
	return hooks{
		exportDialog:            showExportDialog,
		mergeDialog:             showMergeDialog,
		saveCopyDialog:          showSaveCopyDialog,
		agreementView:           newAgreementView,
		findBar:                 func(v *docview.DocView) findBar { return newFindBar(v) },
		searchPanel:             newSearchPanel,
		autocodeDialog:          showAutocodeDialog,
		analysisView:            newAnalysisView,
		exportAnnotationsDialog: showExportAnnotationsDialog,
		importAnnotationsDialog: showImportAnnotationsDialog,
	}
}

// hookItem is a menu item that runs fn with the open project, disabled when
// the feature is not in this build.
func (u *ui) hookItem(label string, available bool, fn func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, func() {
		if u.db == nil {
			return
		}
		fn()
	})
	it.Disabled = !available
	return it
}

// exportItems are File ▸ Export's entries.
func (u *ui) exportItems(h hooks) []*fyne.MenuItem {
	ex := func(label, format string) *fyne.MenuItem {
		return u.hookItem(label, h.exportDialog != nil, func() { h.exportDialog(u.win, u.db, format) })
	}
	ann := func(label, format string) *fyne.MenuItem {
		return u.hookItem(label, h.exportAnnotationsDialog != nil, func() { h.exportAnnotationsDialog(u.win, u.db, format) })
	}
	return []*fyne.MenuItem{
		ex("PDF Briefing…", "pdf"),
		ex("CSV…", "csv"),
		ex("Markdown…", "md"),
		fyne.NewMenuItemSeparator(),
		ann("Web Annotation JSON…", "json"),
		ann("REFI-QDA Project…", "qdpx"),
		ann("REFI-QDA Codebook…", "qdc"),
	}
}

// importAnnotationsItem, mergeItem and saveCopyItem are File menu entries.
func (u *ui) importAnnotationsItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Import Annotations…", h.importAnnotationsDialog != nil, func() {
		u.insp.flush()
		h.importAnnotationsDialog(u.win, u.db, u.afterOutsideChange)
	})
}

func (u *ui) mergeItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Merge Colleague’s File…", h.mergeDialog != nil, func() {
		u.insp.flush()
		h.mergeDialog(u.win, u.db, u.afterOutsideChange)
	})
}

func (u *ui) saveCopyItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Save a Copy…", h.saveCopyDialog != nil, func() {
		u.insp.flush()
		h.saveCopyDialog(u.win, u.db)
	})
}

// autocodeItem is Edit ▸ Auto-code…: accepted suggestions become one undo step.
func (u *ui) autocodeItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Auto-code…", h.autocodeDialog != nil, func() {
		u.insp.flush()
		h.autocodeDialog(u.win, u.db, func(ids []string) {
			u.ed.recordAutocoded(ids)
			u.afterEdit()
		})
	})
}

// findItem is Edit ▸ Find: the find bar over the reading view.
func (u *ui) findItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Find in Document", h.findBar != nil, func() {
		if u.findBar == nil {
			fb := h.findBar(u.view)
			u.findBar = fb
			u.reader.find.Objects = []fyne.CanvasObject{fb}
			if df, ok := fb.(*docFinder); ok {
				df.onHide = func() { u.reader.stack.Refresh() }
			}
		}
		u.reader.find.Show()
		fb, _ := u.findBar.(findBar)
		if fb != nil {
			fb.Show()
		}
		u.reader.stack.Refresh() // make room for the bar
		if fb != nil {
			fb.Focus() // once it is laid out above the text
		}
	})
}

// searchItem, analysisItem and agreementItem open their views in a window of
// their own next to the main one.
func (u *ui) searchItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Search Project…", h.searchPanel != nil, func() {
		u.toolWindow("Search — "+windowTitle(u.db.Path()), h.searchPanel(u.win, u.db, func(docID string, start, end int) {
			u.openDocument(docID)
			u.view.SetSelection(start, end)
			u.view.ScrollToOffset(start)
			u.win.RequestFocus()
		}))
	})
}

func (u *ui) analysisItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Analysis…", h.analysisView != nil, func() {
		u.toolWindow("Analysis — "+windowTitle(u.db.Path()), h.analysisView(u.win, u.db, func(f annotate.PassageFilter) {
			u.plist.showFilter(f)
			u.win.RequestFocus()
		}))
	})
}

func (u *ui) agreementItem(h hooks) *fyne.MenuItem {
	return u.hookItem("Coder Agreement…", h.agreementView != nil, func() {
		u.toolWindow("Agreement — "+windowTitle(u.db.Path()), h.agreementView(u.win, u.db))
	})
}

// toolWindow shows content in a secondary window.
func (u *ui) toolWindow(title string, content fyne.CanvasObject) {
	w := u.app.NewWindow(title)
	w.SetContent(container.NewPadded(content))
	w.Resize(fyne.NewSize(900, 640))
	w.Show()
}

// afterOutsideChange reloads after a feature changed the project in ways
// the undo history does not know: merges and imports of annotations. The
// history is kept (its commands name rows by ID, which merges keep), and a
// command that no longer applies fails with a message instead of guessing.
func (u *ui) afterOutsideChange() {
	u.afterEdit()
}
