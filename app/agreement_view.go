package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export"
	gstorage "gloss/storage"
)

// agreementColumns are the agreement table's headings; Only A and Only B
// are replaced by the researchers' names.
var agreementColumns = []string{"Code", "Agreement", "Kappa", "Strength", "Both", "Only A", "Only B"}

// agreementView compares two researchers' coding of the project: per tag
// and overall, character-level percent agreement and Cohen's kappa.
type agreementView struct {
	win    fyne.Window
	db     *gstorage.DB
	proj   *session // the project compared; its export stops when it closes
	a, b   *widget.Select
	status *widget.Label
	table  *widget.Table
	save   *widget.Button
	rows   []gstorage.AgreementRow // the tags, then the overall row
	names  [2]string               // the researchers the rows compare

	content fyne.CanvasObject
}

// newAgreementView returns the coding comparison panel: two researcher
// pickers, a table of agreement per tag and a CSV export. The comparison
// runs in a goroutine whenever the choice changes or Refresh is pressed.
func newAgreementView(win fyne.Window, s *session) fyne.CanvasObject {
	v := makeAgreementView(win, s.db)
	v.proj = s
	v.chooseFirstTwo()
	return v.content
}

// makeAgreementView builds the panel with nobody chosen yet.
func makeAgreementView(win fyne.Window, db *gstorage.DB) *agreementView {
	v := &agreementView{win: win, db: db, status: widget.NewLabel("")}
	v.status.Wrapping = fyne.TextWrapWord
	authors, err := db.Authors(context.Background())
	if err != nil {
		v.status.SetText(err.Error())
	}
	v.a = widget.NewSelect(authors, func(string) { v.compare() })
	v.b = widget.NewSelect(authors, func(string) { v.compare() })
	v.a.PlaceHolder, v.b.PlaceHolder = "Researcher A", "Researcher B"
	v.table = widget.NewTable(
		func() (int, int) { return len(v.rows), len(agreementColumns) },
		func() fyne.CanvasObject { return widget.NewLabel("Human rights and sanctions") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.cell(id.Row, id.Col)) },
	)
	v.table.ShowHeaderRow = true
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(v.heading(id.Col))
		} else {
			o.(*widget.Label).SetText("")
		}
	}
	for i, w := range []float32{220, 100, 80, 120, 80, 100, 100} {
		v.table.SetColumnWidth(i, w)
	}
	v.save = widget.NewButton("Save as CSV…", v.saveCSV)
	v.save.Disable()
	refresh := widget.NewButton("Refresh", func() {
		// A merge may have brought new researchers.
		if authors, err := db.Authors(context.Background()); err == nil {
			v.a.SetOptions(authors)
			v.b.SetOptions(authors)
		}
		v.compare()
	})
	if len(authors) < 2 {
		v.status.SetText(oneCoderText(authors))
	}
	top := container.NewVBox(
		container.NewHBox(widget.NewLabel("Compare"), v.a, widget.NewLabel("with"), v.b, refresh, v.save),
		v.status,
	)
	v.content = container.NewBorder(top, nil, nil, nil, v.table)
	return v
}

// chooseFirstTwo compares the first two researchers, when there are two.
func (v *agreementView) chooseFirstTwo() {
	if len(v.a.Options) >= 2 {
		v.a.SetSelected(v.a.Options[0]) // compares once both are set
		v.b.SetSelected(v.a.Options[1])
	}
}

// oneCoderText says why there is nothing to compare in a project with
// the work of fewer than two researchers, naming the one there is.
func oneCoderText(authors []string) string {
	has := "no coding yet"
	if len(authors) == 1 {
		has = "only the work of " + authors[0]
	}
	return "Agreement compares two researchers' coding; this project has " + has + ". Merge a colleague's file first."
}

// heading is column col's heading: the two Only columns name the
// researchers compared, and are Only A and Only B until they are chosen.
func (v *agreementView) heading(col int) string {
	switch {
	case col == 5 && v.names[0] != "":
		return "Only " + v.names[0]
	case col == 6 && v.names[1] != "":
		return "Only " + v.names[1]
	}
	return agreementColumns[col]
}

