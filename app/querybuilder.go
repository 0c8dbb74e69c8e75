package app

import (
	"errors"
	"strconv"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// How a row of the query builder joins the codes above it.
const (
	joinAnd       = "and"
	joinOr        = "or"
	joinAndNot    = "and not"
	joinNear      = "near"
	joinParagraph = "in the same paragraph as"
)

var queryJoins = []string{joinAnd, joinOr, joinAndNot, joinNear, joinParagraph}

// defaultNear is the distance a new "near" row starts with, in characters.
const defaultNear = 200

// queryBuilder picks the passages of a combination of codes without any
// syntax to learn: a code, then rows that join another code to what is
// above with "and", "or", "and not", "near" (within so many characters) or
// "in the same paragraph as", read from the top down. A toggle makes
// parent codes take in their sub-codes. The query can also be typed, in the
// language of the command line's --query, with mistakes pointed at. It
// only builds the query: OnChanged hears each change, and whoever lists
// the passages reads Query and Subcodes.
type queryBuilder struct {
	widget.BaseWidget

	OnChanged func()

	cb       *codebook
	first    *widget.Select
	rows     []*queryRow
	rowBox   *fyne.Container
	add      *widget.Button
	subcodes *widget.Check
	typed    *widget.Entry // the query as text, when typing it
	typing   bool
	toggle   *widget.Button
	problem  *widget.Label
	summary  *widget.Label
	root     fyne.CanvasObject
	quiet    bool // no OnChanged while set (building from a query)
}

// queryRow is one "join code" row.
type queryRow struct {
	join   *widget.Select
	code   *widget.Select
	near   *widget.Entry
	remove *widget.Button
	box    *fyne.Container
}

func newQueryBuilder() *queryBuilder {
	b := &queryBuilder{cb: newCodebook(nil)}
	b.first = widget.NewSelect([]string{allCodes}, func(string) { b.changed() })
	b.first.Selected = allCodes
	b.rowBox = container.NewVBox()
	b.add = widget.NewButtonWithIcon("Combine codes", theme.ContentAddIcon(), func() {
		b.addRow(joinAnd, "", defaultNear)
		b.changed()
	})
	b.add.Importance = widget.LowImportance
	b.subcodes = widget.NewCheck("Sub-codes too", func(bool) { b.changed() })
	b.typed = widget.NewEntry()
	b.typed.SetPlaceHolder(`"Cyber red lines" AND NOT "Human rights"`)
	b.typed.OnChanged = func(string) { b.changed() }
	b.toggle = widget.NewButton("Type the query", b.toggleTyping)
	b.toggle.Importance = widget.LowImportance
	b.problem = widget.NewLabel("")
	b.problem.Importance = widget.DangerImportance
	b.problem.Wrapping = fyne.TextWrapWord
	b.problem.Hide()
	b.summary = widget.NewLabel("")
	b.summary.Wrapping = fyne.TextWrapWord
	b.summary.SizeName = theme.SizeNameCaptionText
	b.summary.Hide()
	b.typed.Hide()
	b.root = container.NewVBox(b.first, b.typed, b.rowBox,
		container.NewHBox(b.add, b.subcodes), container.NewBorder(nil, nil, nil, b.toggle, b.summary), b.problem)
	b.ExtendBaseWidget(b)
	return b
}

// setCodebook gives the builder the codes to choose from; rows whose code
// is gone fall back to none.
func (b *queryBuilder) setCodebook(cb *codebook) {
	b.cb = cb
	opts := []string{allCodes}
	for _, t := range cb.tags {
		opts = append(opts, t.Name)
	}
	b.first.Options = opts
	if cb.named(b.first.Selected) == nil {
		b.first.Selected = allCodes
	}
	b.first.Refresh()
	for _, r := range b.rows {
		r.code.Options = opts[1:]
		if cb.named(r.code.Selected) == nil {
			r.code.Selected = ""
		}
		r.code.Refresh()
	}
	b.showSummary()
}

func (b *queryBuilder) addRow(join, code string, near int) *queryRow {
	r := &queryRow{}
	opts := make([]string, 0, len(b.cb.tags))
	for _, t := range b.cb.tags {
		opts = append(opts, t.Name)
	}
	r.code = widget.NewSelect(opts, func(string) { b.changed() })
	r.code.PlaceHolder = "(choose a code)"
	r.code.Selected = code
	r.near = widget.NewEntry()
	r.near.SetText(strconv.Itoa(near))
	r.near.OnChanged = func(string) { b.changed() }
	nearBox := container.NewHBox(widget.NewLabel("within"), container.NewGridWrap(fyne.NewSize(90, r.near.MinSize().Height), r.near),
		widget.NewLabel("characters"))
	r.join = widget.NewSelect(queryJoins, func(j string) {
		if j == joinNear {
			nearBox.Show()
		} else {
			nearBox.Hide()
		}
		b.changed()
	})
	r.join.Selected = join
	if join != joinNear {
		nearBox.Hide()
	}
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		for i, x := range b.rows {
			if x == r {
				b.rows = append(b.rows[:i], b.rows[i+1:]...)
				b.rowBox.Remove(r.box)
				break
			}
		}
		b.changed()
	})
	r.remove.Importance = widget.LowImportance
	r.box = container.NewVBox(container.NewBorder(nil, nil, r.join, r.remove, r.code), nearBox)
	b.rows = append(b.rows, r)
	b.rowBox.Add(r.box)
	return r
}

