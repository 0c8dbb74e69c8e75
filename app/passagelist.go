package app

import (
	"context"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

const (
	allCodes     = "All codes"
	allDocuments = "All documents"
	allAuthors   = "All coders"
)

// passageLister is where the Passages tab reads passages from.
type passageLister interface {
	Passages(ctx context.Context, f annotate.PassageFilter) ([]*annotate.Passage, error)
}

// passageList is the Passages tab: every passage in the project, filtered
// by code, document, author and text. Choosing one calls OnShow; a
// failure to list calls OnError.
type passageList struct {
	widget.BaseWidget

	OnShow  func(p *annotate.Passage)
	OnError func(error)

	src     passageLister // nil while no project is open
	cb      *codebook
	docs    []*annotate.Document
	authors []string

	root   fyne.CanvasObject
	tag    *widget.Select
	doc    *widget.Select
	author *widget.Select
	text   *widget.Entry
	count  *widget.Label
	// query, when set, is a code query another view asked for (a
	// co-occurrence cell), shown above the list until cleared.
	query      *annotate.Query
	subcodes   bool
	queryBar   *fyne.Container
	queryMsg   *widget.Label
	queryClear *widget.Button
	list       *widget.List
	items      []*annotate.Passage
	docIDs     map[string]string // document title → ID, for the filter
	titles     map[string]string // document ID → title
}

func newPassageList() *passageList {
	pl := &passageList{cb: newCodebook(nil)}
	re := func(string) { pl.reload() }
	pl.tag = widget.NewSelect([]string{allCodes}, re)
	pl.tag.SetSelected(allCodes)
	pl.doc = widget.NewSelect([]string{allDocuments}, re)
	pl.doc.SetSelected(allDocuments)
	pl.author = widget.NewSelect([]string{allAuthors}, re)
	pl.author.SetSelected(allAuthors)
	pl.text = widget.NewEntry()
	pl.text.SetPlaceHolder("Text in quote or note")
	pl.text.OnChanged = re
	pl.count = widget.NewLabel("")
	pl.list = widget.NewList(
		func() int { return len(pl.items) },
		func() fyne.CanvasObject {
			bar := canvas.NewRectangle(color.Transparent)
			bar.SetMinSize(fyne.NewSize(4, 10))
			quote := widget.NewLabel("quote")
			quote.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("meta")
			meta.Truncation = fyne.TextTruncateEllipsis
			meta.SizeName = theme.SizeNameCaptionText
			return container.NewBorder(nil, nil, bar, nil, container.New(&stackLayout{gap: -2 * theme.Padding()}, quote, meta))
		},
		pl.updateRow,
	)
	pl.list.OnSelected = func(i widget.ListItemID) {
		if i < len(pl.items) && pl.OnShow != nil {
			pl.OnShow(pl.items[i])
		}
		pl.list.UnselectAll()
	}
	pl.queryMsg = widget.NewLabel("")
	pl.queryMsg.Wrapping = fyne.TextWrapWord
	pl.queryClear = widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		pl.query, pl.subcodes = nil, false
		pl.queryBar.Hide()
		pl.reload()
	})
	pl.queryBar = container.NewBorder(nil, nil, nil, pl.queryClear, pl.queryMsg)
	pl.queryBar.Hide()
	filters := container.NewVBox(
		pl.queryBar,
		container.NewGridWithColumns(2, pl.tag, pl.author),
		pl.doc,
		pl.text,
		pl.count,
	)
	pl.root = container.NewBorder(filters, nil, nil, nil, pl.list)
	pl.ExtendBaseWidget(pl)
	return pl
}

