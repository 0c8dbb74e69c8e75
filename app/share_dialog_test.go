package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	fynestorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
	gstorage "gloss/storage"
)

const summitText = "President Biden met with Russian President Vladimir Putin in Geneva.\n\nPutin said the ambassadors would return to their posts.\n"

// twoCoders makes a project where Ada and Ben coded the same article.
func twoCoders(t *testing.T) *gstorage.DB {
	t.Helper()
	t.Setenv("GLOSS_TRUST_FILE", filepath.Join(t.TempDir(), "trusted.json"))
	ctx := context.Background()
	db, err := gstorage.Create(filepath.Join(t.TempDir(), "p.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetAuthor("Ada")
	doc := &annotate.Document{Title: "Summit", Text: summitText}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	text := annotate.NewText(summitText)
	for _, c := range []struct{ author, quote string }{{"Ada", "ambassadors would return to their posts"}, {"Ben", "ambassadors would return"}} {
		db.SetAuthor(c.author)
		s, e, err := annotate.FindQuote(text, c.quote, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: c.quote, Tags: []string{tag.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestAgreementView(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	db := twoCoders(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	v := makeAgreementView(w, db)
	w.SetContent(v.content)
	w.Resize(fyne.NewSize(900, 400))
	v.chooseFirstTwo()
	if len(v.rows) != 2 {
		t.Fatalf("rows %+v; want Ambassadors and the overall row", v.rows)
	}
	// Ada coded 39 characters, Ben 24 of them; the text has 126: po = 111/126,
	// pe = (39·24 + 87·102)/126², κ = (po − pe)/(1 − pe) = 0.688.
	want := [][]string{
		{"Ambassadors", "88.10%", "0.688", "substantial", "24", "15", "0"},
		{"All codes", "88.10%", "0.688", "substantial", "24", "15", "0"},
	}
	for r, row := range want {
		for c, cell := range row {
			if got := v.cell(r, c); got != cell {
				t.Errorf("cell (%d, %d) = %q; want %q", r, c, got, cell)
			}
		}
	}
	if v.heading(5) != "Only Ada" || v.heading(6) != "Only Ben" || v.save.Disabled() {
		t.Fatalf("headings %q %q, save disabled %v", v.heading(5), v.heading(6), v.save.Disabled())
	}
	// The same researcher twice is refused in the status line.
	v.b.SetSelected("Ada")
	if len(v.rows) != 0 || !strings.Contains(v.status.Text, "two different researchers") || !v.save.Disabled() {
		t.Fatalf("same researcher twice: rows %d, status %q", len(v.rows), v.status.Text)
	}
}

func TestMergeSummary(t *testing.T) {
	rep := &gstorage.MergeReport{File: "/tmp/ben.gloss", DocumentsMatched: 4, DocumentsByText: 1, PassagesAdded: 3, PassagesReanchored: 2,
		TagConflicts: []gstorage.TagConflict{{Tag: "Human rights", Field: "colour", Ours: "#4363d8", Theirs: "#e6194b", Kept: "#e6194b"}},
		Orphans:      []gstorage.Orphan{{Quote: "A final sentence", Document: "Summit", Author: "Ben", Tags: []string{"Cyber red lines"}}}}
	got := strings.Join(mergeSummary("mine.gloss", rep), "\n")
	for _, want := range []string{
		"Documents: 0 added, 4 matched (0 by identical text, 1 by near-identical text).",
		"Passages: 3 added (2 placed on text that differs slightly), 0 updated, 0 deleted, 1 could not be placed.",
		`Human rights: colour "#4363d8" replaced by "#e6194b"`,
		"“A final sentence” in Summit, by Ben [Cyber red lines]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if got := mergeSummary("mine.gloss", &gstorage.MergeReport{File: "/tmp/ben.gloss"}); len(got) != 1 || !strings.Contains(got[0], "nothing new") {
		t.Fatalf("empty merge: %q", got)
	}
}

// TestCountsGroupThousands reads the counts of a large merge as the merge
// report, its preview and the status bar write them: grouped in
// thousands.
func TestCountsGroupThousands(t *testing.T) {
	rep := &gstorage.MergeReport{File: "/tmp/ben.gloss", DocumentsAdded: 1200, PassagesAdded: 100000, PassagesUpdated: 2500, TagsMatched: 1000,
		JournalAdded: 4000, MemosUpdated: 1001}
	summary := []string{
		"Documents: 1,200 added, 0 matched.",
		"Passages: 100,000 added, 2,500 updated, 0 deleted, 0 could not be placed.",
		"Codes: 0 added, 1,000 matched, 0 deleted.",
		"Notes: 0 added, 0 updated.",
		"Memos: 1,001 memos taken from the colleague; journal: 4,000 added, 0 updated.",
	}
	if got := mergeSummary("mine.gloss", rep); !slices.Equal(got, summary) {
		t.Errorf("the merge report says\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(summary, "\n"))
	}
	plan := strings.Join(mergePlan("mine.gloss", rep), "\n")
	if !strings.Contains(plan, "• add 1,200 documents\n  • add 100,000 passages\n  • change the codes or note of 2,500 passages") {
		t.Errorf("the merge preview says\n%s", plan)
	}
	if got := plural(100000, "passage"); got != "100,000 passages" {
		t.Errorf("plural(100000) = %q", got)
	}
}

func TestSaveCopyKeepsChosenResearcher(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	db := twoCoders(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(800, 600))
	out := filepath.Join(t.TempDir(), "ben.gloss")
	saveCopy(w, newSession(db), out, gstorage.CopyOptions{Authors: []string{"Ben"}}, nil)
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("no confirmation shown")
	}
	cp, err := gstorage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	ps, err := cp.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil || len(ps) != 1 || ps[0].Author != "Ben" || ps[0].Quote != "ambassadors would return" {
		t.Fatalf("copy holds %+v, %v; want Ben's passage only", ps, err)
	}
	if got := copySummary(out, []string{"Ben"}, &gstorage.CopyReport{Documents: 1, Tags: 1, Passages: 1}); got != "Saved "+out+". It holds the work of Ben: 1 document, 1 code, 1 passage, 0 notes." {
		t.Fatalf("summary %q", got)
	}
}

// topCheck is the check labelled text in the topmost dialog over w.
func topCheck(t *testing.T, w fyne.Window, text string) *widget.Check {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	for _, o := range test.LaidOutObjects(top) {
		if c, ok := o.(*widget.Check); ok && c.Text == text {
			return c
		}
	}
	t.Fatalf("no check %q in the dialog (top: %q)", text, topText(w))
	return nil
}

// TestASaveCopyNotWrittenKeepsItsTicks ticks Ben in Save a Copy, presses
// Choose file… and cancels the save dialog: Save a Copy is back, Ben
// still ticked, one of the project's dialogs. Then the file chosen cannot
// be written (its folder is gone): the error is shown over Save a Copy,
// which again has Ben ticked; and the copy saved at last holds Ben's work
// alone.
func TestASaveCopyNotWrittenKeepsItsTicks(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	s := newSession(twoCoders(t))
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(800, 600))
	shown := captureSaves(t)
	showSaveCopyDialog(w, s)
	ben := topCheck(t, w, "Ben")
	test.Tap(ben)
	same := func(when string) {
		t.Helper()
		if c := topCheck(t, w, "Ben"); c != ben || !c.Checked || topCheck(t, w, "Ada").Checked {
			t.Fatalf("%s: Save a Copy is not back with Ben ticked alone (top: %q)", when, topText(w))
		}
		if n := s.openDialogs(); n != 1 {
			t.Fatalf("%s: %d dialogs kept with the project, want Save a Copy", when, n)
		}
	}

	tapDialogButton(t, w, "Choose file…")
	if n := len(*shown); n != 1 || (*shown)[0].opt.name != "p (Ben).gloss" {
		t.Fatalf("save dialogs shown: %+v", *shown)
	}
	(*shown)[0].done(nil, nil)
	same("save dialog cancelled")

	tapDialogButton(t, w, "Choose file…")
	wr, path := writerIntoGoneFolder(t, (*shown)[1].opt.name)
	(*shown)[1].done(wr, nil)
	if got := topText(w); !strings.Contains(got, filepath.Base(path)) || !strings.Contains(got, "no such file or directory") {
		t.Fatalf("the window shows %q, want the copy's error", got)
	}
	tapDialogButton(t, w, "OK")
	same("copy failed")

	tapDialogButton(t, w, "Choose file…")
	path = filepath.Join(t.TempDir(), (*shown)[2].opt.name)
	wr, err := fynestorage.Writer(fynestorage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	(*shown)[2].done(wr, nil)
	if got := topText(w); !strings.Contains(got, "holds the work of Ben") {
		t.Fatalf("the window shows %q, want the copy saved", got)
	}
	cp, err := gstorage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if ps, err := cp.Passages(context.Background(), annotate.PassageFilter{}); err != nil || len(ps) != 1 || ps[0].Author != "Ben" {
		t.Fatalf("the copy holds %+v (%v), want Ben's passage alone", ps, err)
	}
}