func (b *queryBuilder) toggleTyping() {
	if b.typing {
		// Back to rows, if they can say what was typed.
		if q, err := b.query(); err == nil && q != nil && !b.fill(q) {
			b.problem.SetText("This query groups codes in a way the rows cannot show; go on typing it, or clear it to choose codes.")
			b.problem.Show()
			return
		}
	}
	b.typing = !b.typing
	if b.typing {
		if q := b.built(); q != nil {
			b.typed.SetText(q.String())
		}
		b.typed.Show()
		b.first.Hide()
		b.rowBox.Hide()
		b.add.Hide()
		b.toggle.SetText("Choose the codes")
	} else {
		b.typed.Hide()
		b.first.Show()
		b.rowBox.Show()
		b.add.Show()
		b.toggle.SetText("Type the query")
		if strings.TrimSpace(b.typed.Text) == "" {
			b.clearRows()
			b.first.Selected = allCodes
			b.first.Refresh()
		}
	}
	b.changed()
}

// changed shows what the query now says and tells OnChanged.
func (b *queryBuilder) changed() {
	b.showSummary()
	if !b.quiet && b.OnChanged != nil {
		b.OnChanged()
	}
}

func (b *queryBuilder) showSummary() {
	q, err := b.query()
	switch {
	case err != nil:
		b.problem.SetText(queryProblem(err))
		b.problem.Show()
		b.summary.Hide()
	case q == nil:
		b.problem.Hide()
		b.summary.Hide()
	default:
		b.problem.Hide()
		msg := "Passages of " + q.Describe()
		if b.subcodes.Checked {
			msg += ", sub-codes included"
		}
		if !b.typing {
			msg += ". As a query: " + q.String()
		}
		b.summary.SetText(msg)
		b.summary.Show()
	}
}

// queryProblem says what is wrong with a typed query, pointing at it.
func queryProblem(err error) string {
	var qe *annotate.QueryError
	if errors.As(err, &qe) {
		rs := []rune(qe.Query)
		at := min(qe.Pos, len(rs))
		near := tokenAt(rs, at)
		if near == "" {
			return "Column " + strconv.Itoa(qe.Pos+1) + " (the end): " + qe.Msg + "."
		}
		return "Column " + strconv.Itoa(qe.Pos+1) + ", at “" + near + "”: " + qe.Msg + "."
	}
	return err.Error()
}

// tokenAt returns the word, or the quoted code name, starting at i.
func tokenAt(rs []rune, i int) string {
	if i >= len(rs) {
		return ""
	}
	j := i + 1
	if rs[i] == '"' {
		for j < len(rs) && rs[j] != '"' {
			j++
		}
		j = min(j+1, len(rs))
	} else {
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '(' && rs[j] != ')' && rs[j] != '"' {
			j++
		}
	}
	return annotate.Ellipsize(string(rs[i:j]), 40)
}

// Query returns the query chosen, nil for every passage, or nil when the
// typed query is not valid (Problem says why).
func (b *queryBuilder) Query() *annotate.Query {
	q, err := b.query()
	if err != nil {
		return nil
	}
	return q
}

// Subcodes reports whether parent codes take in their sub-codes.
func (b *queryBuilder) Subcodes() bool { return b.subcodes.Checked }

// Problem returns what is wrong with the typed query, or "".
func (b *queryBuilder) Problem() string {
	if _, err := b.query(); err != nil {
		return queryProblem(err)
	}
	return ""
}

func (b *queryBuilder) query() (*annotate.Query, error) {
	if b.typing {
		if strings.TrimSpace(b.typed.Text) == "" {
			return nil, nil
		}
		q, err := annotate.ParseQuery(b.typed.Text)
		if err != nil {
			return nil, err
		}
		if err := q.Bind(b.typed.Text, b.lookup); err != nil {
			return nil, err
		}
		return q, nil
	}
	return b.built(), nil
}

