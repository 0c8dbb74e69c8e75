package annotate

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Source is what the interchange exporters read from a project: the
// documents with their text, the codebook, the passages and the project's
// settings. storage.DB implements it.
type Source interface {
	Documents(ctx context.Context, filter DocumentFilter) ([]*Document, error)
	Document(ctx context.Context, id string) (*Document, error)
	Tags(ctx context.Context) ([]*Tag, error)
	Passages(ctx context.Context, filter PassageFilter) ([]*Passage, error)
	Meta(ctx context.Context, key string) (string, error)
}

// ImportTagName is the tag given to an imported annotation that carries no
// tag of its own (a Hypothesis comment, a REFI-QDA selection with only a
// note): every Gloss passage has at least one tag.
const ImportTagName = "Imported"

// Batch is work read from another tool's file (a W3C Web Annotation JSON-LD
// file, a REFI-QDA project or codebook), in a neutral form that an importer
// applies to a project in one transaction. Documents, tags and passages
// refer to each other by the file's own keys.
type Batch struct {
	File      string // the file it was read from, for messages
	Format    string // the file's format, for people ("W3C Web Annotation", ...)
	Documents []*BatchDocument
	Tags      []*BatchTag
	Passages  []*BatchPassage
	// Attributes are the file's document variables (REFI-QDA Variables)
	// that become document attributes; documents give their values.
	Attributes []*BatchAttribute
	// Journal holds the file's notes on the project as a whole, which
	// become entries of the project journal.
	Journal  []*BatchJournalEntry
	Warnings []string // parts of the file that were read but cannot be imported

	tagIndex map[string]*BatchTag      // by key, built by Tag
	docIndex map[string]*BatchDocument // by key, built by Document
	tagCount int                       // how many of Tags tagIndex holds
	docCount int                       // how many of Documents docIndex holds
}

// BatchDocument is a document a batch's passages point at. Only Key is
// required; the rest helps find the matching document in a project (by ID,
// URL, text hash and, last, title) or, when Text is given and nothing
// matches, to add it.
type BatchDocument struct {
	Key       string // the file's identifier (a URL, urn:uuid:..., a REFI-QDA GUID)
	ID        string // the Gloss document ID it names, when it names one
	URL       string
	Title     string
	Outlet    string
	Byline    string
	Published string
	Text      string // the full text, when the file carries it (normalized)
	Memo      string // a memo on the document as a whole
	// Values are the document's attribute values as the file gives them,
	// by BatchAttribute key.
	Values    map[string]string
	Author    string
	CreatedAt time.Time
	// Detail says how the reader read the file's positions in this
	// document (a line-ending convention it detected, how many quotes
	// confirmed it), for the report.
	Detail string
}

// BatchTag is a code of a batch's codebook, or a tag named by a passage.
type BatchTag struct {
	Key         string // the file's identifier; passages and children refer to it
	ID          string // the Gloss tag ID it names, when it names one
	Name        string
	Color       string // "#rrggbb" or "" (a palette colour is chosen)
	Description string
	Memo        string // the code's memo, its long form
	MemoAuthor  string // who wrote it; "" for Author
	ParentKey   string
	Codebook    bool // part of a codebook: created even when no passage uses it
	Grouping    bool // a grouping code (REFI-QDA isCodable="false"): never applied
	Author      string
	CreatedAt   time.Time
}

// BatchAttribute is a document attribute of a batch: matched to the
// project's attribute by ID, then by name ignoring case, else added.
type BatchAttribute struct {
	Key     string // the file's identifier; documents' Values refer to it
	ID      string // the Gloss attribute ID it names, when it names one
	Name    string
	Kind    string   // one of AttributeKinds; "" is AttributeText
	Choices []string // for AttributeChoice
	Author  string
	// CreatedAt is when it was defined, zero if the file does not say.
	CreatedAt time.Time
}

