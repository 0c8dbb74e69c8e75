package annotate

import (
	"time"
)

// Provenance says how a passage came to be.
const (
	ProvenanceManual = "manual" // highlighted by a researcher
	ProvenanceAuto   = "auto"   // proposed by an auto-coding rule and accepted
	ProvenanceImport = "import" // brought in from another tool's file
)

// Passage is a highlighted range of a document with one or more tags and an
// optional note. Start and End are code-point offsets into the document's
// normalized text, End exclusive (the W3C TextPositionSelector); Quote,
// Prefix and Suffix are the W3C TextQuoteSelector that re-anchors it when
// the offsets no longer fit.
type Passage struct {
	ID         string
	DocumentID string
	Start      int
	End        int
	Quote      string
	Prefix     string
	Suffix     string
	Tags       []string // IDs of its live tags, in the order they were applied
	Note       Note
	Provenance string
	Author     string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Note is the researcher's comment on a passage. A zero Note (empty ID) means
// the passage has none.
type Note struct {
	ID        string
	Text      string
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// HasTag reports whether the passage carries the tag.
func (p *Passage) HasTag(id string) bool {
	for _, t := range p.Tags {
		if t == id {
			return true
		}
	}
	return false
}

// Overlaps reports whether the passage shares at least one code point with
// the range [start, end).
func (p *Passage) Overlaps(start, end int) bool {
	return p.Start < end && start < p.End
}

// Validate checks the rules every stored passage obeys.
func (p *Passage) Validate() error {
	switch {
	case p.DocumentID == "":
		return Errorf(EINVALID, "passage needs a document")
	case p.Start < 0 || p.End <= p.Start:
		return Errorf(EINVALID, "passage range [%d, %d) is empty or negative", p.Start, p.End)
	case len(p.Tags) == 0:
		return Errorf(EINVALID, "passage needs at least one code")
	case p.Quote == "":
		return Errorf(EINVALID, "passage has no quote")
	}
	return nil
}

// PassageFilter narrows a listing of passages; empty fields match everything.
// Several values in one field match any of them.
type PassageFilter struct {
	TagIDs      []string
	DocumentIDs []string
	// Attributes keeps the passages of documents meeting every condition.
	Attributes []AttributeCondition
	Authors    []string
	Text       string // case-insensitive substring of the quote or note
	// Query, when set, keeps the passages a code query selects (see
	// EvalQuery). DocumentIDs, Attributes and Authors are its scope: the
	// passages it is evaluated over. TagIDs and Text then filter what it selects. A code
	// whose TagIDs are nil is looked up by name.
	Query *Query
	// Subcodes makes each tag of TagIDs, and each code of Query, stand for
	// itself and its sub-codes, at every depth.
	Subcodes bool
}
