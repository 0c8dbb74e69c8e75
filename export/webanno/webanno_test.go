package webanno_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/export/webanno"
	"gloss/storage"
	"gloss/storage/storagetest"
)

func mustExport(tb testing.TB, db *storage.DB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := webanno.Export(context.Background(), db, &buf, webanno.Options{Label: "Geneva summit"}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestExportConformance validates every exported Annotation against all
// the MUST assertions of the W3C model tests, and the collection and its
// page against theirs.
func TestExportConformance(t *testing.T) {
	f := storagetest.NewFixture(t)
	data := mustExport(t, f.DB)
	suites := loadSuites(t, "annotations/annotationMusts.test", "collections/collectionMusts.test", "collections/pages/pageMusts.test")
	annos, colls, pages := suites[0], suites[1], suites[2]
	doc := decode(t, data).(map[string]any)
	if failed := colls.check(doc); len(failed) > 0 {
		t.Errorf("collection fails %v", failed)
	}
	// The page assertions take a page, or a collection with its page embedded.
	if failed := pages.check(doc); len(failed) > 0 {
		t.Errorf("collection with embedded page fails %v", failed)
	}
	first := doc["first"].(map[string]any)
	page := map[string]any{"@context": doc["@context"]}
	for k, v := range first {
		page[k] = v
	}
	if failed := pages.check(page); len(failed) > 0 {
		t.Errorf("page fails %v", failed)
	}
	items := first["items"].([]any)
	if len(items) != 5 {
		t.Fatalf("%d annotations exported, want 5", len(items))
	}
	for _, it := range items {
		if failed := annos.check(it); len(failed) > 0 {
			t.Errorf("annotation %v fails %v", it.(map[string]any)["id"], failed)
		}
	}
	// The validator must be able to fail: a damaged annotation is caught.
	bad := map[string]any{}
	for k, v := range items[0].(map[string]any) {
		bad[k] = v
	}
	bad["created"] = "16 June 2021"
	delete(bad, "@context")
	if failed := annos.check(bad); len(failed) != 2 {
		t.Errorf("damaged annotation fails %v, want the context and created assertions", failed)
	}
}

// TestExportStructure checks the JSON-LD shape Gloss promises, field by field.
func TestExportStructure(t *testing.T) {
	f := storagetest.NewFixture(t)
	data := mustExport(t, f.DB)
	var c struct {
		Context string `json:"@context"`
		ID      string `json:"id"`
		Type    string `json:"type"`
		Label   string `json:"label"`
		Total   int    `json:"total"`
		First   struct {
			ID    string `json:"id"`
			Type  string `json:"type"`
			Items []struct {
				Context  string `json:"@context"`
				ID       string `json:"id"`
				Type     string `json:"type"`
				Created  string `json:"created"`
				Modified string `json:"modified"`
				Creator  struct{ Type, Name string }
				Body     []struct{ Type, Purpose, Value string }
				Target   struct {
					Source   string `json:"source"`
					Selector []struct {
						Type                  string
						Exact, Prefix, Suffix string
						Start, End            *int
					} `json:"selector"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		// Unknown fields are only the bodies' format/created/modified/creator.
		if err := json.Unmarshal(data, &c); err != nil {
			t.Fatal(err)
		}
	}
	projectID, err := f.DB.Meta(context.Background(), "project_id")
	if err != nil {
		t.Fatal(err)
	}
	if c.Context != webanno.Context || c.Type != "AnnotationCollection" || c.ID != "urn:uuid:"+projectID || c.Label != "Geneva summit" || c.Total != 5 {
		t.Errorf("collection header: %+v", c)
	}
	if c.First.Type != "AnnotationPage" || len(c.First.Items) != 5 {
		t.Fatalf("page: type %q with %d items", c.First.Type, len(c.First.Items))
	}
	// Deterministic order: by document title, then position.
	first := c.First.Items[0]
	if first.Target.Source != "https://example.org/geneva-summit" {
		t.Errorf("first target source %q", first.Target.Source)
	}
	texts := map[string]*annotate.Text{
		"https://example.org/geneva-summit": annotate.NewText(storagetest.GenevaText),
		"urn:uuid:" + f.Red.ID:              annotate.NewText(storagetest.RedLinesText),
	}
	for i, a := range c.First.Items {
		if a.Context != webanno.Context || a.Type != "Annotation" || !strings.HasPrefix(a.ID, "urn:uuid:") || !annotate.ValidID(strings.TrimPrefix(a.ID, "urn:uuid:")) {
			t.Errorf("item %d header: %q %q %q", i, a.Context, a.Type, a.ID)
		}
		if u, err := url.Parse(a.ID); err != nil || !u.IsAbs() {
			t.Errorf("item %d id %q is not an absolute IRI", i, a.ID)
		}
		for _, ts := range []string{a.Created, a.Modified} {
			if _, err := time.Parse(time.RFC3339Nano, ts); err != nil || !strings.HasSuffix(ts, "Z") {
				t.Errorf("item %d time %q is not ISO 8601 in UTC with Z", i, ts)
			}
		}
		if a.Creator.Type != "Person" || (a.Creator.Name != "Ada" && a.Creator.Name != "Grace") {
			t.Errorf("item %d creator %+v", i, a.Creator)
		}
		if len(a.Target.Selector) != 2 || a.Target.Selector[0].Type != "TextQuoteSelector" || a.Target.Selector[1].Type != "TextPositionSelector" {
			t.Fatalf("item %d selectors %+v", i, a.Target.Selector)
		}
		q, pos := a.Target.Selector[0], a.Target.Selector[1]
		text := texts[a.Target.Source]
		if text == nil {
			t.Fatalf("item %d: unknown source %q", i, a.Target.Source)
		}
		// Positions are code points: the quote is the text between them.
		if got := text.Slice(*pos.Start, *pos.End); got != q.Exact {
			t.Errorf("item %d: text at [%d,%d) is %q, quote %q", i, *pos.Start, *pos.End, got, q.Exact)
		}
		if !strings.HasSuffix(text.Slice(0, *pos.Start), q.Prefix) || !strings.HasPrefix(text.Slice(*pos.End, text.Len()), q.Suffix) {
			t.Errorf("item %d: prefix %q / suffix %q do not surround the quote", i, q.Prefix, q.Suffix)
		}
	}
	// The flag passage: bodies are the note (commenting) then its tag (tagging).
	var flag = -1
	for i, a := range c.First.Items {
		if strings.Contains(a.Target.Selector[0].Exact, "🇺🇸") {
			flag = i
		}
	}
	if flag < 0 {
		t.Fatal("the passage with a flag is missing")
	}
	a := c.First.Items[flag]
	if *a.Target.Selector[1].Start != 0 || *a.Target.Selector[1].End != 34 {
		t.Errorf("flag passage at [%d,%d), want [0,34) in code points", *a.Target.Selector[1].Start, *a.Target.Selector[1].End)
	}
	want := []struct{ Type, Purpose, Value string }{
		{"TextualBody", "commenting", "Title with a flag: code points, not UTF-16."},
		{"TextualBody", "tagging", "Cyber red lines"},
	}
	if !reflect.DeepEqual(a.Body, want) {
		t.Errorf("bodies %+v, want %+v", a.Body, want)
	}
	if a.Creator.Name != "Grace" {
		t.Errorf("flag passage creator %q, want Grace", a.Creator.Name)
	}
}

func TestExportDeterministic(t *testing.T) {
	f := storagetest.NewFixture(t)
	a, b := mustExport(t, f.DB), mustExport(t, f.DB)
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same project differ")
	}
}

func TestExportEmptyProject(t *testing.T) {
	db := storagetest.MustOpen(t)
	data := mustExport(t, db)
	suites := loadSuites(t, "collections/collectionMusts.test")
	doc := decode(t, data)
	if failed := suites[0].check(doc); len(failed) > 0 {
		t.Errorf("empty collection fails %v", failed)
	}
	if m := doc.(map[string]any); m["total"].(json.Number).String() != "0" || m["first"] != nil {
		t.Errorf("empty collection: total %v, first %v", m["total"], m["first"])
	}
}

// TestRoundTrip exports a project and imports the file into a colleague's
// copy of the documents: one document has the same ID (a copy of the
// project file), the other only the same URL.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	data := mustExport(t, f.DB)

	db := storagetest.MustOpen(t)
	db.SetAuthor("Linus")
	geneva := &annotate.Document{Title: "Geneva (colleague's copy)", URL: "http://example.org/geneva-summit/", Text: storagetest.GenevaText}
	red := &annotate.Document{ID: f.Red.ID, Title: "Cyber red lines", Text: storagetest.RedLinesText}
	for _, d := range []*annotate.Document{geneva, red} {
		if _, err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	b, err := webanno.Parse("geneva.jsonld", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 5 || rep.Reanchored != 0 || rep.Unanchored != 0 || rep.DocumentsMatched != 2 || rep.TagsAdded != 4 {
		t.Errorf("report: %s\n%v", rep.Summary(), rep.Lines)
	}
	// Titles differ between the two projects: compare by the red-lines
	// document and by position.
	got, want := storagetest.Summary(t, db), storagetest.Summary(t, f.DB)
	for i := range want {
		want[i] = strings.Replace(want[i], "Biden and Putin meet in Geneva", "Geneva (colleague's copy)", 1)
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\n got %q\nwant %q", got, want)
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Provenance != annotate.ProvenanceImport {
			t.Errorf("passage %s provenance %q", p.ID, p.Provenance)
		}
	}
	// A second import of the same file adds nothing.
	rep, err = db.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Matched != 5 || rep.TagsAdded != 0 {
		t.Errorf("second import: %s", rep.Summary())
	}
	if again := storagetest.Summary(t, db); !reflect.DeepEqual(again, got) {
		t.Errorf("second import changed the project:\n%q", again)
	}
}

// TestImportHypothesis reads Hypothesis API rows (testdata/hypothesis.json)
// into the fixture project.
func TestImportHypothesis(t *testing.T) {
	ctx := context.Background()
	f := storagetest.NewFixture(t)
	before := len(storagetest.Summary(t, f.DB))
	in, err := os.Open(filepath.Join("testdata", "hypothesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	b, err := webanno.Parse("hypothesis.json", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Passages) != 6 || len(b.Warnings) != 2 || !strings.Contains(b.Warnings[0], "hyp-5") || !strings.Contains(b.Warnings[1], "3 annotation(s) also carry a RangeSelector") {
		t.Fatalf("batch: %d passages, warnings %q", len(b.Passages), b.Warnings)
	}
	if b.Format != webanno.FormatHypothesis {
		t.Errorf("Hypothesis rows read as %q", b.Format)
	}
	rep, err := f.DB.ImportBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 4 || rep.Reanchored != 1 || rep.Unanchored != 2 || rep.Skipped != 2 || rep.TagsAdded != 2 || rep.TagsMatched != 2 {
		t.Errorf("report: %s", rep.Summary())
	}
	lines := map[string]annotate.ReportLine{}
	for _, l := range rep.Lines {
		if l.What == "passage" {
			lines[l.Key] = l
		}
	}
	for key, want := range map[string]string{
		"hyp-1": annotate.ReportAdded, "hyp-2": annotate.ReportReanchored, "hyp-3": annotate.ReportUnanchored,
		"hyp-4": annotate.ReportUnanchored, "hyp-6": annotate.ReportAdded, "hyp-7": annotate.ReportAdded,
	} {
		if lines[key].Kind != want {
			t.Errorf("%s: %q, want %s", key, lines[key], want)
		}
	}
	if !strings.Contains(lines["hyp-3"].Detail, "the handshake was brief") || !strings.Contains(lines["hyp-4"].Detail, "https://example.com/another-article") {
		t.Errorf("unanchored reasons: %q; %q", lines["hyp-3"].Detail, lines["hyp-4"].Detail)
	}
	if !strings.Contains(lines["hyp-7"].Detail, "title") {
		t.Errorf("hyp-7 should say its document was matched by title: %q", lines["hyp-7"].Detail)
	}
	got := storagetest.Summary(t, f.DB)
	if len(got) != before+4 {
		t.Fatalf("%d passages, want %d", len(got), before+4)
	}
	p1, err := f.DB.Passage(ctx, lines["hyp-1"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Author != "Jon Udell" || p1.Note.Text != "The list itself is the news." || p1.Quote != "gave Putin a list" ||
		p1.CreatedAt.Format(time.RFC3339Nano) != "2021-06-17T08:30:00.123456Z" || p1.Provenance != annotate.ProvenanceImport {
		t.Errorf("hyp-1 imported as %+v", p1)
	}
	summit, err := f.DB.TagByName(ctx, "summit")
	if err != nil {
		t.Fatal(err)
	}
	if !p1.HasTag(f.Cyber.ID) || !p1.HasTag(summit.ID) || len(p1.Tags) != 2 {
		t.Errorf("hyp-1 tags %v", p1.Tags)
	}
	if !annotate.ValidColor(summit.Color) {
		t.Errorf("new tag colour %q", summit.Color)
	}
	p2, err := f.DB.Passage(ctx, lines["hyp-2"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if p2.Author != "maria" || p2.Quote != `"very experienced" statesman` {
		t.Errorf("hyp-2 imported as %+v", p2)
	}
	p6, err := f.DB.Passage(ctx, lines["hyp-6"].ID)
	if err != nil {
		t.Fatal(err)
	}
	imported, err := f.DB.TagByName(ctx, annotate.ImportTagName)
	if err != nil {
		t.Fatal(err)
	}
	if len(p6.Tags) != 1 || p6.Tags[0] != imported.ID {
		t.Errorf("untagged annotation got tags %v, want %q", p6.Tags, annotate.ImportTagName)
	}
	if problems, err := f.DB.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestParseShapes(t *testing.T) {
	quoted := `{"type": "Annotation", "target": {"source": "https://example.org/a", "selector": [{"type": "TextQuoteSelector", "exact": "cafe\u0301\r\ntalk", "prefix": "the\r\n"}]}}`
	b, err := webanno.Parse("quoted.json", strings.NewReader(quoted))
	if err != nil {
		t.Fatal(err)
	}
	if sel := b.Passages[0].Selector; sel.Exact != "café\ntalk" || sel.Prefix != "the\n" || b.Passages[0].HasPosition {
		t.Errorf("quote not brought to Gloss's text form: %+v", sel)
	}
	anno := `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:0b7ad7f8-5b2a-4c1e-9d7c-3c3f2f1a0e11", "type": "Annotation",
		"motivation": "tagging", "creator": ["acct:someone@example.org", {"type": "Person", "nickname": "nick"}],
		"body": [{"type": "TextualBody", "value": "Geneva"}, "http://example.org/external-body"],
		"target": {"source": {"id": "urn:uuid:2d0e6e1c-1b6f-4c47-8b1e-6a5c2a9a8f00"}, "selector": {"type": "TextPositionSelector", "start": 3, "end": 9}}}`
	for name, doc := range map[string]string{
		"single":     anno,
		"array":      "[" + anno + "]",
		"page":       `{"type": "AnnotationPage", "items": [` + anno + `]}`,
		"collection": `{"type": ["AnnotationCollection"], "first": {"type": "AnnotationPage", "items": [` + anno + `]}}`,
	} {
		b, err := webanno.Parse(name+".json", strings.NewReader(doc))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(b.Passages) != 1 {
			t.Errorf("%s: %d passages", name, len(b.Passages))
			continue
		}
		p := b.Passages[0]
		if p.ID != "0b7ad7f8-5b2a-4c1e-9d7c-3c3f2f1a0e11" || p.Author != "someone" || !p.HasPosition || p.Selector.Start != 3 || p.Selector.End != 9 ||
			len(p.Tags) != 1 || b.Tag(p.Tags[0]).Name != "Geneva" || b.Document(p.Document).ID != "2d0e6e1c-1b6f-4c47-8b1e-6a5c2a9a8f00" {
			t.Errorf("%s: passage %+v", name, p)
		}
	}
}

func TestParseBadInput(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"syntax":      {"{\n  \"type\": \"Annotation\",\n  \"target\": [1,\n}", "bad.json:4:2: malformed JSON"},
		"truncated":   {`{"type": "Annotation", "target": `, "ends in the middle"},
		"empty":       {"", "empty file"},
		"not anno":    {`{"hello": "world"}`, "not a Web Annotation file"},
		"scalar":      {`42`, "neither an object nor an array"},
		"two values":  {`{} {}`, "more than one JSON value"},
		"no target":   {`{"type": "Annotation", "id": "x", "body": "y"}`, `no "target"`},
		"bad item":    {`[{"type": "Annotation", "target": "x"}, 7]`, "item 2"},
		"linked page": {`{"type": "AnnotationCollection", "first": "http://example.org/page1"}`, "not embedded"},
		"not utf-8":   {"{\"type\": \"Annotation\", \"id\": \"\xff\"}", "not UTF-8"},
	} {
		_, err := webanno.Parse("bad.json", strings.NewReader(tc.doc))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), "bad.json") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want it to name the file and say %q", name, err, tc.want)
		}
		if annotate.ErrorCode(err) != annotate.EINVALID {
			t.Errorf("%s: error code %q", name, annotate.ErrorCode(err))
		}
	}
	big := strings.NewReader(`[` + strings.Repeat(" ", webanno.MaxFileBytes) + `]`)
	if _, err := webanno.Parse("huge.json", big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized file: %v", err)
	}
}
