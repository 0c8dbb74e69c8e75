package storage_test

import (
	"context"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// briefingProject is a project with the summit article, three tags and
// three passages, for the briefing tests.
func briefingProject(t *testing.T) (db *storage.DB, path string, doc *annotate.Document, tags []*annotate.Tag, ps []*annotate.Passage) {
	t.Helper()
	db, path, _ = newProject(t, "Ada")
	doc = MustDocument(t, db, "Summit", article)
	for _, n := range []string{"Ambassadors", "Cyber", "Tone"} {
		tags = append(tags, MustTag(t, db, n))
	}
	ps = []*annotate.Passage{
		MustPassage(t, db, doc, "ambassadors would return to their posts", tags[0].ID),
		MustPassage(t, db, doc, "President Biden", tags[1].ID),
		MustPassage(t, db, doc, "constructive", tags[2].ID),
	}
	return db, path, doc, tags, ps
}

// quoteOrder returns a briefing's key quotes as passage IDs in order.
func quoteOrder(t *testing.T, db *storage.DB, id string) []string {
	t.Helper()
	b, err := db.Briefing(context.Background(), id)
	mustNil(t, err)
	var out []string
	for _, q := range b.Quotes {
		out = append(out, q.PassageID)
	}
	return out
}

func TestBriefingSettings(t *testing.T) {
	ctx := context.Background()
	db, _, doc, tags, _ := briefingProject(t)
	b := &annotate.Briefing{Name: " Minister ", Title: "Geneva", Audience: "Minister’s office", Date: "2021-06-18", Summary: "**One** deliverable.",
		Scope: annotate.BriefingScope{TagIDs: []string{tags[0].ID}, DocumentIDs: []string{doc.ID}, Coders: []string{"Ada"}, From: "2021-06-01", To: "2021-06-30"}, Annex: true}
	mustNil(t, db.CreateBriefing(ctx, b))
	if b.ID == "" || b.Name != "Minister" || b.Author != "Ada" || b.CreatedAt.IsZero() {
		t.Fatalf("created %+v", b)
	}
	got, err := db.BriefingByName(ctx, "minister")
	mustNil(t, err)
	if got.ID != b.ID || got.Title != "Geneva" || got.Audience != b.Audience || got.Summary != b.Summary || !got.Annex ||
		strings.Join(got.Scope.TagIDs, ",") != tags[0].ID || got.Scope.From != "2021-06-01" || got.Scope.Coders[0] != "Ada" {
		t.Fatalf("read back %+v", got)
	}
	if byID, err := db.BriefingByName(ctx, b.ID[:8]); err != nil || byID.ID != b.ID {
		t.Fatalf("by id prefix: %v", err)
	}

	// Names are unique among live briefings, ignoring case.
	wantCode(t, db.CreateBriefing(ctx, &annotate.Briefing{Name: "MINISTER"}), annotate.ECONFLICT, "same name")
	for _, bad := range []*annotate.Briefing{
		{Name: ""}, {Name: "x", Date: "18 June 2021"}, {Name: "x", Date: "2021-06-31"},
		{Name: "x", Scope: annotate.BriefingScope{From: "2021-07-01", To: "2021-06-01"}},
		{Name: "x", Scope: annotate.BriefingScope{TagIDs: []string{"cyber"}}},
		{Name: "x", Summary: strings.Repeat("x", annotate.MaxBriefingText+1)},
	} {
		wantCode(t, db.CreateBriefing(ctx, bad), annotate.EINVALID, "invalid briefing")
	}
	wantCode(t, db.CreateBriefing(ctx, &annotate.Briefing{Name: "x", Scope: annotate.BriefingScope{TagIDs: []string{annotate.NewID()}}}),
		annotate.ENOTFOUND, "a scope of an unknown tag")

	press := &annotate.Briefing{Name: "Press"}
	mustNil(t, db.CreateBriefing(ctx, press))
	title, annex := "Geneva, the outcome", false
	upd, err := db.UpdateBriefing(ctx, b.ID, annotate.BriefingUpdate{Title: &title, Annex: &annex})
	mustNil(t, err)
	if upd.Title != title || upd.Annex || upd.Audience != b.Audience {
		t.Fatalf("updated %+v", upd)
	}
	taken := "press"
	_, err = db.UpdateBriefing(ctx, b.ID, annotate.BriefingUpdate{Name: &taken})
	wantCode(t, err, annotate.ECONFLICT, "rename onto another's name")

	list, err := db.Briefings(ctx)
	mustNil(t, err)
	if len(list) != 2 || list[0].Name != "Minister" || list[1].Name != "Press" {
		t.Fatalf("list %v", list)
	}
	// Deleting and restoring; a name taken meanwhile blocks the restore.
	mustNil(t, db.DeleteBriefing(ctx, press.ID))
	_, err = db.Briefing(ctx, press.ID)
	wantCode(t, err, annotate.ENOTFOUND, "deleted briefing")
	mustNil(t, db.CreateBriefing(ctx, &annotate.Briefing{Name: "PRESS"}))
	wantCode(t, db.RestoreBriefing(ctx, press.ID), annotate.ECONFLICT, "restore onto a taken name")
	_, err = db.BriefingByName(ctx, "nobody")
	if annotate.ErrorCode(err) != annotate.ENOTFOUND || !strings.Contains(err.Error(), "Minister, PRESS") {
		t.Fatalf("unknown name: %v", err)
	}
}

func TestBriefingFindingsAndQuotes(t *testing.T) {
	ctx := context.Background()
	db, _, _, tags, ps := briefingProject(t)
	b := &annotate.Briefing{Name: "Minister"}
	mustNil(t, db.CreateBriefing(ctx, b))

	mustNil(t, db.SetFinding(ctx, b.ID, tags[0].ID, "Both return."))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[1].ID, "A list of sixteen."))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[1].ID, ""))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[2].ID, ""))
	got, err := db.Briefing(ctx, b.ID)
	mustNil(t, err)
	if len(got.Findings) != 1 || got.Finding(tags[0].ID) != "Both return." || got.Finding(tags[1].ID) != "" {
		t.Fatalf("findings %+v", got.Findings)
	}
	wantCode(t, db.SetFinding(ctx, b.ID, annotate.NewID(), "x"), annotate.ENOTFOUND, "a finding for an unknown tag")

	for _, p := range ps {
		mustNil(t, db.StarPassage(ctx, b.ID, p.ID))
	}
	mustNil(t, db.StarPassage(ctx, b.ID, ps[0].ID)) // starred already: stays where it is
	if got := quoteOrder(t, db, b.ID); strings.Join(got, ",") != ps[0].ID+","+ps[1].ID+","+ps[2].ID {
		t.Fatalf("stars in order of starring: %v", got)
	}
	mustNil(t, db.MoveQuote(ctx, b.ID, ps[2].ID, 0))
	mustNil(t, db.MoveQuote(ctx, b.ID, ps[0].ID, 99))
	if got := quoteOrder(t, db, b.ID); strings.Join(got, ",") != ps[2].ID+","+ps[1].ID+","+ps[0].ID {
		t.Fatalf("after moves: %v", got)
	}
	// Moving one quote back and forth between the same two neighbours
	// halves their gap every time, until it is numbered afresh.
	for i := 0; i < 80; i++ {
		mustNil(t, db.MoveQuote(ctx, b.ID, ps[0].ID, 1))
		mustNil(t, db.MoveQuote(ctx, b.ID, ps[1].ID, 1))
	}
	if got := quoteOrder(t, db, b.ID); strings.Join(got, ",") != ps[2].ID+","+ps[1].ID+","+ps[0].ID {
		t.Fatalf("after 160 moves: %v", got)
	}
	mustNil(t, db.SetQuoteTag(ctx, b.ID, ps[1].ID, tags[2].ID))
	mustNil(t, db.UnstarPassage(ctx, b.ID, ps[2].ID))
	got, err = db.Briefing(ctx, b.ID)
	mustNil(t, err)
	if len(got.Quotes) != 2 || got.Quotes[0].PassageID != ps[1].ID || got.Quotes[0].TagID != tags[2].ID || got.Starred(ps[2].ID) {
		t.Fatalf("quotes %+v", got.Quotes)
	}
	wantCode(t, db.SetQuoteTag(ctx, b.ID, ps[2].ID, ""), annotate.ENOTFOUND, "the tag of an unstarred passage")
	// Undo of the unstar puts it back where it was.
	mustNil(t, db.PutQuote(ctx, b.ID, annotate.KeyQuote{PassageID: ps[2].ID, Position: got.Quotes[0].Position - 1}))
	if order := quoteOrder(t, db, b.ID); order[0] != ps[2].ID {
		t.Fatalf("put back: %v", order)
	}
	// OrderQuotes: the named first, starring what was not; the rest after.
	mustNil(t, db.UnstarPassage(ctx, b.ID, ps[0].ID))
	mustNil(t, db.OrderQuotes(ctx, b.ID, []string{ps[0].ID, ps[1].ID}))
	if got := quoteOrder(t, db, b.ID); strings.Join(got, ",") != ps[0].ID+","+ps[1].ID+","+ps[2].ID {
		t.Fatalf("ordered: %v", got)
	}
	in, err := db.StarredIn(ctx, ps[1].ID)
	mustNil(t, err)
	if len(in) != 1 || in[0].ID != b.ID {
		t.Fatalf("starred in %v", in)
	}
	// A deleted passage is no key quote; restored, it is one again.
	mustNil(t, db.DeletePassage(ctx, ps[1].ID))
	if got := quoteOrder(t, db, b.ID); len(got) != 2 {
		t.Fatalf("with a passage deleted: %v", got)
	}
	wantCode(t, db.StarPassage(ctx, b.ID, ps[1].ID), annotate.ENOTFOUND, "starring a deleted passage")
	mustNil(t, db.RestorePassage(ctx, ps[1].ID))
	if got := quoteOrder(t, db, b.ID); len(got) != 3 {
		t.Fatalf("with the passage restored: %v", got)
	}
}

