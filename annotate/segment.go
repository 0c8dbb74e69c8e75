package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paragraphs returns the code-point ranges of text's paragraphs: its lines
// (Gloss stores a paragraph per line), without surrounding white space,
// blank lines left out.
func Paragraphs(text string) [][2]int {
	var paras [][2]int
	cp := 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line = text[:i]
		}
		n := utf8.RuneCountInString(line)
		lead := utf8.RuneCountInString(line) - utf8.RuneCountInString(strings.TrimLeftFunc(line, unicode.IsSpace))
		trail := n - utf8.RuneCountInString(strings.TrimRightFunc(line, unicode.IsSpace))
		if lead < n {
			paras = append(paras, [2]int{cp + lead, cp + n - trail})
		}
		cp += n
		text = text[len(line):]
		if len(text) > 0 { // the newline
			text = text[1:]
			cp++
		}
	}
	return paras
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
