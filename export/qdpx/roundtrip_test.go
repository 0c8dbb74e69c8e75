package qdpx_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// richFixture is the storagetest fixture with what other tools' files
// bring: a grouping code over two codes, document memos, a title with a
// slash and a colon, and one range coded by two researchers.
func richFixture(t *testing.T) *storagetest.Fixture {
	t.Helper()
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	group := &annotate.Tag{Name: "Security", Color: "#000080", Description: "Grouping code.", Grouping: true}
	if err := f.DB.CreateTag(ctx, group); err != nil {
		t.Fatal(err)
	}
	parent := group.ID
	if _, err := f.DB.UpdateTag(ctx, f.Cyber.ID, annotate.TagUpdate{ParentID: &parent}); err != nil {
		t.Fatal(err)
	}
	memo := "Read against the Kremlin readout.\nSecond paragraph."
	title := "Biden/Putin: the Geneva summit"
	if _, err := f.DB.UpdateDocument(ctx, f.Geneva.ID, annotate.DocumentUpdate{Memo: &memo, Title: &title}); err != nil {
		t.Fatal(err)
	}
	f.DB.SetAuthor("Grace")
	f.Passage(t, f.Geneva, "list of 16 critical infrastructure entities", "Grace's reading.", f.Diplomacy.ID)
	f.DB.SetAuthor("Ada")
	return f
}

// documents describes a project's documents: title, metadata and memo.
func documents(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	docs, err := db.Documents(context.Background(), annotate.DocumentFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		out = append(out, strings.Join([]string{d.ID, d.Title, d.Outlet, d.Byline, d.Published, d.URL, d.Author, d.Memo}, " | "))
	}
	return out
}

// notes describes every passage's note with its author and times, and the
// passage's times.
func notes(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, strings.Join([]string{p.ID, p.Author, p.CreatedAt.Format(time.RFC3339Nano), p.UpdatedAt.Format(time.RFC3339Nano),
			p.Note.ID, p.Note.Text, p.Note.Author, p.Note.CreatedAt.Format(time.RFC3339Nano), p.Note.UpdatedAt.Format(time.RFC3339Nano)}, " | "))
	}
	return out
}

// codebookTree renders the codebook as a tree, each code with its colour,
// description and kind, children under their parent in codebook order.
func codebookTree(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	tags, err := db.Tags(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	var walk func(parent, indent string)
	walk = func(parent, indent string) {
		for _, t := range tags {
			if t.ParentID == parent {
				out = append(out, fmt.Sprintf("%s%s %s %q grouping=%v", indent, t.Name, t.Color, t.Description, t.Grouping))
				walk(t.ID, indent+"  ")
			}
		}
	}
	walk("", "")
	return out
}

// TestRoundTripKeepsEverything: Gloss → .qdpx → Gloss keeps every
// passage with its codes, note, coder and times, the codebook with its
// grouping codes, and each document's exact title, metadata and memo; the
// export validates against the REFI-QDA schema.
func TestRoundTripKeepsEverything(t *testing.T) {
	ctx := context.Background()
	f := richFixture(t)
	data := mustExport(t, f.DB)
	entries := unzip(t, data)
	if msg := xmllint(t, "Project.xsd", entries["project.qde"]); msg != "" {
		t.Fatalf("export does not validate: %s", msg)
	}
	b, err := qdpx.Read("round.qdpx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	db.SetAuthor("Linus")
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 6 || rep.Combined+rep.Reanchored+rep.Unanchored+rep.Skipped != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"passages", storagetest.Summary(t, db), storagetest.Summary(t, f.DB)},
		{"notes and times", notes(t, db), notes(t, f.DB)},
		{"codebook", codebookTree(t, db), codebookTree(t, f.DB)},
		{"documents", documents(t, db), documents(t, f.DB)},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differ:\n got %q\nwant %q", c.what, c.got, c.want)
		}
	}
	// Into the project it came from: nothing new.
	state := func() []string {
		return append(append(append(notes(t, f.DB), storagetest.Summary(t, f.DB)...), codebookTree(t, f.DB)...), documents(t, f.DB)...)
	}
	before := state()
	rep, err = f.DB.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if after := state(); rep.Added != 0 || rep.Matched != 6 || !reflect.DeepEqual(after, before) {
		t.Errorf("import into the source project: %s\n%q\n%q", rep.Summary(), before, after)
	}
}

