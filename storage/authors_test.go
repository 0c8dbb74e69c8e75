package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

func TestTwoAuthorsOnOneFile(t *testing.T) {
	ctx := context.Background()
	ada, path, _ := newProject(t, "Ada")
	grace, err := storage.Open(path)
	mustNil(t, err)
	defer grace.Close()
	grace.SetAuthor("  Grace Hopper ")
	if grace.Author() != "Grace Hopper" {
		t.Fatalf("author %q, want it trimmed", grace.Author())
	}

	doc := MustDocument(t, ada, "Summit", article)
	tag := MustTag(t, grace, "Ambassadors")
	p := MustPassage(t, grace, doc, "ambassadors", tag.ID)
	q := MustPassage(t, ada, doc, "Geneva", tag.ID)
	mustNil(t, ada.SetNote(ctx, p.ID, "Ada's note on Grace's passage"))

	// Each handle reads what the other wrote, with the right names.
	for _, db := range []*storage.DB{ada, grace} {
		d, err := db.Document(ctx, doc.ID)
		mustNil(t, err)
		tg, err := db.Tag(ctx, tag.ID)
		mustNil(t, err)
		gp, err := db.Passage(ctx, p.ID)
		mustNil(t, err)
		gq, err := db.Passage(ctx, q.ID)
		mustNil(t, err)
		if d.Author != "Ada" || tg.Author != "Grace Hopper" || gp.Author != "Grace Hopper" || gq.Author != "Ada" || gp.Note.Author != "Ada" {
			t.Errorf("%s reads authors: document %q tag %q passage %q passage %q note %q",
				db.Author(), d.Author, tg.Author, gp.Author, gq.Author, gp.Note.Author)
		}
		names, err := db.Authors(ctx)
		mustNil(t, err)
		if !sameIDs(names, []string{"Ada", "Grace Hopper"}) {
			t.Errorf("Authors = %q", names)
		}
	}
	raw := rawOpen(t, path)
	for _, tt := range []struct{ query, id, want string }{
		{"SELECT a.name FROM documents x JOIN authors a ON a.id = x.author_id WHERE x.id = ?", doc.ID, "Ada"},
		{"SELECT a.name FROM tags x JOIN authors a ON a.id = x.author_id WHERE x.id = ?", tag.ID, "Grace Hopper"},
		{"SELECT a.name FROM passages x JOIN authors a ON a.id = x.author_id WHERE x.id = ?", p.ID, "Grace Hopper"},
		{"SELECT a.name FROM passages x JOIN authors a ON a.id = x.author_id WHERE x.id = ?", q.ID, "Ada"},
		{"SELECT a.name FROM passage_tags x JOIN authors a ON a.id = x.author_id WHERE x.passage_id = ?", p.ID, "Grace Hopper"},
		{"SELECT a.name FROM notes x JOIN authors a ON a.id = x.author_id WHERE x.passage_id = ?", p.ID, "Ada"},
	} {
		if got := rawString(t, raw, tt.query, tt.id); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
	}
	if n := rawInt(t, raw, "SELECT count(*) FROM authors"); n != 2 {
		t.Errorf("%d authors rows, want 2", n)
	}
	// A change stamps the one who made it.
	mustNil(t, ada.AddTag(ctx, p.ID, MustTag(t, ada, "Outcomes").ID))
	if got := rawString(t, raw, "SELECT a.name FROM passage_tags x JOIN authors a ON a.id = x.author_id JOIN tags t ON t.id = x.tag_id WHERE x.passage_id = ? AND t.name = 'Outcomes'", p.ID); got != "Ada" {
		t.Errorf("Ada's pairing stamped %q", got)
	}
}

