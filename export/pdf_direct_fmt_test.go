package export

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestAppendF2 checks appendF2 against fmt's %.2f: ties that round to
// even, values a hair either side of a tie, negative values and negative
// zero, and a million coordinates.
func TestAppendF2(t *testing.T) {
	vs := []float64{0, math.Copysign(0, -1), 0.125, 0.375, 2.675, 1.005, -0.001, -0.005, -0.125, 0.5, 0.995, 9.995, 99.995,
		841.89, 595.28, 1e6 - 0.005, 1e6, -1e6, 1e7 + 0.125, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), 0.0049999999999999999, 0.015}
	for _, v := range []float64{0.125, 0.375, 2.675, 101.115} {
		vs = append(vs, math.Nextafter(v, 0), math.Nextafter(v, 1e9))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		v := r.Float64()*1200 - 100
		if r.IntN(4) == 0 {
			v = math.Round(v*1000) / 1000 // three decimals, many of them ties
		}
		vs = append(vs, v, v*2.834645669291339)
	}
	for _, v := range vs {
		if got, want := string(appendF2(nil, v)), fmt.Sprintf("%.2f", v); got != want {
			t.Errorf("appendF2(%v) = %q, fmt %q", v, got, want)
		}
	}
}
