package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

// manualTimers makes a memo editor's saves fire only when the test says.
func manualTimers(m *memoEditor) *[]*manualTimer {
	var ts []*manualTimer
	m.afterFunc = func(_ time.Duration, f func()) interface{ Stop() bool } {
		t := &manualTimer{f: f}
		ts = append(ts, t)
		return t
	}
	return &ts
}

func fireLast(ts *[]*manualTimer) {
	if n := len(*ts); n > 0 && !(*ts)[n-1].stopped {
		(*ts)[n-1].f()
	}
}

func TestMemosView(t *testing.T) {
	u, _ := newTestUI(t)
	w := test.NewTempWindow(t, nil)
	refreshed := 0
	v := newMemosView(w, u.proj.db, u.proj.ed, func() { refreshed++ })
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(900, 600))
	timers := manualTimers(v.editor)
	if v.count.Text != "No memos yet." {
		t.Fatalf("empty project: %q", v.count.Text)
	}

	// A journal entry, dated today, written and saved as typed.
	test.Tap(findButton(t, v.content, "New Journal Entry"))
	if len(v.items) != 1 || v.entry == nil || v.date.Text != time.Now().Format("2006-01-02") {
		t.Fatalf("new entry: %d items, date %q", len(v.items), v.date.Text)
	}
	test.Type(v.editor.entry, "Ben reads the red lines as a bargaining chip.")
	if v.editor.status.Text != "Saving…" {
		t.Fatalf("status while typing: %q", v.editor.status.Text)
	}
	fireLast(timers)
	e, err := u.proj.db.JournalEntry(bg, v.entry.ID)
	if err != nil || e.Text != "Ben reads the red lines as a bargaining chip." || v.editor.status.Text != "Saved" {
		t.Fatalf("saved entry %+v, %v; status %q", e, err, v.editor.status.Text)
	}
	v.title.SetText("Second reading")
	v.date.SetText("2021-06-1") // not yet a date: waits
	if e, _ := u.proj.db.JournalEntry(bg, v.entry.ID); e.Date == "2021-06-1" || !strings.Contains(v.editor.status.Text, "YYYY-MM-DD") {
		t.Fatalf("half a date: stored %q, status %q", e.Date, v.editor.status.Text)
	}
	v.date.SetText("2021-06-18")
	if e, _ := u.proj.db.JournalEntry(bg, v.entry.ID); e.Date != "2021-06-18" || e.Title != "Second reading" {
		t.Fatalf("date and title: %+v", e)
	}

	// A memo on a code, then the filters.
	cyber := u.cb.named("Cyber red lines")
	v.showCode(cyber)
	test.Type(v.editor.entry, "Limits on cyberattacks, as the sixteen sectors define them.")
	fireLast(timers)
	m, err := u.proj.db.CodeMemo(bg, cyber.ID)
	if err != nil || m.Text != "Limits on cyberattacks, as the sixteen sectors define them." || m.Author != "Ada" {
		t.Fatalf("code memo %+v, %v", m, err)
	}
	if len(v.items) != 2 || memoTitle(v.items[0]) != "Journal · 2021-06-18 · Second reading" || memoTitle(v.items[1]) != "Code · Cyber red lines" {
		t.Fatalf("listed %d: %q, %q", len(v.items), memoTitle(v.items[0]), memoTitle(v.items[1]))
	}
	v.kind.SetSelected(kindCode)
	if len(v.items) != 1 || v.items[0].Kind != annotate.MemoCode {
		t.Fatalf("code memos: %+v", v.items)
	}
	v.kind.SetSelected(allKinds)
	v.text.SetText("bargaining")
	if len(v.items) != 1 || v.items[0].Kind != annotate.MemoJournal {
		t.Fatalf("text filter: %+v", v.items)
	}
	v.text.SetText("")
	// A colleague's entry, and the author filter.
	u.proj.db.SetAuthor("Ben")
	if err := u.proj.db.CreateJournalEntry(bg, &annotate.JournalEntry{Date: "2021-06-19", Text: "Disagree with Ada."}); err != nil {
		t.Fatal(err)
	}
	u.proj.db.SetAuthor("Ada")
	v.reload()
	v.author.SetSelected("Ben")
	if len(v.items) != 1 || v.items[0].Author != "Ben" {
		t.Fatalf("Ben's memos: %+v", v.items)
	}
	v.text.SetText("bargaining")
	if len(v.items) != 0 || v.count.Text != "No memos match." {
		t.Fatalf("Ben's memos on bargaining: %d, %q", len(v.items), v.count.Text)
	}
	v.text.SetText("")
	v.author.SetSelected(allAuthors)
	v.kind.SetSelected(kindJournal)

	// Undo takes back the memo typed: one step for the whole typing.
	if name := u.proj.ed.stack.undoName(); name != `Edit Memo on "Cyber red lines"` {
		t.Fatalf("undo names %q", name)
	}
	if _, err := u.proj.ed.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
	v.refresh()
	if m, _ := u.proj.db.CodeMemo(bg, cyber.ID); m.Text != "" || v.editor.Text() != "" {
		t.Fatalf("after undo: stored %q, shown %q", m.Text, v.editor.Text())
	}

	// Deleting Ada's journal entry, and undoing that.
	v.show(v.items[1])
	test.Tap(v.del)
	if len(v.items) != 1 || !v.pane.Hidden {
		t.Fatalf("after delete: %d items", len(v.items))
	}
	if _, err := u.proj.ed.stack.undo(bg); err != nil {
		t.Fatal(err)
	}
	v.refresh()
	if len(v.items) != 2 {
		t.Fatalf("after undoing the delete: %d items", len(v.items))
	}
	if refreshed == 0 {
		t.Fatal("the window was never told of a change")
	}
}

// TestCodebookMemo writes a code's memo in the Codebook tab, beside its
// description, and undoes it from the Edit menu's Undo.
func TestCodebookMemo(t *testing.T) {
	u, _ := newTestUI(t)
	timers := manualTimers(u.cbook.memo)
	rights := u.cb.named("Human rights")
	u.cbook.list.Select(1)
	if u.cbook.memoFor != rights.ID || u.cbook.memoBox.Hidden {
		t.Fatalf("memo shown for %q", u.cbook.memoFor)
	}
	test.Type(u.cbook.memo.entry, "Raised by Biden; answered with whataboutism.")
	fireLast(timers)
	if m, _ := u.proj.db.CodeMemo(bg, rights.ID); m.Text != "Raised by Biden; answered with whataboutism." {
		t.Fatalf("stored %q", m.Text)
	}
	// Choosing another code saves what was typed first.
	test.Type(u.cbook.memo.entry, " More.")
	u.cbook.list.Select(0)
	if m, _ := u.proj.db.CodeMemo(bg, rights.ID); !strings.HasSuffix(m.Text, " More.") {
		t.Fatalf("switching codes lost the typing: %q", m.Text)
	}
	u.cbook.list.Select(1)
	u.win.Canvas().Focus(u.cbook.memo.entry)
	u.undo()
	if m, _ := u.proj.db.CodeMemo(bg, rights.ID); m.Text != "" || u.cbook.memo.Text() != "" {
		t.Fatalf("after undo: stored %q, shown %q", m.Text, u.cbook.memo.Text())
	}
}

// findButton finds the button labelled text in o's tree.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *container.Split:
			walk(x.Leading)
			walk(x.Trailing)
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}
