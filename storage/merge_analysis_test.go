package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

// analysisContent renders what the merge of memos and attributes must
// agree on, by names rather than IDs: attribute definitions, documents'
// values, code memos and the journal.
func analysisContent(t testing.TB, db *storage.DB) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	attrs, err := db.Attributes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	for _, a := range attrs {
		name[a.ID] = a.Name
		lines = append(lines, fmt.Sprintf("attribute %s %s %v by %s", a.Name, a.Kind, a.Choices, a.Author))
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	title := map[string]string{}
	for _, d := range docs {
		title[d.ID] = d.Title
	}
	dv, err := db.DocumentValues(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for doc, vs := range dv {
		for a, v := range vs {
			lines = append(lines, fmt.Sprintf("value %s.%s = %s", title[doc], name[a], v))
		}
	}
	memos, err := db.Memos(ctx, annotate.MemoFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range memos {
		lines = append(lines, fmt.Sprintf("memo %s %s %q by %s at %s %q", m.Kind, m.Subject, m.Text, m.Author, m.UpdatedAt.Format("15:04:05.000000"), m.Date))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestMergeMemosAndAttributes has Ada and Ben, each in a copy of the same
// project, define the same attribute (Ben with other choices), set values,
// write the same code's memo and journal entries; merging either way gives
// the same result, twice changes nothing, and the replaced memo is named.
func TestMergeMemosAndAttributes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	basePath := base(t, dir)
	adaPath, benPath := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, basePath, adaPath)
	copyFile(t, basePath, benPath)

	ada := openAs(t, adaPath, "Ada")
	docs := byTitle(t, ada)
	tags := tagsByName(t, ada)
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	mustNil(t, ada.CreateAttribute(ctx, outlet))
	mustNil(t, ada.SetAttribute(ctx, docs["Summit"].ID, outlet.ID, "wire"))
	mustNil(t, ada.SetAttribute(ctx, docs["Cyber"].ID, outlet.ID, "Newspaper"))
	mustNil(t, ada.SetCodeMemo(ctx, tags["Cyber red lines"].ID, "Ada: the sixteen sectors are the core."))
	mustNil(t, ada.CreateJournalEntry(ctx, &annotate.JournalEntry{Date: "2021-06-17", Title: "First pass", Text: "Coded the Axios piece."}))
	adaMemo := "Ada: read as the wire's first take."
	_, err := ada.UpdateDocument(ctx, docs["Summit"].ID, annotate.DocumentUpdate{Memo: &adaMemo})
	mustNil(t, err)
	ada.Close()

	ben := openAs(t, benPath, "Ben")
	// Ben's clock runs a little later, so that his memo and his value of
	// the Cyber article are the later ones.
	n := 0
	ben.Now = func() time.Time { n++; return t0.Add(time.Second + time.Duration(n)*time.Millisecond) }
	words := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	mustNil(t, ben.CreateAttribute(ctx, words))
	mustNil(t, ben.SetAttribute(ctx, docs["Navalny"].ID, words.ID, "1,250"))
	benOutlet := &annotate.Attribute{Name: "outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Broadcaster"}}
	mustNil(t, ben.CreateAttribute(ctx, benOutlet))
	mustNil(t, ben.SetAttribute(ctx, docs["Cyber"].ID, benOutlet.ID, "Broadcaster"))
	mustNil(t, ben.SetCodeMemo(ctx, tags["Cyber red lines"].ID, "Ben: the list is a bargaining chip."))
	mustNil(t, ben.CreateJournalEntry(ctx, &annotate.JournalEntry{Date: "2021-06-18", Text: "Disagree with Ada on red lines."}))
	benMemo := "Ben: the only piece on Navalny."
	_, err = ben.UpdateDocument(ctx, docs["Navalny"].ID, annotate.DocumentUpdate{Memo: &benMemo})
	mustNil(t, err)
	ben.Close()

	ab, ba := filepath.Join(dir, "ab.gloss"), filepath.Join(dir, "ba.gloss")
	copyFile(t, adaPath, ab)
	copyFile(t, benPath, ba)
	dab := openAs(t, ab, "Ada")
	defer dab.Close()
	rep, err := dab.Merge(ctx, benPath)
	mustNil(t, err)
	dba := openAs(t, ba, "Ben")
	defer dba.Close()
	if _, err := dba.Merge(ctx, adaPath); err != nil {
		t.Fatal(err)
	}
	got, other := analysisContent(t, dab), analysisContent(t, dba)
	if got != other {
		t.Fatalf("merging either way differs:\n%s", diff(got, other))
	}
	for _, want := range []string{
		// One attribute for the two by the same name: Ben's definition is
		// the later one; Ada's Summit value is kept, Ben's later value of
		// the Cyber article wins.
		"attribute outlet type choice [Wire Broadcaster] by Ben",
		"attribute Words number [] by Ben",
		"value Summit.outlet type = Wire",
		"value Cyber.outlet type = Broadcaster",
		"value Navalny.Words = 1250",
		`memo code Cyber red lines "Ben: the list is a bargaining chip." by Ben`,
		`memo journal First pass "Coded the Axios piece." by Ada`,
		`memo journal  "Disagree with Ada on red lines." by Ben`,
		`"Ada: read as the wire's first take." by Ada`,
		`"Ben: the only piece on Navalny." by Ben`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("merged content lacks %q:\n%s", want, got)
		}
	}
	if rep.AttributesAdded != 1 || rep.AttributesUpdated != 1 || rep.JournalAdded != 1 || rep.MemosUpdated != 2 || rep.ValuesUpdated != 2 {
		t.Errorf("report: %d attributes added, %d updated, %d journal entries, %d memos, %d values", rep.AttributesAdded, rep.AttributesUpdated,
			rep.JournalAdded, rep.MemosUpdated, rep.ValuesUpdated)
	}
	if len(rep.MemoConflicts) != 1 || rep.MemoConflicts[0].Text != "Ada: the sixteen sectors are the core." || rep.MemoConflicts[0].Kept != "Ben" {
		t.Errorf("memo conflicts: %+v", rep.MemoConflicts)
	}
	// Ada's Summit value "Wire" fits Ben's choices; none is left over.
	if len(rep.AttributeMisfits) != 0 {
		t.Errorf("misfits: %q", rep.AttributeMisfits)
	}
	again, err := dab.Merge(ctx, benPath)
	mustNil(t, err)
	if again.Changed() || analysisContent(t, dab) != got {
		t.Fatalf("merging twice changed something: %+v", again)
	}
	// The journal and memos are found by the project search.
	res, err := dab.Search(ctx, "bargaining", storage.SearchOptions{})
	mustNil(t, err)
	if len(res.Hits) != 1 || res.Hits[0].Field != annotate.FieldMemo {
		t.Fatalf("search for a memo: %+v", res.Hits)
	}
	res, err = dab.Search(ctx, "Navalny piece", storage.SearchOptions{})
	mustNil(t, err)
	var memoHits []string
	for _, h := range res.Hits {
		if k := h.MemoKind + " " + h.MemoID; h.Field == annotate.FieldMemo && (len(memoHits) == 0 || memoHits[len(memoHits)-1] != k) {
			memoHits = append(memoHits, k)
		}
	}
	if len(memoHits) != 1 || memoHits[0] != annotate.MemoDocument+" "+docs["Navalny"].ID {
		t.Fatalf("search for a document's memo: %q in %+v", memoHits, res.Hits)
	}
	byBen, err := dab.Memos(ctx, annotate.MemoFilter{Kinds: []string{annotate.MemoDocument}, Authors: []string{"Ben"}})
	mustNil(t, err)
	if len(byBen) != 1 || byBen[0].Text != benMemo {
		t.Fatalf("Ben's document memos: %+v", byBen)
	}
	problems, err := dab.Check(ctx)
	if err != nil || len(problems) > 0 {
		t.Fatalf("check after merging: %q, %v", problems, err)
	}
}

