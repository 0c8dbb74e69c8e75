package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/export/ingest"
)

// importWebDialog asks for the address of an article on the web (a page
// or a PDF) and imports it like a file: fetched off the UI goroutine with
// Cancel, reported like every import. The field takes several addresses,
// one a line.
func (u *ui) importWebDialog() {
	if !u.needProject() {
		return
	}
	entry := widget.NewMultiLineEntry()
	entry.SetPlaceHolder("https://www.example.com/2021/06/16/geneva-summit")
	entry.SetMinRowsVisible(3)
	entry.Wrapping = fyne.TextWrapOff
	entry.Validator = func(s string) error {
		_, err := webAddresses(s)
		return err
	}
	help := widget.NewLabel("Gloss fetches the page or PDF, keeps its address and the time it was fetched, and reads it as it reads files: the article without the page around it.")
	help.Wrapping = fyne.TextWrapWord
	form := container.NewBorder(help, nil, nil, nil, entry)
	s := u.proj
	var kept *editingDialog
	d := dialog.NewCustomConfirm("Import from Web Address", "Import", "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		urls, err := webAddresses(entry.Text)
		if err != nil {
			kept.reopen() // the addresses typed, to correct
			u.showError(err)
			return
		}
		u.importInto(s, urls)
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	kept = askingFirst(d, u.win, "Import from Web Address", errors.New("the page is not imported yet"), entry)
	s.keep(kept)
	u.win.Canvas().Focus(entry)
}

// webAddresses reads the addresses typed, one a line; each must be an
// http or https address.
func webAddresses(s string) ([]string, error) {
	var urls []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !ingest.IsWebAddress(line) {
			return nil, errors.New(line + ": not a web address (it must start with http:// or https://)")
		}
		urls = append(urls, line)
	}
	if len(urls) == 0 {
		return nil, errors.New("type or paste the address of an article")
	}
	return urls, nil
}
