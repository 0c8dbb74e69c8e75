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
// documents and notes as keyword-in-context lines; choosing one opens its
// document at the hit (a note's hit at its passage).
type searchPanel struct {
	db   *storage.DB
	open func(docID string, start, end int)
	// OnMemo opens a memo a hit was found in.
	OnMemo func(h *annotate.SearchHit)
	entry  *widget.Entry
	status *widget.Label
	list   *widget.List
	hits   []*annotate.SearchHit
	seq    int // the latest search; older results are dropped
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
			return container.NewVBox(title, kwic)
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
		})
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
	top := container.NewVBox(container.NewBorder(nil, nil, nil, btn, p.entry), p.status)
	return container.NewBorder(top, nil, nil, nil, p.list)
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
func (p *searchPanel) search() {
	q := p.entry.Text
	p.seq++
	seq := p.seq
	p.status.SetText("Searching…")
	offUI(func() {
		res, err := p.db.Search(context.Background(), q, storage.SearchOptions{})
		fyne.Do(func() {
			if seq != p.seq {
				return
			}
			p.show(res, err)
		})
	})
}

// show puts results (or the error) on screen.
func (p *searchPanel) show(res *annotate.SearchResults, err error) {
	p.hits = nil
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
		where := fmt.Sprintf("%d documents and notes", res.Sources)
		if res.Sources == 1 {
			where = "1 document or note"
		}
		s := plural(len(res.Hits), "hit") + " in " + where
		if res.More {
			s += " (best shown; refine the query for the rest)"
		}
		p.status.SetText(s)
	}
	p.list.Refresh()
	p.list.ScrollToTop()
}
