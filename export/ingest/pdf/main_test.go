package pdf

import (
	"context"
	"os"
	"testing"
)

// engine is the tests' PDFium, compiling into a cache of their own.
var engine *Engine

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-pdfium-test-")
	if err != nil {
		panic(err)
	}
	engine = NewEngine(dir)
	code := m.Run()
	engine.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func extract(t testing.TB, data []byte) *Text {
	t.Helper()
	text, err := engine.Extract(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
