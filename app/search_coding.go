package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// hitCoding is what is coded where a search hit is: the codes of the
// passages over the matched words (for a note's hit, of the passage the
// note is on) and who coded them.
type hitCoding struct {
	tags   []string // tag IDs, each once
	names  []string // their names, sorted
	coders []string // sorted
}

// label says in words what is coded at the hit.
func (c hitCoding) label() string {
	if len(c.names) == 0 {
		return "Not coded yet"
	}
	s := "Coded: " + strings.Join(c.names, ", ")
	if len(c.coders) > 0 {
		s += " — by " + strings.Join(c.coders, ", ")
	}
	return s
}

// has reports whether tagID is coded at the hit.
func (c hitCoding) has(tagID string) bool { return slices.Contains(c.tags, tagID) }

// codingOf works out what is coded at each hit (text and note hits; the
// others get a zero hitCoding), reading the passages of the documents hit
// once.
func codingOf(ctx context.Context, db *storage.DB, hits []*annotate.SearchHit) ([]hitCoding, map[string]*annotate.Tag, error) {
	out := make([]hitCoding, len(hits))
	var docIDs []string
	for _, h := range hits {
		if (h.Field == annotate.FieldText || h.Field == annotate.FieldNote) && !slices.Contains(docIDs, h.DocumentID) {
			docIDs = append(docIDs, h.DocumentID)
		}
	}
	tags := map[string]*annotate.Tag{}
	if len(docIDs) == 0 {
		return out, tags, nil
	}
	ts, err := db.Tags(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range ts {
		tags[t.ID] = t
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{DocumentIDs: docIDs})
	if err != nil {
		return nil, nil, err
	}
	byDoc := map[string][]*annotate.Passage{}
	byID := map[string]*annotate.Passage{}
	for _, p := range ps {
		byDoc[p.DocumentID] = append(byDoc[p.DocumentID], p)
		byID[p.ID] = p
	}
	for i, h := range hits {
		var over []*annotate.Passage
		switch h.Field {
		case annotate.FieldText:
			for _, p := range byDoc[h.DocumentID] {
				if p.Start < h.End && h.Start < p.End {
					over = append(over, p)
				}
			}
		case annotate.FieldNote:
			if p := byID[h.PassageID]; p != nil {
				over = append(over, p)
			}
		}
		c := &out[i]
		for _, p := range over {
			for _, id := range p.Tags {
				if !slices.Contains(c.tags, id) {
					c.tags = append(c.tags, id)
					if t := tags[id]; t != nil {
						c.names = append(c.names, t.Name)
					}
				}
			}
			if len(p.Tags) > 0 && p.Author != "" && !slices.Contains(c.coders, p.Author) {
				c.coders = append(c.coders, p.Author)
			}
		}
		slices.Sort(c.names)
		slices.Sort(c.coders)
	}
	return out, tags, nil
}

// Coding all hits: what each hit's passage covers.
const (
	scopeWords    = "The words found"
	scopeSentence = "The sentence around each"
)

// hitRange is a range of a document to code, from one or more hits.
type hitRange struct {
	doc        string
	start, end int
}

// codeHitsReview lists every hit of the query in the documents' text (not
// only the few per document the search shows), for coding them all with
// one code: the researcher picks the code and whether each passage is the
// words found or their sentence, unticks what should stay uncoded, and
// codes the rest as one undo step. Hits already coded with the chosen code
// are marked and left out, so that nothing is coded twice.
type codeHitsReview struct {
	win  fyne.Window
	db   *storage.DB
	ed   *editor
	done func(n int) // after coding, on the UI goroutine

	hits   []*annotate.SearchHit // text hits only
	coding []hitCoding
	texts  map[string]*annotate.Text
	tagIDs map[string]string // code label -> tag ID

	code    *widget.Select
	scope   *widget.RadioGroup
	checks  []*widget.Check
	summary *widget.Label
	dlg     *dialog.ConfirmDialog
	proj    *session // the project coded, when known
}

// showCodeHitsReview searches db for query again, for every hit, and opens
// the review over win. s, when set, is the project of db: closed before the
// review is shown or its Code pressed, nothing is coded and the researcher
// is told so.
func showCodeHitsReview(win fyne.Window, s *session, db *storage.DB, ed *editor, query string, done func(int)) {
	progress := dialog.NewCustomWithoutButtons("Finding every hit…", widget.NewProgressBarInfinite(), win)
	progress.Show()
	offUI(func() {
		r, err := loadCodeHitsReview(s.context(), db, query)
		err = s.orClosed("the hits were not coded", err)
		fyne.Do(func() {
			progress.Hide()
			if err == nil && s.closed() {
				err = s.closedFirst("the hits were not coded")
			}
			if err != nil {
				dialog.ShowError(err, win)
				return
			}
			if len(r.hits) == 0 {
				dialog.ShowInformation("Code All Hits", "The query finds nothing in the documents' text to code (hits in titles, notes and memos are not coded).", win)
				return
			}
			r.win, r.ed, r.proj, r.done = win, ed, s, done
			r.show()
		})
	})
}

// loadCodeHitsReview reads what the review shows: every text hit, what is
// coded at each, the codebook and the texts hit.
func loadCodeHitsReview(ctx context.Context, db *storage.DB, query string) (*codeHitsReview, error) {
	res, err := db.Search(ctx, query, storage.SearchOptions{Limit: 1 << 20, PerSource: 1 << 20})
	if err != nil {
		return nil, err
	}
	r := &codeHitsReview{db: db, texts: map[string]*annotate.Text{}, tagIDs: map[string]string{}}
	for _, h := range res.Hits {
		if h.Field == annotate.FieldText && h.End > h.Start {
			r.hits = append(r.hits, h)
		}
	}
	coding, tags, err := codingOf(ctx, db, r.hits)
	if err != nil {
		return nil, err
	}
	r.coding = coding
	for _, h := range r.hits {
		if r.texts[h.DocumentID] != nil {
			continue
		}
		d, err := db.Document(ctx, h.DocumentID)
		if err != nil {
			return nil, err
		}
		r.texts[h.DocumentID] = annotate.NewText(d.Text)
	}
	if len(tags) == 0 && len(r.hits) > 0 {
		ts, err := db.Tags(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			tags[t.ID] = t
		}
	}
	for _, t := range tags {
		if t.Grouping {
			continue
		}
		label := t.Name
		if _, dup := r.tagIDs[label]; dup {
			label = fmt.Sprintf("%s (%s)", t.Name, annotate.ShortID(t.ID))
		}
		r.tagIDs[label] = t.ID
	}
	return r, nil
}

// show opens the review dialog.
func (r *codeHitsReview) show() {
	var labels []string
	for l := range r.tagIDs {
		labels = append(labels, l)
	}
	slices.SortFunc(labels, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	r.code = widget.NewSelect(labels, func(string) { r.update() })
	r.code.PlaceHolder = "Choose the code"
	r.scope = widget.NewRadioGroup([]string{scopeWords, scopeSentence}, func(string) { r.update() })
	r.scope.Horizontal = true
	r.scope.Required = true
	r.scope.Selected = scopeSentence
	list := container.NewVBox()
	for i, h := range r.hits {
		c := widget.NewCheck("", func(bool) { r.update() })
		c.Checked = true
		r.checks = append(r.checks, c)
		line := widget.NewRichText(kwicSegments(h)...)
		line.Truncation = fyne.TextTruncateEllipsis
		where := widget.NewLabel(hitHeading(h) + " · " + r.coding[i].label())
		where.SizeName = "captionText"
		where.Truncation = fyne.TextTruncateEllipsis
		list.Add(container.NewBorder(nil, nil, c, nil, container.NewVBox(line, where)))
	}
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("Code as", r.code), widget.NewFormItem("Each passage", r.scope))
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(640, 300))
	body := container.NewBorder(form, r.summary, nil, nil, scroll)
	r.dlg = dialog.NewCustomConfirm("Code All Hits", "Code", "Cancel", body, func(ok bool) {
		if ok {
			r.codeChosen()
		}
	}, r.win)
	r.dlg.Resize(fyne.NewSize(760, 600))
	r.update()
	r.dlg.Show()
}

