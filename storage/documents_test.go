package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// unicodeParts is a text with CJK, emoji (a ZWJ sequence with a skin tone, a
// flag) and combining characters, each part with its length in code points
// counted by hand.
var unicodeParts = []struct {
	s string
	n int
}{
	{"Café ", 5}, {"“talks”", 7}, {": ", 2}, {"日本語の記事。", 7}, {" Emoji ", 7},
	{"👩🏽‍🔬", 4}, // woman, skin tone, zero-width joiner, microscope
	{" and ", 5}, {"🇨🇭", 2}, {" flag; combining ", 17},
	{"e\u0301", 2}, {" and ", 5}, {"a\u0308", 2}, {".\nSecond line.", 14},
}

func unicodeText() (text string, length int) {
	var sb strings.Builder
	for _, p := range unicodeParts {
		sb.WriteString(p.s)
		length += p.n
	}
	return sb.String(), length
}

func TestDocumentRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	text, length := unicodeText()
	doc := &annotate.Document{
		Title: "Genève: 日本 and 🇨🇭", Outlet: "Le Temps", Byline: "Zoë Ñúñez", Published: "2021-06-16",
		URL: "https://example.org/geneva?x=1&y=ü", Source: "geneva.md", Text: text,
	}
	created, err := db.CreateDocument(ctx, doc)
	mustNil(t, err)
	if !created || !annotate.ValidID(doc.ID) {
		t.Fatalf("CreateDocument: created=%v id=%q", created, doc.ID)
	}
	sum := sha256.Sum256([]byte(text))
	wantHash := hex.EncodeToString(sum[:])
	if doc.Length != length || doc.Hash != wantHash || doc.Author != "Ada" || !doc.CreatedAt.Equal(clock.t) {
		t.Fatalf("CreateDocument filled in length %d hash %s author %q created %s; want %d %s Ada %s",
			doc.Length, doc.Hash, doc.Author, doc.CreatedAt, length, wantHash, clock.t)
	}
	check := func(db *storage.DB, when string) {
		t.Helper()
		got, err := db.Document(ctx, doc.ID)
		mustNil(t, err)
		if got.Text != text {
			t.Errorf("%s: text %q, want %q", when, got.Text, text)
		}
		if got.Title != doc.Title || got.Outlet != doc.Outlet || got.Byline != doc.Byline || got.Published != doc.Published ||
			got.URL != doc.URL || got.Source != doc.Source {
			t.Errorf("%s: metadata %+v, want %+v", when, got, doc)
		}
		if got.Length != length || got.Hash != wantHash || got.Author != "Ada" || got.Passages != 0 ||
			!got.CreatedAt.Equal(clock.t) || !got.UpdatedAt.Equal(clock.t) {
			t.Errorf("%s: length %d hash %s author %q passages %d created %s updated %s",
				when, got.Length, got.Hash, got.Author, got.Passages, got.CreatedAt, got.UpdatedAt)
		}
		list, err := db.Documents(ctx, annotate.DocumentFilter{})
		mustNil(t, err)
		if len(list) != 1 || list[0].ID != doc.ID || list[0].Text != "" || list[0].Length != length || list[0].Title != doc.Title {
			t.Errorf("%s: Documents = %+v, want the document without its text", when, list)
		}
	}
	check(db, "same handle")
	mustNil(t, db.Close())
	again, err := storage.Open(path)
	mustNil(t, err)
	defer again.Close()
	check(again, "after reopening")

	// The stored text is byte for byte what was given.
	raw := rawOpen(t, path)
	if got := rawString(t, raw, "SELECT text FROM documents WHERE id = ?", doc.ID); got != text {
		t.Errorf("raw text %q", got)
	}
	if got := rawInt(t, raw, "SELECT length FROM documents WHERE id = ?", doc.ID); got != length {
		t.Errorf("raw length %d, want %d", got, length)
	}

	if _, err := again.Document(ctx, annotate.NewID()); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("unknown document: got %v, want ENOTFOUND", err)
	}
}

