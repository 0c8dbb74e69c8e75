package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// offUI runs work off the UI goroutine; work hands its results back with
// fyne.Do. Tests replace it to run work in line, in order.
var offUI = func(work func()) { go work() }

// searchPanel is the project search: a query field and the hits across
// documents and notes as keyword-in-context lines, each saying what is
// coded there already; choosing one opens its document at the hit (a
// note's hit at its passage). Code All Hits codes every hit in the
// documents' text with one code, after a review (see codeHitsReview).
type searchPanel struct {
	db   *storage.DB
	open func(docID string, start, end int)
	// OnMemo opens a memo a hit was found in.
	OnMemo func(h *annotate.SearchHit)
	// win and ed, when set, let the panel code hits: the review opens over
	// win and codes through ed; OnCoded is told after.
	win     fyne.Window
	ed      *editor
	OnCoded func()
	// proj, when set, is the project searched: a review it closes under
	// codes nothing and says so.
	proj    *session
	entry   *widget.Entry
	status  *widget.Label
	list    *widget.List
	codeAll *widget.Button
	hits    []*annotate.SearchHit
	coding  []hitCoding // what is coded at each hit
	query   string      // the query the hits are for
	seq     int         // the latest search; older results are dropped
}

// newSearch returns the project search panel on db. Searching runs off
// the UI goroutine; open is called on it.
func newSearch(db *storage.DB, open func(docID string, start, end int)) *searchPanel {
	p := &searchPanel{db: db, open: open}
	p.entry = widget.NewEntry()
	p.entry.SetPlaceHolder(`Search: words, "a phrase", prefix*, OR, NOT`)
	p.entry.OnSubmitted = func(string) { p.search() }
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(
		func() int { return len(p.hits) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			kwic := widget.NewRichText()
			kwic.Truncation = fyne.TextTruncateEllipsis
			coded := widget.NewLabel("")
			coded.SizeName = theme.SizeNameCaptionText
			coded.Truncation = fyne.TextTruncateEllipsis
			return container.New(&stackLayout{gap: -2 * theme.Padding()}, title, kwic, coded)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.hits) {
				return
			}
			h := p.hits[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(hitHeading(h))
			box.Objects[1].(*widget.RichText).Segments = kwicSegments(h)
			box.Objects[1].(*widget.RichText).Refresh()
			coded := ""
			if id < len(p.coding) && (h.Field == annotate.FieldText || h.Field == annotate.FieldNote) {
				coded = p.coding[id].label()
				if h.Field == annotate.FieldNote {
					coded = "Note on a passage · " + coded
				}
			}
			box.Objects[2].(*widget.Label).SetText(coded)
		})
	p.codeAll = widget.NewButtonWithIcon("Code All Hits…", theme.DocumentCreateIcon(), p.reviewCodeAll)
	p.codeAll.Disable()
	p.codeAll.Hide()
	p.list.OnSelected = func(id widget.ListItemID) {
		switch {
		case id >= len(p.hits):
		case p.hits[id].Field == annotate.FieldMemo:
			if p.OnMemo != nil {
				p.OnMemo(p.hits[id])
			}
		case p.open != nil:
			h := p.hits[id]
			p.open(h.DocumentID, h.Start, h.End)
		}
		p.list.UnselectAll()
	}
	return p
}

func (p *searchPanel) content() fyne.CanvasObject {
	btn := widget.NewButtonWithIcon("", theme.SearchIcon(), p.search)
	if p.ed != nil && p.win != nil {
		p.codeAll.Show()
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, btn, p.entry), container.NewBorder(nil, nil, nil, p.codeAll, p.status))
	return container.NewBorder(top, nil, nil, nil, p.list)
}

// reviewCodeAll opens the review that codes every hit of the query.
func (p *searchPanel) reviewCodeAll() {
	if p.ed == nil || p.win == nil || p.query == "" {
		return
	}
	q := p.query
	showCodeHitsReview(p.win, p.proj, p.db, p.ed, q, func(n int) {
		if p.OnCoded != nil {
			p.OnCoded()
		}
		p.run(q, fmt.Sprintf("Coded %s (Edit ▸ Undo takes them back).", plural(n, "passage")))
	})
}

// hitHeading names where a hit is.
func hitHeading(h *annotate.SearchHit) string {
	where := ""
	title := h.DocumentTitle
	switch h.Field {
	case annotate.FieldNote:
		where = " — note"
	case annotate.FieldTitle:
		where = " — title"
	case annotate.FieldMemo:
		switch h.MemoKind {
		case annotate.MemoJournal:
			title = "Journal — " + h.MemoSubject
		case annotate.MemoCode:
			title = "Memo on the code — " + h.MemoSubject
		default:
			title = "Memo on the document — " + h.MemoSubject
		}
	}
	if h.Occurrences > 1 {
		where += fmt.Sprintf(" (%d of %d)", h.Occurrence, h.Occurrences)
	}
	return title + where
}

// kwicSegments shows a hit's context with the match in bold.
func kwicSegments(h *annotate.SearchHit) []widget.RichTextSegment {
	seg := func(s string, bold bool) *widget.TextSegment {
		return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: bold}, ColorName: theme.ColorNameForeground}}
	}
	return []widget.RichTextSegment{seg(h.Before, false), seg(h.Match, true), seg(h.After, false)}
}

// search runs the query in a goroutine and shows the results.
func (p *searchPanel) search() { p.run(p.entry.Text, "") }

// run searches for q off the UI goroutine and shows the hits with what is
// coded at each; note, when set, goes before the count of hits.
func (p *searchPanel) run(q, note string) {
	p.seq++
	seq := p.seq
	if q != p.query {
		p.status.SetText("Searching…")
	}
	offUI(func() {
		ctx := context.Background()
		res, err := p.db.Search(ctx, q, storage.SearchOptions{})
		var coding []hitCoding
		if err == nil {
			coding, _, err = codingOf(ctx, p.db, res.Hits)
		}
		fyne.Do(func() {
			if seq != p.seq {
				return
			}
			again := q == p.query
			p.query = q
			p.coding = coding
			p.show(res, err)
			if !again {
				p.list.ScrollToTop()
			}
			if note != "" {
				p.status.SetText(note + " " + p.status.Text)
			}
		})
	})
}

// show puts results (or the error) on screen.
func (p *searchPanel) show(res *annotate.SearchResults, err error) {
	p.hits = nil
	p.codeAll.Disable()
	switch {
	case err != nil:
		p.status.SetText(annotate.ErrorMessage(err))
		if annotate.ErrorCode(err) == annotate.EINTERNAL {
			p.status.SetText("Search failed: " + err.Error())
		}
	case len(res.Hits) == 0:
		p.status.SetText("No hits")
	default:
		p.hits = res.Hits
		where := fmt.Sprintf("%s documents and notes", annotate.Number(res.Sources))
		if res.Sources == 1 {
			where = "1 document or note"
		}
		s := plural(len(res.Hits), "hit") + " in " + where
		if res.More {
			s += " (best shown; refine the query for the rest)"
		}
		p.status.SetText(s)
		for _, h := range res.Hits {
			if h.Field == annotate.FieldText {
				p.codeAll.Enable()
				break
			}
		}
	}
	p.list.Refresh()
}

// refresh shows again what is coded at the hits of the query shown, after
// a change made elsewhere, keeping the list where it is.
func (p *searchPanel) refresh() {
	if p.query != "" {
		p.run(p.query, "")
	}
}