// updateRow shows the i-th passage in a row of the list.
func (pl *passageList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(pl.items) {
		return
	}
	p := pl.items[i]
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	bar := c.Objects[1].(*canvas.Rectangle)
	bar.FillColor = color.Transparent
	if len(p.Tags) > 0 {
		if t := pl.cb.tag(p.Tags[0]); t != nil {
			bar.FillColor = tagColor(t.Color)
		}
	}
	bar.Refresh()
	text.Objects[0].(*widget.Label).SetText("“" + strings.Join(strings.Fields(p.Quote), " ") + "”")
	text.Objects[1].(*widget.Label).SetText(pl.describe(p))
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
	if shown {
		pl.reload()
	}
}

// reload refreshes the filter choices and the list.
func (pl *passageList) reload() {
	if pl.src == nil {
		return
	}
	tagOpts := []string{allCodes}
	for _, t := range pl.cb.tags {
		tagOpts = append(tagOpts, t.Name)
	}
	pl.tag.Options = tagOpts
	pl.docIDs, pl.titles = map[string]string{}, map[string]string{}
	docOpts := []string{allDocuments}
	for _, d := range pl.docs {
		pl.titles[d.ID] = d.Title
		if _, dup := pl.docIDs[d.Title]; !dup {
			pl.docIDs[d.Title] = d.ID
			docOpts = append(docOpts, d.Title)
		}
	}
	pl.doc.Options = docOpts
	pl.author.Options = append([]string{allAuthors}, pl.authors...)
	for _, s := range []*widget.Select{pl.tag, pl.doc, pl.author} {
		if !slices.Contains(s.Options, s.Selected) {
			s.Selected = s.Options[0]
		}
		s.Refresh()
	}

	f := annotate.PassageFilter{Text: pl.text.Text, Query: pl.query, Subcodes: pl.subcodes}
	if t := pl.cb.named(pl.tag.Selected); t != nil && pl.tag.Selected != allCodes {
		f.TagIDs = []string{t.ID}
	}
	if s := pl.doc.Selected; s != allDocuments {
		f.DocumentIDs = []string{pl.docIDs[s]}
	}
	if s := pl.author.Selected; s != allAuthors {
		f.Authors = []string{s}
	}
	ps, err := pl.src.Passages(context.Background(), f)
	if err != nil {
		if pl.OnError != nil {
			pl.OnError(err)
		}
		return
	}
	pl.items = ps
	switch {
	case len(ps) == 0 && f.TagIDs == nil && f.DocumentIDs == nil && f.Authors == nil && strings.TrimSpace(f.Text) == "" && f.Query == nil:
		pl.count.SetText("No passages yet: select text and press 1–9.")
	default:
		pl.count.SetText(plural(len(ps), "passage"))
	}
	pl.list.Refresh()
}

// showTag lists the passages of one code.
func (pl *passageList) showTag(name string) {
	pl.tag.SetSelected(name)
}

// showFilter lists the passages matching f (the first of each kind of
// value), as asked by another view.
func (pl *passageList) showFilter(f annotate.PassageFilter) {
	pl.tag.Selected, pl.doc.Selected, pl.author.Selected = allCodes, allDocuments, allAuthors
	if len(f.TagIDs) > 0 {
		if t := pl.cb.tag(f.TagIDs[0]); t != nil {
			pl.tag.Selected = t.Name
		}
	}
	if len(f.DocumentIDs) > 0 {
		if title, ok := pl.titles[f.DocumentIDs[0]]; ok {
			pl.doc.Selected = title
		}
	}
	if len(f.Authors) > 0 {
		pl.author.Selected = f.Authors[0]
	}
	pl.text.Text = f.Text
	pl.text.Refresh()
	pl.query, pl.subcodes = f.Query, f.Subcodes
	if f.Query != nil {
		msg := "Passages of " + f.Query.Describe()
		if f.Subcodes {
			msg += ", sub-codes included"
		}
		pl.queryMsg.SetText(msg)
		pl.queryBar.Show()
	} else {
		pl.queryBar.Hide()
	}
	pl.reload()
}

// CreateRenderer shows the tab's layout.
func (pl *passageList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(pl.root)
}
