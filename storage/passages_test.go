package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// sameIDs reports whether got holds exactly want, in order.
func sameIDs(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// passageIDs returns the IDs of ps in order.
func passageIDs(ps []*annotate.Passage) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

func TestPassageRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	text, _ := unicodeText()
	doc := MustDocument(t, db, "Unicode", text)
	tag := MustTag(t, db, "Science")
	runes := []rune(text)

	// The emoji ZWJ sequence: 4 code points at 28 (counted in unicodeParts).
	p := &annotate.Passage{DocumentID: doc.ID, Start: 28, End: 32, Quote: "👩🏽‍🔬", Tags: []string{tag.ID}, Note: annotate.Note{Text: "ZWJ — 🔬"}}
	mustNil(t, db.CreatePassage(ctx, p))
	if !annotate.ValidID(p.ID) || p.Provenance != annotate.ProvenanceManual || p.Author != "Ada" || !p.CreatedAt.Equal(clock.t) {
		t.Fatalf("CreatePassage filled in %+v", p)
	}
	if want := string(runes[:28]); p.Prefix != want {
		t.Errorf("prefix %q, want the %d code points before", p.Prefix, 28)
	}
	if want := string(runes[32:64]); p.Suffix != want {
		t.Errorf("suffix %q, want the 32 code points after", p.Suffix)
	}

	// A passage far enough in has a full 32-code-point prefix; at the end, a short suffix.
	n := len(runes)
	q := &annotate.Passage{DocumentID: doc.ID, Start: n - 12, End: n - 1, Quote: "Second line", Tags: []string{tag.ID}, Provenance: annotate.ProvenanceAuto}
	mustNil(t, db.CreatePassage(ctx, q))

	mustNil(t, db.Close())
	db2, err := storage.Open(path)
	mustNil(t, err)
	defer db2.Close()
	got, err := db2.Passage(ctx, q.ID)
	mustNil(t, err)
	if got.DocumentID != doc.ID || got.Start != n-12 || got.End != n-1 || got.Quote != "Second line" ||
		got.Provenance != annotate.ProvenanceAuto || got.Author != "Ada" || !sameIDs(got.Tags, []string{tag.ID}) || got.Note.ID != "" {
		t.Fatalf("Passage = %+v", got)
	}
	if want := string(runes[n-12-32 : n-12]); got.Prefix != want || len([]rune(got.Prefix)) != annotate.ContextLength {
		t.Errorf("prefix %q, want %q (32 code points)", got.Prefix, want)
	}
	if got.Suffix != "." {
		t.Errorf("suffix %q, want the one code point left", got.Suffix)
	}
	got, err = db2.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Quote != "👩🏽‍🔬" || got.Provenance != "manual" || got.Note.Text != "ZWJ — 🔬" || got.Note.Author != "Ada" || !annotate.ValidID(got.Note.ID) {
		t.Fatalf("Passage = %+v", got)
	}
	// The stored selector still anchors on the text.
	d, err := db2.Document(ctx, doc.ID)
	mustNil(t, err)
	if s, e, ok := annotate.AnchorExact(annotate.NewText(d.Text), annotate.Selector{Start: got.Start, End: got.End, Exact: got.Quote, Prefix: got.Prefix, Suffix: got.Suffix}); !ok || s != 28 || e != 32 {
		t.Errorf("stored selector anchors at [%d, %d) ok=%v", s, e, ok)
	}
	if d.Passages != 2 {
		t.Errorf("document counts %d passages, want 2", d.Passages)
	}
	if _, err := db2.Passage(ctx, annotate.NewID()); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("unknown passage: got %v, want ENOTFOUND", err)
	}
}

