package app

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"gloss/storage"
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
//
// One question is asked at a time, about what was asked for last: a
// question still open when the window is asked to leave again (another
// project opened over it, Quit) is withdrawn first, as if Keep Editing
// was its answer (see withdrawLeaving).
func (u *ui) leaveProject(action, doing string, leave, stay func()) {
	u.withdrawLeaving()
	s := u.proj
	var asked dialog.Dialog
	answered := func() {
		if asked != nil && u.leaveAsk == asked {
			u.leaveAsk = nil
		}
	}
	asked = leaveTyping(s, nil, u.win, "on "+u.projectName(), action, doing,
		func() { answered(); leave() }, func() { answered(); stay() },
		func() bool { return u.proj == s }, u.showError)
	if asked != nil {
		u.leaveAsk = asked
	}
}

// withdrawLeaving takes back the question leaveProject is asking, if any,
// because the researcher has asked for something else since (another
// project, Quit): the leaving it asked about does not happen, as if Keep
// Editing was its answer, and the dialogs keep what was typed.
func (u *ui) withdrawLeaving() {
	d := u.leaveAsk
	if d == nil {
		return
	}
	u.leaveAsk = nil
	d.Hide()
}

// leaveTyping saves what was typed into the dialogs of s shown in in (a
// tool window closing; nil for every window, the project closing), then
// calls leave; it is leaveProject's, and the tool windows' as they close
// (see toolWindows.askClose). It asks in parent over what cannot be
// saved, naming where it was typed ("on p.gloss", "in the Briefing
// window"); the answer counts while still reports true. A save that
// fails calls stay and tells the error through showError. It returns the
// question when it asks one, nil when it left at once; hiding the
// question answers it as Keep Editing does.
func leaveTyping(s *session, in, parent fyne.Window, where, action, doing string, leave, stay func(), still func() bool, showError func(error)) dialog.Dialog {
	proceed := func() {
		if err := s.saveTypedIn(in, false); err != nil {
			stay()
			showError(fmt.Errorf("%s was stopped: what you typed could not be saved, and is still in its dialog to correct:\n\n%w", doing, err))
			return
		}
		leave()
	}
	typing := s.unsavedTypingIn(in)
	if len(typing) == 0 {
		proceed()
		return nil
	}
	msg := widget.NewLabel(fmt.Sprintf("What you typed into these dialogs %s is not saved:\n\n%s\n\n%s drops it.",
		where, strings.Join(typing, "\n"), doing))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Drop What You Typed?", action, "Keep Editing", msg, func(ok bool) {
		if !ok || !still() {
			stay()
			return
		}
		proceed()
	}, parent)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
	return d
}

// moveToRecovered takes the window from the project s, whose file was
// lost, to its recovery copy (s.recovered), which holds every change:
// the work goes on there. What was typed into the project's dialogs is
// saved into the copy first, where it can be (their editor writes there
// since the file was lost); what cannot be is asked about, as opening
// another project asks. Keep Editing keeps the dialogs: what is finished
// in them is saved into the copy, and the window moves once none holds
// typing that cannot be saved; a change the lost file refuses meanwhile
// asks again. drop is the researcher's answer to go on without it.
func (u *ui) moveToRecovered(s *session, lost *storage.FileChangedError, drop bool) {
	s.afterDialog = nil
	if u.proj != s || s.recovered == nil || s.moving {
		// Another project was opened meanwhile, or the window is moving
		// already: what a dialog does once saved reads the lost file.
		return
	}
	s.moving = true
	defer func() { s.moving = false }()
	if !drop {
		// Nothing is saved before the question: a dialog closing would
		// take those shown over it, asked about, out of sight.
		why := s.unsavedTyping()
		if len(why) == 0 {
			if err := s.saveTyped(false); err != nil {
				why = []string{err.Error()}
			}
		}
		if len(why) > 0 {
			u.askAboutLostTyping(s, lost, why)
			return
		}
	}
	s.saveTyped(true)
	rec := s.recovered
	s.recovered = nil
	s.dismissDialogs() // saved, or dropped at the researcher's word
	at := u.currentPlace()
	u.setProject(rec)
	u.rememberRecent(lost.Recovery)
	u.restorePlace(at)
	u.showFileLost(lost)
}

// askAboutLostTyping asks, once at a time, before the window moves from
// the lost project s to its recovery copy over what was typed into its
// dialogs that cannot be saved (why, a line each).
func (u *ui) askAboutLostTyping(s *session, lost *storage.FileChangedError, why []string) {
	if s.lostAsk != nil {
		return
	}
	kind := "replaced by another file"
	if lost.Deleted {
		kind = "deleted or moved away"
	}
	msg := widget.NewLabel(fmt.Sprintf("%s was %s while Gloss had it open. Everything saved is kept: the project, with every change, is in “%s”, where Gloss goes on.\n\n"+
		"What you typed into these dialogs is not saved:\n\n%s\n\n"+
		"Going on drops it. Keep Editing keeps the dialogs: what you finish in them is saved into the recovered copy, which opens once they are closed.",
		filepath.Base(lost.Path), kind, filepath.Base(lost.Recovery), strings.Join(why, "\n")))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Drop What You Typed?", "Go On in the Recovered Copy", "Keep Editing", msg, func(goOn bool) {
		s.lostAsk = nil
		if goOn {
			u.moveToRecovered(s, lost, true)
			return
		}
		s.afterDialog = func() {
			if len(s.unsavedTyping()) == 0 {
				u.moveToRecovered(s, lost, false)
			}
		}
	}, u.win)
	s.lostAsk = d
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	trace("file-lost-typing %d", len(why))
}
