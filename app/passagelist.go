package app

import (
	"image/color"
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

// passageList is the Passages tab: every passage in the project, filtered
// by code, document, author and text; clicking one shows it in its
// document.
type passageList struct {
	u      *ui
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
	stale      bool              // the project changed while the tab was hidden
}

func newPassageList(u *ui) *passageList {
	pl := &passageList{u: u}
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
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(pl.items) {
				return
			}
			p := pl.items[i]
			c := o.(*fyne.Container)
			text := c.Objects[0].(*fyne.Container)
			bar := c.Objects[1].(*canvas.Rectangle)
			bar.FillColor = color.Transparent
			if len(p.Tags) > 0 {
				if t := u.tagByID[p.Tags[0]]; t != nil {
					bar.FillColor = tagColor(t.Color)
				}
			}
			bar.Refresh()
			text.Objects[0].(*widget.Label).SetText("“" + strings.Join(strings.Fields(p.Quote), " ") + "”")
			text.Objects[1].(*widget.Label).SetText(pl.describe(p))
		},
	)
	pl.list.OnSelected = func(i widget.ListItemID) {
		if i < len(pl.items) {
			u.showPassage(pl.items[i])
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
	return pl
}

// describe is "Document · Code, Code · Author · note".
func (pl *passageList) describe(p *annotate.Passage) string {
	var names []string
	for _, id := range p.Tags {
		if t := pl.u.tagByID[id]; t != nil {
			names = append(names, t.Name)
		}
	}
	parts := []string{pl.titles[p.DocumentID], strings.Join(names, ", "), orUnknown(p.Author)}
	if p.Note.Text != "" {
		parts = append(parts, "✎ "+strings.Join(strings.Fields(p.Note.Text), " "))
	}
	return strings.Join(parts, " · ")
}

// changed reloads the list if the tab is showing, else when it is next
// shown: listing every passage after every edit would slow coding down in
// a large project.
func (pl *passageList) changed() {
	if pl.u.tabs.SelectedIndex() == 1 {
		pl.reload()
		return
	}
	pl.stale = true
}

// reload refreshes the filter choices and the list.
func (pl *passageList) reload() {
	u := pl.u
	if u.db == nil {
		return
	}
	pl.stale = false
	tagOpts := []string{allCodes}
	for _, t := range u.tags {
		tagOpts = append(tagOpts, t.Name)
	}
	pl.tag.Options = tagOpts
	pl.docIDs, pl.titles = map[string]string{}, map[string]string{}
	docOpts := []string{allDocuments}
	for _, d := range u.docs.all {
		pl.titles[d.ID] = d.Title
		if _, dup := pl.docIDs[d.Title]; !dup {
			pl.docIDs[d.Title] = d.ID
			docOpts = append(docOpts, d.Title)
		}
	}
	pl.doc.Options = docOpts
	pl.author.Options = append([]string{allAuthors}, u.authors...)
	for _, s := range []*widget.Select{pl.tag, pl.doc, pl.author} {
		if !contains(s.Options, s.Selected) {
			s.Selected = s.Options[0]
		}
		s.Refresh()
	}

	f := annotate.PassageFilter{Text: pl.text.Text, Query: pl.query, Subcodes: pl.subcodes}
	if s := pl.tag.Selected; s != allCodes {
		for _, t := range u.tags {
			if t.Name == s {
				f.TagIDs = []string{t.ID}
			}
		}
	}
	if s := pl.doc.Selected; s != allDocuments {
		f.DocumentIDs = []string{pl.docIDs[s]}
	}
	if s := pl.author.Selected; s != allAuthors {
		f.Authors = []string{s}
	}
	ps, err := u.db.Passages(bg, f)
	if err != nil {
		u.showError(err)
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

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// showTag lists the passages of one code.
func (pl *passageList) showTag(name string) {
	pl.tag.SetSelected(name)
	pl.u.tabs.SelectIndex(1)
}

// showFilter lists the passages matching f (the first of each kind of
// value), as asked by another view.
func (pl *passageList) showFilter(f annotate.PassageFilter) {
	pl.tag.Selected, pl.doc.Selected, pl.author.Selected = allCodes, allDocuments, allAuthors
	if len(f.TagIDs) > 0 {
		if t := pl.u.tagByID[f.TagIDs[0]]; t != nil {
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
	pl.u.tabs.SelectIndex(1)
}
