package app

import (
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"

	"gloss/annotate"
	"gloss/export"
)

// exportPassages saves the passages the Passages tab lists for f, with
// their context, as CSV for a spreadsheet. The export is of the project
// open when it was asked for: closed before it is written, it writes
// nothing and says so.
func (u *ui) exportPassages(f annotate.PassageFilter) {
	if u.proj == nil {
		return
	}
	s := u.proj
	titles := map[string]string{}
	for _, d := range u.docs {
		titles[d.ID] = d.Title
	}
	tags := map[string]string{}
	for _, t := range u.cb.tags {
		tags[t.ID] = t.Name
	}
	showSave(u.win, s, saveAs{name: "passages.csv", exts: []string{".csv"}, folder: folderExports, near: s.db.Path(), report: u.showError},
		func(w fyne.URIWriteCloser) {
			w.Close()
			u.writePassages(s, w.URI().Path(), f, titles, tags)
		})
}

// writePassages writes the passages of s that f lists to path as CSV.
// The listing may be long: it is read and written off the UI goroutine.
func (u *ui) writePassages(s *session, path string, f annotate.PassageFilter, titles, tags map[string]string) {
	what := "nothing was written to " + filepath.Base(path)
	offUI(func() {
		var err error
		if s.closed() {
			err = s.closedFirst(what)
		} else {
			// The listing may be long: it is written a passage at a time
			// as it is read.
			err = export.WriteFile(path, func(out io.Writer) error {
				rw, err := export.NewResultsWriter(out, titles, tags, true)
				if err != nil {
					return err
				}
				if err := s.db.EachPassage(s.ctx, f, rw.Write); err != nil {
					return err
				}
				return rw.Close()
			})
			err = s.orClosed(what, err)
		}
		if err != nil {
			fyne.Do(func() {
				if s.closed() {
					removeEmpty(path) // what the save dialog made
				}
				u.showError(err)
			})
		}
	})
}
