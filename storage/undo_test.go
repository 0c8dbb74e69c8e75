package storage_test

import (
	"context"
	"testing"

	"gloss/annotate"
)

func TestUnmergeTags(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	from := MustTag(t, db, "Envoys")
	into := MustTag(t, db, "Ambassadors")
	child := &annotate.Tag{Name: "Recall", Color: "#e6194b", ParentID: from.ID}
	if err := db.CreateTag(ctx, child); err != nil {
		t.Fatal(err)
	}
	only := MustPassage(t, db, doc, "ambassadors would return", from.ID)
	both := MustPassage(t, db, doc, "Vladimir Putin", from.ID, into.ID)
	intoOnly := MustPassage(t, db, doc, "Geneva", into.ID)

	m, err := db.MergeTagsRecorded(ctx, from.ID, into.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Added) != 1 || m.Added[0] != only.ID {
		t.Fatalf("Added = %v, want only %s", m.Added, only.ID)
	}
	if len(m.Children) != 1 || m.Children[0] != child.ID {
		t.Fatalf("Children = %v, want %s", m.Children, child.ID)
	}
	if got, _ := db.Tag(ctx, child.ID); got.ParentID != into.ID {
		t.Fatalf("after merge, child's parent = %q, want %q", got.ParentID, into.ID)
	}
	if _, err := db.Tag(ctx, from.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("merged tag still live: %v", err)
	}

	if err := db.UnmergeTags(ctx, m); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		only.ID:     {from.ID},
		both.ID:     {from.ID, into.ID},
		intoOnly.ID: {into.ID},
	}
	for id, tags := range want {
		p, err := db.Passage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !sameSet(p.Tags, tags) {
			t.Errorf("passage %q tags = %v, want %v", p.Quote, p.Tags, tags)
		}
	}
	if got, _ := db.Tag(ctx, child.ID); got.ParentID != from.ID {
		t.Errorf("after unmerge, child's parent = %q, want %q", got.ParentID, from.ID)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}

	// Redo: merging again gives the same record.
	m2, err := db.MergeTagsRecorded(ctx, from.ID, into.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Added) != 1 || m2.Added[0] != only.ID {
		t.Fatalf("second merge Added = %v", m2.Added)
	}
}

func TestUnmergeNestedInto(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	top := MustTag(t, db, "Diplomacy")
	from := &annotate.Tag{Name: "Envoys", Color: "#e6194b", ParentID: top.ID}
	if err := db.CreateTag(ctx, from); err != nil {
		t.Fatal(err)
	}
	into := &annotate.Tag{Name: "Ambassadors", Color: "#e6194b", ParentID: from.ID}
	if err := db.CreateTag(ctx, into); err != nil {
		t.Fatal(err)
	}
	m, err := db.MergeTagsRecorded(ctx, from.ID, into.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Tag(ctx, into.ID); got.ParentID != top.ID {
		t.Fatalf("into's parent after merge = %q, want %q", got.ParentID, top.ID)
	}
	if err := db.UnmergeTags(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Tag(ctx, into.ID); got.ParentID != from.ID {
		t.Fatalf("into's parent after unmerge = %q, want %q", got.ParentID, from.ID)
	}
}

func TestRestoreTagWithChildren(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	parent := MustTag(t, db, "Diplomacy")
	child := &annotate.Tag{Name: "Ambassadors", Color: "#e6194b", ParentID: parent.ID}
	if err := db.CreateTag(ctx, child); err != nil {
		t.Fatal(err)
	}
	p := MustPassage(t, db, doc, "Geneva", parent.ID)
	children, err := db.ChildTags(ctx, parent.ID)
	if err != nil || len(children) != 1 || children[0] != child.ID {
		t.Fatalf("ChildTags = %v, %v", children, err)
	}
	if err := db.DeleteTag(ctx, parent.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Passage(ctx, p.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("passage left without tags should be deleted: %v", err)
	}
	if err := db.RestoreTagWithChildren(ctx, parent.ID, children); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Tag(ctx, child.ID); got.ParentID != parent.ID {
		t.Fatalf("child's parent = %q, want %q", got.ParentID, parent.ID)
	}
	if got, err := db.Passage(ctx, p.ID); err != nil || !sameSet(got.Tags, []string{parent.ID}) {
		t.Fatalf("passage after restore: %+v, %v", got, err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}
