package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// rowCounts returns the number of rows, deleted ones included, of every
// table that holds the project's content.
func rowCounts(tb testing.TB, raw *sql.DB) string {
	tb.Helper()
	s := ""
	for _, table := range []string{"documents", "tags", "passages", "passage_tags", "notes"} {
		s += fmt.Sprintf("%s %d ", table, rawInt(tb, raw, "SELECT count(*) FROM "+table))
	}
	return s
}

// live reports whether the passage is found.
func live(tb testing.TB, db *storage.DB, id string) bool {
	tb.Helper()
	_, err := db.Passage(context.Background(), id)
	if err != nil && annotate.ErrorCode(err) != annotate.ENOTFOUND {
		tb.Fatal(err)
	}
	return err == nil
}

// tagsOf returns the live tags of a live passage.
func tagsOf(tb testing.TB, db *storage.DB, id string) []string {
	tb.Helper()
	p, err := db.Passage(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return p.Tags
}

func TestDeleteAndRestorePassage(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	mustNil(t, db.SetNote(ctx, p.ID, "kept while deleted"))
	raw := rawOpen(t, path)
	before := rowCounts(t, raw)

	clock.Tick()
	mustNil(t, db.DeletePassage(ctx, p.ID))
	if live(t, db, p.ID) {
		t.Fatal("deleted passage still found")
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{}); len(ps) != 0 {
		t.Fatalf("deleted passage listed: %v", passageIDs(ps))
	}
	if tg, _ := db.Tag(ctx, tag.ID); tg.Passages != 0 {
		t.Fatalf("tag counts %d passages after the delete", tg.Passages)
	}
	if d, _ := db.Document(ctx, doc.ID); d.Passages != 0 {
		t.Fatalf("document counts %d passages after the delete", d.Passages)
	}
	if got := rawString(t, raw, "SELECT deleted_at FROM passages WHERE id = ?", p.ID); got != "2021-06-16T12:00:01.000000Z" {
		t.Fatalf("deleted_at = %q", got)
	}
	// Deleting twice is harmless; AddTag, RemoveTag and SetNote see no passage.
	mustNil(t, db.DeletePassage(ctx, p.ID))
	wantCode(t, db.AddTag(ctx, p.ID, tag.ID), annotate.ENOTFOUND, "AddTag to a deleted passage")
	wantCode(t, db.SetNote(ctx, p.ID, "x"), annotate.ENOTFOUND, "SetNote on a deleted passage")

	clock.Tick()
	mustNil(t, db.RestorePassage(ctx, p.ID))
	got, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Note.Text != "kept while deleted" || !sameIDs(got.Tags, []string{tag.ID}) || !got.UpdatedAt.Equal(clock.t) {
		t.Fatalf("restored passage %+v", got)
	}
	if after := rowCounts(t, raw); after != before {
		t.Fatalf("rows changed: %s, before %s", after, before)
	}
	wantCode(t, db.DeletePassage(ctx, annotate.NewID()), annotate.ENOTFOUND, "DeletePassage of a missing passage")
	wantCode(t, db.RestorePassage(ctx, annotate.NewID()), annotate.ENOTFOUND, "RestorePassage of a missing passage")
}

func TestDeleteAndRestoreDocument(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	other := MustDocument(t, db, "Other", "Putin said the talks were constructive.")
	tag := MustTag(t, db, "Ambassadors")
	p1 := MustPassage(t, db, doc, "President Biden", tag.ID)
	p2 := MustPassage(t, db, doc, "ambassadors", tag.ID)
	gone := MustPassage(t, db, doc, "Geneva", tag.ID)
	kept := MustPassage(t, db, other, "constructive", tag.ID)
	raw := rawOpen(t, path)
	before := rowCounts(t, raw)

	clock.Tick()
	mustNil(t, db.DeletePassage(ctx, gone.ID))
	clock.Tick()
	mustNil(t, db.DeleteDocument(ctx, doc.ID))
	if _, err := db.Document(ctx, doc.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted document: %v", err)
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	mustNil(t, err)
	if len(docs) != 1 || docs[0].ID != other.ID {
		t.Fatalf("Documents after the delete: %+v", docs)
	}
	for _, p := range []*annotate.Passage{p1, p2, gone} {
		if live(t, db, p.ID) {
			t.Errorf("passage %q of the deleted document still found", p.Quote)
		}
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	mustNil(t, err)
	if !sameIDs(passageIDs(ps), []string{kept.ID}) {
		t.Fatalf("Passages after deleting a document: %v", passageIDs(ps))
	}
	if tg, _ := db.Tag(ctx, tag.ID); tg.Passages != 1 {
		t.Fatalf("tag counts %d passages, want 1", tg.Passages)
	}
	wantCode(t, db.DeleteDocument(ctx, doc.ID), annotate.ENOTFOUND, "deleting a deleted document")
	wantCode(t, db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{tag.ID}}),
		annotate.ENOTFOUND, "a passage on a deleted document")

	clock.Tick()
	mustNil(t, db.RestoreDocument(ctx, doc.ID))
	d, err := db.Document(ctx, doc.ID)
	mustNil(t, err)
	if d.Passages != 2 {
		t.Fatalf("restored document counts %d passages, want 2", d.Passages)
	}
	if !live(t, db, p1.ID) || !live(t, db, p2.ID) {
		t.Fatal("passages deleted with the document did not come back")
	}
	if live(t, db, gone.ID) {
		t.Fatal("a passage deleted before the document came back with it")
	}
	if after := rowCounts(t, raw); after != before {
		t.Fatalf("rows changed: %s, before %s", after, before)
	}
	mustNil(t, db.RestoreDocument(ctx, doc.ID)) // restoring a live document does nothing
	if live(t, db, gone.ID) {
		t.Fatal("restoring a live document revived a deleted passage")
	}
	wantCode(t, db.RestoreDocument(ctx, annotate.NewID()), annotate.ENOTFOUND, "RestoreDocument of a missing document")
}

func TestDeleteAndRestoreTag(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	top := MustTag(t, db, "Diplomacy")
	a := &annotate.Tag{Name: "Ambassadors", Color: "#123456", ParentID: top.ID}
	mustNil(t, db.CreateTag(ctx, a))
	child := &annotate.Tag{Name: "Return of ambassadors", Color: "#123456", ParentID: a.ID}
	mustNil(t, db.CreateTag(ctx, child))
	b := MustTag(t, db, "Outcomes")
	onlyA := MustPassage(t, db, doc, "ambassadors", a.ID)
	both := MustPassage(t, db, doc, "return to their posts", a.ID, b.ID)
	onlyB := MustPassage(t, db, doc, "constructive", b.ID)
	raw := rawOpen(t, path)
	before := rowCounts(t, raw)

	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, a.ID))
	if _, err := db.Tag(ctx, a.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted tag: %v", err)
	}
	if live(t, db, onlyA.ID) {
		t.Fatal("a passage left with no tag is still live")
	}
	if got := tagsOf(t, db, both.ID); !sameIDs(got, []string{b.ID}) {
		t.Fatalf("passage with another tag has tags %v, want only %s", got, b.ID)
	}
	if got := tagsOf(t, db, onlyB.ID); !sameIDs(got, []string{b.ID}) {
		t.Fatalf("untouched passage has tags %v", got)
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{a.ID}}); len(ps) != 0 {
		t.Fatalf("passages still listed under the deleted tag: %v", passageIDs(ps))
	}
	c, err := db.Tag(ctx, child.ID)
	mustNil(t, err)
	if c.ParentID != top.ID {
		t.Fatalf("child moved to %q, want the deleted tag's parent %s", c.ParentID, top.ID)
	}
	tags, err := db.Tags(ctx)
	mustNil(t, err)
	for _, tg := range tags {
		if tg.ID == a.ID {
			t.Fatal("deleted tag listed")
		}
	}

	clock.Tick()
	mustNil(t, db.RestoreTag(ctx, a.ID))
	if !live(t, db, onlyA.ID) || !sameIDs(tagsOf(t, db, onlyA.ID), []string{a.ID}) {
		t.Fatal("the passage deleted with the tag did not come back with it")
	}
	if got := tagsOf(t, db, both.ID); !sameIDs(got, []string{a.ID, b.ID}) {
		t.Fatalf("restored tag: passage tags %v, want %v", got, []string{a.ID, b.ID})
	}
	if tg, err := db.Tag(ctx, a.ID); err != nil || tg.Passages != 2 || tg.ParentID != top.ID {
		t.Fatalf("restored tag %+v, %v", tg, err)
	}
	if after := rowCounts(t, raw); after != before {
		t.Fatalf("rows changed: %s, before %s", after, before)
	}

	// Deleting a top-level tag moves its children to the top.
	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, top.ID))
	if tg, err := db.Tag(ctx, a.ID); err != nil || tg.ParentID != "" {
		t.Fatalf("child of a deleted top-level tag: %+v, %v", tg, err)
	}
	wantCode(t, db.DeleteTag(ctx, top.ID), annotate.ENOTFOUND, "deleting a deleted tag")
	wantCode(t, db.RestoreTag(ctx, annotate.NewID()), annotate.ENOTFOUND, "RestoreTag of a missing tag")
}