func TestBriefingViews(t *testing.T) {
	ctx := context.Background()
	db, path, _, tags, ps := briefingProject(t)
	b := &annotate.Briefing{Name: "Minister", Title: "Geneva", Annex: true}
	mustNil(t, db.CreateBriefing(ctx, b))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[0].ID, "Both return."))
	mustNil(t, db.StarPassage(ctx, b.ID, ps[2].ID))
	mustNil(t, db.StarPassage(ctx, b.ID, ps[0].ID))
	mustNil(t, db.SetQuoteTag(ctx, b.ID, ps[0].ID, tags[0].ID))
	gone := &annotate.Briefing{Name: "Gone"}
	mustNil(t, db.CreateBriefing(ctx, gone))
	mustNil(t, db.DeleteBriefing(ctx, gone.ID))
	raw := rawOpen(t, path)
	wantRows(t, "briefings_v", rawRows(t, raw, `SELECT name, title, annex, findings, key_quotes, author FROM briefings_v`), []string{"Minister|Geneva|1|1|2|Ada"})
	wantRows(t, "briefing_findings_v", rawRows(t, raw, `SELECT briefing, code, finding FROM briefing_findings_v`), []string{"Minister|Ambassadors|Both return."})
	wantRows(t, "briefing_quotes_v", rawRows(t, raw, `SELECT briefing, "order", document, quote, under, starred_by FROM briefing_quotes_v ORDER BY "order"`), []string{
		"Minister|1|Summit|constructive|∅|Ada",
		"Minister|2|Summit|ambassadors would return to their posts|Ambassadors|Ada",
	})
}

