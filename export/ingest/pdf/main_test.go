package pdf

import (
	"context"
	"os"
	"testing"

	"gloss/export/pdfium"
)

// rt is the tests' PDFium, compiling into a cache of their own.
var rt *pdfium.Runtime

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-pdfium-test-")
	if err != nil {
		panic(err)
	}
	rt = pdfium.New(dir)
	code := m.Run()
	rt.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func extract(t testing.TB, data []byte) *Text {
	t.Helper()
	text, err := Extract(context.Background(), rt, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return text
}
