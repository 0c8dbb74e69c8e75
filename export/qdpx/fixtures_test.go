package qdpx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// The fixtures under testdata follow the conventions of other tools'
// REFI-QDA exporters, as their source (QualCoder's refi.py) and their
// published files show; each is kept unzipped so that it can be read, and
// zipped here as the tool would.

// zipDir builds a .qdpx archive of a fixture folder.
func zipDir(tb testing.TB, dir string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// importFixture validates a fixture's project.qde against the schema,
// reads the zipped fixture and imports it into a new project.
func importFixture(t *testing.T, name string) (*storage.DB, *annotate.Batch, *annotate.ImportReport) {
	t.Helper()
	dir := filepath.Join("testdata", name)
	qde, err := os.ReadFile(filepath.Join(dir, "project.qde"))
	if err != nil {
		t.Fatal(err)
	}
	if msg := xmllint(t, "Project.xsd", qde); msg != "" {
		t.Fatalf("the fixture itself is not valid: %s", msg)
	}
	data := zipDir(t, dir)
	b, err := qdpx.Read(name+".qdpx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	rep, err := db.ImportBatch(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := db.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("check after the import: %v %v", problems, err)
	}
	return db, b, rep
}

// lines returns the report's lines of one kind about one kind of thing.
func lines(rep *annotate.ImportReport, kind, what string) []string {
	var out []string
	for _, l := range rep.Lines {
		if l.Kind == kind && l.What == what {
			out = append(out, l.Key+": "+l.Detail)
		}
	}
	return out
}

func hasLine(rep *annotate.ImportReport, kind, what string, parts ...string) bool {
	for _, l := range lines(rep, kind, what) {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return true
		}
	}
	return false
}

// TestImportQualCoder reads a project as QualCoder writes it with "MAXQDA
// line endings": CRLF in the texts (with a byte-order mark) but positions
// counted on the LF text, one selection per code with the whole quote as
// its name and the coding's memo as its Description, categories as
// isCodable="false", annotations as Notes with a PlainTextSelection of
// which only the first of each source has a NoteRef.
func TestImportQualCoder(t *testing.T) {
	db, _, rep := importFixture(t, "qualcoder")
	want := []string{
		`Geneva dispatch.txt [117,136) "\"very constructive\"" tags=Tone note="Putin's own words." by marie (note by marie) at 2021-06-20T10:00:00Z`,
		`Geneva dispatch.txt [162,204) "The ambassadors will return to their posts" tags=Ambassadors note="" by pierre (note by ) at 2021-06-21T08:00:00Z`,
		`Geneva dispatch.txt [162,204) "The ambassadors will return to their posts" tags=Ambassadors|Outcome note="Envoys back in Moscow and Washington.\n\nThe only concrete outcome." by marie (note by marie) at 2021-06-20T10:01:00Z`,
		`Geneva dispatch.txt [46,66) "less than four hours" tags=Tone note="Short for a summit." by marie (note by marie) at 2021-06-20T10:03:00Z`,
		`Kremlin readout.txt [40,58) "the pragmatic tone" tags=Imported note="Moscow's word for it." by pierre (note by pierre) at 2021-06-21T08:06:00Z`,
		`Kremlin readout.txt [79,98) "strategic stability" tags=Security note="" by pierre (note by ) at 2021-06-21T08:05:00Z`,
	}
	if got := storagetest.Summary(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("imported passages:\n got %q\nwant %q", got, want)
	}
	if rep.Added != 6 || rep.Combined != 2 || rep.Reanchored != 0 || rep.Unanchored != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	for _, doc := range []string{"Geneva dispatch.txt", "Kremlin readout.txt"} {
		if !hasLine(rep, annotate.ReportAdded, "document", doc, "each CRLF line ending counted as one character", "confirm it") {
			t.Errorf("the report does not say how %s's positions were read:\n%v", doc, lines(rep, annotate.ReportAdded, "document"))
		}
	}
	if !hasLine(rep, annotate.ReportSkipped, "part", "annotation at [74, 89) that no source refers to") {
		t.Errorf("the report does not say the annotation without a source was left out:\n%v", lines(rep, annotate.ReportSkipped, "part"))
	}
	if rep.Skipped != 1 {
		t.Errorf("%d parts skipped, want 1: %v", rep.Skipped, lines(rep, annotate.ReportSkipped, "part"))
	}
	// A note attached to nothing, and the project's description, are
	// entries of the project journal.
	for _, entry := range []string{"2021-06-20 Field notes", "Project description"} {
		if !hasLine(rep, annotate.ReportAdded, "journal entry", entry) {
			t.Errorf("the report does not add the journal entry %q:\n%v", entry, lines(rep, annotate.ReportAdded, "journal entry"))
		}
	}
	journal, err := db.JournalEntries(context.Background())
	if err != nil || len(journal) != 2 {
		t.Fatalf("journal %+v %v", journal, err)
	}
	var notes *annotate.JournalEntry
	for _, e := range journal {
		if e.Title == "Field notes" {
			notes = e
		}
	}
	if notes == nil || notes.Date != "2021-06-20" || notes.Text != "Both press conferences ran late." || notes.Author != "marie" {
		t.Errorf("the field notes as a journal entry: %+v", notes)
	}
	// Categories are grouping codes; the source's Description its memo.
	if got := codebookKinds(t, db); !reflect.DeepEqual(got, []string{"Tone", "Diplomacy (grouping)", "Ambassadors in Diplomacy", "Outcome in Diplomacy", "Issues (grouping)", "Security in Issues", "Imported"}) {
		t.Errorf("codebook %q", got)
	}
	docs, err := db.Documents(context.Background(), annotate.DocumentFilter{Text: "Geneva"})
	if err != nil || len(docs) != 1 || docs[0].Memo != "Dispatch from the press centre, filed the same evening." {
		t.Errorf("memo of the dispatch: %+v %v", docs, err)
	}
}

