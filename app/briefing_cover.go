package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// briefingCover edits what the briefing's cover says: title, subtitle,
// audience, date, who prepared it, and the executive summary in Gloss's
// Markdown subset. Each field is saved as typed through OnChange, which
// names the edit for the undo history; OnTyping hears every keystroke of
// the summary, before it is saved, so the preview can follow.
type briefingCover struct {
	OnChange func(upd annotate.BriefingUpdate, what string) error
	OnTyping func()

	title, subtitle, audience, date, preparedBy *widget.Entry
	summary                                     *memoEditor
	status                                      *widget.Label
	content                                     fyne.CanvasObject
	loading                                     bool
}

// summaryHelp says what the summary's Markdown subset offers.
const summaryHelp = "Paragraphs are separated by an empty line; “- ” starts a bullet, **bold**, *italic*, [a link](https://…)."

func newBriefingCover() *briefingCover {
	c := &briefingCover{}
	field := func(placeholder, what string, set func(upd *annotate.BriefingUpdate, v string)) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(s string) {
			if c.loading {
				return
			}
			var upd annotate.BriefingUpdate
			set(&upd, strings.TrimSpace(s))
			c.save(upd, what)
		}
		return e
	}
	c.title = field("Title (the briefing's name when empty)", "Edit Title", func(u *annotate.BriefingUpdate, v string) { u.Title = &v })
	c.subtitle = field("Subtitle", "Edit Subtitle", func(u *annotate.BriefingUpdate, v string) { u.Subtitle = &v })
	c.audience = field("Audience or classification, e.g. Minister’s office · Official", "Edit Audience", func(u *annotate.BriefingUpdate, v string) { u.Audience = &v })
	c.preparedBy = field("Prepared by", "Edit Prepared By", func(u *annotate.BriefingUpdate, v string) { u.PreparedBy = &v })
	c.date = widget.NewEntry()
	c.date.SetPlaceHolder("YYYY-MM-DD (empty: the day it is exported)")
	c.date.OnChanged = func(s string) {
		if c.loading {
			return
		}
		s = strings.TrimSpace(s)
		if s != "" && !annotate.ValidDate(s) {
			c.status.SetText("The date is written YYYY-MM-DD; it is saved once complete.")
			return
		}
		c.save(annotate.BriefingUpdate{Date: &s}, "Edit Date")
	}
	c.summary = newMemoEditor("The executive summary: what the reader must know, in a few paragraphs or bullets.", 10)
	c.summary.OnSave = func(_, text string) error {
		if c.OnChange == nil {
			return nil
		}
		return c.OnChange(annotate.BriefingUpdate{Summary: &text}, "Edit Summary")
	}
	typed := c.summary.entry.OnChanged
	c.summary.entry.OnChanged = func(s string) {
		typed(s)
		if !c.summary.loading && c.OnTyping != nil {
			c.OnTyping()
		}
	}
	c.status = widget.NewLabel("")
	c.status.SizeName = theme.SizeNameCaptionText
	c.status.Wrapping = fyne.TextWrapWord
	help := widget.NewLabel(summaryHelp)
	help.SizeName = theme.SizeNameCaptionText
	help.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("Title", c.title),
		widget.NewFormItem("Subtitle", c.subtitle),
		widget.NewFormItem("Audience", c.audience),
		widget.NewFormItem("Date", c.date),
		widget.NewFormItem("Prepared by", c.preparedBy),
	)
	heading := widget.NewLabel("Executive summary")
	heading.TextStyle.Bold = true
	c.content = container.NewBorder(container.NewVBox(form, c.status, heading, help), nil, nil, nil, c.summary)
	return c
}

// save writes one field, saying so or why not.
func (c *briefingCover) save(upd annotate.BriefingUpdate, what string) {
	if c.OnChange == nil {
		return
	}
	if err := c.OnChange(upd, what); err != nil {
		c.status.SetText("Not saved: " + err.Error())
		return
	}
	c.status.SetText("")
}

// show puts a briefing's cover in the fields, after saving the summary
// being typed. The summary is kept as typed when it is the same briefing
// and only its stored copy lags behind.
func (c *briefingCover) show(b *annotate.Briefing, same bool) {
	c.loading = true
	defer func() { c.loading = false }()
	for _, f := range []struct {
		e *widget.Entry
		v string
	}{{c.title, b.Title}, {c.subtitle, b.Subtitle}, {c.audience, b.Audience}, {c.preparedBy, b.PreparedBy}} {
		if strings.TrimSpace(f.e.Text) != f.v {
			f.e.SetText(f.v)
		}
	}
	if d := strings.TrimSpace(c.date.Text); d != b.Date && (!same || annotate.ValidDate(d) || d == "") {
		c.date.SetText(b.Date)
	}
	if !same || (c.summary.Text() == c.summary.was && b.Summary != c.summary.was) {
		c.summary.load(b.Summary)
	}
	if !same {
		c.status.SetText("")
	}
}

// draft returns the summary as typed.
func (c *briefingCover) draft() string { return c.summary.Text() }
