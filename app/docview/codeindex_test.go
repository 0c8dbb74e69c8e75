package docview

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gloss/annotate"
)

// TestCodeIndex checks the codes found for a range against a scan of all
// of them, for random passages of every length, including ones that span
// the whole text, and for ranges at every place in it.
func TestCodeIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 9, 16, 17, 100, 1000} {
		var ps []*annotate.Passage
		for i := range n {
			s := rng.IntN(10_000)
			l := 1 + rng.IntN(200)
			if i%97 == 0 {
				s, l = rng.IntN(50), 9_000+rng.IntN(2_000) // a passage over nearly everything
			}
			ps = append(ps, &annotate.Passage{ID: fmt.Sprint(i), Start: s, End: s + l, Tags: []string{"a"}})
		}
		codes, _ := assignLanes(ps)
		x := newCodeIndex(codes)
		for q := range 400 {
			start := rng.IntN(11_000) - 200
			end := start + rng.IntN(300)
			if q%50 == 0 {
				end = start // empty
			}
			var want []*code // an empty range overlaps nothing
			for i := range codes {
				if start < end && codes[i].start < end && codes[i].end > start {
					want = append(want, &codes[i])
				}
			}
			got := x.overlapping(start, end, nil)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%d codes, [%d, %d): got %d codes, want %d", n, start, end, len(got), len(want))
			}
		}
	}
}
