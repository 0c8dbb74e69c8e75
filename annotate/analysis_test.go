package annotate_test

import (
	"bytes"
	"testing"

	"gloss/annotate"
)

func TestCooccurrence(t *testing.T) {
	tags := []annotate.Label{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}}
	for _, tc := range []struct {
		name  string
		spans []annotate.Span
		ab    int // co-occurrences of A and B
		ac    int
		aa    int // passages with A
	}{
		{"none", nil, 0, 0, 0},
		{"one passage two tags", []annotate.Span{{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a", "b"}}}, 1, 0, 1},
		{"overlapping", []annotate.Span{
			{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a"}},
			{DocumentID: "d", Start: 4, End: 9, Tags: []string{"b"}},
		}, 1, 0, 1},
		{"touching is not overlapping", []annotate.Span{
			{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a"}},
			{DocumentID: "d", Start: 5, End: 9, Tags: []string{"b"}},
		}, 0, 0, 1},
		{"other document", []annotate.Span{
			{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a"}},
			{DocumentID: "e", Start: 0, End: 5, Tags: []string{"b"}},
		}, 0, 0, 1},
		{"nested and chained", []annotate.Span{
			{DocumentID: "d", Start: 0, End: 100, Tags: []string{"a"}},
			{DocumentID: "d", Start: 10, End: 20, Tags: []string{"b"}},
			{DocumentID: "d", Start: 50, End: 60, Tags: []string{"b", "c"}},
			{DocumentID: "d", Start: 90, End: 120, Tags: []string{"c"}},
		}, 2, 2, 1},
		{"same tags both passages count once per pair", []annotate.Span{
			{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a", "b"}},
			{DocumentID: "d", Start: 1, End: 3, Tags: []string{"b", "a"}},
		}, 3, 0, 2},
		{"unknown tag ignored", []annotate.Span{{DocumentID: "d", Start: 0, End: 5, Tags: []string{"a", "zz"}}}, 0, 0, 1},
	} {
		m := annotate.Cooccurrence(tags, tc.spans)
		if m.At("a", "b") != tc.ab || m.At("b", "a") != tc.ab || m.At("a", "c") != tc.ac || m.At("a", "a") != tc.aa {
			t.Errorf("%s: A×B %d, B×A %d, A×C %d, A×A %d; want %d, %d, %d", tc.name, m.At("a", "b"), m.At("b", "a"), m.At("a", "c"), m.At("a", "a"), tc.ab, tc.ac, tc.aa)
		}
	}
}

func TestMatrixCSV(t *testing.T) {
	m := annotate.NewMatrix("Tag",
		[]annotate.Label{{ID: "t1", Name: "Human rights"}, {ID: "t2", Name: "=cmd()"}},
		[]annotate.Label{{ID: "d1", Name: "Axios, summit"}, {ID: "d2", Name: "Reuters"}},
		[]annotate.Cell{{Row: "t1", Col: "d1", N: 2}, {Row: "t1", Col: "d2", N: 1}, {Row: "t2", Col: "d2", N: 4}, {Row: "t1", Col: "d1", N: 1}, {Row: "x", Col: "d1", N: 9}})
	var b bytes.Buffer
	if err := m.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "Tag,\"Axios, summit\",Reuters,Total\nHuman rights,3,1,4\n'=cmd(),0,4,4\n"
	if b.String() != want {
		t.Fatalf("CSV =\n%s\nwant\n%s", b.String(), want)
	}
}
