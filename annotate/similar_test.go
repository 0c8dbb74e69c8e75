package annotate

import (
	"strings"
	"testing"
)

func TestSimilarity(t *testing.T) {
	long := strings.Repeat(summit, 1) + "Sullivan told reporters the meeting lasted about three hours, shorter than expected. " +
		"Lavrov described the talks as frank. Biden said the tone was good and positive, and that there were no strident actions."
	tests := []struct {
		name   string
		a, b   string
		near   bool
		minSim float64
	}{
		{"identical", long, long, true, 1},
		{"an added update line", long, "Updated at 8:32 p.m.\n" + long, true, 0.85},
		{"a corrected word", long, strings.Replace(long, "three hours", "four hours", 1), true, 0.85},
		{"case and punctuation", long, strings.ToUpper(strings.ReplaceAll(long, ",", ";")), true, 1},
		{"another article", long, "The Federal Reserve left interest rates unchanged on Wednesday, citing steady inflation and a strong labour market across the country.", false, 0},
		{"half of it", long, long[:len(long)/3], false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewFingerprint(tt.a).Similarity(NewFingerprint(tt.b))
			if got := s >= NearDuplicateThreshold; got != tt.near || s < tt.minSim {
				t.Fatalf("similarity %.3f: near-duplicate %v, want %v (at least %.2f)", s, got, tt.near, tt.minSim)
			}
			if r := NewFingerprint(tt.b).Similarity(NewFingerprint(tt.a)); r != s {
				t.Fatalf("not symmetric: %.3f vs %.3f", s, r)
			}
		})
	}
}
