package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/export/ingest"
	"gloss/export/pdfium"
	gstorage "gloss/storage"
)

// articleFilter limits the import dialog to the formats Gloss reads.
var articleFilter = storage.NewExtensionFileFilter(ingest.Extensions)

// importDialog chooses an article file to import (several at once: drop
// them on the window, or import a folder).
func (u *ui) importDialog() {
	if !u.needProject() {
		return
	}
	s := u.proj
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		remember(folderArticles, r.URI(), false)
		r.Close()
		u.importInto(s, []string{path})
	}, u.win)
	d.SetFilter(articleFilter)
	d.SetConfirmText("Import")
	startIn(d, folderArticles, u.projectPath())
	d.Show()
	s.keep(d)
}

// importFolderDialog imports every article in a folder and its subfolders.
func (u *ui) importFolderDialog() {
	if !u.needProject() {
		return
	}
	s := u.proj
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if l == nil {
			return
		}
		remember(folderArticles, l, true)
		u.importInto(s, []string{l.Path()})
	}, u.win)
	d.SetConfirmText("Import")
	startIn(d, folderArticles, u.projectPath())
	d.Show()
	s.keep(d)
}

// importURIs imports files dropped on the window.
func (u *ui) importURIs(uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	if len(paths) > 0 && u.needProject() {
		u.importPaths(paths)
	}
}

// needProject says so when no project is open.
func (u *ui) needProject() bool {
	if u.proj == nil {
		u.showError(errors.New("open or create a project first (File ▸ Open… or File ▸ New Project…)"))
		return false
	}
	return true
}

// importInto imports paths into s, chosen in a dialog opened on it: when
// another project is open by then, nothing is imported and the researcher
// is told why.
func (u *ui) importInto(s *session, paths []string) {
	if u.proj != s {
		what := "nothing was imported"
		if len(paths) == 1 {
			what = "nothing was imported from " + displayName(paths[0])
		}
		u.showError(s.closedFirst(what))
		return
	}
	u.importPaths(paths)
}

// importOutcome is what happened to one file.
type importOutcome struct {
	path    string
	title   string
	id      string
	created bool
	skipped bool   // not stored: the project closed first
	report  string // what was made of the file (ingest.Report)
	err     error
}

// importPaths reads and stores articles off the UI goroutine with a
// progress bar and a Cancel button, then reports on every file. The new
// documents are one undo step. Web addresses among paths are fetched. The
// articles go into the project open when the import started: if the
// researcher opens another before it ends, the files not stored yet are
// left out, and the report says so.
func (u *ui) importPaths(paths []string) {
	s := u.proj
	if mayHoldPDF(paths) {
		pdfium.Default().Start() // PDFium compiles while the files are listed
	}
	label := widget.NewLabel("Reading " + plural(len(paths), "item") + "…")
	label.Truncation = fyne.TextTruncateEllipsis
	bar := widget.NewProgressBar()
	ctx, cancel := context.WithCancel(context.Background())
	prog := dialog.NewCustom("Importing Articles", "Cancel", container.NewVBox(label, bar), u.win)
	prog.SetOnClosed(cancel)
	prog.Resize(fyne.NewSize(460, 160))
	prog.Show()
	// Closing the project stops the reading, as Cancel does.
	s.keep(prog)
	u.busy++
	u.updateStatus()
	offUI(func() {
		defer cancel()
		files, reading := -1, 0 // files to read, known once the first is
		opts := ingest.Options{Progress: func(p ingest.Progress) {
			files, reading = p.Files, p.File
			name := displayName(p.Path)
			text := fmt.Sprintf("Reading %s (%d of %d)", name, p.File, p.Files)
			done := float64(p.File-1) / float64(max(p.Files, 1))
			if p.Pages > 0 {
				text = fmt.Sprintf("Reading %s: page %d of %d (file %d of %d)", name, p.Page, p.Pages, p.File, p.Files)
				done += float64(p.Page) / float64(p.Pages) / float64(max(p.Files, 1))
			}
			fyne.Do(func() {
				label.SetText(text)
				bar.SetValue(done)
			})
		}}
		// Each file is stored as soon as it is read: a folder of PDFs is
		// never held in memory at once.
		var outs []importOutcome
		opts.Each(ctx, paths, func(r ingest.Result) {
			name := displayName(r.Path)
			o := importOutcome{path: r.Path, err: r.Err}
			if r.Err == nil {
				o.title = r.Doc.Title
				o.report = r.Article.Report.String()
				if !s.closed() {
					o.created, o.err = s.db.ImportDocument(s.ctx, r.Doc, keptOriginal(r.Article))
					// A text already in the project comes back as stored:
					// under the title it has now, renamed or not.
					o.id, o.title = r.Doc.ID, r.Doc.Title
				}
			}
			if s.closed() && (o.err != nil || o.id == "") {
				o.created, o.skipped = false, true
				o.err = annotate.Errorf(annotate.ECONFLICT, "%s: not imported: %s was closed first", name, filepath.Base(s.db.Path()))
			}
			outs = append(outs, o)
		})
		if s.closed() && ctx.Err() != nil {
			// Stopped by the project closing: say what was not read.
			base := filepath.Base(s.db.Path())
			if files < 0 && len(outs) == 0 {
				for _, p := range paths {
					outs = append(outs, importOutcome{path: p, skipped: true,
						err: annotate.Errorf(annotate.ECONFLICT, "%s: not imported: %s was closed first", displayName(p), base)})
				}
			} else if n := files - reading; n > 0 {
				outs = append(outs, importOutcome{skipped: true,
					err: annotate.Errorf(annotate.ECONFLICT, "%s after these not read: %s was closed first", plural(n, "file"), base)})
			}
		}
		if ctx.Err() != nil && !s.closed() { // Cancel was pressed
			if n := len(outs); n > 0 && errors.Is(outs[n-1].err, context.Canceled) {
				outs[n-1].err = fmt.Errorf("%s: import cancelled; it and the files after it were not read", displayName(outs[n-1].path))
			} else {
				outs = append(outs, importOutcome{err: errors.New("import cancelled; the files after these were not read")})
			}
		}
		fyne.Do(func() {
			prog.Hide()
			u.busy--
			var ids []string
			for _, o := range outs {
				if o.err == nil && o.created {
					ids = append(ids, o.id)
				}
			}
			if u.proj == s {
				s.ed.recordImport(ids)
				u.afterEdit()
				if len(ids) > 0 {
					u.openDocument(ids[0])
				}
			} else {
				u.updateStatus()
			}
			u.importReport(s, outs)
			if u.onImported != nil {
				u.onImported(outs)
			}
		})
	})
}

