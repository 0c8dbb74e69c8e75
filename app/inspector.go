package app

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// noteDelay is how long typing must pause before a note is saved.
const noteDelay = 400 * time.Millisecond

// inspector shows the selected passage: its quote, codes (add, remove), its
// note (saved as you type) and who made it when. The changes go through
// the On… callbacks; OnSaveNote reports whether the note was saved.
type inspector struct {
	widget.BaseWidget

	OnAddTag    func(p *annotate.Passage, tagID string)
	OnRemoveTag func(p *annotate.Passage, tagID string)
	OnDelete    func()
	OnSaveNote  func(passageID, old, new string) error
	// OnShowOriginal opens the page of the original file the passage came
	// from; the button shows only for documents that keep one.
	OnShowOriginal func(p *annotate.Passage)

	root    fyne.CanvasObject
	empty   *widget.Label
	body    *fyne.Container
	quote   *widget.Label
	where   *widget.Label
	chips   *fyne.Container
	add     *widget.Select
	note    *widget.Entry
	saved   *widget.Label
	credits *widget.Label
	orig    *widget.Button

	p       *annotate.Passage // shown
	cb      *codebook
	noteWas string // the note as last saved
	loading bool   // setting the entry's text, not the user typing
	timerMu sync.Mutex
	timer   interface{ Stop() bool }
	gen     int // bumped per scheduled save, so a stale timer does nothing
	// afterFunc schedules the save; tests replace it to fire at will.
	afterFunc func(d time.Duration, f func()) interface{ Stop() bool }
}

func newInspector() *inspector {
	in := &inspector{cb: newCodebook(nil)}
	in.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } { return time.AfterFunc(d, f) }
	in.empty = widget.NewLabel("No passage selected.\n\nSelect text in the article and press 1–9 (or click a code above it) to create a passage. Click a highlighted passage to see it here.")
	in.empty.Wrapping = fyne.TextWrapWord
	in.quote = widget.NewLabel("")
	in.quote.Wrapping = fyne.TextWrapWord
	in.quote.TextStyle.Italic = true
	in.where = widget.NewLabel("")
	in.where.SizeName = theme.SizeNameCaptionText
	in.where.Wrapping = fyne.TextWrapWord
	in.chips = container.New(&flowLayout{gap: theme.Padding()})
	in.add = widget.NewSelect(nil, func(s string) {
		if s == "" || in.p == nil {
			return
		}
		if t := in.cb.named(s); t != nil {
			in.add.ClearSelected()
			if in.OnAddTag != nil {
				in.OnAddTag(in.p, t.ID)
			}
		}
	})
	in.add.PlaceHolder = "Add a code…"
	in.note = widget.NewMultiLineEntry()
	in.note.Wrapping = fyne.TextWrapWord
	in.note.SetPlaceHolder("Write a note about this passage…")
	in.note.SetMinRowsVisible(6)
	in.note.OnChanged = func(string) {
		if !in.loading {
			in.schedule()
		}
	}
	in.saved = widget.NewLabel("")
	in.saved.SizeName = theme.SizeNameCaptionText
	in.credits = widget.NewLabel("")
	in.credits.SizeName = theme.SizeNameCaptionText
	in.credits.Wrapping = fyne.TextWrapWord
	del := widget.NewButtonWithIcon("Delete Passage", theme.DeleteIcon(), func() {
		if in.OnDelete != nil {
			in.OnDelete()
		}
	})
	del.Importance = widget.DangerImportance
	in.orig = widget.NewButtonWithIcon("Show Original", theme.FileImageIcon(), func() {
		if in.OnShowOriginal != nil && in.p != nil {
			in.OnShowOriginal(in.p)
		}
	})
	in.orig.Hide()
	heading := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.TextStyle.Bold = true
		return l
	}
	in.body = container.New(&stackLayout{gap: theme.Padding()},
		heading("Quote"), in.quote, in.where,
		heading("Codes"), in.chips, in.add,
		container.NewBorder(nil, nil, heading("Note"), in.saved), in.note,
		in.credits, container.NewHBox(in.orig, del),
		widget.NewLabel(""), // the stack's last row stretches
	)
	in.body.Hide()
	in.root = container.NewVScroll(container.NewPadded(container.NewStack(in.empty, in.body)))
	in.ExtendBaseWidget(in)
	return in
}

// clear shows that no passage is selected.
func (in *inspector) clear() {
	in.flush()
	in.p = nil
	in.body.Hide()
	in.empty.Show()
}

