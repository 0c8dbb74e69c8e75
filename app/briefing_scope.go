package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// briefingScope edits which passages the briefing draws on: codes (with
// the codes nested under them), documents, coders and the documents'
// publication dates. Nothing ticked in a group means all of it. Each
// change goes through OnChange.
type briefingScope struct {
	OnChange func(s annotate.BriefingScope) error

	cb      *codebook
	docs    []*annotate.Document
	codes   *widget.CheckGroup
	docList *widget.CheckGroup
	coders  *widget.CheckGroup
	from    *widget.Entry
	to      *widget.Entry
	status  *widget.Label
	loading bool
	content fyne.CanvasObject
}

func newBriefingScope() *briefingScope {
	s := &briefingScope{cb: newCodebook(nil)}
	changed := func([]string) { s.save() }
	s.codes = widget.NewCheckGroup(nil, changed)
	s.docList = widget.NewCheckGroup(nil, changed)
	s.coders = widget.NewCheckGroup(nil, changed)
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("From YYYY-MM-DD")
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("To YYYY-MM-DD")
	s.from.OnChanged = func(string) { s.save() }
	s.to.OnChanged = func(string) { s.save() }
	s.status = widget.NewLabel("")
	s.status.SizeName = theme.SizeNameCaptionText
	s.status.Wrapping = fyne.TextWrapWord
	heading := func(text, none string) fyne.CanvasObject {
		h := widget.NewLabel(text)
		h.TextStyle.Bold = true
		n := widget.NewLabel(none)
		n.SizeName = theme.SizeNameCaptionText
		return container.NewHBox(h, n)
	}
	body := container.NewVBox(
		heading("Codes", "(none ticked: every code; a code takes in its sub-codes)"), s.codes,
		heading("Documents", "(none ticked: every document)"), s.docList,
		heading("Coders", "(none ticked: everyone’s passages)"), s.coders,
		heading("Published", "(a range leaves out undated documents)"), container.NewGridWithColumns(2, s.from, s.to),
	)
	s.content = container.NewBorder(nil, s.status, nil, nil, container.NewScroll(body))
	return s
}

// show puts a briefing's scope in the checks, offering the project's
// codes, documents and coders.
func (s *briefingScope) show(b *annotate.Briefing, cb *codebook, docs []*annotate.Document, coders []string) {
	s.loading = true
	defer func() { s.loading = false }()
	s.cb, s.docs = cb, docs
	var codes, codesOn []string
	for _, t := range cb.tags {
		codes = append(codes, cb.indented(t))
		if slices.Contains(b.Scope.TagIDs, t.ID) {
			codesOn = append(codesOn, cb.indented(t))
		}
	}
	s.codes.Options = codes
	s.codes.SetSelected(codesOn)
	var titles, docsOn []string
	for _, d := range docs {
		titles = append(titles, docLabel(d))
		if slices.Contains(b.Scope.DocumentIDs, d.ID) {
			docsOn = append(docsOn, docLabel(d))
		}
	}
	s.docList.Options = titles
	s.docList.SetSelected(docsOn)
	all := slices.Clone(coders)
	for _, c := range b.Scope.Coders {
		if !slices.Contains(all, c) {
			all = append(all, c)
		}
	}
	s.coders.Options = all
	s.coders.SetSelected(b.Scope.Coders)
	if strings.TrimSpace(s.from.Text) != b.Scope.From {
		s.from.SetText(b.Scope.From)
	}
	if strings.TrimSpace(s.to.Text) != b.Scope.To {
		s.to.SetText(b.Scope.To)
	}
	s.status.SetText("")
}

// docLabel is a document in the scope's list: its title, with its date.
func docLabel(d *annotate.Document) string {
	if day, ok := annotate.ISODate(d.Published); ok {
		return d.Title + " (" + day + ")"
	}
	return d.Title
}

// scope is what the checks and dates say, or false while a date is not
// yet complete.
func (s *briefingScope) scope() (annotate.BriefingScope, bool) {
	var sc annotate.BriefingScope
	for _, t := range s.cb.tags {
		if slices.Contains(s.codes.Selected, s.cb.indented(t)) {
			sc.TagIDs = append(sc.TagIDs, t.ID)
		}
	}
	for _, d := range s.docs {
		if slices.Contains(s.docList.Selected, docLabel(d)) {
			sc.DocumentIDs = append(sc.DocumentIDs, d.ID)
		}
	}
	for _, c := range s.coders.Options {
		if slices.Contains(s.coders.Selected, c) {
			sc.Coders = append(sc.Coders, c)
		}
	}
	sc.From, sc.To = strings.TrimSpace(s.from.Text), strings.TrimSpace(s.to.Text)
	for _, d := range []string{sc.From, sc.To} {
		if d != "" && !annotate.ValidDate(d) {
			return sc, false
		}
	}
	return sc, true
}

// save writes the scope as ticked.
func (s *briefingScope) save() {
	if s.loading || s.OnChange == nil {
		return
	}
	sc, ok := s.scope()
	if !ok {
		s.status.SetText("Dates are written YYYY-MM-DD; the range is saved once they are complete.")
		return
	}
	if err := s.OnChange(sc); err != nil {
		s.status.SetText("Not saved: " + err.Error())
		return
	}
	s.status.SetText("")
}
