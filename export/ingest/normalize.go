package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	start := 0 // s[start:i] is owed to b unchanged
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		var repl string
		switch {
		case r == utf8.RuneError && size == 1:
			repl = "\uFFFD" // invalid UTF-8
		case r == '\r', r == '\v', r == '\f', r == 0x85, r == 0x2028, r == 0x2029:
			repl = "\n"
		case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0xFEFF:
			// dropped: invisible, and meaningless in an article
		default:
			i += size
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[start:i])
		b.WriteString(repl)
		i += size
		start = i
	}
	if start > 0 {
		b.WriteString(s[start:])
		s = b.String()
	}

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
