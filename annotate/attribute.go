package annotate

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The kinds of document attribute.
const (
	AttributeText   = "text"   // any short text
	AttributeNumber = "number" // a decimal number
	AttributeDate   = "date"   // a date: YYYY-MM-DD, or YYYY-MM or YYYY when that is all that is known
	AttributeChoice = "choice" // one of a list of values
)

// AttributeKinds lists the kinds in the order a researcher picks from.
var AttributeKinds = []string{AttributeText, AttributeNumber, AttributeDate, AttributeChoice}

// Limits on attributes.
const (
	MaxAttributeName  = 100
	MaxAttributeValue = 1000
	MaxChoices        = 200
)

// Attribute is a researcher-defined property of documents, such as the
// outlet's type, the country or the article's stance, which analyses
// compare across.
type Attribute struct {
	ID      string
	Name    string
	Kind    string   // AttributeText, AttributeNumber, AttributeDate or AttributeChoice
	Choices []string // a choice attribute's values, in order
	Author  string
	// Documents is how many live documents have a value, filled in by
	// listings.
	Documents int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the rules every stored attribute definition obeys.
func (a *Attribute) Validate() error {
	name := strings.TrimSpace(a.Name)
	switch {
	case name == "":
		return Errorf(EINVALID, "attribute name required")
	case name != a.Name:
		return Errorf(EINVALID, "attribute name %q has leading or trailing space", a.Name)
	case utf8.RuneCountInString(name) > MaxAttributeName:
		return Errorf(EINVALID, "attribute name %q is longer than %d characters", Ellipsize(name, 40), MaxAttributeName)
	case strings.ContainsAny(name, "\n\r\t"):
		return Errorf(EINVALID, "attribute name %q has a line break or tab", Ellipsize(name, 40))
	case !validKind(a.Kind):
		return Errorf(EINVALID, "attribute %q: kind %q is not one of %s", a.Name, a.Kind, strings.Join(AttributeKinds, ", "))
	case a.Kind != AttributeChoice && len(a.Choices) > 0:
		return Errorf(EINVALID, "attribute %q: only a choice attribute has a list of values", a.Name)
	case a.Kind == AttributeChoice && len(a.Choices) == 0:
		return Errorf(EINVALID, "attribute %q: a choice needs at least one value", a.Name)
	case len(a.Choices) > MaxChoices:
		return Errorf(EINVALID, "attribute %q: more than %d values to choose from", a.Name, MaxChoices)
	}
	seen := map[string]bool{}
	for _, c := range a.Choices {
		switch k := strings.ToLower(c); {
		case strings.TrimSpace(c) != c || c == "":
			return Errorf(EINVALID, "attribute %q: value %q is empty or has leading or trailing space", a.Name, c)
		case utf8.RuneCountInString(c) > MaxAttributeValue || strings.ContainsAny(c, "\n\r"):
			return Errorf(EINVALID, "attribute %q: value %q is too long or has a line break", a.Name, Ellipsize(c, 40))
		case seen[k]:
			return Errorf(EINVALID, "attribute %q: value %q is listed twice", a.Name, c)
		default:
			seen[k] = true
		}
	}
	return nil
}

func validKind(k string) bool {
	for _, x := range AttributeKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Normalize returns value as the attribute stores it, or an EINVALID error
// saying why it does not fit: text is trimmed; a number is written in its
// shortest decimal form (1,234.50 → 1234.5); a date as YYYY-MM-DD, YYYY-MM
// or YYYY (see ParseDate); a choice as listed, matched ignoring case. ""
// stays "" (no value).
func (a *Attribute) Normalize(value string) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", nil
	}
	if !utf8.ValidString(v) || utf8.RuneCountInString(v) > MaxAttributeValue || strings.ContainsAny(v, "\n\r") {
		return "", Errorf(EINVALID, "%s: %q is longer than %d characters or has a line break", a.Name, Ellipsize(v, 40), MaxAttributeValue)
	}
	switch a.Kind {
	case AttributeNumber:
		f, ok := ParseNumber(v)
		if !ok {
			return "", Errorf(EINVALID, "%s: %q is not a number", a.Name, Ellipsize(v, 40))
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case AttributeDate:
		d, ok := ParseDate(v)
		if !ok {
			return "", Errorf(EINVALID, "%s: %q is not a date (write it as 2021-06-16, 2021-06 or 2021)", a.Name, Ellipsize(v, 40))
		}
		return d, nil
	case AttributeChoice:
		for _, c := range a.Choices {
			if strings.EqualFold(c, v) {
				return c, nil
			}
		}
		return "", Errorf(EINVALID, "%s: %q is not one of %s", a.Name, Ellipsize(v, 40), Ellipsize(strings.Join(a.Choices, ", "), 200))
	}
	return v, nil
}

// Fits reports whether a stored value fits the attribute as it is defined
// now (a value is stored normalized, so it normalizes to itself).
func (a *Attribute) Fits(value string) bool {
	n, err := a.Normalize(value)
	return err == nil && n == value
}

// ParseNumber reads a decimal number: 12, -3.5 or 1e6, and with
// thousands separated by commas or spaces in groups of three (1,234.5 or
// 1 234). The decimal point is a full stop.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	digits := s
	if i := strings.IndexAny(digits, ".eE"); i >= 0 {
		digits = digits[:i]
	}
	if strings.ContainsAny(digits, ", \u00a0\u202f") {
		head := strings.TrimLeft(digits, "+-")
		groups := strings.FieldsFunc(head, func(r rune) bool { return r == ',' || r == ' ' || r == '\u00a0' || r == '\u202f' })
		if len(groups) < 2 || len(groups[0]) > 3 || len(groups[0]) == 0 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		clean := strings.NewReplacer(",", "", " ", "", "\u00a0", "", "\u202f", "").Replace(digits)
		s = clean + s[len(digits):]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// dateLayouts are the forms ParseDate reads, most precise first.
var dateLayouts = []struct {
	layout, out string
}{
	{"2006-01-02", "2006-01-02"},
	{time.RFC3339, "2006-01-02"},
	{"2006-01-02T15:04:05", "2006-01-02"},
	{"2006-01-02 15:04:05", "2006-01-02"},
	{"2006/01/02", "2006-01-02"},
	{"2 January 2006", "2006-01-02"},
	{"2 Jan 2006", "2006-01-02"},
	{"January 2, 2006", "2006-01-02"},
	{"Jan 2, 2006", "2006-01-02"},
	{"Monday, January 2, 2006", "2006-01-02"},
	{"Mon, 02 Jan 2006 15:04:05 MST", "2006-01-02"},
	{"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02"},
	{"2006-01", "2006-01"},
	{"January 2006", "2006-01"},
	{"Jan 2006", "2006-01"},
	{"2006", "2006"},
}

// ParseDate reads a date in one of the forms articles and other tools
// write (2021-06-16, 16 June 2021, June 16, 2021, RFC 3339, ...) and
// returns it as YYYY-MM-DD, or as YYYY-MM or YYYY when only the month or
// the year is given.
func ParseDate(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, s); err == nil && t.Year() >= 1 && t.Year() <= 9999 {
			return t.Format(l.out), true
		}
	}
	return "", false
}