// importReport lists what happened to each file imported into s.
func (u *ui) importReport(s *session, outs []importOutcome) {
	added, failed, skipped := 0, 0, 0
	box := container.NewVBox()
	for _, o := range outs {
		var icon fyne.Resource
		var text string
		switch {
		case o.skipped:
			skipped++
			icon = theme.WarningIcon()
			text = capitalize(annotate.ErrorMessage(o.err))
		case o.err != nil:
			failed++
			icon = theme.ErrorIcon()
			text = capitalize(annotate.ErrorMessage(o.err))
			if annotate.ErrorCode(o.err) == annotate.EINTERNAL {
				text = capitalize(o.err.Error())
			}
		case o.created:
			added++
			icon = theme.ConfirmIcon()
			text = fmt.Sprintf("%s — added as “%s”\n%s", displayName(o.path), o.title, o.report)
		default:
			icon = theme.InfoIcon()
			text = fmt.Sprintf("%s — already in the project as “%s”", displayName(o.path), o.title)
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		box.Add(container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, l))
	}
	var summary []string
	summary = append(summary, plural(added, "article")+" added")
	if n := len(outs) - added - failed - skipped; n > 0 {
		summary = append(summary, fmt.Sprintf("%s already in the project", annotate.Number(n)))
	}
	if failed > 0 {
		summary = append(summary, fmt.Sprintf("%s could not be read", annotate.Number(failed)))
	}
	if skipped > 0 {
		summary = append(summary, fmt.Sprintf("%s not imported because %s was closed first", annotate.Number(skipped), filepath.Base(s.db.Path())))
	}
	title := "Import"
	if u.proj != s {
		// Another project is open now: say which one these went into.
		title = "Import into " + filepath.Base(s.db.Path())
	}
	head := widget.NewLabel(capitalize(strings.Join(summary, ", ")) + ".")
	head.TextStyle.Bold = true
	d := dialog.NewCustom(title, "Close", container.NewBorder(head, nil, nil, nil, container.NewVScroll(box)), u.win)
	d.Resize(fyne.NewSize(680, min(160+float32(len(outs))*72, 560)))
	d.Show()
}

// mayHoldPDF reports whether paths name a PDF, a folder or a web address.
func mayHoldPDF(paths []string) bool {
	for _, p := range paths {
		if strings.EqualFold(filepath.Ext(p), ".pdf") || ingest.IsWebAddress(p) || filepath.Ext(p) == "" {
			return true
		}
	}
	return false
}

// displayName is a file's name, or a web address as it was given.
func displayName(p string) string {
	if ingest.IsWebAddress(p) {
		return p
	}
	return filepath.Base(p)
}

// keptOriginal is the file an article keeps in the project, or nil.
func keptOriginal(a *ingest.Article) *gstorage.Original {
	if a == nil || a.Original == nil {
		return nil
	}
	return &gstorage.Original{Name: a.Original.Name, MediaType: a.Original.MediaType, Data: a.Original.Data}
}
