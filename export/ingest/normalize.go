package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in the form Gloss stores and hashes (annotate.HashText)
// a document's text in:
//   - a leading byte-order mark is removed, and so are control characters
//     other than tab and newline, including stray U+FEFF;
//   - CRLF, CR, NEL, vertical tab, form feed and the Unicode line and
//     paragraph separators become LF;
//   - trailing white space is removed from every line, blank lines at the
//     start and end are dropped, and two or more blank lines in a row become
//     one, so paragraphs stay apart;
//   - the result is in Unicode Normalization Form C.
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")

	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r', r == '\v', r == '\f', r == 0x85, r == 0x2028, r == 0x2029:
			b.WriteByte('\n')
		case r == '\n', r == '\t':
			b.WriteRune(r)
		case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0xFEFF:
			// dropped: invisible, and meaningless in an article
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()

	b.Reset()
	blank := 0
	started := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if line == "" {
			blank++
			continue
		}
		if started {
			b.WriteByte('\n')
			if blank > 0 {
				b.WriteByte('\n')
			}
		}
		started = true
		blank = 0
		b.WriteString(line)
	}
	// Composing last: removing characters above may have brought a base
	// letter and a combining mark together.
	return norm.NFC.String(b.String())
}
