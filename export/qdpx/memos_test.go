package qdpx_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// analysedFixture is the rich fixture with what analysis adds: a code's
// memo, the journal, and attributes of every kind with their values.
func analysedFixture(t *testing.T) *storagetest.Fixture {
	t.Helper()
	ctx := context.Background()
	f := richFixture(t)
	db := f.DB
	if err := db.SetCodeMemo(ctx, f.Cyber.ID, "Apply to statements of limits, not reports of attacks.\n\nSee the 16 sectors."); err != nil {
		t.Fatal(err)
	}
	for _, e := range []*annotate.JournalEntry{
		{Date: "2021-06-16", Title: "First pass", Text: "Coded the wire copy; the Kremlin readout next."},
		{Date: "2021-06-18", Text: "Ben's copy merged.\nAgreement on Cyber is low."},
	} {
		if err := db.CreateJournalEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper", "Broadcaster"}}
	words := &annotate.Attribute{Name: "Words", Kind: annotate.AttributeNumber}
	day := &annotate.Attribute{Name: "Filed", Kind: annotate.AttributeDate}
	month := &annotate.Attribute{Name: "Issue", Kind: annotate.AttributeDate}
	stance := &annotate.Attribute{Name: "Stance", Kind: annotate.AttributeText}
	for _, a := range []*annotate.Attribute{outlet, words, day, month, stance} {
		if err := db.CreateAttribute(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetAttributes(ctx, map[string]map[string]string{
		f.Geneva.ID: {outlet.ID: "Wire", words.ID: "1,234.5", day.ID: "2021-06-16", month.ID: "2021-06", stance.ID: "Hopeful"},
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// analysis describes a project's code memos, journal, attributes and
// values, without IDs or times.
func analysis(tb testing.TB, db *storage.DB) []string {
	tb.Helper()
	ctx := context.Background()
	var out []string
	memos, err := db.Memos(ctx, annotate.MemoFilter{Kinds: []string{annotate.MemoCode, annotate.MemoJournal}})
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range memos {
		out = append(out, fmt.Sprintf("memo %s %s %q %q by %s", m.Kind, m.Date, m.Subject, m.Text, m.Author))
	}
	attrs, err := db.Attributes(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	dv, err := db.DocumentValues(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range attrs {
		out = append(out, fmt.Sprintf("attribute %s %s %q", a.Name, a.Kind, a.Choices))
		for _, d := range docs {
			if v := dv[d.ID][a.ID]; v != "" {
				out = append(out, fmt.Sprintf("  %s = %s", d.Title, v))
			}
		}
	}
	return out
}

// TestRoundTripMemosAndAttributes: code memos, the journal, and document
// attributes of every kind travel through a .qdpx and back, as notes and
// variables other tools read; importing the file again adds nothing.
func TestRoundTripMemosAndAttributes(t *testing.T) {
	ctx := context.Background()
	f := analysedFixture(t)
	data := mustExport(t, f.DB)
	qde := unzip(t, data)["project.qde"]
	if msg := xmllint(t, "Project.xsd", qde); msg != "" {
		t.Fatalf("export does not validate: %s\n%s", msg, qde)
	}
	checkNames(t, qde, qdpx.ProjectNamespace, "Project.xsd")
	for _, want := range []string{
		`name="Memo: Cyber red lines"`,                   // the code's memo, a note the code refers to
		`name="2021-06-16 First pass"`,                   // a journal entry, named by its date
		`name="Outlet type" typeOfVariable="Text"`,       // a choice: text, its values listed
		"One of:&#xA;Wire&#xA;Newspaper&#xA;Broadcaster", //
		`name="Words" typeOfVariable="Float"`,            //
		`name="Filed" typeOfVariable="Date"`,             //
		`name="Issue" typeOfVariable="Text"`,             // a month is not an xsd:date
		"<FloatValue>1234.5</FloatValue>",                //
		"<DateValue>2021-06-16</DateValue>",              //
	} {
		if !bytes.Contains(qde, []byte(want)) {
			t.Errorf("project.qde lacks %q", want)
		}
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
	if rep.AttributesAdded != 5 || rep.ValuesAdded != 5 || rep.JournalAdded != 2 || rep.Skipped != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	if !strings.Contains(rep.Summary(), "5 attributes, 5 attribute values, 2 journal entries added") {
		t.Errorf("summary %q", rep.Summary())
	}
	if got, want := analysis(t, db), analysis(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("memos and attributes differ:\n got %q\nwant %q", got, want)
	}
	if got, want := codebookTree(t, db), codebookTree(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("the code memo changed the codebook:\n got %q\nwant %q", got, want)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("imported project: %v %v", problems, err)
	}
	// A document memo the file brings to a document without one has an
	// author: the document's, as the file names it.
	empty := ""
	if _, err := f.DB.UpdateDocument(ctx, f.Geneva.ID, annotate.DocumentUpdate{Memo: &empty}); err != nil {
		t.Fatal(err)
	}
	f.DB.SetAuthor("Zed")
	if _, err := f.DB.ImportBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	dm, err := f.DB.Memos(ctx, annotate.MemoFilter{Kinds: []string{annotate.MemoDocument}})
	if err != nil || len(dm) != 1 || dm[0].Author != "Ada" || !strings.HasPrefix(dm[0].Text, "Read against the Kremlin readout.") {
		t.Fatalf("the document memo from the file: %+v %v", dm, err)
	}
	// Again, and into the project it came from: nothing new.
	for _, into := range []*storage.DB{db, f.DB} {
		before := analysis(t, into)
		rep, err := into.ImportBatch(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		if after := analysis(t, into); rep.AttributesAdded+rep.ValuesAdded+rep.JournalAdded != 0 || !reflect.DeepEqual(after, before) {
			t.Errorf("importing again: %s\n%q\n%q", rep.Summary(), before, after)
		}
	}
}

// TestImportKeepsOurMemosAndValues: a file's code memo and attribute
// values do not replace the project's own; the report says what was left
// out.
func TestImportKeepsOurMemosAndValues(t *testing.T) {
	ctx := context.Background()
	f := analysedFixture(t)
	data := mustExport(t, f.DB)
	b, err := qdpx.Read("theirs.qdpx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DB.SetCodeMemo(ctx, f.Cyber.ID, "Our own memo."); err != nil {
		t.Fatal(err)
	}
	outlet, err := f.DB.AttributeByName(ctx, "Outlet type")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.DB.SetAttribute(ctx, f.Geneva.ID, outlet.ID, "Newspaper"); err != nil {
		t.Fatal(err)
	}
	rep, err := f.DB.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.DB.CodeMemo(ctx, f.Cyber.ID)
	if err != nil || m.Text != "Our own memo." {
		t.Fatalf("our memo became %+v (%v)", m, err)
	}
	dv, err := f.DB.DocumentValues(ctx)
	if err != nil || dv[f.Geneva.ID][outlet.ID] != "Newspaper" {
		t.Fatalf("our value became %q (%v)", dv[f.Geneva.ID][outlet.ID], err)
	}
	var said []string
	for _, l := range rep.Lines {
		if l.Kind == annotate.ReportSkipped && l.What == "value" || l.What == "tag" && strings.Contains(l.Detail, "memo") {
			said = append(said, l.Detail)
		}
	}
	if len(said) != 2 || !strings.Contains(said[0]+said[1], `"Wire" in the file, "Newspaper" here, which stays`) ||
		!strings.Contains(said[0]+said[1], "its memo in the file left out") {
		t.Errorf("the report says %q", said)
	}
}

// TestImportFillsAttributesFromMetadata: a document a .qdpx adds takes
// the values of attributes named after its metadata, as a file imported
// on its own does.
func TestImportFillsAttributesFromMetadata(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	data := mustExport(t, f.DB)
	b, err := qdpx.Read("f.qdpx", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	outlet := &annotate.Attribute{Name: "Outlet", Kind: annotate.AttributeText}
	published := &annotate.Attribute{Name: "Published", Kind: annotate.AttributeDate}
	for _, a := range []*annotate.Attribute{outlet, published} {
		if err := db.CreateAttribute(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ImportBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	dv, err := db.DocumentValues(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := dv[f.Geneva.ID]; got[outlet.ID] != "Axios" || got[published.ID] != "2021-06-16" {
		t.Fatalf("the Geneva article's attributes: %q", got)
	}
}
