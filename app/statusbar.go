package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusBar is the line at the bottom: the project file, its counts, and
// whether every change is saved; a short message flashes over the file.
type statusBar struct {
	widget.BaseWidget

	root    fyne.CanvasObject
	path    *widget.Label
	counts  *widget.Label
	saved   *widget.Label
	icon    *widget.Icon
	message *widget.Label
	undo    *widget.Button // offered for a while after a deletion
	onUndo  func()
	flashAt time.Time
	// afterFunc schedules the end of a flash; tests replace it, so that no
	// timer of theirs fires into another test's window.
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
}

// undoOffer is how long the status bar offers to undo a deletion.
const undoOffer = 10 * time.Second

func newStatusBar() *statusBar {
	s := &statusBar{}
	s.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	s.path = widget.NewLabel("")
	s.path.Truncation = fyne.TextTruncateEllipsis
	s.path.SizeName = theme.SizeNameCaptionText
	s.counts = widget.NewLabel("")
	s.counts.SizeName = theme.SizeNameCaptionText
	s.saved = widget.NewLabel("")
	s.saved.SizeName = theme.SizeNameCaptionText
	s.icon = widget.NewIcon(theme.ConfirmIcon())
	s.message = widget.NewLabel("")
	s.message.SizeName = theme.SizeNameCaptionText
	s.message.Importance = widget.WarningImportance
	s.message.Truncation = fyne.TextTruncateEllipsis
	s.undo = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), func() {
		fn := s.onUndo
		s.endFlash()
		if fn != nil {
			fn()
		}
	})
	s.undo.Importance = widget.LowImportance
	s.undo.Hide()
	right := container.NewHBox(s.counts, widget.NewSeparator(), s.icon, s.saved)
	s.root = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, right, container.NewBorder(nil, nil, nil, s.undo, container.NewStack(s.path, s.message))))
	s.ExtendBaseWidget(s)
	return s
}

// set shows the project's path and counts and the save state.
func (s *statusBar) set(path, counts string, err error, busy bool) {
	s.path.SetText(path)
	s.counts.SetText(counts)
	switch {
	case path == "" || counts == "":
		s.saved.SetText("")
		s.icon.Hide()
	case err != nil:
		s.saved.SetText("Last change not saved — see the message")
		s.icon.SetResource(theme.ErrorIcon())
		s.icon.Show()
	case busy:
		s.saved.SetText("Working…")
		s.icon.SetResource(theme.ViewRefreshIcon())
		s.icon.Show()
	default:
		s.saved.SetText("All changes saved")
		s.icon.SetResource(theme.ConfirmIcon())
		s.icon.Show()
	}
}

// flash shows a short message in place of the path for a few seconds.
func (s *statusBar) flash(msg string) {
	s.show(msg, nil, 4*time.Second)
}

// offerUndo shows msg with an Undo button that calls undo, for a while or
// until the next message.
func (s *statusBar) offerUndo(msg string, undo func()) {
	s.show(msg+" Undo brings it back (Ctrl+Z).", undo, undoOffer)
}

func (s *statusBar) show(msg string, undo func(), d time.Duration) {
	s.message.SetText(msg)
	s.path.Hide()
	s.message.Show()
	s.onUndo = undo
	if undo != nil {
		s.undo.Show()
	} else {
		s.undo.Hide()
	}
	at := time.Now()
	s.flashAt = at
	s.afterFunc(d, func() {
		fyne.Do(func() {
			if s.flashAt == at {
				s.endFlash()
			}
		})
	})
}

// endFlash puts the path back in place of the message.
func (s *statusBar) endFlash() {
	s.flashAt = time.Time{}
	s.onUndo = nil
	s.undo.Hide()
	s.message.Hide()
	s.path.Show()
}

// CreateRenderer shows the bar's layout.
func (s *statusBar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.root)
}
