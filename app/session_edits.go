package app

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// A dialog that edits the project (a code, a document's details) is one of
// the project's dialogs (see session.keep): when another project opens it
// goes. What was typed into it goes with it only when it cannot be saved,
// and then not silently: the window saves what is valid into the project
// it was typed for before closing it (saveTyped), and asks before leaving
// the project over what is not (unsavedTyping). A save that fails (a name
// already taken) stops the leaving, the dialog still open with what was
// typed (see ui.leaveProject). So does a save its own confirm button
// starts that storage refuses: the button has closed the dialog, and
// confirm shows it again with what was typed, still one of the project's
// dialogs, before the error is told over it (see editingDialog.reopen).
// Closing a tool window does for the dialogs shown in it what leaving the
// project does (see toolWindows.askClose).

// editingDialog is a dialog that edits the project, with the entries the
// researcher types into.
type editingDialog struct {
	dialog.Dialog
	win     fyne.Window // the window it is shown in
	title   string
	entries []*widget.Entry
	initial []string
	// save saves what was typed, as the dialog's confirm button does,
	// but leaves the dialog open, and returns the error that stopped it;
	// nil when only that button may (its work would run on the project
	// as it closes).
	save func() error
	// check, when set, says why what was typed cannot be saved, beyond
	// the entries' own validators.
	check func() error
	// confirmed is set once its confirm button (or saveTyped) saves what
	// was typed: the dialog is closing, and its typing is no more to save
	// or ask about while its save runs.
	confirmed bool
	// proj is the project it is kept with (see session.keep), nil when
	// none.
	proj *session
	// reshown is set when reopen shows it again while its closing is
	// under way: the project keeps it (see session.keep).
	reshown bool
	// gone is set once it was taken away with its window or project:
	// it is never shown again.
	gone bool
}

// confirm saves what was typed, for the dialog's confirm button, which has
// closed the dialog already; it returns the error that stopped it. Then
// the dialog is shown again with what was typed (see reopen), for the
// caller to tell the error over it.
func (e *editingDialog) confirm() error {
	e.confirmed = true
	err := e.save()
	if err != nil {
		e.reopen()
	}
	return err
}

// reopen shows the dialog again with what was typed, after its confirm
// button closed it and the change it asked for was refused (a name
// already taken, a file lost or read-only, a full disk), so that the
// researcher can correct it or cancel: nothing typed is lost to a refusal.
// It stays one of its project's dialogs, saved or asked about as the
// project closes. It reports false, showing nothing, when the dialog's
// project has closed or its window was closed meanwhile (a refusal that
// came back from work off the UI goroutine). Call it on the UI goroutine.
func (e *editingDialog) reopen() bool {
	e.confirmed = false
	s := e.proj
	if e.gone || s.closed() {
		return false
	}
	if s != nil {
		s.dmu.Lock()
		if slices.Contains(s.dialogs, dialog.Dialog(e)) {
			// Its closing is under way: the project's handler, which
			// runs after the button's, is to keep it.
			e.reshown = true
		} else {
			s.dialogs = append(s.dialogs, e)
		}
		s.dmu.Unlock()
	}
	e.Dialog.Show()
	if e.win != nil && len(e.entries) > 0 {
		e.win.Canvas().Focus(e.entries[0])
	}
	return true
}

// editing makes d, a dialog in win titled title that edits the project
// through save (what its confirm button does), one whose typing in
// entries is saved or asked about when its project closes (see
// session.keep), and shown again when its save is refused (see confirm).
// With no entries (ticks, a choice) it holds no typing to save or ask
// about: it is kept to be shown again (reopen) when what it asked for was
// not done.
func editing(d dialog.Dialog, win fyne.Window, save func() error, title string, entries ...*widget.Entry) *editingDialog {
	e := &editingDialog{Dialog: d, win: win, save: save, title: title, entries: entries}
	for _, x := range entries {
		e.initial = append(e.initial, x.Text)
	}
	return e
}

// typed reports whether anything was typed since the dialog opened and
// is not being saved by its confirm button.
func (e *editingDialog) typed() bool {
	if e.confirmed {
		return false
	}
	for i, x := range e.entries {
		if x.Text != e.initial[i] {
			return true
		}
	}
	return false
}

// askingFirst is editing for a dialog whose typing is never saved but by
// its own button, for the reason why: opening another project over it
// asks first. When what that button starts is refused, the caller shows
// the dialog again (reopen).
func askingFirst(d dialog.Dialog, win fyne.Window, title string, why error, entries ...*widget.Entry) *editingDialog {
	e := editing(d, win, nil, title, entries...)
	e.check = func() error { return why }
	return e
}

