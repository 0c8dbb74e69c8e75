package app

import (
	"os"
	"path/filepath"
	"testing"

	"gloss/export/ingest/ingesttest"
	"gloss/export/pdfium"
)

// TestOnePDFiumRuntime imports a PDF, shows the original of a passage in
// it and draws a briefing's preview, as a researcher would in one
// sitting: all three run on the process's one PDFium, which starts
// (compiles or loads its module, and instantiates it) once. No test of
// this package makes a runtime of its own, so the process's count of
// starts is this one's.
func TestOnePDFiumRuntime(t *testing.T) {
	u, _ := newTestUI(t)
	inlineOffUI(t)

	file := filepath.Join(t.TempDir(), "summit.pdf")
	if err := os.WriteFile(file, ingesttest.ArticlePDF(), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs []importOutcome
	u.onImported = func(o []importOutcome) { outs = o }
	u.importPaths([]string{file})
	if len(outs) != 1 || outs[0].err != nil || !outs[0].created {
		t.Fatalf("import: %+v", outs)
	}

	u.openDocument(outs[0].id)
	p := codeQuote(t, u, "a more predictable international order", u.cb.tags[0].Name)
	u.selectPassage(p.ID)
	u.insp.orig.OnTapped()
	if u.origWin == nil {
		t.Fatal("no original window")
	}
	if status := findLabel(t, u.origWin.Content(), "summit.pdf"); status.Text != "summit.pdf — page 1 of 2 · the passage is highlighted" {
		t.Errorf("original: %q", status.Text)
	}

	drawPreview(t, u, "One concrete deliverable.")

	if n := pdfium.Starts(); n != 1 {
		t.Errorf("PDFium started %d times in the process, want once for the import, the original and the preview", n)
	}
}
