package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

func TestTagRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	parent := &annotate.Tag{Name: "Cyber", Color: "#E6194B", Description: "Everything about cyber attacks"}
	mustNil(t, db.CreateTag(ctx, parent))
	child := &annotate.Tag{Name: "Cyber red lines", Color: "#3cb44b", ParentID: parent.ID, Description: "16 critical sectors — «off limits»"}
	mustNil(t, db.CreateTag(ctx, child))
	if !annotate.ValidID(parent.ID) || parent.Color != "#e6194b" || parent.Author != "Ada" || !parent.CreatedAt.Equal(clock.t) {
		t.Fatalf("CreateTag filled in %+v", parent)
	}
	got, err := db.Tag(ctx, child.ID)
	mustNil(t, err)
	if got.Name != child.Name || got.Color != "#3cb44b" || got.Description != child.Description || got.ParentID != parent.ID ||
		got.Author != "Ada" || !got.CreatedAt.Equal(clock.t) || got.Passages != 0 {
		t.Fatalf("Tag = %+v", got)
	}
	byName, err := db.TagByName(ctx, "  CYBER red LINES ")
	mustNil(t, err)
	if byName.ID != child.ID {
		t.Fatalf("TagByName ignoring case = %+v", byName)
	}
	if _, err := db.TagByName(ctx, "Cyber red"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("TagByName of a prefix: got %v, want ENOTFOUND", err)
	}
	if _, err := db.Tag(ctx, annotate.NewID()); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("unknown tag: got %v, want ENOTFOUND", err)
	}
	raw := rawOpen(t, path)
	if c := rawString(t, raw, "SELECT color FROM tags WHERE id = ?", parent.ID); c != "#e6194b" {
		t.Errorf("stored colour %q", c)
	}
	if p := rawString(t, raw, "SELECT parent_id FROM tags WHERE id = ?", parent.ID); p != "" {
		t.Errorf("top-level tag has parent_id %q", p)
	}
}

func TestTagNamesUniqueIgnoringCase(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	hr := MustTag(t, db, "Human rights")
	MustTag(t, db, "Ambassadors")
	for _, name := range []string{"Human rights", "HUMAN RIGHTS", "human Rights", " Human rights "} {
		err := db.CreateTag(ctx, &annotate.Tag{Name: name, Color: "#4363d8"})
		wantCode(t, err, annotate.ECONFLICT, "CreateTag "+name)
	}
	// Case beyond ASCII counts too.
	MustTag(t, db, "Права человека")
	MustTag(t, db, "Éducation")
	for _, name := range []string{"ПРАВА ЧЕЛОВЕКА", "права человека", "éducation", "ÉDUCATION"} {
		err := db.CreateTag(ctx, &annotate.Tag{Name: name, Color: "#4363d8"})
		wantCode(t, err, annotate.ECONFLICT, "CreateTag "+name)
	}
	if tag, err := db.TagByName(ctx, "éDUCATION"); err != nil || tag.Name != "Éducation" {
		t.Errorf("TagByName beyond ASCII: %+v, %v", tag, err)
	}
	rename := "AMBASSADORS"
	_, err := db.UpdateTag(ctx, hr.ID, annotate.TagUpdate{Name: &rename})
	wantCode(t, err, annotate.ECONFLICT, "renaming onto another tag's name")
	// A tag may change the case of its own name.
	own := "HUMAN Rights"
	got, err := db.UpdateTag(ctx, hr.ID, annotate.TagUpdate{Name: &own})
	mustNil(t, err)
	if got.Name != own {
		t.Fatalf("renamed tag is %q", got.Name)
	}
	// A deleted tag's name is free again.
	mustNil(t, db.DeleteTag(ctx, hr.ID))
	again := MustTag(t, db, "human rights")
	if again.ID == hr.ID {
		t.Fatal("new tag reused the deleted tag's id")
	}
	// ...and restoring the deleted one would clash with the new one.
	wantCode(t, db.RestoreTag(ctx, hr.ID), annotate.ECONFLICT, "RestoreTag onto a taken name")
	if n := rawInt(t, rawOpen(t, path), "SELECT count(*) FROM tags WHERE deleted_at IS NULL AND name = 'human rights' COLLATE NOCASE"); n != 1 {
		t.Errorf("%d live tags named human rights", n)
	}
}