// cell returns the text of one cell of the table.
func (v *agreementView) cell(row, col int) string {
	if row >= len(v.rows) {
		return ""
	}
	r := v.rows[row]
	switch col {
	case 0:
		if r.Tag == "" {
			return "All codes"
		}
		return r.Tag
	case 1:
		return fmt.Sprintf("%.2f%%", r.Percent)
	case 2:
		return fmt.Sprintf("%.3f", annotate.RoundKappa(r.Kappa, 3))
	case 3:
		return annotate.KappaBand(annotate.RoundKappa(r.Kappa, 3))
	case 4:
		return annotate.Number(int(r.Both))
	case 5:
		return annotate.Number(int(r.OnlyA))
	case 6:
		return annotate.Number(int(r.OnlyB))
	}
	return ""
}

// compare recomputes the table for the chosen researchers off the UI
// goroutine.
func (v *agreementView) compare() {
	a, b := v.a.Selected, v.b.Selected
	if a == "" || b == "" {
		return
	}
	if a == b {
		v.show(a, b, nil, fmt.Errorf("choose two different researchers"))
		return
	}
	v.status.SetText("Comparing " + a + " and " + b + "…")
	var rep *gstorage.AgreementReport
	var err error
	shareInBackground(func() {
		rep, err = v.db.CodingAgreement(context.Background(), a, b)
	}, func() { v.show(a, b, rep, err) })
}

// show puts a comparison's result in the table.
func (v *agreementView) show(a, b string, rep *gstorage.AgreementReport, err error) {
	if a != v.a.Selected || b != v.b.Selected {
		return // a newer comparison is on its way
	}
	v.names = [2]string{a, b}
	if err != nil {
		v.rows = nil
		v.status.SetText(err.Error())
		v.save.Disable()
		v.table.Refresh()
		return
	}
	v.rows = append(append([]gstorage.AgreementRow(nil), rep.Rows...), rep.Overall)
	if len(rep.Rows) == 0 {
		v.rows = nil
		v.save.Disable()
	} else {
		v.save.Enable()
	}
	v.status.SetText(agreementScope(rep))
	v.table.Refresh()
}

// agreementScope says what a comparison covered, and what it left out
// because only one of the two researchers had it.
func agreementScope(rep *gstorage.AgreementReport) string {
	var s string
	switch {
	case rep.Documents == 0:
		s = fmt.Sprintf("%s and %s have no document in common, so there is nothing to compare.", rep.A, rep.B)
	case len(rep.Rows) == 0:
		s = fmt.Sprintf("%s and %s have no code in common, so there is nothing to compare.", rep.A, rep.B)
	default:
		s = fmt.Sprintf("Character by character over the %s both had: for each code, whether %s and %s both coded a character, one did, or neither.",
			plural(rep.Documents, "document"), rep.A, rep.B)
	}
	for _, l := range []struct {
		who, what string
		items     []string
	}{
		{rep.A, "documents", rep.DocumentsOnlyA}, {rep.B, "documents", rep.DocumentsOnlyB},
		{rep.A, "codes", rep.TagsOnlyA}, {rep.B, "codes", rep.TagsOnlyB},
	} {
		if len(l.items) > 0 {
			s += fmt.Sprintf(" Not compared, as only %s had them: %s %s.", l.who, l.what, annotate.Ellipsize(strings.Join(l.items, "; "), 200))
		}
	}
	return s
}

// saveCSV writes the table to a CSV file the researcher chooses.
func (v *agreementView) saveCSV() {
	rows, names := v.rows, v.names
	showSave(v.win, v.proj, saveAs{name: fmt.Sprintf("agreement %s-%s.csv", names[0], names[1]), exts: []string{".csv"}, folder: folderExports, near: v.db.Path()},
		func(w fyne.URIWriteCloser) {
			lines := make([]export.AgreementLine, len(rows))
			for i, r := range rows {
				lines[i] = export.AgreementLine{Name: r.Tag, TagAgreement: r.TagAgreement}
				if r.Tag == "" {
					lines[i].Name = "(all codes)"
				}
			}
			write := func(out io.Writer) error { return export.AgreementCSV(out, names[0], names[1], lines) }
			// Written whole through a temporary file, or not at all.
			if err := writeURI(w, write); err != nil {
				dialog.ShowError(err, v.win)
			}
		})
}
