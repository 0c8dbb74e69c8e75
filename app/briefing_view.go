package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export"
)

// briefingStore is what the Briefing view reads: the project's briefings,
// codebook, documents, coders, passages and code memos, and what the
// export writes from. Changes go through the editor.
type briefingStore interface {
	export.Source
	Briefings(ctx context.Context) ([]*annotate.Briefing, error)
	Briefing(ctx context.Context, id string) (*annotate.Briefing, error)
	Authors(ctx context.Context) ([]string, error)
	Passage(ctx context.Context, id string) (*annotate.Passage, error)
	CodeMemo(ctx context.Context, tagID string) (*annotate.Memo, error)
	Path() string
	Author() string
}

// briefingView is the Briefing window: the project's briefings (new,
// rename, delete), the chosen one's outline — cover and executive summary,
// a finding per code, the key quotes in order, the scope — and beside it a
// live preview of its PDF pages. Every edit is saved as made and is an
// undo step; the preview follows within a second without holding up
// typing.
type briefingView struct {
	win fyne.Window
	src briefingStore
	ed  *editor
	// onChange is told after each change, so the window refreshes.
	onChange func()
	// onShow shows a passage in the main window.
	onShow func(p *annotate.Passage)
	// onChoose hears which briefing is chosen: stars go to it.
	onChoose func(id string)
	// proj, when set, is the project the view shows: an export it closes
	// under writes nothing and says so.
	proj *session

	items   []*annotate.Briefing
	cur     *annotate.Briefing // chosen, as stored
	cb      *codebook
	list    *widget.List
	count   *widget.Label
	rename  *widget.Button
	del     *widget.Button
	cover   *briefingCover
	finds   *briefingFindings
	quotes  *briefingQuotes
	scope   *briefingScope
	tabs    *container.AppTabs
	preview *briefingPreview
	empty   *widget.Label
	pane    *fyne.Container
	content fyne.CanvasObject
}

func newBriefingView(win fyne.Window, src briefingStore, ed *editor, render pageRenderer) *briefingView {
	v := &briefingView{win: win, src: src, ed: ed, cb: newCodebook(nil)}
	project := strings.TrimSuffix(filepath.Base(src.Path()), filepath.Ext(src.Path()))
	v.preview = newBriefingPreview(exportBriefing(src, project), render)

	v.list = newTwoLineList(true, func() int { return len(v.items) },
		func(i int) (string, string) { return v.items[i].Name, briefingMeta(v.items[i]) })
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.items) && (v.cur == nil || v.cur.ID != v.items[i].ID) {
			v.choose(v.items[i].ID)
		}
	}
	v.count = widget.NewLabel("")
	v.count.Wrapping = fyne.TextWrapWord
	add := widget.NewButtonWithIcon("New", theme.ContentAddIcon(), v.newBriefing)
	v.rename = widget.NewButton("Rename…", v.renameBriefing)
	v.del = widget.NewButtonWithIcon("", theme.DeleteIcon(), v.deleteBriefing)
	v.del.Importance = widget.DangerImportance
	left := container.NewBorder(v.count, container.NewBorder(nil, nil, nil, v.del, container.NewGridWithColumns(2, add, v.rename)), nil, nil, v.list)

	v.cover = newBriefingCover()
	v.cover.OnChange = v.update
	v.cover.OnTyping = v.typed
	v.finds = newBriefingFindings()
	v.finds.OnSave = func(tagID, old, new string) error {
		if v.cur == nil {
			return nil
		}
		if err := v.ed.setFinding(v.cur.ID, tagID, old, new); err != nil {
			return err
		}
		if b, err := v.src.Briefing(bg, v.cur.ID); err == nil {
			v.cur = b
		}
		v.saved(false)
		return nil
	}
	v.finds.OnTyping = v.typed
	v.finds.CodeMemo = func(tagID string) string {
		if m, err := v.src.CodeMemo(bg, tagID); err == nil {
			return m.Text
		}
		return ""
	}
	v.quotes = newBriefingQuotes()
	v.quotes.OnMove = func(id string, to int) { v.do(func() error { return v.ed.moveQuote(v.cur, id, to) }) }
	v.quotes.OnUnstar = func(id string) { v.do(func() error { return v.ed.unstarPassage(v.cur, id) }) }
	v.quotes.OnUnder = func(id, tagID string) { v.do(func() error { return v.ed.setQuoteTag(v.cur, id, tagID) }) }
	v.quotes.OnShow = func(p *annotate.Passage) {
		if v.onShow != nil {
			v.onShow(p)
		}
	}
	v.quotes.OnAnnex = func(on bool) { v.update(annotate.BriefingUpdate{Annex: &on}, "Annex") }
	v.scope = newBriefingScope()
	v.scope.OnChange = func(s annotate.BriefingScope) error {
		return v.update(annotate.BriefingUpdate{Scope: &s}, "Edit Scope")
	}

	v.tabs = container.NewAppTabs(
		container.NewTabItem("Cover & Summary", v.cover.content),
		container.NewTabItem("Findings", v.finds.content),
		container.NewTabItem("Key Quotes", v.quotes.content),
		container.NewTabItem("Scope", v.scope.content),
	)
	pdf := widget.NewButtonWithIcon("PDF…", theme.DocumentSaveIcon(), func() { v.exportAs("pdf") })
	md := widget.NewButtonWithIcon("Markdown…", theme.DocumentSaveIcon(), func() { v.exportAs("md") })
	previewPane := container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(pdf, md), widget.NewLabelWithStyle("Preview · Export as", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})), nil, nil, nil, v.preview)
	outline := container.NewHSplit(v.tabs, previewPane)
	outline.SetOffset(0.55)
	v.empty = widget.NewLabel("Choose a briefing, or start one with New: a cover, an executive summary, a finding per code and the key quotes you star, previewed here as the PDF will print.")
	v.empty.Wrapping = fyne.TextWrapWord
	v.pane = container.NewStack(outline)
	v.pane.Hide()
	split := container.NewHSplit(left, container.NewStack(container.NewPadded(v.empty), v.pane))
	split.SetOffset(0.2)
	v.content = split
	v.reload()
	return v
}

