package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/chart"
	"gloss/storage"
)

// The analyses the view offers.
const (
	analysisMatrix    = "Codes × documents"
	analysisCooccur   = "Code co-occurrence"
	analysisAuthors   = "Passages per author"
	analysisAttribute = "Codes × a document attribute"
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
	proj *session // the project the tables are of; its exports stop when it closes
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
	colors map[string]string // tag ID → colour, for the charts

	// The code × attribute and coder tables can be seen as a chart.
	view      *widget.RadioGroup // viewTable or viewChart
	chart     *canvas.Image
	chartNote *widget.Label // why there is no chart
	saveChart *widget.Button
	chartSeq  int
	chartPane fyne.CanvasObject
	statusRow *fyne.Container // the status, and the chart's controls
}

// How the chartable tables are shown.
const (
	viewTable = "Table"
	viewChart = "Chart"
)

// newAnalysisView returns the analysis view; show lists the passages of a
// chosen cell.
func newAnalysisView(win fyne.Window, s *session, show func(annotate.PassageFilter)) fyne.CanvasObject {
	a := newAnalysisPane(win, s.db, show)
	a.proj = s
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
	a.view = widget.NewRadioGroup([]string{viewTable, viewChart}, func(string) { a.showView() })
	a.view.Horizontal = true
	a.view.Required = true
	a.view.Selected = viewTable
	a.chart = canvas.NewImageFromImage(nil)
	a.chart.FillMode = canvas.ImageFillContain
	a.chart.ScaleMode = canvas.ImageScaleSmooth
	a.chartNote = widget.NewLabel("")
	a.chartNote.Alignment = fyne.TextAlignCenter
	a.chartNote.Wrapping = fyne.TextWrapWord
	a.saveChart = widget.NewButtonWithIcon("Export chart…", theme.DocumentSaveIcon(), a.exportChart)
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
	a.statusRow = container.NewBorder(nil, nil, nil, container.NewHBox(a.view, a.saveChart), a.status)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(a.sub, refresh, export), a.kind),
		container.NewGridWithColumns(2, a.attr, a.by),
		a.scope,
		a.statusRow,
	)
	// The chart sits on white, as it is exported.
	paper := canvas.NewRectangle(color.White)
	charted := container.NewStack(paper, a.chart, container.NewCenter(a.chartNote))
	a.chartPane = charted
	// Only now, with the chart's pane made, can the one not chosen be
	// hidden: shown before, the white chart pane covered the table.
	a.showView()
	return container.NewBorder(top, nil, nil, nil, container.NewStack(a.table, charted))
}

// chartable reports whether the analysis shown can be drawn as a chart:
// passages per code by an attribute's values, or per coder.
func (a *analysisPane) chartable() bool {
	return a.kind.Selected == analysisAttribute || a.kind.Selected == analysisAuthors
}

// showView shows the table or the chart, and the chart's controls for
// the analyses that have one.
func (a *analysisPane) showView() {
	if !a.chartable() {
		a.view.Hide()
		a.saveChart.Hide()
	} else {
		a.view.Show()
		a.saveChart.Show()
	}
	if a.chartPane == nil {
		return
	}
	a.statusRow.Refresh()
	if a.chartable() && a.view.Selected == viewChart {
		a.table.Hide()
		a.chartPane.Show()
		a.drawChart()
	} else {
		a.chartPane.Hide()
		a.table.Show()
	}
}

// chartOptions are how the matrix shown is drawn: a bar per code stacked
// by the attribute's values, or, for dates and numbers, a bar per value
// along the bottom stacked by code in the codes' colours.
func (a *analysisPane) chartOptions(format string) chart.MatrixOptions {
	opt := chart.MatrixOptions{Format: format, Title: "Passages per coder and code"}
	if a.kind.Selected != analysisAttribute {
		return opt
	}
	at := a.attribute()
	if at == nil {
		return opt
	}
	opt.Title = "Passages per code by " + at.Name
	if at.Kind == annotate.AttributeDate && a.dateGrouping() != annotate.ByValue {
		opt.Title += ", " + a.by.Selected
	}
	if at.Kind == annotate.AttributeDate || at.Kind == annotate.AttributeNumber {
		opt.OverColumns = true
		opt.RowColors = a.colors
	}
	return opt
}

// drawChart renders the matrix shown as a chart off the UI goroutine.
func (a *analysisPane) drawChart() {
	m := a.m
	a.chartSeq++
	seq := a.chartSeq
	if m == nil {
		a.chart.Image = nil
		a.chart.Refresh()
		a.chartNote.SetText("")
		return
	}
	opt := a.chartOptions("png")
	offUI(func() {
		var buf bytes.Buffer
		err := chart.WriteMatrix(&buf, m, opt)
		var img image.Image
		if err == nil {
			img, err = png.Decode(&buf)
		}
		fyne.Do(func() {
			if seq != a.chartSeq {
				return
			}
			a.chart.Image = img
			a.chart.Refresh()
			switch {
			case errors.Is(err, chart.ErrEmpty):
				a.chartNote.SetText("Nothing to chart: no passages are counted here.")
			case err != nil:
				a.chartNote.SetText("Cannot draw the chart: " + err.Error())
			default:
				a.chartNote.SetText("")
			}
		})
	})
}

// exportChart saves the chart of the table shown as PNG or SVG, chosen
// by the file name's extension.
func (a *analysisPane) exportChart() {
	if a.m == nil {
		return
	}
	m := a.m
	showSave(a.win, a.proj, saveAs{name: a.kind.Selected + ".png", exts: []string{".png", ".svg"}, folder: folderExports, near: a.db.Path()},
		func(w fyne.URIWriteCloser) {
			format := chart.FormatOf(w.URI().Name())
			if format == "" {
				w.Close()
				dialog.ShowError(fmt.Errorf("%s: name the chart .png or .svg", w.URI().Name()), a.win)
				return
			}
			opt := a.chartOptions(format)
			if err := writeURI(w, func(out io.Writer) error { return chart.WriteMatrix(out, m, opt) }); err != nil {
				dialog.ShowError(err, a.win)
			}
		})
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
	if tags, err := a.db.Tags(context.Background()); err == nil {
		a.colors = map[string]string{}
		for _, t := range tags {
			a.colors[t.ID] = t.Color
		}
	}
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
	a.showView()
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
	if a.chartable() && a.view.Selected == viewChart {
		a.drawChart()
	}
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
	l.SetText(annotate.Number(v))
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
	showSave(a.win, a.proj, saveAs{name: a.kind.Selected + ".csv", exts: []string{".csv"}, folder: folderExports, near: a.db.Path()},
		func(w fyne.URIWriteCloser) {
			if err := writeMatrixCSV(w, m); err != nil {
				dialog.ShowError(err, a.win)
			}
		})
}

// writeMatrixCSV writes m to w (see writeURI).
func writeMatrixCSV(w fyne.URIWriteCloser, m *annotate.Matrix) error {
	return writeURI(w, m.WriteCSV)
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