// show displays passage p, found in the document titled where, with the
// codes of cb. Unless force is set, the note being typed in is kept when
// the passage is the same.
func (in *inspector) show(p *annotate.Passage, where string, cb *codebook, force bool) {
	in.flush()
	same := in.p != nil && in.p.ID == p.ID
	in.p, in.cb = p, cb
	in.empty.Hide()
	in.body.Show()
	in.quote.SetText("“" + annotate.Ellipsize(p.Quote, 1200) + "”")
	in.where.SetText(fmt.Sprintf("%s · characters %d–%d", where, p.Start, p.End))

	var chips []fyne.CanvasObject
	has := map[string]bool{}
	for _, id := range p.Tags {
		t := cb.tag(id)
		if t == nil {
			continue
		}
		has[id] = true
		tagID := id
		c := newChip(t, "", nil)
		c.OnRemove = func() {
			if in.OnRemoveTag != nil {
				in.OnRemoveTag(in.p, tagID)
			}
		}
		chips = append(chips, c)
	}
	in.chips.Objects = chips
	in.chips.Refresh()
	var opts []string
	for _, t := range cb.tags {
		if !has[t.ID] && !t.Grouping { // a grouping code is never applied
			opts = append(opts, t.Name)
		}
	}
	in.add.Options = opts
	in.add.Refresh()

	if !same || force {
		in.loading = true
		in.note.SetText(p.Note.Text)
		in.loading = false
		in.noteWas = p.Note.Text
		in.saved.SetText("")
	}
	in.credits.SetText(credits(p))
	in.body.Refresh()
}

// setOriginal shows the Show Original button when the shown passage's
// document keeps its original file.
func (in *inspector) setOriginal(available bool) {
	if available {
		in.orig.Show()
	} else {
		in.orig.Hide()
	}
}

// credits says who coded the passage and wrote the note, and when.
func credits(p *annotate.Passage) string {
	var b strings.Builder
	how := "Coded"
	switch p.Provenance {
	case annotate.ProvenanceAuto:
		how = "Auto-coded (accepted)"
	case annotate.ProvenanceImport:
		how = "Imported"
	}
	fmt.Fprintf(&b, "%s by %s on %s", how, orUnknown(p.Author), when(p.CreatedAt))
	if p.UpdatedAt.Sub(p.CreatedAt) > time.Second {
		fmt.Fprintf(&b, "; changed %s", when(p.UpdatedAt))
	}
	b.WriteString(".")
	if p.Note.ID != "" {
		fmt.Fprintf(&b, "\nNote by %s, %s.", orUnknown(p.Note.Author), when(p.Note.UpdatedAt))
	}
	return b.String()
}

func orUnknown(s string) string {
	if s == "" {
		return "someone"
	}
	return s
}

// when formats a time for people, in local time.
func when(t time.Time) string {
	if t.IsZero() {
		return "an unknown date"
	}
	return t.Local().Format("2 Jan 2006, 15:04")
}

// schedule saves the note once typing pauses for noteDelay.
func (in *inspector) schedule() {
	in.saved.SetText("Saving…")
	in.timerMu.Lock()
	defer in.timerMu.Unlock()
	in.gen++
	gen := in.gen
	if in.timer != nil {
		in.timer.Stop()
	}
	in.timer = in.afterFunc(noteDelay, func() {
		fyne.Do(func() {
			in.timerMu.Lock()
			stale := gen != in.gen
			in.timerMu.Unlock()
			if !stale {
				in.flush()
			}
		})
	})
}

// flush saves the note now if it changed: on a pause in typing, when
// another passage is selected, before undo and when the window closes.
func (in *inspector) flush() {
	in.timerMu.Lock()
	in.gen++
	if in.timer != nil {
		in.timer.Stop()
		in.timer = nil
	}
	in.timerMu.Unlock()
	if in.p == nil || in.OnSaveNote == nil {
		return
	}
	text := in.note.Text
	if text == in.noteWas {
		if in.saved.Text == "Saving…" {
			in.saved.SetText("Saved")
		}
		return
	}
	if err := in.OnSaveNote(in.p.ID, in.noteWas, text); err != nil {
		in.saved.SetText("Not saved")
		return
	}
	in.noteWas = text
	in.p.Note.Text = text
	in.saved.SetText("Saved")
}

// CreateRenderer shows the inspector's layout.
func (in *inspector) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(in.root)
}
