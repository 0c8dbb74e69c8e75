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
	segs := paragraphs(text)
	out := make([][2]int, len(segs))
	for i, s := range segs {
		out[i] = [2]int{s.start, s.end}
	}
	return out
}

// segment is a stretch of text in code points and bytes.
type segment struct {
	start, end   int // code points
	bstart, bend int // bytes
}

func paragraphs(text string) []segment {
	lines := lineRanges(text)
	var paras []segment
	if hardWrapped(lines) {
		cur := segment{start: -1}
		for _, l := range lines {
			switch {
			case l.blank && cur.start >= 0:
				paras = append(paras, cur)
				cur.start = -1
			case !l.blank && cur.start < 0:
				cur = l.segment
			case !l.blank:
				cur.end, cur.bend = l.end, l.bend
			}
		}
		if cur.start >= 0 {
			paras = append(paras, cur)
		}
		return paras
	}
	for _, l := range lines {
		if !l.blank {
			paras = append(paras, l.segment)
		}
	}
	return paras
}

// line is a line of text: the range of its content without surrounding
// white space, its full length in code points, and whether it is blank.
type line struct {
	segment
	length int
	blank  bool
}

// lineRanges splits text into lines.
func lineRanges(text string) []line {
	var lines []line
	cp, b := 0, 0
	for b < len(text) {
		s := text[b:]
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[:i]
		}
		n := utf8.RuneCountInString(s)
		l := line{length: n}
		trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
		if trimmed == "" {
			l.blank = true
			l.segment = segment{cp + n, cp + n, b + len(s), b + len(s)}
		} else {
			lead := len(s) - len(trimmed)
			trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
			leadCP := utf8.RuneCountInString(s[:lead])
			trailCP := utf8.RuneCountInString(s[lead+len(trimmed):])
			l.segment = segment{cp + leadCP, cp + n - trailCP, b + lead, b + lead + len(trimmed)}
		}
		lines = append(lines, l)
		cp += n + 1
		b += len(s) + 1
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
	for _, p := range paragraphs(text) {
		out = appendSentences(out, text[p.bstart:p.bend], p.start)
	}
	return out
}

func appendSentences(out [][2]int, para string, base int) [][2]int {
	start := -1 // code point where the current sentence starts
	cp, i := 0, 0
	for i < len(para) {
		if start < 0 {
			rest := strings.TrimLeftFunc(para[i:], unicode.IsSpace)
			cp += utf8.RuneCountInString(para[i : len(para)-len(rest)])
			i = len(para) - len(rest)
			if i == len(para) {
				break
			}
			start = cp
		}
		j := indexTerminator(para[i:])
		if j < 0 {
			cp += utf8.RuneCountInString(para[i:])
			break
		}
		cp += utf8.RuneCountInString(para[i : i+j])
		r, size := utf8.DecodeRuneInString(para[i+j:])
		i += j + size
		cp++
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
		out = append(out, [2]int{base + start, base + end})
		start = -1
	}
	if start >= 0 {
		out = append(out, [2]int{base + start, base + cp})
	}
	return out
}

// indexTerminator returns the byte offset of the first ., !, ? or … in s,
// or -1. (strings.IndexAny decodes every rune once the set has a non-ASCII
// character.)
func indexTerminator(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '!', '?':
			return i
		case 0xE2: // … is E2 80 A6
			if strings.HasPrefix(s[i:], "…") {
				return i
			}
		}
	}
	return -1
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