// TestBriefingCheck checks that what the briefings table's CHECKs leave
// open is a problem for gloss check and a refusal for Open.
func TestBriefingCheck(t *testing.T) {
	for _, tc := range []struct{ name, sql, want string }{
		{"not a day", `UPDATE briefings SET date = '2021-02-30'`, "is not a day of the calendar"},
		{"scope of a non-id", `UPDATE briefings SET scope = '{"tags": ["cyber"]}'`, "is not of the form Gloss writes"},
		{"scope list not a list", `UPDATE briefings SET scope = '{"coders": "Ada"}'`, "is not of the form Gloss writes"},
		{"scope date", `UPDATE briefings SET scope = '{"from": "June"}'`, "is not of the form Gloss writes"},
		{"scope condition of a non-id", `UPDATE briefings SET scope = '{"where": [{"attribute": "outlet"}]}'`, "is not of the form Gloss writes"},
		{"scope condition not an object", `UPDATE briefings SET scope = '{"where": ["outlet"]}'`, "is not of the form Gloss writes"},
		{"scope query not text", `UPDATE briefings SET scope = '{"query": 3}'`, "is not of the form Gloss writes"},
		{"scope not JSON", `PRAGMA ignore_check_constraints = ON; UPDATE briefings SET scope = '{tags'`, "CHECK constraint failed in briefings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, path, _, _, _ := briefingProject(t)
			mustNil(t, db.CreateBriefing(ctx, &annotate.Briefing{Name: "Minister", Date: "2021-06-18"}))
			mustNil(t, db.Close())
			alter(t, path, tc.sql)
			_, err := storage.Open(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open: %v; want a refusal with %q", err, tc.want)
			}
		})
	}
}

