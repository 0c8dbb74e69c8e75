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
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/interchange"
	"gloss/storage"
)

// mustInterchangeProject creates a project with one document, one tag and
// one passage with a note.
func mustInterchangeProject(t *testing.T, name string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetAuthor("Ada")
	doc := &annotate.Document{Title: "Summit", URL: "https://example.org/summit", Text: "Biden and Putin met in Geneva; the ambassadors will return."}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#f58231"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), "the ambassadors will return", 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: "the ambassadors will return", Tags: []string{tag.ID}, Note: annotate.Note{Text: "Key outcome"}}
	if err := db.CreatePassage(ctx, p); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestExportAnnotationsEveryFormat(t *testing.T) {
	db := mustInterchangeProject(t, "geneva.gloss")
	for _, format := range []string{"json", "qdpx", "qdc"} {
		var buf bytes.Buffer
		msg, err := exportAnnotations(context.Background(), db, format, &buf)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if msg == "" {
			t.Errorf("%s: no message", format)
		}
		b, err := interchange.Read("out."+format, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("%s: the export does not read back: %v", format, err)
		}
		if len(b.Tags) != 1 || b.Tags[0].Name != "Ambassadors" {
			t.Errorf("%s: tags %+v", format, b.Tags)
		}
		if format != "qdc" && (len(b.Passages) != 1 || b.Passages[0].Note != "Key outcome") {
			t.Errorf("%s: passages %+v", format, b.Passages)
		}
	}
	if _, err := exportAnnotations(context.Background(), db, "docx", &bytes.Buffer{}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestWriteURIReplacesWhole writes over a longer file through the writer
// a save dialog gives: the file holds the new text alone, with its usual
// permissions, and no temporary file is left.
func TestWriteURIReplacesWhole(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "out.jsonld")
	os.WriteFile(path, []byte("an older, longer export that must disappear entirely"), 0o644)
	w, err := fynestorage.Writer(fynestorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := writeURI(w, func(out io.Writer) error { _, err := io.WriteString(out, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != "new" {
		t.Errorf("file holds %q", got)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v %v, want rw-r--r--", st.Mode(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestImportReportDialog imports a colleague's export through the same
// function the dialog calls and checks the report the dialog shows.
func TestImportReportDialog(t *testing.T) {
	test.NewTempApp(t)
	src := mustInterchangeProject(t, "a.gloss")
	var buf bytes.Buffer
	if _, err := exportAnnotations(context.Background(), src, "json", &buf); err != nil {
		t.Fatal(err)
	}
	dst := mustInterchangeProject(t, "b.gloss") // the same article, its own passage
	path := filepath.Join(t.TempDir(), "a.jsonld")
	os.WriteFile(path, buf.Bytes(), 0o644)
	rc, err := fynestorage.Reader(fynestorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	name, r, size, closeFn, err := openImportFile(rc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importAnnotations(context.Background(), dst, name, r, size)
	closeFn()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Matched != 1 || rep.Added != 0 {
		t.Errorf("report: %s", rep.Summary())
	}

	win := test.NewTempWindow(t, widget.NewLabel("project"))
	win.Resize(fyne.NewSize(800, 600))
	showImportReport(win, rep)
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	var texts []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, child := range c.Objects {
				walk(child)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		}
	}
	walk(top)
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, rep.Summary()) || !strings.Contains(all, "Already there passage") {
		t.Errorf("the dialog shows:\n%s", all)
	}
}

func TestImportReportViewShowsSelectedLineInFull(t *testing.T) {
	test.NewTempApp(t)
	rep := &annotate.ImportReport{File: "x.json"}
	rep.Add(annotate.ReportLine{Kind: annotate.ReportUnanchored, What: "passage", Key: "hyp-3",
		Detail: "quote \"the handshake was brief\" not found in \"Biden and Putin meet in Geneva\", a detail long enough to be cut in the list"})
	view := newImportReportView(rep)
	w := test.NewTempWindow(t, view)
	w.Resize(fyne.NewSize(400, 300))
	border := view.(*fyne.Container)
	var list *widget.List
	var labels []*widget.Label
	for _, o := range border.Objects {
		switch o := o.(type) {
		case *widget.List:
			list = o
		case *widget.Label:
			labels = append(labels, o)
		}
	}
	if list == nil || len(labels) != 2 {
		t.Fatalf("view holds %v", border.Objects)
	}
	if labels[0].Text != rep.Summary() {
		t.Errorf("summary %q", labels[0].Text)
	}
	list.Select(0)
	if d := labels[1].Text; !strings.Contains(d, "hyp-3") || !strings.Contains(d, "a detail long enough to be cut in the list") {
		t.Errorf("detail after selecting: %q", d)
	}
}
