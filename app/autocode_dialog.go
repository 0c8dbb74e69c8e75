package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// allRules is the rule choice that runs every rule.
const allRules = "All rules"

// autocoder is the auto-coding review: it runs the project's rules,
// lists the passages they propose, and codes the ones the researcher
// accepts (one, or all), dropping the rejected ones.
type autocoder struct {
	win        fyne.Window
	db         *storage.DB
	onAccepted func(passageIDs []string)

	rules     []*annotate.Rule
	tagNames  map[string]string
	titles    map[string]string
	proposals []annotate.Proposal
	selected  int // index into proposals, -1 for none

	ruleSel   *widget.Select
	list      *widget.List
	status    *widget.Label
	accept    *widget.Button
	reject    *widget.Button
	acceptAll *widget.Button
	seq       int // the latest run; older results are dropped
	// proj, when set, is the project the review codes: once it closes
	// (another was opened), the review goes, and work still under way
	// codes nothing and says so.
	proj *session
}

// showAutocodeDialog opens the auto-coding review of the project s over
// win, and returns it. onAccepted gets the IDs of the passages each
// acceptance creates, on the UI goroutine, so the caller can record an undo
// step. The review goes when s closes.
func showAutocodeDialog(win fyne.Window, s *session, onAccepted func(passageIDs []string)) *autocoder {
	a := newAutocoder(win, s.db, onAccepted)
	a.proj = s
	d := dialog.NewCustom("Auto-code", "Close", a.content(), win)
	d.Resize(fyne.NewSize(860, 560))
	d.Show()
	s.keep(d)
	a.load()
	return a
}

// ctx is the context the review's work runs on: the project's.
func (a *autocoder) ctx() context.Context { return a.proj.context() }

func newAutocoder(win fyne.Window, db *storage.DB, onAccepted func([]string)) *autocoder {
	a := &autocoder{win: win, db: db, onAccepted: onAccepted, selected: -1}
	a.ruleSel = widget.NewSelect([]string{allRules}, func(string) { a.run() })
	a.status = widget.NewLabel("")
	a.status.Wrapping = fyne.TextWrapWord
	a.list = widget.NewList(
		func() int { return len(a.proposals) },
		func() fyne.CanvasObject {
			head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			head.Truncation = fyne.TextTruncateEllipsis
			quote := widget.NewLabel("")
			quote.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(head, quote)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(a.proposals) {
				return
			}
			p := a.proposals[id]
			box := o.(*fyne.Container)
			head := fmt.Sprintf("%s — %s (rule %s)", a.titles[p.DocumentID], a.tagNames[p.TagID], p.RuleName)
			if p.Overlaps != "" {
				head += " · overlaps a passage already coded " + a.tagNames[p.TagID]
			}
			box.Objects[0].(*widget.Label).SetText(head)
			box.Objects[1].(*widget.Label).SetText("“" + strings.Join(strings.Fields(p.Quote), " ") + "”")
		})
	a.list.OnSelected = func(id widget.ListItemID) { a.selected = id; a.update() }
	a.list.OnUnselected = func(widget.ListItemID) { a.selected = -1; a.update() }
	a.accept = widget.NewButtonWithIcon("Accept", theme.ConfirmIcon(), func() {
		if a.selected >= 0 {
			a.acceptProposals([]int{a.selected})
		}
	})
	a.reject = widget.NewButtonWithIcon("Reject", theme.CancelIcon(), func() {
		if a.selected >= 0 {
			a.drop([]int{a.selected})
		}
	})
	a.acceptAll = widget.NewButton("Accept all…", a.confirmAcceptAll)
	a.acceptAll.Importance = widget.HighImportance
	a.update()
	return a
}

func (a *autocoder) content() fyne.CanvasObject {
	newRule := widget.NewButtonWithIcon("New rule…", theme.ContentAddIcon(), a.newRule)
	top := container.NewBorder(nil, a.status, widget.NewLabel("Rule:"), newRule, a.ruleSel)
	bottom := container.NewHBox(a.accept, a.reject, widget.NewSeparator(), a.acceptAll)
	return container.NewBorder(top, bottom, nil, nil, a.list)
}

// update enables the buttons that can act and sums up the proposals.
func (a *autocoder) update() {
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(a.accept, a.selected >= 0 && a.selected < len(a.proposals))
	enable(a.reject, a.selected >= 0 && a.selected < len(a.proposals))
	enable(a.acceptAll, len(a.proposals) > 0)
}