// invalid says why what was typed cannot be saved; nil when it can.
func (e *editingDialog) invalid() error {
	if e.check != nil {
		if err := e.check(); err != nil {
			return err
		}
	}
	for _, x := range e.entries {
		if x.Validator == nil {
			continue
		}
		if err := x.Validator(x.Text); err != nil {
			return err
		}
	}
	return nil
}

// required is a validator for an entry that must not be left blank: why
// is the error it gives then ("a code needs a name").
func required(why string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(why)
		}
		return nil
	}
}

// editingDialogsIn are the project's dialogs that edit it shown in win,
// oldest first; with a nil win, all of them.
func (s *session) editingDialogsIn(win fyne.Window) []*editingDialog {
	if s == nil {
		return nil
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	var es []*editingDialog
	for _, d := range s.dialogs {
		if e, ok := d.(*editingDialog); ok && (win == nil || e.win == win) {
			es = append(es, e)
		}
	}
	return es
}

// unsavedTyping describes, a sentence each, what was typed into the
// project's dialogs that cannot be saved as it is, and why.
func (s *session) unsavedTyping() []string { return s.unsavedTypingIn(nil) }

// unsavedTypingIn is unsavedTyping for the dialogs shown in win; with a
// nil win, in every window.
func (s *session) unsavedTypingIn(win fyne.Window) []string {
	var out []string
	for _, e := range s.editingDialogsIn(win) {
		if e.typed() {
			if err := e.invalid(); err != nil {
				out = append(out, fmt.Sprintf("%s: %s", e.title, err))
			}
		}
	}
	return out
}

// saveTyped saves what was typed into the project's dialogs that edit it,
// where it is valid, as their confirm buttons would, and closes those
// dialogs, newest first: a dialog closing takes those shown over it in its
// window with it. It stops at the first whose save fails (a name already
// taken, say), which stays open with what was typed, as do those older
// than it, and returns the error, which names it; with keepGoing it tries
// every one and returns nil, for typing the researcher chose to drop.
// Call it before the project closes, on the UI goroutine.
func (s *session) saveTyped(keepGoing bool) error { return s.saveTypedIn(nil, keepGoing) }

// saveTypedIn is saveTyped for the dialogs shown in win (a tool window
// closing); with a nil win, in every window.
func (s *session) saveTypedIn(win fyne.Window, keepGoing bool) error {
	es := s.editingDialogsIn(win)
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if !e.typed() || e.save == nil || e.invalid() != nil {
			continue
		}
		e.confirmed = true
		if err := e.save(); err != nil {
			e.confirmed = false // still open, with what was typed
			if keepGoing {
				continue
			}
			return &typedNotSaved{title: e.title, err: err}
		}
		e.Hide()
	}
	return nil
}

// dropDialogsIn takes the project's dialogs shown in win, a tool window
// closing, off the project and out of sight, newest first, as if
// cancelled: what is typed in them is no more saved or asked about. Save
// or ask about it first (saveTypedIn, unsavedTypingIn).
func (s *session) dropDialogsIn(win fyne.Window) {
	es := s.editingDialogsIn(win)
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		e.gone = true
		s.dmu.Lock()
		if j := slices.Index(s.dialogs, dialog.Dialog(e)); j >= 0 {
			s.dialogs = slices.Delete(s.dialogs, j, j+1)
		}
		s.dmu.Unlock()
		e.Hide()
	}
}

// typedNotSaved is why what was typed into the dialog titled title could
// not be saved.
type typedNotSaved struct {
	title string
	err   error
}

func (e *typedNotSaved) Error() string { return fmt.Sprintf("%s: %v", e.title, e.err) }

func (e *typedNotSaved) Unwrap() error { return e.err }

// nameDialogWidth is the width of a dialog that asks only for a name: wide
// enough to read a name of a few words whole as it is typed.
const nameDialogWidth = 440

// submitOnEnter makes Enter in each of the form dialog's one-line entries
// do what its confirm button does, as a researcher who types a name and
// presses Enter expects; the dialog's validation still stops an empty or
// malformed entry.
func submitOnEnter(d *dialog.FormDialog, entries ...*widget.Entry) {
	for _, e := range entries {
		e.OnSubmitted = func(string) { d.Submit() }
	}
}
