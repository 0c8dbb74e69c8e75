package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// TestUpgradeToMemosAndGroupingCodes opens a project written before
// documents had memos and tags could be grouping codes: every document,
// passage, note and count comes through the rebuild of the documents
// table, search still finds them, and the file passes check.
func TestUpgradeToMemosAndGroupingCodes(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	rtl := "rtl"
	if _, err := f.DB.UpdateDocument(ctx, f.Red.ID, annotate.DocumentUpdate{Direction: &rtl}); err != nil {
		t.Fatal(err)
	}
	before := storagetest.Summary(t, f.DB)
	docsBefore, err := f.DB.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	path := f.DB.Path()
	f.DB.Close()
	const before007 = 6 // the schema before 007_interchange.sql
	if err := storage.Downgrade(path, before007); err != nil {
		t.Fatal(err)
	}
	if v, err := storage.Inspect(path); err != nil || v != before007 {
		t.Fatalf("downgraded file: version %d, %v", v, err)
	}
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAuthor("Ada")
	if got := storagetest.Summary(t, db); !reflect.DeepEqual(got, before) {
		t.Errorf("passages after the upgrade:\n got %q\nwant %q", got, before)
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(docsBefore) {
		t.Fatalf("%d documents after the upgrade, %d before", len(docs), len(docsBefore))
	}
	for i, d := range docs {
		w := docsBefore[i]
		if d.ID != w.ID || d.Title != w.Title || d.Hash != w.Hash || d.Passages != w.Passages || d.Direction != w.Direction || d.Memo != "" || !d.MemoUpdatedAt.IsZero() {
			t.Errorf("document %d: %+v, want %+v", i, d, w)
		}
		full, err := db.Document(ctx, d.ID)
		if err != nil || annotate.HashText(full.Text) != w.Hash {
			t.Errorf("document %s text: %v", d.ID, err)
		}
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range tags {
		if tg.Grouping {
			t.Errorf("tag %q came back as a grouping code", tg.Name)
		}
	}
	res, err := db.Search(ctx, "ambassadors", storage.SearchOptions{})
	if err != nil || len(res.Hits) == 0 {
		t.Errorf("search after the upgrade: %+v %v", res, err)
	}
	m, err := db.TagDocumentMatrix(ctx)
	if err != nil || m.At(f.Cyber.ID, f.Geneva.ID) != 1 {
		t.Errorf("tag × document counts after the upgrade: %v", err)
	}
	// New documents after the upgrade are indexed too.
	doc := &annotate.Document{Title: "After", Text: "Sullivan spoke after the upgrade.", Memo: "Read first."}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if res, err := db.Search(ctx, "sullivan", storage.SearchOptions{}); err != nil || len(res.Hits) != 1 {
		t.Errorf("search for a document added after the upgrade: %+v %v", res, err)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check after the upgrade: %v %v", problems, err)
	}
}

// TestGroupingCodesAreNeverApplied: a grouping code organizes the codebook;
// every way of applying it is refused with a sentence that says why, and a
// code that carries passages cannot become one.
func TestGroupingCodesAreNeverApplied(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	group := &annotate.Tag{Name: "Diplomacy", Color: "#4363d8", Grouping: true}
	if err := db.CreateTag(ctx, group); err != nil {
		t.Fatal(err)
	}
	child := &annotate.Tag{Name: "Ambassadors", Color: "#f58231", ParentID: group.ID}
	if err := db.CreateTag(ctx, child); err != nil {
		t.Fatal(err)
	}
	got, err := db.Tag(ctx, group.ID)
	if err != nil || !got.Grouping {
		t.Fatalf("grouping code read back as %+v, %v", got, err)
	}
	refused := func(what string, err error) {
		t.Helper()
		if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "grouping code") {
			t.Errorf("%s: %v, want a refusal naming the grouping code", what, err)
		}
	}
	start, end, _ := annotate.FindQuote(annotate.NewText(article), "ambassadors", 0)
	refused("create a passage", db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: "ambassadors", Tags: []string{group.ID}}))
	p := MustPassage(t, db, doc, "ambassadors", child.ID)
	refused("add the tag", db.AddTag(ctx, p.ID, group.ID))
	refused("an auto-coding rule", db.CreateRule(ctx, &annotate.Rule{Name: "Envoys", Pattern: "envoy", Kind: annotate.RuleWords, TagID: group.ID, Scope: annotate.ScopeSentence}))
	refused("merge a code with passages into it", db.MergeTags(ctx, child.ID, group.ID))
	if _, err := db.MergeTagsRecorded(ctx, child.ID, group.ID); err == nil {
		t.Error("a recorded merge into a grouping code was allowed")
	}
	grouping := true
	if _, err := db.UpdateTag(ctx, child.ID, annotate.TagUpdate{Grouping: &grouping}); annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "1 passage") {
		t.Errorf("making a code with a passage a grouping code: %v", err)
	}
	if ps, _ := db.Passages(ctx, annotate.PassageFilter{}); len(ps) != 1 || !reflect.DeepEqual(ps[0].Tags, []string{child.ID}) {
		t.Errorf("passages after the refusals: %+v", ps)
	}
	// A grouping code made an ordinary code can be applied.
	codable := false
	if _, err := db.UpdateTag(ctx, group.ID, annotate.TagUpdate{Grouping: &codable}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTag(ctx, p.ID, group.ID); err != nil {
		t.Errorf("an ordinary code again: %v", err)
	}
	// A code without passages can become a grouping code.
	empty := MustTag(t, db, "Later")
	if upd, err := db.UpdateTag(ctx, empty.ID, annotate.TagUpdate{Grouping: &grouping}); err != nil || !upd.Grouping {
		t.Errorf("an unused code made a grouping code: %+v %v", upd, err)
	}
}

