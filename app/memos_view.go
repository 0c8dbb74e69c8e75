package app

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

// The kinds the Memos view filters by.
const (
	allKinds     = "All memos"
	kindJournal  = "Journal"
	kindCode     = "Code memos"
	kindDocument = "Document memos"
)

var memoKinds = map[string]string{kindJournal: annotate.MemoJournal, kindCode: annotate.MemoCode, kindDocument: annotate.MemoDocument}

// memoStore is what the Memos view reads and writes through: storage for
// reading, the editor for changes (each an undo step).
type memoStore interface {
	Memos(ctx context.Context, f annotate.MemoFilter) ([]*annotate.Memo, error)
	Authors(ctx context.Context) ([]string, error)
	Tags(ctx context.Context) ([]*annotate.Tag, error)
	JournalEntry(ctx context.Context, id string) (*annotate.JournalEntry, error)
	CodeMemo(ctx context.Context, tagID string) (*annotate.Memo, error)
	Document(ctx context.Context, id string) (*annotate.Document, error)
}

// documentMemo is a document's memo as the Memos view shows it.
func documentMemo(d *annotate.Document) *annotate.Memo {
	return &annotate.Memo{Kind: annotate.MemoDocument, ID: d.ID, Subject: d.Title, Text: d.Memo, Author: d.MemoAuthor, UpdatedAt: d.MemoUpdatedAt}
}

// memosView lists every memo together (the journal, code memos, document
// memos), filtered by kind, author and text, and edits the chosen one:
// saved as you type, each change undoable. New journal entries and memos
// on a code start here.
type memosView struct {
	win fyne.Window
	src memoStore
	ed  *editor

	kind   *widget.Select
	author *widget.Select
	text   *widget.Entry
	count  *widget.Label
	list   *widget.List
	items  []*annotate.Memo

	heading *widget.Label
	date    *widget.Entry
	title   *widget.Entry
	journal *fyne.Container // date and title, for journal entries
	editor  *memoEditor
	del     *widget.Button
	empty   *widget.Label
	pane    *fyne.Container

	cur   *annotate.Memo // shown in the editor
	entry *annotate.JournalEntry
	// onChange is told after each change, so the window refreshes.
	onChange func()
	// proj, when set, is the project the memos are of: an export it
	// closes under writes nothing and says so.
	proj *session

	content fyne.CanvasObject
}

func newMemosView(win fyne.Window, src memoStore, ed *editor, onChange func()) *memosView {
	v := &memosView{win: win, src: src, ed: ed, onChange: onChange}
	re := func(string) { v.reload() }
	v.kind = widget.NewSelect([]string{allKinds, kindJournal, kindCode, kindDocument}, re)
	v.kind.Selected = allKinds
	v.author = widget.NewSelect([]string{allAuthors}, re)
	v.author.Selected = allAuthors
	v.text = widget.NewEntry()
	v.text.SetPlaceHolder("Text in the memo or what it is on")
	v.text.OnChanged = re
	v.count = widget.NewLabel("")
	v.list = newTwoLineList(true, func() int { return len(v.items) },
		func(i int) (string, string) { return memoTitle(v.items[i]), memoMeta(v.items[i]) })
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.items) {
			v.show(v.items[i])
		}
	}

	v.heading = widget.NewLabel("")
	v.heading.TextStyle.Bold = true
	v.heading.Wrapping = fyne.TextWrapWord
	v.date = widget.NewEntry()
	v.date.SetPlaceHolder("YYYY-MM-DD")
	v.date.OnChanged = func(string) { v.saveEntryFields() }
	v.title = widget.NewEntry()
	v.title.SetPlaceHolder("Title (optional)")
	v.title.OnChanged = func(string) { v.saveEntryFields() }
	v.journal = container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(130, v.date.MinSize().Height), v.date), nil, v.title)
	v.editor = newMemoEditor("Write the memo…", 12)
	v.editor.OnSave = v.saveText
	v.del = widget.NewButtonWithIcon("Delete Entry", theme.DeleteIcon(), v.deleteEntry)
	v.del.Importance = widget.DangerImportance
	v.empty = widget.NewLabel("Choose a memo to read and edit it, or start a journal entry or a memo on a code.")
	v.empty.Wrapping = fyne.TextWrapWord
	v.pane = container.NewBorder(container.NewVBox(v.heading, v.journal), container.NewHBox(v.del), nil, nil, v.editor)
	v.pane.Hide()

	exp := widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), v.exportMemos)
	exp.Importance = widget.LowImportance
	newEntry := widget.NewButtonWithIcon("New Journal Entry", theme.ContentAddIcon(), v.newEntry)
	codeMemo := widget.NewButtonWithIcon("Memo on a Code…", theme.DocumentCreateIcon(), v.chooseCode)
	filters := container.NewVBox(
		container.NewGridWithColumns(2, v.kind, v.author),
		v.text,
		container.NewBorder(nil, nil, nil, exp, v.count),
	)
	left := container.NewBorder(filters, container.NewGridWithColumns(2, newEntry, codeMemo), nil, nil, v.list)
	split := container.NewHSplit(left, container.NewPadded(container.NewStack(v.empty, v.pane)))
	split.SetOffset(0.4)
	v.content = split
	v.reload()
	return v
}