func TestPassageTagsInOrderApplied(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	// IDs chosen so that the order applied is not the order of the IDs.
	mk := func(id, name string) *annotate.Tag {
		tag := &annotate.Tag{ID: id, Name: name, Color: "#4363d8"}
		mustNil(t, db.CreateTag(ctx, tag))
		return tag
	}
	z := mk("ffffffff-0000-4000-8000-000000000000", "Zulu")
	m := mk("88888888-0000-4000-8000-000000000000", "Mike")
	a := mk("00000000-0000-4000-8000-000000000000", "Alpha")
	clock.Tick()
	p := MustPassage(t, db, doc, "ambassadors would return", z.ID, a.ID)
	want := []string{z.ID, a.ID}
	got, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if !sameIDs(got.Tags, want) {
		t.Fatalf("tags of a new passage %v, want %v (the order given)", got.Tags, want)
	}
	clock.Tick()
	mustNil(t, db.AddTag(ctx, p.ID, m.ID))
	want = append(want, m.ID)
	got, err = db.Passage(ctx, p.ID)
	mustNil(t, err)
	if !sameIDs(got.Tags, want) {
		t.Fatalf("tags after AddTag %v, want %v", got.Tags, want)
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	mustNil(t, err)
	if len(ps) != 1 || !sameIDs(ps[0].Tags, want) {
		t.Fatalf("Passages lists tags %v, want %v", ps[0].Tags, want)
	}
	// The view colleagues read shows the names in the same order.
	if names := rawString(t, rawOpen(t, path), "SELECT tags FROM passages_v WHERE id = ?", p.ID); names != "Zulu; Alpha; Mike" {
		t.Fatalf("passages_v tags %q, want %q", names, "Zulu; Alpha; Mike")
	}
}

func TestPassageNotes(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	raw := rawOpen(t, path)

	clock.Tick()
	set := clock.t
	mustNil(t, db.SetNote(ctx, p.ID, "Key outcome — 大使"))
	got, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Note.Text != "Key outcome — 大使" || !got.Note.CreatedAt.Equal(set) || !got.Note.UpdatedAt.Equal(set) || got.Note.Author != "Ada" {
		t.Fatalf("note after set: %+v", got.Note)
	}
	noteID := got.Note.ID

	clock.Tick()
	db.SetAuthor("Grace")
	mustNil(t, db.SetNote(ctx, p.ID, "Changed"))
	got, err = db.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Note.Text != "Changed" || got.Note.ID != noteID || !got.Note.CreatedAt.Equal(set) || !got.Note.UpdatedAt.Equal(clock.t) || got.Note.Author != "Grace" {
		t.Fatalf("note after change: %+v", got.Note)
	}

	clock.Tick()
	mustNil(t, db.SetNote(ctx, p.ID, ""))
	got, err = db.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Note != (annotate.Note{}) {
		t.Fatalf("note after clearing: %+v", got.Note)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM notes WHERE passage_id = ? AND deleted_at IS NOT NULL", p.ID); n != 1 {
		t.Fatalf("the cleared note is not kept as a tombstone (%d rows)", n)
	}
	// Clearing twice is harmless; setting again revives the same note row.
	mustNil(t, db.SetNote(ctx, p.ID, ""))
	clock.Tick()
	mustNil(t, db.SetNote(ctx, p.ID, "Back"))
	got, err = db.Passage(ctx, p.ID)
	mustNil(t, err)
	if got.Note.Text != "Back" || got.Note.ID != noteID {
		t.Fatalf("note set again: %+v", got.Note)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM notes"); n != 1 {
		t.Fatalf("%d note rows for one passage", n)
	}
	wantCode(t, db.SetNote(ctx, p.ID, strings.Repeat("n", storage.MaxNoteLength+1)), annotate.EINVALID, "over-long note")
	wantCode(t, db.SetNote(ctx, annotate.NewID(), "x"), annotate.ENOTFOUND, "note on a missing passage")
}

func TestPassageRules(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	a := MustTag(t, db, "Ambassadors")
	b := MustTag(t, db, "Diplomacy")
	p := MustPassage(t, db, doc, "ambassadors", a.ID)
	raw := rawOpen(t, path)

	wantCode(t, db.RemoveTag(ctx, p.ID, a.ID), annotate.EINVALID, "removing the last tag")
	if got, _ := db.Passage(ctx, p.ID); got == nil || !sameIDs(got.Tags, []string{a.ID}) {
		t.Fatalf("refused RemoveTag changed the passage: %+v", got)
	}

	clock.Tick()
	added := clock.t
	mustNil(t, db.AddTag(ctx, p.ID, b.ID))
	clock.Tick()
	mustNil(t, db.AddTag(ctx, p.ID, b.ID)) // again: nothing to do
	got, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if !sameIDs(got.Tags, []string{a.ID, b.ID}) || !got.UpdatedAt.Equal(added) {
		t.Fatalf("AddTag twice: tags %v updated %s; want both tags once, updated at %s", got.Tags, got.UpdatedAt, added)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM passage_tags WHERE passage_id = ?", p.ID); n != 2 {
		t.Fatalf("%d passage_tags rows after adding a tag twice", n)
	}
	wantCode(t, db.AddTag(ctx, p.ID, annotate.NewID()), annotate.ENOTFOUND, "AddTag of a missing tag")
	wantCode(t, db.AddTag(ctx, annotate.NewID(), a.ID), annotate.ENOTFOUND, "AddTag to a missing passage")

	// With two tags, one can go; then the other is the last.
	mustNil(t, db.RemoveTag(ctx, p.ID, a.ID))
	wantCode(t, db.RemoveTag(ctx, p.ID, b.ID), annotate.EINVALID, "removing the new last tag")
	wantCode(t, db.RemoveTag(ctx, p.ID, a.ID), annotate.ENOTFOUND, "removing a tag the passage no longer has")
	// Re-applying a removed tag works and does not duplicate the row.
	mustNil(t, db.AddTag(ctx, p.ID, a.ID))
	got, err = db.Passage(ctx, p.ID)
	mustNil(t, err)
	if len(got.Tags) != 2 || !got.HasTag(a.ID) || !got.HasTag(b.ID) {
		t.Fatalf("tags after re-adding %v", got.Tags)
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM passage_tags WHERE passage_id = ?", p.ID); n != 2 {
		t.Fatalf("%d passage_tags rows after re-adding a tag", n)
	}

	text := annotate.NewText(article)
	for _, tt := range []struct {
		what string
		p    annotate.Passage
		code string
	}{
		{"quote not matching the text", annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "Presidant", Tags: []string{a.ID}}, annotate.EINVALID},
		{"quote off by one", annotate.Passage{DocumentID: doc.ID, Start: 1, End: 10, Quote: "President", Tags: []string{a.ID}}, annotate.EINVALID},
		{"range past the end", annotate.Passage{DocumentID: doc.ID, Start: text.Len() - 2, End: text.Len() + 1, Quote: text.Slice(text.Len()-2, text.Len()), Tags: []string{a.ID}}, annotate.EINVALID},
		{"empty range", annotate.Passage{DocumentID: doc.ID, Start: 3, End: 3, Quote: "x", Tags: []string{a.ID}}, annotate.EINVALID},
		{"negative start", annotate.Passage{DocumentID: doc.ID, Start: -1, End: 3, Quote: "Pre", Tags: []string{a.ID}}, annotate.EINVALID},
		{"no tag", annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President"}, annotate.EINVALID},
		{"a tag twice", annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{a.ID, a.ID}}, annotate.EINVALID},
		{"a missing tag", annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{annotate.NewID()}}, annotate.ENOTFOUND},
		{"a missing document", annotate.Passage{DocumentID: annotate.NewID(), Start: 0, End: 9, Quote: "President", Tags: []string{a.ID}}, annotate.ENOTFOUND},
		{"a bad provenance", annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{a.ID}, Provenance: "magic"}, annotate.EINVALID},
	} {
		p := tt.p
		if err := db.CreatePassage(ctx, &p); annotate.ErrorCode(err) != tt.code {
			t.Errorf("%s: got %v, want %s", tt.what, err, tt.code)
		}
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM passages"); n != 1 {
		t.Fatalf("%d passages after refused creations, want 1", n)
	}
}

func TestCreatePassagesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	text := annotate.NewText(article)
	good := func(quote string) *annotate.Passage {
		s, e, err := annotate.FindQuote(text, quote, 0)
		mustNil(t, err)
		return &annotate.Passage{DocumentID: doc.ID, Start: s, End: e, Quote: quote, Tags: []string{tag.ID}, Note: annotate.Note{Text: "note on " + quote}}
	}
	raw := rawOpen(t, path)
	counts := func() string {
		return fmt.Sprintf("passages %d, passage_tags %d, notes %d",
			rawInt(t, raw, "SELECT count(*) FROM passages"), rawInt(t, raw, "SELECT count(*) FROM passage_tags"), rawInt(t, raw, "SELECT count(*) FROM notes"))
	}
	empty := counts()
	bad := good("Geneva")
	bad.Quote = "Geneve" // fails only inside the transaction, after the first two are written
	err := db.CreatePassages(ctx, []*annotate.Passage{good("President Biden"), good("Vladimir Putin"), bad})
	wantCode(t, err, annotate.EINVALID, "a batch with a bad passage")
	if got := counts(); got != empty {
		t.Fatalf("after a failed batch: %s; want %s", got, empty)
	}
	past := good("constructive")
	past.End = text.Len() + 5
	err = db.CreatePassages(ctx, []*annotate.Passage{good("President Biden"), past})
	wantCode(t, err, annotate.EINVALID, "a batch with a range past the end")
	if got := counts(); got != empty {
		t.Fatalf("after a failed batch: %s; want %s", got, empty)
	}

	batch := []*annotate.Passage{good("President Biden"), good("Vladimir Putin"), good("Geneva")}
	mustNil(t, db.CreatePassages(ctx, batch))
	if got := counts(); got != "passages 3, passage_tags 3, notes 3" {
		t.Fatalf("after a good batch: %s", got)
	}
	for _, p := range batch {
		got, err := db.Passage(ctx, p.ID)
		mustNil(t, err)
		if got.Quote != p.Quote || got.Note.Text != "note on "+p.Quote {
			t.Errorf("batch passage %+v", got)
		}
	}
}

