package annotate

import (
	"strings"
	"unicode"
)

// Where a search hit was found.
const (
	FieldTitle = "title" // the document's title
	FieldText  = "text"  // the document's text
	FieldNote  = "note"  // a note on one of the document's passages
	FieldMemo  = "memo"  // a memo: on a document, on a code, or a journal entry
)

// SearchHit is one line of a project search: a match shown as keyword in
// context, with what is needed to open the document at it.
type SearchHit struct {
	DocumentID    string
	DocumentTitle string
	Field         string // FieldTitle, FieldText or FieldNote
	PassageID     string // the passage whose note matched (FieldNote)
	// Start and End locate the hit in the document's text, in code points:
	// the match for FieldText, the passage for FieldNote, 0 and 0 for a
	// title.
	Start, End int
	// Before, Match and After are the keyword in context: the matched words
	// with some text either side, on one line.
	Before, Match, After string
	Occurrence           int // which match in its field this is, from 1
	Occurrences          int // how many matches its field has
	// For FieldMemo: the memo's kind (MemoDocument, MemoCode or
	// MemoJournal), the ID of its document, tag or journal entry, and what
	// it is on (the document's title, the code's name, the entry's date and
	// title). Start and End are then offsets into the memo's text.
	MemoKind, MemoID, MemoSubject string
}

// SearchResults is the answer to a project search.
type SearchResults struct {
	Query   string
	Hits    []*SearchHit
	Sources int  // documents and notes with at least one hit
	More    bool // more sources matched than were listed
}

// KWICWidth is how many code points of context a keyword-in-context line
// shows either side of the match.
const KWICWidth = 60

// KWIC returns the keyword in context for the range [start, end) of t: up to
// width code points either side, cut at a word boundary and marked with "…"
// where cut, with line breaks and runs of space shown as one space.
func KWIC(t *Text, start, end, width int) (before, match, after string) {
	from, to := start-width, end+width
	before = t.Slice(from, start)
	if from > 0 {
		if i := strings.IndexFunc(before, unicode.IsSpace); i >= 0 && i < len(before)-1 {
			before = before[i+1:]
		}
		before = "…" + before
	}
	after = t.Slice(end, to)
	if to < t.Len() {
		if i := strings.LastIndexFunc(after, unicode.IsSpace); i > 0 {
			after = after[:i]
		}
		after += "…"
	}
	before, after = oneLine(before), oneLine(after)
	if from <= 0 {
		before = strings.TrimLeft(before, " ")
	}
	if to >= t.Len() {
		after = strings.TrimRight(after, " ")
	}
	return before, oneLine(t.Slice(start, end)), after
}

// oneLine shows line breaks and runs of white space as one space.
func oneLine(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) < 0 && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
