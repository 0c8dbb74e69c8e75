package app

import (
	"errors"
	"fmt"
	"strings"

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
// typed (see ui.leaveProject).

// editingDialog is a dialog that edits the project, with the entries the
// researcher types into.
type editingDialog struct {
	dialog.Dialog
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
}

// confirm saves what was typed, for the dialog's confirm button, which has
// closed the dialog already; it returns the error that stopped it.
func (e *editingDialog) confirm() error {
	e.confirmed = true
	return e.save()
}

// editing makes d, a dialog titled title that edits the project through
// save (what its confirm button does), one whose typing in entries is
// saved or asked about when its project closes (see session.keep).
func editing(d dialog.Dialog, save func() error, title string, entries ...*widget.Entry) *editingDialog {
	e := &editingDialog{Dialog: d, save: save, title: title, entries: entries}
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
// asks first.
func askingFirst(d dialog.Dialog, title string, why error, entries ...*widget.Entry) *editingDialog {
	e := editing(d, nil, title, entries...)
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

// editingDialogs are the project's dialogs that edit it, oldest first.
func (s *session) editingDialogs() []*editingDialog {
	if s == nil {
		return nil
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	var es []*editingDialog
	for _, d := range s.dialogs {
		if e, ok := d.(*editingDialog); ok {
			es = append(es, e)
		}
	}
	return es
}

// unsavedTyping describes, a sentence each, what was typed into the
// project's dialogs that cannot be saved as it is, and why.
func (s *session) unsavedTyping() []string {
	var out []string
	for _, e := range s.editingDialogs() {
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
func (s *session) saveTyped(keepGoing bool) error {
	es := s.editingDialogs()
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

// typedNotSaved is why what was typed into the dialog titled title could
// not be saved.
type typedNotSaved struct {
	title string
	err   error
}

func (e *typedNotSaved) Error() string { return fmt.Sprintf("%s: %v", e.title, e.err) }

func (e *typedNotSaved) Unwrap() error { return e.err }
