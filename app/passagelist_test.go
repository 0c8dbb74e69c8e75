package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
	"gloss/storage"
)

// TestPassageListShowsAQuery lists what a co-occurrence cell asks for,
// says so above the list, and goes back to every passage when cleared.
func TestPassageListShowsAQuery(t *testing.T) {
	u, _ := newTestUI(t)
	code := func(quote, tag string) {
		t.Helper()
		s, e, err := annotate.FindQuote(u.text, quote, 0)
		if err != nil {
			t.Fatal(err)
		}
		tg, err := u.proj.db.TagByName(bg, tag)
		if err != nil {
			t.Fatal(err)
		}
		if err := u.proj.db.CreatePassage(bg, &annotate.Passage{DocumentID: u.doc.ID, Start: s, End: e, Quote: quote, Tags: []string{tg.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	code("raised human rights and cyberattacks", "Human rights")
	code("cyberattacks with Putin", "Cyber red lines")
	code("harboring of cyber criminals", "Cyber red lines")
	u.refresh()
	rights, _ := u.proj.db.TagByName(bg, "Human rights")
	cyber, _ := u.proj.db.TagByName(bg, "Cyber red lines")
	q := storage.CooccurrenceQuery(annotate.Label{ID: cyber.ID, Name: cyber.Name}, annotate.Label{ID: rights.ID, Name: rights.Name})

	pl := u.plist
	pl.showFilter(annotate.PassageFilter{Query: q})
	if len(pl.items) != 2 || pl.count.Text != "2 passages" || pl.queryBar.Hidden {
		t.Fatalf("query lists %d items (%q), bar hidden %v", len(pl.items), pl.count.Text, pl.queryBar.Hidden)
	}
	if got := pl.queryMsg.Text; got != `Passages of "Cyber red lines" and "Human rights"` {
		t.Fatalf("bar says %q", got)
	}
	// The list's own filters narrow what the query selects.
	pl.text.SetText("criminals")
	if len(pl.items) != 0 {
		t.Fatalf("query and text: %d items, want 0", len(pl.items))
	}
	pl.text.SetText("")
	test.Tap(pl.queryClear)
	if len(pl.items) != 3 || !pl.queryBar.Hidden || pl.query != nil {
		t.Fatalf("cleared: %d items, bar hidden %v", len(pl.items), pl.queryBar.Hidden)
	}
}
