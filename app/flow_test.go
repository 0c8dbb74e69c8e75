package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestFlowPositions(t *testing.T) {
	sz := func(w, h float32) fyne.Size { return fyne.NewSize(w, h) }
	for _, tc := range []struct {
		name  string
		sizes []fyne.Size
		width float32
		want  []fyne.Position
		h     float32
	}{
		{"empty", nil, 100, []fyne.Position{}, 0},
		{"one row", []fyne.Size{sz(30, 10), sz(30, 12)}, 100, []fyne.Position{{X: 0, Y: 0}, {X: 34, Y: 0}}, 12},
		{"wraps", []fyne.Size{sz(60, 10), sz(60, 10), sz(20, 10)}, 100, []fyne.Position{{X: 0, Y: 0}, {X: 0, Y: 14}, {X: 64, Y: 14}}, 24},
		{"exact fit", []fyne.Size{sz(48, 10), sz(48, 10)}, 100, []fyne.Position{{X: 0, Y: 0}, {X: 52, Y: 0}}, 10},
		{"wider than the row", []fyne.Size{sz(150, 10), sz(10, 10)}, 100, []fyne.Position{{X: 0, Y: 0}, {X: 0, Y: 14}}, 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, h := flowPositions(tc.sizes, tc.width, 4)
			if h != tc.h {
				t.Errorf("height = %v, want %v", h, tc.h)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d positions, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("position %d = %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}
