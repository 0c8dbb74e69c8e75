package app

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"

	"gloss/export"
)

// saveAs describes a save dialog: what it suggests, where it starts and
// what it says when the file cannot be saved.
type saveAs struct {
	title string   // the dialog's title; "" for Fyne's own
	name  string   // the file name suggested
	exts  []string // the extensions listed; nil lists every file
	// filter, when set, lists the files instead of exts.
	filter fynestorage.FileFilter
	// folder is the kind of file (folderExports, folderProjects): the
	// dialog starts in the folder last used for it and remembers the one
	// chosen (see startIn).
	folder string
	// near is the open project's file, for the first time (see startIn).
	near string
	// notDone says what was not done when the project closed before the
	// file was chosen; "nothing was written to" when empty. The file's
	// name follows it.
	notDone string
	// report shows an error; nil shows it in a dialog over the window.
	report func(error)
	// back, when set, is called when no file was chosen (the dialog was
	// cancelled or failed), before any error is shown: the dialog that
	// asked for the file shows again with what was typed in it.
	back func()
}

// showSave asks where to save, as every save in Gloss does: an error of
// the dialog is shown, a cancel does nothing but call back, and the folder chosen is
// remembered for its kind. s is the project the file is saved from (nil
// for none): the dialog goes with it when it closes (see session.keep),
// and a file chosen after it closed (as a native dialog may) is refused
// and left as it was. chosen gets the writer the dialog made, never
// written to (see lazyFiles): the caller writes the file whole (see
// writeURI) or closes it first and writes at its path.
func showSave(win fyne.Window, s *session, opt saveAs, chosen func(w fyne.URIWriteCloser)) {
	report := opt.report
	if report == nil {
		report = func(err error) { dialog.ShowError(err, win) }
	}
	openSave(win, s, opt, func(w fyne.URIWriteCloser, err error) {
		if (err != nil || w == nil) && opt.back != nil {
			opt.back()
		}
		switch {
		case err != nil:
			report(err)
		case w == nil: // cancelled
		default:
			remember(opt.folder, w.URI(), false)
			if s.closed() {
				w.Close() // never written to: the file is as it was
				notDone := opt.notDone
				if notDone == "" {
					notDone = "nothing was written to"
				}
				report(s.closedFirst(notDone + " " + w.URI().Name()))
				return
			}
			chosen(w)
		}
	})
}

// openSave shows the save dialog opt describes, which calls done with the
// file chosen or nil when cancelled. Tests replace it to choose the file.
var openSave = func(win fyne.Window, s *session, opt saveAs, done func(fyne.URIWriteCloser, error)) {
	d := dialog.NewFileSave(done, win)
	if opt.title != "" {
		d.SetTitleText(opt.title)
	}
	d.SetFileName(opt.name)
	switch {
	case opt.filter != nil:
		d.SetFilter(opt.filter)
	case len(opt.exts) > 0:
		d.SetFilter(fynestorage.NewExtensionFileFilter(opt.exts))
	}
	startIn(d, opt.folder, opt.near)
	d.Show()
	s.keep(d)
}

// writeURI writes to w, a writer a save dialog gave, through write. A
// local file is written through a temporary file renamed over it
// (export.WriteFile), so a failure leaves the file as it was and never
// half written; anything else is written through w. An error names the
// file.
func writeURI(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	u := w.URI()
	named := func(out io.Writer) error {
		if err := write(out); err != nil {
			return fmt.Errorf("%s: %w", u.Name(), err)
		}
		return nil
	}
	if u.Scheme() != "file" {
		if err := named(w); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return fmt.Errorf("%s: %w", u.Name(), err)
		}
		return nil
	}
	w.Close()
	return export.WriteFile(u.Path(), named)
}