// open shows the briefing stars go to (chosen is its ID), else the first.
func (v *briefingView) open(chosen string) {
	for _, b := range v.items {
		if b.ID == chosen {
			v.selectID(chosen)
			return
		}
	}
	if len(v.items) > 0 {
		v.list.Select(0)
	}
}

// briefingMeta is "3 key quotes · 2 findings · Ada, 17 Jun 2021".
func briefingMeta(b *annotate.Briefing) string {
	return fmt.Sprintf("%s · %s · %s, %s", plural(len(b.Quotes), "key quote"), plural(len(b.Findings), "finding"), orUnknown(b.Author), when(b.UpdatedAt))
}

// reload lists the briefings again.
func (v *briefingView) reload() {
	bs, err := v.src.Briefings(bg)
	if err != nil {
		v.count.SetText("Cannot list the briefings: " + err.Error())
		return
	}
	for i, b := range bs {
		if full, err := v.src.Briefing(bg, b.ID); err == nil {
			bs[i] = full
		}
	}
	v.items = bs
	if len(bs) == 0 {
		v.count.SetText("No briefings yet.")
	} else {
		v.count.SetText(plural(len(bs), "briefing"))
	}
	v.list.Refresh()
	if v.cur != nil {
		v.rename.Enable()
		v.del.Enable()
	} else {
		v.rename.Disable()
		v.del.Disable()
	}
}

// choose shows a briefing's outline and preview.
func (v *briefingView) choose(id string) {
	v.flush()
	b, err := v.src.Briefing(bg, id)
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.cur = b
	v.empty.Hide()
	v.pane.Show()
	v.fill(false)
	v.reload()
	if v.onChoose != nil {
		v.onChoose(id)
	}
}

// fill shows the chosen briefing in the outline; same keeps what is being
// typed in it.
func (v *briefingView) fill(same bool) {
	tags, err := v.src.Tags(bg)
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.cb = newCodebook(tags)
	docs, _ := v.src.Documents(bg, annotate.DocumentFilter{})
	coders, _ := v.src.Authors(bg)
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	v.cover.show(v.cur, same)
	v.finds.show(v.cur, v.cb, same)
	v.quotes.set(v.cur, v.cb, titles, func(id string) *annotate.Passage {
		p, err := v.src.Passage(bg, id)
		if err != nil {
			return nil
		}
		return p
	})
	v.scope.show(v.cur, v.cb, docs, coders)
	v.preview.show(v.draft())
}

