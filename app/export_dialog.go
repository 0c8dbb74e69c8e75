package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export"
	"gloss/storage"
)

// exportFormats names the formats the export dialog writes.
var exportFormats = map[string]struct{ title, ext string }{
	"pdf": {"Export PDF briefing", ".pdf"},
	"csv": {"Export passages as CSV", ".csv"},
	"md":  {"Export briefing as Markdown", ".md"},
}

// exporters are the export functions by format.
var exporters = map[string]func(context.Context, io.Writer, export.Source, export.Options) error{
	"pdf": export.PDF, "csv": export.CSV, "md": export.Markdown,
}

// showExportDialog asks what to export (title, scope, grouping), then where
// to save it, and writes the file off the UI goroutine with a progress bar
// that can cancel. format is "pdf", "csv" or "md".
//
// The export is of the project s: closing it (another opened) dismisses
// the dialogs and stops an export under way, which writes nothing and says
// so.
func showExportDialog(win fyne.Window, s *session, format string) {
	db := s.db
	f, err := newExportForm(db, format)
	if err != nil {
		dialog.ShowError(err, win)
		return
	}
	f.proj = s
	spec := exportFormats[format]
	var e *editingDialog
	// The choices made and typed are not lost to a file not chosen or an
	// export that failed: the dialog shows again with them.
	f.back = func() { e.reopen() }
	d := dialog.NewCustomConfirm(spec.title, "Export…", "Cancel", f.content(), func(ok bool) {
		if !ok {
			return
		}
		showSave(win, s, saveAs{name: f.fileName(), exts: []string{spec.ext}, folder: folderExports, near: db.Path(), back: f.back},
			func(w fyne.URIWriteCloser) {
				// The file is written afresh through a temporary file next
				// to it, so that a failed export leaves nothing half-written.
				w.Close()
				f.start(win, w.URI().Path(), nil)
			})
	}, win)
	d.Resize(fyne.NewSize(560, 620))
	d.Show()
	e = askingFirst(d, win, spec.title, errors.New("nothing is exported yet"), f.title, f.subtitle, f.preparedBy)
	s.keep(e)
}

// exportForm holds the export dialog's choices.
type exportForm struct {
	db     *storage.DB
	format string

	title, subtitle, preparedBy *widget.Entry
	groupBy                     *widget.RadioGroup
	bom                         *widget.Check
	tags, docs, authors         *widget.CheckGroup
	where                       *docScope // documents by their attributes

	tagIDs map[string]string // check label -> tag ID
	docIDs map[string]string // check label -> document ID

	// proj, when set, is the project exported: an export it closes under
	// stops and says so (see session.orClosed).
	proj *session
	// write is the exporter; nil means the one for format.
	write func(context.Context, io.Writer, export.Source, export.Options) error
	// back, when set, shows the dialog of the form again, with what was
	// chosen and typed, when an export fails: before the error is shown.
	back func()

	// While an export runs.
	progress *widget.ProgressBar
	status   *widget.Label
	cancel   context.CancelFunc
}

// newExportForm reads the project's tags, documents and authors for the
// scope and fills in defaults.
func newExportForm(db *storage.DB, format string) (*exportForm, error) {
	if _, ok := exportFormats[format]; !ok {
		return nil, fmt.Errorf("cannot export as %q", format)
	}
	ctx := context.Background()
	tags, err := db.Tags(ctx)
	if err != nil {
		return nil, err
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, err
	}
	authors, err := db.Authors(ctx)
	if err != nil {
		return nil, err
	}
	attrs, err := db.Attributes(ctx)
	if err != nil {
		return nil, err
	}
	values, err := db.DocumentValues(ctx)
	if err != nil {
		return nil, err
	}
	f := &exportForm{db: db, format: format, tagIDs: map[string]string{}, docIDs: map[string]string{}}
	project := strings.TrimSuffix(filepath.Base(db.Path()), filepath.Ext(db.Path()))
	f.title = widget.NewEntry()
	f.title.SetText(project)
	f.subtitle = widget.NewEntry()
	f.subtitle.SetPlaceHolder("Optional")
	f.preparedBy = widget.NewEntry()
	f.preparedBy.SetText(db.Author())
	f.groupBy = widget.NewRadioGroup([]string{"By code", "By document"}, nil)
	f.groupBy.Horizontal = true
	f.groupBy.Required = true
	f.groupBy.SetSelected("By code")
	f.bom = widget.NewCheck("For Excel and other spreadsheets (byte order mark; cells starting with = + - @ kept as text, nothing added that shows)", nil)
	f.bom.SetChecked(true)

	var tagLabels, docLabels []string
	for _, t := range tags {
		l := fmt.Sprintf("%s (%s)", t.Name, annotate.Number(t.Passages))
		f.tagIDs[l] = t.ID
		tagLabels = append(tagLabels, l)
	}
	for _, d := range docs {
		l := fmt.Sprintf("%s · %s", annotate.Ellipsize(d.Title, 60), annotate.ShortID(d.ID))
		f.docIDs[l] = d.ID
		docLabels = append(docLabels, l)
	}
	f.tags = widget.NewCheckGroup(tagLabels, nil)
	f.docs = widget.NewCheckGroup(docLabels, nil)
	f.authors = widget.NewCheckGroup(authors, nil)
	f.where = newDocScope()
	f.where.setAttributes(attrs, values)
	f.progress = widget.NewProgressBar()
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	return f, nil
}