// AttributeCondition keeps the documents whose value of an attribute is
// one of Values, or, for numbers and dates, within [Min, Max] (either may
// be "" for no bound). NotSet keeps, as well, the documents with no value.
// A condition with none of these keeps documents that have any value.
type AttributeCondition struct {
	AttributeID string
	Values      []string
	Min, Max    string
	NotSet      bool
}

// Validate checks a condition's shape: an attribute ID, and values short
// enough to be values.
func (c AttributeCondition) Validate() error {
	if !ValidID(c.AttributeID) {
		return Errorf(EINVALID, "attribute condition: %q is not an attribute id", c.AttributeID)
	}
	for _, v := range append(append([]string(nil), c.Values...), c.Min, c.Max) {
		if utf8.RuneCountInString(v) > MaxAttributeValue || strings.ContainsAny(v, "\n\r") || !utf8.ValidString(v) {
			return Errorf(EINVALID, "attribute condition: value %q is not a value an attribute can have", Ellipsize(v, 40))
		}
	}
	return nil
}

// Describe says in words which documents the condition keeps, naming the
// attribute as name: "Outlet type is Wire or Broadcaster", "Published
// from 2021-06-01 to 2021-06-30", "Stance not set".
func (c AttributeCondition) Describe(name string) string {
	var parts []string
	if len(c.Values) > 0 {
		parts = append(parts, "is "+strings.Join(c.Values, " or "))
	}
	switch {
	case c.Min != "" && c.Max != "" && c.Min == c.Max:
		parts = append(parts, "in "+c.Min)
	case c.Min != "" && c.Max != "":
		parts = append(parts, "from "+c.Min+" to "+c.Max)
	case c.Min != "":
		parts = append(parts, "from "+c.Min)
	case c.Max != "":
		parts = append(parts, "up to "+c.Max)
	}
	if c.NotSet {
		parts = append(parts, "not set")
	}
	if len(parts) == 0 {
		parts = append(parts, "set")
	}
	return name + " " + strings.Join(parts, " or ")
}