// draft is the chosen briefing as typed: the stored one with the summary
// and finding being typed.
func (v *briefingView) draft() *annotate.Briefing {
	if v.cur == nil {
		return nil
	}
	d := copyBriefing(v.cur)
	d.Summary = v.cover.draft()
	d.Findings = v.finds.draft(d)
	return d
}

// typed follows a keystroke in the summary or a finding in the preview.
func (v *briefingView) typed() { v.preview.show(v.draft()) }

// update saves a change of the chosen briefing's settings.
func (v *briefingView) update(upd annotate.BriefingUpdate, what string) error {
	if v.cur == nil {
		return nil
	}
	b, err := v.ed.updateBriefing(v.cur, upd, what)
	if err != nil {
		return err
	}
	v.cur = b
	// What the main window shows of a briefing is its name and key
	// quotes; the scope decides which quotes are printed.
	v.saved(upd.Name != nil || upd.Scope != nil)
	return nil
}

// saved follows an edit of the outline's text: the preview and the list;
// tell says the main window should hear of it too.
func (v *briefingView) saved(tell bool) {
	v.preview.show(v.draft())
	v.reload()
	if tell && v.onChange != nil {
		v.onChange()
	}
}

// do runs an edit of the chosen briefing and shows the outcome.
func (v *briefingView) do(edit func() error) {
	if v.cur == nil {
		return
	}
	if err := edit(); err != nil {
		dialog.ShowError(err, v.win)
	}
	v.changed()
}

// changed reads the chosen briefing again after an edit made here, and
// tells the window.
func (v *briefingView) changed() {
	if v.cur != nil {
		if b, err := v.src.Briefing(bg, v.cur.ID); err == nil {
			v.cur = b
			v.fill(true)
		}
	}
	v.reload()
	if v.onChange != nil {
		v.onChange()
	}
}

// refresh shows what the project holds now, after an edit elsewhere (a
// star in the main window, an undo), keeping the briefing chosen unless it
// is gone.
func (v *briefingView) refresh() {
	if v.cur != nil {
		b, err := v.src.Briefing(bg, v.cur.ID)
		if err != nil {
			v.clear()
		} else {
			v.cur = b
			v.fill(true)
		}
	}
	v.reload()
}

// close saves what is being typed and stops the preview, as the window
// closes.
func (v *briefingView) close() {
	v.flush()
	v.preview.stop()
}

// flush saves the summary and finding being typed.
func (v *briefingView) flush() {
	v.cover.summary.flush()
	v.finds.editor.flush()
}

func (v *briefingView) clear() {
	v.cur = nil
	v.list.UnselectAll()
	v.pane.Hide()
	v.empty.Show()
	v.preview.show(nil)
}

// newBriefing asks for a name and starts a briefing, prepared by the
// researcher.
func (v *briefingView) newBriefing() {
	v.flush()
	name := widget.NewEntry()
	name.SetText(v.freeName())
	name.Validator = required("a briefing needs a name")
	save := func() error {
		b := &annotate.Briefing{Name: strings.TrimSpace(name.Text), PreparedBy: v.src.Author(), Annex: true}
		if err := v.ed.createBriefing(b); err != nil {
			return err
		}
		v.reload()
		v.selectID(b.ID)
		if v.onChange != nil {
			v.onChange()
		}
		return nil
	}
	var kept *editingDialog
	d := dialog.NewForm("New Briefing", "Create", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			dialog.ShowError(err, v.win)
		}
	}, v.win)
	d.Resize(fyne.NewSize(nameDialogWidth, 0))
	submitOnEnter(d, name)
	d.Show()
	kept = editing(d, v.win, save, "New Briefing", name)
	v.proj.keep(kept)
	v.win.Canvas().Focus(name)
}

// freeName is "Briefing", or "Briefing 2" and on when it is taken.
func (v *briefingView) freeName() string {
	taken := map[string]bool{}
	for _, b := range v.items {
		taken[strings.ToLower(b.Name)] = true
	}
	name := "Briefing"
	for n := 2; taken[strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("Briefing %d", n)
	}
	return name
}

