package annotate

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The kinds of memo.
const (
	MemoDocument = "document" // a memo on a document
	MemoCode     = "code"     // a code's memo: its long form, beside the one-line description
	MemoJournal  = "journal"  // an entry in the project journal
)

// MaxMemo is the longest memo, in code points.
const MaxMemo = 100000

// MaxJournalTitle is the longest title of a journal entry, in code points.
const MaxJournalTitle = 200

// Memo is a researcher's analytic writing: on a document, on a code, or a
// dated entry in the project journal. Memos are listed together in the
// Memos view.
type Memo struct {
	Kind string // MemoDocument, MemoCode or MemoJournal
	// ID is the document's or tag's ID for their memos, the entry's own ID
	// for a journal entry.
	ID string
	// Subject is what the memo is on: the document's title or the code's
	// name; a journal entry's title.
	Subject string
	// Date is a journal entry's date, YYYY-MM-DD; "" for other memos.
	Date      string
	Text      string
	Author    string // who last wrote it
	UpdatedAt time.Time
	CreatedAt time.Time // a journal entry's; zero for other memos
}

// JournalEntry is an entry in the project journal.
type JournalEntry struct {
	ID        string
	Date      string // YYYY-MM-DD, the day it is about; today when empty
	Title     string // optional
	Text      string
	Author    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks the rules every stored journal entry obeys.
func (e *JournalEntry) Validate() error {
	switch {
	case !ValidDate(e.Date):
		return Errorf(EINVALID, "journal entry: date %q is not of the form YYYY-MM-DD", e.Date)
	case utf8.RuneCountInString(e.Title) > MaxJournalTitle:
		return Errorf(EINVALID, "journal entry: title is longer than %d characters", MaxJournalTitle)
	case strings.ContainsAny(e.Title, "\n\r"):
		return Errorf(EINVALID, "journal entry: title has a line break")
	case utf8.RuneCountInString(e.Text) > MaxMemo:
		return Errorf(EINVALID, "journal entry: text is longer than %d characters", MaxMemo)
	case !utf8.ValidString(e.Title) || !utf8.ValidString(e.Text):
		return Errorf(EINVALID, "journal entry: not valid UTF-8")
	}
	return nil
}

// ValidMemo checks a document's or code's memo.
func ValidMemo(text string) error {
	switch {
	case utf8.RuneCountInString(text) > MaxMemo:
		return Errorf(EINVALID, "memo is longer than %d characters", MaxMemo)
	case !utf8.ValidString(text):
		return Errorf(EINVALID, "memo is not valid UTF-8")
	}
	return nil
}

// ValidDate reports whether s is a calendar date of the form YYYY-MM-DD.
func ValidDate(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Format("2006-01-02") == s
}

// MemoFilter narrows the Memos view; empty fields match everything.
type MemoFilter struct {
	Kinds   []string // MemoDocument, MemoCode, MemoJournal
	Authors []string
	Text    string // case-insensitive substring of the memo, its subject or its title
}
