package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// memoEditor is a memo's text, saved as you type: once typing pauses for
// noteDelay, when another memo is shown and before undo, through OnSave
// with the text as last saved and the text now. It says whether the
// latest text is saved.
type memoEditor struct {
	widget.BaseWidget

	OnSave func(old, new string) error

	entry   *widget.Entry
	status  *widget.Label
	root    fyne.CanvasObject
	was     string // the text as last saved
	loading bool   // setting the text, not the researcher typing
	timerMu sync.Mutex
	timer   interface{ Stop() bool }
	gen     int
	// afterFunc schedules the save; tests replace it to fire at will.
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
}

func newMemoEditor(placeholder string, rows int) *memoEditor {
	m := &memoEditor{}
	m.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	m.entry = widget.NewMultiLineEntry()
	m.entry.Wrapping = fyne.TextWrapWord
	m.entry.SetPlaceHolder(placeholder)
	m.entry.SetMinRowsVisible(rows)
	m.entry.OnChanged = func(string) {
		if !m.loading {
			m.schedule()
		}
	}
	m.status = widget.NewLabel("")
	m.status.SizeName = theme.SizeNameCaptionText
	m.root = container.NewBorder(nil, container.NewHBox(m.status), nil, nil, m.entry)
	m.ExtendBaseWidget(m)
	return m
}

// load shows text as the saved memo, after saving what was being typed.
func (m *memoEditor) load(text string) {
	m.flush()
	m.loading = true
	m.entry.SetText(text)
	m.loading = false
	m.was = text
	m.status.SetText("")
}

// Text returns the memo as typed.
func (m *memoEditor) Text() string { return m.entry.Text }

func (m *memoEditor) schedule() {
	m.status.SetText("Saving…")
	m.timerMu.Lock()
	defer m.timerMu.Unlock()
	m.gen++
	gen := m.gen
	if m.timer != nil {
		m.timer.Stop()
	}
	m.timer = m.afterFunc(noteDelay, func() {
		fyne.Do(func() {
			m.timerMu.Lock()
			stale := gen != m.gen
			m.timerMu.Unlock()
			if !stale {
				m.flush()
			}
		})
	})
}

// flush saves the memo now if it changed.
func (m *memoEditor) flush() {
	m.timerMu.Lock()
	m.gen++
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	m.timerMu.Unlock()
	text := m.entry.Text
	if text == m.was || m.OnSave == nil {
		if m.status.Text == "Saving…" {
			m.status.SetText("Saved")
		}
		return
	}
	if err := m.OnSave(m.was, text); err != nil {
		m.status.SetText("Not saved: " + err.Error())
		return
	}
	m.was = text
	m.status.SetText("Saved")
}

// CreateRenderer shows the text and whether it is saved.
func (m *memoEditor) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(m.root)
}
