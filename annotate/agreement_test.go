package annotate

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAgreementWorkedExample(t *testing.T) {
	// One 100-character document. A codes [0, 20) and B [10, 30) with
	// "cyber": 10 both, 10 each alone, 70 neither. po = 0.8, pa = pb = 0.2,
	// pe = 0.2·0.2 + 0.8·0.8 = 0.68, κ = (0.8 − 0.68) / 0.32 = 0.375.
	lengths := map[string]int{"d": 100}
	a := []Coding{{"d", "cyber", 0, 20}}
	b := []Coding{{"d", "cyber", 10, 30}}
	rows, all := Agreement(lengths, nil, a, b)
	if len(rows) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	r := rows[0]
	if r.Both != 10 || r.OnlyA != 10 || r.OnlyB != 10 || r.Neither != 70 || !near(r.Percent, 80) || !near(r.Kappa, 0.375) {
		t.Fatalf("row %+v; want 10/10/10/70, 80%%, κ 0.375", r)
	}
	if all != r {
		all.TagID = r.TagID
		if all != r {
			t.Fatalf("overall %+v differs from the only tag's %+v", all, r)
		}
	}
}

func TestAgreementCases(t *testing.T) {
	lengths := map[string]int{"d1": 50, "d2": 50}
	tests := []struct {
		name          string
		a, b          []Coding
		tags          []string
		percent, kapp float64
	}{
		{"identical", []Coding{{"d1", "x", 5, 15}, {"d2", "x", 0, 50}}, []Coding{{"d1", "x", 5, 15}, {"d2", "x", 0, 50}}, nil, 100, 1},
		{"disjoint", []Coding{{"d1", "x", 0, 50}}, []Coding{{"d2", "x", 0, 50}}, nil, 0, -1},
		{"only A codes", []Coding{{"d1", "x", 0, 10}}, nil, nil, 90, 0},
		{"nobody codes a listed tag", nil, nil, []string{"x"}, 100, 1},
		{"overlaps by one researcher count once", []Coding{{"d1", "x", 0, 10}, {"d1", "x", 5, 10}, {"d1", "x", 0, 3}}, []Coding{{"d1", "x", 0, 10}}, nil, 100, 1},
		{"clipped and unknown documents ignored", []Coding{{"d1", "x", 40, 90}, {"gone", "x", 0, 10}}, []Coding{{"d1", "x", 40, 50}}, nil, 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, _ := Agreement(lengths, tt.tags, tt.a, tt.b)
			if len(rows) != 1 || !near(rows[0].Percent, tt.percent) || !near(rows[0].Kappa, tt.kapp) || rows[0].Total() != 100 {
				t.Fatalf("rows %+v; want %.0f%%, κ %.2f over 100 characters", rows, tt.percent, tt.kapp)
			}
		})
	}
}

func TestAgreementAgainstCharacterCount(t *testing.T) {
	// The interval arithmetic equals counting character by character, and
	// swapping the researchers changes nothing but OnlyA and OnlyB.
	r := rand.New(rand.NewSource(11))
	for iter := 0; iter < 500; iter++ {
		lengths := map[string]int{"d1": 1 + r.Intn(200), "d2": 1 + r.Intn(200)}
		tags := []string{"t1", "t2", "t3"}
		gen := func() []Coding {
			var cs []Coding
			for i := r.Intn(8); i > 0; i-- {
				d := []string{"d1", "d2"}[r.Intn(2)]
				s := r.Intn(lengths[d])
				cs = append(cs, Coding{d, tags[r.Intn(3)], s, s + 1 + r.Intn(40)})
			}
			return cs
		}
		a, b := gen(), gen()
		rows, all := Agreement(lengths, tags, a, b)
		var want TagAgreement
		for i, tag := range tags {
			var w TagAgreement
			for d, n := range lengths {
				for c := 0; c < n; c++ {
					in := func(cs []Coding) bool {
						for _, x := range cs {
							if x.DocumentID == d && x.TagID == tag && c >= x.Start && c < x.End {
								return true
							}
						}
						return false
					}
					switch ia, ib := in(a), in(b); {
					case ia && ib:
						w.Both++
					case ia:
						w.OnlyA++
					case ib:
						w.OnlyB++
					default:
						w.Neither++
					}
				}
			}
			got := rows[i]
			if got.Both != w.Both || got.OnlyA != w.OnlyA || got.OnlyB != w.OnlyB || got.Neither != w.Neither {
				t.Fatalf("iteration %d tag %s: %+v; counting gives %+v", iter, tag, got, w)
			}
			want.Both += w.Both
			want.OnlyA += w.OnlyA
			want.OnlyB += w.OnlyB
			want.Neither += w.Neither
		}
		if all.Both != want.Both || all.Neither != want.Neither {
			t.Fatalf("iteration %d: overall %+v; want %+v", iter, all, want)
		}
		swapped, sall := Agreement(lengths, tags, b, a)
		for i := range rows {
			if !near(swapped[i].Kappa, rows[i].Kappa) || swapped[i].OnlyA != rows[i].OnlyB {
				t.Fatalf("iteration %d: not symmetric: %+v vs %+v", iter, rows[i], swapped[i])
			}
		}
		if !near(sall.Kappa, all.Kappa) {
			t.Fatalf("iteration %d: overall not symmetric", iter)
		}
	}
}

