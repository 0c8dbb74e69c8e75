package app

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// anyValue is the value choice that keeps documents with any value.
const anyValue = "any value"

// docScope chooses documents by their attributes, wherever documents are
// chosen (the Passages tab, Analysis, the briefing): rows of "attribute is
// value" for text and choices, "attribute from … to …" for numbers and
// dates, all of which a document must meet. It hides itself while the
// project defines no attribute.
type docScope struct {
	widget.BaseWidget

	OnChanged func()

	attrs  []*annotate.Attribute
	values map[string][]string // attribute ID → the values documents have, sorted
	rows   []*scopeRow
	box    *fyne.Container
	add    *widget.Button
	root   *fyne.Container
	quiet  bool
}

// scopeRow is one condition.
type scopeRow struct {
	attr     *widget.Select
	value    *widget.Select
	min, max *widget.Entry
	rangeBox *fyne.Container
	remove   *widget.Button
	box      *fyne.Container
}

func newDocScope() *docScope {
	s := &docScope{values: map[string][]string{}}
	s.box = container.NewVBox()
	s.add = widget.NewButtonWithIcon("Only documents where…", theme.ContentAddIcon(), func() {
		if len(s.attrs) > 0 {
			s.addRow(s.attrs[0].Name)
			s.changed()
		}
	})
	s.add.Importance = widget.LowImportance
	s.root = container.NewVBox(s.box, container.NewHBox(s.add))
	s.ExtendBaseWidget(s)
	s.Hide()
	return s
}

// setAttributes gives the attributes to choose from and the values in
// use; conditions on attributes that are gone are dropped.
func (s *docScope) setAttributes(attrs []*annotate.Attribute, dv annotate.DocumentValues) {
	s.attrs = attrs
	s.values = map[string][]string{}
	seen := map[string]map[string]bool{}
	for _, vs := range dv {
		for a, v := range vs {
			if seen[a] == nil {
				seen[a] = map[string]bool{}
			}
			if !seen[a][v] {
				seen[a][v] = true
				s.values[a] = append(s.values[a], v)
			}
		}
	}
	for _, a := range attrs {
		vs := s.values[a.ID]
		sort.Slice(vs, func(i, j int) bool { return annotate.CompareValues(a.Kind, vs[i], vs[j]) < 0 })
	}
	names := s.names()
	kept := s.rows[:0]
	for _, r := range s.rows {
		if s.attribute(r.attr.Selected) == nil {
			s.box.Remove(r.box)
			continue
		}
		r.attr.Options = names
		r.attr.Refresh()
		s.fillValues(r)
		kept = append(kept, r)
	}
	s.rows = kept
	if len(attrs) == 0 {
		s.Hide()
	} else {
		s.Show()
	}
}

func (s *docScope) names() []string {
	var names []string
	for _, a := range s.attrs {
		names = append(names, a.Name)
	}
	return names
}

func (s *docScope) attribute(name string) *annotate.Attribute {
	for _, a := range s.attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func (s *docScope) addRow(attr string) *scopeRow {
	r := &scopeRow{}
	r.value = widget.NewSelect(nil, func(string) { s.changed() })
	r.min, r.max = widget.NewEntry(), widget.NewEntry()
	r.min.SetPlaceHolder("from")
	r.max.SetPlaceHolder("to")
	r.min.OnChanged = func(string) { s.changed() }
	r.max.OnChanged = func(string) { s.changed() }
	r.rangeBox = container.NewGridWithColumns(2, r.min, r.max)
	r.attr = widget.NewSelect(s.names(), func(string) {
		s.fillValues(r)
		s.changed()
	})
	r.attr.Selected = attr
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		for i, x := range s.rows {
			if x == r {
				s.rows = append(s.rows[:i], s.rows[i+1:]...)
				s.box.Remove(r.box)
				break
			}
		}
		s.changed()
	})
	r.remove.Importance = widget.LowImportance
	r.box = container.NewBorder(nil, nil, r.attr, r.remove, container.NewStack(r.value, r.rangeBox))
	s.fillValues(r)
	s.rows = append(s.rows, r)
	s.box.Add(r.box)
	return r
}

