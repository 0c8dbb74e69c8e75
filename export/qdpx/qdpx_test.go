package qdpx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/export/qdpx"
	"gloss/storage"
	"gloss/storage/storagetest"
)

// schemaDir returns the REFI-QDA schemas vendored in testdata/conformance
// at the repository's root. Missing, the tests fail.
func schemaDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "conformance", "refi-qda")
	if _, err := os.Stat(filepath.Join(dir, "Project.xsd")); err != nil {
		t.Fatalf("REFI-QDA schemas missing: %v", err)
	}
	return dir
}

// xmllint validates data against a schema of the conformance material and
// returns xmllint's complaint, "" when the document is valid.
func xmllint(t testing.TB, schema string, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is needed (Debian package libxml2-utils)")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join(schemaDir(t), schema), f).CombinedOutput()
	if err != nil {
		if len(out) == 0 {
			return err.Error()
		}
		return string(out)
	}
	return ""
}

// schemaNames returns the element and attribute names an XSD declares.
func schemaNames(t testing.TB, schema string) (elements, attributes map[string]bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(schemaDir(t), schema))
	if err != nil {
		t.Fatal(err)
	}
	elements, attributes = map[string]bool{}, map[string]bool{}
	for _, m := range regexp.MustCompile(`<xsd:(element|attribute) name="([^"]+)"`).FindAllStringSubmatch(string(data), -1) {
		if m[1] == "element" {
			elements[m[2]] = true
		} else {
			attributes[m[2]] = true
		}
	}
	if len(elements) < 5 || len(attributes) < 4 {
		t.Fatalf("%s: only %d elements and %d attributes found", schema, len(elements), len(attributes))
	}
	return elements, attributes
}

// checkNames asserts that an XML document is well-formed, in namespace ns,
// and uses only the schema's element and attribute names.
func checkNames(t testing.TB, data []byte, ns, schema string) {
	t.Helper()
	elements, attributes := schemaNames(t, schema)
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Space != ns {
			t.Errorf("element %s in namespace %q, want %q", se.Name.Local, se.Name.Space, ns)
		}
		if !elements[se.Name.Local] {
			t.Errorf("element %s is not in %s", se.Name.Local, schema)
		}
		for _, a := range se.Attr {
			if a.Name.Space == "" && a.Name.Local != "xmlns" && !attributes[a.Name.Local] {
				t.Errorf("attribute %s of %s is not in %s", a.Name.Local, se.Name.Local, schema)
			}
		}
	}
}