// TestMemoMergesOnItsOwnTime: one colleague writes a document's memo, the
// other renames the document: the merge keeps both, in either order; of two
// memos the later one wins.
func TestMemoMergesOnItsOwnTime(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := base(t, dir)
	a, c := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, b, a)
	copyFile(t, b, c)
	summitID := func(db *storage.DB) string {
		docs, err := db.Documents(ctx, annotate.DocumentFilter{Text: "Summit"})
		if err != nil || len(docs) != 1 {
			t.Fatalf("%v %v", docs, err)
		}
		return docs[0].ID
	}
	ada := openAs(t, a, "Ada")
	memo := "Read against the Kremlin's readout."
	id := summitID(ada)
	if d, err := ada.UpdateDocument(ctx, id, annotate.DocumentUpdate{Memo: &memo}); err != nil || d.Memo != memo || d.MemoUpdatedAt.IsZero() {
		t.Fatalf("memo written: %+v %v", d, err)
	}
	ada.Close()
	ben := openAs(t, c, "Ben")
	ben.Now = func() time.Time { return t0.Add(time.Hour) } // Ben renames later than Ada wrote her memo
	title := "Summit in Geneva"
	if _, err := ben.UpdateDocument(ctx, id, annotate.DocumentUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	ben.Close()
	for _, order := range [][2]string{{a, c}, {c, a}} {
		out := merged(t, dir, "m.gloss", order[0], order[1])
		db, err := storage.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.Document(ctx, id)
		db.Close()
		if err != nil || d.Title != title || d.Memo != memo {
			t.Errorf("merge %s into %s: %q memo %q, %v", filepath.Base(order[1]), filepath.Base(order[0]), d.Title, d.Memo, err)
		}
		os.Remove(out)
	}
	// A later memo replaces an earlier one.
	ben = openAs(t, c, "Ben")
	ben.Now = func() time.Time { return t0.Add(2 * time.Hour) }
	later := "Ben's reading: compare with Axios."
	if _, err := ben.UpdateDocument(ctx, id, annotate.DocumentUpdate{Memo: &later}); err != nil {
		t.Fatal(err)
	}
	ben.Close()
	out := merged(t, dir, "m2.gloss", a, c)
	db, err := storage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d, err := db.Document(ctx, id); err != nil || d.Memo != later {
		t.Errorf("later memo: %q, %v", d.Memo, err)
	}
	// A copy for a colleague keeps it.
	cp := filepath.Join(dir, "copy.gloss")
	if _, err := db.SaveCopy(ctx, cp, storage.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	cdb, err := storage.Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	defer cdb.Close()
	if d, err := cdb.Document(ctx, id); err != nil || d.Memo != later {
		t.Errorf("copy's memo: %q, %v", d.Memo, err)
	}
}

// TestGroupingMergesLikeTagMetadata: a colleague's later change of a tag
// into a grouping code reaches the merged project, in either order.
func TestGroupingMergesLikeTagMetadata(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := base(t, dir)
	a, c := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, b, a)
	copyFile(t, b, c)
	ben := openAs(t, c, "Ben")
	ben.Now = func() time.Time { return t0.Add(time.Hour) }
	rights, err := ben.TagByName(ctx, "Human rights")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	if _, err := ben.UpdateTag(ctx, rights.ID, annotate.TagUpdate{Grouping: &yes}); err != nil {
		t.Fatal(err)
	}
	ben.Close()
	for _, order := range [][2]string{{a, c}, {c, a}} {
		out := merged(t, dir, "m.gloss", order[0], order[1])
		db, err := storage.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		tg, err := db.Tag(ctx, rights.ID)
		db.Close()
		if err != nil || !tg.Grouping {
			t.Errorf("merge %s into %s: %+v %v", filepath.Base(order[1]), filepath.Base(order[0]), tg, err)
		}
		os.Remove(out)
	}
}

