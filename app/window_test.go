package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/app/settings"
	"gloss/storage"
)

// manualTimer is the inspector's save timer under test: it fires when the
// test says so.
type manualTimer struct {
	f       func()
	stopped bool
}

func (m *manualTimer) Stop() bool { m.stopped = true; return true }

// newTestUI opens the window on a new project in t.TempDir() with the
// sample articles and the seed codebook, laid out at 1280×800.
func newTestUI(t *testing.T) (*ui, *[]*manualTimer) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	db, err := project.Create(filepath.Join(t.TempDir(), "test.gloss"), true, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u := newUI(a, w)
	var timers []*manualTimer
	u.insp.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } {
		m := &manualTimer{f: f}
		timers = append(timers, m)
		return m
	}
	// A flash's timer would fire into whichever test runs four seconds
	// later; the tests end flashes themselves.
	u.status.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } { return &manualTimer{f: f} }
	queueOnTest(u.plist)
	u.setProject(db)
	t.Cleanup(func() {
		if u.proj != nil {
			u.proj.close()
		}
	})
	w.Resize(fyne.NewSize(1280, 800))
	if u.doc == nil {
		t.Fatal("no document opened on a project with samples")
	}
	return u, &timers
}

// selectQuote selects the only occurrence of quote in the open document.
func selectQuote(t *testing.T, u *ui, quote string) (int, int) {
	t.Helper()
	s, e, err := annotate.FindQuote(u.text, quote, 0)
	if err != nil {
		t.Fatal(err)
	}
	u.view.SetSelection(s, e)
	return s, e
}