// TestExportForOtherTools: what other tools' importers need of the file
// Gloss writes. QualCoder reads a coding's memo from the selection's
// Description and fails on a Note without a creation time; it copies each
// source to a file named after it, which a "/" breaks; ATLAS.ti and NVivo
// read memos from Notes.
func TestExportForOtherTools(t *testing.T) {
	f := richFixture(t)
	qde := unzip(t, mustExport(t, f.DB))["project.qde"]
	var p struct {
		Sources []struct {
			Name        string `xml:"name,attr"`
			Created     string `xml:"creationDateTime,attr"`
			Description string `xml:"Description"`
			Selections  []struct {
				Created     string `xml:"creationDateTime,attr"`
				Description string `xml:"Description"`
				Codings     []struct {
					Created string `xml:"creationDateTime,attr"`
				} `xml:"Coding"`
				Notes []struct {
					Ref string `xml:"targetGUID,attr"`
				} `xml:"NoteRef"`
			} `xml:"PlainTextSelection"`
			Values []struct {
				Ref struct {
					GUID string `xml:"targetGUID,attr"`
				} `xml:"VariableRef"`
				Text string `xml:"TextValue"`
			} `xml:"VariableValue"`
		} `xml:"Sources>TextSource"`
		Notes []struct {
			GUID    string `xml:"guid,attr"`
			Created string `xml:"creationDateTime,attr"`
			Text    string `xml:"PlainTextContent"`
		} `xml:"Notes>Note"`
		Codes []struct {
			Name      string `xml:"name,attr"`
			IsCodable string `xml:"isCodable,attr"`
		} `xml:"CodeBook>Codes>Code"`
		Variables []struct {
			GUID string `xml:"guid,attr"`
			Name string `xml:"name,attr"`
		} `xml:"Variables>Variable"`
	}
	if err := xml.Unmarshal(qde, &p); err != nil {
		t.Fatal(err)
	}
	noteText := map[string]string{}
	for _, n := range p.Notes {
		if n.Created == "" {
			t.Errorf("note %s has no creationDateTime", n.GUID)
		}
		noteText[n.GUID] = n.Text
	}
	titleVar := ""
	for _, v := range p.Variables {
		if v.Name == "Title" {
			titleVar = v.GUID
		}
	}
	withNotes := 0
	for _, s := range p.Sources {
		if strings.ContainsAny(s.Name, `/\:*?"<>|`) || s.Created == "" {
			t.Errorf("source %q: not safe as a file name, or no creation time %q", s.Name, s.Created)
		}
		if s.Name == "Biden∕Putin꞉ the Geneva summit" {
			found := false
			for _, v := range s.Values {
				found = found || v.Ref.GUID == titleVar && v.Text == "Biden/Putin: the Geneva summit"
			}
			if !found || s.Description != "Read against the Kremlin readout.\nSecond paragraph." {
				t.Errorf("source %q lacks its exact title or its memo: %+v", s.Name, s)
			}
		}
		for _, sel := range s.Selections {
			if sel.Created == "" {
				t.Error("a selection has no creationDateTime")
			}
			for _, c := range sel.Codings {
				if c.Created == "" {
					t.Error("a coding has no creationDateTime")
				}
			}
			if len(sel.Notes) > 0 {
				withNotes++
				if sel.Description == "" || sel.Description != noteText[sel.Notes[0].Ref] {
					t.Errorf("a selection's Description %q is not its note %q", sel.Description, noteText[sel.Notes[0].Ref])
				}
			}
		}
	}
	if withNotes != 4 {
		t.Errorf("%d selections with a note, want 4", withNotes)
	}
	kinds := map[string]string{}
	for _, c := range p.Codes {
		kinds[c.Name] = c.IsCodable
	}
	if kinds["Security"] != "false" || kinds["Diplomacy"] != "true" {
		t.Errorf("isCodable of the top-level codes: %v", kinds)
	}
}