func TestBriefingCopy(t *testing.T) {
	ctx := context.Background()
	db, _, _, tags, ps := briefingProject(t)
	b := &annotate.Briefing{Name: "Minister"}
	mustNil(t, db.CreateBriefing(ctx, b))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[0].ID, "Both return."))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[2].ID, "Gone with its tag."))
	mustNil(t, db.StarPassage(ctx, b.ID, ps[0].ID))
	mustNil(t, db.StarPassage(ctx, b.ID, ps[1].ID))
	mustNil(t, db.SetQuoteTag(ctx, b.ID, ps[0].ID, tags[2].ID))
	gone := &annotate.Briefing{Name: "Secret plans"}
	mustNil(t, db.CreateBriefing(ctx, gone))
	mustNil(t, db.DeleteBriefing(ctx, gone.ID))
	mustNil(t, db.DeletePassage(ctx, ps[1].ID))
	mustNil(t, db.DeleteTag(ctx, tags[2].ID))
	out := filepath.Join(t.TempDir(), "copy.gloss")
	rep, err := db.SaveCopy(ctx, out, storage.CopyOptions{})
	mustNil(t, err)
	if rep.Briefings != 1 {
		t.Fatalf("copy holds %d briefings, want 1", rep.Briefings)
	}
	cp, err := storage.Open(out)
	mustNil(t, err)
	defer cp.Close()
	if problems, err := cp.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("the copy: %v %v", problems, err)
	}
	got, err := cp.Briefing(ctx, b.ID)
	mustNil(t, err)
	if len(got.Findings) != 1 || len(got.Quotes) != 1 || got.Quotes[0].PassageID != ps[0].ID || got.Quotes[0].TagID != "" {
		t.Fatalf("copied briefing %+v %+v", got.Findings, got.Quotes)
	}
	raw := rawOpen(t, out)
	if n := rawInt(t, raw, `SELECT count(*) FROM briefings`) + rawInt(t, raw, `SELECT count(*) FROM briefing_quotes WHERE deleted_at IS NOT NULL`); n != 1 {
		t.Fatalf("the copy keeps deleted briefing rows")
	}
}

