package app

import (
	"os"
	"testing"
	"time"

	"gloss/export/ingest/pdf"
)

// TestMain points the user's cache directory, where PDFium keeps its
// compiled code, at a temporary folder, so tests leave nothing behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-app-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	// The window looks at its file only when a test says so (checkFile).
	watchTicks = func() (<-chan time.Time, func()) { return nil, func() {} }
	code := m.Run()
	pdf.Default().Close()
	os.RemoveAll(dir)
	os.Exit(code)
}
