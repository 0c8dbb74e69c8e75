package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// contextAround is how much text either side of a disagreement the
// reconciliation view shows.
const contextAround = 120

// reconcileView lists where two coders applied a code differently and
// shows each disagreement side by side: what each coded there, in the
// text. The researcher accepts one version, keeps both, or puts the code
// on a range of their own, with a note; the decision is recorded (and
// undoable), and agreement is still measured on the coders' own coding.
type reconcileView struct {
	win      fyne.Window
	ed       *editor
	onChange func()
	// proj, when set, is the project reconciled: what is typed into its
	// dialogs is decided in it before it closes (see editing).
	proj *session

	a, b     *widget.Select
	status   *widget.Label
	list     *widget.List
	items    []annotate.Disagreement
	decided  map[string]*annotate.Reconciliation
	titles   map[string]string
	tags     map[string]string
	quotes   map[string]string
	cur      int
	heading  *widget.Label
	text     *widget.RichText
	sideA    *widget.Label
	sideB    *widget.Label
	nameA    *widget.Label
	nameB    *widget.Label
	note     *widget.Entry
	decision *widget.Label
	acceptA  *widget.Button
	acceptB  *widget.Button
	both     *widget.Button
	edit     *widget.Button
	reverse  *widget.Button
	pane     *fyne.Container
	empty    *widget.Label

	content fyne.CanvasObject
}

func newReconcileView(win fyne.Window, ed *editor, onChange func()) *reconcileView {
	v := &reconcileView{win: win, ed: ed, onChange: onChange, cur: -1}
	authors, _ := ed.db.Authors(bg)
	v.a = widget.NewSelect(authors, func(string) { v.reload() })
	v.b = widget.NewSelect(authors, func(string) { v.reload() })
	v.a.PlaceHolder, v.b.PlaceHolder = "Coder A", "Coder B"
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.list = newTwoLineList(true, func() int { return len(v.items) }, func(i int) (string, string) {
		d := v.items[i]
		state := "not decided yet"
		if r := v.decided[d.Key]; r != nil {
			state = "decided: " + v.decisionWords(r)
		}
		return v.tags[d.TagID] + " · " + v.titles[d.DocumentID], fmt.Sprintf("characters %d–%d · %s", d.Start, d.End, state)
	})
	v.list.OnSelected = func(i widget.ListItemID) { v.show(i) }

	v.heading = widget.NewLabel("")
	v.heading.TextStyle.Bold = true
	v.heading.Wrapping = fyne.TextWrapWord
	v.text = widget.NewRichText()
	v.text.Wrapping = fyne.TextWrapWord
	v.nameA, v.nameB = widget.NewLabel(""), widget.NewLabel("")
	v.nameA.TextStyle.Bold, v.nameB.TextStyle.Bold = true, true
	v.sideA, v.sideB = widget.NewLabel(""), widget.NewLabel("")
	v.sideA.Wrapping, v.sideB.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
	v.note = widget.NewEntry()
	v.note.SetPlaceHolder("Why (recorded with the decision)")
	v.decision = widget.NewLabel("")
	v.decision.Wrapping = fyne.TextWrapWord
	v.acceptA = widget.NewButton("Accept A's", func() { v.decide(annotate.DecideA, 0, 0) })
	v.acceptB = widget.NewButton("Accept B's", func() { v.decide(annotate.DecideB, 0, 0) })
	v.both = widget.NewButton("Keep Both", func() { v.decide(annotate.DecideBoth, 0, 0) })
	v.edit = widget.NewButton("Edit…", v.editRange)
	v.reverse = widget.NewButtonWithIcon("Reverse Decision", theme.ContentUndoIcon(), v.reverseDecision)
	sides := container.NewGridWithColumns(2,
		container.NewVBox(v.nameA, v.sideA),
		container.NewVBox(v.nameB, v.sideB))
	actions := container.NewVBox(v.note, container.NewGridWithColumns(4, v.acceptA, v.acceptB, v.both, v.edit),
		container.NewBorder(nil, nil, nil, v.reverse, v.decision))
	v.pane = container.NewBorder(container.NewVBox(v.heading, sides), actions, nil, nil, container.NewVScroll(v.text))
	v.pane.Hide()
	v.empty = widget.NewLabel("Choose a disagreement to see each coder's version side by side.")
	v.empty.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewHBox(widget.NewLabel("Reconcile"), v.a, widget.NewLabel("with"), v.b), v.status)
	split := container.NewHSplit(v.list, container.NewPadded(container.NewStack(v.empty, v.pane)))
	split.SetOffset(0.38)
	v.content = container.NewBorder(top, nil, nil, nil, split)
	if len(authors) >= 2 {
		v.a.Selected, v.b.Selected = authors[0], authors[1]
		v.reload()
	} else {
		v.status.SetText("Reconciling compares two researchers' coding; merge a colleague's file first.")
	}
	return v
}

