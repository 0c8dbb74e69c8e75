package app

import (
	"context"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"

	"gloss/annotate"
	"gloss/export"
)

// exportPassages saves the passages the Passages tab lists for f, with
// their context, as CSV for a spreadsheet.
func (u *ui) exportPassages(f annotate.PassageFilter) {
	if u.proj == nil {
		return
	}
	db := u.proj.db
	titles := map[string]string{}
	for _, d := range u.docs {
		titles[d.ID] = d.Title
	}
	tags := map[string]string{}
	for _, t := range u.cb.tags {
		tags[t.ID] = t.Name
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		// The listing may be long: it is read and written off the UI
		// goroutine.
		go func() {
			ps, err := db.Passages(context.Background(), f)
			if err == nil {
				err = export.WriteFile(path, func(out io.Writer) error { return export.ResultsCSV(out, ps, titles, tags, true) })
			}
			if err != nil {
				fyne.Do(func() { u.showError(err) })
			}
		}()
	}, u.win)
	d.SetFileName("passages.csv")
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".csv"}))
	if dir, err := fynestorage.ListerForURI(fynestorage.NewFileURI(filepath.Dir(u.proj.db.Path()))); err == nil {
		d.SetLocation(dir)
	}
	d.Show()
}
