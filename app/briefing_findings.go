package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// briefingFindings edits the briefing's findings, one per code: the
// codebook in its hierarchy on the left (sub-codes under their parent, a
// tick on those with a finding), the chosen code's finding on the right,
// saved as typed through OnSave. A code's memo from the analysis can
// start its finding (CodeMemo reads it); OnTyping hears every keystroke
// before it is saved, so the preview can follow.
type briefingFindings struct {
	OnSave   func(tagID, old, new string) error
	OnTyping func()
	CodeMemo func(tagID string) string

	cb       *codebook
	b        *annotate.Briefing
	tagID    string // the code whose finding is shown
	list     *widget.List
	heading  *widget.Label
	memoNote *widget.Label
	useMemo  *widget.Button
	editor   *memoEditor
	empty    *widget.Label
	pane     *fyne.Container
	content  fyne.CanvasObject
}

func newBriefingFindings() *briefingFindings {
	f := &briefingFindings{cb: newCodebook(nil)}
	f.list = widget.NewList(func() int { return len(f.cb.tags) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("code")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(f.cb.tags) {
				return
			}
			o.(*widget.Label).SetText(f.rowText(f.cb.tags[i]))
		})
	f.list.OnSelected = func(i widget.ListItemID) {
		if i < len(f.cb.tags) {
			f.choose(f.cb.tags[i].ID)
		}
	}
	f.heading = widget.NewLabel("")
	f.heading.TextStyle.Bold = true
	f.heading.Wrapping = fyne.TextWrapWord
	f.memoNote = widget.NewLabel("")
	f.memoNote.SizeName = theme.SizeNameCaptionText
	f.memoNote.Wrapping = fyne.TextWrapWord
	f.useMemo = widget.NewButtonWithIcon("Start from the Code Memo", theme.DocumentIcon(), f.seedFromMemo)
	f.editor = newMemoEditor("What the passages of this code show, in a paragraph: the finding the reader takes away.", 8)
	f.editor.OnSave = func(old, text string) error {
		if f.OnSave == nil || f.tagID == "" {
			return nil
		}
		if err := f.OnSave(f.tagID, old, text); err != nil {
			return err
		}
		f.list.Refresh()
		return nil
	}
	typed := f.editor.entry.OnChanged
	f.editor.entry.OnChanged = func(s string) {
		typed(s)
		if !f.editor.loading && f.OnTyping != nil {
			f.OnTyping()
		}
	}
	f.empty = widget.NewLabel("Choose a code to write its finding. Its section lists the key quotes starred under it.")
	f.empty.Wrapping = fyne.TextWrapWord
	f.pane = container.NewBorder(container.NewVBox(f.heading, container.NewBorder(nil, nil, nil, f.useMemo, f.memoNote)), nil, nil, nil, f.editor)
	f.pane.Hide()
	split := container.NewHSplit(f.list, container.NewStack(f.empty, f.pane))
	split.SetOffset(0.35)
	f.content = split
	return f
}

// rowText is a code in the list: indented, ticked when it has a finding.
func (f *briefingFindings) rowText(t *annotate.Tag) string {
	s := f.cb.indented(t)
	if f.finding(t.ID) != "" {
		s = "✓ " + s
	} else {
		s = "    " + s
	}
	return s
}

// finding is the finding on a code as typed (the code shown) or stored.
func (f *briefingFindings) finding(tagID string) string {
	if tagID == f.tagID && f.tagID != "" {
		return f.editor.Text()
	}
	if f.b == nil {
		return ""
	}
	return f.b.Finding(tagID)
}

// show lists the codebook's codes for the briefing b; same says it is the
// briefing already shown (after an edit elsewhere), when the finding being
// typed is kept.
func (f *briefingFindings) show(b *annotate.Briefing, cb *codebook, same bool) {
	f.b, f.cb = b, cb
	if !same {
		f.editor.flush()
		f.tagID = ""
		f.list.UnselectAll()
		f.pane.Hide()
		f.empty.Show()
	} else if f.tagID != "" {
		if cb.tag(f.tagID) == nil {
			f.tagID = ""
			f.pane.Hide()
			f.empty.Show()
		} else if stored := b.Finding(f.tagID); f.editor.Text() == f.editor.was && stored != f.editor.was {
			f.editor.load(stored) // undone or merged meanwhile
		}
	}
	f.list.Refresh()
}

// choose shows a code's finding.
func (f *briefingFindings) choose(tagID string) {
	if tagID == f.tagID {
		return
	}
	f.editor.flush()
	t := f.cb.tag(tagID)
	if t == nil || f.b == nil {
		return
	}
	f.tagID = tagID
	f.heading.SetText("Finding on “" + t.Name + "”")
	f.empty.Hide()
	f.pane.Show()
	f.editor.load(f.b.Finding(tagID))
	f.showMemo()
}

// showMemo says whether the code has a memo to start from.
func (f *briefingFindings) showMemo() {
	memo := ""
	if f.CodeMemo != nil {
		memo = strings.TrimSpace(f.CodeMemo(f.tagID))
	}
	if memo == "" {
		f.memoNote.SetText("This code has no memo yet.")
		f.useMemo.Disable()
		return
	}
	f.memoNote.SetText(fmt.Sprintf("The code’s memo (%s): “%s”", plural(len(strings.Fields(memo)), "word"), annotate.Ellipsize(strings.Join(strings.Fields(memo), " "), 140)))
	f.useMemo.Enable()
	if f.editor.Text() == "" {
		f.useMemo.SetText("Start from the Code Memo")
	} else {
		f.useMemo.SetText("Replace with the Code Memo")
	}
}

// seedFromMemo puts the code's memo in the finding, saved at once (Undo
// takes it back).
func (f *briefingFindings) seedFromMemo() {
	if f.CodeMemo == nil || f.tagID == "" {
		return
	}
	memo := strings.TrimSpace(f.CodeMemo(f.tagID))
	if memo == "" {
		return
	}
	f.editor.entry.SetText(memo)
	f.editor.flush()
	f.showMemo()
}

// draft returns the briefing's findings as typed.
func (f *briefingFindings) draft(b *annotate.Briefing) []annotate.Finding {
	if f.tagID == "" || f.editor.Text() == f.editor.was {
		return b.Findings
	}
	var out []annotate.Finding
	done := false
	for _, x := range b.Findings {
		if x.TagID == f.tagID {
			x.Text, done = f.editor.Text(), true
		}
		if x.Text != "" {
			out = append(out, x)
		}
	}
	if !done && f.editor.Text() != "" {
		out = append(out, annotate.Finding{TagID: f.tagID, Text: f.editor.Text()})
	}
	return out
}