// TestBriefingMerge merges two colleagues' work on the same briefing:
// stars and findings of both, the later edit of a finding, an unstar, and
// a briefing each made under the same name.
func TestBriefingMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, path, _, tags, ps := briefingProject(t)
	b := &annotate.Briefing{Name: "Minister", Title: "Geneva"}
	mustNil(t, db.CreateBriefing(ctx, b))
	mustNil(t, db.StarPassage(ctx, b.ID, ps[0].ID))
	mustNil(t, db.SetFinding(ctx, b.ID, tags[0].ID, "First draft."))
	mustNil(t, db.Close())
	adaPath, benPath := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, path, adaPath)
	copyFile(t, path, benPath)

	ada := openAs(t, adaPath, "Ada")
	mustNil(t, ada.StarPassage(ctx, b.ID, ps[1].ID))
	mustNil(t, ada.SetFinding(ctx, b.ID, tags[0].ID, "Ada's finding."))
	mustNil(t, ada.CreateBriefing(ctx, &annotate.Briefing{Name: "Press", Audience: "Press office"}))
	mustNil(t, ada.Close())

	ben := openAs(t, benPath, "Ben")
	ben.Now()                                                           // Ben's edits come a moment later than Ada's
	mustNil(t, ben.SetFinding(ctx, b.ID, tags[0].ID, "Ben's finding.")) // later: wins
	mustNil(t, ben.SetFinding(ctx, b.ID, tags[1].ID, "Ben on cyber."))
	mustNil(t, ben.UnstarPassage(ctx, b.ID, ps[0].ID))
	mustNil(t, ben.StarPassage(ctx, b.ID, ps[2].ID))
	title := "Geneva: what was agreed"
	_, err := ben.UpdateBriefing(ctx, b.ID, annotate.BriefingUpdate{Title: &title})
	mustNil(t, err)
	mustNil(t, ben.CreateBriefing(ctx, &annotate.Briefing{Name: "press", Subtitle: "Ben's press briefing"}))
	mustNil(t, ben.Close())

	for _, order := range [][2]string{{adaPath, benPath}, {benPath, adaPath}} {
		out := merged(t, dir, "m.gloss", order[0], order[1])
		m, err := storage.Open(out)
		mustNil(t, err)
		got, err := m.BriefingByName(ctx, "Minister")
		mustNil(t, err)
		if got.Title != title || got.Finding(tags[0].ID) != "Ben's finding." || got.Finding(tags[1].ID) != "Ben on cyber." {
			t.Errorf("merged %s into %s: %+v", filepath.Base(order[1]), filepath.Base(order[0]), got)
		}
		var starred []string
		for _, q := range got.Quotes {
			starred = append(starred, q.PassageID)
		}
		if len(starred) != 2 || got.Starred(ps[0].ID) || !got.Starred(ps[1].ID) || !got.Starred(ps[2].ID) {
			t.Errorf("merged stars %v", starred)
		}
		// The two "Press" briefings are one, by name.
		list, err := m.Briefings(ctx)
		mustNil(t, err)
		if len(list) != 2 {
			t.Errorf("merged briefings %v", list)
		}
		if problems, err := m.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("merged file: %v %v", problems, err)
		}
		// Merging again changes nothing.
		rep, err := m.Merge(ctx, order[1])
		mustNil(t, err)
		if rep.Changed() {
			t.Errorf("merging %s again: %+v", filepath.Base(order[1]), rep)
		}
		m.Close()
	}
}

// briefingColleagues makes copies of the base project, each with a
// researcher's random work on it and, mostly, on its briefings.
func briefingColleagues(t *testing.T, dir string, seed int64, names ...string) []string {
	t.Helper()
	b := base(t, dir)
	r := rand.New(rand.NewSource(seed))
	ctx := context.Background()
	var paths []string
	for _, name := range names {
		p := filepath.Join(dir, name+".gloss")
		copyFile(t, b, p)
		db := openAs(t, p, name)
		act(t, db, r, 4)
		for i := 0; i < 12+r.Intn(12); i++ {
			tags, _ := db.Tags(ctx)
			ps, _ := db.Passages(ctx, annotate.PassageFilter{})
			if err := actOnBriefings(ctx, db, r, tags, ps); err != nil && annotate.ErrorCode(err) == annotate.EINTERNAL {
				t.Fatalf("%s: %v", name, err)
			}
		}
		db.Close()
		paths = append(paths, p)
	}
	return paths
}