func TestPassagesFilterAndOrder(t *testing.T) {
	ctx := context.Background()
	ada, path, _ := newProject(t, "Ada")
	grace, err := storage.Open(path)
	mustNil(t, err)
	defer grace.Close()
	grace.SetAuthor("Grace")

	// Titles sort "alpha" < "Beta" < "gamma" ignoring case; created in another order.
	gamma := MustDocument(t, ada, "gamma", "Putin spoke in Geneva. The summit ended early in GENEVA.")
	beta := MustDocument(t, ada, "Beta", "Biden met Putin. Ambassadors return. The CAFÉ on the lake.")
	alpha := MustDocument(t, ada, "alpha", "Human rights were raised. Navalny was discussed.")
	cyber := MustTag(t, ada, "Cyber")
	rights := MustTag(t, ada, "Human rights")
	amb := MustTag(t, ada, "Ambassadors")

	g2 := MustPassage(t, ada, gamma, "GENEVA", cyber.ID)
	g1 := MustPassage(t, grace, gamma, "Putin spoke", rights.ID, cyber.ID)
	b2 := MustPassage(t, grace, beta, "Ambassadors return", amb.ID)
	b1 := MustPassage(t, ada, beta, "Biden met Putin", cyber.ID)
	b3 := MustPassage(t, ada, beta, "CAFÉ", amb.ID)
	a1 := MustPassage(t, grace, alpha, "Human rights", rights.ID)
	mustNil(t, ada.SetNote(ctx, a1.ID, "Raised in Geneva, says the Café owner"))

	// Both handles see the same listing.
	for _, db := range []*storage.DB{ada, grace} {
		for _, tt := range []struct {
			what string
			f    annotate.PassageFilter
			want []*annotate.Passage
		}{
			{"everything, by title then start", annotate.PassageFilter{}, []*annotate.Passage{a1, b1, b2, b3, g1, g2}},
			{"one tag", annotate.PassageFilter{TagIDs: []string{amb.ID}}, []*annotate.Passage{b2, b3}},
			{"any of two tags", annotate.PassageFilter{TagIDs: []string{rights.ID, amb.ID}}, []*annotate.Passage{a1, b2, b3, g1}},
			{"documents", annotate.PassageFilter{DocumentIDs: []string{gamma.ID, alpha.ID}}, []*annotate.Passage{a1, g1, g2}},
			{"author", annotate.PassageFilter{Authors: []string{"Grace"}}, []*annotate.Passage{a1, b2, g1}},
			{"authors", annotate.PassageFilter{Authors: []string{"Grace", "Ada"}}, []*annotate.Passage{a1, b1, b2, b3, g1, g2}},
			{"unknown author", annotate.PassageFilter{Authors: []string{"Linus"}}, nil},
			{"text in quote or note, any case", annotate.PassageFilter{Text: "geneva"}, []*annotate.Passage{a1, g2}},
			{"text upper case", annotate.PassageFilter{Text: "PUTIN"}, []*annotate.Passage{b1, g1}},
			{"text beyond ASCII, any case", annotate.PassageFilter{Text: "café"}, []*annotate.Passage{a1, b3}},
			{"tag and author", annotate.PassageFilter{TagIDs: []string{cyber.ID}, Authors: []string{"Ada"}}, []*annotate.Passage{b1, g2}},
			{"tag and document and text", annotate.PassageFilter{TagIDs: []string{cyber.ID, rights.ID}, DocumentIDs: []string{gamma.ID}, Text: "spoke"}, []*annotate.Passage{g1}},
		} {
			ps, err := db.Passages(ctx, tt.f)
			mustNil(t, err)
			if got, want := passageIDs(ps), passageIDs(tt.want); !sameIDs(got, want) {
				t.Errorf("%s (%s): got %v, want %v", tt.what, db.Author(), got, want)
			}
		}
	}
	// A tag filter still returns every tag of the passages it selects.
	ps, err := ada.Passages(ctx, annotate.PassageFilter{TagIDs: []string{rights.ID}, DocumentIDs: []string{gamma.ID}})
	mustNil(t, err)
	if len(ps) != 1 || !sameIDs(ps[0].Tags, []string{rights.ID, cyber.ID}) {
		t.Fatalf("tag-filtered passage lost its other tags: %+v", ps)
	}
	if ps[0].Author != "Grace" {
		t.Errorf("passage author %q, want Grace", ps[0].Author)
	}
}

