package storage

import (
	"strings"
	"unicode"

	"gloss/annotate"
)

// maxQueryDepth bounds the nesting of parentheses in a search query.
const maxQueryDepth = 20

// ftsQuery translates a search query as researchers type it into an FTS5
// query. It accepts words, "quoted phrases", a trailing * for a prefix
// (cyber*, "human right"*), AND, OR and NOT in capitals, and parentheses;
// adjacent terms must all match. Every word is quoted for FTS5, so
// punctuation inside a word (U.S.-Russia) searches the word's parts as a
// phrase instead of being a syntax error. A malformed query is EINVALID with
// a message that names the query and the problem.
func ftsQuery(q string) (string, error) {
	var out []string
	depth := 0
	operand := false // the last thing emitted ends an operand
	lastOp := ""
	fail := func(format string, args ...any) (string, error) {
		return "", annotate.Errorf(annotate.EINVALID, "search: "+format+" in %q", append(args, annotate.Ellipsize(strings.TrimSpace(q), 80))...)
	}
	term := func(s string) {
		if operand {
			out = append(out, "AND")
		}
		out = append(out, s)
		operand = true
	}
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return fail("unbalanced quote")
			}
			phrase := q[i+1 : i+1+j]
			i += j + 2
			prefix := i < len(q) && q[i] == '*'
			if prefix {
				i++
			}
			if !hasWord(phrase) {
				if strings.TrimSpace(phrase) == "" {
					return fail("empty phrase")
				}
				continue
			}
			s := `"` + phrase + `"`
			if prefix {
				s += "*"
			}
			term(s)
		case c == '(':
			if depth == maxQueryDepth {
				return fail("parentheses nested deeper than %d", maxQueryDepth)
			}
			if operand {
				out = append(out, "AND")
			}
			out = append(out, "(")
			depth++
			operand = false
			lastOp = "("
			i++
		case c == ')':
			if depth == 0 {
				return fail("unbalanced parenthesis")
			}
			if !operand {
				if lastOp == "(" {
					return fail("empty parentheses")
				}
				return fail("%s needs a term after it", lastOp)
			}
			out = append(out, ")")
			depth--
			i++
		default:
			j := i
			for j < len(q) && !strings.ContainsRune(" \t\n\r\"()", rune(q[j])) {
				j++
			}
			word := q[i:j]
			i = j
			switch word {
			case "AND", "OR", "NOT":
				if !operand {
					return fail("%s needs a term before it", word)
				}
				out = append(out, word)
				operand = false
				lastOp = word
				continue
			}
			prefix := strings.HasSuffix(word, "*")
			word = strings.TrimRight(word, "*")
			if !hasWord(word) {
				continue
			}
			s := `"` + word + `"`
			if prefix {
				s += "*"
			}
			term(s)
		}
	}
	switch {
	case depth > 0:
		return fail("unbalanced parenthesis")
	case len(out) == 0:
		return fail("nothing to search for")
	case !operand:
		return fail("%s needs a term after it", lastOp)
	}
	return strings.Join(out, " "), nil
}

// hasWord reports whether s has a letter or digit, something FTS5 indexes.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
}