// TestImportStoresOnlyValidTimes: a file dated in 2099 is imported with
// the time of the import, the report says so, and the project still passes
// check and merges into a colleague's.
func TestImportStoresOnlyValidTimes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "ours.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	future := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &annotate.Batch{
		File:      "future.json",
		Documents: []*annotate.BatchDocument{{Key: "d", Title: "Summit", Text: article, CreatedAt: future}},
		Tags:      []*annotate.BatchTag{{Key: "t", Name: "Envoys", Codebook: true, CreatedAt: future}},
		Passages: []*annotate.BatchPassage{{Key: "p", Document: "d", Tags: []string{"t"}, Selector: annotate.Selector{Exact: "ambassadors"},
			Note: "From the future.", CreatedAt: future, UpdatedAt: future, NoteCreated: future, NoteUpdated: future}},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, l := range rep.Lines {
		if strings.Contains(l.Detail, "2099-01-01T00:00:00Z") && strings.Contains(l.Detail, "stored as the time of the import") {
			lines++
		}
	}
	if lines != 3 {
		t.Errorf("%d report lines name the future date, want 3 (document, tag, passage):\n%v", lines, rep.Lines)
	}
	raw, err := storage.Rows(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "2099") {
		t.Errorf("a time from 2099 was stored:\n%s", raw)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	db.Close()
	theirs := filepath.Join(dir, "theirs.gloss")
	other, err := storage.Create(theirs)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetAuthor("Ben")
	if _, err := other.Merge(ctx, path); err != nil {
		t.Errorf("merging the imported project: %v", err)
	}
}