// Matches reports whether a document's value (v, "" for none) meets the
// condition, for an attribute of the given kind.
func (c AttributeCondition) Matches(kind, v string) bool {
	if v == "" {
		return c.NotSet
	}
	ranged := c.Min != "" || c.Max != ""
	if len(c.Values) == 0 && !ranged {
		return !c.NotSet // any value, unless only documents without one are asked for
	}
	for _, x := range c.Values {
		if x == v || kind != AttributeNumber && kind != AttributeDate && strings.EqualFold(x, v) {
			return true
		}
	}
	if !ranged {
		return false
	}
	return (c.Min == "" || CompareValues(kind, v, c.Min) >= 0) && (c.Max == "" || CompareValues(kind, v, c.Max) <= 0)
}

// CompareValues orders two values of an attribute of the given kind:
// numbers by value, dates by the calendar, a month or year comparing
// equal to any day within it (so 2021-06 is within the bounds 2021-06-01
// and 2021-06-30), text and choices ignoring case.
func CompareValues(kind, a, b string) int {
	switch kind {
	case AttributeNumber:
		x, ok1 := ParseNumber(a)
		y, ok2 := ParseNumber(b)
		if ok1 && ok2 {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	case AttributeDate:
		// YYYY-MM-DD text order is calendar order; a shorter date is the
		// span it names, so it compares equal to any day within it.
		n := min(len(a), len(b))
		return strings.Compare(a[:n], b[:n])
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// DocumentValues are the attribute values of documents: document ID →
// attribute ID → value.
type DocumentValues map[string]map[string]string

// Keep reports whether a document meets every condition, given the kind
// of each attribute.
func (dv DocumentValues) Keep(doc string, conds []AttributeCondition, kinds map[string]string) bool {
	for _, c := range conds {
		if !c.Matches(kinds[c.AttributeID], dv[doc][c.AttributeID]) {
			return false
		}
	}
	return true
}

// The groupings of dates in a code × attribute matrix.
const (
	ByValue = ""      // each distinct value
	ByYear  = "year"  // dates by year
	ByMonth = "month" // dates by month
)

// NotSetLabel heads the column of documents without a value.
const NotSetLabel = "(not set)"

// AttributeColumns returns the columns of a code × attribute matrix and
// each document's column ID: a column per distinct value (for a choice,
// every listed value, in order, even if unused; numbers by value; dates by
// value, or by year or month with by), then NotSetLabel for the documents
// in docs with no value, when there are any.
func AttributeColumns(a *Attribute, docs []string, values map[string]string, by string) ([]Label, map[string]string) {
	col := map[string]string{}
	seen := map[string]bool{}
	var keys []string
	if a.Kind == AttributeChoice {
		for _, c := range a.Choices {
			seen[c] = true
			keys = append(keys, c)
		}
	}
	notSet := false
	for _, d := range docs {
		v := values[d]
		if v == "" {
			col[d] = NotSetLabel
			notSet = true
			continue
		}
		k := v
		if a.Kind == AttributeDate {
			switch {
			case by == ByYear && len(v) >= 4:
				k = v[:4]
			case by == ByMonth && len(v) >= 7:
				k = v[:7]
			}
		}
		col[d] = k
		if !seen[k] {
			// For a choice, a value the list no longer has goes last.
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if a.Kind != AttributeChoice {
		sort.SliceStable(keys, func(i, j int) bool {
			if c := CompareValues(a.Kind, keys[i], keys[j]); c != 0 {
				return c < 0
			}
			return keys[i] < keys[j]
		})
	}
	cols := make([]Label, 0, len(keys)+1)
	for _, k := range keys {
		cols = append(cols, Label{ID: k, Name: k})
	}
	if notSet {
		cols = append(cols, Label{ID: NotSetLabel, Name: NotSetLabel})
	}
	return cols, col
}
