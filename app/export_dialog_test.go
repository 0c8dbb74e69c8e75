package app

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/export"
)

// exportTestProject has one document and two tagged passages, one with a note.
func exportTestProject(t *testing.T) (*exportForm, string) {
	t.Helper()
	ctx := context.Background()
	db := testProject(t)
	doc := &annotate.Document{Title: "Summit", Outlet: "Wire", Text: "Putin met Biden in Genève.\nThe ambassadors will return to their posts."}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	var tags []*annotate.Tag
	for _, name := range []string{"Ambassadors", "Cooperation"} {
		tag := &annotate.Tag{Name: name, Color: "#4363d8"}
		if err := db.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag)
	}
	for i, q := range []string{"ambassadors will return", "Putin met Biden"} {
		start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), q, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: q, Tags: []string{tags[i].ID},
			Note: annotate.Note{Text: "“Both sides” — noted"}}
		if err := db.CreatePassage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	f, err := newExportForm(db, "pdf")
	if err != nil {
		t.Fatal(err)
	}
	return f, filepath.Join(t.TempDir(), f.fileName())
}

func TestExportFormOptions(t *testing.T) {
	test.NewTempApp(t)
	f, path := exportTestProject(t)
	if filepath.Base(path) != "p.pdf" || f.title.Text != "p" || f.preparedBy.Text != "Ada" {
		t.Errorf("defaults: file %q, title %q, prepared by %q", filepath.Base(path), f.title.Text, f.preparedBy.Text)
	}
	f.title.SetText("Geneva: “outcomes”?")
	if got := f.fileName(); got != "Geneva- “outcomes”-.pdf" {
		t.Errorf("file name %q", got)
	}
	f.subtitle.SetText("June 2021")
	f.groupBy.SetSelected("By document")
	f.tags.SetSelected([]string{"Ambassadors (1)"})
	f.authors.SetSelected([]string{"Ada"})
	o := f.options()
	if o.Title != "Geneva: “outcomes”?" || o.Subtitle != "June 2021" || o.GroupBy != export.GroupByDocument ||
		len(o.Tags) != 1 || f.tagIDs["Ambassadors (1)"] != o.Tags[0] || len(o.Authors) != 1 || o.Project != "p" {
		t.Errorf("options %+v", o)
	}
	if _, err := newExportForm(f.db, "docx"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func TestExportFormWritesPDF(t *testing.T) {
	test.NewTempApp(t)
	inline(t) // under the test driver, a worker's fyne.Do would race the test's drawing
	win := test.NewTempWindow(t, nil)
	f, path := exportTestProject(t)
	f.title.SetText("Summit brief")
	f.tags.SetSelected([]string{"Ambassadors (1)"})
	done := make(chan error, 1)
	f.start(win, path, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if f.progress.Value != 1 {
		t.Errorf("progress bar at %v after the export, want 1", f.progress.Value)
	}
	if !strings.HasPrefix(f.status.Text, "Wrote ") {
		t.Errorf("status %q", f.status.Text)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Summit brief", "ambassadors will return", "“Both sides” — noted"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "Putin met Biden") {
		t.Error("a passage outside the chosen tags was exported")
	}
}

func TestExportFormCancels(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	f, path := exportTestProject(t)
	started := make(chan struct{})
	f.write = func(ctx context.Context, w io.Writer, src export.Source, o export.Options) error {
		w.Write([]byte("partial"))
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}
	done := make(chan error, 1)
	f.start(win, path, func(err error) { done <- err })
	<-started
	f.cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if f.status.Text != "Export cancelled." {
		t.Errorf("status %q", f.status.Text)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a cancelled export left %s behind (%v)", path, err)
	}
}

// TestExportFormWhere narrows an export to the documents an attribute
// keeps.
func TestExportFormWhere(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	db := testProject(t)
	wire := &annotate.Document{Title: "Wire", Text: "The ambassadors will return to their posts."}
	paper := &annotate.Document{Title: "Paper", Text: "The ambassadors will return soon, officials said."}
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	if err := db.CreateAttribute(ctx, outlet); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*annotate.Document{wire, paper} {
		if _, err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		start, end, err := annotate.FindQuote(annotate.NewText(d.Text), "ambassadors will return", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: d.ID, Start: start, End: end, Quote: "ambassadors will return", Tags: []string{tag.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetAttributes(ctx, map[string]map[string]string{wire.ID: {outlet.ID: "Wire"}, paper.ID: {outlet.ID: "Newspaper"}}); err != nil {
		t.Fatal(err)
	}
	f, err := newExportForm(db, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !f.where.Visible() {
		t.Fatal("the export's scope offers no attribute condition")
	}
	f.where.addRow("Outlet type")
	f.where.rows[0].value.SetSelected("Newspaper")
	var buf strings.Builder
	if err := export.CSV(ctx, &buf, db, f.options()); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "Paper") || strings.Contains(out, "Wire,") {
		t.Fatalf("an export of newspapers' passages:\n%s", out)
	}
}

// TestAnExportNotWrittenKeepsItsChoices types a title and subtitle into
// Export PDF briefing, presses Export…, and cancels the save dialog: the
// export dialog is back with what was typed, still asked about when the
// project closes. Then the file chosen cannot be written (its folder is
// gone): the error is shown over the export dialog, which again holds what
// was typed.
func TestAnExportNotWrittenKeepsItsChoices(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	shown := captureSaves(t)
	showExportDialog(u.win, u.proj, "pdf")
	typed := topEntries(t, u.win)
	typed[0].SetText("What Geneva settled")
	typed[1].SetText("June 2021")
	same := func(when string) {
		t.Helper()
		es := topEntries(t, u.win)
		if len(es) != len(typed) || es[0] != typed[0] || es[1] != typed[1] ||
			es[0].Text != "What Geneva settled" || es[1].Text != "June 2021" {
			t.Fatalf("%s: the export dialog is not back with what was typed (top: %q)", when, topText(u.win))
		}
		if got := u.proj.unsavedTyping(); !slices.Equal(got, []string{"Export PDF briefing: nothing is exported yet"}) {
			t.Fatalf("%s: asked about %q", when, got)
		}
	}

	tapDialogButton(t, u.win, "Export…")
	(*shown)[0].done(nil, nil)
	same("save dialog cancelled")

	tapDialogButton(t, u.win, "Export…")
	w, path := writerIntoGoneFolder(t, (*shown)[1].opt.name)
	(*shown)[1].done(w, nil)
	if got := topText(u.win); !strings.Contains(strings.ToLower(got), strings.ToLower("could not export "+filepath.Base(path))) {
		t.Fatalf("the window shows %q, want the export's error", got)
	}
	tapDialogButton(t, u.win, "OK")
	same("export failed")
}
