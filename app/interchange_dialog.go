package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/interchange"
	"gloss/export/qdpx"
	"gloss/export/webanno"
	"gloss/storage"
)

// interchangeFormat describes an exchange format for the dialogs.
type interchangeFormat struct {
	title string // for the dialog's title
	ext   string
}

var interchangeFormats = map[string]interchangeFormat{
	"json": {"W3C Web Annotations (JSON-LD)", ".jsonld"},
	"qdpx": {"REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)", ".qdpx"},
	"qdc":  {"REFI-QDA codebook", ".qdc"},
}

// maxImportBytes bounds what the import dialog reads from a location that
// is not a plain file (the readers bound each part of a file themselves).
const maxImportBytes = 1 << 30

// interchangeName is the project's file name without its extension.
func interchangeName(db *storage.DB) string {
	base := filepath.Base(db.Path())
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// exportAnnotations writes the project to w in format ("json", "qdpx" or
// "qdc") and returns a sentence saying what was written.
func exportAnnotations(ctx context.Context, db *storage.DB, format string, w io.Writer) (string, error) {
	name := interchangeName(db)
	switch format {
	case "json":
		c, err := webanno.Build(ctx, db, webanno.Options{Label: name})
		if err != nil {
			return "", err
		}
		if err := webanno.Write(w, c); err != nil {
			return "", err
		}
		if c.Total == 1 {
			return "1 passage written as a W3C Web Annotation.", nil
		}
		return fmt.Sprintf("%s passages written as W3C Web Annotations.", annotate.Number(c.Total)), nil
	case "qdpx":
		if err := qdpx.Export(ctx, db, w, qdpx.Options{Name: name}); err != nil {
			return "", err
		}
		return "The project was written as a REFI-QDA project.", nil
	case "qdc":
		if err := qdpx.ExportCodebook(ctx, db, w); err != nil {
			return "", err
		}
		return "The codebook was written as a REFI-QDA codebook.", nil
	}
	return "", annotate.Errorf(annotate.EINVALID, "unknown export format %q", format)
}

// showExportAnnotationsDialog asks where to write the project s in format
// ("json", "qdpx" or "qdc") and writes it there, the work done off the UI
// goroutine behind a progress dialog. An export the project closes under
// writes nothing and says so.
func showExportAnnotationsDialog(win fyne.Window, s *session, format string) {
	f, ok := interchangeFormats[format]
	if !ok {
		dialog.ShowError(fmt.Errorf("unknown export format %q", format), win)
		return
	}
	showSave(win, s, saveAs{
		title: "Export " + f.title, name: interchangeName(s.db) + f.ext, exts: []string{f.ext},
		folder: folderExports, near: s.db.Path(),
	}, func(w fyne.URIWriteCloser) { runExportAnnotations(win, s, format, w) })
}

// runExportAnnotations writes the project s in format to w off the UI
// goroutine, behind a progress dialog, and says how it went. When s was
// closed first the file chosen is left as it was.
func runExportAnnotations(win fyne.Window, s *session, format string, w fyne.URIWriteCloser) {
	progress := dialog.NewCustomWithoutButtons("Exporting", widget.NewProgressBarInfinite(), win)
	progress.Show()
	s.keep(progress)
	offUI(func() {
		var buf bytes.Buffer
		var msg string
		var err error
		if s.closed() {
			err = s.closedFirst("nothing was written to " + w.URI().Name())
		} else {
			msg, err = exportAnnotations(s.ctx, s.db, format, &buf)
			err = s.orClosed("nothing was written to "+w.URI().Name(), err)
		}
		if err == nil {
			err = writeURI(w, func(out io.Writer) error {
				_, err := out.Write(buf.Bytes())
				return err
			})
		} else {
			w.Close() // never written to: the file chosen is left as it was
		}
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				dialog.ShowError(err, win)
				return
			}
			dialog.ShowInformation("Exported "+w.URI().Name(), msg, win)
		})
	})
}

// importAnnotations reads a file of annotations from r and applies it to
// the project in one transaction.
func importAnnotations(ctx context.Context, db *storage.DB, name string, r io.ReaderAt, size int64) (*annotate.ImportReport, error) {
	b, err := interchange.Read(name, r, size)
	if err != nil {
		return nil, err
	}
	return db.ImportBatch(ctx, b)
}

