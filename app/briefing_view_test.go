package app

import (
	"context"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/pdfium"
)

// codeQuote codes the first occurrence of quote in the open document with
// the code named tag, and returns the passage.
func codeQuote(t *testing.T, u *ui, quote, tag string) *annotate.Passage {
	t.Helper()
	i := strings.Index(u.doc.Text, quote)
	if i < 0 {
		t.Fatalf("%q is not in %q", quote, u.doc.Title)
	}
	start := len([]rune(u.doc.Text[:i]))
	tg := u.cb.named(tag)
	if tg == nil {
		t.Fatalf("no code %q", tag)
	}
	p, err := u.proj.ed.codeRange(u.doc, u.text, start, start+len([]rune(quote)), tg.ID)
	if err != nil {
		t.Fatal(err)
	}
	u.afterEdit()
	return p
}

// fakePages draws every PDF as one blank page per call and counts the
// calls; the drawings it was asked for are kept.
type fakePages struct{ calls int }

func (f *fakePages) Render(_ context.Context, data []byte, dpi, first, last int) ([]*image.RGBA, int, error) {
	f.calls++
	return []*image.RGBA{image.NewRGBA(image.Rect(0, 0, 60, 85))}, 1, nil
}

// manualPreview makes a preview draw only when the test fires its timer.
func manualPreview(p *briefingPreview) *[]*manualTimer {
	var ts []*manualTimer
	p.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } {
		m := &manualTimer{f: f}
		ts = append(ts, m)
		return m
	}
	return &ts
}

// openBriefingView opens the Briefing view on u's project, with manual
// timers for its editors and preview.
func openBriefingView(t *testing.T, u *ui) (*briefingView, fyne.Window, *fakePages) {
	t.Helper()
	w := test.NewTempWindow(t, nil)
	pages := &fakePages{}
	v := newBriefingView(w, u.proj.db, u.proj.ed, pages)
	v.onChange = u.refresh
	v.onChoose = u.chooseBriefing
	manualPreview(v.preview)
	v.open(u.stars.chosenID())
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(1260, 800))
	// As a tool window, it hears of every change made elsewhere.
	u.tools.open[briefingTool] = w
	u.tools.views[briefingTool] = toolView{content: v.content, refresh: v.refresh, closed: v.close}
	return v, w, pages
}

func TestBriefingViewListAndCover(t *testing.T) {
	u, _ := newTestUI(t)
	v, w, _ := openBriefingView(t, u)
	if v.count.Text != "No briefings yet." || v.rename.Disabled() == false {
		t.Fatalf("empty project: %q, rename enabled %v", v.count.Text, !v.rename.Disabled())
	}
	// New asks for a name, offering "Briefing", and shows the new one.
	test.Tap(findButton(t, v.content, "New"))
	tapDialogButton(t, w, "Create")
	if len(v.items) != 1 || v.cur == nil || v.cur.Name != "Briefing" || v.cur.PreparedBy != "Ada" || !v.cur.Annex {
		t.Fatalf("new briefing: %d listed, %+v", len(v.items), v.cur)
	}
	if v.freeName() != "Briefing 2" {
		t.Errorf("the next free name is %q", v.freeName())
	}
	id := v.cur.ID

	// The cover's fields are saved as typed; a half-written date waits.
	test.Type(v.cover.title, "Geneva summit")
	test.Type(v.cover.audience, "Minister’s office · Official")
	v.cover.date.SetText("2021-06-1")
	if b, _ := u.proj.db.Briefing(bg, id); b.Title != "Geneva summit" || b.Audience != "Minister’s office · Official" || b.Date != "" {
		t.Fatalf("stored cover %+v", b)
	}
	if !strings.Contains(v.cover.status.Text, "YYYY-MM-DD") {
		t.Errorf("a half date says %q", v.cover.status.Text)
	}
	v.cover.date.SetText("2021-06-18")
	if b, _ := u.proj.db.Briefing(bg, id); b.Date != "2021-06-18" {
		t.Fatalf("date %q", b.Date)
	}
	// Typing the title was one undo step: undo takes back the whole title.
	u.undo() // the date
	u.undo() // the audience
	u.undo() // the title
	if b, _ := u.proj.db.Briefing(bg, id); b.Title != "" || b.Audience != "" || b.Date != "" {
		t.Fatalf("after three undos %+v", b)
	}
	if v.cover.title.Text != "" {
		t.Errorf("the view shows the undone title %q", v.cover.title.Text)
	}
	u.redo()
	if b, _ := u.proj.db.Briefing(bg, id); b.Title != "Geneva summit" || v.cover.title.Text != "Geneva summit" {
		t.Fatalf("after redo %q, shown %q", b.Title, v.cover.title.Text)
	}

	// Rename, then delete; undo brings it back.
	test.Tap(findButton(t, v.content, "Rename…"))
	top := w.Canvas().Overlays().Top()
	entry := findFirst[*widget.Entry](t, top)
	entry.SetText("Geneva summit brief")
	tapDialogButton(t, w, "Rename")
	if b, _ := u.proj.db.Briefing(bg, id); b.Name != "Geneva summit brief" || v.items[0].Name != "Geneva summit brief" {
		t.Fatalf("renamed %q, listed %q", b.Name, v.items[0].Name)
	}
	test.Tap(v.del)
	if bs, _ := u.proj.db.Briefings(bg); len(bs) != 0 || v.cur != nil || !strings.Contains(v.count.Text, "Undo") {
		t.Fatalf("after delete: %d stored, shown %v, %q", len(bs), v.cur, v.count.Text)
	}
	u.undo()
	if bs, _ := u.proj.db.Briefings(bg); len(bs) != 1 || bs[0].Title != "Geneva summit" || len(v.items) != 1 {
		t.Fatalf("undo of delete: %d stored, %d listed", len(bs), len(v.items))
	}
}

