package app

import (
	"path/filepath"
)

// The keys of the window's preferences, kept with Fyne's preferences API.
// What the command line needs too is in package settings.
const (
	prefRecent = "recent"
	prefTheme  = "theme"
	prefZoom   = "zoom"
	prefLast   = "lastProject"
)

// maxRecent is how many projects File ▸ Open Recent lists.
const maxRecent = 8

// addRecent puts path first in the recent list, without duplicates.
func addRecent(list []string, path string) []string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	out := []string{path}
	for _, p := range list {
		if p != path && len(out) < maxRecent {
			out = append(out, p)
		}
	}
	return out
}

// removeRecent drops path from the recent list.
func removeRecent(list []string, path string) []string {
	var out []string
	for _, p := range list {
		if p != path {
			out = append(out, p)
		}
	}
	return out
}