func TestMergeTags(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	from := MustTag(t, db, "Envoys")
	into := MustTag(t, db, "Ambassadors")
	other := MustTag(t, db, "Outcomes")
	kid := &annotate.Tag{Name: "Envoy recall", Color: "#123456", ParentID: from.ID}
	mustNil(t, db.CreateTag(ctx, kid))

	onlyFrom := MustPassage(t, db, doc, "ambassadors", from.ID)
	both := MustPassage(t, db, doc, "return to their posts", from.ID, into.ID)
	onlyInto := MustPassage(t, db, doc, "constructive", into.ID, other.ID)
	// A passage that had into once: the tombstoned pairing comes back.
	wasInto := MustPassage(t, db, doc, "Geneva", from.ID, other.ID, into.ID)
	clock.Tick()
	mustNil(t, db.RemoveTag(ctx, wasInto.ID, into.ID))
	raw := rawOpen(t, path)
	pairs := rawInt(t, raw, "SELECT count(*) FROM passage_tags")

	clock.Tick()
	wantCode(t, db.MergeTags(ctx, from.ID, from.ID), annotate.EINVALID, "merging a tag into itself")
	wantCode(t, db.MergeTags(ctx, from.ID, annotate.NewID()), annotate.ENOTFOUND, "merging into a missing tag")
	mustNil(t, db.MergeTags(ctx, from.ID, into.ID))

	if _, err := db.Tag(ctx, from.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("merged tag still live: %v", err)
	}
	for _, tt := range []struct {
		p    *annotate.Passage
		want []string
	}{
		{onlyFrom, []string{into.ID}},
		{both, []string{into.ID}},
		{onlyInto, []string{into.ID, other.ID}},
		{wasInto, []string{other.ID, into.ID}},
	} {
		if !live(t, db, tt.p.ID) {
			t.Fatalf("passage %q lost in the merge", tt.p.Quote)
		}
		got := tagsOf(t, db, tt.p.ID)
		if len(got) != len(tt.want) {
			t.Fatalf("passage %q has tags %v after the merge, want %v", tt.p.Quote, got, tt.want)
		}
		for _, id := range tt.want {
			if !(&annotate.Passage{Tags: got}).HasTag(id) {
				t.Fatalf("passage %q has tags %v after the merge, want %v", tt.p.Quote, got, tt.want)
			}
		}
	}
	if tg, err := db.Tag(ctx, into.ID); err != nil || tg.Passages != 4 {
		t.Fatalf("merged-into tag %+v, %v; want 4 passages", tg, err)
	}
	if k, err := db.Tag(ctx, kid.ID); err != nil || k.ParentID != into.ID {
		t.Fatalf("child of the merged tag: %+v, %v; want it under %s", k, err, into.ID)
	}
	// One new pairing (the passage that only had from), no duplicates, no row removed.
	if n := rawInt(t, raw, "SELECT count(*) FROM passage_tags"); n != pairs+1 {
		t.Fatalf("%d passage_tags rows after the merge, want %d", n, pairs+1)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM passage_tags WHERE tag_id = ? AND deleted_at IS NULL", from.ID); n != 0 {
		t.Fatalf("%d live pairings with the merged tag", n)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM tags"); n != 4 {
		t.Fatalf("%d tag rows after the merge, want 4", n)
	}
}

