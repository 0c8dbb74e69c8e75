package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/chart"
)

func TestAnalysisView(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	ctx := context.Background()
	db := testProject(t)
	a1 := &annotate.Document{Title: "Axios", Text: "Biden raised human rights and cyberattacks."}
	r1 := &annotate.Document{Title: "Reuters", Text: "Ransomware was discussed."}
	for _, d := range []*annotate.Document{a1, r1} {
		if _, err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	rights := &annotate.Tag{Name: "Human rights", Color: "#4363d8"}
	cyber := &annotate.Tag{Name: "Cyber red lines", Color: "#e6194b"}
	for _, tag := range []*annotate.Tag{rights, cyber} {
		if err := db.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
	}
	code := func(d *annotate.Document, quote string, tags ...string) {
		s, e, err := annotate.FindQuote(annotate.NewText(d.Text), quote, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: d.ID, Start: s, End: e, Quote: quote, Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	code(a1, "raised human rights", rights.ID)
	code(a1, "human rights and cyberattacks", cyber.ID)
	code(r1, "Ransomware", cyber.ID)

	var shown []annotate.PassageFilter
	w := test.NewTempWindow(t, widget.NewLabel(""))
	a := newAnalysisPane(w, db, func(f annotate.PassageFilter) { shown = append(shown, f) })
	w.SetContent(a.content())
	w.Resize(fyne.NewSize(700, 400))
	a.kind.SetSelected(analysisMatrix)

	if rows, cols := a.size(); rows != 2 || cols != 3 {
		t.Fatalf("matrix is %d × %d, want 2 tags × (2 documents + total)", rows, cols)
	}
	if got := cellText(a, 1, 0) + " " + cellText(a, 1, 1) + " " + cellText(a, 1, 2); got != "1 1 2" {
		t.Fatalf("Cyber row = %s, want 1 1 2", got)
	}
	a.table.Select(widget.TableCellID{Row: 1, Col: 1})
	if len(shown) != 1 || strings.Join(shown[0].TagIDs, ",") != cyber.ID || strings.Join(shown[0].DocumentIDs, ",") != r1.ID {
		t.Fatalf("cell chose %+v", shown)
	}
	// The filter lists what the cell counts.
	ps, err := db.Passages(ctx, shown[0])
	if err != nil || len(ps) != 1 || ps[0].Quote != "Ransomware" {
		t.Fatalf("passages of the cell: %v %v", ps, err)
	}

	a.kind.SetSelected(analysisCooccur)
	if got := cellText(a, 0, 1); got != "1" {
		t.Fatalf("Human rights × Cyber = %s, want 1 (the overlapping passages)", got)
	}
	if got := cellText(a, 1, 1); got != "2" {
		t.Fatalf("Cyber × Cyber = %s, want 2 (its passages)", got)
	}
	// Its passages are the two that overlap, not every passage of either.
	a.table.Select(widget.TableCellID{Row: 0, Col: 1})
	last := shown[len(shown)-1]
	ps, err = db.Passages(ctx, last)
	if err != nil || len(ps) != 2 || ps[0].Quote != "raised human rights" || ps[1].Quote != "human rights and cyberattacks" {
		t.Fatalf("Human rights × Cyber lists %+v (%v) for %+v", ps, err, last)
	}

	a.kind.SetSelected(analysisAuthors)
	a.table.Select(widget.TableCellID{Row: 0, Col: 2})
	if last := shown[len(shown)-1]; len(last.Authors) != 1 || last.Authors[0] != "Ada" || len(last.TagIDs) != 0 || cellText(a, 0, 2) != "3" {
		t.Fatalf("author total chose %+v, shows %s", last, cellText(a, 0, 2))
	}

	// CSV export writes the table shown.
	path := filepath.Join(t.TempDir(), "authors.csv")
	wr, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := writeMatrixCSV(wr, a.m); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "Author,Human rights,Cyber red lines,Passages\nAda,1,2,3\n" {
		t.Fatalf("CSV = %q", b)
	}
}

// cellText renders a table cell through the view's own update function.
func cellText(a *analysisPane, row, col int) string {
	o := a.createCell()
	a.updateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*fyne.Container).Objects[1].(*widget.Label).Text
}

// TestAnalysisByAttribute counts codes by a document attribute, and each
// cell lists exactly the passages it counts.
func TestAnalysisByAttribute(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
	})
	db := u.proj.db
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	published := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	for _, a := range []*annotate.Attribute{outlet, published} {
		if err := db.CreateAttribute(bg, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetAttributes(bg, map[string]map[string]string{u.doc.ID: {outlet.ID: "Newspaper", published.ID: "2021-06-16"}}); err != nil {
		t.Fatal(err)
	}
	var shown []annotate.PassageFilter
	w := test.NewTempWindow(t, widget.NewLabel(""))
	a := newAnalysisPane(w, db, func(f annotate.PassageFilter) { shown = append(shown, f) })
	w.SetContent(a.content())
	w.Resize(fyne.NewSize(900, 500))
	a.kind.SetSelected(analysisAttribute)
	if a.attr.Hidden || a.m == nil {
		t.Fatalf("attribute matrix not shown (attribute select hidden %v)", a.attr.Hidden)
	}
	var cols []string
	for _, c := range a.m.Cols {
		cols = append(cols, c.Name)
	}
	if strings.Join(cols, ",") != "Wire,Newspaper,(not set)" {
		t.Fatalf("columns %v", cols)
	}
	cyber := u.cb.named("Cyber red lines")
	row := -1
	for i, r := range a.m.Rows {
		if r.ID == cyber.ID {
			row = i
		}
	}
	if got := cellText(a, row, 1); got != "2" {
		t.Fatalf("Cyber red lines in newspapers = %s", got)
	}
	a.table.Select(widget.TableCellID{Row: row, Col: 1})
	ps, err := db.Passages(bg, shown[len(shown)-1])
	if err != nil || len(ps) != 2 {
		t.Fatalf("the cell lists %d passages (%v)", len(ps), err)
	}
	a.attr.SetSelected("Published")
	if a.by.Hidden || a.m.Cols[0].Name != "2021-06" {
		t.Fatalf("by month: %v (grouping hidden %v)", a.m.Cols, a.by.Hidden)
	}
	// The scope keeps the documents with an outlet type only.
	a.scope.addRow("Outlet type")
	a.scope.rows[0].value.SetSelected("Wire")
	if n := a.m.RowTotal(row); n != 0 {
		t.Fatalf("Cyber red lines in wire copy: %d", n)
	}
}

// TestAnalysisChart shows the code × attribute table as a chart, saves it
// as PNG and SVG, and offers no chart for the tables that have none.
func TestAnalysisChart(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
	})
	db := u.proj.db
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	if err := db.CreateAttribute(bg, outlet); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAttribute(bg, u.doc.ID, outlet.ID, "Newspaper"); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	a := newAnalysisPane(w, db, nil)
	w.SetContent(a.content())
	w.Resize(fyne.NewSize(900, 500))
	a.kind.SetSelected(analysisMatrix)
	if a.view.Visible() || a.saveChart.Visible() {
		t.Fatal("the code × document table offers a chart")
	}
	a.kind.SetSelected(analysisAttribute)
	if !a.view.Visible() || !a.table.Visible() {
		t.Fatal("the code × attribute table offers no chart, or is not shown first")
	}
	a.view.SetSelected(viewChart)
	if a.table.Visible() || !a.chartPane.Visible() || a.chart.Image == nil {
		t.Fatalf("the chart is not shown (table visible %v, image %v, note %q)", a.table.Visible(), a.chart.Image != nil, a.chartNote.Text)
	}
	if b := a.chart.Image.Bounds(); b.Dx() != 1120 {
		t.Fatalf("chart image %v", b)
	}
	dir := t.TempDir()
	for _, name := range []string{"outlets.png", "outlets.svg"} {
		path := filepath.Join(dir, name)
		wr, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		opt := a.chartOptions(strings.TrimPrefix(filepath.Ext(name), "."))
		if err := writeURI(wr, func(out io.Writer) error { return chart.WriteMatrix(out, a.m, opt) }); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || len(b) < 1000 {
			t.Fatalf("%s: %d bytes, %v", name, len(b), err)
		}
		if name == "outlets.svg" && (!bytes.Contains(b, []byte("Passages per code by Outlet type")) || !bytes.Contains(b, []byte("Newspaper"))) {
			t.Fatalf("the SVG lacks its title or a column")
		}
	}
	// A scope that keeps nothing says there is nothing to chart.
	a.scope.addRow("Outlet type")
	a.scope.rows[0].value.SetSelected("Wire")
	if a.chart.Image != nil || !strings.Contains(a.chartNote.Text, "Nothing to chart") {
		t.Fatalf("an empty chart: image %v, note %q", a.chart.Image != nil, a.chartNote.Text)
	}
	a.kind.SetSelected(analysisCooccur)
	if a.view.Visible() || !a.table.Visible() {
		t.Fatal("co-occurrence is not shown as its table")
	}
}
