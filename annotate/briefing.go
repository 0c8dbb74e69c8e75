package annotate

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Briefing is a briefing for decision makers, saved in the project: its
// cover (title, subtitle, audience, date, who prepared it), the analyst's
// executive summary, a finding per code, the key quotes (passages starred
// for it, in the analyst's order) and the scope of passages it draws on. A
// project holds several, each chosen by its Name.
type Briefing struct {
	ID   string
	Name string // unique among the project's live briefings, ignoring case
	// Title defaults to Name on the cover.
	Title    string
	Subtitle string
	// Audience is the line of who it is for or how it is classified, e.g.
	// "Minister's office · OFFICIAL-SENSITIVE".
	Audience   string
	Date       string // YYYY-MM-DD; "" is the day it is exported
	PreparedBy string
	// Summary is the executive summary in Gloss's Markdown subset.
	Summary string
	Scope   BriefingScope
	// Annex puts the passages in scope that are not key quotes in an
	// annex after the findings.
	Annex bool
	// Findings and Quotes are filled in by BriefingService.Briefing.
	Findings  []Finding
	Quotes    []KeyQuote // in the analyst's order
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BriefingScope is what passages a briefing draws on; empty fields mean
// everything. A passage is in scope when it carries any of the tags (or a
// tag nested under one of them), lies in any of the documents, was made by
// any of the coders, its document was published in the date range and
// meets every attribute condition, and the code query selects it.
type BriefingScope struct {
	TagIDs      []string
	DocumentIDs []string
	Coders      []string
	From, To    string // YYYY-MM-DD, inclusive; a range leaves out undated documents
	// Attributes keeps the passages of documents meeting every condition
	// (outlet type is Wire, say).
	Attributes []AttributeCondition
	// Query is a code query in the query language (see ParseQuery), such
	// as the Passages tab's: only the passages it selects, evaluated over
	// the passages the other fields keep.
	Query string
	// Subcodes makes each code of Query stand for itself and its
	// sub-codes, as the Passages tab's toggle does.
	Subcodes bool
}

// Empty reports whether the scope takes in everything.
func (s BriefingScope) Empty() bool {
	return len(s.TagIDs) == 0 && len(s.DocumentIDs) == 0 && len(s.Coders) == 0 && s.From == "" && s.To == "" &&
		len(s.Attributes) == 0 && strings.TrimSpace(s.Query) == ""
}

// PassageFilter returns the filter that lists the scope's passages given
// its tags with their sub-codes (tagIDs) and the documents its document
// and date fields keep (docIDs, nil for all): the scope's coders,
// attribute conditions and code query. The query is parsed, not bound:
// storage looks its codes up by name.
func (s BriefingScope) PassageFilter(tagIDs, docIDs []string) (PassageFilter, error) {
	f := PassageFilter{TagIDs: tagIDs, DocumentIDs: docIDs, Authors: s.Coders, Attributes: s.Attributes, Subcodes: s.Subcodes}
	if strings.TrimSpace(s.Query) != "" {
		q, err := ParseQuery(s.Query)
		if err != nil {
			return PassageFilter{}, err
		}
		f.Query = q
		// TagIDs filter what the query selects; their sub-codes are
		// already in them.
	}
	return f, nil
}

// InDates reports whether a document published on published (ideally
// YYYY-MM-DD) lies in the scope's date range.
func (s BriefingScope) InDates(published string) bool {
	if s.From == "" && s.To == "" {
		return true
	}
	d, ok := ISODate(published)
	if !ok {
		return false
	}
	return (s.From == "" || d >= s.From) && (s.To == "" || d <= s.To)
}

// ISODate returns the YYYY-MM-DD date at the start of s (a publication
// date such as "2021-06-16" or "2021-06-16T09:30:00Z"), if it has one.
func ISODate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return "", false
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return "", false
	}
	return s[:10], true
}

// Finding is the analyst's synthesis for one code of a briefing, in
// Gloss's Markdown subset.
type Finding struct {
	TagID     string
	Text      string
	Author    string
	UpdatedAt time.Time
}

// KeyQuote is a passage starred for a briefing. Position orders the key
// quotes (the lowest first); TagID, when set, is the code whose finding
// it is quoted under, instead of the first of its codes in scope.
type KeyQuote struct {
	PassageID string
	TagID     string
	Position  float64
	Author    string
	UpdatedAt time.Time
}

// Limits on a briefing's fields, in code points.
const (
	MaxBriefingName = 200
	MaxBriefingLine = 1000   // title, subtitle, audience, prepared by
	MaxBriefingText = 100000 // summary, a finding
)

