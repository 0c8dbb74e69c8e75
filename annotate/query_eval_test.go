package annotate_test

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"gloss/annotate"
)

// bindAll binds every code of q to the tag of the same name.
func bindAll(t testing.TB, src string) *annotate.Query {
	t.Helper()
	q, err := annotate.ParseQuery(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Bind(src, func(name string) ([]string, error) { return []string{name}, nil }); err != nil {
		t.Fatal(err)
	}
	return q
}

func eval(t testing.TB, src string, spans []annotate.Span, paras func(string) [][2]int) []int {
	t.Helper()
	got, err := annotate.EvalQuery(bindAll(t, src), spans, paras)
	if err != nil {
		t.Fatal(err)
	}
	sort.Ints(got)
	return got
}

func TestEvalQueryWorkedExamples(t *testing.T) {
	// One document; passages 0–6. Cyber red lines (c) five times, Human
	// rights (h) three, two of them overlapping a c passage and one on a
	// passage that also carries c.
	spans := []annotate.Span{
		{DocumentID: "d", Start: 0, End: 50, Tags: []string{"c"}},         // 0: overlaps 1
		{DocumentID: "d", Start: 40, End: 60, Tags: []string{"h"}},        // 1
		{DocumentID: "d", Start: 100, End: 120, Tags: []string{"c"}},      // 2: alone
		{DocumentID: "d", Start: 200, End: 220, Tags: []string{"c", "h"}}, // 3: both
		{DocumentID: "d", Start: 300, End: 320, Tags: []string{"c"}},      // 4: 10 before 5
		{DocumentID: "d", Start: 330, End: 340, Tags: []string{"h"}},      // 5
		{DocumentID: "e", Start: 0, End: 50, Tags: []string{"c"}},         // 6: other document
		{DocumentID: "e", Start: 60, End: 70, Tags: []string{"u"}},        // 7: neither
	}
	for _, tc := range []struct {
		q    string
		want []int
	}{
		{`"c"`, []int{0, 2, 3, 4, 6}},
		{`"c" AND "h"`, []int{0, 1, 3}},
		{`"h" AND "c"`, []int{0, 1, 3}},
		{`"c" AND NOT "h"`, []int{2, 4, 6}},
		{`"c" NOT "h"`, []int{2, 4, 6}},
		{`"h" AND NOT "c"`, []int{5}},
		{`"c" OR "h"`, []int{0, 1, 2, 3, 4, 5, 6}},
		{`NOT "c"`, []int{5, 7}},
		{`NOT ("c" OR "h")`, []int{7}},
		{`"c" NEAR/9 "h"`, []int{0, 1, 3}},
		{`"c" NEAR/10 "h"`, []int{0, 1, 3, 4, 5}},
		{`"c" NEAR/10 NOT "h"`, []int{2, 6}},
		{`"c" AND "h" AND "u"`, nil},
		{`"c" AND "c"`, []int{0, 2, 3, 4, 6}},
		{`"nobody"`, nil},
		{`"c" AND NOT "nobody"`, []int{0, 2, 3, 4, 6}},
	} {
		if got := eval(t, tc.q, spans, nil); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestEvalQueryParagraph(t *testing.T) {
	// Paragraphs [0, 100), [102, 200), [202, 300).
	paras := func(string) [][2]int { return [][2]int{{0, 100}, {102, 200}, {202, 300}} }
	spans := []annotate.Span{
		{DocumentID: "d", Start: 10, End: 20, Tags: []string{"a"}},   // 0: ¶1
		{DocumentID: "d", Start: 80, End: 90, Tags: []string{"b"}},   // 1: ¶1
		{DocumentID: "d", Start: 150, End: 160, Tags: []string{"a"}}, // 2: ¶2
		{DocumentID: "d", Start: 195, End: 210, Tags: []string{"b"}}, // 3: ¶2 and ¶3
		{DocumentID: "d", Start: 250, End: 260, Tags: []string{"a"}}, // 4: ¶3
		{DocumentID: "d", Start: 100, End: 102, Tags: []string{"b"}}, // 5: between ¶1 and ¶2
	}
	calls := 0
	counting := func(d string) [][2]int { calls++; return paras(d) }
	if got, want := eval(t, `"a" NEAR/paragraph "b"`, spans, counting), []int{0, 1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Fatalf("same paragraph: %v, want %v", got, want)
	}
	if calls != 1 {
		t.Fatalf("paragraphs read %d times for one document", calls)
	}
	if got, want := eval(t, `"b" NEAR/paragraph NOT "a"`, spans, paras), []int{5}; !slices.Equal(got, want) {
		t.Fatalf("not in a paragraph with a: %v, want %v", got, want)
	}
}

func TestEvalQueryUnbound(t *testing.T) {
	q, err := annotate.ParseQuery(`"a"`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := annotate.EvalQuery(q, nil, nil); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("an unbound query evaluated: %v", err)
	}
}

func TestNeedsAll(t *testing.T) {
	for src, want := range map[string]bool{
		`"a"`:                      false,
		`"a" AND NOT "b"`:          false,
		`"a" NEAR/3 NOT "b"`:       false,
		`NOT "a"`:                  true,
		`"a" OR NOT "b"`:           true,
		`NOT "a" AND NOT "b"`:      true,
		`"a" AND NOT (NOT "b")`:    true,
		`("a" OR "b") AND NOT "c"`: false,
	} {
		if got := bindAll(t, src).NeedsAll(); got != want {
			t.Errorf("%s: NeedsAll %v, want %v", src, got, want)
		}
	}
}

// TestEvalQueryAgainstDefinition checks the evaluation against the
// definition applied literally, passage by passage and, for paragraphs,
// character by character, on random projects and random queries.
func TestEvalQueryAgainstDefinition(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	tags := []string{"a", "b", "c", "d"}
	for iter := 0; iter < 400; iter++ {
		var spans []annotate.Span
		docs := []string{"x", "y"}
		for i := r.Intn(25); i > 0; i-- {
			s := r.Intn(200)
			sp := annotate.Span{DocumentID: docs[r.Intn(2)], Start: s, End: s + 1 + r.Intn(30)}
			for _, tg := range tags {
				if r.Intn(3) == 0 {
					sp.Tags = append(sp.Tags, tg)
				}
			}
			if sp.Tags == nil {
				sp.Tags = []string{tags[r.Intn(len(tags))]}
			}
			spans = append(spans, sp)
		}
		paraOf := map[string][][2]int{}
		for _, d := range docs {
			var ps [][2]int
			for at := r.Intn(10); at < 240; {
				end := at + 1 + r.Intn(60)
				ps = append(ps, [2]int{at, end})
				at = end + r.Intn(4)
			}
			paraOf[d] = ps
		}
		paras := func(d string) [][2]int { return paraOf[d] }
		for k := 0; k < 5; k++ {
			src := randomQuery(r, tags, 3)
			got := eval(t, src, spans, paras)
			want := literal(bindAll(t, src), spans, paraOf)
			if !slices.Equal(got, want) {
				t.Fatalf("iteration %d, %s:\n got %v\nwant %v\nspans %v", iter, src, got, want, spans)
			}
		}
	}
}

func randomQuery(r *rand.Rand, tags []string, depth int) string {
	if depth == 0 || r.Intn(3) == 0 {
		return `"` + tags[r.Intn(len(tags))] + `"`
	}
	sub := func() string { return "(" + randomQuery(r, tags, depth-1) + ")" }
	switch r.Intn(7) {
	case 0:
		return sub() + " OR " + sub()
	case 1:
		return sub() + " AND " + sub() + " AND " + sub()
	case 2:
		return sub() + " AND NOT " + sub()
	case 3:
		return "NOT " + sub()
	case 4:
		return fmt.Sprintf("%s NEAR/%d %s", sub(), r.Intn(20), sub())
	case 5:
		return sub() + " NEAR/paragraph " + sub()
	}
	return sub() + " AND " + sub()
}

// literal evaluates q as the documentation of EvalQuery states it.
func literal(q *annotate.Query, spans []annotate.Span, paras map[string][][2]int) []int {
	all := make([]int, len(spans))
	for i := range all {
		all[i] = i
	}
	overlap := func(a, b annotate.Span) bool { return a.Start < b.End && b.Start < a.End }
	slots := func(s annotate.Span) map[int]bool {
		out := map[int]bool{}
		ps := paras[s.DocumentID]
		for c := s.Start; c < s.End; c++ {
			k := 0
			for k < len(ps) && ps[k][1] <= c {
				k++
			}
			if k < len(ps) && ps[k][0] <= c {
				out[2*k+1] = true
			} else {
				out[2*k] = true
			}
		}
		return out
	}
	var set func(q *annotate.Query) []int
	set = func(q *annotate.Query) []int {
		switch q.Op {
		case annotate.QueryCode:
			var out []int
			for i, s := range spans {
				for _, t := range q.TagIDs {
					if slices.Contains(s.Tags, t) {
						out = append(out, i)
						break
					}
				}
			}
			return out
		case annotate.QueryOr:
			seen := map[int]bool{}
			for _, a := range q.Args {
				for _, i := range set(a) {
					seen[i] = true
				}
			}
			return keys(seen)
		}
		reach := func(a, b annotate.Span) bool {
			if a.DocumentID != b.DocumentID {
				return false
			}
			switch {
			case q.Op == annotate.QueryNear && q.Near == annotate.NearParagraph:
				sa, sb := slots(a), slots(b)
				for k := range sa {
					if sb[k] {
						return true
					}
				}
				return false
			case q.Op == annotate.QueryNear:
				gap := max(0, b.Start-a.End, a.Start-b.End)
				return gap <= q.Near
			}
			return overlap(a, b)
		}
		args := q.Args
		if q.Op == annotate.QueryNot {
			args = []*annotate.Query{q}
		}
		var pos, neg [][]int
		for _, a := range args {
			if a.Op == annotate.QueryNot {
				neg = append(neg, set(a.Args[0]))
			} else {
				pos = append(pos, set(a))
			}
		}
		cands := pos
		if len(pos) == 0 {
			cands = [][]int{all}
		}
		seen := map[int]bool{}
		for i, c := range cands {
		next:
			for _, p := range c {
				for j, other := range pos {
					if j == i {
						continue
					}
					if !slices.ContainsFunc(other, func(o int) bool { return reach(spans[p], spans[o]) }) {
						continue next
					}
				}
				for _, other := range neg {
					if slices.ContainsFunc(other, func(o int) bool { return reach(spans[p], spans[o]) }) {
						continue next
					}
				}
				seen[p] = true
			}
		}
		return keys(seen)
	}
	return set(q)
}

func keys(m map[int]bool) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
