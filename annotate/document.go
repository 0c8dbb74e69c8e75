package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxDocumentBytes is the largest document text Gloss accepts (50 MB).
const MaxDocumentBytes = 50 << 20

// Document is an article loaded into a project. Its Text is normalized
// (Unicode NFC, LF line endings) and never changes after import: passages
// point into it by code-point offset.
type Document struct {
	ID        string
	Title     string
	Outlet    string // publication, e.g. "Axios"
	Byline    string // the article's author(s)
	Published string // publication date, ideally YYYY-MM-DD
	URL       string
	Source    string // the file name it was imported from
	// Memo is the researcher's free-text memo on the document as a whole
	// (a REFI-QDA source's Description); MemoAuthor wrote it last, at
	// MemoUpdatedAt (zero when it never was written).
	Memo          string
	MemoAuthor    string
	MemoUpdatedAt time.Time
	Text          string // empty in listings
	Hash          string // hex SHA-256 of Text
	Length        int    // Text's length in code points
	Author        string // the researcher who added it
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Passages      int // live passages, filled in by listings
	// Direction is the paragraph direction the text is read in: "" takes
	// each paragraph's from its first strong character (the Unicode
	// Bidirectional Algorithm's default), "ltr" and "rtl" set it.
	Direction string
}

// HashText returns the hex SHA-256 of a normalized text: a document's identity
// across projects.
func HashText(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// Validate checks the rules every stored document obeys.
func (d *Document) Validate() error {
	switch {
	case d.Title == "":
		return Errorf(EINVALID, "document title required")
	case len(d.Text) == 0:
		return Errorf(EINVALID, "document %q has no text", d.Title)
	case len(d.Text) > MaxDocumentBytes:
		return Errorf(EINVALID, "document %q is larger than %d MB", d.Title, MaxDocumentBytes>>20)
	case !utf8.ValidString(d.Text):
		return Errorf(EINVALID, "document %q is not valid UTF-8", d.Title)
	}
	return d.metadata().Validate()
}

// Longest metadata values, in characters.
const (
	MaxTitle     = 1000
	MaxMetadata  = 1000 // outlet, byline, source
	MaxPublished = 100
	MaxURL       = 4000
)

// metadata returns the document's metadata as an update that sets every field.
func (d *Document) metadata() DocumentUpdate {
	return DocumentUpdate{Title: &d.Title, Outlet: &d.Outlet, Byline: &d.Byline, Published: &d.Published, URL: &d.URL,
		Direction: &d.Direction, Memo: &d.Memo}
}

// Validate checks the fields an update sets: a title that is not blank and
// values no longer than a document may hold.
func (u DocumentUpdate) Validate() error {
	if u.Title != nil && strings.TrimSpace(*u.Title) == "" {
		return Errorf(EINVALID, "document title required")
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"title", u.Title, MaxTitle}, {"outlet", u.Outlet, MaxMetadata}, {"author", u.Byline, MaxMetadata},
		{"date", u.Published, MaxPublished}, {"URL", u.URL, MaxURL}, {"memo", u.Memo, MaxMemo}} {
		if f.v != nil && utf8.RuneCountInString(*f.v) > f.max {
			return Errorf(EINVALID, "document %s is longer than %d characters", f.name, f.max)
		}
	}
	if u.Direction != nil && !ValidDirection(*u.Direction) {
		return Errorf(EINVALID, "document direction %q is not one of \"\", \"ltr\", \"rtl\"", *u.Direction)
	}
	return nil
}

// ValidDirection reports whether d is a document direction: "" (from the
// text), "ltr" or "rtl".
func ValidDirection(d string) bool { return d == "" || d == "ltr" || d == "rtl" }

// DocumentUpdate holds the metadata fields to change; nil fields stay as they are.
type DocumentUpdate struct {
	Title     *string
	Outlet    *string
	Byline    *string
	Published *string
	URL       *string
	Direction *string
	Memo      *string // kept as written, line breaks included
}

// DocumentFilter narrows a listing of documents.
type DocumentFilter struct {
	Text string // case-insensitive substring of title, outlet or byline
	// Attributes keeps the documents meeting every condition.
	Attributes []AttributeCondition
}