// parentsOf walks a tag's ancestors, failing on a cycle.
func parentsOf(tb testing.TB, db *storage.DB, id string) []string {
	tb.Helper()
	var up []string
	for seen := map[string]bool{id: true}; ; {
		tag, err := db.Tag(context.Background(), id)
		if err != nil {
			tb.Fatal(err)
		}
		if tag.ParentID == "" {
			return up
		}
		if seen[tag.ParentID] {
			tb.Fatalf("tag nesting has a cycle: %v then %s", up, tag.ParentID)
		}
		seen[tag.ParentID] = true
		id = tag.ParentID
		up = append(up, id)
	}
}

func TestMergeTagIntoItsDescendant(t *testing.T) {
	ctx := context.Background()
	db, _, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	nest := func(name, parent string) *annotate.Tag {
		tag := &annotate.Tag{Name: name, Color: "#123456", ParentID: parent}
		mustNil(t, db.CreateTag(ctx, tag))
		return tag
	}
	root := nest("Politics", "")
	a := nest("Diplomacy", root.ID)
	c := nest("Envoys", a.ID)
	d := nest("Ambassadors", c.ID)
	e := nest("Summits", a.ID)
	p := MustPassage(t, db, doc, "ambassadors", a.ID)

	// Diplomacy into its grandchild Ambassadors: Ambassadors takes its place.
	mustNil(t, db.MergeTags(ctx, a.ID, d.ID))
	if got := parentsOf(t, db, d.ID); !sameIDs(got, []string{root.ID}) {
		t.Errorf("merged-into tag's ancestors %v, want [%s]", got, root.ID)
	}
	for _, tag := range []*annotate.Tag{c, e} {
		if got := parentsOf(t, db, tag.ID); !sameIDs(got, []string{d.ID, root.ID}) {
			t.Errorf("%s's ancestors %v, want [%s %s]", tag.Name, got, d.ID, root.ID)
		}
	}
	if got := tagsOf(t, db, p.ID); !sameIDs(got, []string{d.ID}) {
		t.Errorf("passage tags %v, want [%s]", got, d.ID)
	}
}

