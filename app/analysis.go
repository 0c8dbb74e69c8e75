package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// The analyses the view offers.
const (
	analysisMatrix    = "Tags × documents"
	analysisCooccur   = "Tag co-occurrence"
	analysisAuthors   = "Passages per author"
	analysisAttribute = "Tags × a document attribute"
)

// How a date attribute's values are grouped in the code × attribute matrix.
const (
	byEachDate = "each date"
	byMonth    = "by month"
	byYear     = "by year"
)

// analysisPane shows one analysis of the project as a table of counts,
// shaded by size: passages per tag and document, tags co-occurring on
// overlapping passages, passages per author and tag, or per tag and value
// of a document attribute (outlet type, month...), over the documents the
// scope keeps. Choosing a cell lists its passages; the table exports as
// CSV.
type analysisPane struct {
	win  fyne.Window
	db   *storage.DB
	show func(annotate.PassageFilter)

	kind   *widget.Select
	attr   *widget.Select // the attribute of the code × attribute matrix
	by     *widget.Select // how its dates are grouped
	attrs  []*annotate.Attribute
	scope  *docScope
	sub    *widget.Check // parent codes count their sub-codes
	status *widget.Label
	table  *widget.Table
	m      *annotate.Matrix
	max    int
	seq    int
}

// newAnalysisView returns the analysis view; show lists the passages of a
// chosen cell.
func newAnalysisView(win fyne.Window, db *storage.DB, show func(annotate.PassageFilter)) fyne.CanvasObject {
	a := newAnalysisPane(win, db, show)
	a.kind.SetSelected(analysisMatrix)
	return a.content()
}

func newAnalysisPane(win fyne.Window, db *storage.DB, show func(annotate.PassageFilter)) *analysisPane {
	a := &analysisPane{win: win, db: db, show: show}
	a.kind = widget.NewSelect([]string{analysisMatrix, analysisCooccur, analysisAuthors, analysisAttribute}, func(string) { a.load() })
	a.attr = widget.NewSelect(nil, func(string) { a.load() })
	a.attr.PlaceHolder = "Choose an attribute"
	a.by = widget.NewSelect([]string{byEachDate, byMonth, byYear}, func(string) { a.load() })
	a.by.Selected = byMonth
	a.attr.Hide()
	a.by.Hide()
	a.scope = newDocScope()
	a.scope.OnChanged = a.load
	a.readAttributes()
	a.sub = widget.NewCheck("Count sub-codes", func(bool) { a.load() })
	a.status = widget.NewLabel("")
	a.table = widget.NewTableWithHeaders(a.size, a.createCell, a.updateCell)
	a.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	a.table.UpdateHeader = a.updateHeader
	a.table.OnSelected = func(id widget.TableCellID) {
		if f, ok := a.filter(id.Row, id.Col); ok && a.show != nil {
			a.show(f)
		}
		a.table.UnselectAll()
	}
	return a
}

func (a *analysisPane) content() fyne.CanvasObject {
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() {
		a.readAttributes()
		a.load()
	})
	export := widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), a.exportCSV)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(a.sub, refresh, export), a.kind),
		container.NewGridWithColumns(2, a.attr, a.by),
		a.scope,
		a.status,
	)
	return container.NewBorder(top, nil, nil, nil, a.table)
}

// readAttributes reads the documents' attributes for the attribute
// matrix and the scope.
func (a *analysisPane) readAttributes() {
	attrs, err := a.db.Attributes(context.Background())
	if err != nil {
		return
	}
	dv, err := a.db.DocumentValues(context.Background())
	if err != nil {
		return
	}
	a.attrs = attrs
	var names []string
	for _, x := range attrs {
		names = append(names, x.Name)
	}
	a.attr.Options = names
	if a.attribute() == nil {
		a.attr.Selected = ""
		if len(names) > 0 {
			a.attr.Selected = names[0]
		}
	}
	a.attr.Refresh()
	a.scope.setAttributes(attrs, dv)
}

// attribute is the attribute chosen for the code × attribute matrix.
func (a *analysisPane) attribute() *annotate.Attribute {
	for _, x := range a.attrs {
		if x.Name == a.attr.Selected {
			return x
		}
	}
	return nil
}

