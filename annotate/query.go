package annotate

import (
	"slices"
	"strconv"
	"strings"
)

// QueryOp is what a node of a Query does.
type QueryOp int

// The operations of a code query.
const (
	// QueryCode selects the passages coded with a code.
	QueryCode QueryOp = iota
	// QueryAnd selects the passages of its operands that overlap each
	// other (a passage carrying both codes overlaps itself); a QueryNot
	// operand keeps only the passages that overlap none of its passages.
	QueryAnd
	// QueryOr selects the passages of any operand.
	QueryOr
	// QueryNot, on its own, selects the passages in scope that overlap
	// none of its operand's passages.
	QueryNot
	// QueryNear is QueryAnd with "overlap" widened to "no more than Near
	// code points apart", or to "in the same paragraph".
	QueryNear
)

// NearParagraph as a QueryNear's distance means "in the same paragraph".
const NearParagraph = -1

// MaxNear is the largest NEAR distance, in code points.
const MaxNear = 1_000_000

// Query is a code query: codes combined with AND, OR, NOT and NEAR, which
// selects passages. A researcher writes one as text (see ParseQuery) or
// builds it from the constructors; either way it prints back as text with
// String.
type Query struct {
	Op QueryOp
	// Code is a QueryCode's code name, as written or as the codebook has it.
	Code string
	// TagIDs are the tags a QueryCode stands for: the code and, when
	// sub-codes count, its sub-codes. Bind fills them in from Code.
	TagIDs []string
	// Args are the operands of QueryAnd, QueryOr and QueryNear (two or
	// more), and of QueryNot (one).
	Args []*Query
	// Near is a QueryNear's distance in code points, or NearParagraph.
	Near int
	// Pos is where the node starts in the query text, in code points from
	// 0, for pointing at it in errors; -1 for a node built in code.
	Pos int
}

// CodeQuery returns the query for the passages coded with a code; tagIDs
// are the tags it stands for (see Query.TagIDs), nil to Bind later.
func CodeQuery(name string, tagIDs ...string) *Query {
	return &Query{Op: QueryCode, Code: name, TagIDs: tagIDs, Pos: -1}
}

// AndQuery returns the query for passages of every operand that overlap.
func AndQuery(args ...*Query) *Query { return combine(QueryAnd, args) }

// OrQuery returns the query for passages of any operand.
func OrQuery(args ...*Query) *Query { return combine(QueryOr, args) }

// NotQuery returns the negation of q.
func NotQuery(q *Query) *Query { return &Query{Op: QueryNot, Args: []*Query{q}, Pos: -1} }

// NearQuery returns the query for passages of every operand within n code
// points of each other (NearParagraph: in the same paragraph).
func NearQuery(n int, args ...*Query) *Query {
	q := combine(QueryNear, args)
	if q.Op == QueryNear {
		q.Near = n
	}
	return q
}

// combine returns an operation on args; one operand is returned as it is.
func combine(op QueryOp, args []*Query) *Query {
	if len(args) == 1 {
		return args[0]
	}
	return &Query{Op: op, Args: args, Pos: -1}
}

// Codes returns the QueryCode nodes of q, in the order they are written.
func (q *Query) Codes() []*Query {
	var out []*Query
	var walk func(*Query)
	walk = func(n *Query) {
		if n.Op == QueryCode {
			out = append(out, n)
		}
		for _, a := range n.Args {
			walk(a)
		}
	}
	walk(q)
	return out
}

// Bind fills in the TagIDs of every code in q with lookup, which returns
// the tags a code name stands for, or an error saying why there are none
// (such as that no code has the name). The error comes back as a
// *QueryError pointing at the code in src, the text q was parsed from.
func (q *Query) Bind(src string, lookup func(name string) ([]string, error)) error {
	for _, c := range q.Codes() {
		ids, err := lookup(c.Code)
		if err != nil {
			return &QueryError{Query: src, Pos: max(c.Pos, 0), Msg: ErrorMessage(err)}
		}
		c.TagIDs = ids
	}
	return nil
}

// String returns q in the query language, so that ParseQuery(q.String())
// gives q back (with positions). Parentheses appear only where needed.
func (q *Query) String() string {
	var b strings.Builder
	q.write(&b, 0, false)
	return b.String()
}

// precedence orders the operations from loosest to tightest binding.
func (op QueryOp) precedence() int {
	switch op {
	case QueryOr:
		return 1
	case QueryAnd:
		return 2
	case QueryNear:
		return 3
	case QueryNot:
		return 4
	}
	return 5
}

func (q *Query) write(b *strings.Builder, outer int, words bool) {
	p := q.Op.precedence()
	paren := p < outer
	if paren {
		b.WriteByte('(')
	}
	switch q.Op {
	case QueryCode:
		b.WriteString(QuoteCode(q.Code))
	case QueryNot:
		if words {
			b.WriteString("not ")
		} else {
			b.WriteString("NOT ")
		}
		q.Args[0].write(b, p, words)
	default:
		for i, a := range q.Args {
			if i > 0 {
				b.WriteString(" " + q.operator(words) + " ")
			}
			// OR is associative; an AND within an AND, or a NEAR within a
			// NEAR, is a group of its own (see QueryAnd).
			inner := p
			if a.Op == q.Op && q.Op != QueryOr {
				inner = p + 1
			}
			a.write(b, inner, words)
		}
	}
	if paren {
		b.WriteByte(')')
	}
}

// operator returns how a binary operation is written, in the query
// language or in words.
func (q *Query) operator(words bool) string {
	switch {
	case q.Op == QueryAnd && words:
		return "and"
	case q.Op == QueryAnd:
		return "AND"
	case q.Op == QueryOr && words:
		return "or"
	case q.Op == QueryOr:
		return "OR"
	case q.Near == NearParagraph && words:
		return "in the same paragraph as"
	case q.Near == NearParagraph:
		return "NEAR/paragraph"
	case q.Near == 1 && words:
		return "within 1 character of"
	case words:
		return "within " + strconv.Itoa(q.Near) + " characters of"
	}
	return "NEAR/" + strconv.Itoa(q.Near)
}

// QuoteCode returns a code name as the query language writes it: in double
// quotes, a double quote inside doubled.
func QuoteCode(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Describe returns q in words for people who never learnt the syntax,
// e.g. `"Cyber red lines" and not "Human rights"` or `"Ukraine" within
// 200 characters of "Cooperation"`.
func (q *Query) Describe() string {
	var b strings.Builder
	q.write(&b, 0, true)
	return b.String()
}

// Clone returns a deep copy of q, to bind without changing q.
func (q *Query) Clone() *Query {
	c := *q
	c.TagIDs = slices.Clone(q.TagIDs) // nil (unbound) stays nil, empty (bound to nothing) empty
	c.Args = make([]*Query, len(q.Args))
	for i, a := range q.Args {
		c.Args[i] = a.Clone()
	}
	return &c
}
