package main

import (
	"os"
	"regexp"
	"testing"

	"gloss/app"
)

// TestFyneAppMatchesTheApp checks that the packages `make package` builds
// from FyneApp.toml carry the ID the app keeps its preferences under and
// the version Help ▸ About shows, so an installed Gloss finds the
// preferences a built one left and says which version it is.
func TestFyneAppMatchesTheApp(t *testing.T) {
	toml, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"ID": app.AppID, "Version": app.Version} {
		m := regexp.MustCompile(`(?m)^` + key + ` *= *"([^"]*)"`).FindSubmatch(toml)
		if m == nil {
			t.Errorf("FyneApp.toml has no %s", key)
			continue
		}
		if string(m[1]) != want {
			t.Errorf("FyneApp.toml's %s is %q, the app's %q", key, m[1], want)
		}
	}
}