func allPassages(t *testing.T, db *storage.DB) []*annotate.Passage {
	t.Helper()
	ps, err := db.Passages(bg, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

const quoteA = "ambassadors would return to their posts"

func TestNumberKeyCodesSelectionUndoRedo(t *testing.T) {
	u, _ := newTestUI(t)
	s, e := selectQuote(t, u, quoteA)
	if !strings.Contains(u.reader.hint.Text, "Press 1–9") {
		t.Fatalf("hint with a selection = %q", u.reader.hint.Text)
	}
	test.Type(u.view, "3")

	ps := allPassages(t, u.proj.db)
	if len(ps) != 1 {
		t.Fatalf("passages after pressing 3 = %d, want 1", len(ps))
	}
	p := ps[0]
	third := u.cb.tags[2]
	if p.Quote != quoteA || p.Start != s || p.End != e || len(p.Tags) != 1 || p.Tags[0] != third.ID || p.Author != "Ada" {
		t.Fatalf("passage = %+v, want %q [%d,%d) coded %q by Ada", p, quoteA, s, e, third.Name)
	}
	if u.selected != p.ID || !strings.Contains(u.insp.quote.Text, quoteA) {
		t.Fatalf("inspector shows %q (selected %q), want the new passage", u.insp.quote.Text, u.selected)
	}
	if !strings.Contains(u.status.counts.Text, "1 passage") || u.status.saved.Text != "All changes saved" {
		t.Fatalf("status = %q / %q", u.status.counts.Text, u.status.saved.Text)
	}
	if u.menu.undo.Label != `Undo Code as "`+third.Name+`"` || u.menu.undo.Disabled {
		t.Fatalf("undo menu item = %q (disabled %v)", u.menu.undo.Label, u.menu.undo.Disabled)
	}

	u.undo()
	if n := len(allPassages(t, u.proj.db)); n != 0 {
		t.Fatalf("passages after undo = %d, want 0", n)
	}
	if u.selected != "" || !u.insp.body.Hidden {
		t.Fatal("inspector still shows the undone passage")
	}
	if !strings.HasPrefix(u.menu.redo.Label, "Redo Code as") {
		t.Fatalf("redo menu item = %q", u.menu.redo.Label)
	}

	u.redo()
	ps = allPassages(t, u.proj.db)
	if len(ps) != 1 || ps[0].ID != p.ID || ps[0].Quote != quoteA {
		t.Fatalf("passages after redo = %+v", ps)
	}
	if got := u.docList.items[0].Passages; got != 1 {
		t.Fatalf("document list counts %d passages, want 1", got)
	}
}

func TestChipsAndNewCodeOnTheSpot(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	second := u.reader.chip(1)
	if second.Key != "2" || second.Name != u.cb.tags[1].Name {
		t.Fatalf("second chip = %q %q, want key 2 %q", second.Key, second.Name, u.cb.tags[1].Name)
	}
	test.Tap(second)
	ps := allPassages(t, u.proj.db)
	if len(ps) != 1 || ps[0].Tags[0] != u.cb.tags[1].ID {
		t.Fatalf("after tapping chip 2: %+v", ps)
	}

	// With the passage selected (no text selected), a chip adds its code.
	u.view.SetSelection(0, 0)
	test.Tap(u.reader.chip(2))
	p, _ := u.proj.db.Passage(bg, ps[0].ID)
	if len(p.Tags) != 2 || p.Tags[1] != u.cb.tags[2].ID {
		t.Fatalf("tags after tapping chip 3 on the selected passage = %v", p.Tags)
	}

	// A new code typed on the spot codes a new selection.
	selectQuote(t, u, "Villa La Grange")
	test.Type(u.reader.newTag, "Venues")
	u.reader.newTag.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tag, err := u.proj.db.TagByName(bg, "Venues")
	if err != nil {
		t.Fatal(err)
	}
	if !annotate.ValidColor(tag.Color) {
		t.Fatalf("new tag colour %q", tag.Color)
	}
	got, err := u.proj.db.Passages(bg, annotate.PassageFilter{TagIDs: []string{tag.ID}})
	if err != nil || len(got) != 1 || got[0].Quote != "Villa La Grange" {
		t.Fatalf("passages coded Venues = %+v, %v", got, err)
	}
	if last := u.reader.chip(len(u.cb.tags) - 1); last.Name != "Venues" {
		t.Fatalf("the new code has no chip: last chip is %q", last.Name)
	}
	// One undo takes back both the code and the passage.
	u.undo()
	if _, err := u.proj.db.TagByName(bg, "Venues"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("code survived undo: %v", err)
	}

	// Removing a code in the inspector.
	u.selectPassage(p.ID)
	var remove *chip
	for _, o := range u.insp.chips.Objects {
		if c := o.(*chip); c.Name == u.cb.tags[1].Name {
			remove = c
		}
	}
	if remove == nil || remove.OnRemove == nil {
		t.Fatal("no removable chip for the second code in the inspector")
	}
	test.TapAt(remove, fyne.NewPos(remove.Size().Width-2, remove.Size().Height/2))
	p, _ = u.proj.db.Passage(bg, p.ID)
	if len(p.Tags) != 1 || p.Tags[0] != u.cb.tags[2].ID {
		t.Fatalf("tags after removing the second code = %v", p.Tags)
	}
}

func TestNoteSavedAsYouType(t *testing.T) {
	u, timers := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "1")
	id := u.selected
	note := func() string {
		p, err := u.proj.db.Passage(bg, id)
		if err != nil {
			t.Fatal(err)
		}
		return p.Note.Text
	}

	test.Type(u.insp.note, "Key outcome")
	if note() != "" {
		t.Fatal("note saved before typing paused")
	}
	if len(*timers) == 0 {
		t.Fatal("typing scheduled no save")
	}
	last := (*timers)[len(*timers)-1]
	for _, m := range (*timers)[:len(*timers)-1] {
		if !m.stopped {
			t.Fatal("an earlier save timer was not cancelled by further typing")
		}
	}
	last.f() // the pause
	if got := note(); got != "Key outcome" {
		t.Fatalf("note after the pause = %q", got)
	}
	if u.insp.saved.Text != "Saved" {
		t.Fatalf("note status = %q", u.insp.saved.Text)
	}

	// Typing more, then selecting elsewhere before the pause: flushed.
	test.Type(u.insp.note, " of the summit")
	u.selectPassage("")
	if got := note(); got != "Key outcome of the summit" {
		t.Fatalf("note after selecting elsewhere = %q", got)
	}
	// Both saves were one edit of the note: one undo clears it.
	u.undo()
	if got := note(); got != "" {
		t.Fatalf("note after undo = %q, want empty", got)
	}
	u.selectPassage(id)
	if u.insp.note.Text != "" {
		t.Fatalf("inspector shows note %q after undo", u.insp.note.Text)
	}
	u.redo()
	if u.insp.note.Text != "Key outcome of the summit" {
		t.Fatalf("inspector shows note %q after redo", u.insp.note.Text)
	}

	// Quitting saves what is being typed.
	u.insp.note.SetText(u.insp.note.Text + "!")
	u.insp.flush()
	if got := note(); got != "Key outcome of the summit!" {
		t.Fatalf("note after flush = %q", got)
	}
}

func TestPassagesListFilters(t *testing.T) {
	u, _ := newTestUI(t)
	first := u.doc
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3") // Ambassadors
	selectQuote(t, u, "Villa La Grange")
	test.Type(u.view, "8") // Cooperation
	// A colleague codes a passage in another document.
	var other *annotate.Document
	for _, d := range u.docs {
		if d.ID != first.ID {
			other = d
			break
		}
	}
	u.proj.db.SetAuthor("Bob")
	u.openDocument(other.ID)
	s, e := 0, 20
	for e > s && strings.TrimSpace(u.text.Slice(s, e)) == "" {
		e++
	}
	u.view.SetSelection(s, e)
	test.Type(u.view, "3")
	u.proj.db.SetAuthor("Ada")

	pl := u.plist
	pl.reload()
	if len(listed(pl)) != 3 || pl.count.Text != "3 passages" {
		t.Fatalf("unfiltered: %d items, %q", len(listed(pl)), pl.count.Text)
	}
	pl.builder.first.SetSelected(u.cb.tags[2].Name)
	if len(listed(pl)) != 2 {
		t.Fatalf("filtered by %q: %d items, want 2", u.cb.tags[2].Name, len(listed(pl)))
	}
	pl.author.SetSelected("Bob")
	if len(listed(pl)) != 1 || listed(pl)[0].Author != "Bob" {
		t.Fatalf("filtered by code and Bob: %+v", listed(pl))
	}
	pl.author.SetSelected(allAuthors)
	pl.builder.first.SetSelected(allCodes)
	pl.doc.SetSelected(first.Title)
	if len(listed(pl)) != 2 {
		t.Fatalf("filtered by document: %d items, want 2", len(listed(pl)))
	}
	test.Type(pl.text, "grange")
	if len(listed(pl)) != 1 || listed(pl)[0].Quote != "Villa La Grange" {
		t.Fatalf("filtered by text: %+v", listed(pl))
	}
	if !strings.Contains(pl.describe(listed(pl)[0]), "Cooperation") || !strings.Contains(pl.describe(listed(pl)[0]), "Ada") {
		t.Fatalf("row says %q", pl.describe(listed(pl)[0]))
	}

	// Clicking a passage opens its document and shows it.
	pl.doc.SetSelected(allDocuments)
	pl.text.SetText("")
	pl.author.SetSelected("Bob")
	u.openDocument(first.ID)
	settle(pl)
	pl.list.Select(0)
	if u.doc.ID != other.ID || u.selected != listed(pl)[0].ID || u.tabs.SelectedIndex() != 0 {
		t.Fatalf("clicking Bob's passage: open %q, selected %q, tab %d", u.doc.Title, u.selected, u.tabs.SelectedIndex())
	}

	// The reading view's coder filter hides colleagues' passages.
	u.openDocument(first.ID)
	if len(u.visiblePassages()) != 2 {
		t.Fatalf("visible passages = %d", len(u.visiblePassages()))
	}
	u.reader.coder.SetSelected(coderLabel("Bob"))
	if n := len(u.visiblePassages()); n != 0 {
		t.Fatalf("only Bob's in the first document: %d visible, want 0", n)
	}
	if u.reader.coder.Hidden {
		t.Fatal("the coder filter is hidden with two authors")
	}
}

// overlayObjects returns what the topmost dialog shows.
func overlayObjects(t *testing.T, u *ui) []fyne.CanvasObject {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	return test.LaidOutObjects(top)
}

// tapButton taps the dialog's button with that text.
func tapButton(t *testing.T, u *ui, text string) {
	t.Helper()
	for _, o := range overlayObjects(t, u) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the dialog", text)
}

func TestCodebookMergeMovesPassages(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3") // Ambassadors
	moved := u.selected
	selectQuote(t, u, "Villa La Grange")
	test.Type(u.view, "8") // Cooperation
	from, into := u.cb.tags[2], u.cb.tags[7]

	u.tabs.SelectIndex(2)
	u.cbook.list.Select(2)
	if u.cbook.sel != from.ID || u.cbook.merge.Disabled() {
		t.Fatalf("codebook selection %q, merge disabled %v", u.cbook.sel, u.cbook.merge.Disabled())
	}
	test.Tap(u.cbook.merge)
	var pick *widget.Select
	for _, o := range overlayObjects(t, u) {
		if s, ok := o.(*widget.Select); ok {
			pick = s
		}
	}
	if pick == nil {
		t.Fatal("merge dialog has no choice of code")
	}
	pick.SetSelected(into.Name)
	tapButton(t, u, "Merge")

	if _, err := u.proj.db.Tag(bg, from.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("merged code still in the codebook: %v", err)
	}
	p, err := u.proj.db.Passage(bg, moved)
	if err != nil || len(p.Tags) != 1 || p.Tags[0] != into.ID {
		t.Fatalf("passage after merge: %+v, %v", p, err)
	}
	if n := u.cb.byID[into.ID].Passages; n != 2 {
		t.Fatalf("%q has %d passages after the merge, want 2", into.Name, n)
	}
	for _, tg := range u.cb.tags {
		if tg.ID == from.ID {
			t.Fatal("the merged code still has a chip")
		}
	}

	u.undo()
	p, _ = u.proj.db.Passage(bg, moved)
	if len(p.Tags) != 1 || p.Tags[0] != from.ID {
		t.Fatalf("passage after undoing the merge: %v", p.Tags)
	}
}

func TestCodebookEditAndDelete(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "3")
	test.Type(u.view, "") // nothing
	u.view.SetSelection(0, 0)
	test.Tap(u.reader.chip(0)) // passage now has codes 3 and 1
	id := u.selected
	del := u.cb.tags[2]

	u.cbook.list.Select(2)
	test.Tap(u.cbook.del)
	tapButton(t, u, "Delete")
	p, err := u.proj.db.Passage(bg, id)
	if err != nil || len(p.Tags) != 1 || p.Tags[0] != u.cb.tags[0].ID {
		t.Fatalf("passage after deleting one of its codes: %+v, %v", p, err)
	}
	u.undo()
	if p, _ := u.proj.db.Passage(bg, id); len(p.Tags) != 2 {
		t.Fatalf("codes after undoing the delete: %v", p.Tags)
	}

	// Rename, recolour and nest through the edit dialog.
	u.cbook.sel = del.ID
	u.cbook.update()
	test.Tap(u.cbook.edit)
	var name *widget.Entry
	var parent *widget.Select
	for _, o := range overlayObjects(t, u) {
		switch w := o.(type) {
		case *widget.Entry:
			if w.Text == del.Name {
				name = w
			}
		case *widget.Select:
			if len(w.Options) > 0 && w.Options[0] == "(top level)" {
				parent = w
			}
		}
	}
	if name == nil || parent == nil {
		t.Fatal("edit dialog lacks the name or the parent")
	}
	name.SetText("Envoys")
	parent.SetSelected(u.cb.tags[0].Name)
	tapButton(t, u, "Save")
	got, err := u.proj.db.Tag(bg, del.ID)
	if err != nil || got.Name != "Envoys" || got.ParentID != u.cb.tags[0].ID {
		t.Fatalf("tag after edit: %+v, %v", got, err)
	}
	if u.cb.depth(u.cb.byID[del.ID]) != 1 || u.cb.tags[1].ID != del.ID {
		t.Fatal("the nested code is not listed right under its parent")
	}
	u.undo()
	if got, _ := u.proj.db.Tag(bg, del.ID); got.Name != del.Name || got.ParentID != "" {
		t.Fatalf("tag after undoing the edit: %+v", got)
	}
}

