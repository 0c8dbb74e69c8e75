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
		// goroutine, a passage at a time as it is read.
		go func() {
			err := export.WriteFile(path, func(out io.Writer) error {
				rw, err := export.NewResultsWriter(out, titles, tags, true)
				if err != nil {
					return err
				}
				if err := db.EachPassage(context.Background(), f, rw.Write); err != nil {
					return err
				}
				return rw.Close()
			})
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
