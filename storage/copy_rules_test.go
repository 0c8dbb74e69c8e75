package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// A copy that keeps only some authors' work drops the tags nobody kept, and
// with them the auto-coding rules that point at those tags; the rules of
// kept tags survive.
func TestSaveCopyKeepsRulesOfKeptTags(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	kept := MustTag(t, db, "Ambassadors")
	dropped := MustTag(t, db, "Cooperation")
	MustPassage(t, db, doc, "ambassadors would return", kept.ID)
	for _, r := range []*annotate.Rule{
		{Name: "ambassadors", Pattern: "ambassador", Kind: annotate.RuleWords, TagID: kept.ID, Scope: annotate.ScopeSentence},
		{Name: "cooperation", Pattern: "constructive", Kind: annotate.RuleWords, TagID: dropped.ID, Scope: annotate.ScopeSentence},
	} {
		if err := db.CreateRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	db.SetAuthor("Ben")
	MustPassage(t, db, doc, "constructive", dropped.ID)

	out := filepath.Join(t.TempDir(), "ada.gloss")
	if _, err := db.SaveCopy(ctx, out, storage.CopyOptions{Authors: []string{"Ada"}}); err != nil {
		t.Fatalf("copy keeping Ada's work: %v", err)
	}
	cp, err := storage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	rules, err := cp.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 1 || rules[0].Name != "ambassadors" || rules[0].TagID != kept.ID {
		t.Fatalf("rules in the copy: %+v, want only the rule of the kept tag", rules)
	}
	if _, err := cp.Tag(ctx, dropped.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("tag used only by Ben is still in the copy: %v", err)
	}
}