// memoTitle is what a memo is: "Journal · 2021-06-17 · Title", "Code ·
// Human rights", "Document · Title".
func memoTitle(m *annotate.Memo) string {
	switch m.Kind {
	case annotate.MemoJournal:
		if m.Subject == "" {
			return "Journal · " + m.Date
		}
		return "Journal · " + m.Date + " · " + m.Subject
	case annotate.MemoCode:
		return "Code · " + m.Subject
	}
	return "Document · " + m.Subject
}

// memoMeta is "Author · 17 Jun 2021, 10:04 · first words".
func memoMeta(m *annotate.Memo) string {
	parts := []string{orUnknown(m.Author)}
	if !m.UpdatedAt.IsZero() {
		parts = append(parts, when(m.UpdatedAt))
	}
	if s := strings.Join(strings.Fields(m.Text), " "); s != "" {
		parts = append(parts, annotate.Ellipsize(s, 160))
	}
	return strings.Join(parts, " · ")
}

// reload lists the memos again, keeping the one shown.
func (v *memosView) reload() {
	if v.author != nil {
		if authors, err := v.src.Authors(bg); err == nil {
			v.author.Options = append([]string{allAuthors}, authors...)
			v.author.Refresh()
		}
	}
	f := annotate.MemoFilter{Text: v.text.Text}
	if k, ok := memoKinds[v.kind.Selected]; ok {
		f.Kinds = []string{k}
	}
	if a := v.author.Selected; a != allAuthors && a != "" {
		f.Authors = []string{a}
	}
	ms, err := v.src.Memos(bg, f)
	if err != nil {
		v.count.SetText("Cannot list the memos: " + err.Error())
		return
	}
	v.items = ms
	switch {
	case len(ms) == 0 && f.Kinds == nil && f.Authors == nil && strings.TrimSpace(f.Text) == "":
		v.count.SetText("No memos yet.")
	case len(ms) == 0:
		v.count.SetText("No memos match.")
	default:
		v.count.SetText(plural(len(ms), "memo"))
	}
	v.list.Refresh()
}

// refresh shows what storage holds now (after an undo, say), keeping the
// memo shown unless it is gone.
func (v *memosView) refresh() {
	v.editor.flush()
	v.reload()
	if v.cur == nil {
		return
	}
	var now *annotate.Memo
	switch v.cur.Kind {
	case annotate.MemoJournal:
		e, err := v.src.JournalEntry(bg, v.cur.ID)
		if err != nil {
			v.clear()
			return
		}
		now = &annotate.Memo{Kind: annotate.MemoJournal, ID: e.ID, Subject: e.Title, Date: e.Date, Text: e.Text, Author: e.Author}
		if v.entry != nil && (e.Date != v.entry.Date || e.Title != v.entry.Title) {
			v.show(now)
			return
		}
	case annotate.MemoCode:
		m, err := v.src.CodeMemo(bg, v.cur.ID)
		if err != nil {
			v.clear()
			return
		}
		now = m
	case annotate.MemoDocument:
		d, err := v.src.Document(bg, v.cur.ID)
		if err != nil {
			v.clear()
			return
		}
		now = documentMemo(d)
	default:
		return
	}
	if now.Text != v.editor.was {
		v.show(now)
	}
}

func (v *memosView) clear() {
	v.cur, v.entry = nil, nil
	v.pane.Hide()
	v.empty.Show()
}

// show puts a memo in the editor.
func (v *memosView) show(m *annotate.Memo) {
	v.editor.flush()
	v.cur = m
	v.empty.Hide()
	v.pane.Show()
	v.entry = nil
	switch m.Kind {
	case annotate.MemoJournal:
		e, err := v.src.JournalEntry(bg, m.ID)
		if err != nil {
			dialog.ShowError(err, v.win)
			return
		}
		v.entry = e
		v.heading.SetText("Journal entry by " + orUnknown(e.Author))
		v.date.OnChanged, v.title.OnChanged = nil, nil
		v.date.SetText(e.Date)
		v.title.SetText(e.Title)
		v.date.OnChanged = func(string) { v.saveEntryFields() }
		v.title.OnChanged = func(string) { v.saveEntryFields() }
		v.journal.Show()
		v.del.Show()
	case annotate.MemoCode:
		v.heading.SetText("Memo on the code “" + m.Subject + "”")
		v.journal.Hide()
		v.del.Hide()
	default:
		v.heading.SetText("Memo on the document “" + m.Subject + "”")
		v.journal.Hide()
		v.del.Hide()
	}
	v.editor.load(m.Text)
}