func (v *reconcileView) decisionWords(r *annotate.Reconciliation) string {
	switch r.Decision {
	case annotate.DecideA:
		return r.CoderA + "'s version"
	case annotate.DecideB:
		return r.CoderB + "'s version"
	case annotate.DecideBoth:
		return "both versions"
	}
	return fmt.Sprintf("edited to characters %d–%d", r.Start, r.End)
}

// reload lists the disagreements of the chosen coders.
func (v *reconcileView) reload() {
	a, b := v.a.Selected, v.b.Selected
	if a == "" || b == "" {
		return
	}
	if a == b {
		v.items = nil
		v.status.SetText("Choose two different researchers.")
		v.list.Refresh()
		return
	}
	ds, decided, err := v.ed.db.Disagreements(bg, a, b)
	if err != nil {
		v.status.SetText(err.Error())
		return
	}
	tags, _ := v.ed.db.Tags(bg)
	docs, _ := v.ed.db.Documents(bg, annotate.DocumentFilter{})
	v.tags, v.titles = map[string]string{}, map[string]string{}
	for _, t := range tags {
		v.tags[t.ID] = t.Name
	}
	for _, d := range docs {
		v.titles[d.ID] = d.Title
	}
	var ids []string
	for _, d := range ds {
		for _, p := range append(append([]annotate.CodedPassage(nil), d.A...), d.B...) {
			ids = append(ids, p.ID)
		}
	}
	v.quotes, _ = v.ed.db.PassageQuotes(bg, ids)
	v.items, v.decided = ds, decided
	open := 0
	for _, d := range ds {
		if decided[d.Key] == nil {
			open++
		}
	}
	switch {
	case len(ds) == 0:
		v.status.SetText(fmt.Sprintf("%s and %s coded alike everywhere both had the document and the code.", a, b))
	default:
		v.status.SetText(fmt.Sprintf("%s where %s and %s coded differently, %s not decided yet.", annotate.Count(len(ds), "stretch", "stretches"), a, b, annotate.Number(open)))
	}
	v.list.Refresh()
	if v.cur >= 0 && v.cur < len(v.items) {
		v.show(v.cur)
	} else {
		v.cur = -1
		v.pane.Hide()
		v.empty.Show()
	}
}

// refresh shows what storage holds now.
func (v *reconcileView) refresh() {
	if authors, err := v.ed.db.Authors(bg); err == nil {
		v.a.Options, v.b.Options = authors, authors
	}
	v.reload()
}

// show puts disagreement i side by side.
func (v *reconcileView) show(i int) {
	if i < 0 || i >= len(v.items) {
		return
	}
	v.cur = i
	d := v.items[i]
	a, b := v.a.Selected, v.b.Selected
	v.heading.SetText(fmt.Sprintf("%s in “%s”, characters %d–%d", v.tags[d.TagID], v.titles[d.DocumentID], d.Start, d.End))
	side := func(ps []annotate.CodedPassage) string {
		if len(ps) == 0 {
			return "Did not code it here."
		}
		var lines []string
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("“%s” (%d–%d)", annotate.Ellipsize(oneSpaced(v.quotes[p.ID]), 400), p.Start, p.End))
		}
		return strings.Join(lines, "\n")
	}
	v.nameA.SetText(a)
	v.nameB.SetText(b)
	v.sideA.SetText(side(d.A))
	v.sideB.SetText(side(d.B))
	v.acceptA.SetText("Accept " + a + "'s")
	v.acceptB.SetText("Accept " + b + "'s")
	v.text.Segments = v.context(d)
	v.text.Refresh()
	if r := v.decided[d.Key]; r != nil {
		msg := "Decided by " + orUnknown(r.Author) + ", " + when(r.CreatedAt) + ": " + v.decisionWords(r) + "."
		if r.Note != "" {
			msg += " “" + r.Note + "”"
		}
		v.decision.SetText(msg)
		v.reverse.Show()
		for _, btn := range []*widget.Button{v.acceptA, v.acceptB, v.both, v.edit} {
			btn.Disable()
		}
		v.note.Disable()
	} else {
		v.decision.SetText("")
		v.reverse.Hide()
		for _, btn := range []*widget.Button{v.acceptA, v.acceptB, v.both, v.edit} {
			btn.Enable()
		}
		v.note.Enable()
	}
	v.empty.Hide()
	v.pane.Show()
}