// TestBriefingMergeProperties checks that merging briefings, their
// findings and key quotes is commutative, idempotent and associative.
func TestBriefingMergeProperties(t *testing.T) {
	ctx := context.Background()
	briefed := 0
	for seed := int64(1); seed <= 12; seed++ {
		dir := t.TempDir()
		f := briefingColleagues(t, dir, seed, "Ada", "Ben", "Chen")
		ab := merged(t, dir, "ab.gloss", f[0], f[1])
		abc := contentOf(t, merged(t, dir, "abc.gloss", ab, f[2]))
		if ba := contentOf(t, merged(t, dir, "ba.gloss", f[1], f[0])); ba != contentOf(t, ab) {
			t.Fatalf("seed %d: merge(a, b) != merge(b, a):\n%s", seed, diff(contentOf(t, ab), ba))
		}
		bc := merged(t, dir, "bc.gloss", f[1], f[2])
		if a_bc := contentOf(t, merged(t, dir, "a_bc.gloss", f[0], bc)); a_bc != abc {
			t.Fatalf("seed %d: (a b) c != a (b c):\n%s", seed, diff(abc, a_bc))
		}
		db, err := storage.Open(ab)
		mustNil(t, err)
		for _, again := range []string{f[0], f[1]} {
			rep, err := db.Merge(ctx, again)
			mustNil(t, err)
			if rep.Changed() {
				t.Fatalf("seed %d: merging %s again changed %+v", seed, filepath.Base(again), rep)
			}
		}
		db.Close()
		briefed += strings.Count(abc, "\nquotes ") + strings.Count(abc, "\nfinding ")
	}
	if briefed < 30 {
		t.Fatalf("only %d briefings' quotes and findings in the merges: the test exercises too little", briefed)
	}
}

func TestFindPassage(t *testing.T) {
	ctx := context.Background()
	db, _, _, _, ps := briefingProject(t)
	got, err := db.FindPassage(ctx, strings.ToUpper(ps[1].ID[:8]))
	mustNil(t, err)
	if got.ID != ps[1].ID {
		t.Fatalf("found %s, want %s", got.ID, ps[1].ID)
	}
	_, err = db.FindPassage(ctx, "")
	wantCode(t, err, annotate.EINVALID, "empty prefix")
	_, err = db.FindPassage(ctx, "zz")
	wantCode(t, err, annotate.EINVALID, "not hex")
	mustNil(t, db.DeletePassage(ctx, ps[1].ID))
	_, err = db.FindPassage(ctx, ps[1].ID)
	wantCode(t, err, annotate.ENOTFOUND, "deleted passage")
}