// saveText saves the memo's text as typed.
func (v *memosView) saveText(old, text string) error {
	if v.cur == nil {
		return nil
	}
	var err error
	switch v.cur.Kind {
	case annotate.MemoJournal:
		if v.entry == nil {
			return nil
		}
		next := *v.entry
		next.Text = text
		err = v.saveEntry(next)
	case annotate.MemoCode:
		err = v.ed.setCodeMemo(v.cur.ID, old, text)
	case annotate.MemoDocument:
		_, err = v.ed.updateDocument(v.cur.ID, annotate.DocumentUpdate{Memo: &text})
	}
	if err == nil {
		v.cur.Text = text
		v.changed()
	}
	return err
}

// saveEntryFields saves a journal entry's date and title as typed; a date
// not yet complete waits.
func (v *memosView) saveEntryFields() {
	if v.entry == nil {
		return
	}
	next := *v.entry
	next.Date, next.Title = strings.TrimSpace(v.date.Text), strings.TrimSpace(v.title.Text)
	next.Text = v.editor.Text()
	if !annotate.ValidDate(next.Date) {
		v.editor.status.SetText("The date is written YYYY-MM-DD.")
		return
	}
	if err := v.saveEntry(next); err != nil {
		v.editor.status.SetText("Not saved: " + err.Error())
		return
	}
	v.editor.was = next.Text
	v.editor.status.SetText("Saved")
	v.changed()
}

func (v *memosView) saveEntry(next annotate.JournalEntry) error {
	if err := v.ed.updateJournalEntry(v.entry, &next); err != nil {
		return err
	}
	v.entry = &next
	return nil
}

// changed relists the memos and tells the window.
func (v *memosView) changed() {
	v.reload()
	if v.onChange != nil {
		v.onChange()
	}
}

// newEntry starts a journal entry dated today.
func (v *memosView) newEntry() {
	v.editor.flush()
	e := &annotate.JournalEntry{Date: time.Now().Format("2006-01-02")}
	if err := v.ed.createJournalEntry(e); err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.changed()
	v.show(&annotate.Memo{Kind: annotate.MemoJournal, ID: e.ID, Date: e.Date, Author: e.Author})
	v.win.Canvas().Focus(v.editor.entry)
}

// deleteEntry removes the journal entry shown (Edit ▸ Undo brings it back).
func (v *memosView) deleteEntry() {
	if v.entry == nil {
		return
	}
	v.editor.flush()
	if err := v.ed.deleteJournalEntry(v.entry.ID); err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.clear()
	v.changed()
}

// chooseCode asks which code to write about and shows its memo.
func (v *memosView) chooseCode() {
	tags, err := v.src.Tags(bg)
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	cb := newCodebook(tags)
	var names []string
	for _, t := range cb.tags {
		names = append(names, cb.indented(t))
	}
	pick := widget.NewSelect(names, nil)
	pick.PlaceHolder = "Choose a code"
	dialog.ShowCustomConfirm("Memo on a Code", "Write", "Cancel", pick, func(ok bool) {
		if !ok || pick.SelectedIndex() < 0 {
			return
		}
		v.showCode(cb.tags[pick.SelectedIndex()])
	}, v.win)
}

// showCode shows a code's memo, empty when it has none yet.
func (v *memosView) showCode(t *annotate.Tag) {
	m := &annotate.Memo{Kind: annotate.MemoCode, ID: t.ID, Subject: t.Name}
	ms, err := v.src.Memos(bg, annotate.MemoFilter{Kinds: []string{annotate.MemoCode}})
	if err == nil {
		for _, x := range ms {
			if x.ID == t.ID {
				m = x
			}
		}
	}
	v.show(m)
	v.win.Canvas().Focus(v.editor.entry)
}

var _ memoStore = (*storage.DB)(nil)

// exportMemos saves the memos listed as Markdown or CSV, by the file's
// extension.
func (v *memosView) exportMemos() {
	v.editor.flush()
	ms := v.items
	showSave(v.win, v.proj, saveAs{name: "memos.md", exts: []string{".md", ".csv"}, folder: folderExports, near: v.proj.path()},
		func(w fyne.URIWriteCloser) {
			write := func(out io.Writer) error { return export.MemosMarkdown(out, "Memos", ms) }
			if strings.EqualFold(filepath.Ext(w.URI().Name()), ".csv") {
				write = func(out io.Writer) error { return export.MemosCSV(out, ms, true) }
			}
			if err := writeURI(w, write); err != nil {
				dialog.ShowError(err, v.win)
			}
		})
}

// open shows the memo of that kind on (or, for the journal, with) that ID.
func (v *memosView) open(kind, id string) {
	switch kind {
	case annotate.MemoJournal:
		if e, err := v.src.JournalEntry(bg, id); err == nil {
			v.show(&annotate.Memo{Kind: kind, ID: e.ID, Subject: e.Title, Date: e.Date, Text: e.Text, Author: e.Author})
		}
	case annotate.MemoCode:
		if m, err := v.src.CodeMemo(bg, id); err == nil {
			v.show(m)
		}
	case annotate.MemoDocument:
		if d, err := v.src.Document(bg, id); err == nil {
			v.show(documentMemo(d))
		}
	}
}