// openImportFile opens what the open dialog gave: a local file in place, anything
// else read into memory, bounded.
func openImportFile(rc fyne.URIReadCloser) (name string, r io.ReaderAt, size int64, closeFn func(), err error) {
	u := rc.URI()
	if u.Scheme() == "file" {
		rc.Close()
		f, err := os.Open(u.Path())
		if err != nil {
			return "", nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return "", nil, 0, nil, err
		}
		return u.Path(), f, st.Size(), func() { f.Close() }, nil
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxImportBytes+1))
	if err != nil {
		return "", nil, 0, nil, fmt.Errorf("%s: %w", u.Name(), err)
	}
	if len(data) > maxImportBytes {
		return "", nil, 0, nil, annotate.Errorf(annotate.EINVALID, "%s: larger than %d MB", u.Name(), maxImportBytes>>20)
	}
	return u.Name(), bytes.NewReader(data), int64(len(data)), func() {}, nil
}

// showImportAnnotationsDialog asks for a file of annotations (W3C Web
// Annotation or Hypothesis JSON, REFI-QDA .qdpx or .qdc) and imports it
// into the project s (see runImportAnnotations).
func showImportAnnotationsDialog(win fyne.Window, s *session, onDone func()) {
	open := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if rc == nil {
			return // cancelled
		}
		remember(folderAnnotations, rc.URI(), false)
		runImportAnnotations(win, s, rc, onDone)
	}, win)
	open.SetFilter(fynestorage.NewExtensionFileFilter([]string{".json", ".jsonld", ".qdpx", ".qdc", ".qde"}))
	startIn(open, folderAnnotations, s.db.Path())
	open.SetTitleText("Import annotations")
	open.Show()
	s.keep(open)
}

// runImportAnnotations imports the file rc into s off the UI goroutine,
// shows what happened to each annotation and calls onDone after a
// successful import so the window can refresh. An import into a project
// closed before it was done (another was opened) stores nothing and says
// so; it never reaches the project open now.
func runImportAnnotations(win fyne.Window, s *session, rc fyne.URIReadCloser, onDone func()) {
	file := rc.URI().Name()
	progress := dialog.NewCustomWithoutButtons("Importing "+file, widget.NewProgressBarInfinite(), win)
	progress.Show()
	s.keep(progress)
	offUI(func() {
		var rep *annotate.ImportReport
		name, r, size, closeFn, err := openImportFile(rc)
		if err == nil {
			if s.closed() {
				err = context.Canceled
			} else {
				rep, err = importAnnotations(s.ctx, s.db, name, r, size)
			}
			closeFn()
		}
		err = s.orClosed("nothing was imported from "+file, err)
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				dialog.ShowError(err, win)
				return
			}
			showImportReport(win, rep)
			if onDone != nil && !s.closed() {
				onDone()
			}
		})
	})
}

// newImportReportView shows an import's summary over a list of what
// happened to each document, tag and annotation of the file; the line
// selected is shown in full below the list.
func newImportReportView(rep *annotate.ImportReport) fyne.CanvasObject {
	summary := widget.NewLabel(rep.Summary())
	summary.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel("Select a line to read it in full.")
	detail.Wrapping = fyne.TextWrapWord
	list := widget.NewList(
		func() int { return len(rep.Lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(reportLineText(rep.Lines[i]))
		},
	)
	list.OnSelected = func(i widget.ListItemID) {
		l := rep.Lines[i]
		detail.SetText(reportLineText(l) + "\n" + l.Noun() + " in the file: " + l.Key)
	}
	return container.NewBorder(summary, detail, nil, nil, list)
}

// reportLineText is a report line as the dialog lists it: what happened,
// to what, and why.
func reportLineText(l annotate.ReportLine) string {
	kind := map[string]string{
		annotate.ReportAdded: "Added", annotate.ReportMatched: "Already there", annotate.ReportReanchored: "Moved",
		annotate.ReportUnanchored: "Not found", annotate.ReportSkipped: "Skipped", annotate.ReportCombined: "Combined",
	}[l.Kind]
	s := kind + " " + l.Noun()
	if l.Detail != "" {
		s += ": " + l.Detail
	}
	return s
}

// showImportReport shows an import's report in a dialog.
func showImportReport(win fyne.Window, rep *annotate.ImportReport) {
	d := dialog.NewCustom("Imported "+filepath.Base(rep.File), "Close", newImportReportView(rep), win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}