func TestTagValidation(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	for _, tag := range []*annotate.Tag{
		{Name: "Red", Color: "red"},
		{Name: "Short", Color: "#12345"},
		{Name: "Long", Color: "#1234567"},
		{Name: "Not hex", Color: "#gggggg"},
		{Name: "No hash", Color: "1234567"},
		{Name: "No colour", Color: ""},
		{Name: "", Color: "#123456"},
		{Name: "   ", Color: "#123456"},
		{Name: strings.Repeat("x", annotate.MaxTagName+1), Color: "#123456"},
		{Name: "Bad id", Color: "#123456", ID: "42"},
	} {
		wantCode(t, db.CreateTag(ctx, tag), annotate.EINVALID, "CreateTag "+tag.Name+" "+tag.Color)
	}
	wantCode(t, db.CreateTag(ctx, &annotate.Tag{Name: "Orphan", Color: "#123456", ParentID: annotate.NewID()}),
		annotate.ENOTFOUND, "CreateTag under a missing parent")
	raw := rawOpen(t, path)
	if n := rawInt(t, raw, "SELECT count(*) FROM tags"); n != 0 {
		t.Fatalf("%d tags written by refused requests", n)
	}
	tag := MustTag(t, db, "Ambassadors")
	bad := "#abc"
	_, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Color: &bad})
	wantCode(t, err, annotate.EINVALID, "UpdateTag to a bad colour")
	if c := rawString(t, raw, "SELECT color FROM tags WHERE id = ?", tag.ID); c != "#4363d8" {
		t.Errorf("colour after a refused update: %q", c)
	}
	upper := "#ABCDEF"
	got, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Color: &upper})
	mustNil(t, err)
	if got.Color != "#abcdef" {
		t.Errorf("colour stored as %q, want lower case", got.Color)
	}
}

func TestTagNesting(t *testing.T) {
	ctx := context.Background()
	db, _, _ := newProject(t, "Ada")
	a := MustTag(t, db, "A")
	b := &annotate.Tag{Name: "B", Color: "#123456", ParentID: a.ID}
	mustNil(t, db.CreateTag(ctx, b))
	c := &annotate.Tag{Name: "C", Color: "#123456", ParentID: b.ID}
	mustNil(t, db.CreateTag(ctx, c))
	d := MustTag(t, db, "D")

	for _, tt := range []struct {
		what, tag, parent string
	}{
		{"a tag under itself", a.ID, a.ID},
		{"a tag under its child", a.ID, b.ID},
		{"a tag under its grandchild", a.ID, c.ID},
		{"a tag under its own child, one level down", b.ID, c.ID},
	} {
		parent := tt.parent
		_, err := db.UpdateTag(ctx, tt.tag, annotate.TagUpdate{ParentID: &parent})
		wantCode(t, err, annotate.EINVALID, tt.what)
	}
	missing := annotate.NewID()
	_, err := db.UpdateTag(ctx, d.ID, annotate.TagUpdate{ParentID: &missing})
	wantCode(t, err, annotate.ENOTFOUND, "a tag under a missing parent")
	// Nothing moved.
	for id, want := range map[string]string{a.ID: "", b.ID: a.ID, c.ID: b.ID, d.ID: ""} {
		got, err := db.Tag(ctx, id)
		mustNil(t, err)
		if got.ParentID != want {
			t.Errorf("tag %s has parent %q after refused moves, want %q", got.Name, got.ParentID, want)
		}
	}
	// Legal moves: C under D, then A under C (C is no longer A's descendant), then C to the top.
	parent := d.ID
	got, err := db.UpdateTag(ctx, c.ID, annotate.TagUpdate{ParentID: &parent})
	mustNil(t, err)
	if got.ParentID != d.ID {
		t.Fatalf("C moved to %q", got.ParentID)
	}
	parent = c.ID
	got, err = db.UpdateTag(ctx, a.ID, annotate.TagUpdate{ParentID: &parent})
	mustNil(t, err)
	if got.ParentID != c.ID {
		t.Fatalf("A moved to %q", got.ParentID)
	}
	top := ""
	got, err = db.UpdateTag(ctx, c.ID, annotate.TagUpdate{ParentID: &top})
	mustNil(t, err)
	if got.ParentID != "" {
		t.Fatalf("C moved to the top has parent %q", got.ParentID)
	}
}

