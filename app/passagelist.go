package app

import (
	"context"
	"image/color"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

const (
	allCodes     = "All codes"
	allDocuments = "All documents"
	allAuthors   = "All coders"
)

// passageLister is where the Passages tab reads passages from: a listing's
// index (a count per document), then the passages on screen.
type passageLister interface {
	IndexPassages(ctx context.Context, f annotate.PassageFilter) (*storage.PassageIndex, error)
	PassagesAt(ctx context.Context, x *storage.PassageIndex, from, n int) ([]*annotate.Passage, error)
}

// pageSize is how many passages the tab reads at a time: a tall screen's
// rows and some.
const pageSize = 64

// typingDelay is how long the text filter waits after a key before it
// lists again, so that a word typed quickly is listed once.
const typingDelay = 150 * time.Millisecond

// passageList is the Passages tab: every passage in the project, or those
// of a combination of codes (the query builder), filtered by document, by
// the documents' attributes, author and text, each shown in its context.
// Choosing one calls OnShow; Export writes the list as CSV through
// OnExport; a failure to list calls OnError.
//
// However long the list, the tab reads only the listing's index and the
// passages on screen, a page at a time, on goroutines of their own: a
// result that arrives after the filter changed again is dropped.
type passageList struct {
	widget.BaseWidget

	OnShow   func(p *annotate.Passage)
	OnError  func(error)
	OnExport func(f annotate.PassageFilter)

	// do runs f on the UI goroutine (fyne.Do); afterFunc schedules the
	// text filter after a pause in typing. Tests replace both.
	do        func(f func())
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
	typing    interface{ Stop() bool } // the text filter's pending listing
	typed     int                      // keys typed, to tell a stale timer
	loads     sync.WaitGroup           // listings and pages being read
	gen       int                      // listings asked for; a result of an older one is dropped
	cancel    context.CancelFunc       // stops the listing under way
	// OnStar stars a passage for the briefing or takes its star off;
	// Starred says whether it is starred.
	OnStar  func(p *annotate.Passage)
	Starred func(id string) bool

	src     passageLister // nil while no project is open
	cb      *codebook
	docs    []*annotate.Document
	authors []string

	root    *fyne.Container
	filters *fyne.Container // above the list
	builder *queryBuilder
	scope   *docScope
	doc     *widget.Select
	author  *widget.Select
	text    *widget.Entry
	count   *widget.Label
	export  *widget.Button
	list    *widget.List
	index   *storage.PassageIndex       // the listing shown; nil before the first
	pages   map[int][]*annotate.Passage // the pages of index read so far
	reading map[int]bool                // the pages being read
	filter  annotate.PassageFilter      // what index was listed for
	docIDs  map[string]string           // document title → ID, for the filter
	titles  map[string]string           // document ID → title
	// rows is which passage each row of the list was last given: the
	// rows on screen among them, and some the list no longer shows.
	rows map[*passageRow]int
	// rowHeight is a row's height with the padding below it, as the
	// list lays rows out; 0 until measured, and again after a Refresh,
	// which a change of theme makes.
	rowHeight float32
}

// keptRows is how many rows the tab remembers the passage of before it
// forgets those far from the row updated last (rowsNear passages
// either side); a screen holds a few dozen.
const (
	keptRows = 256
	rowsNear = 128
)

func newPassageList() *passageList {
	pl := &passageList{cb: newCodebook(nil), do: fyne.Do}
	pl.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	re := func(string) { pl.reload() }
	pl.builder = newQueryBuilder()
	pl.builder.OnChanged = pl.reload
	pl.scope = newDocScope()
	pl.scope.OnChanged = pl.reload
	pl.doc = widget.NewSelect([]string{allDocuments}, re)
	pl.doc.SetSelected(allDocuments)
	pl.author = widget.NewSelect([]string{allAuthors}, re)
	pl.author.SetSelected(allAuthors)
	pl.text = widget.NewEntry()
	pl.text.SetPlaceHolder("Words in quote or note")
	pl.text.OnChanged = func(string) { pl.typedText() }
	pl.text.OnSubmitted = func(string) { pl.flushTyping() }
	pl.count = widget.NewLabel("")
	pl.export = widget.NewButtonWithIcon("Export…", theme.DocumentSaveIcon(), func() {
		if pl.OnExport != nil {
			pl.OnExport(pl.filter)
		}
	})
	pl.export.Importance = widget.LowImportance
	pl.export.Disable()
	pl.list = widget.NewList(
		func() int { return pl.total() },
		func() fyne.CanvasObject { return newPassageRow() },
		pl.updateRow,
	)
	pl.list.OnSelected = func(i widget.ListItemID) {
		if p := pl.passage(i); p != nil && pl.OnShow != nil {
			pl.OnShow(p)
		}
		pl.list.UnselectAll()
	}
	filters := container.NewVBox(
		pl.builder,
		pl.scope,
		container.NewGridWithColumns(2, pl.doc, pl.author),
		pl.text,
		container.NewBorder(nil, nil, nil, pl.export, pl.count),
	)
	pl.filters = filters
	pl.root = container.NewBorder(filters, nil, nil, nil, pl.list)
	pl.ExtendBaseWidget(pl)
	return pl
}

// contextWidth is how much of a passage's context its row shows either
// side, in characters.
const contextWidth = 40

// updateRow shows the i-th passage in a row of the list.
func (pl *passageList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	row := o.(*passageRow)
	if pl.rows == nil {
		pl.rows = map[*passageRow]int{}
	}
	pl.rows[row] = i
	if len(pl.rows) > keptRows {
		for r, id := range pl.rows {
			if id < i-rowsNear || id > i+rowsNear {
				delete(pl.rows, r)
			}
		}
	}
	p := pl.passage(i)
	if p == nil {
		// Not read yet: a waiting row until its page comes.
		pl.readPage(i / pageSize)
		row.setWaiting()
		return
	}
	var bar color.Color
	if len(p.Tags) > 0 {
		if t := pl.cb.tag(p.Tags[0]); t != nil {
			bar = tagColor(t.Color)
		}
	}
	before, after := passageContext(p, contextWidth)
	row.set(bar, before, strings.Join(strings.Fields(p.Quote), " "), after, pl.describe(p),
		pl.Starred != nil && pl.Starred(p.ID), func() {
			if pl.OnStar != nil {
				pl.OnStar(p)
			}
		})
}

// refreshRows shows again the passages of the rows on screen, in place
// (their stars, say): a Refresh of the whole list would draw every row
// again.
func (pl *passageList) refreshRows() {
	first, last := pl.onScreen()
	for row, i := range pl.rows {
		// Rows the list put aside keep the passage they showed last:
		// updated, they would read pages no one sees.
		if i >= first && i <= last && i < pl.total() {
			pl.updateRow(i, row)
		}
	}
}

// onScreen returns the first and last passages the list can show at its
// scroll offset, as the list works them out, with one more either side.
// A row is measured once, not at every listing: that builds a row, its
// star button and their renderers.
func (pl *passageList) onScreen() (first, last int) {
	if pl.rowHeight == 0 {
		pl.rowHeight = pl.list.CreateItem().MinSize().Height + theme.Padding()
	}
	row := pl.rowHeight
	off := pl.list.GetScrollOffset()
	return int(off/row) - 1, int((off+pl.list.Size().Height)/row) + 1
}

// passageContext returns up to width characters of a passage's text before
// and after it, on one line, cut at a word and marked "…" where cut.
func passageContext(p *annotate.Passage, width int) (before, after string) {
	b := []rune(strings.Join(strings.Fields(p.Prefix), " "))
	if len(b) > width {
		b = b[len(b)-width:]
		if i := strings.IndexRune(string(b), ' '); i >= 0 {
			b = []rune(string(b)[i+1:])
		}
		b = append([]rune("…"), b...)
	}
	a := []rune(strings.Join(strings.Fields(p.Suffix), " "))
	if len(a) > width {
		a = a[:width]
		if i := strings.LastIndex(string(a), " "); i > 0 {
			a = []rune(string(a)[:i])
		}
		a = append(a, '…')
	}
	// A space between the quote and its context only where the text has one.
	before, after = string(b), string(a)
	if before != "" && strings.TrimRightFunc(p.Prefix, unicode.IsSpace) != p.Prefix {
		before += " "
	}
	if after != "" && strings.TrimLeftFunc(p.Suffix, unicode.IsSpace) != p.Suffix {
		after = " " + after
	}
	return before, after
}

// describe is "Document · Code, Code · Author · note".
func (pl *passageList) describe(p *annotate.Passage) string {
	var names []string
	for _, id := range p.Tags {
		if t := pl.cb.tag(id); t != nil {
			names = append(names, t.Name)
		}
	}
	parts := []string{pl.titles[p.DocumentID], strings.Join(names, ", "), orUnknown(p.Author)}
	if p.Note.Text != "" {
		parts = append(parts, "✎ "+strings.Join(strings.Fields(p.Note.Text), " "))
	}
	return strings.Join(parts, " · ")
}

// setProject gives the tab the project's passages, codebook, documents and
// authors, and lists them again now when shown is set; else the window
// reloads the tab when it is next shown: listing every passage after every
// edit would slow coding down in a large project.
func (pl *passageList) setProject(src passageLister, cb *codebook, docs []*annotate.Document, authors []string, shown bool) {
	pl.src, pl.cb, pl.docs, pl.authors = src, cb, docs, authors
	pl.builder.quiet = true
	pl.builder.setCodebook(cb)
	pl.builder.quiet = false
	if shown {
		pl.reload()
	}
}

// setAttributes gives the tab the documents' attributes to filter by.
func (pl *passageList) setAttributes(attrs []*annotate.Attribute, dv annotate.DocumentValues) {
	pl.scope.setAttributes(attrs, dv)
}

// reload refreshes the filter choices and the list.
func (pl *passageList) reload() {
	if pl.src == nil {
		return
	}
	pl.builder.quiet = true
	pl.builder.setCodebook(pl.cb)
	pl.builder.quiet = false
	pl.docIDs, pl.titles = map[string]string{}, map[string]string{}
	docOpts := []string{allDocuments}
	for _, d := range pl.docs {
		pl.titles[d.ID] = d.Title
		if _, dup := pl.docIDs[d.Title]; !dup {
			pl.docIDs[d.Title] = d.ID
			docOpts = append(docOpts, d.Title)
		}
	}
	authorOpts := append([]string{allAuthors}, pl.authors...)
	for _, c := range []struct {
		s    *widget.Select
		opts []string
	}{{pl.doc, docOpts}, {pl.author, authorOpts}} {
		// Refreshed only when changed: a thousand documents' titles
		// are measured again.
		s, changed := c.s, !slices.Equal(c.s.Options, c.opts)
		s.Options = c.opts
		if !slices.Contains(s.Options, s.Selected) {
			s.Selected, changed = s.Options[0], true
		}
		if changed {
			s.Refresh()
		}
	}

	f := annotate.PassageFilter{Text: pl.text.Text, Query: pl.builder.Query(), Subcodes: pl.builder.Subcodes(), Attributes: pl.scope.Conditions()}
	if problem := pl.builder.Problem(); problem != "" {
		pl.stop()
		pl.index, pl.pages, pl.filter = nil, nil, f
		pl.setCount("The query is not complete.")
		pl.export.Disable()
		pl.list.Refresh()
		pl.layoutFilters()
		return
	}
	if s := pl.doc.Selected; s != allDocuments {
		f.DocumentIDs = []string{pl.docIDs[s]}
	}
	if s := pl.author.Selected; s != allAuthors {
		f.Authors = []string{s}
	}
	pl.listFilter(f)
	pl.layoutFilters()
}

// layoutFilters lays the filters out again, as the builder and the scope
// grow and shrink with their rows, and the list below them. Their
// widgets draw themselves where they change: a Refresh of the filters
// would refresh every one of them, and have every text in them drawn
// anew in the next frame (and a Refresh of the tab, the list's rows too).
func (pl *passageList) layoutFilters() {
	pl.root.Layout.Layout(pl.root.Objects, pl.root.Size())
	pl.filters.Layout.Layout(pl.filters.Objects, pl.filters.Size())
}

// setCount shows s above the list, if it does not already: a label set
// refreshes, and so has the window drawn again, even to the same text.
func (pl *passageList) setCount(s string) {
	if pl.count.Text != s {
		pl.count.SetText(s)
	}
}

// stop drops the listing under way, if any.
func (pl *passageList) stop() {
	pl.gen++
	if pl.cancel != nil {
		pl.cancel()
		pl.cancel = nil
	}
}

// listFilter reads the listing of f and its first page on a goroutine, and shows
// them unless another listing was asked for meanwhile.
func (pl *passageList) listFilter(f annotate.PassageFilter) {
	pl.stop()
	gen, src := pl.gen, pl.src
	ctx, cancel := context.WithCancel(context.Background())
	pl.cancel = cancel
	pl.loads.Add(1)
	go func() {
		defer pl.loads.Done()
		x, err := src.IndexPassages(ctx, f)
		var first []*annotate.Passage
		if err == nil {
			first, err = src.PassagesAt(ctx, x, 0, pageSize)
		}
		pl.do(func() {
			if gen != pl.gen {
				return // the filter changed meanwhile
			}
			cancel()
			pl.cancel = nil
			if err != nil {
				if pl.OnError != nil {
					pl.OnError(err)
				}
				return
			}
			pl.show(f, x, first)
		})
	}()
}

// show makes x, whose first page is first, the listing shown.
func (pl *passageList) show(f annotate.PassageFilter, x *storage.PassageIndex, first []*annotate.Passage) {
	before := pl.total()
	pl.index, pl.filter = x, f
	pl.pages, pl.reading = map[int][]*annotate.Passage{0: first}, map[int]bool{}
	n := x.Total
	switch {
	case n == 0 && f.DocumentIDs == nil && f.Authors == nil && strings.TrimSpace(f.Text) == "" && f.Query == nil && f.Attributes == nil:
		pl.setCount("No passages yet: select text and press 1–9.")
	case n == 0:
		pl.setCount("No passages match.")
	default:
		pl.setCount(plural(n, "passage"))
	}
	if n > 0 {
		pl.export.Enable()
	} else {
		pl.export.Disable()
	}
	if n == before {
		// The same length: the rows are updated in place, where a
		// Refresh of the list would draw every row again.
		pl.refreshRows()
	} else {
		pl.list.Refresh()
	}
	trace("passages %d %s", n, f.Text)
}

// total is how many passages the list shows.
func (pl *passageList) total() int {
	if pl.index == nil {
		return 0
	}
	return pl.index.Total
}

// passage returns the i-th passage listed; nil while its page is not read.
func (pl *passageList) passage(i int) *annotate.Passage {
	if i < 0 || i >= pl.total() {
		return nil
	}
	page := pl.pages[i/pageSize]
	if k := i % pageSize; k < len(page) {
		return page[k]
	}
	return nil
}

// readPage reads a page of the listing shown on a goroutine, once.
func (pl *passageList) readPage(page int) {
	x, src := pl.index, pl.src
	if x == nil || src == nil || pl.reading[page] || pl.pages[page] != nil {
		return
	}
	pl.reading[page] = true
	pl.loads.Add(1)
	go func() {
		defer pl.loads.Done()
		ps, err := src.PassagesAt(context.Background(), x, page*pageSize, pageSize)
		pl.do(func() {
			if pl.index != x {
				return // another listing is shown
			}
			delete(pl.reading, page)
			if err != nil {
				if pl.OnError != nil {
					pl.OnError(err)
				}
				return
			}
			if ps == nil {
				ps = []*annotate.Passage{} // read, and short: passages deleted meanwhile
			}
			pl.pages[page] = ps
			// The rows on screen waiting for this page, updated in
			// place: the list's RefreshItem refreshes the whole list
			// each time. The rows it put aside are given their passage
			// again when it shows them.
			first, last := pl.onScreen()
			for row, i := range pl.rows {
				if i/pageSize == page && i < x.Total && i >= first && i <= last {
					pl.updateRow(i, row)
				}
			}
			trace("passages-page %d %d", page*pageSize, len(ps))
		})
	}()
}

// typedText lists again after a pause in typing.
func (pl *passageList) typedText() {
	if pl.typing != nil {
		pl.typing.Stop()
	}
	pl.typed++
	key := pl.typed
	pl.typing = pl.afterFunc(typingDelay, func() {
		pl.do(func() {
			if key == pl.typed {
				pl.flushTyping()
			}
		})
	})
}

// flushTyping lists now what the text filter holds, if it waits.
func (pl *passageList) flushTyping() {
	if pl.typing == nil {
		return
	}
	pl.typing.Stop()
	pl.typing = nil
	pl.reload()
}

// showTag lists the passages of one code.
func (pl *passageList) showTag(name string) {
	if t := pl.cb.named(name); t != nil {
		pl.builder.setQuery(annotate.CodeQuery(t.Name, t.ID), pl.builder.Subcodes())
	}
	pl.reload()
}

// showFilter lists the passages matching f (the first document and
// author), as asked by another view: its query, or its first tag, goes to
// the query builder.
func (pl *passageList) showFilter(f annotate.PassageFilter) {
	pl.doc.Selected, pl.author.Selected = allDocuments, allAuthors
	q := f.Query
	if q == nil && len(f.TagIDs) > 0 {
		if t := pl.cb.tag(f.TagIDs[0]); t != nil {
			q = annotate.CodeQuery(t.Name, t.ID)
		}
	}
	pl.builder.setQuery(q, f.Subcodes)
	pl.scope.setConditions(f.Attributes)
	if len(f.DocumentIDs) > 0 {
		if title, ok := pl.titles[f.DocumentIDs[0]]; ok {
			pl.doc.Selected = title
		}
	}
	if len(f.Authors) > 0 {
		pl.author.Selected = f.Authors[0]
	}
	pl.doc.Refresh()
	pl.author.Refresh()
	pl.text.Text = f.Text
	pl.text.Refresh()
	if pl.typing != nil {
		pl.typing.Stop()
		pl.typing = nil
	}
	pl.reload()
}

// Refresh draws the tab again, its rows measured anew: Fyne refreshes
// every widget when the theme changes, and the theme sets a row's
// height.
func (pl *passageList) Refresh() {
	pl.rowHeight = 0
	pl.BaseWidget.Refresh()
}

// CreateRenderer shows the tab's layout.
func (pl *passageList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(pl.root)
}
