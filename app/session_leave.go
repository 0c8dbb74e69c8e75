package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// leaveProject saves what was typed into the open project's dialogs
// before the window leaves the project (to open another, to quit, to
// merge the project into another file), then calls leave. action is the
// button that leaves ("Open other.gloss", "Quit") and doing the leaving
// in a sentence ("Opening other.gloss").
//
// What cannot be saved as it is (a code without a name) is asked about
// first: action drops it and leaves; Keep Editing leaves the dialogs as
// they are and calls stay. A save that fails (a name already taken) stops
// the leaving too: stay is called and the main window says why, the
// dialog still open with what was typed.
func (u *ui) leaveProject(action, doing string, leave, stay func()) {
	s := u.proj
	proceed := func() {
		if err := s.saveTyped(false); err != nil {
			stay()
			u.showError(fmt.Errorf("%s was stopped: what you typed could not be saved, and is still in its dialog to correct:\n\n%w", doing, err))
			return
		}
		leave()
	}
	typing := s.unsavedTyping()
	if len(typing) == 0 {
		proceed()
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("What you typed into these dialogs on %s is not saved:\n\n%s\n\n%s drops it.",
		u.projectName(), strings.Join(typing, "\n"), doing))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Drop What You Typed?", action, "Keep Editing", msg, func(ok bool) {
		if !ok || u.proj != s {
			stay()
			return
		}
		proceed()
	}, u.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}
