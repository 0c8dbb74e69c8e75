package annotate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on a query's text, so that a pasted essay or a runaway script
// gets an error rather than a stack overflow.
const (
	MaxQueryLength = 10000 // code points
	maxQueryDepth  = 50    // nested parentheses and NOTs
)

// QueryError is a mistake in a query's text, with where it is.
type QueryError struct {
	Query string // the query as written
	Pos   int    // where the mistake is, in code points from 0
	Msg   string
}

// Error returns the message with its column, counted from 1.
func (e *QueryError) Error() string {
	return fmt.Sprintf("query: column %d: %s", e.Pos+1, e.Msg)
}

// Unwrap makes a query error EINVALID for ErrorCode.
func (e *QueryError) Unwrap() error { return &Error{Code: EINVALID, Message: e.Error()} }

// Caret returns the query on one line and a caret under the mistake on the
// next, for a terminal. Line breaks and tabs in the query print as spaces
// so the caret stays under its character.
func (e *QueryError) Caret() string {
	rs := []rune(e.Query)
	for i, r := range rs {
		if r == '\n' || r == '\r' || r == '\t' {
			rs[i] = ' '
		}
	}
	pos := min(max(e.Pos, 0), len(rs))
	return string(rs) + "\n" + strings.Repeat(" ", pos) + "^"
}

// ParseQuery reads a code query:
//
//	query = term { "OR" term }
//	term  = near { "AND" near | "AND" "NOT" near | "NOT" near }
//	near  = unary { "NEAR/" (number | "paragraph") unary }
//	unary = "NOT" unary | code | "(" query ")"
//	code  = '"' name '"'        (a double quote in a name is doubled: "")
//
// AND binds tighter than OR, NEAR tighter than AND; "A NOT B" means
// "A AND NOT B". Operators may be written in any case. A mistake is a
// *QueryError that points at it.
func ParseQuery(src string) (*Query, error) {
	p := &queryParser{src: src}
	if n := utf8.RuneCountInString(src); n > MaxQueryLength {
		return nil, p.fail(MaxQueryLength, "the query is longer than %d characters", MaxQueryLength)
	}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if p.peek().kind == tokEnd {
		return nil, p.fail(p.peek().pos, `empty query: name a code in double quotes, e.g. "Human rights"`)
	}
	q, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEnd {
		if t.kind == tokClose {
			return nil, p.fail(t.pos, `this ")" closes nothing`)
		}
		return nil, p.fail(t.pos, "expected AND, OR, NOT or NEAR/n before %s", t.describe())
	}
	return q, nil
}

// tokKind is the kind of a token of the query language.
type tokKind int

const (
	tokEnd tokKind = iota
	tokCode
	tokAnd
	tokOr
	tokNot
	tokNear
	tokOpen
	tokClose
)

type qtoken struct {
	kind tokKind
	pos  int    // code points from the start of the query
	text string // the name of a code; the word as written otherwise
	near int    // a NEAR's distance
}

func (t qtoken) describe() string {
	switch t.kind {
	case tokEnd:
		return "the end of the query"
	case tokCode:
		return QuoteCode(t.text)
	case tokOpen:
		return `"("`
	case tokClose:
		return `")"`
	}
	return strings.ToUpper(t.text)
}

type queryParser struct {
	src  string
	toks []qtoken
	i    int
}

func (p *queryParser) fail(pos int, format string, args ...any) error {
	return &QueryError{Query: p.src, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *queryParser) peek() qtoken { return p.toks[p.i] }

func (p *queryParser) next() qtoken {
	t := p.toks[p.i]
	if t.kind != tokEnd {
		p.i++
	}
	return t
}

// lex splits the query into tokens.
func (p *queryParser) lex() error {
	rs := []rune(p.src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			p.toks = append(p.toks, qtoken{kind: tokOpen, pos: i, text: "("})
			i++
		case r == ')':
			p.toks = append(p.toks, qtoken{kind: tokClose, pos: i, text: ")"})
			i++
		case r == '"' || r == '“' || r == '”':
			if r != '"' {
				return p.fail(i, `use straight double quotes (") around code names, not typographic ones`)
			}
			var name []rune
			j := i + 1
			for ; j < len(rs); j++ {
				if rs[j] == '"' {
					if j+1 < len(rs) && rs[j+1] == '"' {
						name = append(name, '"')
						j++
						continue
					}
					break
				}
				name = append(name, rs[j])
			}
			if j >= len(rs) {
				return p.fail(i, `this code name has no closing double quote`)
			}
			if strings.TrimSpace(string(name)) == "" {
				return p.fail(i, "empty code name")
			}
			p.toks = append(p.toks, qtoken{kind: tokCode, pos: i, text: string(name)})
			i = j + 1
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune(`()"“”`, rs[j]) {
				j++
			}
			word := string(rs[i:j])
			t, err := p.keyword(word, i)
			if err != nil {
				return err
			}
			p.toks = append(p.toks, t)
			i = j
		}
	}
	p.toks = append(p.toks, qtoken{kind: tokEnd, pos: len(rs)})
	return nil
}