// TestImportCombinesRepeatedRanges: the same range coded twice by one coder
// is one passage with both codes and both notes; by another coder it is
// that coder's own passage. Importing again adds nothing; a later file
// with another note by the same coder appends it.
func TestImportCombinesRepeatedRanges(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	pass := func(key, author, tag, note string) *annotate.BatchPassage {
		return &annotate.BatchPassage{Key: key, Document: "d", Author: author, Tags: []string{tag}, Note: note,
			Selector: annotate.Selector{Exact: "the ambassadors would return", Start: 81, End: 109}, HasPosition: true}
	}
	b := &annotate.Batch{
		File:      "qualcoder.qdpx",
		Documents: []*annotate.BatchDocument{{Key: "d", Title: "Summit", Text: article}},
		Tags:      []*annotate.BatchTag{{Key: "a", Name: "Ambassadors"}, {Key: "o", Name: "Outcome"}},
		Passages: []*annotate.BatchPassage{
			pass("s1", "Marie", "a", "Envoys back."),
			pass("s2", "Marie", "o", "The only outcome."),
			pass("s3", "Marie", "o", ""),
			pass("s4", "Pierre", "a", "Pierre's reading."),
		},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || rep.Combined != 2 || rep.Matched != 0 || !strings.Contains(rep.Summary(), "2 combined") {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	want := []string{
		`Summit [81,109) "the ambassadors would return" tags=Ambassadors note="Pierre's reading." by Pierre (note by Pierre) at 2021-06-16T12:00:00.001Z`,
		`Summit [81,109) "the ambassadors would return" tags=Ambassadors|Outcome note="Envoys back.\n\nThe only outcome." by Marie (note by Marie) at 2021-06-16T12:00:00.001Z`,
	}
	if got := storagetest.Summary(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("passages:\n got %q\nwant %q", got, want)
	}
	before, err := storage.Rows(db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := storage.Rows(db)
	if rep.Added != 0 || rep.Matched != 2 || after != before {
		t.Errorf("importing again: %s", rep.Summary())
	}
	again := &annotate.Batch{File: "later.qdpx", Documents: b.Documents, Tags: b.Tags,
		Passages: []*annotate.BatchPassage{pass("s5", "Marie", "a", "A second thought.")}}
	if rep, err = db.ImportBatch(ctx, again); err != nil {
		t.Fatal(err)
	}
	if rep.Matched != 1 || !strings.Contains(rep.Lines[len(rep.Lines)-1].Detail, "note appended") {
		t.Errorf("a later note: %s %v", rep.Summary(), rep.Lines)
	}
	got := storagetest.Summary(t, db)
	if !strings.Contains(got[1], `note="Envoys back.\n\nThe only outcome.\n\nA second thought."`) {
		t.Errorf("note not appended: %q", got[1])
	}
}

// TestImportGroupingCodes: a codebook's grouping codes are created as
// such; a file that applies one to passages all the same keeps its
// codings, the code made an ordinary one, and says so.
func TestImportGroupingCodes(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	b := &annotate.Batch{
		File:      "codes.qdpx",
		Documents: []*annotate.BatchDocument{{Key: "d", Title: "Summit", Text: article}},
		Tags: []*annotate.BatchTag{
			{Key: "g", Name: "Diplomacy", Codebook: true, Grouping: true},
			{Key: "c", Name: "Ambassadors", Codebook: true, ParentKey: "g"},
			{Key: "u", Name: "Actors", Codebook: true, Grouping: true},
		},
		Passages: []*annotate.BatchPassage{{Key: "p", Document: "d", Tags: []string{"c", "u"}, Selector: annotate.Selector{Exact: "ambassadors"}}},
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range tags {
		got = append(got, fmt.Sprintf("%s grouping=%v", tg.Name, tg.Grouping))
	}
	if want := []string{"Diplomacy grouping=true", "Ambassadors grouping=false", "Actors grouping=false"}; !reflect.DeepEqual(got, want) {
		t.Errorf("codebook %q, want %q", got, want)
	}
	found := false
	for _, l := range rep.Lines {
		found = found || l.What == "tag" && l.Key == "u" && strings.Contains(l.Detail, "applies it to passages all the same")
	}
	if !found {
		t.Errorf("the report does not say Actors was made an ordinary code:\n%v", rep.Lines)
	}
}