func TestDocumentsFilterAndDetails(t *testing.T) {
	u, _ := newTestUI(t)
	if len(u.docList.items) != 4 {
		t.Fatalf("%d documents listed, want the 4 samples", len(u.docList.items))
	}
	test.Type(u.docList.filter, "hill")
	if len(u.docList.items) != 1 || u.docList.items[0].Outlet != "The Hill" {
		t.Fatalf("filter 'hill' lists %+v", u.docList.items)
	}
	u.docList.filter.SetText("")
	doc := u.doc

	u.editOpenDocument()
	var byline, date *widget.Entry
	for _, o := range overlayObjects(t, u) {
		if e, ok := o.(*widget.Entry); ok {
			switch e.PlaceHolder {
			case "the article's author(s)":
				byline = e
			case "YYYY-MM-DD":
				date = e
			}
		}
	}
	if byline == nil || date == nil {
		t.Fatal("details dialog lacks the author or date field")
	}
	byline.SetText("Dave Lawler")
	date.SetText("2021-06-17")
	tapButton(t, u, "Save")
	got, _ := u.proj.db.Document(bg, doc.ID)
	if got.Byline != "Dave Lawler" || got.Published != "2021-06-17" || got.Title != doc.Title {
		t.Fatalf("document after edit: %q %q %q", got.Title, got.Byline, got.Published)
	}
	if !strings.Contains(u.reader.meta.Text, "Dave Lawler") {
		t.Fatalf("reading view header says %q", u.reader.meta.Text)
	}
	u.undo()
	got, _ = u.proj.db.Document(bg, doc.ID)
	if got.Byline != doc.Byline || got.Published != doc.Published {
		t.Fatalf("document after undo: %q %q", got.Byline, got.Published)
	}
}

