package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
)

// The keys of the window's preferences, kept with Fyne's preferences API.
// What the command line needs too is in package settings.
const (
	prefRecent = "recent"
	prefTheme  = "theme"
	prefZoom   = "zoom"
	prefLast   = "lastProject"
	// The window's size when it last closed, restored when it opens.
	prefWindowWidth  = "windowWidth"
	prefWindowHeight = "windowHeight"
)

// The window's size on first launch, and the smallest size restored.
var (
	defaultWindowSize = fyne.NewSize(1280, 800)
	minWindowSize     = fyne.NewSize(640, 480)
)

// windowSize is the size the window had when it last closed, or the
// default size on first launch.
func windowSize(p fyne.Preferences) fyne.Size {
	w, h := float32(p.Float(prefWindowWidth)), float32(p.Float(prefWindowHeight))
	if w < minWindowSize.Width || h < minWindowSize.Height {
		return defaultWindowSize
	}
	return fyne.NewSize(w, h)
}

// rememberWindowSize keeps the window's size for the next launch.
func rememberWindowSize(p fyne.Preferences, s fyne.Size) {
	if s.Width >= minWindowSize.Width && s.Height >= minWindowSize.Height {
		p.SetFloat(prefWindowWidth, float64(s.Width))
		p.SetFloat(prefWindowHeight, float64(s.Height))
	}
}

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