func TestBriefingViewFindingsAndPreview(t *testing.T) {
	u, _ := newTestUI(t)
	rights := u.cb.named("Human rights")
	if err := u.proj.db.SetCodeMemo(bg, rights.ID, "Raised by Biden, rebuffed by Putin."); err != nil {
		t.Fatal(err)
	}
	b := &annotate.Briefing{Name: "Geneva"}
	if err := u.proj.ed.createBriefing(b); err != nil {
		t.Fatal(err)
	}
	v, _, pages := openBriefingView(t, u)
	if v.cur == nil || v.cur.ID != b.ID {
		t.Fatal("the only briefing is not shown")
	}
	timers := manualPreview(v.preview)
	v.preview.show(v.draft())
	sum := manualTimers(v.cover.summary)

	// Typing the summary schedules the preview at once, before the
	// summary is saved, with the text as typed.
	var drawn []*annotate.Briefing
	write := v.preview.write
	v.preview.write = func(ctx context.Context, b *annotate.Briefing) ([]byte, error) {
		drawn = append(drawn, b)
		return write(ctx, b)
	}
	test.Type(v.cover.summary.entry, "Geneva produced **one** deliverable.")
	if n := len(*timers); n < 2 {
		t.Fatalf("typing scheduled %d drawings", n)
	}
	// Only the last scheduled drawing draws: the earlier are stale.
	for _, tm := range (*timers)[:len(*timers)-1] {
		tm.f()
	}
	if len(drawn) != 0 {
		t.Fatalf("%d stale drawings drawn", len(drawn))
	}
	fireLast(timers)
	if len(drawn) != 1 || drawn[0].Summary != "Geneva produced **one** deliverable." || pages.calls != 1 {
		t.Fatalf("drawn %d (%d renders)", len(drawn), pages.calls)
	}
	if v.preview.pageCount() != 1 || !strings.HasPrefix(v.preview.status.Text, "1 page") {
		t.Fatalf("preview shows %d pages, %q", v.preview.pageCount(), v.preview.status.Text)
	}
	if stored, _ := u.proj.db.Briefing(bg, b.ID); stored.Summary != "" {
		t.Fatal("the summary was saved before typing paused")
	}
	fireLast(sum)
	if stored, _ := u.proj.db.Briefing(bg, b.ID); stored.Summary != "Geneva produced **one** deliverable." {
		t.Fatalf("summary stored %q", stored.Summary)
	}

	// A finding per code, in the codebook's hierarchy; the code memo
	// starts one.
	v.finds.choose(rights.ID)
	if v.finds.useMemo.Disabled() || !strings.Contains(v.finds.memoNote.Text, "Raised by Biden") {
		t.Fatalf("the code memo is not offered: %q", v.finds.memoNote.Text)
	}
	test.Tap(v.finds.useMemo)
	if stored, _ := u.proj.db.Briefing(bg, b.ID); stored.Finding(rights.ID) != "Raised by Biden, rebuffed by Putin." {
		t.Fatalf("finding seeded %q", stored.Finding(rights.ID))
	}
	if !strings.HasPrefix(v.finds.rowText(rights), "✓") {
		t.Errorf("a code with a finding is listed %q", v.finds.rowText(rights))
	}
	fin := manualTimers(v.finds.editor)
	v.finds.editor.entry.SetText("Raised by Biden; Putin turned it to U.S. unrest.")
	if d := v.draft(); d.Finding(rights.ID) != "Raised by Biden; Putin turned it to U.S. unrest." {
		t.Fatalf("the preview's draft has the finding %q", d.Finding(rights.ID))
	}
	fireLast(fin)
	u.undo()
	if stored, _ := u.proj.db.Briefing(bg, b.ID); stored.Finding(rights.ID) != "" || v.finds.editor.Text() != "" {
		t.Fatalf("after undo the finding is %q, shown %q", stored.Finding(rights.ID), v.finds.editor.Text())
	}
	// The list follows the codebook's tree: a sub-code comes after its
	// parent, indented.
	var rows []string
	for _, tg := range v.finds.cb.tags {
		rows = append(rows, v.finds.rowText(tg))
	}
	if len(rows) != len(u.cb.tags) {
		t.Fatalf("%d codes listed of %d", len(rows), len(u.cb.tags))
	}
}

