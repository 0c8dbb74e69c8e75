package app

import (
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fynestorage "fyne.io/fyne/v2/storage"

	"gloss/annotate"
	"gloss/export"
)

// exportPassages saves the passages the Passages tab lists, with their
// context, as CSV for a spreadsheet.
func (u *ui) exportPassages(_ annotate.PassageFilter, ps []*annotate.Passage) {
	if u.proj == nil || len(ps) == 0 {
		return
	}
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
		if err := export.WriteFile(path, func(out io.Writer) error { return export.ResultsCSV(out, ps, titles, tags, true) }); err != nil {
			u.showError(err)
		}
	}, u.win)
	d.SetFileName("passages.csv")
	d.SetFilter(fynestorage.NewExtensionFileFilter([]string{".csv"}))
	if dir, err := fynestorage.ListerForURI(fynestorage.NewFileURI(filepath.Dir(u.proj.db.Path()))); err == nil {
		d.SetLocation(dir)
	}
	d.Show()
}