// keyword reads an operator; any other bare word is a code name that lacks
// its quotes.
func (p *queryParser) keyword(word string, pos int) (qtoken, error) {
	upper := strings.ToUpper(word)
	switch upper {
	case "AND", "&&":
		return qtoken{kind: tokAnd, pos: pos, text: "AND"}, nil
	case "OR", "||":
		return qtoken{kind: tokOr, pos: pos, text: "OR"}, nil
	case "NOT", "!":
		return qtoken{kind: tokNot, pos: pos, text: "NOT"}, nil
	case "NEAR":
		return qtoken{}, p.fail(pos+4, "NEAR needs a distance: NEAR/200 (characters) or NEAR/paragraph")
	}
	if rest, ok := strings.CutPrefix(upper, "NEAR/"); ok {
		dpos := pos + 5
		switch {
		case rest == "PARAGRAPH" || rest == "PARA" || rest == "P":
			return qtoken{kind: tokNear, pos: pos, text: "NEAR/paragraph", near: NearParagraph}, nil
		case rest == "":
			return qtoken{}, p.fail(dpos, "NEAR/ needs a distance: NEAR/200 (characters) or NEAR/paragraph")
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 || strings.HasPrefix(rest, "+") {
			return qtoken{}, p.fail(dpos, "NEAR's distance %q is not a number of characters or \"paragraph\"", word[5:])
		}
		if n > MaxNear {
			return qtoken{}, p.fail(dpos, "NEAR's distance is at most %d characters", MaxNear)
		}
		return qtoken{kind: tokNear, pos: pos, text: word, near: n}, nil
	}
	return qtoken{}, p.fail(pos, "code names go in double quotes: %s", QuoteCode(word))
}

// or parses query = term { "OR" term }.
func (p *queryParser) or(depth int) (*Query, error) {
	first, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	args := []*Query{first}
	for p.peek().kind == tokOr {
		op := p.next()
		right, err := p.operand(op, depth, p.term)
		if err != nil {
			return nil, err
		}
		args = append(args, right)
	}
	return group(QueryOr, args), nil
}

// term parses term = near { "AND" near | "AND" "NOT" near | "NOT" near }.
func (p *queryParser) term(depth int) (*Query, error) {
	first, err := p.near(depth)
	if err != nil {
		return nil, err
	}
	args := []*Query{first}
	for {
		t := p.peek()
		if t.kind != tokAnd && t.kind != tokNot {
			return group(QueryAnd, args), nil
		}
		op := p.next()
		right, err := p.operand(op, depth, p.near)
		if err != nil {
			return nil, err
		}
		if op.kind == tokNot {
			// "A NOT B" is "A AND NOT B".
			right = &Query{Op: QueryNot, Args: []*Query{right}, Pos: op.pos}
		}
		args = append(args, right)
	}
}

// near parses near = unary { "NEAR/n" unary }. A chain at one distance is
// one node; where the distance changes, the chain so far becomes the first
// operand of the next.
func (p *queryParser) near(depth int) (*Query, error) {
	first, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	var q *Query // the chain being read
	for p.peek().kind == tokNear {
		op := p.next()
		right, err := p.operand(op, depth, p.unary)
		if err != nil {
			return nil, err
		}
		switch {
		case q == nil:
			q = &Query{Op: QueryNear, Near: op.near, Args: []*Query{first, right}, Pos: first.Pos}
		case q.Near == op.near:
			q.Args = append(q.Args, right)
		default:
			q = &Query{Op: QueryNear, Near: op.near, Args: []*Query{q, right}, Pos: first.Pos}
		}
	}
	if q == nil {
		return first, nil
	}
	return q, nil
}

// group returns the operation op on args, or the only operand.
func group(op QueryOp, args []*Query) *Query {
	if len(args) == 1 {
		return args[0]
	}
	return &Query{Op: op, Args: args, Pos: args[0].Pos}
}

// operand parses what must follow the operator op, with a message naming
// op when nothing does.
func (p *queryParser) operand(op qtoken, depth int, parse func(int) (*Query, error)) (*Query, error) {
	switch t := p.peek(); t.kind {
	case tokEnd, tokClose, tokAnd, tokOr, tokNear:
		return nil, p.fail(t.pos, "%s needs a code or a group after it, found %s", op.describe(), t.describe())
	}
	return parse(depth)
}

// unary parses unary = "NOT" unary | code | "(" query ")".
func (p *queryParser) unary(depth int) (*Query, error) {
	if depth >= maxQueryDepth {
		return nil, p.fail(p.peek().pos, "the query nests deeper than %d levels", maxQueryDepth)
	}
	t := p.next()
	switch t.kind {
	case tokCode:
		return &Query{Op: QueryCode, Code: t.text, Pos: t.pos}, nil
	case tokNot:
		inner, err := p.operand(t, depth, func(d int) (*Query, error) { return p.unary(d + 1) })
		if err != nil {
			return nil, err
		}
		return &Query{Op: QueryNot, Args: []*Query{inner}, Pos: t.pos}, nil
	case tokOpen:
		if p.peek().kind == tokClose {
			return nil, p.fail(t.pos, "empty parentheses")
		}
		q, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tokClose {
			if c.kind == tokEnd {
				return nil, p.fail(t.pos, `this "(" is never closed`)
			}
			return nil, p.fail(c.pos, "expected AND, OR, NOT, NEAR/n or \")\" before %s", c.describe())
		}
		p.next()
		q.Pos = t.pos
		return q, nil
	case tokEnd:
		return nil, p.fail(t.pos, "the query ends where a code was expected")
	}
	return nil, p.fail(t.pos, `expected a code name in double quotes or "(", found %s`, t.describe())
}
