package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"gloss/annotate"
)

func TestAutocodeReview(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	ctx := context.Background()
	db := testProject(t)
	doc := &annotate.Document{Title: "Summit", Text: "The ambassadors return. Cyberattacks were raised.\nA second ambassador spoke. Hackers too."}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	amb := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	cyber := &annotate.Tag{Name: "Cyber red lines", Color: "#e6194b"}
	for _, tag := range []*annotate.Tag{amb, cyber} {
		if err := db.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []*annotate.Rule{
		{Name: "Envoys", Kind: annotate.RuleWords, Pattern: "ambassador*", TagID: amb.ID, Scope: annotate.ScopeSentence},
		{Name: "Cyber", Kind: annotate.RuleWords, Pattern: "cyber*|hack*", TagID: cyber.ID, Scope: annotate.ScopeMatch},
	} {
		if err := db.CreateRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var accepted [][]string
	w := test.NewTempWindow(t, widget.NewLabel(""))
	a := newAutocoder(w, db, func(ids []string) { accepted = append(accepted, ids) })
	w.SetContent(a.content())
	a.load()
	expect(t, "proposals", func() bool { return strings.Contains(a.status.Text, "to review") })
	if len(a.proposals) != 4 || a.status.Text != "4 proposals to review." || !a.accept.Disabled() || a.acceptAll.Disabled() {
		t.Fatalf("status %q, proposals %+v", a.status.Text, a.proposals)
	}
	// Only one rule.
	a.ruleSel.SetSelected("Envoys")
	expect(t, "the Envoys proposals", func() bool { return a.status.Text == "2 proposals to review." })
	if a.proposals[0].Quote != "The ambassadors return." || a.proposals[1].Quote != "A second ambassador spoke." {
		t.Fatalf("Envoys proposals %+v", a.proposals)
	}
	// Accept the first: it becomes a passage with provenance auto.
	a.list.Select(0)
	test.Tap(a.accept)
	expect(t, "coding", func() bool { return strings.HasPrefix(a.status.Text, "Coded") })
	if len(accepted) != 1 || len(accepted[0]) != 1 || len(a.proposals) != 1 {
		t.Fatalf("accepted %v, %d proposals left", accepted, len(a.proposals))
	}
	p, err := db.Passage(ctx, accepted[0][0])
	if err != nil {
		t.Fatal(err)
	}
	if p.Provenance != annotate.ProvenanceAuto || p.Quote != "The ambassadors return." || p.Author != "Ada" || len(p.Tags) != 1 || p.Tags[0] != amb.ID {
		t.Fatalf("coded passage %+v", p)
	}
	// Reject the other: nothing is written, and it leaves the list.
	a.list.Select(0)
	test.Tap(a.reject)
	if len(a.proposals) != 0 || !a.acceptAll.Disabled() {
		t.Fatalf("after reject, %d proposals", len(a.proposals))
	}
	// All rules again: the accepted one is not proposed twice; accept all.
	a.ruleSel.SetSelected(allRules)
	expect(t, "all proposals", func() bool { return a.status.Text == "3 proposals to review." })
	test.Tap(a.acceptAll)
	if len(accepted) != 1 {
		t.Fatal("Accept all coded without asking")
	}
	tapDialogButton(t, w, "Code 3 Passages")
	expect(t, "coding all", func() bool { return strings.HasPrefix(a.status.Text, "Coded 3 passages") })
	if len(accepted) != 2 || len(accepted[1]) != 3 {
		t.Fatalf("accepted %v", accepted)
	}
	ps, _ := db.Passages(ctx, annotate.PassageFilter{})
	if len(ps) != 4 {
		t.Fatalf("%d passages in the project, want 4", len(ps))
	}
	// Undo, as the GUI does it, brings the proposals back on the next run.
	for _, id := range accepted[1] {
		if err := db.DeletePassage(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	a.run()
	expect(t, "proposals after undo", func() bool { return a.status.Text == "3 proposals to review." })
}

// tapDialogButton taps the button with that text in the dialog on top of w.
func tapDialogButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog with %q", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the dialog", text)
}

// TestAutocodeMarksCodedText leaves out proposals for text coded with the
// rule's code already, marks one that overlaps such a passage, and leaves
// it out of Accept all, which says so before coding anything.
func TestAutocodeMarksCodedText(t *testing.T) {
	test.NewTempApp(t)
	inline(t)
	ctx := context.Background()
	db := testProject(t)
	text := "The ambassadors return to their posts. A second ambassador spoke.\nThe envoys left."
	doc := &annotate.Document{Title: "Summit", Text: text}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	amb := &annotate.Tag{Name: "Ambassadors", Color: "#4363d8"}
	if err := db.CreateTag(ctx, amb); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateRule(ctx, &annotate.Rule{Name: "Envoys", Kind: annotate.RuleWords, Pattern: "ambassador*|envoy*", TagID: amb.ID, Scope: annotate.ScopeSentence}); err != nil {
		t.Fatal(err)
	}
	tx := annotate.NewText(text)
	for _, q := range []string{"The ambassadors return", "spoke.\nThe"} {
		s, e, err := annotate.FindQuote(tx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: q, Tags: []string{amb.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	var accepted []string
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 600))
	a := newAutocoder(w, db, func(ids []string) { accepted = append(accepted, ids...) })
	w.SetContent(a.content())
	a.load()
	expect(t, "proposals", func() bool { return strings.Contains(a.status.Text, "to review") })
	// The first sentence is coded already; the other two overlap "spoke. The".
	if len(a.proposals) != 2 || a.proposals[0].Overlaps == "" || a.proposals[1].Overlaps == "" {
		t.Fatalf("proposals %+v; want the second and third sentences, both marked", a.proposals)
	}
	row := a.list.CreateItem()
	a.list.UpdateItem(0, row)
	if head := row.(*fyne.Container).Objects[0].(*widget.Label).Text; !strings.Contains(head, "overlaps a passage already coded Ambassadors") {
		t.Errorf("the list says %q of an overlapping proposal", head)
	}
	test.Tap(a.acceptAll)
	if len(accepted) != 0 {
		t.Fatal("Accept all coded overlapping proposals")
	}
	var texts []string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if msg := strings.Join(texts, " "); !strings.Contains(msg, "overlaps a passage already coded with the same code (2)") {
		t.Errorf("Accept all says %q", msg)
	}
}