// content lays out the form.
func (f *exportForm) content() fyne.CanvasObject {
	scroll := func(o fyne.CanvasObject, h float32) fyne.CanvasObject {
		s := container.NewVScroll(o)
		s.SetMinSize(fyne.NewSize(420, h))
		return s
	}
	form := widget.NewForm()
	if f.format != "csv" {
		form.Append("Title", f.title)
		form.Append("Subtitle", f.subtitle)
		form.Append("Prepared by", f.preparedBy)
		form.Append("Sections", f.groupBy)
	} else {
		form.Append("Spreadsheet", f.bom)
	}
	hint := widget.NewLabel("Leave a list unticked to include all of it.")
	hint.Importance = widget.LowImportance
	scope := container.NewAppTabs(
		container.NewTabItem("Codes", scroll(f.tags, 180)),
		container.NewTabItem("Documents", scroll(f.docs, 180)),
		container.NewTabItem("Coders", scroll(f.authors, 180)),
	)
	return container.NewVBox(form, widget.NewSeparator(), widget.NewLabelWithStyle("Scope", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), hint, scope, f.where)
}

// fileName suggests a name for the exported file.
func (f *exportForm) fileName() string {
	name := strings.TrimSpace(f.title.Text)
	if name == "" || f.format == "csv" {
		name = strings.TrimSuffix(filepath.Base(f.db.Path()), filepath.Ext(f.db.Path()))
		if f.format == "csv" {
			name += "-passages"
		}
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, name)
	return name + exportFormats[f.format].ext
}

// options turns the form into export options.
func (f *exportForm) options() export.Options {
	opts := export.Options{
		Title:      strings.TrimSpace(f.title.Text),
		Subtitle:   strings.TrimSpace(f.subtitle.Text),
		PreparedBy: strings.TrimSpace(f.preparedBy.Text),
		Project:    strings.TrimSuffix(filepath.Base(f.db.Path()), filepath.Ext(f.db.Path())),
		Authors:    append([]string(nil), f.authors.Selected...),
		BOM:        f.bom.Checked,
	}
	if f.groupBy.Selected == "By document" {
		opts.GroupBy = export.GroupByDocument
	}
	for _, l := range f.tags.Selected {
		opts.Tags = append(opts.Tags, f.tagIDs[l])
	}
	for _, l := range f.docs.Selected {
		opts.Documents = append(opts.Documents, f.docIDs[l])
	}
	opts.Attributes = f.where.Conditions()
	return opts
}

// start writes the export to path in a goroutine, showing its progress in
// a dialog with a Cancel button. done, when set, is called on the UI
// goroutine with the outcome after the user has been told of it.
func (f *exportForm) start(win fyne.Window, path string, done func(error)) {
	opts := f.options()
	ctx, cancel := context.WithCancel(f.proj.context())
	f.cancel = cancel
	f.progress.SetValue(0)
	f.status.SetText("Writing " + filepath.Base(path) + "…")
	var prog dialog.Dialog
	cancelBtn := widget.NewButton("Cancel", func() {
		cancel()
		f.status.SetText("Cancelling…")
	})
	prog = dialog.NewCustomWithoutButtons("Exporting", container.NewVBox(f.status, f.progress, container.NewCenter(cancelBtn)), win)
	prog.Resize(fyne.NewSize(420, 160))
	prog.Show()
	f.proj.keep(prog)

	last := time.Time{}
	opts.Progress = func(n, total int) {
		// Called on the export goroutine: hand the value to the UI
		// goroutine, at most every 50 ms and at the end.
		now := time.Now()
		if n < total && now.Sub(last) < 50*time.Millisecond {
			return
		}
		last = now
		v := 1.0
		if total > 0 {
			v = float64(n) / float64(total)
		}
		fyne.Do(func() { f.progress.SetValue(v) })
	}
	write := f.write
	if write == nil {
		write = exporters[f.format]
	}
	offUI(func() {
		err := f.proj.orClosed("nothing was written to "+filepath.Base(path), ctx.Err())
		if err == nil {
			err = export.WriteFile(path, func(w io.Writer) error { return write(ctx, w, f.db, opts) })
			err = f.proj.orClosed("nothing was written to "+filepath.Base(path), err)
		}
		cancel()
		fyne.Do(func() {
			prog.Hide()
			switch {
			case err != nil && f.proj.closed():
				removeEmpty(path) // what the save dialog made
				f.status.SetText(capitalize(err.Error()) + ".")
				dialog.ShowError(err, win)
			case errors.Is(err, context.Canceled):
				f.status.SetText("Export cancelled.")
			case err != nil:
				f.status.SetText("Export failed: " + err.Error())
				if f.back != nil {
					f.back()
				}
				dialog.ShowError(fmt.Errorf("could not export %s: %w", filepath.Base(path), err), win)
			default:
				f.status.SetText("Wrote " + path)
				dialog.ShowInformation("Export finished", "Wrote "+path, win)
			}
			if done != nil {
				done(err)
			}
		})
	})
}