// tagID is the chosen code's ID, "" before one is chosen.
func (r *codeHitsReview) tagID() string { return r.tagIDs[r.code.Selected] }

// update marks the hits already coded with the chosen code (left out,
// unticked), and says what Code will do.
func (r *codeHitsReview) update() {
	if r.summary == nil {
		return
	}
	tag := r.tagID()
	already := 0
	for i, c := range r.checks {
		if tag != "" && r.coding[i].has(tag) {
			already++
			c.SetChecked(false)
			c.Disable()
			continue
		}
		c.Enable()
	}
	ranges := r.ranges()
	switch {
	case tag == "":
		r.summary.SetText(fmt.Sprintf("%s in the documents' text. Choose the code to give them.", plural(len(r.hits), "hit")))
	default:
		s := fmt.Sprintf("Code %s as “%s”.", plural(len(ranges), "passage"), r.code.Selected)
		if already > 0 {
			s += fmt.Sprintf(" %s already coded with it %s left out.", plural(already, "hit"), map[bool]string{true: "is", false: "are"}[already == 1])
		}
		s += " Edit ▸ Undo takes them all back in one step."
		r.summary.SetText(s)
	}
	if r.dlg != nil {
		if tag == "" || len(ranges) == 0 {
			r.dlg.SetConfirmText("Code")
		} else {
			r.dlg.SetConfirmText("Code " + plural(len(ranges), "Passage"))
		}
	}
}

// ranges are the ranges to code: the ticked hits' words or sentences,
// each once (two hits in one sentence make one passage).
func (r *codeHitsReview) ranges() []hitRange {
	var out []hitRange
	seen := map[hitRange]bool{}
	sentences := map[string][][2]int{}
	for i, h := range r.hits {
		if !r.checks[i].Checked || r.checks[i].Disabled() {
			continue
		}
		rg := hitRange{h.DocumentID, h.Start, h.End}
		if r.scope.Selected == scopeSentence {
			ss, ok := sentences[h.DocumentID]
			if !ok {
				ss = annotate.Sentences(r.texts[h.DocumentID].String())
				sentences[h.DocumentID] = ss
			}
			for _, s := range ss {
				if s[0] <= h.Start && h.End <= s[1] {
					rg.start, rg.end = s[0], s[1]
					break
				}
			}
		}
		if !seen[rg] {
			seen[rg] = true
			out = append(out, rg)
		}
	}
	return out
}

// codeChosen codes the ranges, one undo step, and tells the window.
func (r *codeHitsReview) codeChosen() {
	tag := r.tagID()
	ranges := r.ranges()
	if tag == "" || len(ranges) == 0 {
		return
	}
	if r.proj.closed() {
		dialog.ShowError(r.proj.closedFirst("the hits were not coded"), r.win)
		return
	}
	n, err := r.ed.codeRanges(fmt.Sprintf("Code %s as “%s”", plural(len(ranges), "Search Hit"), r.code.Selected), ranges, r.texts, tag)
	if err != nil {
		dialog.ShowError(err, r.win)
		return
	}
	if r.done != nil {
		r.done(n)
	}
}
