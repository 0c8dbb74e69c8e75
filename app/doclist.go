package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// docList is the left panel: the project's documents with a filter box and
// an Import button. Choosing a document calls OnOpen; Import calls
// OnImport.
type docList struct {
	widget.BaseWidget

	OnOpen   func(id string)
	OnImport func()

	root   fyne.CanvasObject
	filter *widget.Entry
	list   *widget.List
	empty  *widget.Label
	all    []*annotate.Document // every live document
	items  []*annotate.Document // those matching the filter
	openID string
	quiet  bool // selecting in the list without opening
}

func newDocList() *docList {
	d := &docList{}
	d.filter = widget.NewEntry()
	d.filter.SetPlaceHolder("Filter documents")
	d.filter.OnChanged = func(string) { d.applyFilter() }
	d.filter.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(d.filter); c != nil {
			c.Focus(d.filter)
		}
	})
	d.list = newTwoLineList(true, func() int { return len(d.items) },
		func(i int) (string, string) { return d.items[i].Title, docSubtitle(d.items[i]) })
	d.list.OnSelected = func(i widget.ListItemID) {
		if d.quiet || i >= len(d.items) || d.OnOpen == nil {
			return
		}
		d.OnOpen(d.items[i].ID)
	}
	d.empty = widget.NewLabel("No documents yet.\nDrop text, Markdown or HTML files here, or click Import.")
	d.empty.Wrapping = fyne.TextWrapWord
	d.empty.Alignment = fyne.TextAlignCenter
	d.empty.Hide()
	importBtn := widget.NewButtonWithIcon("Import…", theme.ContentAddIcon(), func() {
		if d.OnImport != nil {
			d.OnImport()
		}
	})
	importBtn.Importance = widget.HighImportance
	head := widget.NewLabel("Documents")
	head.TextStyle.Bold = true
	// Import sits below the list, so that the panel stays narrow on a
	// small window and the reading pane keeps the room.
	top := container.NewVBox(head, d.filter)
	d.root = container.NewBorder(top, importBtn, nil, nil, container.NewStack(d.list, container.NewVBox(d.empty)))
	d.ExtendBaseWidget(d)
	return d
}

// docSubtitle is "Outlet · 2021-06-16 · 3 passages".
func docSubtitle(doc *annotate.Document) string {
	var parts []string
	if doc.Outlet != "" {
		parts = append(parts, doc.Outlet)
	}
	if doc.Published != "" {
		parts = append(parts, doc.Published)
	}
	parts = append(parts, plural(doc.Passages, "passage"))
	return strings.Join(parts, " · ")
}

// setDocuments lists the project's documents.
func (d *docList) setDocuments(all []*annotate.Document) {
	d.all = all
	d.applyFilter()
}

func (d *docList) applyFilter() {
	f := strings.ToLower(strings.TrimSpace(d.filter.Text))
	d.items = d.items[:0]
	for _, doc := range d.all {
		if f == "" || strings.Contains(strings.ToLower(doc.Title+"\x00"+doc.Outlet+"\x00"+doc.Byline), f) {
			d.items = append(d.items, doc)
		}
	}
	d.empty.Hidden = len(d.all) > 0
	if len(d.all) > 0 && len(d.items) == 0 {
		d.empty.SetText("No document matches “" + d.filter.Text + "”.")
		d.empty.Show()
	} else {
		d.empty.SetText("No documents yet.\nDrop text, Markdown or HTML files here, or click Import.")
	}
	d.list.Refresh()
	d.markOpen(d.openID)
}

// markOpen highlights the open document in the list.
func (d *docList) markOpen(id string) {
	d.openID = id
	d.quiet = true
	defer func() { d.quiet = false }()
	for i, doc := range d.items {
		if doc.ID == id {
			d.list.Select(i)
			return
		}
	}
	d.list.UnselectAll()
}

// CreateRenderer shows the panel's layout.
func (d *docList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(d.root)
}
