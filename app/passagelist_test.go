package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	"gloss/storage"
)

// codeQuotes codes each quote of the open document with its code.
func codeQuotes(t *testing.T, u *ui, coded [][2]string) {
	t.Helper()
	for _, c := range coded {
		s, e, err := annotate.FindQuote(u.text, c[0], 0)
		if err != nil {
			t.Fatal(err)
		}
		tg, err := u.proj.db.TagByName(bg, c[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := u.proj.db.CreatePassage(bg, &annotate.Passage{DocumentID: u.doc.ID, Start: s, End: e, Quote: c[0], Tags: []string{tg.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	u.refresh()
}

func quotes(ps []*annotate.Passage) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Quote)
	}
	return strings.Join(out, " | ")
}

// TestPassageListShowsAQuery lists what a co-occurrence cell asks for, in
// the query builder's rows, and goes back to every passage when its code
// is cleared.
func TestPassageListShowsAQuery(t *testing.T) {
	u, _ := newTestUI(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
	})
	rights, cyber := u.cb.named("Human rights"), u.cb.named("Cyber red lines")
	q := storage.CooccurrenceQuery(annotate.Label{ID: cyber.ID, Name: cyber.Name}, annotate.Label{ID: rights.ID, Name: rights.Name})

	pl := u.plist
	u.listPassages(annotate.PassageFilter{Query: q})
	if quotes(pl.items) != "raised human rights and cyberattacks | cyberattacks with Putin" || pl.count.Text != "2 passages" {
		t.Fatalf("query lists %q (%q)", quotes(pl.items), pl.count.Text)
	}
	if pl.builder.typing || pl.builder.first.Selected != "Cyber red lines" || len(pl.builder.rows) != 1 ||
		pl.builder.rows[0].join.Selected != joinAnd || pl.builder.rows[0].code.Selected != "Human rights" {
		t.Fatalf("the builder shows %q then %d rows", pl.builder.first.Selected, len(pl.builder.rows))
	}
	if got := pl.builder.summary.Text; !strings.HasPrefix(got, `Passages of "Cyber red lines" and "Human rights".`) {
		t.Fatalf("summary %q", got)
	}
	// The list's own filters narrow what the query selects.
	pl.text.SetText("criminals")
	if len(pl.items) != 0 || pl.count.Text != "No passages match." {
		t.Fatalf("query and text: %q, %q", quotes(pl.items), pl.count.Text)
	}
	pl.text.SetText("")
	pl.builder.first.SetSelected(allCodes)
	if len(pl.items) != 3 {
		t.Fatalf("every passage: %q", quotes(pl.items))
	}
}

// TestQueryBuilder combines codes row by row as a researcher would, and
// types a query with a mistake in it.
func TestQueryBuilder(t *testing.T) {
	u, _ := newTestUI(t)
	codeQuotes(t, u, [][2]string{
		{"raised human rights and cyberattacks", "Human rights"},
		{"cyberattacks with Putin", "Cyber red lines"},
		{"harboring of cyber criminals", "Cyber red lines"},
		{"crackdown on dissidents", "Navalny & dissidents"},
	})
	pl, b := u.plist, u.plist.builder
	u.tabs.SelectIndex(tabPassages)
	b.first.SetSelected("Cyber red lines")
	if quotes(pl.items) != "cyberattacks with Putin | harboring of cyber criminals" {
		t.Fatalf("one code: %q", quotes(pl.items))
	}
	test.Tap(b.add)
	row := b.rows[0]
	row.join.SetSelected(joinAndNot)
	row.code.SetSelected("Human rights")
	if quotes(pl.items) != "harboring of cyber criminals" {
		t.Fatalf("and not: %q", quotes(pl.items))
	}
	row.join.SetSelected(joinNear)
	if row.near.Hidden || quotes(pl.items) != "raised human rights and cyberattacks | cyberattacks with Putin" {
		t.Fatalf("near: %q (distance hidden %v)", quotes(pl.items), row.near.Hidden)
	}
	row.code.SetSelected("Navalny & dissidents")
	row.near.SetText("1")
	if len(pl.items) != 0 {
		t.Fatalf("within one character: %q", quotes(pl.items))
	}
	row.near.SetText("5")
	if quotes(pl.items) != "harboring of cyber criminals | crackdown on dissidents" {
		t.Fatalf("within five characters: %q", quotes(pl.items))
	}
	if got := b.Query().String(); got != `"Cyber red lines" NEAR/5 "Navalny & dissidents"` {
		t.Fatalf("as a query: %s", got)
	}
	// Typed, with the code misspelt: the problem is pointed at, nothing
	// is listed until it is fixed.
	test.Tap(b.toggle)
	if !b.typing || b.typed.Text != `"Cyber red lines" NEAR/5 "Navalny & dissidents"` {
		t.Fatalf("typing shows %q", b.typed.Text)
	}
	b.typed.SetText(`"Cyber red lines" AND NOT "Human right"`)
	if b.problem.Hidden || !strings.Contains(b.problem.Text, `Column 27, at “"Human right"”: no code named "Human right" (did you mean "Human rights"?)`) {
		t.Fatalf("problem %q", b.problem.Text)
	}
	if pl.count.Text != "The query is not complete." || len(pl.items) != 0 {
		t.Fatalf("with a mistake: %q", pl.count.Text)
	}
	// "AND NOT" excludes what overlaps: the criminals passage lies two
	// characters from the dissidents one, and stays.
	b.typed.SetText(`("Cyber red lines" OR "Human rights") AND NOT "Navalny & dissidents"`)
	if !b.problem.Hidden || quotes(pl.items) != "raised human rights and cyberattacks | cyberattacks with Putin | harboring of cyber criminals" {
		t.Fatalf("typed query: %q (%q)", quotes(pl.items), b.problem.Text)
	}
	// Back to rows: a group on the right the rows cannot show, so it
	// stays typed.
	b.typed.SetText(`"Cyber red lines" AND NOT ("Human rights" OR "Navalny & dissidents")`)
	if quotes(pl.items) != "harboring of cyber criminals" {
		t.Fatalf("grouped: %q", quotes(pl.items))
	}
	test.Tap(b.toggle)
	if !b.typing || b.problem.Hidden {
		t.Fatalf("a grouped query went back to rows: typing %v", b.typing)
	}
	b.typed.SetText(`"Human rights" OR "Navalny & dissidents"`)
	test.Tap(b.toggle)
	if b.typing || b.first.Selected != "Human rights" || len(b.rows) != 1 || b.rows[0].join.Selected != joinOr {
		t.Fatalf("back to rows: typing %v, %q, %d rows", b.typing, b.first.Selected, len(b.rows))
	}
	test.Tap(b.rows[0].remove)
	if len(b.rows) != 0 || quotes(pl.items) != "raised human rights and cyberattacks" {
		t.Fatalf("row removed: %q", quotes(pl.items))
	}
}

func TestPassageContext(t *testing.T) {
	p := &annotate.Passage{Prefix: "the summit in\nGeneva, where the two leaders met for ", Quote: "less than four hours", Suffix: " of talks on Wednesday, a highly anticipated summit"}
	before, after := passageContext(p, 20)
	if before != "…two leaders met for " || after != " of talks on…" {
		t.Fatalf("context %q / %q", before, after)
	}
	// Punctuation right after the quote stays against it.
	p = &annotate.Passage{Prefix: "", Suffix: "."}
	if before, after := passageContext(p, 20); before != "" || after != "." {
		t.Fatalf("short context %q / %q", before, after)
	}
	var _ widget.RichTextSegment // the row draws these
}