// load reads the rules, codebook and document titles, then runs the rules.
func (a *autocoder) load() {
	a.status.SetText("Loading rules…")
	offUI(func() {
		ctx := a.ctx()
		rules, err := a.db.Rules(ctx)
		var tags []*annotate.Tag
		var docs []*annotate.Document
		if err == nil {
			tags, err = a.db.Tags(ctx)
		}
		if err == nil {
			docs, err = a.db.Documents(ctx, annotate.DocumentFilter{})
		}
		fyne.Do(func() {
			if err != nil {
				a.status.SetText("Cannot read the rules: " + err.Error())
				return
			}
			a.rules = rules
			a.tagNames, a.titles = map[string]string{}, map[string]string{}
			for _, t := range tags {
				a.tagNames[t.ID] = t.Name
			}
			for _, d := range docs {
				a.titles[d.ID] = d.Title
			}
			opts := []string{allRules}
			for _, r := range rules {
				opts = append(opts, r.Name)
			}
			a.ruleSel.Options = opts
			a.ruleSel.Refresh()
			if a.ruleSel.Selected == "" {
				a.ruleSel.SetSelected(allRules) // runs the rules
			} else {
				a.run()
			}
		})
	})
}

// run proposes passages for the chosen rule (or all) in a goroutine.
func (a *autocoder) run() {
	var opt storage.AutocodeOptions
	if name := a.ruleSel.Selected; name != "" && name != allRules {
		for _, r := range a.rules {
			if r.Name == name {
				opt.RuleIDs = []string{r.ID}
			}
		}
	}
	if len(a.rules) == 0 {
		a.setProposals(nil)
		a.status.SetText("The project has no rules yet: add one with New rule….")
		return
	}
	a.seq++
	seq := a.seq
	a.status.SetText("Running the rules…")
	offUI(func() {
		ps, err := a.db.ProposeAutocode(a.ctx(), opt)
		fyne.Do(func() {
			if seq != a.seq || a.proj.closed() {
				return // the review went with its project
			}
			if err != nil {
				a.setProposals(nil)
				a.status.SetText(annotate.ErrorMessage(err))
				return
			}
			a.setProposals(ps)
			a.summarize("")
		})
	})
}

func (a *autocoder) setProposals(ps []annotate.Proposal) {
	a.proposals = ps
	a.selected = -1
	a.list.UnselectAll()
	a.list.Refresh()
	a.update()
}

// summarize shows what is left to review, after what just happened.
func (a *autocoder) summarize(done string) {
	left := "No proposals: the rules find nothing that is not coded already."
	if len(a.proposals) > 0 {
		left = fmt.Sprintf("%s proposals to review.", annotate.Number(len(a.proposals)))
	}
	if done != "" {
		left = done + " " + left
	}
	a.status.SetText(left)
}

// acceptProposals codes the proposals at idx in one transaction, off the
// UI goroutine, and drops them from the list.
func (a *autocoder) acceptProposals(idx []int) {
	if len(idx) == 0 {
		return
	}
	ps := make([]annotate.Proposal, len(idx))
	for i, k := range idx {
		ps[i] = a.proposals[k]
	}
	a.accept.Disable()
	a.acceptAll.Disable()
	a.status.SetText("Coding…")
	offUI(func() {
		var ids []string
		var err error
		if a.proj.closed() {
			err = a.proj.closedFirst("nothing was coded")
		} else {
			ids, err = a.db.AcceptProposals(a.ctx(), ps)
			err = a.proj.orClosed("nothing was coded", err)
		}
		fyne.Do(func() {
			if err != nil && a.proj.closed() {
				a.status.SetText(capitalize(annotate.ErrorMessage(err)) + ".")
				dialog.ShowError(err, a.win)
				return
			}
			if err != nil {
				a.update()
				a.status.SetText("Could not code: " + annotate.ErrorMessage(err))
				return
			}
			a.drop(idx)
			if len(ids) > 0 && a.onAccepted != nil {
				a.onAccepted(ids)
			}
			n := "passages"
			if len(ids) == 1 {
				n = "passage"
			}
			a.summarize(fmt.Sprintf("Coded %s %s.", annotate.Number(len(ids)), n))
		})
	})
}