// context is the stretch in its text: what both coded in bold, what one
// coded underlined by who, the rest plain.
func (v *reconcileView) context(d annotate.Disagreement) []widget.RichTextSegment {
	doc, err := v.ed.db.Document(bg, d.DocumentID)
	if err != nil {
		return []widget.RichTextSegment{&widget.TextSegment{Text: err.Error()}}
	}
	t := annotate.NewText(doc.Text)
	from, to := max(d.Start-contextAround, 0), min(d.End+contextAround, t.Len())
	in := func(ps []annotate.CodedPassage, i int) bool {
		for _, p := range ps {
			if i >= p.Start && i < p.End {
				return true
			}
		}
		return false
	}
	var segs []widget.RichTextSegment
	add := func(s string, style widget.RichTextStyle) {
		style.Inline = true
		segs = append(segs, &widget.TextSegment{Text: s, Style: style})
	}
	if from > 0 {
		add("…", widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder})
	}
	start, state := from, -1
	flush := func(end int) {
		if end <= start {
			return
		}
		s := t.Slice(start, end)
		switch state {
		case 3: // both
			add(s, widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}})
		case 1: // only A
			add(s, widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true, Italic: true}, ColorName: theme.ColorNamePrimary})
		case 2: // only B
			add(s, widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true, Underline: true}, ColorName: theme.ColorNameWarning})
		default:
			add(s, widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder})
		}
	}
	for i := from; i < to; i++ {
		s := 0
		if in(d.A, i) {
			s |= 1
		}
		if in(d.B, i) {
			s |= 2
		}
		if s != state {
			flush(i)
			start, state = i, s
		}
	}
	flush(to)
	if to < t.Len() {
		add("…", widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder})
	}
	legend := fmt.Sprintf("\n\nBold: both coded it. Italic, coloured: only %s. Underlined: only %s.", v.a.Selected, v.b.Selected)
	segs = append(segs, &widget.TextSegment{Text: legend, Style: widget.RichTextStyle{SizeName: theme.SizeNameCaptionText, ColorName: theme.ColorNamePlaceHolder}})
	return segs
}

func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// decide records a decision on the disagreement shown.
func (v *reconcileView) decide(decision string, start, end int) {
	if err := v.record(decision, start, end); err != nil {
		dialog.ShowError(err, v.win)
	}
}

// record records a decision on the disagreement shown and returns the
// error that stopped it.
func (v *reconcileView) record(decision string, start, end int) error {
	if v.cur < 0 || v.cur >= len(v.items) {
		return nil
	}
	d := v.items[v.cur]
	r := &annotate.Reconciliation{CoderA: v.a.Selected, CoderB: v.b.Selected, Decision: decision, Start: start, End: end, Note: strings.TrimSpace(v.note.Text)}
	if err := v.ed.reconcile(d, r); err != nil {
		return err
	}
	v.note.SetText("")
	v.changed()
	return nil
}

// editRange asks for the words the code should cover instead: the
// stretch's text, to shorten or lengthen within the document.
func (v *reconcileView) editRange() {
	if v.cur < 0 || v.cur >= len(v.items) {
		return
	}
	d := v.items[v.cur]
	doc, err := v.ed.db.Document(bg, d.DocumentID)
	if err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	t := annotate.NewText(doc.Text)
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetText(t.Slice(d.Start, d.End))
	e.SetMinRowsVisible(5)
	hint := widget.NewLabel("Keep the words the code should cover: trim them, or add words from the text either side.")
	hint.Wrapping = fyne.TextWrapWord
	save := func() error {
		s, end, err := rangeNear(t, e.Text, d.Start, d.End)
		if err != nil {
			return err
		}
		return v.record(annotate.DecideEdit, s, end)
	}
	var kept *editingDialog
	dlg := dialog.NewCustomConfirm("Put the Code on…", "Decide", "Cancel", container.NewVBox(hint, e), func(ok bool) {
		if !ok {
			return
		}
		if err := kept.confirm(); err != nil {
			dialog.ShowError(err, v.win)
		}
	}, v.win)
	dlg.Resize(fyne.NewSize(560, 320))
	dlg.Show()
	// Opening another project decides with the words kept, when they are
	// in the text; else it asks first.
	kept = editing(dlg, v.win, save, "Put the Code on…", e)
	kept.check = func() error {
		_, _, err := rangeNear(t, e.Text, d.Start, d.End)
		return err
	}
	v.proj.keep(kept)
}

// rangeNear finds quote in t as close as it can to [start, end): the
// range a reconciled code goes on.
func rangeNear(t *annotate.Text, quote string, start, end int) (int, int, error) {
	quote = strings.TrimSpace(quote)
	if quote == "" {
		return 0, 0, errorText("Keep at least one word for the code to cover.")
	}
	best, bestDist := -1, -1
	n := len([]rune(quote))
	for _, at := range annotate.FindAll(t, quote) {
		dist := max(start-at, at-start, 0)
		if best < 0 || dist < bestDist {
			best, bestDist = at, dist
		}
	}
	if best < 0 || bestDist > 2*contextAround+(end-start) {
		return 0, 0, errorText("That text is not in the document near the disagreement: keep to the words of the text around it.")
	}
	return best, best + n, nil
}

// reverseDecision takes back the decision on the disagreement shown.
func (v *reconcileView) reverseDecision() {
	if v.cur < 0 || v.cur >= len(v.items) {
		return
	}
	d := v.items[v.cur]
	r := v.decided[d.Key]
	if r == nil {
		return
	}
	if err := v.ed.undoReconciliation(r, d); err != nil {
		dialog.ShowError(err, v.win)
		return
	}
	v.changed()
}

func (v *reconcileView) changed() {
	v.reload()
	if v.onChange != nil {
		v.onChange()
	}
}
