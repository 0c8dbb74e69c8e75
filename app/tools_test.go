package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/app/project"
)

// searchIn runs a search in a Search tool window and returns its status
// line.
func searchIn(t *testing.T, w fyne.Window, query string) string {
	t.Helper()
	var entry *widget.Entry
	var labels []*widget.Label
	for _, o := range test.LaidOutObjects(w.Content()) {
		switch o := o.(type) {
		case *widget.Entry:
			if strings.HasPrefix(o.PlaceHolder, "Search") {
				entry = o
			}
		case *widget.Label:
			labels = append(labels, o)
		}
	}
	if entry == nil || len(labels) == 0 {
		t.Fatalf("the window %q has no search field", w.Title())
	}
	entry.SetText(query)
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	return labels[0].Text
}

// TestToolWindowsFollowTheProject opens Search, Analysis and Agreement,
// then another project: each is rebuilt on the new project (a search in
// the old window finds the new project's text instead of failing on the
// closed one), asking again for a window brings back the same one, and
// quitting closes them.
func TestToolWindowsFollowTheProject(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	for _, kind := range []string{searchTool, analysisTool, agreementTool} {
		u.tools.show(kind)
	}
	u.tools.show(searchTool)
	if len(u.tools.open) != 3 {
		t.Fatalf("%d tool windows open, want one of each of the 3 kinds", len(u.tools.open))
	}
	search := u.tools.open[searchTool]
	if got := searchIn(t, search, "ambassadors"); !strings.Contains(got, "hits") {
		t.Fatalf("search in the first project says %q", got)
	}

	other, err := project.Create(filepath.Join(t.TempDir(), "other.gloss"), false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	doc := &annotate.Document{Title: "Press release", Text: "Joint statement on strategic stability.\n"}
	if _, err := other.CreateDocument(bg, doc); err != nil {
		t.Fatal(err)
	}
	u.setProject(other)
	for kind, w := range u.tools.open {
		if want := kind + " — Gloss — other.gloss"; w.Title() != want {
			t.Errorf("tool window titled %q, want %q", w.Title(), want)
		}
	}
	if u.tools.open[searchTool] != search {
		t.Fatal("the Search window was replaced instead of rebuilt")
	}
	if got := searchIn(t, search, "ambassadors"); got != "No hits" {
		t.Errorf("search for the old project's text in the new one says %q", got)
	}
	if got := searchIn(t, search, "strategic"); got != "1 hit in 1 document or note" {
		t.Errorf("search for the new project's text says %q", got)
	}

	u.quit()
	if len(u.tools.open) != 0 {
		t.Errorf("%d tool windows left open after quitting", len(u.tools.open))
	}
}