func TestUpdateTag(t *testing.T) {
	ctx := context.Background()
	db, _, clock := newProject(t, "Ada")
	tag := MustTag(t, db, "Sanctions")
	created := clock.t
	clock.Tick()
	name, color, desc := "Economic sanctions", "#808000", "Measures against Russia"
	got, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Name: &name, Color: &color, Description: &desc})
	mustNil(t, err)
	if got.Name != name || got.Color != color || got.Description != desc || !got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(clock.t) {
		t.Fatalf("UpdateTag = %+v", got)
	}
	// Fields left nil stay as they are.
	clock.Tick()
	desc2 := ""
	got, err = db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Description: &desc2})
	mustNil(t, err)
	if got.Name != name || got.Color != color || got.Description != "" {
		t.Fatalf("partial UpdateTag = %+v", got)
	}
	if _, err := db.TagByName(ctx, "Sanctions"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("old name still found: %v", err)
	}
	_, err = db.UpdateTag(ctx, annotate.NewID(), annotate.TagUpdate{Name: &name})
	wantCode(t, err, annotate.ENOTFOUND, "UpdateTag of a missing tag")
}

func TestTagsInOrderCreated(t *testing.T) {
	ctx := context.Background()
	db, _, _ := newProject(t, "Ada")
	names := []string{"Zeta", "alpha", "Mu", "Beta", "ambassadors"}
	ids := map[string]string{}
	for _, n := range names {
		ids[n] = MustTag(t, db, n).ID
	}
	// Renaming and deleting do not reorder the rest.
	z := "Aardvark"
	_, err := db.UpdateTag(ctx, ids["Zeta"], annotate.TagUpdate{Name: &z})
	mustNil(t, err)
	mustNil(t, db.DeleteTag(ctx, ids["Mu"]))
	MustTag(t, db, "Omega")
	tags, err := db.Tags(ctx)
	mustNil(t, err)
	var got []string
	for _, tag := range tags {
		got = append(got, tag.Name)
	}
	want := []string{"Aardvark", "alpha", "Beta", "ambassadors", "Omega"}
	if len(got) != len(want) {
		t.Fatalf("Tags = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Tags = %q, want %q", got, want)
		}
	}
}