// TestBriefingScopeWhereAndQuery keeps a briefing's attribute conditions
// and code query, refuses ones that cannot be used, and maps a
// colleague's attribute to ours when merging.
func TestBriefingScopeWhereAndQuery(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, _, doc, tags, _ := briefingProject(t)
	outlet := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeChoice, Choices: []string{"Wire", "Newspaper"}}
	mustNil(t, db.CreateAttribute(ctx, outlet))
	mustNil(t, db.SetAttribute(ctx, doc.ID, outlet.ID, "Wire"))
	scope := annotate.BriefingScope{
		Attributes: []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"Wire"}}},
		Query:      `"Ambassadors" OR "Cyber"`, Subcodes: true,
	}
	b := &annotate.Briefing{Name: "Wire copy", Scope: scope}
	mustNil(t, db.CreateBriefing(ctx, b))
	got, err := db.Briefing(ctx, b.ID)
	mustNil(t, err)
	if len(got.Scope.Attributes) != 1 || got.Scope.Attributes[0].AttributeID != outlet.ID || got.Scope.Attributes[0].Values[0] != "Wire" ||
		got.Scope.Query != scope.Query || !got.Scope.Subcodes || got.Scope.Empty() {
		t.Fatalf("read back scope %+v", got.Scope)
	}
	// The scope lists the passages it keeps.
	f, err := got.Scope.PassageFilter(nil, nil)
	mustNil(t, err)
	ps, err := db.Passages(ctx, f)
	mustNil(t, err)
	if len(ps) != 2 {
		t.Fatalf("the scope keeps %d passages, want the 2 of Ambassadors or Cyber in wire copy", len(ps))
	}
	mustNil(t, db.SetAttribute(ctx, doc.ID, outlet.ID, "Newspaper"))
	if ps, err = db.Passages(ctx, f); err != nil || len(ps) != 0 {
		t.Fatalf("after the document became a newspaper's the scope keeps %d passages (%v), want none", len(ps), err)
	}

	for _, bad := range []annotate.BriefingScope{
		{Query: `"Ambassadors" AND`},
		{Query: `Ambassadors`},
		{Attributes: []annotate.AttributeCondition{{AttributeID: "outlet"}}},
		{Attributes: []annotate.AttributeCondition{{AttributeID: outlet.ID, Values: []string{"two\nlines"}}}},
	} {
		err := db.CreateBriefing(ctx, &annotate.Briefing{Name: "Bad", Scope: bad})
		wantCode(t, err, annotate.EINVALID, "a scope that cannot be used")
	}
	err = db.CreateBriefing(ctx, &annotate.Briefing{Name: "Bad", Scope: annotate.BriefingScope{Query: `"Ambassadors" AND`}})
	if err == nil || !strings.Contains(err.Error(), "column") {
		t.Fatalf("a broken query's error %v does not point at the column", err)
	}
	wantCode(t, db.CreateBriefing(ctx, &annotate.Briefing{Name: "Bad",
		Scope: annotate.BriefingScope{Attributes: []annotate.AttributeCondition{{AttributeID: annotate.NewID()}}}}), annotate.ENOTFOUND, "an unknown attribute")
	mustNil(t, db.Close())

	// Ada and Ben each define "Outlet type" in their own copy; Ben scopes
	// a briefing by his. Merged into Ada's file, the briefing is scoped by
	// her attribute of that name.
	base, err := storage.Create(filepath.Join(dir, "base.gloss"))
	mustNil(t, err)
	base.SetAuthor("Ada")
	MustDocument(t, base, "Summit", article)
	MustTag(t, base, "Ambassadors")
	basePath := base.Path()
	mustNil(t, base.Close())
	adaPath, benPath := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, basePath, adaPath)
	copyFile(t, basePath, benPath)
	ada := openAs(t, adaPath, "Ada")
	hers := &annotate.Attribute{Name: "Outlet type", Kind: annotate.AttributeText}
	mustNil(t, ada.CreateAttribute(ctx, hers))
	mustNil(t, ada.Close())
	ben := openAs(t, benPath, "Ben")
	his := &annotate.Attribute{Name: "outlet type", Kind: annotate.AttributeText}
	mustNil(t, ben.CreateAttribute(ctx, his))
	mustNil(t, ben.CreateBriefing(ctx, &annotate.Briefing{Name: "Wire copy",
		Scope: annotate.BriefingScope{Attributes: []annotate.AttributeCondition{{AttributeID: his.ID, Values: []string{"Wire"}}}, Query: `"Ambassadors"`}}))
	mustNil(t, ben.Close())
	out := merged(t, dir, "m.gloss", adaPath, benPath)
	m, err := storage.Open(out)
	mustNil(t, err)
	defer m.Close()
	mb, err := m.BriefingByName(ctx, "Wire copy")
	mustNil(t, err)
	if len(mb.Scope.Attributes) != 1 || mb.Scope.Attributes[0].AttributeID != hers.ID || mb.Scope.Query != `"Ambassadors"` {
		t.Fatalf("merged scope %+v: want Ada's attribute %s", mb.Scope, hers.ID)
	}
	if problems, err := m.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("merged file: %v %v", problems, err)
	}
	_ = tags
}
