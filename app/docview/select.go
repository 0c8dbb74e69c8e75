package docview

import "unicode"

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

// isApostrophe reports whether runes[i] is an apostrophe inside a word
// ("Russia’s", "don't"), which belongs to the word.
func isApostrophe(runes []rune, i int) bool {
	if r := runes[i]; r != '\'' && r != '’' {
		return false
	}
	return i > 0 && i+1 < len(runes) && charClass(runes[i-1]) == 2 && charClass(runes[i+1]) == 2
}

// wordAt returns the word around character i: a run of letters and digits
// (with apostrophes inside it), of ideographs, or of spaces, or a single
// punctuation mark. At a newline or past the end it is empty.
func (t *shapedText) wordAt(i int) (start, end int) {
	runes := t.runes
	if i < 0 || i >= len(runes) {
		i = max(0, min(i, len(runes)))
		return i, i
	}
	class := func(j int) int {
		if isApostrophe(runes, j) {
			return 2
		}
		return charClass(runes[j])
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
	for end < len(runes) && (class(end) == c || t.isCont(end)) {
		end++
	}
	return t.clusterStart(start), end
}

// paragraphAt returns the paragraph around character i, without its
// newline.
func paragraphAt(runes []rune, i int) (start, end int) {
	i = max(0, min(i, len(runes)))
	start, end = i, i
	for start > 0 && runes[start-1] != '\n' {
		start--
	}
	for end < len(runes) && runes[end] != '\n' {
		end++
	}
	return start, end
}

// nextCluster returns the caret position after the grapheme cluster at i.
func (t *shapedText) nextCluster(i int) int {
	if i >= len(t.runes) {
		return len(t.runes)
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
	runes := t.runes
	for i < len(runes) && charClass(runes[i]) < 2 {
		i++
	}
	if i >= len(runes) {
		return len(runes)
	}
	_, e := t.wordAt(i)
	return e
}

// prevWordStart returns the start of the word before caret i (Ctrl+Shift+Left).
func (t *shapedText) prevWordStart(i int) int {
	runes := t.runes
	for i > 0 && charClass(runes[i-1]) < 2 {
		i--
	}
	if i <= 0 {
		return 0
	}
	s, _ := t.wordAt(i - 1)
	return s
}