// confirmAcceptAll asks before coding every proposal at once. Those that
// overlap a passage already coded with the same code are left out: each
// can still be accepted on its own.
func (a *autocoder) confirmAcceptAll() {
	var fresh []int
	overlapping := 0
	for i, p := range a.proposals {
		if p.Overlaps != "" {
			overlapping++
			continue
		}
		fresh = append(fresh, i)
	}
	var msg string
	switch {
	case len(fresh) == 0:
		dialog.ShowInformation("Accept All", fmt.Sprintf("Every proposal left overlaps a passage already coded with the same code (%s). Accept those you want one by one.", annotate.Number(overlapping)), a.win)
		return
	case overlapping > 0:
		msg = fmt.Sprintf("Code %s with their rules' codes?\n\n%s overlapping passages already coded with the same code %s left out: accept them one by one if you want them.",
			plural(len(fresh), "passage"), plural(overlapping, "proposal"), map[bool]string{true: "is", false: "are"}[overlapping == 1])
	default:
		msg = fmt.Sprintf("Code %s with their rules' codes?", plural(len(fresh), "passage"))
	}
	msg += "\n\nEdit ▸ Undo takes them all back in one step."
	d := dialog.NewConfirm("Accept All", msg, func(ok bool) {
		if ok {
			a.acceptProposals(fresh)
		}
	}, a.win)
	d.SetConfirmText("Code " + plural(len(fresh), "Passage"))
	d.Show()
	a.proj.keep(d)
}

// drop removes the proposals at idx from the list.
func (a *autocoder) drop(idx []int) {
	gone := map[int]bool{}
	for _, k := range idx {
		gone[k] = true
	}
	kept := a.proposals[:0:0]
	for i, p := range a.proposals {
		if !gone[i] {
			kept = append(kept, p)
		}
	}
	a.setProposals(kept)
	a.summarize("")
}

// newRule asks for a rule and saves it.
func (a *autocoder) newRule() {
	name := widget.NewEntry()
	pattern := widget.NewEntry()
	pattern.SetPlaceHolder("cyber*|hack*|ransomware")
	kind := widget.NewRadioGroup([]string{"Words", "Regular expression"}, nil)
	kind.Horizontal = true
	kind.SetSelected("Words")
	var tagOpts []string
	byName := map[string]string{}
	for id, n := range a.tagNames {
		tagOpts = append(tagOpts, n)
		byName[n] = id
	}
	sort.Slice(tagOpts, func(i, j int) bool { return strings.ToLower(tagOpts[i]) < strings.ToLower(tagOpts[j]) })
	tag := widget.NewSelect(tagOpts, nil)
	scope := widget.NewSelect([]string{annotate.ScopeMatch, annotate.ScopeSentence, annotate.ScopeParagraph}, nil)
	scope.SetSelected(annotate.ScopeSentence)
	items := []*widget.FormItem{
		widget.NewFormItem("Name", name),
		widget.NewFormItem("Kind", kind),
		{Text: "Pattern", Widget: pattern, HintText: "Words or phrases separated by |; end one with * for any ending"},
		widget.NewFormItem("Code", tag),
		widget.NewFormItem("Codes the", scope),
	}
	var kept *editingDialog
	form := dialog.NewForm("New rule", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		kept.confirmed = true // being added: nothing to ask about meanwhile
		r := &annotate.Rule{Name: name.Text, Kind: annotate.RuleWords, Pattern: pattern.Text, TagID: byName[tag.Selected], Scope: scope.Selected}
		if kind.Selected == "Regular expression" {
			r.Kind = annotate.RuleRegex
		}
		offUI(func() {
			var err error
			if a.proj.closed() {
				err = a.proj.closedFirst("the rule " + r.Name + " was not added")
			} else {
				err = a.proj.orClosed("the rule "+r.Name+" was not added", a.db.CreateRule(a.ctx(), r))
			}
			fyne.Do(func() {
				if err != nil && a.proj.closed() {
					dialog.ShowError(err, a.win)
					return
				}
				if err != nil {
					// Refused (a name taken, a pattern that does not
					// compile, a file that cannot be written): the rule
					// typed comes back to be corrected.
					kept.reopen()
					dialog.ShowError(fmt.Errorf("%s", annotate.ErrorMessage(err)), a.win)
					return
				}
				a.ruleSel.Selected = r.Name
				a.load()
			})
		})
	}, a.win)
	form.Show()
	kept = askingFirst(form, a.win, "New rule", errors.New("the rule is not added yet"), name, pattern)
	a.proj.keep(kept)
}