func mustExport(tb testing.TB, db *storage.DB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := qdpx.Export(context.Background(), db, &buf, qdpx.Options{Name: "Geneva summit"}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// unzip returns the entries of an archive by name.
func unzip(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func TestExportValidates(t *testing.T) {
	f := storagetest.NewFixture(t)
	entries := unzip(t, mustExport(t, f.DB))
	qde := entries["project.qde"]
	if qde == nil {
		t.Fatalf("no project.qde in %v", reflect.ValueOf(entries).MapKeys())
	}
	if msg := xmllint(t, "Project.xsd", qde); msg != "" {
		t.Fatalf("project.qde does not validate against Project.xsd:\n%s\n%s", msg, qde)
	}
	checkNames(t, qde, qdpx.ProjectNamespace, "Project.xsd")
	// The check can fail: a project without its required name is refused.
	broken := bytes.Replace(qde, []byte(` name="Geneva summit"`), nil, 1)
	if msg := xmllint(t, "Project.xsd", broken); !strings.Contains(msg, "name") {
		t.Errorf("xmllint accepted a project without a name: %q", msg)
	}

	// Sources: one UTF-8 text per document, named by its upper-case GUID.
	for _, d := range []*annotate.Document{f.Geneva, f.Red} {
		guid := strings.ToUpper(d.ID)
		if got := string(entries["sources/"+guid+".txt"]); got != d.Text {
			t.Errorf("sources/%s.txt holds %q", guid, annotate.Ellipsize(got, 40))
		}
		if !bytes.Contains(qde, []byte(`plainTextPath="internal://`+guid+`.txt"`)) {
			t.Errorf("no TextSource for %s", guid)
		}
	}
	if len(entries) != 3 {
		t.Errorf("%d entries, want project.qde and 2 sources", len(entries))
	}
	// Positions are code points; GUIDs upper case; colours #RRGGBB.
	var p struct {
		Sources []struct {
			GUID       string `xml:"guid,attr"`
			Selections []struct {
				GUID  string `xml:"guid,attr"`
				Start int    `xml:"startPosition,attr"`
				End   int    `xml:"endPosition,attr"`
				Codes []struct {
					Ref string `xml:"targetGUID,attr"`
				} `xml:"Coding>CodeRef"`
				Notes []struct {
					Ref string `xml:"targetGUID,attr"`
				} `xml:"NoteRef"`
			} `xml:"PlainTextSelection"`
		} `xml:"Sources>TextSource"`
		Codes []struct {
			GUID  string `xml:"guid,attr"`
			Name  string `xml:"name,attr"`
			Color string `xml:"color,attr"`
			Sub   []struct {
				Name string `xml:"name,attr"`
			} `xml:"Code"`
		} `xml:"CodeBook>Codes>Code"`
		Notes []struct {
			GUID string `xml:"guid,attr"`
			Text string `xml:"PlainTextContent"`
		} `xml:"Notes>Note"`
	}
	if err := xml.Unmarshal(qde, &p); err != nil {
		t.Fatal(err)
	}
	guidRE := regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`)
	n := 0
	for _, s := range p.Sources {
		text := annotate.NewText(string(entries["sources/"+s.GUID+".txt"]))
		for _, sel := range s.Selections {
			n++
			ps, err := f.DB.Passage(context.Background(), strings.ToLower(sel.GUID))
			if err != nil {
				t.Fatalf("selection %s: %v", sel.GUID, err)
			}
			if got := text.Slice(sel.Start, sel.End); got != ps.Quote || sel.Start != ps.Start {
				t.Errorf("selection %s [%d,%d) is %q, passage quote %q", sel.GUID, sel.Start, sel.End, got, ps.Quote)
			}
			if len(sel.Codes) != len(ps.Tags) {
				t.Errorf("selection %s has %d codings, passage %d tags", sel.GUID, len(sel.Codes), len(ps.Tags))
			}
			if (ps.Note.Text != "") != (len(sel.Notes) == 1) {
				t.Errorf("selection %s note refs %v for note %q", sel.GUID, sel.Notes, ps.Note.Text)
			}
			if !guidRE.MatchString(sel.GUID) {
				t.Errorf("GUID %q not upper case", sel.GUID)
			}
		}
	}
	if n != 5 || len(p.Notes) != 3 {
		t.Errorf("%d selections and %d notes, want 5 and 3", n, len(p.Notes))
	}
	var top []string
	for _, c := range p.Codes {
		top = append(top, c.Name+"="+c.Color)
		if c.Name == "Diplomacy" && (len(c.Sub) != 1 || c.Sub[0].Name != "Ambassadors") {
			t.Errorf("Diplomacy's children: %+v", c.Sub)
		}
	}
	if want := []string{"Cyber red lines=#E6194B", "Human rights=#3CB44B", "Diplomacy=#4363D8"}; !reflect.DeepEqual(top, want) {
		t.Errorf("top-level codes %v, want %v", top, want)
	}
	// The same project gives the same file.
	if !bytes.Equal(mustExport(t, f.DB), mustExport(t, f.DB)) {
		t.Error("two exports of the same project differ")
	}
}

func TestExportCodebookValidates(t *testing.T) {
	f := storagetest.NewFixture(t)
	var buf bytes.Buffer
	if err := qdpx.ExportCodebook(context.Background(), f.DB, &buf); err != nil {
		t.Fatal(err)
	}
	if msg := xmllint(t, "Codebook.xsd", buf.Bytes()); msg != "" {
		t.Fatalf("codebook does not validate against Codebook.xsd:\n%s\n%s", msg, buf.Bytes())
	}
	checkNames(t, buf.Bytes(), qdpx.CodebookNamespace, "Codebook.xsd")
	if msg := xmllint(t, "Codebook.xsd", bytes.Replace(buf.Bytes(), []byte(`isCodable="true"`), []byte(`isCodable="yes"`), 1)); msg == "" {
		t.Error("xmllint accepted isCodable=\"yes\"")
	}
	// Its codes come back as the same codebook.
	b, err := qdpx.Read("codes.qdc", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	if _, err := db.ImportBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if got, want := codebook(t, db), codebook(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("codebook round trip:\n got %v\nwant %v", got, want)
	}

	empty := storagetest.MustOpen(t)
	err = qdpx.ExportCodebook(context.Background(), empty, io.Discard)
	if annotate.ErrorCode(err) != annotate.EINVALID || !strings.Contains(err.Error(), "no codes") {
		t.Errorf("empty codebook: %v", err)
	}
}

// codebook describes a project's tags: name, colour, description, parent.
func codebook(tb testing.TB, db *storage.DB) []string {
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
		out = append(out, t.Name+" "+t.Color+" "+t.Description+" in "+name[t.ParentID])
	}
	return out
}

// TestRoundTrip exports a project and imports the .qdpx into an empty one:
// documents with their metadata, codebook, passages, notes, authors and
// times come back the same, IDs included.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	data := mustExport(t, f.DB)
	path := filepath.Join(t.TempDir(), "geneva.qdpx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := qdpx.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	db.SetAuthor("Linus")
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsAdded != 2 || rep.TagsAdded != 4 || rep.Added != 5 || rep.Reanchored+rep.Unanchored+rep.Skipped != 0 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	if got, want := storagetest.Summary(t, db), storagetest.Summary(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("passages differ:\n got %q\nwant %q", got, want)
	}
	if got, want := codebook(t, db), codebook(t, f.DB); !reflect.DeepEqual(got, want) {
		t.Errorf("codebook differs:\n got %v\nwant %v", got, want)
	}
	geneva, err := db.Document(ctx, f.Geneva.ID)
	if err != nil {
		t.Fatal(err)
	}
	if geneva.Title != f.Geneva.Title || geneva.URL != f.Geneva.URL || geneva.Outlet != "Axios" || geneva.Byline != "Mike Allen" ||
		geneva.Published != "2021-06-16" || geneva.Text != storagetest.GenevaText || geneva.Author != "Ada" {
		t.Errorf("document came back as %+v", geneva)
	}
	want, err := f.DB.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		got, err := db.Passage(ctx, w.ID)
		if err != nil {
			t.Errorf("passage %s lost its ID: %v", w.ID, err)
			continue
		}
		if !reflect.DeepEqual(got.Tags, w.Tags) || got.Note.ID != w.Note.ID || got.Provenance != annotate.ProvenanceImport {
			t.Errorf("passage %s: tags %v note %s, want %v %s", w.ID, got.Tags, got.Note.ID, w.Tags, w.Note.ID)
		}
	}
	// Importing the same archive into the project it came from adds nothing.
	rep, err = f.DB.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Matched != 5 || rep.DocumentsMatched != 2 || rep.TagsAdded != 0 {
		t.Errorf("import into the source project: %s", rep.Summary())
	}
}

// TestImportOtherTool reads testdata/other-tool.qdpx, written by hand to
// the schema as another tool would: braces and mixed case in GUIDs, a user
// known by id only, #RGB colours, CRLF line endings and a decomposed
// accent in a source, an inline source, a note in the archive, a picture.
func TestImportOtherTool(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join("testdata", "other-tool.qdpx")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if msg := xmllint(t, "Project.xsd", unzip(t, data)["project.qde"]); msg != "" {
		t.Fatalf("the test file itself is not valid: %s", msg)
	}
	b, err := qdpx.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.MustOpen(t)
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsAdded != 2 || rep.TagsAdded != 6 || rep.Added != 5 || rep.Unanchored != 0 || rep.Skipped != 1 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	got := storagetest.Summary(t, db)
	want := []string{
		// No creation time in the file: the time of the import.
		`Geneva dispatch [0,20) "Geneva, 16 June 2021" tags=Imported note="Dateline of the dispatch." by Ada (note by Ada) at 2021-06-16T12:00:00.001Z`,
		// Three CRs and a decomposed é before it in the original: 151 - 4.
		`Geneva dispatch [147,180) "Biden raised the cases of Navalny" tags=Human rights note="" by rfranklin (note by ) at 2021-06-20T11:05:00Z`,
		// "cafe\u0301 meeting" [26,39) in the original: one CR before it, and
		// the accent composes into é.
		`Geneva dispatch [25,37) "café meeting" tags=Tone note="" by Ada (note by ) at 2021-06-16T12:00:00.001Z`,
		`Geneva dispatch [98,131) "return ambassadors to their posts" tags=Ambassadors|Diplomacy note="The only concrete outcome." by Marie Curie (note by Marie Curie) at 2021-06-20T11:00:00Z`,
		`Kremlin readout [11,38) "the talks were constructive" tags=Tone note="" by rfranklin (note by ) at 2021-06-16T12:00:00.001Z`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported passages:\n got %q\nwant %q", got, want)
	}
	doc, err := db.Document(ctx, "50000000-0000-4000-8000-00000000000a")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(doc.Text, "\r") || !strings.Contains(doc.Text, "café") || doc.Author != "Marie Curie" {
		t.Errorf("source text not normalized or author lost: %q by %s", doc.Text, doc.Author)
	}
	cb := codebook(t, db)
	for _, w := range []string{"Ambassadors #ff8800  in Diplomacy", "Diplomacy #4363d8 Relations between the delegations. in ", "Unused code #"} {
		found := false
		for _, c := range cb {
			found = found || strings.HasPrefix(c, w)
		}
		if !found {
			t.Errorf("codebook %q lacks %q", cb, w)
		}
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestImportCodebook(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	if err := db.CreateTag(ctx, &annotate.Tag{Name: "human rights", Color: "#111111"}); err != nil {
		t.Fatal(err)
	}
	b, err := qdpx.ReadFile(filepath.Join("testdata", "codebook.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "codebook.qdc"))
	if msg := xmllint(t, "Codebook.xsd", data); msg != "" {
		t.Fatalf("the test file itself is not valid: %s", msg)
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.TagsAdded != 3 || rep.TagsMatched != 1 || rep.Added != 0 {
		t.Errorf("report: %s", rep.Summary())
	}
	want := []string{"human rights #111111  in ", "Security #000080 Everything about security. in ", "Cyber red lines #e6194b  in Security", "Nuclear arms #"}
	got := codebook(t, db)
	if len(got) != 4 {
		t.Fatalf("codebook %q", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("tag %d: %q, want %q...", i, got[i], w)
		}
	}
	if !strings.HasSuffix(got[3], " in Security") {
		t.Errorf("Nuclear arms not nested: %q", got[3])
	}
}

// zipOf builds an archive from name/content pairs.
func zipOf(tb testing.TB, files ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, files[i+1])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const minimalQDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>
<TextSource guid="50000000-0000-4000-8000-000000000001" name="a" plainTextPath="internal://a.txt"/>
</Sources></Project>`

func TestReadHostile(t *testing.T) {
	// A zip bomb: an entry whose header declares 10 bytes but which
	// inflates to a megabyte.
	var bomb bytes.Buffer
	{
		var raw bytes.Buffer
		zw := zip.NewWriter(&raw)
		w, _ := zw.Create("sources/a.txt")
		w.Write(make([]byte, 1<<20))
		zw.Close()
		zr, _ := zip.NewReader(bytes.NewReader(raw.Bytes()), int64(raw.Len()))
		compressed, _ := zr.File[0].OpenRaw()
		body, _ := io.ReadAll(compressed)
		zw = zip.NewWriter(&bomb)
		q, _ := zw.Create("project.qde")
		io.WriteString(q, minimalQDE)
		hdr := zr.File[0].FileHeader
		hdr.UncompressedSize64 = 10
		rw, err := zw.CreateRaw(&hdr)
		if err != nil {
			t.Fatal(err)
		}
		rw.Write(body)
		zw.Close()
	}
	// An entry that declares more than a document may hold: refused on its
	// header, before anything is inflated.
	var big bytes.Buffer
	{
		var raw bytes.Buffer
		zw := zip.NewWriter(&raw)
		w, _ := zw.Create("sources/a.txt")
		w.Write([]byte("abc"))
		zw.Close()
		zr, _ := zip.NewReader(bytes.NewReader(raw.Bytes()), int64(raw.Len()))
		compressed, _ := zr.File[0].OpenRaw()
		body, _ := io.ReadAll(compressed)
		zw = zip.NewWriter(&big)
		q, _ := zw.Create("project.qde")
		io.WriteString(q, minimalQDE)
		hdr := zr.File[0].FileHeader
		hdr.UncompressedSize64 = annotate.MaxDocumentBytes + 1<<20
		rw, err := zw.CreateRaw(&hdr)
		if err != nil {
			t.Fatal(err)
		}
		rw.Write(body)
		zw.Close()
	}
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"zip slip":          {zipOf(t, "project.qde", minimalQDE, "../evil.txt", "x"), `"../evil.txt" points outside the archive`},
		"zip slip deep":     {zipOf(t, "project.qde", minimalQDE, "sources/../../evil.txt", "x"), "points outside the archive"},
		"absolute":          {zipOf(t, "project.qde", minimalQDE, "/etc/evil", "x"), `"/etc/evil" points outside`},
		"drive":             {zipOf(t, "project.qde", minimalQDE, `C:\evil.txt`, "x"), "points outside"},
		"text path escapes": {zipOf(t, "project.qde", strings.Replace(minimalQDE, "internal://a.txt", "internal://../../a.txt", 1), "sources/a.txt", "x"), "points outside the archive"},
		"zip bomb":          {bomb.Bytes(), "sources/a.txt"},
		"oversized":         {big.Bytes(), "sources/a.txt: 51 MB uncompressed, more than the 50 MB"},
		"malformed xml":     {zipOf(t, "project.qde", "<Project name=\"x\">\n<Sources>\n</Project>"), "project.qde:3: malformed XML"},
		"no project":        {zipOf(t, "readme.txt", "hello"), "no project.qde"},
		"wrong root":        {zipOf(t, "project.qde", `<CodeBook/>`), "not a REFI-QDA project"},
		"not utf-8 source":  {zipOf(t, "project.qde", minimalQDE, "sources/a.txt", "caf\xe9"), ""},
		"bad position":      {zipOf(t, "project.qde", strings.Replace(minimalQDE, `/>`, `><PlainTextSelection guid="5E100000-0000-4000-8000-000000000001" startPosition="x" endPosition="3"/></TextSource>`, 1), "sources/a.txt", "abc"), "not whole numbers"},
		"damaged zip":       {[]byte("PK\x03\x04 this is no archive"), "not a readable .qdpx"},
		"not xml":           {[]byte("just some text"), "not XML"},
	} {
		b, err := qdpx.Read("hostile.qdpx", bytes.NewReader(tc.data), int64(len(tc.data)))
		if name == "not utf-8 source" {
			// Not refused: reported, and the source's selections cannot be placed.
			if err != nil || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "not UTF-8") {
				t.Errorf("%s: %v %v", name, err, b)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: read without error", name)
			continue
		}
		if !strings.Contains(err.Error(), "hostile.qdpx") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want the file named and %q", name, err, tc.want)
		}
	}
}

// TestReadWarnsOfWhatItSkips: parts of a project Gloss has no place for
// are listed, not silently dropped.
func TestReadWarnsOfWhatItSkips(t *testing.T) {
	qde := `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
<Cases><Case guid="CA5E0000-0000-4000-8000-000000000001" name="Respondent 1"/></Cases>
<Sources>
<TextSource guid="50000000-0000-4000-8000-000000000001" name="a">
<PlainTextContent>abc def</PlainTextContent>
<Coding guid="C0D10000-0000-4000-8000-000000000001"><CodeRef targetGUID="C0DE0000-0000-4000-8000-000000000001"/></Coding>
<NoteRef targetGUID="0E000000-0000-4000-8000-000000000001"/>
</TextSource>
<AudioSource guid="50000000-0000-4000-8000-000000000002" name="Interview.mp3"/>
</Sources>
<Sets><Set guid="5E700000-0000-4000-8000-000000000001" name="Group"/></Sets>
</Project>`
	if msg := xmllint(t, "Project.xsd", []byte(qde)); msg != "" {
		t.Fatalf("test document invalid: %s", msg)
	}
	b, err := qdpx.Read("skips.qde", strings.NewReader(qde), int64(len(qde)))
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(b.Warnings, "\n")
	for _, want := range []string{"1 case(s)", `set "Group" (no members): Gloss has no sets`, `audio source "Interview.mp3"`, `source "a": refers to a note 0E000000-0000-4000-8000-000000000001 that the project does not have`, "coding(s) of the whole source"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	if len(b.Documents) != 1 || b.Documents[0].Text != "abc def" {
		t.Errorf("documents %+v", b.Documents)
	}
}