func TestDeleteKeyAndImportUndo(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "1")
	u.view.SetSelection(0, 0)
	u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if n := len(allPassages(t, u.proj.db)); n != 0 {
		t.Fatalf("Delete left %d passages", n)
	}
	u.undo()
	if n := len(allPassages(t, u.proj.db)); n != 1 {
		t.Fatalf("undo of Delete: %d passages", n)
	}

	// Importing (the storage side of importPaths, recorded like it).
	doc := &annotate.Document{Title: "Press release", Text: "Joint statement on strategic stability.\n"}
	if _, err := u.proj.db.CreateDocument(bg, doc); err != nil {
		t.Fatal(err)
	}
	u.proj.ed.recordImport([]string{doc.ID})
	u.afterEdit()
	if len(u.docs) != 5 {
		t.Fatalf("%d documents after import", len(u.docs))
	}
	u.openDocument(doc.ID)
	u.undo()
	if len(u.docs) != 4 || u.doc != nil {
		t.Fatalf("after undoing the import: %d documents, open %v", len(u.docs), u.doc)
	}
}

func TestTreeOrderAndTitle(t *testing.T) {
	a := &annotate.Tag{ID: "a", Name: "A"}
	b := &annotate.Tag{ID: "b", Name: "B", ParentID: "c"}
	c := &annotate.Tag{ID: "c", Name: "C"}
	d := &annotate.Tag{ID: "d", Name: "D", ParentID: "a"}
	var names []string
	for _, t := range treeOrder([]*annotate.Tag{a, b, c, d}) {
		names = append(names, t.Name)
	}
	if got := strings.Join(names, ""); got != "ADCB" {
		t.Fatalf("tree order = %s, want ADCB", got)
	}
	if got := windowTitle("/home/ada/Geneva summit.gloss"); got != "Gloss — Geneva summit.gloss" {
		t.Fatalf("title = %q", got)
	}
	if got := addRecent([]string{"/b", "/a", "/c"}, "/a"); strings.Join(got, ",") != "/a,/b,/c" {
		t.Fatalf("recent = %v", got)
	}
}

