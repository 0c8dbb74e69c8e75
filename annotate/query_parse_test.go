package annotate_test

import (
	"errors"
	"strings"
	"testing"

	"gloss/annotate"
)

func TestParseQueryPrintsBack(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"Cyber red lines"`, `"Cyber red lines"`},
		{`"Cyber red lines" AND NOT "Human rights"`, `"Cyber red lines" AND NOT "Human rights"`},
		{`"Cyber red lines" NOT "Human rights"`, `"Cyber red lines" AND NOT "Human rights"`},
		{`"a" and "b" or "c"`, `"a" AND "b" OR "c"`},
		{`"a" AND ("b" OR "c")`, `"a" AND ("b" OR "c")`},
		{`("a" AND "b") AND "c"`, `("a" AND "b") AND "c"`},
		{`"a" AND "b" AND "c"`, `"a" AND "b" AND "c"`},
		{`("a" OR "b") OR "c"`, `"a" OR "b" OR "c"`},
		{`"a" NEAR/200 "b"`, `"a" NEAR/200 "b"`},
		{`"a" near/Paragraph "b"`, `"a" NEAR/paragraph "b"`},
		{`"a" NEAR/5 "b" NEAR/5 "c"`, `"a" NEAR/5 "b" NEAR/5 "c"`},
		{`"a" NEAR/5 "b" NEAR/9 "c"`, `("a" NEAR/5 "b") NEAR/9 "c"`},
		{`"a" NEAR/5 ("b" NEAR/9 "c")`, `"a" NEAR/5 ("b" NEAR/9 "c")`},
		{`"a" NEAR/5 "b" AND "c"`, `"a" NEAR/5 "b" AND "c"`},
		{`"a" NEAR/5 NOT "b"`, `"a" NEAR/5 NOT "b"`},
		{`NOT NOT "a"`, `NOT NOT "a"`},
		{`NOT ("a" OR "b")`, `NOT ("a" OR "b")`},
		{`"say ""no"""`, `"say ""no"""`},
		{"\t\"a\"\n\tOR\n\"b\" ", `"a" OR "b"`},
		{`"Ukraine" && !"Navalny" || "Cooperation"`, `"Ukraine" AND NOT "Navalny" OR "Cooperation"`},
	} {
		q, err := annotate.ParseQuery(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("%s: printed as %s, want %s", tc.in, got, tc.want)
			continue
		}
		again, err := annotate.ParseQuery(q.String())
		if err != nil || again.String() != q.String() {
			t.Errorf("%s: printing and parsing again gives %v, %v", tc.in, again, err)
		}
	}
}

func TestParseQueryStructure(t *testing.T) {
	q, err := annotate.ParseQuery(`"a" OR "b" AND NOT "c" NEAR/10 "d"`)
	if err != nil {
		t.Fatal(err)
	}
	// NOT binds tightest, then NEAR, AND, OR: OR(a, AND(b, NEAR(NOT c, d))).
	if q.Op != annotate.QueryOr || len(q.Args) != 2 {
		t.Fatalf("top is %v with %d operands", q.Op, len(q.Args))
	}
	and := q.Args[1]
	if and.Op != annotate.QueryAnd || and.Args[1].Op != annotate.QueryNear || and.Args[1].Near != 10 || and.Args[1].Args[0].Op != annotate.QueryNot {
		t.Fatalf("AND branch is %s", and)
	}
	var names []string
	var pos []int
	for _, c := range q.Codes() {
		names = append(names, c.Code)
		pos = append(pos, c.Pos)
	}
	if strings.Join(names, ",") != "a,b,c,d" || pos[0] != 0 || pos[1] != 7 || pos[2] != 19 || pos[3] != 31 {
		t.Fatalf("codes %v at %v", names, pos)
	}
	if got := q.Describe(); got != `"a" or "b" and not "c" within 10 characters of "d"` {
		t.Fatalf("described as %s", got)
	}
}

func TestParseQueryErrorsPointAtTheMistake(t *testing.T) {
	for _, tc := range []struct {
		in   string
		pos  int
		want string
	}{
		{``, 0, "empty query"},
		{`   `, 3, "empty query"},
		{`Ukraine`, 0, `code names go in double quotes: "Ukraine"`},
		{`"Ukraine" AND Cooperation`, 14, `code names go in double quotes: "Cooperation"`},
		{`"Cyber red lines" AND AND "x"`, 22, "AND needs a code or a group after it, found AND"},
		{`"a" AND`, 7, "AND needs a code or a group after it, found the end of the query"},
		{`OR "a"`, 0, `expected a code name in double quotes or "(", found OR`},
		{`"a" "b"`, 4, `expected AND, OR, NOT or NEAR/n before "b"`},
		{`"a" OR "b`, 7, "no closing double quote"},
		{`"a" OR ""`, 7, "empty code name"},
		{`("a" OR "b"`, 0, `this "(" is never closed`},
		{`"a" OR "b")`, 10, `this ")" closes nothing`},
		{`()`, 0, "empty parentheses"},
		{`("a" "b")`, 5, `expected AND, OR, NOT, NEAR/n or ")" before "b"`},
		{`"a" NEAR "b"`, 8, "NEAR needs a distance"},
		{`"a" NEAR/ "b"`, 9, "NEAR/ needs a distance"},
		{`"a" NEAR/ten "b"`, 9, `NEAR's distance "ten" is not a number`},
		{`"a" NEAR/-3 "b"`, 9, `NEAR's distance "-3" is not a number`},
		{`"a" NEAR/99999999 "b"`, 9, "at most 1000000"},
		{`“Ukraine”`, 0, "straight double quotes"},
		{`"Ukraine" AND NOT`, 17, "NOT needs a code or a group after it"},
		{`"é" AND ü`, 8, `code names go in double quotes: "ü"`},
		{strings.Repeat("(", 60) + `"a"` + strings.Repeat(")", 60), 50, "nests deeper than 50"},
		{strings.Repeat("NOT ", 60) + `"a"`, 200, "nests deeper than 50"},
	} {
		_, err := annotate.ParseQuery(tc.in)
		var qe *annotate.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v is not a QueryError", tc.in, err)
			continue
		}
		if qe.Pos != tc.pos || !strings.Contains(qe.Msg, tc.want) {
			t.Errorf("%q: %q at %d; want %q at %d", tc.in, qe.Msg, qe.Pos, tc.want, tc.pos)
		}
		if annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("%q: error code %q", tc.in, annotate.ErrorCode(err))
		}
		if !strings.HasPrefix(err.Error(), "query: column ") {
			t.Errorf("%q: message %q does not give the column", tc.in, err)
		}
	}
}