func TestDocumentsListingAndUpdate(t *testing.T) {
	ctx := context.Background()
	db, _, clock := newProject(t, "Ada")
	b := MustDocument(t, db, "beta: Biden in Geneva", "Text of the second article.")
	a := MustDocument(t, db, "Alpha: the summit", "Text of the first article.")
	created := clock.t
	outlet := "Axios"
	clock.Tick()
	upd, err := db.UpdateDocument(ctx, b.ID, annotate.DocumentUpdate{Outlet: &outlet})
	mustNil(t, err)
	if upd.Outlet != "Axios" || upd.Title != b.Title || !upd.CreatedAt.Equal(created) || !upd.UpdatedAt.Equal(clock.t) {
		t.Fatalf("UpdateDocument = %+v", upd)
	}
	list, err := db.Documents(ctx, annotate.DocumentFilter{})
	mustNil(t, err)
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("Documents not by title ignoring case: %+v", list)
	}
	list, err = db.Documents(ctx, annotate.DocumentFilter{Text: "AXIOS"})
	mustNil(t, err)
	if len(list) != 1 || list[0].ID != b.ID {
		t.Fatalf("Documents filtered by outlet: %+v", list)
	}
	byline := "Zoë Ñúñez"
	_, err = db.UpdateDocument(ctx, a.ID, annotate.DocumentUpdate{Byline: &byline})
	mustNil(t, err)
	for _, f := range []string{"ZOË", "zoë ñÚÑ", "Zoë"} {
		list, err = db.Documents(ctx, annotate.DocumentFilter{Text: f})
		mustNil(t, err)
		if len(list) != 1 || list[0].ID != a.ID {
			t.Errorf("Documents filtered by %q (byline beyond ASCII, any case): %+v", f, list)
		}
	}
	empty := " "
	if _, err := db.UpdateDocument(ctx, a.ID, annotate.DocumentUpdate{Title: &empty}); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Errorf("empty title: got %v, want EINVALID", err)
	}
	if _, err := db.UpdateDocument(ctx, annotate.NewID(), annotate.DocumentUpdate{Outlet: &outlet}); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("update of an unknown document: got %v, want ENOTFOUND", err)
	}
}

func TestDocumentValidation(t *testing.T) {
	ctx := context.Background()
	db, path, _ := newProject(t, "Ada")
	for _, d := range []*annotate.Document{
		{Title: "", Text: "text"},
		{Title: "No text", Text: ""},
		{Title: "Bad UTF-8", Text: "caf\xe9"},
		{Title: "Bad id", Text: "some text", ID: "not-a-uuid"},
	} {
		if _, err := db.CreateDocument(ctx, d); annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("CreateDocument(%q): got %v, want EINVALID", d.Title, err)
		}
	}
	if n := rawInt(t, rawOpen(t, path), "SELECT count(*) FROM documents"); n != 0 {
		t.Errorf("%d documents written by refused imports", n)
	}
}

func TestFindDocument(t *testing.T) {
	ctx := context.Background()
	db, _, _ := newProject(t, "Ada")
	ids := []string{
		"abcdef01-0000-4000-8000-000000000001",
		"abcdef01-0000-4000-8000-000000000002",
		"12345678-0000-4000-8000-000000000003",
	}
	for i, id := range ids {
		doc := &annotate.Document{ID: id, Title: "Doc " + id[:8], Text: strings.Repeat("x", i+1)}
		_, err := db.CreateDocument(ctx, doc)
		mustNil(t, err)
	}
	for _, tt := range []struct {
		prefix, want, code string
	}{
		{"1", ids[2], ""},
		{"12345678-0000", ids[2], ""},
		{"  ABCDEF01-0000-4000-8000-000000000002 ", ids[1], ""},
		{"abcdef01-0000-4000-8000-00000000000", "", annotate.EINVALID}, // two match
		{"abc", "", annotate.EINVALID},
		{"fff", "", annotate.ENOTFOUND},
		{"xyz", "", annotate.EINVALID},
		{"12g", "", annotate.EINVALID},
		{"", "", annotate.EINVALID},
		{"%", "", annotate.EINVALID},
	} {
		doc, err := db.FindDocument(ctx, tt.prefix)
		if tt.code != "" {
			if annotate.ErrorCode(err) != tt.code {
				t.Errorf("FindDocument(%q): got %v, want %s", tt.prefix, err, tt.code)
			}
			continue
		}
		if err != nil || doc.ID != tt.want || doc.Text == "" {
			t.Errorf("FindDocument(%q) = %v, %v; want %s with its text", tt.prefix, doc, err, tt.want)
		}
	}
	// A deleted document is not found by its prefix.
	mustNil(t, db.DeleteDocument(ctx, ids[2]))
	if _, err := db.FindDocument(ctx, "1234"); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Errorf("FindDocument of a deleted document: got %v, want ENOTFOUND", err)
	}
	// With one of the pair deleted, the shared prefix is no longer ambiguous.
	mustNil(t, db.DeleteDocument(ctx, ids[0]))
	if doc, err := db.FindDocument(ctx, "abc"); err != nil || doc.ID != ids[1] {
		t.Errorf("FindDocument(abc) after deleting its twin = %v, %v", doc, err)
	}
}
