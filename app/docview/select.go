package docview

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// charClass groups characters for word selection.
func charClass(r rune) int {
	switch {
	case r == '\n':
		return 0
	case isBreakSpace(r):
		return 1
	case isIdeographic(r) && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
		return 3
	case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || isCombining(r) || r == 0x200c:
		// Zero-width non-joiners sit inside Persian words.
		return 2
	}
	return 4 // punctuation and symbols: one at a time
}

// isApostrophe reports whether code point i is an apostrophe inside a
// word ("Russia’s", "don't"), which belongs to the word.
func (t *shapedText) isApostrophe(i int) bool {
	if r := t.at(i); r != '\'' && r != '’' {
		return false
	}
	return i > 0 && i+1 < t.n && charClass(t.at(i-1)) == 2 && charClass(t.at(i+1)) == 2
}

// wordAt returns the word around character i: a run of letters and digits
// (with apostrophes inside it), of ideographs, or of spaces, or a single
// punctuation mark. At a newline or past the end it is empty.
func (t *shapedText) wordAt(i int) (start, end int) {
	if i < 0 || i >= t.n {
		i = max(0, min(i, t.n))
		return i, i
	}
	class := func(j int) int {
		if t.isApostrophe(j) {
			return 2
		}
		return charClass(t.at(j))
	}
	c := class(i)
	if c == 0 {
		return i, i
	}
	if c == 4 {
		i = t.clusterStart(i)
		return i, t.clusterEnd(i)
	}
	start, end = i, i+1
	for start > 0 && class(start-1) == c {
		start--
	}
	for end < t.n && (class(end) == c || t.isCont(end)) {
		end++
	}
	return t.clusterStart(start), end
}

// paragraphAt returns the paragraph around character i, without its
// newline.
func (t *shapedText) paragraphAt(i int) (start, end int) {
	i = max(0, min(i, t.n))
	b := t.byteOf(i)
	text := t.s[:t.end]
	bs := strings.LastIndexByte(text[:b], '\n') + 1
	be := strings.IndexByte(text[b:], '\n')
	if be < 0 {
		be = len(text)
	} else {
		be += b
	}
	start = i - utf8.RuneCountInString(text[bs:b])
	return start, i + utf8.RuneCountInString(text[b:be])
}

// nextCluster returns the caret position after the grapheme cluster at i.
func (t *shapedText) nextCluster(i int) int {
	if i >= t.n {
		return t.n
	}
	return t.clusterEnd(i)
}

// prevCluster returns the caret position before the grapheme cluster that
// ends at i.
func (t *shapedText) prevCluster(i int) int {
	if i <= 0 {
		return 0
	}
	return t.clusterStart(i - 1)
}

// nextWordEnd returns the end of the next word after caret i (Ctrl+Shift+Right).
func (t *shapedText) nextWordEnd(i int) int {
	for i < t.n && charClass(t.at(i)) < 2 {
		i++
	}
	if i >= t.n {
		return t.n
	}
	_, e := t.wordAt(i)
	return e
}

// prevWordStart returns the start of the word before caret i (Ctrl+Shift+Left).
func (t *shapedText) prevWordStart(i int) int {
	for i > 0 && charClass(t.at(i-1)) < 2 {
		i--
	}
	if i <= 0 {
		return 0
	}
	s, _ := t.wordAt(i - 1)
	return s
}