func TestQueryErrorCaret(t *testing.T) {
	_, err := annotate.ParseQuery("\"Cyber red lines\"\tAND Human")
	var qe *annotate.QueryError
	if !errors.As(err, &qe) {
		t.Fatal(err)
	}
	want := "\"Cyber red lines\" AND Human\n                      ^"
	if got := qe.Caret(); got != want {
		t.Fatalf("caret:\n%s\nwant:\n%s", got, want)
	}
	if qe.Error() != `query: column 23: code names go in double quotes: "Human"` {
		t.Fatalf("message %q", qe.Error())
	}
}

func TestQueryBind(t *testing.T) {
	src := `"Ukraine" AND NOT "Navalny"`
	q, err := annotate.ParseQuery(src)
	if err != nil {
		t.Fatal(err)
	}
	err = q.Bind(src, func(name string) ([]string, error) {
		if name == "Ukraine" {
			return []string{"t1", "t2"}, nil
		}
		return nil, annotate.Errorf(annotate.ENOTFOUND, "no code named %q", name)
	})
	var qe *annotate.QueryError
	if !errors.As(err, &qe) || qe.Pos != 18 || qe.Msg != `no code named "Navalny"` {
		t.Fatalf("bind error %v", err)
	}
	if got := q.Codes()[0].TagIDs; len(got) != 2 {
		t.Fatalf("Ukraine bound to %v", got)
	}
}

func TestQueryConstructorsPrint(t *testing.T) {
	q := annotate.AndQuery(annotate.CodeQuery("Cyber red lines"), annotate.NotQuery(annotate.OrQuery(annotate.CodeQuery("A"), annotate.CodeQuery(`B "b"`))))
	if got := q.String(); got != `"Cyber red lines" AND NOT ("A" OR "B ""b""")` {
		t.Fatalf("printed %s", got)
	}
	near := annotate.NearQuery(annotate.NearParagraph, annotate.CodeQuery("a"), annotate.NearQuery(3, annotate.CodeQuery("b"), annotate.CodeQuery("c")))
	if got := near.String(); got != `"a" NEAR/paragraph ("b" NEAR/3 "c")` {
		t.Fatalf("printed %s", got)
	}
	if got := near.Describe(); got != `"a" in the same paragraph as ("b" within 3 characters of "c")` {
		t.Fatalf("described %s", got)
	}
	if one := annotate.AndQuery(annotate.CodeQuery("x")); one.Op != annotate.QueryCode {
		t.Fatalf("an AND of one is %v", one.Op)
	}
}
