package app

import (
	"os"
	"testing"
	"time"

	"gloss/export/pdfium"
)

// TestMain points the user's cache directory, where PDFium keeps its
// compiled code, and configuration directory, where Gloss's settings live,
// at a temporary folder, so tests neither read the user's nor leave
// anything behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-app-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	os.Setenv("XDG_CONFIG_HOME", dir)
	// The window looks at its file only when a test says so (checkFile).
	watchTicks = func() (<-chan time.Time, func()) { return nil, func() {} }
	code := m.Run()
	pdfium.Default().Close()
	os.RemoveAll(dir)
	os.Exit(code)
}