// dateGrouping is how the chosen date attribute's values are grouped.
func (a *analysisPane) dateGrouping() string {
	switch a.by.Selected {
	case byMonth:
		return annotate.ByMonth
	case byYear:
		return annotate.ByYear
	}
	return annotate.ByValue
}

// load computes the chosen analysis off the UI goroutine.
func (a *analysisPane) load() {
	if a.status == nil || a.scope == nil {
		return // still being built
	}
	kind := a.kind.Selected
	scope := storage.AnalysisScope{Subcodes: a.sub.Checked, Attributes: a.scope.Conditions()}
	attr, by := a.attribute(), a.dateGrouping()
	if kind == analysisAttribute {
		a.attr.Show()
		if attr != nil && attr.Kind == annotate.AttributeDate {
			a.by.Show()
		} else {
			a.by.Hide()
		}
	} else {
		a.attr.Hide()
		a.by.Hide()
	}
	if kind == analysisAttribute && attr == nil {
		a.m = nil
		a.status.SetText("Define a document attribute first (View ▸ Document Attributes…), then count the codes by its values.")
		a.table.Refresh()
		return
	}
	a.seq++
	seq := a.seq
	a.status.SetText("Counting…")
	offUI(func() {
		ctx := context.Background()
		var m *annotate.Matrix
		var err error
		switch kind {
		case analysisCooccur:
			m, err = a.db.TagCooccurrenceIn(ctx, scope)
		case analysisAuthors:
			m, err = a.db.AuthorTagMatrixIn(ctx, scope)
		case analysisAttribute:
			m, err = a.db.TagAttributeMatrix(ctx, attr.ID, by, scope)
		default:
			m, err = a.db.TagDocumentMatrixIn(ctx, scope)
		}
		fyne.Do(func() {
			if seq != a.seq {
				return
			}
			if err != nil {
				a.status.SetText("Cannot count: " + err.Error())
				return
			}
			a.setMatrix(m)
		})
	})
}

func (a *analysisPane) setMatrix(m *annotate.Matrix) {
	a.m, a.max = m, 0
	for _, row := range m.Counts {
		for _, v := range row {
			a.max = max(a.max, v)
		}
	}
	// Column headings (document titles, tag names) wrap over three lines:
	// titles often share their first words.
	a.table.SetColumnWidth(-1, 220)
	a.table.SetRowHeight(-1, 3*fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{Bold: true}).Height+2*theme.Padding())
	for c := 0; c < a.cols(); c++ {
		w := float32(130)
		if c >= len(m.Cols) {
			w = 90 // the totals
		}
		a.table.SetColumnWidth(c, w)
	}
	switch {
	case len(m.Rows) == 0 || len(m.Cols) == 0:
		a.status.SetText("Nothing to count yet.")
	default:
		a.status.SetText("Choose a count to list its passages.")
	}
	a.table.Refresh()
}

// cols is the number of table columns: the matrix's, and its totals.
func (a *analysisPane) cols() int {
	if a.m == nil {
		return 0
	}
	if a.m.TotalName != "" {
		return len(a.m.Cols) + 1
	}
	return len(a.m.Cols)
}

func (a *analysisPane) size() (int, int) {
	if a.m == nil {
		return 0, 0
	}
	return len(a.m.Rows), a.cols()
}

func (a *analysisPane) createCell() fyne.CanvasObject {
	shade := canvas.NewRectangle(color.Transparent)
	l := widget.NewLabel("")
	l.Alignment = fyne.TextAlignTrailing
	return container.NewStack(shade, l)
}

func (a *analysisPane) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	shade, l := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*widget.Label)
	if a.m == nil || id.Row >= len(a.m.Rows) {
		return
	}
	v, total := 0, id.Col >= len(a.m.Cols)
	if total {
		v = a.m.RowTotal(id.Row)
	} else {
		v = a.m.Counts[id.Row][id.Col]
	}
	l.TextStyle.Bold = total
	l.SetText(strconv.Itoa(v))
	shade.FillColor = color.Transparent
	if !total && v > 0 && a.max > 0 {
		p := theme.Color(theme.ColorNamePrimary)
		r, g, b, _ := p.RGBA()
		shade.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(30 + 150*v/a.max)}
	}
	shade.Refresh()
}

