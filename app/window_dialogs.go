package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"gloss/annotate"
	"gloss/app/docview"
	"gloss/export/pdfium"
)

// The window's side of its dialogs: each opens on the open project, goes
// when that project closes (see session.keep), and reloads the panels after
// the change it made.

// tagDialog creates (t == nil) or edits a code.
func (u *ui) tagDialog(t *annotate.Tag) {
	if s := u.proj; s != nil {
		s.keep(showTagDialog(u.win, u.cb, s.ed, t, u.afterTagChange))
	}
}

// mergeTagDialog merges t into another code.
func (u *ui) mergeTagDialog(t *annotate.Tag) {
	if s := u.proj; s != nil {
		s.keep(showMergeTagDialog(u.win, u.cb, s.ed, t, u.afterTagChange))
	}
}

// deleteTagDialog deletes t after confirmation.
func (u *ui) deleteTagDialog(t *annotate.Tag) {
	if s := u.proj; s != nil {
		s.keep(showDeleteTagDialog(u.win, s.ed, t, u.afterTagChange))
	}
}

// afterTagChange reloads and selects the code a codebook dialog left
// selected, if any; or shows why the change failed. It selects after the
// reload: a code just made is in the codebook only then.
func (u *ui) afterTagChange(tagID string, err error) {
	if err != nil {
		u.showError(err)
		return
	}
	u.afterEdit()
	if tagID != "" {
		u.cbook.selectTag(tagID)
	}
}

// editOpenDocument edits the open document's details.
func (u *ui) editOpenDocument() {
	if u.proj == nil || u.doc == nil {
		return
	}
	id := u.doc.ID
	s := u.proj
	s.keep(showDocumentDetails(u.win, s.ed, id, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if u.doc != nil && u.doc.ID == id {
			if fresh, err := u.proj.db.Document(bg, id); err == nil {
				u.doc = fresh
				u.reader.showDocument(fresh, true)
				u.view.SetDirection(docview.ParseDirection(fresh.Direction))
			}
		}
		u.afterEdit()
	}))
}

// removeOpenDocument removes the open document after confirmation, then
// opens the first one left.
func (u *ui) removeOpenDocument() {
	if u.proj == nil || u.doc == nil {
		return
	}
	doc := u.doc
	s := u.proj
	s.keep(confirmRemoveDocument(u.win, doc, len(u.passages), func() {
		if err := s.ed.deleteDocument(doc.ID); err != nil {
			u.showError(err)
			return
		}
		u.afterEdit()
		if u.doc == nil && len(u.docList.items) > 0 {
			u.openDocument(u.docList.items[0].ID)
		}
	}))
}

// autocode opens the auto-coding review; the suggestions accepted become
// one undo step.
func (u *ui) autocode(s *session) {
	u.insp.flush()
	showAutocodeDialog(u.win, s, func(ids []string) {
		s.ed.recordAutocoded(ids)
		if u.proj == s {
			u.afterEdit()
		}
	})
}

// toolView builds a tool window's content on s.
func (u *ui) toolView(kind string, win fyne.Window, s *session) toolView {
	switch kind {
	case searchTool:
		p := newSearch(s.db, u.openAt)
		p.win, p.ed, p.proj, p.OnCoded = win, s.ed, s, u.afterEdit
		p.OnMemo = func(h *annotate.SearchHit) {
			if v := u.tools.view(memosTool); v.showMemo != nil {
				v.showMemo(h.MemoKind, h.MemoID)
			}
		}
		return toolView{content: p.content(), focus: p.entry, refresh: p.refresh}
	case analysisTool:
		return toolView{content: newAnalysisView(win, s, u.listPassages)}
	case attributesTool:
		v := newAttributesView(win, s.ed, u.refresh)
		v.proj = s
		return toolView{content: v.content, focus: v.filter, refresh: v.refresh}
	case briefingTool:
		v := newBriefingView(win, s.db, s.ed, pdfium.Default())
		v.proj = s
		v.onChange = u.refresh
		v.onShow = func(p *annotate.Passage) {
			u.showPassage(p)
			u.win.RequestFocus()
		}
		v.onChoose = u.chooseBriefing
		v.open(u.stars.chosenID())
		return toolView{content: v.content, refresh: v.refresh, flush: v.flush, closed: v.close, size: fyne.NewSize(1260, 800)}
	case memosTool:
		v := newMemosView(win, s.db, s.ed, u.refresh)
		v.proj = s
		return toolView{content: v.content, focus: v.text, refresh: v.refresh, showMemo: v.open, flush: v.editor.flush}
	default:
		r := newReconcileView(win, s.ed, u.refresh)
		r.proj = s
		tabs := container.NewAppTabs(
			container.NewTabItem("Agreement", newAgreementView(win, s)),
			container.NewTabItem("Disagreements", r.content),
		)
		return toolView{content: tabs, refresh: r.refresh}
	}
}
