package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// uiQueue stands in for the UI goroutine's queue: what the Passages tab's
// goroutines hand back (through its do) waits there until the test
// settles the tab, and then runs on the test's goroutine.
type uiQueue struct {
	mu     sync.Mutex
	fs     []func()
	pushed chan struct{} // told of every f queued, when set
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fs = append(q.fs, f)
	pushed := q.pushed
	q.mu.Unlock()
	if pushed != nil {
		pushed <- struct{}{}
	}
}

func (q *uiQueue) take() []func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	fs := q.fs
	q.fs = nil
	return fs
}

var uiQueues sync.Map // *passageList → *uiQueue

// queueOnTest makes pl hand its results to a queue that settle runs, and
// its text filter wait for settle instead of a timer.
func queueOnTest(pl *passageList) {
	q := &uiQueue{}
	uiQueues.Store(pl, q)
	pl.do = q.do
	pl.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } { return &manualTimer{f: f} }
}

// settle lists what the tab's filters hold now, as the pause after typing
// would, and waits until every listing and page under way is shown.
func settle(pl *passageList) {
	pl.flushTyping()
	v, _ := uiQueues.Load(pl)
	q := v.(*uiQueue)
	for {
		pl.loads.Wait()
		fs := q.take()
		if len(fs) == 0 {
			return
		}
		for _, f := range fs {
			f()
		}
	}
}

// listed returns every passage the tab lists, reading each page as
// scrolling to it would.
func listed(pl *passageList) []*annotate.Passage {
	settle(pl)
	var ps []*annotate.Passage
	for page := 0; page*pageSize < pl.total(); page++ {
		pl.readPage(page)
		settle(pl)
		ps = append(ps, pl.pages[page]...)
	}
	return ps
}