// Validate checks the rules every stored briefing obeys.
func (b *Briefing) Validate() error {
	name := strings.TrimSpace(b.Name)
	switch {
	case name == "":
		return Errorf(EINVALID, "briefing name required")
	case name != b.Name:
		return Errorf(EINVALID, "briefing name %q has leading or trailing space", b.Name)
	case utf8.RuneCountInString(name) > MaxBriefingName:
		return Errorf(EINVALID, "briefing name %q is longer than %d characters", Ellipsize(name, 40), MaxBriefingName)
	case b.Date != "" && !validDate(b.Date):
		return Errorf(EINVALID, "briefing %q: date %q is not of the form YYYY-MM-DD", b.Name, b.Date)
	case utf8.RuneCountInString(b.Summary) > MaxBriefingText:
		return Errorf(EINVALID, "briefing %q: the summary is longer than %d characters", b.Name, MaxBriefingText)
	}
	for _, f := range []struct{ name, v string }{{"title", b.Title}, {"subtitle", b.Subtitle}, {"audience", b.Audience}, {"prepared by", b.PreparedBy}} {
		if utf8.RuneCountInString(f.v) > MaxBriefingLine {
			return Errorf(EINVALID, "briefing %q: the %s is longer than %d characters", b.Name, f.name, MaxBriefingLine)
		}
	}
	return b.Scope.Validate()
}

// Validate checks a scope's dates and ids.
func (s BriefingScope) Validate() error {
	for _, d := range []string{s.From, s.To} {
		if d != "" && !validDate(d) {
			return Errorf(EINVALID, "briefing scope: date %q is not of the form YYYY-MM-DD", d)
		}
	}
	if s.From != "" && s.To != "" && s.From > s.To {
		return Errorf(EINVALID, "briefing scope: the range from %s to %s ends before it starts", s.From, s.To)
	}
	for _, id := range append(append([]string(nil), s.TagIDs...), s.DocumentIDs...) {
		if !ValidID(id) {
			return Errorf(EINVALID, "briefing scope: %q is not an id", id)
		}
	}
	for _, c := range s.Coders {
		if strings.TrimSpace(c) == "" || utf8.RuneCountInString(c) > 200 {
			return Errorf(EINVALID, "briefing scope: coder name %q is empty or too long", Ellipsize(c, 40))
		}
	}
	for _, c := range s.Attributes {
		if err := c.Validate(); err != nil {
			return Errorf(EINVALID, "briefing scope: %s", ErrorMessage(err))
		}
	}
	if strings.TrimSpace(s.Query) != "" {
		if _, err := ParseQuery(s.Query); err != nil {
			return Errorf(EINVALID, "briefing scope: %s", ErrorMessage(err))
		}
	}
	return nil
}

func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// Finding returns the finding for a tag, or "".
func (b *Briefing) Finding(tagID string) string {
	for _, f := range b.Findings {
		if f.TagID == tagID {
			return f.Text
		}
	}
	return ""
}

// Starred reports whether the passage is a key quote of the briefing.
func (b *Briefing) Starred(passageID string) bool {
	for _, q := range b.Quotes {
		if q.PassageID == passageID {
			return true
		}
	}
	return false
}

// SortQuotes puts key quotes in order: by position, then passage ID, so
// that two colleagues' equal positions come out the same everywhere.
func SortQuotes(qs []KeyQuote) {
	sort.SliceStable(qs, func(i, j int) bool {
		if qs[i].Position != qs[j].Position {
			return qs[i].Position < qs[j].Position
		}
		return qs[i].PassageID < qs[j].PassageID
	})
}

// PositionBetween returns a position that orders between before and
// after, for a key quote moved there: the midpoint, or one step past the
// end when only one side has a neighbour (use math.Inf for no neighbour).
// ok is false when the two are too close to put anything between, and
// the quotes need numbering afresh.
func PositionBetween(before, after float64) (float64, bool) {
	const step = 1024
	switch {
	case before < -1e300 && after > 1e300:
		return 0, true
	case before < -1e300:
		return after - step, true
	case after > 1e300:
		return before + step, true
	}
	p := before + (after-before)/2
	return p, p > before && p < after
}

// BriefingUpdate holds the fields of a briefing to change; nil fields stay
// as they are.
type BriefingUpdate struct {
	Name       *string
	Title      *string
	Subtitle   *string
	Audience   *string
	Date       *string
	PreparedBy *string
	Summary    *string
	Scope      *BriefingScope
	Annex      *bool
}

// Apply sets the update's fields on b.
func (u BriefingUpdate) Apply(b *Briefing) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&b.Name, u.Name)
	set(&b.Title, u.Title)
	set(&b.Subtitle, u.Subtitle)
	set(&b.Audience, u.Audience)
	set(&b.Date, u.Date)
	set(&b.PreparedBy, u.PreparedBy)
	set(&b.Summary, u.Summary)
	if u.Scope != nil {
		b.Scope = *u.Scope
	}
	if u.Annex != nil {
		b.Annex = *u.Annex
	}
}