// TestMergeClearingsAndDeletions: what one colleague clears or deletes
// travels like what they write. Ada, later, clears a value and a code's
// memo and deletes a journal entry that Ben, earlier, edited; Ben changes
// another value and a document memo. Either way round the merge agrees;
// the memo Ada's clearing replaced is named, so its text is not lost.
func TestMergeClearingsAndDeletions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	basePath := base(t, dir)
	b := openAs(t, basePath, "Ada")
	b.Now = func() time.Time { return t0.Add(time.Millisecond) }
	docs, tags := byTitle(t, b), tagsByName(t, b)
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	mustNil(t, b.CreateAttribute(ctx, outlet))
	mustNil(t, b.SetAttributes(ctx, map[string]map[string]string{docs["Summit"].ID: {outlet.ID: "Wire"}, docs["Cyber"].ID: {outlet.ID: "Newspaper"}}))
	cyber := tags["Cyber red lines"].ID
	mustNil(t, b.SetCodeMemo(ctx, cyber, "Statements of limits only."))
	entry := &annotate.JournalEntry{Date: "2021-06-17", Title: "Plan", Text: "Code the wire copy first."}
	mustNil(t, b.CreateJournalEntry(ctx, entry))
	b.Close()
	adaPath, benPath := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, basePath, adaPath)
	copyFile(t, basePath, benPath)

	ben := openAs(t, benPath, "Ben")
	ben.Now = func() time.Time { return t0.Add(time.Second) }
	mustNil(t, ben.SetCodeMemo(ctx, cyber, "Ben: statements and threats."))
	entry.Text = "Code the wire copy first, then the papers."
	mustNil(t, ben.UpdateJournalEntry(ctx, entry))
	mustNil(t, ben.SetAttribute(ctx, docs["Cyber"].ID, outlet.ID, "Wire"))
	memo := "Ben: the papers' framing."
	_, err := ben.UpdateDocument(ctx, docs["Summit"].ID, annotate.DocumentUpdate{Memo: &memo})
	mustNil(t, err)
	ben.Close()

	ada := openAs(t, adaPath, "Ada")
	ada.Now = func() time.Time { return t0.Add(2 * time.Second) }
	mustNil(t, ada.SetAttribute(ctx, docs["Summit"].ID, outlet.ID, ""))
	mustNil(t, ada.SetCodeMemo(ctx, cyber, ""))
	mustNil(t, ada.DeleteJournalEntry(ctx, entry.ID))
	ada.Close()

	ab, ba := filepath.Join(dir, "ab.gloss"), filepath.Join(dir, "ba.gloss")
	copyFile(t, adaPath, ab)
	copyFile(t, benPath, ba)
	dab := openAs(t, ab, "Ada")
	defer dab.Close()
	rep, err := dab.Merge(ctx, benPath)
	mustNil(t, err)
	dba := openAs(t, ba, "Ben")
	defer dba.Close()
	rep2, err := dba.Merge(ctx, adaPath)
	mustNil(t, err)
	got, other := analysisContent(t, dab), analysisContent(t, dba)
	if got != other {
		t.Fatalf("merging either way differs:\n%s", diff(got, other))
	}
	for _, want := range []string{"value Cyber.Outlet type = Wire", `memo document Summit "Ben: the papers' framing." by Ben`} {
		if !strings.Contains(got, want) {
			t.Errorf("merged content lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"value Summit.", "memo code", "memo journal"} {
		if strings.Contains(got, gone) {
			t.Errorf("merged content has %q, which Ada cleared or deleted later:\n%s", gone, got)
		}
	}
	// Ben's memo, replaced by Ada's later clearing, is named in the
	// report of the merge into Ben's file.
	named := false
	for _, c := range rep2.MemoConflicts {
		named = named || c.Text == "Ben: statements and threats." && c.Kept == "Ada"
	}
	if !named {
		t.Errorf("the merge into Ben's file does not name his replaced memo: %+v", rep2.MemoConflicts)
	}
	// So is his edit of the journal entry Ada deleted afterwards: the
	// deletion, later, carries her version.
	named = false
	for _, c := range rep2.MemoConflicts {
		named = named || c.Kind == annotate.MemoJournal && c.Text == entry.Text && c.Kept == "Ada" && c.Replaced == "Ben" && c.Subject == "2021-06-17 Plan"
	}
	if !named {
		t.Errorf("the merge into Ben's file does not name his edit of the deleted entry: %+v", rep2.MemoConflicts)
	}
	if len(rep.MemoConflicts) != 0 {
		t.Errorf("Ada's file lost nothing of hers, but the merge names %+v", rep.MemoConflicts)
	}
	for _, db := range []*storage.DB{dab, dba} {
		if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
			t.Fatalf("check after merging: %q, %v", problems, err)
		}
		// The entry is in the bin, not lost: restoring it brings it back.
		mustNil(t, db.RestoreJournalEntry(ctx, entry.ID))
		if _, err := db.JournalEntry(ctx, entry.ID); err != nil {
			t.Errorf("the deleted entry does not come back: %v", err)
		}
	}
}
