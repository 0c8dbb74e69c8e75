package docview

import (
	"testing"

	"gloss/annotate"
)

func TestAssignLanes(t *testing.T) {
	ps := []*annotate.Passage{
		{ID: "c", Start: 30, End: 40, Tags: []string{"x"}},
		{ID: "a", Start: 0, End: 20, Tags: []string{"x"}},
		{ID: "b", Start: 10, End: 35, Tags: []string{"y", "z"}},
		{ID: "d", Start: 20, End: 25, Tags: []string{"x"}},
		nil,
		{ID: "empty", Start: 5, End: 5, Tags: []string{"x"}},
	}
	codes, lanes := assignLanes(ps)
	want := []struct {
		id, tag string
		lane    int
	}{
		{"a", "x", 0}, {"b", "y", 1}, {"b", "z", 2}, {"d", "x", 0}, {"c", "x", 0},
	}
	if len(codes) != len(want) || lanes != 3 {
		t.Fatalf("%d codes in %d lanes, want %d in 3", len(codes), lanes, len(want))
	}
	for i, w := range want {
		c := codes[i]
		if c.p.ID != w.id || c.tag != w.tag || c.lane != w.lane {
			t.Errorf("code %d = %s/%s lane %d, want %s/%s lane %d", i, c.p.ID, c.tag, c.lane, w.id, w.tag, w.lane)
		}
	}
	// No two overlapping codes share a lane.
	for i := range codes {
		for j := i + 1; j < len(codes); j++ {
			a, b := codes[i], codes[j]
			if a.lane == b.lane && a.start < b.end && b.start < a.end {
				t.Errorf("%s/%s and %s/%s overlap in lane %d", a.p.ID, a.tag, b.p.ID, b.tag, a.lane)
			}
		}
	}
}

func TestSegments(t *testing.T) {
	codes, _ := assignLanes([]*annotate.Passage{
		{ID: "a", Start: 0, End: 20, Tags: []string{"x"}},
		{ID: "b", Start: 10, End: 35, Tags: []string{"y", "z"}},
	})
	ptrs := []*code{&codes[0], &codes[1], &codes[2]}
	got := segments(ptrs, 5, 30)
	want := []struct {
		start, end int
		lanes      []int
	}{
		{5, 10, []int{0}},
		{10, 20, []int{0, 1, 2}},
		{20, 30, []int{1, 2}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d segments, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.start != w.start || g.end != w.end || len(g.codes) != len(w.lanes) {
			t.Fatalf("segment %d = [%d, %d) with %d codes, want %v", i, g.start, g.end, len(g.codes), w)
		}
		for j, l := range w.lanes {
			if g.codes[j].lane != l {
				t.Errorf("segment %d band %d in lane %d, want %d", i, j, g.codes[j].lane, l)
			}
		}
	}
	if s := segments(ptrs, 40, 50); len(s) != 0 {
		t.Errorf("uncoded range has segments %v", s)
	}
}

func TestCodesAtAndBands(t *testing.T) {
	list, _ := assignLanes([]*annotate.Passage{
		{ID: "a", Start: 0, End: 20, Tags: []string{"x"}},
		{ID: "b", Start: 10, End: 35, Tags: []string{"y", "z"}},
	})
	for _, tt := range []struct {
		cp    int
		lanes []int
	}{{0, []int{0}}, {10, []int{0, 1, 2}}, {19, []int{0, 1, 2}}, {20, []int{1, 2}}, {35, nil}} {
		codes := newCodeIndex(list)
		got := codes.covering(tt.cp)
		if len(got) != len(tt.lanes) {
			t.Fatalf("codesAt(%d) has %d codes, want %d", tt.cp, len(got), len(tt.lanes))
		}
		for j, l := range tt.lanes {
			if got[j].lane != l {
				t.Errorf("codesAt(%d)[%d] in lane %d, want %d", tt.cp, j, got[j].lane, l)
			}
		}
	}
	for _, tt := range []struct {
		n    int
		y    float32
		want int
	}{{1, 50, 0}, {3, 9, 0}, {3, 10, 0}, {3, 16.6, 0}, {3, 16.7, 1}, {3, 23.3, 1}, {3, 23.4, 2}, {3, 40, 2}, {2, -5, 0}} {
		if got := bandAt(tt.n, 10, 20, tt.y); got != tt.want {
			t.Errorf("bandAt(%d bands, y=%v) = %d, want %d", tt.n, tt.y, got, tt.want)
		}
	}
}

func TestStripes(t *testing.T) {
	para := Line{Start: 0, End: 10, ParaEnd: true}
	wrapped := Line{Start: 0, End: 10}
	blank := Line{Start: 11, End: 11, ParaEnd: true}
	for _, tt := range []struct {
		name       string
		c          code
		ln         Line
		has, conts bool
	}{
		{"inside", code{start: 2, end: 5}, para, true, false},
		{"to the newline", code{start: 2, end: 11}, para, true, false},
		{"past the newline", code{start: 2, end: 13}, para, true, true},
		{"from the newline on", code{start: 10, end: 13}, para, true, true},
		{"on to the next line", code{start: 2, end: 11}, wrapped, true, true},
		{"ends at the line end", code{start: 2, end: 10}, wrapped, true, false},
		{"starts at the next line", code{start: 10, end: 13}, wrapped, false, true},
		{"through a blank line", code{start: 0, end: 20}, blank, true, true},
		{"ends before a blank line", code{start: 0, end: 11}, blank, false, false},
	} {
		if got := hasStripe(&tt.c, tt.ln); got != tt.has {
			t.Errorf("%s: hasStripe = %v", tt.name, got)
		}
		if got := continuesPast(&tt.c, tt.ln); got != tt.conts {
			t.Errorf("%s: continuesPast = %v", tt.name, got)
		}
	}
}

func TestWordAndParagraph(t *testing.T) {
	st := shapeWith("Russia’s leader, “Putin” — 日本語 ok\nnext  para", fakeCache(), 40, Auto)
	text := []rune(st.s)
	for _, tt := range []struct {
		i    int
		want string
	}{
		{0, "Russia’s"}, {6, "Russia’s"}, {15, ","}, {16, " "}, {18, "Putin"}, {24, " "}, {25, "—"},
		{28, "日本語"}, {32, "ok"}, {33, ""}, {38, "  "}, {34, "next"},
	} {
		s, e := st.wordAt(tt.i)
		if got := string(text[s:e]); got != tt.want {
			t.Errorf("wordAt(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
	s, e := st.paragraphAt(3)
	if got := string(text[s:e]); got != "Russia’s leader, “Putin” — 日本語 ok" {
		t.Errorf("paragraphAt(3) = %q", got)
	}
	s, e = st.paragraphAt(len(text))
	if got := string(text[s:e]); got != "next  para" {
		t.Errorf("paragraphAt(end) = %q", got)
	}
	if got := st.nextWordEnd(8); got != 15 {
		t.Errorf("nextWordEnd(8) = %d, want 15", got)
	}
	if got := st.prevWordStart(15); got != 9 {
		t.Errorf("prevWordStart(15) = %d, want 9", got)
	}
}