func (a *analysisPane) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 {
		l.Wrapping = fyne.TextWrapWord
	} else {
		l.Wrapping = fyne.TextWrapOff
	}
	if a.m == nil {
		l.SetText("")
		return
	}
	switch {
	case id.Row < 0 && id.Col < 0:
		l.SetText(a.m.Corner)
	case id.Row < 0 && id.Col < len(a.m.Cols):
		l.SetText(a.m.Cols[id.Col].Name)
	case id.Row < 0:
		l.SetText(a.m.TotalName)
	case id.Row < len(a.m.Rows):
		l.SetText(a.m.Rows[id.Row].Name)
	}
}

// filter returns the passages behind a cell, counted as the cell counts
// them: a tag in a document; the passages of two tags that overlap; an
// author's passages with a tag; a row's total.
func (a *analysisPane) filter(row, col int) (annotate.PassageFilter, bool) {
	if a.m == nil || row < 0 || row >= len(a.m.Rows) || col < 0 || col >= a.cols() {
		return annotate.PassageFilter{}, false
	}
	r := a.m.Rows[row].ID
	total := col >= len(a.m.Cols)
	sub := a.sub.Checked
	conds := a.scope.Conditions()
	switch a.kind.Selected {
	case analysisCooccur:
		return annotate.PassageFilter{Query: storage.CooccurrenceQuery(a.m.Rows[row], a.m.Cols[col]), Subcodes: sub, Attributes: conds}, true
	case analysisAuthors:
		if total {
			return annotate.PassageFilter{Authors: []string{r}, Attributes: conds}, true
		}
		return annotate.PassageFilter{Authors: []string{r}, TagIDs: []string{a.m.Cols[col].ID}, Subcodes: sub, Attributes: conds}, true
	case analysisAttribute:
		if at := a.attribute(); at != nil && !total {
			conds = append(conds, columnCondition(at, a.m.Cols[col].ID, a.dateGrouping()))
		}
	}
	if total {
		return annotate.PassageFilter{TagIDs: []string{r}, Subcodes: sub, Attributes: conds}, true
	}
	if a.kind.Selected == analysisAttribute {
		return annotate.PassageFilter{TagIDs: []string{r}, Subcodes: sub, Attributes: conds}, true
	}
	return annotate.PassageFilter{TagIDs: []string{r}, DocumentIDs: []string{a.m.Cols[col].ID}, Subcodes: sub, Attributes: conds}, true
}

// exportCSV saves the table shown as CSV.
func (a *analysisPane) exportCSV() {
	if a.m == nil {
		return
	}
	m := a.m
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, a.win)
			return
		}
		if w == nil {
			return
		}
		remember(folderExports, w.URI(), false)
		if err := writeMatrixCSV(w, m); err != nil {
			dialog.ShowError(fmt.Errorf("%s: %w", w.URI().Name(), err), a.win)
		}
	}, a.win)
	d.SetFileName(a.kind.Selected + ".csv")
	startIn(d, folderExports, a.db.Path())
	d.Show()
}

// writeMatrixCSV writes m to w. A local file is written through a
// temporary file and renamed, so a failure leaves no half-written table.
func writeMatrixCSV(w fyne.URIWriteCloser, m *annotate.Matrix) error {
	u := w.URI()
	if u.Scheme() != "file" {
		if err := m.WriteCSV(w); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}
	w.Close()
	path := u.Path()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gloss-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := m.WriteCSV(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// columnCondition keeps the documents of a column of the code × attribute
// matrix: its value (with dates grouped by month or year, every day in
// it), or no value.
func columnCondition(at *annotate.Attribute, col, by string) annotate.AttributeCondition {
	c := annotate.AttributeCondition{AttributeID: at.ID}
	switch {
	case col == annotate.NotSetLabel:
		c.NotSet = true
	case at.Kind == annotate.AttributeDate && by != annotate.ByValue:
		c.Min, c.Max = col, col
	default:
		c.Values = []string{col}
	}
	return c
}