// fillValues offers the values of the row's attribute: a choice's listed
// values, the values in use of a text, a range for numbers and dates.
func (s *docScope) fillValues(r *scopeRow) {
	a := s.attribute(r.attr.Selected)
	if a == nil {
		return
	}
	if a.Kind == annotate.AttributeNumber || a.Kind == annotate.AttributeDate {
		r.value.Hide()
		r.rangeBox.Show()
		if a.Kind == annotate.AttributeDate {
			r.min.SetPlaceHolder("from (2021-06-01)")
			r.max.SetPlaceHolder("to (2021-06-30)")
		} else {
			r.min.SetPlaceHolder("from")
			r.max.SetPlaceHolder("to")
		}
		return
	}
	r.rangeBox.Hide()
	r.value.Show()
	opts := []string{anyValue}
	if a.Kind == annotate.AttributeChoice {
		opts = append(opts, a.Choices...)
	}
	for _, v := range s.values[a.ID] {
		if !containsFold(opts, v) {
			opts = append(opts, v)
		}
	}
	opts = append(opts, annotate.NotSetLabel)
	r.value.Options = opts
	if !containsFold(opts, r.value.Selected) || r.value.Selected == "" {
		r.value.Selected = anyValue
	}
	r.value.Refresh()
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func (s *docScope) changed() {
	if !s.quiet && s.OnChanged != nil {
		s.OnChanged()
	}
}

// Conditions returns the conditions chosen; a range bound that is not a
// number or date of the attribute's kind is left out.
func (s *docScope) Conditions() []annotate.AttributeCondition {
	var out []annotate.AttributeCondition
	for _, r := range s.rows {
		a := s.attribute(r.attr.Selected)
		if a == nil {
			continue
		}
		c := annotate.AttributeCondition{AttributeID: a.ID}
		switch a.Kind {
		case annotate.AttributeNumber, annotate.AttributeDate:
			probe := &annotate.Attribute{Name: a.Name, Kind: a.Kind}
			if v, err := probe.Normalize(r.min.Text); err == nil {
				c.Min = v
			}
			if v, err := probe.Normalize(r.max.Text); err == nil {
				c.Max = v
			}
		default:
			switch v := r.value.Selected; v {
			case anyValue, "":
			case annotate.NotSetLabel:
				c.NotSet = true
			default:
				c.Values = []string{v}
			}
		}
		out = append(out, c)
	}
	return out
}

// setConditions shows the conditions given (attributes not defined are
// left out).
func (s *docScope) setConditions(conds []annotate.AttributeCondition) {
	s.quiet = true
	defer func() { s.quiet = false }()
	s.rows = nil
	s.box.RemoveAll()
	for _, c := range conds {
		var a *annotate.Attribute
		for _, x := range s.attrs {
			if x.ID == c.AttributeID {
				a = x
			}
		}
		if a == nil {
			continue
		}
		r := s.addRow(a.Name)
		r.min.SetText(c.Min)
		r.max.SetText(c.Max)
		switch {
		case c.NotSet:
			r.value.SetSelected(annotate.NotSetLabel)
		case len(c.Values) > 0:
			r.value.SetSelected(c.Values[0])
		}
	}
}

// Describe says in words which documents the conditions keep, or "".
func (s *docScope) Describe() string {
	var parts []string
	for _, r := range s.rows {
		a := s.attribute(r.attr.Selected)
		if a == nil {
			continue
		}
		switch a.Kind {
		case annotate.AttributeNumber, annotate.AttributeDate:
			lo, hi := strings.TrimSpace(r.min.Text), strings.TrimSpace(r.max.Text)
			switch {
			case lo != "" && hi != "":
				parts = append(parts, a.Name+" from "+lo+" to "+hi)
			case lo != "":
				parts = append(parts, a.Name+" from "+lo)
			case hi != "":
				parts = append(parts, a.Name+" up to "+hi)
			default:
				parts = append(parts, a.Name+" set")
			}
		default:
			switch v := r.value.Selected; v {
			case anyValue, "":
				parts = append(parts, a.Name+" set")
			case annotate.NotSetLabel:
				parts = append(parts, a.Name+" not set")
			default:
				parts = append(parts, a.Name+" is "+v)
			}
		}
	}
	return strings.Join(parts, ", ")
}

// CreateRenderer shows the conditions.
func (s *docScope) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(s.root)
}
