package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
	"gloss/storage"
)

// TestImportStopsWhenTheProjectCloses starts an import, opens another
// project before the import stores anything, and lets it go on: nothing
// is written to either project, and the report still comes, saying which
// project the files were for and that they were left out.
func TestImportStopsWhenTheProjectCloses(t *testing.T) {
	u, _ := newTestUI(t)
	var pending []func()
	old := offUI
	offUI = func(work func()) { pending = append(pending, work) }
	t.Cleanup(func() { offUI = old })
	first := u.proj.db.Path()
	file := filepath.Join(t.TempDir(), "statement.md")
	if err := os.WriteFile(file, []byte("# Joint statement\n\nThe two presidents agreed to launch a strategic stability dialogue.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs []importOutcome
	u.onImported = func(o []importOutcome) { outs = o }
	u.importPaths([]string{file})
	if len(pending) != 1 {
		t.Fatalf("the import started %d pieces of work, want 1", len(pending))
	}

	other, err := project.Create(filepath.Join(t.TempDir(), "other.gloss"), false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(other)
	pending[0]()

	if len(outs) != 1 || !outs[0].skipped || outs[0].created || !strings.Contains(outs[0].err.Error(), "test.gloss was closed") {
		t.Fatalf("outcome = %+v", outs)
	}
	if len(u.docs) != 0 {
		t.Errorf("the new project has %d documents after the old one's import", len(u.docs))
	}
	db, err := storage.Open(first)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if docs, _ := db.Documents(bg, annotate.DocumentFilter{}); len(docs) != 4 {
		t.Errorf("the closed project has %d documents, want its 4", len(docs))
	}
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no import report")
	}
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	report := strings.Join(texts, "\n")
	for _, want := range []string{"Import into test.gloss", "0 articles added, 1 not imported because test.gloss was closed first", "Statement.md: not imported"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if u.busy != 0 {
		t.Errorf("%d tasks still counted as running", u.busy)
	}
}
