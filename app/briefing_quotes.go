package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// quoteRow is a key quote as the list shows it.
type quoteRow struct {
	q annotate.KeyQuote
	p *annotate.Passage // nil when it could not be read
}

// underFirst is the "quoted under" choice of a quote's first code in scope.
const underFirst = "Its first code in scope"

// briefingQuotes lists the briefing's key quotes in the analyst's order
// and sets it: move the chosen quote up or down, choose the code it is
// quoted under, take its star off, show it in its document; and whether
// the passages in scope that are not key quotes go in an annex. Every
// change goes through the On… callbacks.
type briefingQuotes struct {
	OnMove   func(passageID string, to int)
	OnUnstar func(passageID string)
	OnUnder  func(passageID, tagID string)
	OnShow   func(p *annotate.Passage)
	OnAnnex  func(annex bool)

	cb      *codebook
	rows    []quoteRow
	titles  map[string]string // document ID → title
	chosen  string            // passage ID of the chosen quote
	list    *widget.List
	count   *widget.Label
	up      *widget.Button
	down    *widget.Button
	unstar  *widget.Button
	show    *widget.Button
	under   *widget.Select
	annex   *widget.Check
	loading bool
	content fyne.CanvasObject
}

func newBriefingQuotes() *briefingQuotes {
	q := &briefingQuotes{cb: newCodebook(nil)}
	q.list = newTwoLineList(false, func() int { return len(q.rows) },
		func(i int) (string, string) { return q.quoteText(i), q.metaText(q.rows[i]) })
	q.list.OnSelected = func(i widget.ListItemID) {
		if i < len(q.rows) {
			q.chosen = q.rows[i].q.PassageID
			q.enable()
		}
	}
	q.count = widget.NewLabel("")
	q.count.Wrapping = fyne.TextWrapWord
	q.up = widget.NewButtonWithIcon("Move Up", theme.MoveUpIcon(), func() { q.move(-1) })
	q.down = widget.NewButtonWithIcon("Move Down", theme.MoveDownIcon(), func() { q.move(1) })
	q.unstar = widget.NewButtonWithIcon("Remove Star", theme.ContentRemoveIcon(), func() {
		if q.chosen != "" && q.OnUnstar != nil {
			q.OnUnstar(q.chosen)
		}
	})
	q.show = widget.NewButtonWithIcon("Show in Document", theme.VisibilityIcon(), func() {
		if r := q.row(q.chosen); r != nil && r.p != nil && q.OnShow != nil {
			q.OnShow(r.p)
		}
	})
	q.under = widget.NewSelect(nil, func(s string) {
		r := q.row(q.chosen)
		if q.loading || r == nil || q.OnUnder == nil {
			return
		}
		id := ""
		if t := q.cb.named(s); t != nil && s != underFirst {
			id = t.ID
		}
		if id != r.q.TagID {
			q.OnUnder(r.q.PassageID, id)
		}
	})
	q.under.PlaceHolder = "Quoted under…"
	q.annex = widget.NewCheck("Put the other passages in scope in an annex", func(on bool) {
		if !q.loading && q.OnAnnex != nil {
			q.OnAnnex(on)
		}
	})
	bar := container.NewVBox(
		container.NewGridWithColumns(2, q.up, q.down, q.unstar, q.show),
		container.NewBorder(nil, nil, widget.NewLabel("Quoted under"), nil, q.under),
		q.annex,
	)
	q.content = container.NewBorder(q.count, bar, nil, nil, q.list)
	q.enable()
	return q
}

// quoteText is a key quote's number and opening words.
func (q *briefingQuotes) quoteText(i int) string {
	r := q.rows[i]
	if r.p == nil {
		return fmt.Sprintf("%d.  (a passage that cannot be read)", i+1)
	}
	return fmt.Sprintf("%d.  “%s”", i+1, annotate.Ellipsize(strings.Join(strings.Fields(r.p.Quote), " "), 200))
}

// metaText is a key quote's codes (or the one it is quoted under), its
// coder and its document.
func (q *briefingQuotes) metaText(r quoteRow) string {
	if r.p == nil {
		return ""
	}
	var codes []string
	for _, id := range r.p.Tags {
		if t := q.cb.tag(id); t != nil {
			codes = append(codes, t.Name)
		}
	}
	parts := []string{strings.Join(codes, ", ")}
	if t := q.cb.tag(r.q.TagID); t != nil {
		parts[0] = "under " + t.Name
	}
	parts = append(parts, orUnknown(r.p.Author), orUnknown(q.titles[r.p.DocumentID]))
	return strings.Join(parts, " · ")
}

// set shows the briefing's key quotes, their passages read by passage.
func (q *briefingQuotes) set(b *annotate.Briefing, cb *codebook, titles map[string]string, passage func(id string) *annotate.Passage) {
	q.cb, q.titles = cb, titles
	q.rows = q.rows[:0]
	keep := false
	for _, k := range b.Quotes {
		q.rows = append(q.rows, quoteRow{q: k, p: passage(k.PassageID)})
		keep = keep || k.PassageID == q.chosen
	}
	if !keep {
		q.chosen = ""
		q.list.UnselectAll()
	}
	switch len(q.rows) {
	case 0:
		q.count.SetText("No key quotes yet. Star passages for this briefing with the star in the Passage tab or the Passages tab, or press " + starKeyName() + " in the reading view.")
	default:
		q.count.SetText(plural(len(q.rows), "key quote") + ", in the order the briefing prints them under their findings.")
	}
	q.loading = true
	q.annex.SetChecked(b.Annex)
	q.loading = false
	q.list.Refresh()
	if i := q.index(q.chosen); i >= 0 {
		q.list.Select(i)
	}
	q.enable()
}

// row returns the row of a passage, or nil.
func (q *briefingQuotes) row(passageID string) *quoteRow {
	if i := q.index(passageID); i >= 0 {
		return &q.rows[i]
	}
	return nil
}

func (q *briefingQuotes) index(passageID string) int {
	for i := range q.rows {
		if passageID != "" && q.rows[i].q.PassageID == passageID {
			return i
		}
	}
	return -1
}

// move moves the chosen quote one place up (-1) or down (+1).
func (q *briefingQuotes) move(by int) {
	i := q.index(q.chosen)
	if i < 0 || i+by < 0 || i+by >= len(q.rows) || q.OnMove == nil {
		return
	}
	q.OnMove(q.chosen, i+by)
}

// enable offers what can be done with the chosen quote.
func (q *briefingQuotes) enable() {
	i := q.index(q.chosen)
	set := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	set(q.up, i > 0)
	set(q.down, i >= 0 && i < len(q.rows)-1)
	set(q.unstar, i >= 0)
	set(q.show, i >= 0 && q.rows[i].p != nil)
	q.loading = true
	defer func() { q.loading = false }()
	if i < 0 || q.rows[i].p == nil {
		q.under.Options = nil
		q.under.ClearSelected()
		q.under.Disable()
		return
	}
	r := q.rows[i]
	opts := []string{underFirst}
	for _, id := range r.p.Tags {
		if t := q.cb.tag(id); t != nil {
			opts = append(opts, t.Name)
		}
	}
	q.under.Options = opts
	q.under.Enable()
	if t := q.cb.tag(r.q.TagID); t != nil {
		q.under.SetSelected(t.Name)
	} else {
		q.under.SetSelected(underFirst)
	}
}