// TestPassagesOfSeveralTags lists a passage carrying several of the
// filter's tags once, with its tags in the order applied (not by ID), and
// leaves out deleted tags and the passages of deleted documents.
func TestPassagesOfSeveralTags(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	gone := MustDocument(t, db, "Gone", article2)
	var tags []*annotate.Tag
	for _, name := range []string{"Cyber", "Human rights", "Ambassadors", "Geneva"} {
		tags = append(tags, MustTag(t, db, name))
	}
	// Applied one change at a time, in an order unrelated to the IDs.
	applied := []string{tags[2].ID, tags[0].ID, tags[3].ID, tags[1].ID}
	p := MustPassage(t, db, doc, "Vladimir Putin", applied[0])
	for _, id := range applied[1:] {
		mustNil(t, db.AddTag(ctx, p.ID, id))
	}
	other := MustPassage(t, db, doc, "ambassadors", tags[1].ID)
	MustPassage(t, db, gone, "Putin", tags[0].ID, tags[1].ID)
	mustNil(t, db.DeleteDocument(ctx, gone.ID))

	all := []string{tags[0].ID, tags[1].ID, tags[2].ID, tags[3].ID}
	ps, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: all})
	mustNil(t, err)
	if got, want := passageIDs(ps), []string{p.ID, other.ID}; !sameIDs(got, want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	if !sameIDs(ps[0].Tags, applied) {
		t.Errorf("tags %v, want the order applied %v", ps[0].Tags, applied)
	}
	one, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if !sameIDs(one.Tags, applied) {
		t.Errorf("Passage: tags %v, want the order applied %v", one.Tags, applied)
	}

	mustNil(t, db.DeleteTag(ctx, tags[0].ID))
	ps, err = db.Passages(ctx, annotate.PassageFilter{TagIDs: all})
	mustNil(t, err)
	if want := []string{applied[0], applied[2], applied[3]}; len(ps) != 2 || !sameIDs(ps[0].Tags, want) {
		t.Fatalf("after deleting a tag: %d passages, tags %v, want %v", len(ps), ps[0].Tags, want)
	}
	ps, err = db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{tags[0].ID}})
	mustNil(t, err)
	if len(ps) != 0 {
		t.Errorf("a deleted tag lists %d passages", len(ps))
	}
}

