package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestWithFyneDoKeepsTheMetadata: declaring the fyneDo migration keeps
// what fyne package put in the metadata, and does not write into the map
// it was given.
func TestWithFyneDoKeepsTheMetadata(t *testing.T) {
	given := map[string]bool{"other": true}
	m := withFyneDo(fyne.AppMetadata{ID: AppID, Name: "Gloss", Version: Version, Release: true, Migrations: given})
	if !m.Migrations["fyneDo"] || !m.Migrations["other"] {
		t.Fatalf("migrations %v, want fyneDo and other", m.Migrations)
	}
	if m.ID != AppID || m.Name != "Gloss" || m.Version != Version || !m.Release {
		t.Fatalf("metadata changed: %+v", m)
	}
	if _, ok := given["fyneDo"]; ok {
		t.Fatal("the given migrations were written into")
	}
	if m := withFyneDo(fyne.AppMetadata{}); !m.Migrations["fyneDo"] {
		t.Fatalf("no migrations given: %v", m.Migrations)
	}
}
