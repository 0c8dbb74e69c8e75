package markup

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SpansMarkdown writes spans as one paragraph of Markdown, a line break
// as a hard break.
func SpansMarkdown(spans []Span) string {
	toks := tokens(spans)
	settle(toks)
	var b strings.Builder
	var open []Style // the delimiters open, innermost last
	has := func(st Style) bool {
		for _, o := range open {
			if o == st {
				return true
			}
		}
		return false
	}
	lineStart := true
	var pending strings.Builder // text not yet escaped: escaped as a whole, for context
	flush := func() {
		if pending.Len() > 0 {
			b.WriteString(Escape(pending.String(), lineStart))
			pending.Reset()
			lineStart = false
		}
	}
	for k, t := range toks {
		want := t.style
		// Close from the innermost out down to the first style no longer
		// wanted; what was closed and is still wanted opens again below.
		for i, o := range open {
			if want&o == 0 {
				flush()
				for j := len(open) - 1; j >= i; j-- {
					b.WriteString(delim[open[j]])
				}
				open = open[:i]
				break
			}
		}
		// Styles that open here nest by how long they last, the longest
		// outermost, so that one ending closes nothing that goes on.
		var opening []Style
		for _, st := range []Style{Strike, Bold, Italic} {
			if want&st != 0 && !has(st) {
				opening = append(opening, st)
			}
		}
		sort.SliceStable(opening, func(i, j int) bool { return runLength(toks, k, opening[i]) > runLength(toks, k, opening[j]) })
		for _, st := range opening {
			flush()
			b.WriteString(delim[st])
			open = append(open, st)
		}
		switch {
		case t.brk:
			flush()
			if strings.HasSuffix(b.String(), "\\") {
				// After an escaped backslash, a backslash break would be
				// read as a third backslash.
				b.WriteString("  \n")
			} else {
				b.WriteString("\\\n")
			}
			lineStart = true
		case t.md != "":
			flush()
			b.WriteString(t.md)
			lineStart = false
		default:
			pending.WriteString(t.text)
		}
	}
	flush()
	for j := len(open) - 1; j >= 0; j-- {
		b.WriteString(delim[open[j]])
	}
	return b.String()
}

// runLength counts the tokens from k on that have style st.
func runLength(toks []token, k int, st Style) int {
	n := 0
	for k+n < len(toks) && toks[k+n].style&st != 0 && !toks[k+n].brk {
		n++
	}
	return n
}

var delim = map[Style]string{Strike: "~~", Bold: "**", Italic: "*"}

// token is a piece of a paragraph for SpansMarkdown: plain text in a style
// (a run of white space, of punctuation or of other characters), Markdown
// already written (a code span, a link), or a line break.
type token struct {
	text  string
	md    string
	style Style // Bold, Italic, Strike
	brk   bool
}

// edge returns the character a delimiter before (first) or after the
// token would touch.
func (t token) edge(first bool) rune {
	s := t.text
	if t.md != "" {
		s = t.md
	}
	if first {
		r, _ := utf8.DecodeRuneInString(s)
		return r
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// flankClass sorts a character as CommonMark does when it decides whether
// a delimiter run beside it opens or closes: 0 white space, 1
// punctuation, 2 anything else.
func flankClass(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return 0
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 1
	}
	return 2
}

// tokens splits spans at white space and punctuation, which decide
// whether a delimiter beside them takes effect.
func tokens(spans []Span) []token {
	var out []token
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		st := s.Style &^ Code
		switch {
		case s.Break:
			out = append(out, token{brk: true})
		case s.URL != "":
			// A link takes every following span with the same address.
			j := i
			var inner []Span
			for j < len(spans) && !spans[j].Break && spans[j].URL == s.URL {
				in := spans[j]
				in.URL = ""
				inner = append(inner, in)
				j++
			}
			url := strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "").Replace(s.URL)
			out = append(out, token{md: "[" + SpansMarkdown(inner) + "](<" + url + ">)"})
			i = j - 1
		case s.Style&Code != 0:
			out = append(out, token{md: codeSpan(s.Text), style: st})
		default:
			rs := []rune(s.Text)
			start := 0
			for k := 1; k <= len(rs); k++ {
				if k == len(rs) || flankClass(rs[k]) != flankClass(rs[k-1]) {
					out = append(out, token{text: string(rs[start:k]), style: st})
					start = k
				}
			}
		}
	}
	return out
}

// settle adjusts the tokens' styles so that every delimiter SpansMarkdown
// writes takes effect. A delimiter that closes must not follow white
// space, nor come between punctuation and a letter; one that opens the
// mirror image. Where one would, the white space or punctuation beside it
// takes the styles both neighbours share, moving the delimiter past it.
// The text is unchanged; at worst a space or a mark of punctuation loses
// a style.
func settle(toks []token) {
	styleAt := func(i int) Style {
		if i < 0 || i >= len(toks) || toks[i].brk {
			return 0
		}
		return toks[i].style
	}
	char := func(i int, first bool) rune {
		if i < 0 || i >= len(toks) || toks[i].brk {
			return ' ' // the start and end of a line count as white space
		}
		return toks[i].edge(first)
	}
	plain := func(i int) bool { return i >= 0 && i < len(toks) && toks[i].md == "" && !toks[i].brk }
	// A delimiter character beside a delimiter run (escaped or not)
	// confuses where the run begins.
	confusing := func(c rune) bool { return c == '*' || c == '~' || c == '_' }
	for pass := 0; pass <= 2*len(toks)+2; pass++ {
		changed := false
		for i := 0; i <= len(toks); i++ { // the boundary before token i
			a, b := styleAt(i-1), styleAt(i)
			if a == b {
				continue
			}
			lc, rc := char(i-1, false), char(i, true)
			l, r := flankClass(lc), flankClass(rc)
			odd := confusing(lc) || confusing(rc)
			// Where a style ends and another goes on, the one going on may
			// have to close and open again here.
			opens := b&^a != 0 || a&^b != 0 && a&b != 0
			badClose := a&^b != 0 && (l == 0 || l == 1 && r == 2 || odd)
			badOpen := opens && (r == 0 || r == 1 && l == 2 || odd)
			if !badClose && !badOpen {
				continue
			}
			switch {
			case badClose && plain(i-1) && l != 2 && toks[i-1].style != a&b:
				toks[i-1].style = a & b // the closer moves before the space or mark
			case badOpen && plain(i) && r != 2 && toks[i].style != a&b:
				toks[i].style = a & b // the opener moves after it
			case plain(i-1) && l != 2:
				toks[i-1].style = b // the space or mark before joins what follows
			case plain(i) && r != 2:
				toks[i].style = a
			case i-1 >= 0 && toks[i-1].md != "" && toks[i-1].style != a&b:
				toks[i-1].style = a & b
			case i < len(toks) && toks[i].md != "" && toks[i].style != a&b:
				toks[i].style = a & b
			default:
				continue
			}
			changed = true
		}
		if !changed {
			return
		}
	}
	// Still unsettled (it should not happen): no styles at all, which
	// always reads back as the text.
	for i := range toks {
		toks[i].style = 0
	}
}