func TestRestoreTagUnderDeletedParent(t *testing.T) {
	ctx := context.Background()
	db, _, clock := newProject(t, "Ada")
	root := MustTag(t, db, "Politics")
	mk := func(name, parent string) *annotate.Tag {
		tag := &annotate.Tag{Name: name, Color: "#123456", ParentID: parent}
		mustNil(t, db.CreateTag(ctx, tag))
		return tag
	}
	p := mk("Diplomacy", root.ID)
	a := mk("Ambassadors", p.ID)
	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, a.ID))
	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, p.ID)) // a is not live, so it does not move up
	clock.Tick()
	mustNil(t, db.RestoreTag(ctx, a.ID))
	// The restored tag hangs under its nearest live ancestor, never under a deleted tag.
	got, err := db.Tag(ctx, a.ID)
	mustNil(t, err)
	if got.ParentID != root.ID {
		t.Fatalf("restored tag has parent %q, want the nearest live ancestor %s", got.ParentID, root.ID)
	}
	tags, err := db.Tags(ctx)
	mustNil(t, err)
	listed := map[string]bool{}
	for _, tg := range tags {
		listed[tg.ID] = true
	}
	for _, tg := range tags {
		if tg.ParentID != "" && !listed[tg.ParentID] {
			t.Errorf("tag %s listed under %s, which is not in the codebook", tg.Name, tg.ParentID)
		}
	}
	// With no live ancestor left, it comes back at the top.
	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, a.ID))
	clock.Tick()
	mustNil(t, db.DeleteTag(ctx, root.ID))
	clock.Tick()
	mustNil(t, db.RestoreTag(ctx, a.ID))
	if got, err := db.Tag(ctx, a.ID); err != nil || got.ParentID != "" {
		t.Fatalf("restored tag with no live ancestor: %+v, %v", got, err)
	}
}

func TestCreateWithATakenIDConflicts(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	// Tombstoned rows keep their IDs too.
	clock.Tick()
	mustNil(t, db.DeletePassage(ctx, p.ID))
	raw := rawOpen(t, path)
	before := rowCounts(t, raw)

	_, err := db.CreateDocument(ctx, &annotate.Document{ID: doc.ID, Title: "Other", Text: "another text"})
	wantCode(t, err, annotate.ECONFLICT, "CreateDocument with a taken id")
	wantCode(t, db.CreateTag(ctx, &annotate.Tag{ID: tag.ID, Name: "Other", Color: "#123456"}), annotate.ECONFLICT, "CreateTag with a taken id")
	wantCode(t, db.CreatePassage(ctx, &annotate.Passage{ID: p.ID, DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{tag.ID}}),
		annotate.ECONFLICT, "CreatePassage with a taken id")
	if after := rowCounts(t, raw); after != before {
		t.Fatalf("rows changed: %s, before %s", after, before)
	}
}
