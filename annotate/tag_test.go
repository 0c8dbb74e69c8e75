package annotate_test

import (
	"slices"
	"testing"

	"gloss/annotate"
)

func TestWithSubtags(t *testing.T) {
	tags := []*annotate.Tag{
		{ID: "diplomacy"}, {ID: "ambassadors", ParentID: "diplomacy"}, {ID: "consulates", ParentID: "ambassadors"},
		{ID: "cyber"}, {ID: "ransomware", ParentID: "cyber"},
		{ID: "loop1", ParentID: "loop2"}, {ID: "loop2", ParentID: "loop1"},
	}
	for _, tc := range []struct {
		ids, want []string
	}{
		{[]string{"diplomacy"}, []string{"diplomacy", "ambassadors", "consulates"}},
		{[]string{"ambassadors"}, []string{"ambassadors", "consulates"}},
		{[]string{"ransomware", "cyber"}, []string{"ransomware", "cyber"}},
		{[]string{"loop1"}, []string{"loop1", "loop2"}},
		{nil, nil},
	} {
		if got := annotate.WithSubtags(tags, tc.ids); !slices.Equal(got, tc.want) {
			t.Errorf("WithSubtags(%v) = %v, want %v", tc.ids, got, tc.want)
		}
	}
}

func TestSuggestName(t *testing.T) {
	names := []string{"Cyber red lines", "Human rights", "Ambassadors", "Navalny & dissidents"}
	for in, want := range map[string]string{
		"Cyber redlines": "Cyber red lines",
		"human right":    "Human rights",
		"ambasadors":     "Ambassadors",
		"Navalny":        "Navalny & dissidents",
		"Sanctions":      "",
		"x":              "",
	} {
		if got := annotate.SuggestName(in, names); got != want {
			t.Errorf("SuggestName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatrixKeepCols(t *testing.T) {
	m := annotate.NewMatrix("Tag", []annotate.Label{{ID: "t1"}, {ID: "t2"}}, []annotate.Label{{ID: "d1"}, {ID: "d2"}, {ID: "d3"}},
		[]annotate.Cell{{Row: "t1", Col: "d1", N: 1}, {Row: "t1", Col: "d3", N: 3}, {Row: "t2", Col: "d2", N: 5}})
	k := m.KeepCols(func(id string) bool { return id != "d2" })
	if len(k.Cols) != 2 || k.At("t1", "d3") != 3 || k.At("t2", "d2") != 0 || k.RowTotal(1) != 0 || k.RowTotal(0) != 4 {
		t.Fatalf("kept %v: %v", k.Cols, k.Counts)
	}
	if m.At("t2", "d2") != 5 {
		t.Fatal("KeepCols changed the matrix it was given")
	}
	if all := m.KeepCols(func(string) bool { return true }); all != m {
		t.Fatal("keeping every column made a copy")
	}
}