func TestImportReportsEveryFile(t *testing.T) {
	u, _ := newTestUI(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "statement.md")
	if err := os.WriteFile(good, []byte("# Joint statement\n\nThe two presidents agreed to launch a strategic stability dialogue.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")

	done := make(chan []importOutcome, 1)
	u.onImported = func(outs []importOutcome) { done <- outs }
	u.importPaths([]string{good, empty, missing})
	var outs []importOutcome
	select {
	case outs = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("import never finished")
	}
	if len(outs) != 3 || outs[0].err != nil || !outs[0].created || outs[1].err == nil || outs[2].err == nil {
		t.Fatalf("outcomes = %+v", outs)
	}
	if !strings.Contains(outs[2].err.Error(), "missing.txt") {
		t.Fatalf("error for the missing file does not name it: %v", outs[2].err)
	}
	if len(u.docs) != 5 || u.doc == nil || u.doc.Title != "Joint statement" {
		t.Fatalf("after import: %d documents, open %v", len(u.docs), u.doc)
	}
	// The report lists each file, good and bad.
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	report := strings.Join(texts, "\n")
	for _, want := range []string{"1 article added", "2 could not be read", "statement.md", "empty.txt", "missing.txt"} {
		if !strings.Contains(report, want) {
			t.Errorf("import report lacks %q:\n%s", want, report)
		}
	}
	// Importing the same file again, after renaming the document, adds
	// nothing and says so under the name it has now.
	title := "Joint statement on strategic stability"
	if _, err := u.proj.ed.updateDocument(u.doc.ID, annotate.DocumentUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	u.afterEdit()
	u.importPaths([]string{good})
	outs = <-done
	if len(outs) != 1 || outs[0].err != nil || outs[0].created {
		t.Fatalf("re-import outcome = %+v", outs)
	}
	texts = texts[:0]
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if report := strings.Join(texts, "\n"); !strings.Contains(report, "already in the project as “"+title+"”") {
		t.Errorf("the re-import report does not name the document as it is now:\n%s", report)
	}
	u.undo() // the rename
	if len(u.docs) != 5 {
		t.Fatalf("re-import changed the document count to %d", len(u.docs))
	}
	// One undo takes the import back.
	u.undo()
	if len(u.docs) != 4 {
		t.Fatalf("after undoing the import: %d documents", len(u.docs))
	}
}

func TestFirstLaunchAsksNameAndOpensDefaultProject(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GLOSS_AUTHOR", "")
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	u := newUI(a, w)
	t.Cleanup(func() {
		if u.proj != nil {
			u.proj.close()
		}
	})
	u.start("")
	if u.proj != nil {
		t.Fatal("a project opened before the researcher gave a name")
	}
	var name *widget.Entry
	for _, o := range overlayObjects(t, u) {
		if e, ok := o.(*widget.Entry); ok {
			name = e
		}
	}
	if name == nil {
		t.Fatal("the welcome dialog has no name field")
	}
	name.SetText("  ")
	tapButton(t, u, "Continue")
	if u.proj != nil {
		t.Fatal("a blank name was accepted")
	}
	name.SetText("Ada Lovelace")
	tapButton(t, u, "Continue")
	if u.proj == nil {
		t.Fatal("no project opened after the name was given")
	}
	want, _ := project.DefaultPath()
	if u.proj.db.Path() != want || u.proj.db.Author() != "Ada Lovelace" {
		t.Fatalf("opened %q as %q, want %q as Ada Lovelace", u.proj.db.Path(), u.proj.db.Author(), want)
	}
	if got := settings.Author(); got != "Ada Lovelace" {
		t.Fatalf("author saved in the settings = %q", got)
	}
	if w.Title() != "Gloss — "+project.DefaultName || len(u.docs) != 4 || len(u.cb.tags) == 0 || u.doc == nil {
		t.Fatalf("title %q, %d documents, %d codes, open %v", w.Title(), len(u.docs), len(u.cb.tags), u.doc)
	}
	if recent := a.Preferences().StringList(prefRecent); len(recent) != 1 || recent[0] != want {
		t.Fatalf("recent = %v", recent)
	}
	if !strings.Contains(u.status.counts.Text, "coding as Ada Lovelace") {
		t.Fatalf("status says %q", u.status.counts.Text)
	}

	// The next launch opens the same project without asking.
	u.proj.close()
	u.proj = nil
	u2 := newUI(a, test.NewTempWindow(t, nil))
	u2.start("")
	if u2.proj == nil || u2.proj.db.Path() != want {
		t.Fatalf("second launch opened %v", u2.proj)
	}
	u2.proj.close()
}

func TestThemeChoiceIsRemembered(t *testing.T) {
	u, _ := newTestUI(t)
	u.setTheme(themeDark)
	if got := u.app.Preferences().String(prefTheme); got != themeDark {
		t.Fatalf("theme preference = %q", got)
	}
	if !u.menu.themes[2].Checked || u.menu.themes[0].Checked {
		t.Fatal("View ▸ Theme does not tick Dark")
	}
	vt, ok := u.app.Settings().Theme().(*variantTheme)
	if !ok || vt.variant != theme.VariantDark {
		t.Fatalf("theme in use = %T", u.app.Settings().Theme())
	}
}

// TestWindowSizeIsRemembered: the window opens at the size it had when it
// was last closed; on first launch, and after a size too small to work in,
// at the default size.
func TestWindowSizeIsRemembered(t *testing.T) {
	u, _ := newTestUI(t)
	p := u.app.Preferences()
	if got := windowSize(p); got != defaultWindowSize {
		t.Fatalf("first launch: %v, want %v", got, defaultWindowSize)
	}
	u.win.Resize(fyne.NewSize(900, 600))
	u.quit()
	if got := windowSize(p); got != fyne.NewSize(900, 600) {
		t.Errorf("after closing at 900×600 the window opens at %v", got)
	}
	rememberWindowSize(p, fyne.NewSize(200, 100))
	p.SetFloat(prefWindowHeight, 100)
	if got := windowSize(p); got != defaultWindowSize {
		t.Errorf("a remembered size of 900×100 opens at %v, want the default", got)
	}
}

// TestAuthorMovesFromOldPreferences: a name older versions kept in Fyne's
// preferences, where the command line could not read it, moves to Gloss's
// settings.
func TestAuthorMovesFromOldPreferences(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GLOSS_AUTHOR", "")
	u, _ := newTestUI(t)
	u.app.Preferences().SetString(legacyPrefAuthor, "Grace Hopper")
	if got := u.author(); got != "Grace Hopper" {
		t.Fatalf("author = %q", got)
	}
	if got := settings.Author(); got != "Grace Hopper" {
		t.Fatalf("settings hold %q", got)
	}
	if got := u.app.Preferences().String(legacyPrefAuthor); got != "" {
		t.Fatalf("the old preference still holds %q", got)
	}
}

// TestOpeningAnOlderProjectSaysWhereTheOldFileIs opens a project in the
// first format Gloss wrote: it opens, and a dialog names the copy kept.
func TestOpeningAnOlderProjectSaysWhereTheOldFileIs(t *testing.T) {
	u, _ := newTestUI(t)
	schema, err := os.ReadFile("../storage/migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(t.TempDir(), "old.gloss")
	sq := exec.Command("sqlite3", old)
	sq.Stdin = strings.NewReader(string(schema) + `
INSERT INTO meta (key, value) VALUES ('project_id', '0b9c2d5e-7f3a-4c1e-9a2b-5d6e7f8a9b0c'), ('created_at', '2021-06-16T12:00:00.000000Z');
PRAGMA application_id = 1198288755;
PRAGMA user_version = 1;
`)
	if out, err := sq.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	u.openProject(old)
	if u.proj == nil || u.proj.db.Path() != old {
		t.Fatalf("the older project did not open: %v", u.proj)
	}
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if msg := strings.Join(texts, "\n"); !strings.Contains(msg, "kept beside it as old.gloss.bak-v1") {
		t.Fatalf("the dialog says:\n%s", msg)
	}
}

// TestCodingTheSameRangeAgainAddsTheCode selects exactly the words of a
// passage of the researcher's own and presses another code's key: the
// passage gets the code, no second passage is made over the same words,
// and undo takes the code back off, leaving the passage as it was.
func TestCodingTheSameRangeAgainAddsTheCode(t *testing.T) {
	u, _ := newTestUI(t)
	selectQuote(t, u, quoteA)
	test.Type(u.view, "1")
	first := allPassages(t, u.proj.db)
	if len(first) != 1 {
		t.Fatalf("%d passages after coding once", len(first))
	}
	selectQuote(t, u, quoteA)
	test.Type(u.view, "2")
	ps := allPassages(t, u.proj.db)
	if len(ps) != 1 || ps[0].ID != first[0].ID {
		t.Fatalf("coding the same words again made %d passages; want the one with both codes", len(ps))
	}
	if want := []string{u.cb.tags[0].ID, u.cb.tags[1].ID}; !slices.Equal(ps[0].Tags, want) {
		t.Fatalf("the passage has the codes %v; want %v", ps[0].Tags, want)
	}
	if u.selected != ps[0].ID {
		t.Errorf("the window selects %q; want the passage coded", u.selected)
	}
	u.undo()
	ps = allPassages(t, u.proj.db)
	if len(ps) != 1 || !slices.Equal(ps[0].Tags, []string{u.cb.tags[0].ID}) {
		t.Fatalf("after undo: %d passages, codes %v; want the passage with its first code", len(ps), ps[0].Tags)
	}
}