// codebookKinds lists the codebook as "Name (grouping) in Parent".
func codebookKinds(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	tags, err := db.Tags(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	name := map[string]string{}
	for _, t := range tags {
		name[t.ID] = t.Name
	}
	var out []string
	for _, t := range tags {
		s := t.Name
		if t.Grouping {
			s += " (grouping)"
		}
		if t.ParentID != "" {
			s += " in " + name[t.ParentID]
		}
		out = append(out, s)
	}
	return out
}

// TestImportMAXQDA reads a project as MAXQDA writes it: nested codes, two
// coders on one segment, a comment as a selection without coding, a
// document memo as a note, document variables in cases, document and code
// sets; texts with CRLF counted as two characters and selections without
// names, so nothing in the file confirms the convention.
func TestImportMAXQDA(t *testing.T) {
	db, _, rep := importFixture(t, "maxqda")
	want := []string{
		`Axios summit report [183,200) "Both sides agreed" tags=Imported note="Check the Kremlin readout for the same wording." by Ben (note by Ben) at 2021-06-22T14:05:00Z`,
		`Axios summit report [204,228) "return their ambassadors" tags=Ambassadors note="" by Ana (note by ) at 2021-06-21T09:12:00Z`,
		`Axios summit report [55,75) "less than four hours" tags=Diplomacy note="" by Ana (note by ) at 2021-06-21T09:10:00Z`,
		`Axios summit report [94,139) "a list of 16 critical infrastructure entities" tags=Cyber note="" by Ben (note by ) at 2021-06-22T14:00:00Z`,
		`Axios summit report [94,139) "a list of 16 critical infrastructure entities" tags=Cyber|The list note="Sixteen sectors." by Ana (note by Ana) at 2021-06-21T09:11:00Z`,
		`Le Temps [73,94) "stabilité stratégique" tags=Security note="" by Ben (note by ) at 2021-06-22T14:10:00Z`,
	}
	if got := storagetest.Summary(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("imported passages:\n got %q\nwant %q", got, want)
	}
	if rep.Added != 6 || rep.Unanchored != 0 || rep.Reanchored != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	if !hasLine(rep, annotate.ReportAdded, "document", "Axios summit report", "counted as two characters", "no selection carries its quote") {
		t.Errorf("the report does not say how the positions were read:\n%v", lines(rep, annotate.ReportAdded, "document"))
	}
	for _, part := range [][]string{
		{"1 case(s): Gloss has no cases"},
		{`set "US press" (1 source(s)): Gloss has no sets`},
		{`set "Security codes" (2 code(s)): Gloss has no sets`},
	} {
		if !hasLine(rep, annotate.ReportSkipped, "part", part...) {
			t.Errorf("the report does not say %q:\n%v", part, lines(rep, annotate.ReportSkipped, "part"))
		}
	}
	if got := codebookKinds(t, db); !reflect.DeepEqual(got[:6], []string{"Summit", "Diplomacy in Summit", "Ambassadors in Diplomacy", "Security in Summit", "Cyber in Security", "The list in Security"}) {
		t.Errorf("codebook %q", got)
	}
	ctx := context.Background()
	for title, memo := range map[string]string{"Axios": "Ana: read together with Le Temps.\nBen agrees.", "Le Temps": "Swiss coverage, in French."} {
		docs, err := db.Documents(ctx, annotate.DocumentFilter{Text: title})
		if err != nil || len(docs) != 1 || docs[0].Memo != memo {
			t.Errorf("memo of %s: %+v %v", title, docs, err)
		}
	}
}

// TestImportATLASti reads a project as ATLAS.ti writes it: CRLF counted as
// one, quotations named by their first characters or by a label, a code
// applied by another user than the quotation's, a comment as a note in
// the archive.
func TestImportATLASti(t *testing.T) {
	db, _, rep := importFixture(t, "atlasti")
	got := storagetest.Summary(t, db)
	wantAll := []string{
		`Reuters: Biden/Putin summit [143,170) "lasted less than four hours" tags=Summit: logistics note="" by Lena (note by ) at 2021-06-23T10:23:00Z`,
		`Reuters: Biden/Putin summit [17,56) "Biden raised the case of Alexei Navalny" tags=Human rights note="" by Lena (note by ) at 2021-06-23T10:17:00Z`,
		`Reuters: Biden/Putin summit [17,56) "Biden raised the case of Alexei Navalny" tags=Navalny note="" by Omar (note by ) at 2021-06-23T10:17:00Z`,
		`Reuters: Biden/Putin summit [79,107) "\"very experienced\" statesman" tags=Tone note="Praise, or a backhanded compliment?\nCompare Le Temps." by Omar (note by Omar) at 2021-06-23T10:19:00Z`,
	}
	if !reflect.DeepEqual(got, wantAll) {
		t.Errorf("imported passages:\n got %q\nwant %q", got, wantAll)
	}
	if rep.Added != 4 || rep.Unanchored != 0 || rep.Reanchored != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	if !hasLine(rep, annotate.ReportAdded, "document", "counted as one character", "2 selection quote(s) confirm it") {
		t.Errorf("the report does not say how the positions were read:\n%v", lines(rep, annotate.ReportAdded, "document"))
	}
	if !hasLine(rep, annotate.ReportSkipped, "part", `set "Wire services" (1 source(s))`) {
		t.Errorf("sets not reported: %v", lines(rep, annotate.ReportSkipped, "part"))
	}
}

// TestImportATLAStiCodebook reads a codebook as ATLAS.ti writes it: code
// comments as Description (kept as the tags' descriptions), code groups
// as Sets with MemberCode guid attributes (reported: Gloss has no sets).
func TestImportATLAStiCodebook(t *testing.T) {
	path := filepath.Join("testdata", "atlasti.qdc")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if msg := xmllint(t, "Codebook.xsd", data); msg != "" {
		t.Fatalf("the fixture itself is not valid: %s", msg)
	}
	b, err := qdpx.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	rep, err := db.ImportBatch(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Summit: logistics #46aa00 Where, when, how long. in ", "Cyber red lines #e6194b The list of sixteen sectors.\nSee also: Security. in ",
		"Human rights #3cb44b  in ", "Navalny #ffe119  in Human rights"}
	if got := codebook(t, db); !reflect.DeepEqual(got[:4], want) || len(got) != 5 {
		t.Errorf("codebook:\n got %q\nwant %q and Tone", got, want)
	}
	for _, part := range []string{`set "Security" (1 code(s))`, `set "Politics" (2 code(s))`} {
		if !hasLine(rep, annotate.ReportSkipped, "part", part) {
			t.Errorf("the report lacks %q: %v", part, rep.Lines)
		}
	}
}

// TestImportNVivoLinkedNote: NVivo attaches an annotation to a selection
// through a Link from the Note holding its text (in the archive) to the
// selection; the passage gets that note, and only other links are
// reported. A selection without a creation time takes its coding's.
func TestImportNVivoLinkedNote(t *testing.T) {
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Summit" origin="NVivo 14">
<Users><User guid="A1B2C3D4-0000-4000-8000-00000000AA01" name="Noor"/></Users>
<CodeBook><Codes><Code guid="C0DE0000-0000-4000-8000-000000000001" name="Tone" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="50000000-0000-4000-8000-000000000001" name="Readout" plainTextPath="internal://50000000-0000-4000-8000-000000000001.txt">
<PlainTextSelection guid="5E100000-0000-4000-8000-000000000001" startPosition="19" endPosition="43" creatingUser="A1B2C3D4-0000-4000-8000-00000000AA01">
<Coding guid="C0D10000-0000-4000-8000-000000000001" creationDateTime="2021-06-24T10:00:00Z"><CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection></TextSource></Sources>
<Notes><Note guid="0E000000-0000-4000-8000-000000000001" name="Annotation" plainTextPath="internal://0E000000-0000-4000-8000-000000000001.txt" creatingUser="A1B2C3D4-0000-4000-8000-00000000AA01"/></Notes>
<Links>
<Link guid="11000000-0000-4000-8000-000000000001" name="annotation" originGUID="0E000000-0000-4000-8000-000000000001" targetGUID="5E100000-0000-4000-8000-000000000001"/>
<Link guid="11000000-0000-4000-8000-000000000002" name="relates to" originGUID="C0DE0000-0000-4000-8000-000000000001" targetGUID="50000000-0000-4000-8000-000000000001"/>
</Links></Project>`
	if msg := xmllint(t, "Project.xsd", []byte(qde)); msg != "" {
		t.Fatalf("test document invalid: %s", msg)
	}
	data := zipOf(t, "project.qde", qde,
		"sources/50000000-0000-4000-8000-000000000001.txt", "Kremlin readout\r\n\r\nThe talks were pragmatic and calm.\r\n",
		"sources/0E000000-0000-4000-8000-000000000001.txt", "Calm, said both sides.")
	b, err := qdpx.Read("nvivo.qdpx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	rep, err := db.ImportBatch(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`Readout [17,41) "The talks were pragmatic" tags=Tone note="Calm, said both sides." by Noor (note by Noor) at 2021-06-24T10:00:00Z`}
	if got := storagetest.Summary(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("passages:\n got %q\nwant %q\n%v", got, want, rep.Lines)
	}
	if !hasLine(rep, annotate.ReportSkipped, "part", "1 link(s): Gloss has no links") || rep.Skipped != 1 {
		t.Errorf("links: %v", lines(rep, annotate.ReportSkipped, "part"))
	}
}