func TestCompareCountsOnlyWhatBothHad(t *testing.T) {
	// Three documents of 100 characters: both had d1, only A had d2, only B
	// had d3. Both had "x"; only A had "y" (she coded with it).
	lengths := map[string]int{"d1": 100, "d2": 100, "d3": 100}
	a := CoderWork{
		Codings:   []Coding{{"d1", "x", 0, 10}, {"d2", "x", 0, 100}, {"d1", "y", 50, 60}},
		Documents: map[string]bool{"d1": true, "d2": true},
		Tags:      map[string]bool{"x": true},
	}
	b := CoderWork{
		Codings:   []Coding{{"d1", "x", 0, 10}, {"d3", "x", 0, 100}},
		Documents: map[string]bool{"d1": true, "d3": true},
		Tags:      map[string]bool{"x": true, "z": false},
	}
	c := Compare(lengths, nil, a, b)
	// Before, d2 and d3 were 200 characters of disagreement on x, and y a
	// 96.7% agreement over 300 characters nobody but A ever coded with it.
	if len(c.PerTag) != 1 || c.PerTag[0].TagID != "x" || !near(c.PerTag[0].Percent, 100) || c.PerTag[0].Total() != 100 {
		t.Fatalf("rows %+v; want x alone, agreeing fully over d1", c.PerTag)
	}
	if c.Characters != 100 || len(c.Documents) != 1 || c.Documents[0] != "d1" {
		t.Fatalf("compared %v (%d characters)", c.Documents, c.Characters)
	}
	if len(c.DocumentsOnlyA) != 1 || c.DocumentsOnlyA[0] != "d2" || len(c.DocumentsOnlyB) != 1 || c.DocumentsOnlyB[0] != "d3" {
		t.Fatalf("left out %v and %v", c.DocumentsOnlyA, c.DocumentsOnlyB)
	}
	if len(c.TagsOnlyA) != 1 || c.TagsOnlyA[0] != "y" || len(c.TagsOnlyB) != 0 {
		t.Fatalf("tags only one had: %v, %v", c.TagsOnlyA, c.TagsOnlyB)
	}
	// Listing the tags keeps their order, and drops one neither had.
	c = Compare(lengths, []string{"y", "nobody", "x"}, a, b)
	if len(c.PerTag) != 1 || c.PerTag[0].TagID != "x" || len(c.TagsOnlyA) != 1 {
		t.Fatalf("listed tags: %+v, only A %v", c.PerTag, c.TagsOnlyA)
	}
	// With every document shared, Compare is Agreement.
	all := map[string]bool{"d1": true, "d2": true, "d3": true}
	a.Documents, b.Documents = all, all
	b.Tags["y"] = true
	c = Compare(lengths, []string{"x", "y"}, a, b)
	rows, overall := Agreement(lengths, []string{"x", "y"}, a.Codings, b.Codings)
	if len(c.PerTag) != 2 || c.PerTag[0] != rows[0] || c.PerTag[1] != rows[1] || c.Overall != overall {
		t.Fatalf("shared everything: %+v vs %+v", c.PerTag, rows)
	}
}

func TestKappaBand(t *testing.T) {
	for k, want := range map[float64]string{-0.1: "poor", -0.001: "poor", 0: "slight", 0.1: "slight", 0.2: "slight", 0.3: "fair",
		0.5: "moderate", 0.7: "substantial", 0.8: "substantial", 0.9: "almost perfect", 1: "almost perfect"} {
		if got := KappaBand(k); got != want {
			t.Errorf("KappaBand(%v) = %q; want %q", k, got, want)
		}
	}
}

// TestRoundKappa holds the figure shown to its band: a kappa just below
// zero is shown as 0.00 in the band of 0.00, never as "-0.00 (poor)".
func TestRoundKappa(t *testing.T) {
	for _, c := range []struct {
		k      float64
		places int
		shown  string
		band   string
	}{
		{-0.004, 2, "0.00", "slight"},
		{-0.0004, 3, "0.000", "slight"},
		{-0.006, 2, "-0.01", "poor"},
		{0.2049, 2, "0.20", "slight"},
		{0.2051, 2, "0.21", "fair"},
		{0.8, 3, "0.800", "substantial"},
		{1, 2, "1.00", "almost perfect"},
	} {
		r := RoundKappa(c.k, c.places)
		if got := strconv.FormatFloat(r, 'f', c.places, 64); got != c.shown || KappaBand(r) != c.band {
			t.Errorf("RoundKappa(%v, %d) shown %q in band %q; want %q in %q", c.k, c.places, got, KappaBand(r), c.shown, c.band)
		}
		if math.Signbit(r) && r == 0 {
			t.Errorf("RoundKappa(%v, %d) is a negative zero", c.k, c.places)
		}
	}
}