// selectID chooses the briefing with that ID in the list.
func (v *briefingView) selectID(id string) {
	for i, b := range v.items {
		if b.ID == id {
			v.list.Select(i)
			return
		}
	}
}

// renameBriefing asks for the chosen briefing's new name.
func (v *briefingView) renameBriefing() {
	if v.cur == nil {
		return
	}
	name := widget.NewEntry()
	name.SetText(v.cur.Name)
	name.Validator = required("a briefing needs a name")
	save := func() error {
		n := strings.TrimSpace(name.Text)
		if v.cur == nil || n == v.cur.Name {
			return nil
		}
		defer v.ed.stack.seal()
		return v.update(annotate.BriefingUpdate{Name: &n}, "Rename Briefing")
	}
	var kept *editingDialog
	d := dialog.NewForm("Rename Briefing", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			dialog.ShowError(err, v.win)
		}
	}, v.win)
	d.Resize(fyne.NewSize(nameDialogWidth, 0))
	submitOnEnter(d, name)
	d.Show()
	kept = editing(d, v.win, save, "Rename Briefing", name)
	v.proj.keep(kept)
	v.win.Canvas().Focus(name)
}

// deleteBriefing deletes the chosen briefing (Edit ▸ Undo brings it back).
func (v *briefingView) deleteBriefing() {
	if v.cur == nil {
		return
	}
	v.flush()
	if err := v.ed.deleteBriefing(v.cur); err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	name := v.cur.Name
	v.clear()
	v.reload()
	if v.onChange != nil {
		v.onChange()
	}
	v.count.SetText(v.count.Text + " “" + name + "” deleted; Edit ▸ Undo brings it back.")
}

// exportAs writes the chosen briefing as PDF or Markdown to a file the
// researcher chooses, off the UI goroutine.
func (v *briefingView) exportAs(format string) {
	if v.cur == nil {
		return
	}
	v.flush()
	b := copyBriefing(v.cur)
	spec := exportFormats[format]
	showSave(v.win, v.proj, saveAs{name: exportName(b.Name) + spec.ext, exts: []string{spec.ext}, folder: folderExports, near: v.src.Path()},
		func(w fyne.URIWriteCloser) {
			w.Close()
			v.writeBriefing(w.URI().Path(), format, b)
		})
}

// writeBriefing writes b as format to path off the UI goroutine, and says
// how it went.
func (v *briefingView) writeBriefing(path, format string, b *annotate.Briefing) {
	project := strings.TrimSuffix(filepath.Base(v.src.Path()), filepath.Ext(v.src.Path()))
	write := exporters[format]
	what := "nothing was written to " + filepath.Base(path)
	offUI(func() {
		var err error
		if v.proj.closed() {
			err = v.proj.closedFirst(what)
		} else {
			err = export.WriteFile(path, func(w io.Writer) error {
				return write(v.proj.context(), w, v.src, export.Options{Briefing: b, Project: project})
			})
			err = v.proj.orClosed(what, err)
		}
		fyne.Do(func() {
			switch {
			case err != nil && v.proj.closed():
				// The window shows another project by now: the message
				// names the one exported.
				removeEmpty(path) // what the save dialog made
				dialog.ShowError(err, v.win)
			case errors.Is(err, context.Canceled):
			case err != nil:
				dialog.ShowError(fmt.Errorf("could not export %s: %w", filepath.Base(path), err), v.win)
			default:
				dialog.ShowInformation("Export finished", "Wrote "+path, v.win)
			}
		})
	})
}

// exportName makes a briefing's name a file name: a character no file
// name may hold becomes a hyphen, set apart by spaces where the name sets
// it apart on its right ("Geneva: day one" is "Geneva - day one", not
// "Geneva- day one").
func exportName(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		if !strings.ContainsRune(`/\:*?"<>|`, r) && r >= ' ' {
			b.WriteRune(r)
			continue
		}
		if i > 0 && rs[i-1] != ' ' && i+1 < len(rs) && rs[i+1] == ' ' {
			b.WriteRune(' ')
		}
		b.WriteRune('-')
	}
	return b.String()
}