// lookup binds a typed code name to the codebook, ignoring case.
func (b *queryBuilder) lookup(name string) ([]string, error) {
	var names []string
	for _, t := range b.cb.tags {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
			return []string{t.ID}, nil
		}
		names = append(names, t.Name)
	}
	if s := annotate.SuggestName(name, names); s != "" {
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no code named %s (did you mean %s?)", annotate.QuoteCode(name), annotate.QuoteCode(s))
	}
	return nil, annotate.Errorf(annotate.ENOTFOUND, "no code named %s", annotate.QuoteCode(name))
}

// built is the query the rows make, read from the top down; nil when no
// code is chosen.
func (b *queryBuilder) built() *annotate.Query {
	t := b.cb.named(b.first.Selected)
	if t == nil {
		return nil
	}
	q := annotate.CodeQuery(t.Name, t.ID)
	for _, r := range b.rows {
		c := b.cb.named(r.code.Selected)
		if c == nil {
			continue
		}
		code := annotate.CodeQuery(c.Name, c.ID)
		switch r.join.Selected {
		case joinOr:
			q = extend(annotate.QueryOr, q, code)
		case joinAndNot:
			q = extend(annotate.QueryAnd, q, annotate.NotQuery(code))
		case joinNear:
			n, err := strconv.Atoi(strings.TrimSpace(r.near.Text))
			if err != nil || n < 0 {
				n = defaultNear
			}
			q = annotate.NearQuery(min(n, annotate.MaxNear), q, code)
		case joinParagraph:
			q = annotate.NearQuery(annotate.NearParagraph, q, code)
		default:
			q = extend(annotate.QueryAnd, q, code)
		}
	}
	return q
}

// extend adds operand to q when q is already that operation (a chain of
// "and" is one AND), else joins the two.
func extend(op annotate.QueryOp, q, operand *annotate.Query) *annotate.Query {
	if q.Op == op && q.Pos == -1 {
		cp := *q
		cp.Args = append(append([]*annotate.Query(nil), q.Args...), operand)
		return &cp
	}
	if op == annotate.QueryOr {
		return annotate.OrQuery(q, operand)
	}
	return annotate.AndQuery(q, operand)
}

// setQuery shows q (nil: every passage): as rows when they can say it,
// else typed.
func (b *queryBuilder) setQuery(q *annotate.Query, subcodes bool) {
	b.quiet = true
	defer func() { b.quiet = false }()
	b.subcodes.SetChecked(subcodes)
	if q == nil || b.fill(q) {
		if b.typing {
			b.toggleTyping()
		}
		if q == nil {
			b.clearRows()
			b.first.SetSelected(allCodes)
		}
		b.showSummary()
		return
	}
	if !b.typing {
		b.toggleTyping()
	}
	b.typed.SetText(q.String())
	b.showSummary()
}

func (b *queryBuilder) clearRows() {
	b.rows = nil
	b.rowBox.RemoveAll()
}

// fill sets the rows to say q, when a top-down chain of rows can.
func (b *queryBuilder) fill(q *annotate.Query) bool {
	type step struct {
		join, code string
		near       int
	}
	var steps []step
	var first string
	var walk func(q *annotate.Query) bool
	name := func(c *annotate.Query) (string, bool) {
		if c.Op != annotate.QueryCode {
			return "", false
		}
		if len(c.TagIDs) == 1 {
			if t := b.cb.tag(c.TagIDs[0]); t != nil {
				return t.Name, true
			}
		}
		if t := b.cb.named(c.Code); t != nil {
			return t.Name, true
		}
		return "", false
	}
	walk = func(q *annotate.Query) bool {
		if n, ok := name(q); ok {
			first = n
			return true
		}
		if len(q.Args) < 2 || !walk(q.Args[0]) {
			return false
		}
		for _, a := range q.Args[1:] {
			join, operand := "", a
			switch {
			case q.Op == annotate.QueryAnd && a.Op == annotate.QueryNot:
				join, operand = joinAndNot, a.Args[0]
			case q.Op == annotate.QueryAnd:
				join = joinAnd
			case q.Op == annotate.QueryOr:
				join = joinOr
			case q.Op == annotate.QueryNear && q.Near == annotate.NearParagraph:
				join = joinParagraph
			case q.Op == annotate.QueryNear:
				join = joinNear
			default:
				return false
			}
			n, ok := name(operand)
			if !ok {
				return false
			}
			steps = append(steps, step{join, n, q.Near})
		}
		return true
	}
	if !walk(q) {
		return false
	}
	b.clearRows()
	b.first.SetSelected(first)
	for _, s := range steps {
		near := s.near
		if near <= 0 {
			near = defaultNear
		}
		b.addRow(s.join, s.code, near)
	}
	return true
}

// CreateRenderer shows the builder's rows.
func (b *queryBuilder) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(b.root)
}