func TestBriefingViewKeyQuotes(t *testing.T) {
	u, _ := newTestUI(t)
	b := &annotate.Briefing{Name: "Geneva"}
	if err := u.proj.ed.createBriefing(b); err != nil {
		t.Fatal(err)
	}
	u.refresh()
	words := strings.Fields(u.doc.Text)
	var codes []string
	for _, tg := range u.cb.tags {
		if !tg.Grouping {
			codes = append(codes, tg.Name)
		}
	}
	var ps []*annotate.Passage
	for i := 0; i < 3; i++ {
		q := strings.Join(words[10*i+1:10*i+6], " ")
		p := codeQuote(t, u, q, codes[i])
		ps = append(ps, p)
		u.toggleStar(p)
	}
	v, _, _ := openBriefingView(t, u)
	if len(v.quotes.rows) != 3 || !strings.HasPrefix(v.quotes.quoteText(0), "1.  “") {
		t.Fatalf("%d key quotes listed; first %q", len(v.quotes.rows), v.quotes.quoteText(0))
	}
	order := func() string {
		got, _ := u.proj.db.Briefing(bg, b.ID)
		var s []string
		for _, q := range got.Quotes {
			for i, p := range ps {
				if p.ID == q.PassageID {
					s = append(s, string(rune('a'+i)))
				}
			}
		}
		return strings.Join(s, "")
	}
	if order() != "abc" {
		t.Fatalf("starred in order %q", order())
	}
	v.quotes.list.Select(0)
	if !v.quotes.up.Disabled() || v.quotes.down.Disabled() {
		t.Fatal("the first quote offers to move up, or not down")
	}
	test.Tap(v.quotes.down)
	test.Tap(v.quotes.down)
	if order() != "bca" || v.quotes.index(v.quotes.chosen) != 2 {
		t.Fatalf("moved down twice: %q, chosen at %d", order(), v.quotes.index(v.quotes.chosen))
	}
	u.undo()
	if order() != "bac" {
		t.Fatalf("undo of the second move: %q", order())
	}
	// Quoted under another of its codes, and back.
	v.quotes.list.Select(0)
	v.quotes.under.SetSelected(underFirst)
	test.Tap(v.quotes.unstar)
	if order() != "ac" || len(v.quotes.rows) != 2 {
		t.Fatalf("after removing the star: %q, %d listed", order(), len(v.quotes.rows))
	}
	u.undo()
	if order() != "bac" {
		t.Fatalf("undo of the unstar: %q", order())
	}
	// The annex toggle is saved and undoable.
	v.quotes.annex.SetChecked(true)
	if got, _ := u.proj.db.Briefing(bg, b.ID); !got.Annex {
		t.Fatal("annex not saved")
	}
	u.undo()
	if got, _ := u.proj.db.Briefing(bg, b.ID); got.Annex || v.quotes.annex.Checked {
		t.Fatal("annex not undone")
	}
	// The scope: a code ticked, saved; undo clears it.
	v.scope.codes.SetSelected([]string{v.scope.codes.Options[0]})
	if got, _ := u.proj.db.Briefing(bg, b.ID); len(got.Scope.TagIDs) != 1 || got.Scope.TagIDs[0] != u.cb.tags[0].ID {
		t.Fatalf("scope %+v", got.Scope)
	}
	u.undo()
	if got, _ := u.proj.db.Briefing(bg, b.ID); !got.Scope.Empty() || len(v.scope.codes.Selected) != 0 {
		t.Fatalf("scope after undo %+v, ticked %v", got.Scope, v.scope.codes.Selected)
	}
}