func TestUpdatedAtAdvancesCreatedAtStays(t *testing.T) {
	ctx := context.Background()
	db, path, clock := newProject(t, "Ada")
	raw := rawOpen(t, path)
	created := clock.t
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	other := MustTag(t, db, "Outcomes")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)

	// stamps returns the created_at and updated_at of a row, deleted or not.
	stamps := func(table, id string) (string, string) {
		var c, u string
		if err := raw.QueryRow("SELECT created_at, updated_at FROM "+table+" WHERE id = ?", id).Scan(&c, &u); err != nil {
			t.Fatal(err)
		}
		return c, u
	}
	format := func(tm time.Time) string { return tm.UTC().Format("2006-01-02T15:04:05.000000Z") }
	for _, step := range []struct {
		what, table string
		id          func() string
		change      func() error
	}{
		{"AddTag", "passages", func() string { return p.ID }, func() error { return db.AddTag(ctx, p.ID, other.ID) }},
		{"RemoveTag", "passages", func() string { return p.ID }, func() error { return db.RemoveTag(ctx, p.ID, other.ID) }},
		{"SetNote", "passages", func() string { return p.ID }, func() error { return db.SetNote(ctx, p.ID, "first") }},
		{"SetNote again", "passages", func() string { return p.ID }, func() error { return db.SetNote(ctx, p.ID, "second") }},
		{"SetNote clearing", "passages", func() string { return p.ID }, func() error { return db.SetNote(ctx, p.ID, "") }},
		{"DeletePassage", "passages", func() string { return p.ID }, func() error { return db.DeletePassage(ctx, p.ID) }},
		{"RestorePassage", "passages", func() string { return p.ID }, func() error { return db.RestorePassage(ctx, p.ID) }},
		{"UpdateTag", "tags", func() string { return tag.ID }, func() error {
			c := "#abcdef"
			_, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Color: &c})
			return err
		}},
		{"DeleteTag", "tags", func() string { return other.ID }, func() error { return db.DeleteTag(ctx, other.ID) }},
		{"RestoreTag", "tags", func() string { return other.ID }, func() error { return db.RestoreTag(ctx, other.ID) }},
		{"UpdateDocument", "documents", func() string { return doc.ID }, func() error {
			o := "Axios"
			_, err := db.UpdateDocument(ctx, doc.ID, annotate.DocumentUpdate{Outlet: &o})
			return err
		}},
		{"DeleteDocument", "documents", func() string { return doc.ID }, func() error { return db.DeleteDocument(ctx, doc.ID) }},
		{"RestoreDocument", "documents", func() string { return doc.ID }, func() error { return db.RestoreDocument(ctx, doc.ID) }},
	} {
		now := clock.Tick()
		mustNil(t, step.change())
		c, u := stamps(step.table, step.id())
		if c != format(created) || u != format(now) {
			t.Errorf("%s: %s created_at %s updated_at %s; want created_at %s kept and updated_at %s",
				step.what, step.table, c, u, format(created), format(now))
		}
	}
	// The note row has its own times.
	clock.Tick()
	mustNil(t, db.SetNote(ctx, p.ID, "third"))
	got, err := db.Passage(ctx, p.ID)
	mustNil(t, err)
	if !got.Note.UpdatedAt.Equal(clock.t) || !got.Note.CreatedAt.Before(clock.t) || !got.CreatedAt.Equal(created) {
		t.Errorf("note times %s / %s, passage created %s", got.Note.CreatedAt, got.Note.UpdatedAt, got.CreatedAt)
	}
	// Times are stored as documented and text order is time order.
	if n := rawInt(t, raw, `SELECT count(*) FROM passages WHERE updated_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'`); n != 0 {
		t.Errorf("%d passages with a malformed updated_at", n)
	}
}

func TestNoAuthorNothingWritten(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "anon.gloss")
	setup, err := storage.Create(path)
	mustNil(t, err)
	setup.SetAuthor("Ada")
	doc := MustDocument(t, setup, "Summit", article)
	tag := MustTag(t, setup, "Ambassadors")
	p := MustPassage(t, setup, doc, "ambassadors", tag.ID)
	mustNil(t, setup.Close())

	db, err := storage.Open(path)
	mustNil(t, err)
	defer db.Close()
	raw := rawOpen(t, path)
	snapshot := func() string {
		return rowCounts(t, raw) + rawString(t, raw, "SELECT group_concat(updated_at) FROM (SELECT updated_at FROM passages UNION ALL SELECT updated_at FROM tags UNION ALL SELECT updated_at FROM documents)") +
			rawString(t, raw, "SELECT group_concat(name) FROM authors")
	}
	before := snapshot()
	for _, author := range []string{"", "   "} {
		db.SetAuthor(author)
		name, color := "Renamed", "#000000"
		for what, err := range map[string]error{
			"CreateDocument": func() error {
				_, err := db.CreateDocument(ctx, &annotate.Document{Title: "New", Text: "new text"})
				return err
			}(),
			"UpdateDocument": func() error {
				_, err := db.UpdateDocument(ctx, doc.ID, annotate.DocumentUpdate{Title: &name})
				return err
			}(),
			"DeleteDocument": db.DeleteDocument(ctx, doc.ID),
			"CreateTag":      db.CreateTag(ctx, &annotate.Tag{Name: "New", Color: "#123456"}),
			"UpdateTag":      func() error { _, err := db.UpdateTag(ctx, tag.ID, annotate.TagUpdate{Color: &color}); return err }(),
			"DeleteTag":      db.DeleteTag(ctx, tag.ID),
			"CreatePassage":  db.CreatePassage(ctx, &annotate.Passage{DocumentID: doc.ID, Start: 0, End: 9, Quote: "President", Tags: []string{tag.ID}}),
			"AddTag":         db.AddTag(ctx, p.ID, tag.ID),
			"SetNote":        db.SetNote(ctx, p.ID, "note"),
			"DeletePassage":  db.DeletePassage(ctx, p.ID),
		} {
			wantCode(t, err, annotate.EINVALID, what+" with author "+`"`+author+`"`)
		}
	}
	if after := snapshot(); after != before {
		t.Fatalf("writes without an author changed the file:\n%s\nbefore:\n%s", after, before)
	}
	// Reading needs no author.
	if _, err := db.Passage(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
}
