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
	"gloss/storage"
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

// TestToolWindowsFollowTheProject opens every tool window, then another
// project: each is rebuilt on the new project (a search in the old window
// finds the new project's text instead of failing on the closed one),
// asking again for a window brings back the same one, and quitting closes
// them.
func TestToolWindowsFollowTheProject(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	kinds := []string{searchTool, analysisTool, agreementTool, memosTool, attributesTool}
	for _, kind := range kinds {
		u.tools.show(kind)
	}
	u.tools.show(searchTool)
	if len(u.tools.open) != len(kinds) {
		t.Fatalf("%d tool windows open, want one of each of the %d kinds", len(u.tools.open), len(kinds))
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
	if len(u.tools.open) != len(kinds) {
		t.Errorf("%d tool windows open on the new project, want the %d", len(u.tools.open), len(kinds))
	}
	for kind, w := range u.tools.open {
		if want := kind + " — Gloss — other.gloss"; w.Title() != want {
			t.Errorf("tool window titled %q, want %q", w.Title(), want)
		}
	}
	memos := u.tools.open[memosTool]
	test.Tap(findButton(t, memos.Content(), "New Journal Entry"))
	entries, err := other.JournalEntries(bg)
	if err != nil || len(entries) != 1 {
		t.Errorf("a journal entry made in the rebuilt Memos window: the new project has %d (%v), want 1", len(entries), err)
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

// memoEditorIn finds the memo editor in a window's content.
func memoEditorIn(t *testing.T, o fyne.CanvasObject) *memoEditor {
	t.Helper()
	for _, o := range test.LaidOutObjects(o) {
		if m, ok := o.(*memoEditor); ok {
			return m
		}
	}
	t.Fatal("no memo editor")
	return nil
}

// TestToolWindowTypingIsSavedWhenTheProjectChanges types in the Memos
// window and, before the pause that saves it, opens another project; then
// types again and quits. Both times the words are in the project they were
// typed in, saved before it closed, not lost with the window rebuilt or
// closed.
func TestToolWindowTypingIsSavedWhenTheProjectChanges(t *testing.T) {
	u, _ := newTestUI(t)
	inline(t)
	first := u.proj.db.Path()
	u.tools.show(memosTool)
	memos := u.tools.open[memosTool]
	test.Tap(findButton(t, memos.Content(), "New Journal Entry"))
	manualTimers(memoEditorIn(t, memos.Content())) // the pause never ends
	test.Type(memoEditorIn(t, memos.Content()).entry, "Typed just before opening another file.")

	secondPath := filepath.Join(t.TempDir(), "second.gloss")
	second, err := project.Create(secondPath, false, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	u.setProject(second)
	test.Tap(findButton(t, memos.Content(), "New Journal Entry"))
	manualTimers(memoEditorIn(t, memos.Content()))
	test.Type(memoEditorIn(t, memos.Content()).entry, "Typed just before quitting.")
	u.quit()

	for path, want := range map[string]string{first: "Typed just before opening another file.", secondPath: "Typed just before quitting."} {
		db, err := storage.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := db.JournalEntries(bg)
		db.Close()
		if err != nil || len(entries) != 1 || entries[0].Text != want {
			var texts []string
			for _, e := range entries {
				texts = append(texts, e.Text)
			}
			t.Errorf("%s: journal %q (%v), want the one entry %q", filepath.Base(path), texts, err, want)
		}
	}
}