// menuItem finds the item labelled label in the window's menus.
func menuItem(t *testing.T, u *ui, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range u.menu.main.Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

func TestStarForBriefing(t *testing.T) {
	u, _ := newTestUI(t)
	words := strings.Fields(u.doc.Text)
	p := codeQuote(t, u, strings.Join(words[3:9], " "), u.cb.tags[len(u.cb.tags)-1].Name)
	q := codeQuote(t, u, strings.Join(words[20:26], " "), u.cb.tags[len(u.cb.tags)-1].Name)
	starred := func(id string) bool {
		bs, err := u.proj.db.StarredIn(bg, id)
		return err == nil && len(bs) == 1
	}

	// From the inspector: a project without a briefing gets one, in the
	// same undo step.
	u.selectPassage(p.ID)
	if u.insp.star.Text != "Star for Briefing" {
		t.Fatalf("the inspector's star says %q", u.insp.star.Text)
	}
	test.Tap(u.insp.star)
	bs, _ := u.proj.db.Briefings(bg)
	if len(bs) != 1 || bs[0].Name != "Briefing" || !starred(p.ID) {
		t.Fatalf("after the star: %d briefings", len(bs))
	}
	if u.insp.star.Text != "Starred in “Briefing”" || !strings.Contains(u.status.message.Text, "Starred") {
		t.Errorf("star says %q; status %q", u.insp.star.Text, u.status.message.Text)
	}
	u.undo()
	if bs, _ := u.proj.db.Briefings(bg); len(bs) != 0 || starred(p.ID) || u.insp.star.Text != "Star for Briefing" {
		t.Fatalf("undo left %d briefings; star says %q", len(bs), u.insp.star.Text)
	}
	u.redo()
	if !starred(p.ID) {
		t.Fatal("redo did not star again")
	}

	// From the reading view, through Edit ▸ Star for Briefing and its
	// shortcut: it toggles.
	it := menuItem(t, u, "Star for Briefing")
	if sc, ok := it.Shortcut.(interface{ ShortcutName() string }); !ok || sc.ShortcutName() != starKey.ShortcutName() {
		t.Fatalf("the menu item's shortcut is %v", it.Shortcut)
	}
	u.selectPassage(q.ID)
	it.Action()
	if !starred(q.ID) {
		t.Fatal("the shortcut did not star the selected passage")
	}
	it.Action()
	if starred(q.ID) {
		t.Fatal("the shortcut again did not take the star off")
	}
	u.undo()
	if !starred(q.ID) {
		t.Fatal("undo of the unstar")
	}
	u.selectPassage("")
	it.Action()
	if !strings.Contains(u.status.message.Text, "Click a highlighted passage first") {
		t.Errorf("with nothing selected: %q", u.status.message.Text)
	}

	// From the Passages tab: each row's star.
	queueOnTest(u.plist)
	u.tabs.SelectIndex(tabPassages)
	var row fyne.CanvasObject
	for i, x := range listed(u.plist) {
		if x.ID == p.ID {
			row = u.plist.list.CreateItem()
			u.plist.updateRow(i, row)
		}
	}
	if row == nil {
		t.Fatal("the passage is not listed")
	}
	star := row.(*passageRow).star
	test.Tap(star)
	if starred(p.ID) {
		t.Fatal("the row's star did not take the star off")
	}
	u.undo()
	if !starred(p.ID) {
		t.Fatal("undo of the row's star")
	}
}

// drawPreview makes a briefing with summary in u's project and draws its
// preview in a Briefing view given the process's PDFium, as the Briefing
// window is, and returns the view once the first pages are shown.
func drawPreview(t *testing.T, u *ui, summary string) *briefingView {
	t.Helper()
	b := &annotate.Briefing{Name: "Geneva", Title: "Geneva summit", Summary: summary}
	if err := u.proj.ed.createBriefing(b); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	v := newBriefingView(w, u.proj.db, u.proj.ed, pdfium.Default())
	t.Cleanup(v.close)
	timers := manualPreview(v.preview)
	v.open("")
	drawn := make(chan error, 4)
	v.preview.OnDrawn = func(_ int, err error) { drawn <- err }
	v.preview.show(v.draft())
	go fireLast(timers) // the drawing runs off the UI goroutine
	// PDFium's first start compiles its module, which takes minutes under
	// the race detector on a busy machine: wait as long as the test may.
	wait := 10 * time.Minute
	if d, ok := t.Deadline(); ok {
		wait = time.Until(d) - 30*time.Second
	}
	select {
	case err := <-drawn:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		t.Fatal("the preview was not drawn")
	}
	if v.preview.pageCount() < 1 {
		t.Fatal("no pages shown")
	}
	return v
}

func TestBriefingPreviewDrawsWithPDFium(t *testing.T) {
	u, _ := newTestUI(t)
	v := drawPreview(t, u, "Geneva produced **one** concrete deliverable.")
	img := v.preview.pages.Objects[0].(*canvas.Image).Image.(*image.RGBA)
	if b := img.Bounds(); b.Dx() < 600 || b.Dx() > 700 {
		t.Errorf("the page is drawn %d pixels wide, want A4 at %d dpi", b.Dx(), previewDPI)
	}
	dark := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] < 100 && img.Pix[i+1] < 100 && img.Pix[i+2] < 100 {
			dark++
		}
	}
	if dark < 500 {
		t.Errorf("the first page has %d dark pixels: no text drawn", dark)
	}
}