// TestQuotesCheckedAgainstTheStoredText: the text a passage's quote is
// checked against is kept between passages, but only for the document as
// stored: once it is deleted no passage goes in, and if another process
// rewrote its text (and hash) the quote is checked against the new one.
func TestQuotesCheckedAgainstTheStoredText(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	doc := MustDocument(t, db, "Summit", article)
	a := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, doc, "ambassadors", a.ID) // the text is now kept

	raw := rawOpen(t, path)
	changed := strings.Replace(article, "President Biden", "Presidente Xyz", 1)
	sum := sha256.Sum256([]byte(changed))
	if _, err := raw.Exec(`UPDATE documents SET text = ?, sha256 = ? WHERE id = ?`, changed, hex.EncodeToString(sum[:]), doc.ID); err != nil {
		t.Fatal(err)
	}
	old := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 15, Quote: "President Biden", Tags: []string{a.ID}}
	wantCode(t, db.CreatePassage(ctx, old), annotate.EINVALID, "a quote of the text as it was")
	mustNil(t, db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 15, Quote: "Presidente Xyz ", Tags: []string{a.ID}}))

	mustNil(t, db.DeleteDocument(ctx, doc.ID))
	p := &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 10, Quote: "Presidente", Tags: []string{a.ID}}
	wantCode(t, db.CreatePassage(ctx, p), annotate.ENOTFOUND, "a passage in a deleted document")
}

// TestPassagesOfOneTagGetTheirOwnTagsAndNotes lists the passages of one
// tag, which come in ID order, among passages of a deleted document whose
// tag and note rows come in between: each listed passage gets its own tags,
// in the order applied, and its own note, as when the listing comes in
// another order (two tags) and for Passage.
func TestPassagesOfOneTagGetTheirOwnTagsAndNotes(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	var words []string
	for i := 0; i < 60; i++ {
		words = append(words, fmt.Sprintf("w%02d", i))
	}
	text := strings.Join(words, " ")
	doc := MustDocument(t, db, "Kept", text)
	gone := MustDocument(t, db, "Gone", text+" gone")
	tag, extra := MustTag(t, db, "Tag"), MustTag(t, db, "Extra")
	tagsOf := map[string][]string{}
	noteOf := map[string]string{}
	var ps []*annotate.Passage
	for i := 0; i < 60; i++ {
		d := doc
		if i%3 == 1 {
			d = gone
		}
		p := &annotate.Passage{DocumentID: d.ID, Start: 4 * i, End: 4*i + 3, Quote: words[i], Tags: []string{tag.ID}}
		switch i % 4 {
		case 1:
			p.Tags = []string{extra.ID, tag.ID}
		case 2:
			p.Tags = []string{tag.ID, extra.ID}
		}
		if i%5 == 0 || i%3 == 1 {
			p.Note.Text = "note on " + words[i]
		}
		ps = append(ps, p)
	}
	mustNil(t, db.CreatePassages(ctx, ps))
	mustNil(t, db.DeleteDocument(ctx, gone.ID))
	var want []string
	for _, p := range ps {
		if p.DocumentID == doc.ID {
			want = append(want, p.ID)
			tagsOf[p.ID], noteOf[p.ID] = p.Tags, p.Note.Text
		}
	}
	check := func(what string, got []*annotate.Passage) {
		t.Helper()
		if !sameIDs(passageIDs(got), want) {
			t.Fatalf("%s: listed %v, want %v", what, passageIDs(got), want)
		}
		for _, p := range got {
			if !sameIDs(p.Tags, tagsOf[p.ID]) {
				t.Errorf("%s: %s has tags %v, want %v", what, p.Quote, p.Tags, tagsOf[p.ID])
			}
			if p.Note.Text != noteOf[p.ID] {
				t.Errorf("%s: %s has note %q, want %q", what, p.Quote, p.Note.Text, noteOf[p.ID])
			}
		}
	}
	got, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{tag.ID}})
	mustNil(t, err)
	check("one tag", got)
	got, err = db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{tag.ID, extra.ID}})
	mustNil(t, err)
	check("two tags", got)
	got, err = db.Passages(ctx, annotate.PassageFilter{})
	mustNil(t, err)
	check("everything", got)
	for i, id := range want {
		p, err := db.Passage(ctx, id)
		mustNil(t, err)
		got[i] = p
	}
	check("Passage", got)
}
