package ingest_test

import (
	"os"
	"testing"

	"gloss/export/pdfium"
)

// TestMain points the user's cache directory, where PDFium keeps its
// compiled code, at a temporary folder, so tests leave nothing behind.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-ingest-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	pdfium.Default().Close()
	os.RemoveAll(dir)
	os.Exit(code)
}