// TestTagKeysStayWithTheirTags gives new tags the lowest free keys, keeps
// each key on its tag when tags are nested, deleted and restored, moves a
// key when another tag is given it, and upgrades a project from before
// keys with the keys its codebook showed.
func TestTagKeysStayWithTheirTags(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	var tags []*annotate.Tag
	for i := 0; i < 11; i++ {
		tg := MustTag(t, db, fmt.Sprintf("Code %d", i+1))
		tags = append(tags, tg)
		want := i + 1
		if i >= 9 {
			want = 0
		}
		if tg.Key != want {
			t.Fatalf("new tag %d has key %d, want %d", i+1, tg.Key, want)
		}
	}
	key := func(tg *annotate.Tag) int {
		t.Helper()
		got, err := db.Tag(ctx, tg.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Key
	}
	// Nesting the fourth under the first moves it in the codebook, not its key.
	parent := tags[0].ID
	if _, err := db.UpdateTag(ctx, tags[3].ID, annotate.TagUpdate{ParentID: &parent}); err != nil {
		t.Fatal(err)
	}
	for i, tg := range tags[:9] {
		if k := key(tg); k != i+1 {
			t.Errorf("after nesting, %s has key %d, want %d", tg.Name, k, i+1)
		}
	}
	// Deleting frees the key for the next new tag; the restored tag, its
	// key taken, has none.
	if err := db.DeleteTag(ctx, tags[2].ID); err != nil {
		t.Fatal(err)
	}
	if k := key(tags[9]); k != 0 {
		t.Fatalf("a deletion gave key %d to an existing tag", k)
	}
	if n := MustTag(t, db, "Newcomer"); n.Key != 3 {
		t.Fatalf("the next new tag took key %d, want the freed 3", n.Key)
	}
	if err := db.RestoreTag(ctx, tags[2].ID); err != nil {
		t.Fatal(err)
	}
	if k := key(tags[2]); k != 0 {
		t.Errorf("the restored tag took back key %d from the newcomer", k)
	}
	// Giving a key to another tag moves it.
	five := 5
	if _, err := db.UpdateTag(ctx, tags[10].ID, annotate.TagUpdate{Key: &five}); err != nil {
		t.Fatal(err)
	}
	if key(tags[10]) != 5 || key(tags[4]) != 0 {
		t.Errorf("after giving key 5 to %s: it has %d, %s keeps %d", tags[10].Name, key(tags[10]), tags[4].Name, key(tags[4]))
	}
	ten := 10
	if _, err := db.UpdateTag(ctx, tags[10].ID, annotate.TagUpdate{Key: &ten}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("key 10 accepted: %v", err)
	}
}

// TestTagKeysUpgrade opens a project from before keys: the codebook's
// first nine tags that can be applied, each right after the tag it is
// nested under, get keys 1 to 9, as the codebook showed them.
func TestTagKeysUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	var tags []*annotate.Tag
	for i := 0; i < 10; i++ {
		tags = append(tags, MustTag(t, db, fmt.Sprintf("Code %d", i+1)))
	}
	parent := tags[0].ID
	if _, err := db.UpdateTag(context.Background(), tags[9].ID, annotate.TagUpdate{ParentID: &parent}); err != nil {
		t.Fatal(err)
	}
	// Code 3 groups codes: it is never applied and takes no key.
	grouping := true
	if _, err := db.UpdateTag(context.Background(), tags[2].ID, annotate.TagUpdate{Grouping: &grouping}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Back to the schema before keys (step 9), the rows kept.
	if err := storage.Downgrade(path, 9); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Tags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	for _, tg := range got {
		keys[tg.Name] = tg.Key
	}
	// Code 10, nested under Code 1, came second in the codebook; Code 3,
	// a grouping code, is passed over.
	want := map[string]int{"Code 1": 1, "Code 10": 2, "Code 2": 3, "Code 3": 0, "Code 4": 4, "Code 9": 9}
	for name, k := range want {
		if keys[name] != k {
			t.Errorf("after the upgrade %s has key %d, want %d (all: %v)", name, keys[name], k, keys)
		}
	}
}

// TestMergeSettlesTagKeys merges two files where each researcher gave key
// 7 to a different tag: after the merge, in either order, the tag changed
// later holds it and the other has none.
func TestMergeSettlesTagKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := base(t, dir) // Cyber red lines 1, Human rights 2, Ambassadors 3
	seven := 7
	give := func(name, author, tag string) string {
		path := filepath.Join(dir, name)
		copyFile(t, b, path)
		db := openAs(t, path, author)
		defer db.Close()
		tg, err := db.TagByName(ctx, tag)
		if err != nil {
			t.Fatal(err)
		}
		if author == "Ben" {
			db.Now() // Ben's change comes a moment later
		}
		if _, err := db.UpdateTag(ctx, tg.ID, annotate.TagUpdate{Key: &seven}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ada, ben := give("ada.gloss", "Ada", "Human rights"), give("ben.gloss", "Ben", "Ambassadors")
	for _, order := range [][2]string{{ada, ben}, {ben, ada}} {
		out := merged(t, dir, "m-"+filepath.Base(order[0]), order[0], order[1])
		db := openAs(t, out, "Ada")
		tags, err := db.Tags(ctx)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]int{}
		for _, tg := range tags {
			keys[tg.Name] = tg.Key
		}
		if keys["Ambassadors"] != 7 || keys["Human rights"] != 0 || keys["Cyber red lines"] != 1 {
			t.Errorf("merging %s into %s: keys %v, want Ben's later key 7 on Ambassadors alone", filepath.Base(order[1]), filepath.Base(order[0]), keys)
		}
	}
}

// TestRefusalsNameTheCode checks that what storage refuses about a code
// names it as the researcher knows it, by its name, and calls it a code:
// a code deleted meanwhile (in another window, by a colleague's merge), one
// given twice, one a passage does not carry. Only a code the file never
// held is named by its id.
func TestRefusalsNameTheCode(t *testing.T) {
	ctx := context.Background()
	db, _, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Geneva", article)
	amb := MustTag(t, db, "Ambassadors")
	venue := MustTag(t, db, "Venue")
	gone := MustTag(t, db, "Summit mood")
	p := MustPassage(t, db, doc, "Geneva", amb.ID)
	mustNil(t, db.DeleteTag(ctx, gone.ID))
	never := annotate.NewID()
	twice := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{venue.ID, venue.ID}}
	_, tagErr := db.Tag(ctx, gone.ID)
	_, memoErr := db.CodeMemo(ctx, gone.ID)
	for _, c := range []struct {
		what string
		err  error
		code string
		want string
	}{
		{"a deleted code's memo", db.SetCodeMemo(ctx, gone.ID, "Tense."), annotate.ENOTFOUND, `the code "Summit mood" was deleted`},
		{"reading a deleted code's memo", memoErr, annotate.ENOTFOUND, `the code "Summit mood" was deleted`},
		{"reading a deleted code", tagErr, annotate.ENOTFOUND, `the code "Summit mood" was deleted`},
		{"coding with a deleted code", db.AddTag(ctx, p.ID, gone.ID), annotate.ENOTFOUND, `the code "Summit mood" was deleted`},
		{"deleting it again", db.DeleteTag(ctx, gone.ID), annotate.ENOTFOUND, `the code "Summit mood" was deleted`},
		{"nesting under it", db.CreateTag(ctx, &annotate.Tag{Name: "Handshake", Color: "#4363d8", ParentID: gone.ID}), annotate.ENOTFOUND, `the parent code "Summit mood" was deleted`},
		{"a code given twice", db.CreatePassage(ctx, twice), annotate.EINVALID, `code "Venue" given twice`},
		{"taking off a code the passage lacks", db.RemoveTag(ctx, p.ID, venue.ID), annotate.ENOTFOUND, `passage ` + p.ID + ` is not coded with "Venue"`},
		{"taking off its last code", db.RemoveTag(ctx, p.ID, amb.ID), annotate.EINVALID, "a passage needs at least one code: delete the passage instead"},
		{"a code the file never held", db.AddTag(ctx, p.ID, never), annotate.ENOTFOUND, "code " + never + " not found"},
		{"a name taken", db.CreateTag(ctx, &annotate.Tag{Name: "ambassadors", Color: "#4363d8"}), annotate.ECONFLICT, `a code named "Ambassadors" already exists`},
	} {
		if annotate.ErrorCode(c.err) != c.code || annotate.ErrorMessage(c.err) != c.want {
			t.Errorf("%s: %v (%s), want %s %q", c.what, c.err, annotate.ErrorCode(c.err), c.code, c.want)
		}
	}
}