// codeQuotes codes each quote of the open document with its code.
func codeQuotes(t *testing.T, u *ui, coded [][2]string) {
	t.Helper()
	for _, c := range coded {
		s, e, err := annotate.FindQuote(u.text, c[0], 0)
		if err != nil {
			t.Fatal(err)
		}
		tg, err := u.proj.db.TagByName(bg, c[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := u.proj.db.CreatePassage(bg, &annotate.Passage{DocumentID: u.doc.ID, Start: s, End: e, Quote: c[0], Tags: []string{tg.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	u.refresh()
}

func quotes(ps []*annotate.Passage) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Quote)
	}
	return strings.Join(out, " | ")
}

// TestPassageListShowsAQuery lists what a co-occurrence cell asks for, in
// the query builder's rows, and goes back to every passage when its code
// is cleared.
func TestPassageListShowsAQuery(t *testing.T) {
	u, _ := newTestUI(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
	})
	rights, cyber := u.cb.named("Human rights"), u.cb.named("Cyber red lines")
	q := storage.CooccurrenceQuery(annotate.Label{ID: cyber.ID, Name: cyber.Name}, annotate.Label{ID: rights.ID, Name: rights.Name})

	pl := u.plist
	u.listPassages(annotate.PassageFilter{Query: q})
	if quotes(listed(pl)) != "raised human rights and cyberattacks | cyberattacks with Putin" || pl.count.Text != "2 passages" {
		t.Fatalf("query lists %q (%q)", quotes(listed(pl)), pl.count.Text)
	}
	if pl.builder.typing || pl.builder.first.Selected != "Cyber red lines" || len(pl.builder.rows) != 1 ||
		pl.builder.rows[0].join.Selected != joinAnd || pl.builder.rows[0].code.Selected != "Human rights" {
		t.Fatalf("the builder shows %q then %d rows", pl.builder.first.Selected, len(pl.builder.rows))
	}
	if got := pl.builder.summary.Text; !strings.HasPrefix(got, `Passages of "Cyber red lines" and "Human rights".`) {
		t.Fatalf("summary %q", got)
	}
	// The list's own filters narrow what the query selects.
	pl.text.SetText("criminals")
	if len(listed(pl)) != 0 || pl.count.Text != "No passages match." {
		t.Fatalf("query and text: %q, %q", quotes(listed(pl)), pl.count.Text)
	}
	pl.text.SetText("")
	pl.builder.first.SetSelected(allCodes)
	if len(listed(pl)) != 3 {
		t.Fatalf("every passage: %q", quotes(listed(pl)))
	}
}

// TestQueryBuilder combines codes row by row as a researcher would, and
// types a query with a mistake in it.
func TestQueryBuilder(t *testing.T) {
	u, _ := newTestUI(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
		{"crackdown on dissidents", "Navalny & dissidents"},
	})
	pl, b := u.plist, u.plist.builder
	u.tabs.SelectIndex(tabPassages)
	b.first.SetSelected("Cyber red lines")
	if quotes(listed(pl)) != "cyberattacks with Putin | harboring of cyber criminals" {
		t.Fatalf("one code: %q", quotes(listed(pl)))
	}
	test.Tap(b.add)
	row := b.rows[0]
	row.join.SetSelected(joinAndNot)
	row.code.SetSelected("Human rights")
	if quotes(listed(pl)) != "harboring of cyber criminals" {
		t.Fatalf("and not: %q", quotes(listed(pl)))
	}
	row.join.SetSelected(joinNear)
	if row.near.Hidden || quotes(listed(pl)) != "raised human rights and cyberattacks | cyberattacks with Putin" {
		t.Fatalf("near: %q (distance hidden %v)", quotes(listed(pl)), row.near.Hidden)
	}
	row.code.SetSelected("Navalny & dissidents")
	row.near.SetText("1")
	if len(listed(pl)) != 0 {
		t.Fatalf("within one character: %q", quotes(listed(pl)))
	}
	row.near.SetText("5")
	if quotes(listed(pl)) != "harboring of cyber criminals | crackdown on dissidents" {
		t.Fatalf("within five characters: %q", quotes(listed(pl)))
	}
	if got := b.Query().String(); got != `"Cyber red lines" NEAR/5 "Navalny & dissidents"` {
		t.Fatalf("as a query: %s", got)
	}
	// Typed, with the code misspelt: the problem is pointed at, nothing
	// is listed until it is fixed.
	test.Tap(b.toggle)
	if !b.typing || b.typed.Text != `"Cyber red lines" NEAR/5 "Navalny & dissidents"` {
		t.Fatalf("typing shows %q", b.typed.Text)
	}
	b.typed.SetText(`"Cyber red lines" AND NOT "Human right"`)
	if b.problem.Hidden || !strings.Contains(b.problem.Text, `Column 27, at “"Human right"”: no code named "Human right" (did you mean "Human rights"?)`) {
		t.Fatalf("problem %q", b.problem.Text)
	}
	if pl.count.Text != "The query is not complete." || len(listed(pl)) != 0 {
		t.Fatalf("with a mistake: %q", pl.count.Text)
	}
	// "AND NOT" excludes what overlaps: the criminals passage lies two
	// characters from the dissidents one, and stays.
	b.typed.SetText(`("Cyber red lines" OR "Human rights") AND NOT "Navalny & dissidents"`)
	if !b.problem.Hidden || quotes(listed(pl)) != "raised human rights and cyberattacks | cyberattacks with Putin | harboring of cyber criminals" {
		t.Fatalf("typed query: %q (%q)", quotes(listed(pl)), b.problem.Text)
	}
	// Back to rows: a group on the right the rows cannot show, so it
	// stays typed.
	b.typed.SetText(`"Cyber red lines" AND NOT ("Human rights" OR "Navalny & dissidents")`)
	if quotes(listed(pl)) != "harboring of cyber criminals" {
		t.Fatalf("grouped: %q", quotes(listed(pl)))
	}
	test.Tap(b.toggle)
	if !b.typing || b.problem.Hidden {
		t.Fatalf("a grouped query went back to rows: typing %v", b.typing)
	}
	b.typed.SetText(`"Human rights" OR "Navalny & dissidents"`)
	test.Tap(b.toggle)
	if b.typing || b.first.Selected != "Human rights" || len(b.rows) != 1 || b.rows[0].join.Selected != joinOr {
		t.Fatalf("back to rows: typing %v, %q, %d rows", b.typing, b.first.Selected, len(b.rows))
	}
	test.Tap(b.rows[0].remove)
	if len(b.rows) != 0 || quotes(listed(pl)) != "raised human rights and cyberattacks" {
		t.Fatalf("row removed: %q", quotes(listed(pl)))
	}
}

func TestPassageContext(t *testing.T) {
	p := &annotate.Passage{Prefix: "the summit in\nGeneva, where the two leaders met for ", Quote: "less than four hours", Suffix: " of talks on Wednesday, a highly anticipated summit"}
	before, after := passageContext(p, 20)
	if before != "…two leaders met for " || after != " of talks on…" {
		t.Fatalf("context %q / %q", before, after)
	}
	// Punctuation right after the quote stays against it.
	p = &annotate.Passage{Prefix: "", Suffix: "."}
	if before, after := passageContext(p, 20); before != "" || after != "." {
		t.Fatalf("short context %q / %q", before, after)
	}
	var _ widget.RichTextSegment // the row draws these
}

// countingLister counts the listings the Passages tab asks for.
type countingLister struct {
	passageLister
	mu       sync.Mutex
	listings []annotate.PassageFilter
	pages    int
	hold     string        // a text whose listing waits for gate
	gate     chan struct{} //
}

func (c *countingLister) IndexPassages(ctx context.Context, f annotate.PassageFilter) (*storage.PassageIndex, error) {
	c.mu.Lock()
	c.listings = append(c.listings, f)
	hold, gate := c.hold, c.gate
	c.mu.Unlock()
	if hold != "" && f.Text == hold {
		<-gate
	}
	return c.passageLister.IndexPassages(ctx, f)
}

func (c *countingLister) PassagesAt(ctx context.Context, x *storage.PassageIndex, from, n int) ([]*annotate.Passage, error) {
	c.mu.Lock()
	c.pages++
	c.mu.Unlock()
	return c.passageLister.PassagesAt(ctx, x, from, n)
}

// TestPassageListReadsAScreenAtATime lists 200 passages: the tab reads the
// first page, the others as they are scrolled to; a word typed quickly is
// listed once; a listing overtaken by another is not shown.
func TestPassageListReadsAScreenAtATime(t *testing.T) {
	u, _ := newTestUI(t)
	tag := u.cb.tags[0]
	words := strings.Fields(u.text.String())
	var ps []*annotate.Passage
	for i := 0; len(ps) < 200 && i < len(words); i++ {
		s, e, err := annotate.FindQuote(u.text, words[i], 0)
		if err != nil || e-s < 3 {
			continue
		}
		// Each word once: the first occurrence, with the word after it
		// to tell passages apart.
		end := min(e+1+len(words[i+1])+1, u.text.Len())
		ps = append(ps, &annotate.Passage{DocumentID: u.doc.ID, Start: s, End: end, Quote: u.text.Slice(s, end), Tags: []string{tag.ID}})
	}
	seen := map[[2]int]bool{}
	kept := ps[:0]
	for _, p := range ps {
		if !seen[[2]int{p.Start, p.End}] {
			seen[[2]int{p.Start, p.End}] = true
			kept = append(kept, p)
		}
	}
	if len(kept) < 2*pageSize+1 {
		t.Fatalf("only %d passages to make", len(kept))
	}
	if err := u.proj.db.CreatePassages(bg, kept); err != nil {
		t.Fatal(err)
	}
	u.refresh()
	pl := u.plist
	src := &countingLister{passageLister: pl.src}
	pl.src = src
	u.tabs.SelectIndex(tabPassages)
	pl.reload()
	settle(pl)
	if pl.total() != len(kept) || pl.count.Text != plural(len(kept), "passage") {
		t.Fatalf("%d listed (%q), want %d", pl.total(), pl.count.Text, len(kept))
	}
	if len(pl.pages) != 1 || len(pl.pages[0]) != pageSize || pl.passage(pageSize) != nil {
		t.Fatalf("pages read on opening: %d", len(pl.pages))
	}
	// Scrolling to the end reads the last page only.
	pl.list.ScrollToBottom()
	settle(pl)
	last := (len(kept) - 1) / pageSize
	if pl.passage(len(kept)-1) == nil || pl.pages[1] != nil {
		t.Fatalf("after scrolling to the end: pages %v", len(pl.pages))
	}
	// The rows on screen, waiting for that page, show its passages.
	endFirst, endLast := pl.onScreen()
	endShown := 0
	for row, i := range pl.rows {
		if i < endFirst || i > endLast || i >= pl.total() {
			continue
		}
		endShown++
		if want := "“" + strings.Join(strings.Fields(pl.passage(i).Quote), " ") + "”"; row.waiting || row.quote != want {
			t.Fatalf("at the end, row %d shows %q (waiting %v), want %q", i, row.quote, row.waiting, want)
		}
	}
	if endShown == 0 {
		t.Fatal("no row on screen at the end")
	}
	// Back at the top, a new listing of the same length updates the rows
	// in place and reads its first page only: the rows the list put
	// aside at the end read nothing.
	pl.list.ScrollToTop()
	settle(pl)
	src.mu.Lock()
	src.pages = 0
	src.mu.Unlock()
	pl.reload()
	settle(pl)
	if src.pages != 1 || len(pl.pages) != 1 {
		t.Fatalf("a new listing at the top read %d pages, holds %d", src.pages, len(pl.pages))
	}
	first, lastShown := pl.onScreen()
	shown := 0
	for row, i := range pl.rows {
		if i < first || i > lastShown {
			continue
		}
		shown++
		if want := "“" + strings.Join(strings.Fields(pl.passage(i).Quote), " ") + "”"; row.waiting || row.quote != want {
			t.Fatalf("row %d shows %q (waiting %v), want %q", i, row.quote, row.waiting, want)
		}
	}
	if shown == 0 {
		t.Fatal("no row on screen")
	}
	all := listed(pl)
	if len(all) != len(kept) || len(pl.pages) != last+1 {
		t.Fatalf("listed %d of %d in %d pages", len(all), len(kept), len(pl.pages))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Start > all[i].Start {
			t.Fatalf("out of order at %d: %d after %d", i, all[i].Start, all[i-1].Start)
		}
	}

	// Typing a word lists once, after the pause.
	src.listings = nil
	test.Type(pl.text, "Putin")
	if len(src.listings) != 0 {
		t.Fatalf("listed while typing: %d times", len(src.listings))
	}
	settle(pl)
	if len(src.listings) != 1 || src.listings[0].Text != "Putin" {
		t.Fatalf("listed %d times after typing", len(src.listings))
	}
	putin := pl.total()
	if putin == 0 || putin >= len(kept) {
		t.Fatalf("%d passages of Putin", putin)
	}
	for _, p := range listed(pl) {
		if !strings.Contains(strings.ToLower(p.Quote), "putin") {
			t.Fatalf("%q listed for Putin", p.Quote)
		}
	}
	// A listing overtaken before it is shown is dropped: here the
	// listing for "Geneva" comes after the one asked for after it.
	v, _ := uiQueues.Load(pl)
	q := v.(*uiQueue)
	pushed := make(chan struct{}, 16)
	q.mu.Lock()
	q.pushed = pushed
	q.mu.Unlock()
	src.mu.Lock()
	src.hold, src.gate = "Geneva", make(chan struct{})
	src.mu.Unlock()
	pl.text.SetText("Geneva")
	pl.flushTyping()
	pl.text.SetText("")
	pl.flushTyping()
	<-pushed // the second listing's result
	for _, f := range q.take() {
		f()
	}
	if pl.total() != len(kept) || pl.filter.Text != "" {
		t.Fatalf("the last listing shows %d for %+v", pl.total(), pl.filter)
	}
	close(src.gate)
	settle(pl)
	if pl.total() != len(kept) || pl.filter.Text != "" {
		t.Fatalf("after the overtaken listing came: %d listed for %+v", pl.total(), pl.filter)
	}
}

// biggerText is the default theme with text twice its size.
type biggerText struct{ fyne.Theme }

func (t biggerText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText || n == theme.SizeNameCaptionText {
		return 2 * t.Theme.Size(n)
	}
	return t.Theme.Size(n)
}

// TestPassageListMeasuresARowOnce lists again and again: the tab works
// out which rows are on screen without building a row each time, and
// measures one again when the theme changes.
func TestPassageListMeasuresARowOnce(t *testing.T) {
	u, _ := newTestUI(t)
	pl := u.plist
	built := 0
	create := pl.list.CreateItem
	pl.list.CreateItem = func() fyne.CanvasObject {
		built++
		return create()
	}
	u.tabs.SelectIndex(tabPassages)
	pl.reload()
	settle(pl)
	rowHeight := func() float32 { return newPassageRow().MinSize().Height + theme.Padding() }
	first, last := pl.onScreen()
	if want := rowHeight(); pl.rowHeight != want {
		t.Fatalf("a row measured %v high, want %v", pl.rowHeight, want)
	}
	built = 0
	for i := 0; i < 3; i++ {
		pl.reload() // the same listing: its rows are updated in place
		settle(pl)
		if f, l := pl.onScreen(); f != first || l != last {
			t.Fatalf("rows %d–%d on screen, then %d–%d", first, last, f, l)
		}
	}
	if built != 0 {
		t.Fatalf("three listings of the same length built %d rows", built)
	}
	before := pl.rowHeight
	u.app.Settings().SetTheme(biggerText{theme.DefaultTheme()})
	_, bigLast := pl.onScreen()
	if want := rowHeight(); pl.rowHeight != want || want <= before {
		t.Fatalf("with bigger text a row measures %v high, want %v (was %v)", pl.rowHeight, want, before)
	}
	if pl.list.Size().Height > 3*before && bigLast >= last {
		t.Fatalf("with bigger text rows up to %d are on screen, as many as before (%d)", bigLast, last)
	}
}
