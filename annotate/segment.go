package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// wrapWidth is the longest line, in code points, of a text taken to be
// hard-wrapped.
const wrapWidth = 100

// Paragraphs returns the code-point ranges of text's paragraphs, without
// surrounding white space. Gloss keeps a paragraph per line, except in a
// hard-wrapped text (every line at most 100 code points, and blank lines
// between blocks of several lines), where blank lines separate paragraphs.
func Paragraphs(text string) [][2]int {
	lines := lineRanges(text)
	var paras [][2]int
	if hardWrapped(lines) {
		start, end := -1, -1
		for _, l := range lines {
			switch {
			case l.blank && start >= 0:
				paras = append(paras, [2]int{start, end})
				start = -1
			case !l.blank && start < 0:
				start, end = l.start, l.end
			case !l.blank:
				end = l.end
			}
		}
		if start >= 0 {
			paras = append(paras, [2]int{start, end})
		}
		return paras
	}
	for _, l := range lines {
		if !l.blank {
			paras = append(paras, [2]int{l.start, l.end})
		}
	}
	return paras
}

// line is a line of text: the code-point range of its content without
// surrounding white space, its full length, and whether it is blank.
type line struct {
	start, end, length int
	blank              bool
}

func lineRanges(text string) []line {
	var lines []line
	cp := 0
	for len(text) > 0 {
		s := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s = text[:i]
		}
		n := utf8.RuneCountInString(s)
		lead := n - utf8.RuneCountInString(strings.TrimLeftFunc(s, unicode.IsSpace))
		trail := n - utf8.RuneCountInString(strings.TrimRightFunc(s, unicode.IsSpace))
		lines = append(lines, line{start: cp + lead, end: cp + n - trail, length: n, blank: lead == n})
		cp += n
		text = text[len(s):]
		if len(text) > 0 { // the newline
			text = text[1:]
			cp++
		}
	}
	return lines
}

// hardWrapped reports whether lines look wrapped at a fixed width: none
// longer than wrapWidth, some blank, and a block of several lines between.
func hardWrapped(lines []line) bool {
	blank, block, run := false, false, 0
	for _, l := range lines {
		if l.length > wrapWidth {
			return false
		}
		if l.blank {
			blank, run = true, 0
			continue
		}
		run++
		if run > 1 {
			block = true
		}
	}
	return blank && block
}

// abbreviations end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "st": true, "jr": true, "sr": true, "vs": true,
	"e.g": true, "i.e": true, "inc": true, "co": true, "corp": true, "ltd": true, "no": true, "vol": true,
	"pp": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "dept": true,
	"est": true, "fig": true, "pres": true, "amb": true,
}

// Sentences returns the code-point ranges of text's sentences, without
// surrounding white space. A sentence ends at ., !, ? or … (with any
// closing quotes or brackets after it) followed by white space and not by
// a lower-case letter, unless the full stop ends a known abbreviation or an
// initial ("Mr.", "U.S.", "Vladimir V. Putin"); a sentence never runs past
// its paragraph.
func Sentences(text string) [][2]int {
	var out [][2]int
	t := NewText(text)
	for _, p := range Paragraphs(text) {
		out = appendSentences(out, t.Slice(p[0], p[1]), p[0])
	}
	return out
}

func appendSentences(out [][2]int, para string, base int) [][2]int {
	start := -1 // code point where the current sentence starts
	cp := 0
	for i := 0; i < len(para); {
		r, size := utf8.DecodeRuneInString(para[i:])
		if start < 0 && !unicode.IsSpace(r) {
			start = cp
		}
		i += size
		cp++
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := cp
		for i < len(para) { // more terminators and closing marks
			r2, size2 := utf8.DecodeRuneInString(para[i:])
			if !strings.ContainsRune(".!?…\"'”’)]»", r2) {
				break
			}
			i += size2
			cp++
			end = cp
		}
		if i < len(para) {
			r2, _ := utf8.DecodeRuneInString(para[i:])
			if !unicode.IsSpace(r2) {
				continue
			}
			next, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(para[i:], unicode.IsSpace))
			if unicode.IsLower(next) {
				continue
			}
		}
		if r == '.' && abbreviationBefore(para[:i]) {
			continue
		}
		if start >= 0 {
			out = append(out, [2]int{base + start, base + end})
		}
		start = -1
	}
	if start >= 0 {
		out = append(out, [2]int{base + start, base + cp})
	}
	return out
}

// abbreviationBefore reports whether s ends with an abbreviation or an
// initial followed by its full stop (and perhaps closing marks).
func abbreviationBefore(s string) bool {
	s = strings.TrimRight(s, "\"'”’)]»")
	if !strings.HasSuffix(s, ".") {
		return false
	}
	s = s[:len(s)-1]
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
	word := s[i+1:]
	if word == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return true // an initial
	}
	if strings.Contains(word, ".") { // U.S, e.g, Ph.D
		last := word[strings.LastIndexByte(word, '.')+1:]
		if r, size := utf8.DecodeRuneInString(last); size == len(last) && unicode.IsLetter(r) {
			return true
		}
	}
	return abbreviations[strings.ToLower(word)]
}
