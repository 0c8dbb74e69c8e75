package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// findEntry is the bar's query field: Enter and Shift+Enter step through
// the matches and Escape closes the bar.
type findEntry struct {
	widget.Entry
	bar   *docFinder
	shift bool
}

func newFindEntry(bar *docFinder) *findEntry {
	e := &findEntry{bar: bar}
	e.ExtendBaseWidget(e)
	return e
}

// KeyDown notes Shift, which turns Enter into "previous match".
func (e *findEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

// KeyUp notes the release of Shift.
func (e *findEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

// TypedKey steps on Enter and closes on Escape; other keys edit the query.
func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.bar.step(-1)
		} else {
			e.bar.step(1)
		}
	case fyne.KeyEscape:
		e.bar.Hide()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut takes Shift+Enter as "previous match" on drivers that
// report it as a shortcut.
func (e *findEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierShift &&
		(cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) {
		e.bar.step(-1)
		return
	}
	e.Entry.TypedShortcut(s)
}
