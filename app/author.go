package app

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/app/settings"
)

// legacyPrefAuthor is where versions before 0.2 kept the researcher's name,
// in Fyne's preferences, which the command line cannot read.
const legacyPrefAuthor = "author"

// author returns the researcher's name: GLOSS_AUTHOR, else the name saved
// in Gloss's settings (moved there from the preferences of older versions).
func (u *ui) author() string {
	if a := strings.TrimSpace(os.Getenv("GLOSS_AUTHOR")); a != "" {
		return a
	}
	if a := settings.Author(); a != "" {
		return a
	}
	prefs := u.app.Preferences()
	if a := strings.TrimSpace(prefs.String(legacyPrefAuthor)); a != "" {
		if settings.SetAuthor(a) == nil {
			prefs.RemoveValue(legacyPrefAuthor)
		}
		return a
	}
	return ""
}

// authorDialog asks for the name stamped on every change, saves it and
// runs then. On first launch the dialog explains why and cannot be skipped.
func (u *ui) authorDialog(first bool, then func()) {
	showAuthorDialog(u.win, u.author(), first, func(name string) {
		if err := settings.SetAuthor(name); err != nil {
			// Kept where older versions kept it, and saved again next time.
			u.app.Preferences().SetString(legacyPrefAuthor, name)
			u.showError(fmt.Errorf("your name could not be saved for the command line: %w", err))
		}
		if u.proj != nil {
			u.proj.db.SetAuthor(name)
			u.updateStatus()
		}
		if then != nil {
			then()
		}
	})
}

// systemName guesses the researcher's name from the account.
func systemName() string {
	if cu, err := user.Current(); err == nil {
		if n := strings.TrimSpace(strings.Split(cu.Name, ",")[0]); n != "" {
			return n
		}
		return cu.Username
	}
	return ""
}

// showAuthorDialog asks for the researcher's name, starting from current
// (else the account's name), and calls save with it. With first set it
// welcomes a new researcher and cannot be dismissed without a name.
func showAuthorDialog(win fyne.Window, current string, first bool, save func(name string)) {
	name := widget.NewEntry()
	name.SetText(current)
	if name.Text == "" {
		name.SetText(systemName())
	}
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("enter your name")
		}
		if len([]rune(strings.TrimSpace(s))) > 200 {
			return errors.New("at most 200 characters")
		}
		return nil
	}
	msg := "Gloss records who coded each passage and wrote each note, so that colleagues can share and merge their work. Your name is saved on this computer."
	if !first {
		msg = "Changes you make from now on are recorded under this name. Earlier changes keep the name they were made under."
	}
	intro := widget.NewLabel(msg)
	intro.Wrapping = fyne.TextWrapWord
	submit := func() bool {
		if name.Validate() != nil {
			return false
		}
		save(strings.TrimSpace(name.Text))
		return true
	}
	form := widget.NewForm(widget.NewFormItem("Your name", name))
	if first {
		// No way around it: every change needs a name.
		var d *dialog.CustomDialog
		cont := widget.NewButtonWithIcon("Continue", theme.ConfirmIcon(), func() {
			if submit() {
				d.Hide()
			}
		})
		cont.Importance = widget.HighImportance
		name.OnSubmitted = func(string) { cont.OnTapped() }
		d = dialog.NewCustomWithoutButtons("Welcome to Gloss", container.NewVBox(intro, form, container.NewCenter(cont)), win)
		d.Resize(fyne.NewSize(480, 260))
		d.Show()
		win.Canvas().Focus(name)
		return
	}
	d := dialog.NewCustomConfirm("Author Name", "Save", "Cancel", container.NewVBox(intro, form), func(ok bool) {
		if ok {
			submit()
		}
	}, win)
	name.OnSubmitted = func(string) {
		if submit() {
			d.Hide()
		}
	}
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
	win.Canvas().Focus(name)
}