// BatchJournalEntry is an entry of the project journal a batch carries:
// matched by ID, then by the same date, title and text, else added.
type BatchJournalEntry struct {
	Key       string // the file's identifier, for the report
	ID        string // the Gloss journal entry ID it carries, if any
	Date      string // YYYY-MM-DD; "" takes CreatedAt's day
	Title     string
	Text      string
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BatchPassage is one annotation of a batch: a selector into a document,
// tags, a note and who made it when.
type BatchPassage struct {
	Key         string // the file's identifier of the annotation, for the report
	ID          string // the Gloss passage ID it carries, when it carries one
	Document    string // the BatchDocument's Key
	Selector    Selector
	HasPosition bool     // Selector.Start and End were given
	Tags        []string // BatchTag keys
	Note        string
	NoteID      string
	NoteAuthor  string
	NoteCreated time.Time // zero: the passage's times
	NoteUpdated time.Time
	Author      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Moved says, when the reader placed the passage elsewhere than the
	// file's own positions say (its quote was found elsewhere), where and
	// why; the report lists the passage as re-anchored.
	Moved string
}

// Tag returns the batch's tag with the given key (the first, if several
// share it), or nil. Tags are indexed as they are first looked up: the
// index assumes they are only ever appended.
func (b *Batch) Tag(key string) *BatchTag {
	if b.tagCount > len(b.Tags) {
		b.tagIndex, b.tagCount = nil, 0
	}
	if b.tagIndex == nil {
		b.tagIndex = make(map[string]*BatchTag, len(b.Tags))
	}
	for ; b.tagCount < len(b.Tags); b.tagCount++ {
		t := b.Tags[b.tagCount]
		if _, dup := b.tagIndex[t.Key]; !dup {
			b.tagIndex[t.Key] = t
		}
	}
	return b.tagIndex[key]
}

// Document returns the batch's document with the given key (the first, if
// several share it), or nil; indexed like Tag.
func (b *Batch) Document(key string) *BatchDocument {
	if b.docCount > len(b.Documents) {
		b.docIndex, b.docCount = nil, 0
	}
	if b.docIndex == nil {
		b.docIndex = make(map[string]*BatchDocument, len(b.Documents))
	}
	for ; b.docCount < len(b.Documents); b.docCount++ {
		d := b.Documents[b.docCount]
		if _, dup := b.docIndex[d.Key]; !dup {
			b.docIndex[d.Key] = d
		}
	}
	return b.docIndex[key]
}

// Validate checks that the batch's references hold together: every passage
// names a document of the batch and tags of the batch.
func (b *Batch) Validate() error {
	docs := make(map[string]bool, len(b.Documents))
	for _, d := range b.Documents {
		if d.Key == "" {
			return Errorf(EINVALID, "%s: a document has no identifier", b.File)
		}
		docs[d.Key] = true
	}
	tags := make(map[string]bool, len(b.Tags))
	for _, t := range b.Tags {
		if t.Key == "" {
			return Errorf(EINVALID, "%s: a code has no identifier", b.File)
		}
		tags[t.Key] = true
	}
	for _, t := range b.Tags {
		if t.ParentKey != "" && !tags[t.ParentKey] {
			return Errorf(EINVALID, "%s: code %q is nested in an unknown code %s", b.File, t.Name, t.ParentKey)
		}
	}
	attrs := make(map[string]bool, len(b.Attributes))
	for _, a := range b.Attributes {
		if a.Key == "" {
			return Errorf(EINVALID, "%s: an attribute has no identifier", b.File)
		}
		attrs[a.Key] = true
	}
	for _, d := range b.Documents {
		for k := range d.Values {
			if !attrs[k] {
				return Errorf(EINVALID, "%s: document %s has a value of an unknown attribute %s", b.File, d.Key, k)
			}
		}
	}
	for _, p := range b.Passages {
		if !docs[p.Document] {
			return Errorf(EINVALID, "%s: annotation %s points at an unknown document %s", b.File, p.Key, p.Document)
		}
		for _, t := range p.Tags {
			if !tags[t] {
				return Errorf(EINVALID, "%s: annotation %s carries an unknown code %s", b.File, p.Key, t)
			}
		}
	}
	return nil
}

// Report line kinds of an ImportReport.
const (
	ReportAdded      = "added"       // new in the project
	ReportMatched    = "matched"     // already in the project: nothing added
	ReportReanchored = "re-anchored" // added at another place than the file said
	ReportUnanchored = "unanchored"  // not imported: its text could not be found
	ReportSkipped    = "skipped"     // not imported: Gloss has no place for it
	// ReportCombined is an annotation of the file on the same range as
	// another one by the same coder: one passage carries both's codes and
	// notes.
	ReportCombined = "combined"
)

// ReportLine says what happened to one thing of an imported file.
type ReportLine struct {
	Kind   string // one of the Report* kinds
	What   string // "document", "tag" or "passage"
	Key    string // the file's identifier
	ID     string // the Gloss ID it became or matched, if any
	Detail string // how it was matched, where it moved, or why it was left out
}

// Noun is what the line is about in the words of the app: a tag is a code.
func (l ReportLine) Noun() string {
	if l.What == "tag" {
		return "code"
	}
	return l.What
}

// String formats the line for people.
func (l ReportLine) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %-8s %s", l.Kind, l.Noun(), l.Key)
	if l.ID != "" && l.ID != l.Key {
		fmt.Fprintf(&b, " (%s)", ShortID(l.ID))
	}
	if l.Detail != "" {
		b.WriteString(": ")
		b.WriteString(l.Detail)
	}
	return b.String()
}

// ImportReport says what an import did, thing by thing.
type ImportReport struct {
	File             string
	Format           string
	DocumentsAdded   int
	DocumentsMatched int
	TagsAdded        int
	TagsMatched      int
	Added            int // passages added, re-anchored ones included
	Reanchored       int // passages added at another place than the file said
	Matched          int // passages already in the project
	Combined         int // annotations joined to another of the file on the same range by the same coder
	Unanchored       int // passages whose text could not be found: not imported
	Skipped          int // parts of the file Gloss has no place for
	AttributesAdded  int // document attributes defined
	ValuesAdded      int // documents' attribute values set
	JournalAdded     int // journal entries added
	Lines            []ReportLine
}

// Add records a line and counts it.
func (r *ImportReport) Add(l ReportLine) {
	r.Lines = append(r.Lines, l)
	switch l.What + "/" + l.Kind {
	case "document/" + ReportAdded:
		r.DocumentsAdded++
	case "document/" + ReportMatched:
		r.DocumentsMatched++
	case "tag/" + ReportAdded:
		r.TagsAdded++
	case "tag/" + ReportMatched:
		r.TagsMatched++
	case "passage/" + ReportAdded:
		r.Added++
	case "passage/" + ReportReanchored:
		r.Added++
		r.Reanchored++
	case "passage/" + ReportMatched:
		r.Matched++
	case "passage/" + ReportCombined:
		r.Combined++
	case "passage/" + ReportUnanchored:
		r.Unanchored++
	case "attribute/" + ReportAdded:
		r.AttributesAdded++
	case "value/" + ReportAdded:
		r.ValuesAdded++
	case "journal entry/" + ReportAdded:
		r.JournalAdded++
	}
	if l.Kind == ReportSkipped {
		r.Skipped++
	}
}

// Summary is a one-line account of the import.
func (r *ImportReport) Summary() string {
	combined := ""
	if r.Combined > 0 {
		combined = fmt.Sprintf(", %s combined with another on the same range", Number(r.Combined))
	}
	s := fmt.Sprintf("%s added (%s re-anchored)%s, %s already present, %s unanchored; %s added, %s matched; %s added, %s matched",
		count(r.Added, "passage"), Number(r.Reanchored), combined, Number(r.Matched), Number(r.Unanchored),
		count(r.DocumentsAdded, "document"), Number(r.DocumentsMatched), count(r.TagsAdded, "code"), Number(r.TagsMatched))
	var more []string
	for _, c := range []struct {
		n    int
		noun string
	}{{r.AttributesAdded, "attribute"}, {r.ValuesAdded, "attribute value"}, {r.JournalAdded, "journal entry"}} {
		if c.n > 0 {
			more = append(more, count(c.n, c.noun))
		}
	}
	if len(more) > 0 {
		s += "; " + strings.Join(more, ", ") + " added"
	}
	if r.Skipped > 0 {
		s += fmt.Sprintf("; %s skipped", count(r.Skipped, "part"))
	}
	return s
}

// count returns "1 passage" or "2 passages" (see Count).
func count(n int, noun string) string {
	if strings.HasSuffix(noun, "y") {
		return Count(n, noun, strings.TrimSuffix(noun, "y")+"ies")
	}
	return Count(n, noun, noun+"s")
}
