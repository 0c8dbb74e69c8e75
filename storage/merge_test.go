package storage_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/storage"
)

var t0 = time.Date(2021, 6, 16, 12, 0, 0, 0, time.UTC)

// clock returns a Now that advances one millisecond per call from t0: two
// colleagues using such clocks make changes at the same instants, which
// exercises the tie-breaks.
func clock() func() time.Time {
	n := 0
	return func() time.Time { n++; return t0.Add(time.Duration(n) * time.Millisecond) }
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// openAs opens a project as a researcher with a fresh clock.
func openAs(t testing.TB, path, author string) *storage.DB {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor(author)
	db.Now = clock()
	return db
}

// content renders a project's live content, independent of which of two
// matching ids a merge kept: documents by text hash, tags by name,
// passages by id with their document's hash, tag names and note.
func content(t testing.TB, db *storage.DB) string {
	t.Helper()
	ctx := context.Background()
	docs, err := db.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{}
	var lines []string
	for _, d := range docs {
		hash[d.ID] = d.Hash[:12]
		lines = append(lines, fmt.Sprintf("doc %s %q %q %q memo=%q", d.Hash[:12], d.Title, d.Outlet, d.Published, d.Memo))
	}
	tags, err := db.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	for _, tg := range tags {
		name[tg.ID] = tg.Name
	}
	for _, tg := range tags {
		lines = append(lines, fmt.Sprintf("tag %q %s %q parent=%q grouping=%v", tg.Name, tg.Color, tg.Description, name[tg.ParentID], tg.Grouping))
	}
	ps, err := db.Passages(ctx, annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		var tn []string
		for _, id := range p.Tags {
			tn = append(tn, name[id])
		}
		sort.Strings(tn)
		lines = append(lines, fmt.Sprintf("passage %s %s [%d,%d) %q by %s tags=%q note=%q by %q",
			p.ID[:8], hash[p.DocumentID], p.Start, p.End, p.Quote, p.Author, tn, p.Note.Text, p.Note.Author))
	}
	rules, err := db.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		lines = append(lines, fmt.Sprintf("rule %q %q %s tag=%q %s", r.Name, r.Pattern, r.Kind, name[r.TagID], r.Scope))
	}
	briefings, err := db.Briefings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range briefings {
		b, err := db.Briefing(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var scope []string
		for _, id := range b.Scope.TagIDs {
			scope = append(scope, name[id])
		}
		lines = append(lines, fmt.Sprintf("briefing %q %q %q scope=%q", b.Name, b.Title, b.Summary, scope))
		for _, f := range b.Findings {
			lines = append(lines, fmt.Sprintf("finding %q %q %q", strings.ToLower(b.Name), name[f.TagID], f.Text))
		}
		var quotes []string
		for _, q := range b.Quotes {
			quotes = append(quotes, q.PassageID[:8]+"/"+name[q.TagID])
		}
		lines = append(lines, fmt.Sprintf("quotes %q %s", strings.ToLower(b.Name), strings.Join(quotes, " ")))
	}
	orphans, err := db.Orphans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orphans {
		lines = append(lines, fmt.Sprintf("orphan %s %q", o.PassageID[:8], o.Quote))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// merged copies dst to a new file, merges srcs into it and returns its path.
func merged(t testing.TB, dir, name, dst string, srcs ...string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	copyFile(t, dst, out)
	db, err := storage.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range srcs {
		if _, err := db.Merge(context.Background(), s); err != nil {
			t.Fatalf("merge %s into %s: %v", s, name, err)
		}
	}
	return out
}

func contentOf(t testing.TB, path string) string {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if problems, err := db.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Fatalf("%s after merge: %v %v", path, problems, err)
	}
	return content(t, db)
}

func rowsOf(t testing.TB, path string) string {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := storage.Rows(db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const article2 = "Biden gave Putin a list of 16 critical infrastructure entities that should be off-limits to cyberattacks.\n\n" +
	"Sullivan said the talks lasted about three hours. Lavrov called them frank.\n"

const article3 = "Navalny's fate came up: Biden said the consequences of his death in prison would be devastating for Russia.\n\n" +
	"Putin answered with a list of American human rights failures.\n"

// base makes the project every colleague starts from: three articles, three
// tags and two passages, written by Ada.
func base(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "base.gloss")
	db, err := storage.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	db.Now = func() time.Time { return t0 }
	d1 := MustDocument(t, db, "Summit", article)
	d2 := MustDocument(t, db, "Cyber", article2)
	MustDocument(t, db, "Navalny", article3)
	cyber := MustTag(t, db, "Cyber red lines")
	MustTag(t, db, "Human rights")
	amb := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, d1, "ambassadors would return to their posts", amb.ID)
	MustPassage(t, db, d2, "16 critical infrastructure entities", cyber.ID)
	db.Close()
	return path
}

// act makes n random changes as a researcher would, through the public API.
// Changes the rules refuse (a duplicate tag name, removing a last tag) are
// skipped, as the app would refuse them.
func act(t testing.TB, db *storage.DB, r *rand.Rand, n int) {
	t.Helper()
	ctx := context.Background()
	names := []string{"Sanctions", "sanctions", "Energy", "Nuclear", "Prisoners"}
	for i := 0; i < n; i++ {
		docs, _ := db.Documents(ctx, annotate.DocumentFilter{})
		tags, _ := db.Tags(ctx)
		ps, _ := db.Passages(ctx, annotate.PassageFilter{})
		var err error
		switch op := r.Intn(135); {
		case op < 30 && len(docs) > 0 && len(tags) > 0:
			d, _ := db.Document(ctx, docs[r.Intn(len(docs))].ID)
			words := strings.Fields(d.Text)
			w := r.Intn(len(words))
			quote := strings.Join(words[w:min(len(words), w+1+r.Intn(5))], " ")
			text := annotate.NewText(d.Text)
			at := annotate.FindAll(text, quote)
			if len(at) == 0 {
				continue
			}
			s := at[r.Intn(len(at))]
			p := &annotate.Passage{DocumentID: d.ID, Start: s, End: s + len([]rune(quote)), Quote: quote, Tags: []string{tags[r.Intn(len(tags))].ID}}
			if r.Intn(2) == 0 {
				p.Note.Text = fmt.Sprintf("first thought %d", r.Intn(1000))
			}
			err = db.CreatePassage(ctx, p)
		case op < 45 && len(ps) > 0 && len(tags) > 0:
			err = db.AddTag(ctx, ps[r.Intn(len(ps))].ID, tags[r.Intn(len(tags))].ID)
		case op < 55 && len(ps) > 0:
			p := ps[r.Intn(len(ps))]
			err = db.RemoveTag(ctx, p.ID, p.Tags[r.Intn(len(p.Tags))])
		case op < 64 && len(docs) > 0:
			memo := fmt.Sprintf("%s's memo %d", db.Author(), r.Intn(1000))
			_, err = db.UpdateDocument(ctx, docs[r.Intn(len(docs))].ID, annotate.DocumentUpdate{Memo: &memo})
		case op < 70 && len(ps) > 0:
			err = db.SetNote(ctx, ps[r.Intn(len(ps))].ID, fmt.Sprintf("%s thinks %d", db.Author(), r.Intn(1000)))
		case op < 74 && len(ps) > 0:
			err = db.SetNote(ctx, ps[r.Intn(len(ps))].ID, "")
		case op < 82 && len(ps) > 0:
			err = db.DeletePassage(ctx, ps[r.Intn(len(ps))].ID)
		case op < 89:
			err = db.CreateTag(ctx, &annotate.Tag{Name: names[r.Intn(len(names))], Color: annotate.Palette[r.Intn(len(annotate.Palette))]})
		case op < 95 && len(tags) > 0:
			c, d := annotate.Palette[r.Intn(len(annotate.Palette))], fmt.Sprintf("as %s sees it", db.Author())
			upd := annotate.TagUpdate{Color: &c}
			if r.Intn(2) == 0 {
				upd.Description = &d
			}
			if r.Intn(3) == 0 && len(tags) > 1 {
				parent := tags[r.Intn(len(tags))].ID
				upd.ParentID = &parent
			}
			if r.Intn(4) == 0 {
				g := r.Intn(2) == 0 // refused while the tag has passages or rules
				upd.Grouping = &g
			}
			_, err = db.UpdateTag(ctx, tags[r.Intn(len(tags))].ID, upd)
		case op < 96 && len(tags) > 1:
			err = db.DeleteTag(ctx, tags[r.Intn(len(tags))].ID)
		case op < 99 && len(tags) > 0:
			rules, _ := db.Rules(ctx)
			switch k := r.Intn(3); {
			case k == 0 || len(rules) == 0:
				err = db.CreateRule(ctx, &annotate.Rule{Name: []string{"Envoys", "envoys", "Cyber"}[r.Intn(3)], Pattern: "ambassador",
					Kind: annotate.RuleWords, TagID: tags[r.Intn(len(tags))].ID, Scope: annotate.ScopeSentence})
			case k == 1:
				pattern := fmt.Sprintf("%s %d", db.Author(), r.Intn(100))
				_, err = db.UpdateRule(ctx, rules[r.Intn(len(rules))].ID, annotate.RuleUpdate{Pattern: &pattern})
			default:
				err = db.DeleteRule(ctx, rules[r.Intn(len(rules))].ID)
			}
		case op < 100 && len(docs) > 1:
			err = db.DeleteDocument(ctx, docs[r.Intn(len(docs))].ID)
		case op >= 100:
			err = actOnBriefings(ctx, db, r, tags, ps)
		}
		if err != nil && annotate.ErrorCode(err) == annotate.EINTERNAL {
			t.Fatalf("%s: %v", db.Author(), err)
		}
	}
}

// actOnBriefings makes one random change to the project's briefings.
func actOnBriefings(ctx context.Context, db *storage.DB, r *rand.Rand, tags []*annotate.Tag, ps []*annotate.Passage) error {
	bs, _ := db.Briefings(ctx)
	if len(bs) == 0 || r.Intn(6) == 0 {
		return db.CreateBriefing(ctx, &annotate.Briefing{Name: []string{"Minister", "minister", "Press"}[r.Intn(3)],
			Title: fmt.Sprintf("%s's briefing", db.Author())})
	}
	b := bs[r.Intn(len(bs))]
	switch k := r.Intn(8); {
	case k == 0:
		title, summary := fmt.Sprintf("%s %d", db.Author(), r.Intn(100)), fmt.Sprintf("**%s** says %d", db.Author(), r.Intn(100))
		upd := annotate.BriefingUpdate{Title: &title, Summary: &summary}
		if len(tags) > 0 && r.Intn(2) == 0 {
			upd.Scope = &annotate.BriefingScope{TagIDs: []string{tags[r.Intn(len(tags))].ID}}
		}
		_, err := db.UpdateBriefing(ctx, b.ID, upd)
		return err
	case k == 1 && len(tags) > 0:
		text := fmt.Sprintf("%s finds %d", db.Author(), r.Intn(100))
		if r.Intn(4) == 0 {
			text = ""
		}
		return db.SetFinding(ctx, b.ID, tags[r.Intn(len(tags))].ID, text)
	case k <= 3 && len(ps) > 0:
		return db.StarPassage(ctx, b.ID, ps[r.Intn(len(ps))].ID)
	case k == 4 && len(ps) > 0:
		return db.UnstarPassage(ctx, b.ID, ps[r.Intn(len(ps))].ID)
	case k == 5 && len(ps) > 0:
		return db.MoveQuote(ctx, b.ID, ps[r.Intn(len(ps))].ID, r.Intn(4))
	case k == 6 && len(ps) > 0 && len(tags) > 0:
		return db.SetQuoteTag(ctx, b.ID, ps[r.Intn(len(ps))].ID, tags[r.Intn(len(tags))].ID)
	case k == 7 && r.Intn(3) == 0:
		return db.DeleteBriefing(ctx, b.ID)
	}
	return nil
}

// colleagues makes n copies of the base project, each changed at random by
// its own researcher, and returns their paths.
func colleagues(t testing.TB, dir string, seed int64, names ...string) []string {
	t.Helper()
	b := base(t, dir)
	r := rand.New(rand.NewSource(seed))
	var paths []string
	for _, name := range names {
		p := filepath.Join(dir, name+".gloss")
		copyFile(t, b, p)
		db := openAs(t, p, name)
		act(t, db, r, 8+r.Intn(20))
		db.Close()
		paths = append(paths, p)
	}
	return paths
}

func TestMergeIsCommutative(t *testing.T) {
	const seeds = 25
	mixed := 0
	for seed := int64(1); seed <= seeds; seed++ {
		dir := t.TempDir()
		f := colleagues(t, dir, seed, "Ada", "Ben")
		ab := contentOf(t, merged(t, dir, "ab.gloss", f[0], f[1]))
		ba := contentOf(t, merged(t, dir, "ba.gloss", f[1], f[0]))
		if ab != ba {
			t.Fatalf("seed %d: merge(a, b) != merge(b, a):\n%s", seed, diff(ab, ba))
		}
		if ab != contentOf(t, f[0]) && ab != contentOf(t, f[1]) {
			mixed++
		}
	}
	// The property means something only if the merges combine both sides.
	if mixed < seeds*4/5 {
		t.Fatalf("only %d of %d merges differ from both inputs", mixed, seeds)
	}
}

func TestMergeIsIdempotent(t *testing.T) {
	ctx := context.Background()
	for seed := int64(100); seed < 120; seed++ {
		dir := t.TempDir()
		f := colleagues(t, dir, seed, "Ada", "Ben")
		ab := merged(t, dir, "ab.gloss", f[0], f[1])
		before := rowsOf(t, ab)
		db, err := storage.Open(ab)
		if err != nil {
			t.Fatal(err)
		}
		for _, again := range []string{f[1], f[0]} {
			rep, err := db.Merge(ctx, again)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Changed() {
				t.Fatalf("seed %d: merging %s again reported changes: %+v", seed, filepath.Base(again), rep)
			}
		}
		db.Close()
		if after := rowsOf(t, ab); after != before {
			t.Fatalf("seed %d: merging the same files again changed the project:\n%s", seed, diff(before, after))
		}
		// A merged file merged into its sources brings them to the same content.
		a2 := contentOf(t, merged(t, dir, "a2.gloss", f[0], ab))
		if want := contentOf(t, ab); a2 != want {
			t.Fatalf("seed %d: merge(a, merge(a, b)) != merge(a, b):\n%s", seed, diff(want, a2))
		}
	}
}

func TestMergeIsAssociative(t *testing.T) {
	for seed := int64(200); seed < 215; seed++ {
		dir := t.TempDir()
		f := colleagues(t, dir, seed, "Ada", "Ben", "Chen")
		a, b, c := f[0], f[1], f[2]
		left := contentOf(t, merged(t, dir, "ab_c.gloss", merged(t, dir, "ab.gloss", a, b), c))
		right := contentOf(t, merged(t, dir, "a_bc.gloss", a, merged(t, dir, "bc.gloss", b, c)))
		other := contentOf(t, merged(t, dir, "ca_b.gloss", merged(t, dir, "ca.gloss", c, a), b))
		if left != right {
			t.Fatalf("seed %d: (a+b)+c != a+(b+c):\n%s", seed, diff(left, right))
		}
		if left != other {
			t.Fatalf("seed %d: (a+b)+c != (c+a)+b:\n%s", seed, diff(left, other))
		}
	}
}

// diff lists the lines only in a and only in b.
func diff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range ma {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range mb {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestMergeFiveColleagues(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := base(t, dir)
	files := map[string]string{}
	open := func(name string) *storage.DB {
		p := filepath.Join(dir, name+".gloss")
		copyFile(t, b, p)
		files[name] = p
		db := openAs(t, p, name)
		// Later colleagues act later: Eve's changes are the newest.
		offset := time.Duration(len(files)) * time.Minute
		next := clock()
		db.Now = func() time.Time { return next().Add(offset) }
		return db
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	baseDB := openAs(t, b, "Ada")
	ps, _ := baseDB.Passages(ctx, annotate.PassageFilter{})
	tags, _ := baseDB.Tags(ctx)
	docs, _ := baseDB.Documents(ctx, annotate.DocumentFilter{})
	baseDB.Close()
	tagID := map[string]string{}
	for _, tg := range tags {
		tagID[tg.Name] = tg.ID
	}
	docID := map[string]*annotate.Document{}
	for _, d := range docs {
		docID[d.Title] = d
	}
	ambassadors, cyber := ps[1], ps[0] // by document title: Cyber, then Summit
	if !strings.HasPrefix(ambassadors.Quote, "ambassadors") {
		ambassadors, cyber = cyber, ambassadors
	}

	// Ada tags a new passage and notes the ambassadors one.
	ada := open("Ada")
	d := docID["Navalny"]
	text, _ := ada.Document(ctx, d.ID)
	s, e, err := annotate.FindQuote(annotate.NewText(text.Text), "American human rights failures", 0)
	must(err)
	adaP := &annotate.Passage{DocumentID: d.ID, Start: s, End: e, Quote: "American human rights failures", Tags: []string{tagID["Human rights"]}}
	must(ada.CreatePassage(ctx, adaP))
	must(ada.SetNote(ctx, ambassadors.ID, "Ada: the main outcome"))
	ada.Close()

	// Ben adds a second tag to the cyber passage and deletes the ambassadors one.
	ben := open("Ben")
	must(ben.AddTag(ctx, cyber.ID, tagID["Human rights"]))
	must(ben.DeletePassage(ctx, ambassadors.ID))
	ben.Close()

	// Chen rewrites Ada's note later than Ada, and recolours Human rights.
	chen := open("Chen")
	must(chen.SetNote(ctx, ambassadors.ID, "Chen: a small step"))
	red := "#e6194b"
	_, err = chen.UpdateTag(ctx, tagID["Human rights"], annotate.TagUpdate{Color: &red})
	must(err)
	chen.Close()

	// Dana recolours Human rights later still, and creates "Sanctions".
	dana := open("Dana")
	green := "#3cb44b"
	_, err = dana.UpdateTag(ctx, tagID["Human rights"], annotate.TagUpdate{Color: &green})
	must(err)
	must(dana.CreateTag(ctx, &annotate.Tag{Name: "Sanctions", Color: "#911eb4"}))
	dana.Close()

	// Eve creates "sanctions" on her own (a different id), uses it, and
	// deletes the Navalny article.
	eve := open("Eve")
	sanctions := &annotate.Tag{Name: "sanctions", Color: "#f58231", Description: "economic measures"}
	must(eve.CreateTag(ctx, sanctions))
	must(eve.AddTag(ctx, cyber.ID, sanctions.ID))
	must(eve.DeleteDocument(ctx, docID["Navalny"].ID))
	eve.Close()

	order1 := []string{files["Ben"], files["Chen"], files["Dana"], files["Eve"]}
	order2 := []string{files["Eve"], files["Dana"], files["Chen"], files["Ben"]}
	m1 := merged(t, dir, "m1.gloss", files["Ada"], order1...)
	m2 := merged(t, dir, "m2.gloss", files["Eve"], files["Chen"], files["Ada"], files["Dana"], files["Ben"])
	m3 := merged(t, dir, "m3.gloss", files["Ada"], order2...)
	c1, c2, c3 := contentOf(t, m1), contentOf(t, m2), contentOf(t, m3)
	if c1 != c2 || c1 != c3 {
		t.Fatalf("merge order matters:\n%s\n--\n%s", diff(c1, c2), diff(c1, c3))
	}

	db := openAs(t, m1, "Ada")
	defer db.Close()
	// The ambassadors passage stays deleted (Ben), despite later notes.
	if _, err := db.Passage(ctx, ambassadors.ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted passage: %v", err)
	}
	// The cyber passage has three tags: its own, Ben's and Eve's (merged into
	// Dana's "Sanctions" by name).
	p, err := db.Passage(ctx, cyber.ID)
	must(err)
	tagsNow, _ := db.Tags(ctx)
	var names []string
	for _, tg := range tagsNow {
		if p.HasTag(tg.ID) {
			names = append(names, strings.ToLower(tg.Name))
		}
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "cyber red lines,human rights,sanctions" {
		t.Fatalf("cyber passage tags = %v", names)
	}
	// One "Sanctions" tag, Eve's (the later) colour and description.
	var sanc []*annotate.Tag
	for _, tg := range tagsNow {
		if strings.EqualFold(tg.Name, "sanctions") {
			sanc = append(sanc, tg)
		}
		if tg.Name == "Human rights" && tg.Color != green {
			t.Fatalf("Human rights colour %s; want Dana's later %s", tg.Color, green)
		}
	}
	if len(sanc) != 1 || sanc[0].Color != "#f58231" || sanc[0].Description != "economic measures" {
		t.Fatalf("sanctions tags = %+v", sanc)
	}
	// The Navalny article is deleted (Eve), with Ada's passage on it hidden
	// but kept.
	if _, err := db.Document(ctx, docID["Navalny"].ID); annotate.ErrorCode(err) != annotate.ENOTFOUND {
		t.Fatalf("deleted document: %v", err)
	}
	if err := db.RestoreDocument(ctx, docID["Navalny"].ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Passage(ctx, adaP.ID); err != nil || got.Quote != adaP.Quote {
		t.Fatalf("Ada's passage after restoring the document: %v %v", got, err)
	}
	docsNow, _ := db.Documents(ctx, annotate.DocumentFilter{})
	if len(docsNow) != 3 {
		t.Fatalf("%d documents; want the base's 3, none duplicated", len(docsNow))
	}
}

func TestMergeReport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ours := base(t, dir)
	b := filepath.Join(dir, "ben.gloss")
	copyFile(t, ours, b)
	ben := openAs(t, b, "Ben")
	docs, _ := ben.Documents(ctx, annotate.DocumentFilter{})
	tag := MustTag(t, ben, "Energy")
	var cyberDoc *annotate.Document
	for _, d := range docs {
		if d.Title == "Cyber" {
			cyberDoc, _ = ben.Document(ctx, d.ID)
		}
	}
	p := MustPassage(t, ben, cyberDoc, "Lavrov called them frank", tag.ID)
	if err := ben.SetNote(ctx, p.ID, "tone"); err != nil {
		t.Fatal(err)
	}
	hr, _ := ben.TagByName(ctx, "Human rights")
	pink := "#f032e6"
	if _, err := ben.UpdateTag(ctx, hr.ID, annotate.TagUpdate{Color: &pink}); err != nil {
		t.Fatal(err)
	}
	ben.Close()

	db := openAs(t, ours, "Ada")
	defer db.Close()
	rep, err := db.Merge(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if rep.PassagesAdded != 1 || rep.TagsAdded != 1 || rep.NotesAdded != 1 || rep.DocumentsAdded != 0 || rep.DocumentsMatched != 3 ||
		rep.DocumentsByHash != 0 || len(rep.TagConflicts) != 1 || rep.TagConflicts[0] != (storage.TagConflict{Tag: "Human rights", Field: "colour", Ours: "#4363d8", Theirs: pink, Kept: pink}) {
		t.Fatalf("report %+v", rep)
	}
	got, err := db.Passage(ctx, p.ID)
	if err != nil || got.Note.Text != "tone" || got.Author != "Ben" || got.Note.Author != "Ben" {
		t.Fatalf("merged passage %+v, %v; want Ben's with his note", got, err)
	}
	hrNow, _ := db.TagByName(ctx, "Human rights")
	if hrNow.Color != pink {
		t.Fatalf("Human rights colour %s; want Ben's later %s", hrNow.Color, pink)
	}
}

func TestMergeNearDuplicateArticle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	long := article + article2 + article3
	ours := filepath.Join(dir, "ours.gloss")
	db, err := storage.Create(ours)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	ourDoc := MustDocument(t, db, "Geneva summit", long)
	MustTag(t, db, "Cyber red lines")
	db.Close()

	// Ben saved the same article later: an update line on top, a word
	// corrected, and a sentence the outlet then removed.
	theirs := filepath.Join(dir, "theirs.gloss")
	ben, err := storage.Create(theirs)
	if err != nil {
		t.Fatal(err)
	}
	ben.SetAuthor("Ben")
	benText := "Updated at 8:32 p.m.\n" + strings.Replace(long, "about three hours", "about four hours", 1) +
		"\nA final sentence that our copy of the article never had.\n"
	benDoc := MustDocument(t, ben, "Geneva summit (updated)", benText)
	cyber := MustTag(t, ben, "cyber red lines")
	exact := MustPassage(t, ben, benDoc, "16 critical infrastructure entities", cyber.ID)
	fuzzy := MustPassage(t, ben, benDoc, "the talks lasted about four hours", cyber.ID)
	orphan := MustPassage(t, ben, benDoc, "A final sentence that our copy of the article never had", cyber.ID)
	if err := ben.SetNote(ctx, orphan.ID, "only in the updated version"); err != nil {
		t.Fatal(err)
	}
	ben.Close()

	db = openAs(t, ours, "Ada")
	defer db.Close()
	rep, err := db.Merge(ctx, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DocumentsByText != 1 || rep.DocumentsAdded != 0 || rep.PassagesAdded != 2 || rep.PassagesReanchored != 2 || len(rep.Orphans) != 1 || rep.TagsMatched != 1 {
		t.Fatalf("report %+v", rep)
	}
	docs, _ := db.Documents(ctx, annotate.DocumentFilter{})
	if len(docs) != 1 || docs[0].ID != ourDoc.ID {
		t.Fatalf("documents %v; want only ours", docs)
	}
	for id, want := range map[string]string{exact.ID: "16 critical infrastructure entities", fuzzy.ID: "the talks lasted about three hours"} {
		p, err := db.Passage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.DocumentID != ourDoc.ID || p.Quote != want || annotate.NewText(long).Slice(p.Start, p.End) != want {
			t.Fatalf("re-anchored passage %+v; want %q on our text", p, want)
		}
	}
	orphans, err := db.Orphans(ctx)
	if err != nil || len(orphans) != 1 {
		t.Fatalf("orphans %v, %v", orphans, err)
	}
	o := orphans[0]
	if o.PassageID != orphan.ID || o.DocumentID != ourDoc.ID || o.Note != "only in the updated version" || o.Author != "Ben" ||
		len(o.Tags) != 1 || !strings.EqualFold(o.Tags[0], "cyber red lines") || o.From != "theirs.gloss" {
		t.Fatalf("orphan %+v", o)
	}
	if problems, err := db.Check(ctx); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	// Again: nothing changes, the orphan is not listed twice.
	rep, err = db.Merge(ctx, theirs)
	if err != nil || rep.Changed() {
		t.Fatalf("second merge: %+v %v", rep, err)
	}
	if err := db.DismissOrphan(ctx, orphan.ID); err != nil {
		t.Fatal(err)
	}
	if orphans, _ := db.Orphans(ctx); len(orphans) != 0 {
		t.Fatalf("after dismissing: %v", orphans)
	}
	if rep, err := db.Merge(ctx, theirs); err != nil || len(rep.Orphans) != 0 {
		t.Fatalf("a dismissed orphan came back: %+v %v", rep, err)
	}
}

func TestMergeFailureChangesNothing(t *testing.T) {
	dir := t.TempDir()
	f := colleagues(t, dir, 7, "Ada", "Ben")
	steps := []string{"authors", "documents", "codes", "passages", "passage codes", "notes", "orphans", "code tree"}
	for _, step := range steps {
		before := rowsOf(t, f[0])
		db, err := storage.Open(f[0])
		if err != nil {
			t.Fatal(err)
		}
		injected := errors.New("disk full (injected)")
		_, err = storage.MergeWithFault(db, f[1], func(s string) error {
			if s == step {
				return injected
			}
			return nil
		})
		db.Close()
		if !errors.Is(err, injected) || !strings.Contains(err.Error(), f[1]) {
			t.Fatalf("fault after %s: got %v", step, err)
		}
		if after := rowsOf(t, f[0]); after != before {
			t.Fatalf("a merge failing after %s changed our file:\n%s", step, diff(before, after))
		}
	}
	// Without the fault the same merge goes through.
	if c := contentOf(t, merged(t, dir, "ok.gloss", f[0], f[1])); c == contentOf(t, f[0]) {
		t.Fatal("the merge changed nothing; the test proves nothing")
	}
}

func TestMergeRefusesHostileFile(t *testing.T) {
	dir := t.TempDir()
	f := colleagues(t, dir, 9, "Ada", "Ben")
	alter(t, f[1], `CREATE TRIGGER wipe AFTER UPDATE ON tags BEGIN DELETE FROM passages; END`)
	before := rowsOf(t, f[0])
	theirs := stateOf(t, f[1])
	db, err := storage.Open(f[0])
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Merge(context.Background(), f[1])
	db.Close()
	if err == nil || !strings.Contains(err.Error(), f[1]) || !strings.Contains(err.Error(), `trigger "wipe"`) {
		t.Fatalf("merge with a hostile file: %v", err)
	}
	if rowsOf(t, f[0]) != before {
		t.Fatal("a refused merge changed our file")
	}
	if after := stateOf(t, f[1]); string(after.data) != string(theirs.data) || !after.mtime.Equal(theirs.mtime) {
		t.Fatal("a refused merge changed their file")
	}
}

func TestMergeWithItselfRefused(t *testing.T) {
	db := MustOpen(t)
	if _, err := db.Merge(context.Background(), db.Path()); annotate.ErrorCode(err) != annotate.EINVALID {
		t.Fatalf("merge with itself: %v", err)
	}
}

func TestMergeIndependentProjects(t *testing.T) {
	// Two researchers who imported the same articles and built the same
	// codebook on their own: every id differs, texts and names match.
	ctx := context.Background()
	for seed := int64(300); seed < 306; seed++ {
		r := rand.New(rand.NewSource(seed))
		var files []string
		for _, name := range []string{"Ada", "Ben"} {
			dir := t.TempDir()
			p := base(t, dir)
			db := openAs(t, p, name)
			act(t, db, r, 10+r.Intn(15))
			db.Close()
			files = append(files, p)
		}
		dir := t.TempDir()
		ab := merged(t, dir, "ab.gloss", files[0], files[1])
		ba := merged(t, dir, "ba.gloss", files[1], files[0])
		if c1, c2 := contentOf(t, ab), contentOf(t, ba); c1 != c2 {
			t.Fatalf("seed %d: merge(a, b) != merge(b, a):\n%s", seed, diff(c1, c2))
		}
		db, err := storage.Open(ab)
		if err != nil {
			t.Fatal(err)
		}
		docs, _ := db.Documents(ctx, annotate.DocumentFilter{})
		tags, _ := db.Tags(ctx)
		db.Close()
		seen := map[string]bool{}
		for _, d := range docs {
			if seen[d.Hash] {
				t.Fatalf("seed %d: document %q twice", seed, d.Title)
			}
			seen[d.Hash] = true
		}
		names := map[string]bool{}
		for _, tg := range tags {
			if names[strings.ToLower(tg.Name)] {
				t.Fatalf("seed %d: tag %q twice", seed, tg.Name)
			}
			names[strings.ToLower(tg.Name)] = true
		}
		if !names["cyber red lines"] || !names["ambassadors"] {
			t.Fatalf("seed %d: codebook %v", seed, names)
		}
	}
}

func TestMergeKeepsPassagesWhoseTagsWereDeleted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b := base(t, dir)
	ada, ben := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, b, ada)
	copyFile(t, b, ben)
	db := openAs(t, ben, "Ben")
	hr, err := db.TagByName(ctx, "Human rights")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := db.Documents(ctx, annotate.DocumentFilter{})
	var navalny *annotate.Document
	for _, d := range docs {
		if d.Title == "Navalny" {
			navalny, _ = db.Document(ctx, d.ID)
		}
	}
	p := MustPassage(t, db, navalny, "American human rights failures", hr.ID)
	db.Close()
	db = openAs(t, ada, "Ada")
	if err := db.DeleteTag(ctx, hr.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, c := range []struct{ into, from string }{{ada, ben}, {ben, ada}} {
		out := merged(t, t.TempDir(), "m.gloss", c.into)
		db := openAs(t, out, "Ada")
		rep, err := db.Merge(ctx, c.from)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Passage(ctx, p.ID)
		db.Close()
		if err != nil || len(got.Tags) != 0 || rep.PassagesUntagged != 1 {
			t.Fatalf("merging %s into %s: passage %+v, %v, %d untagged; want Ben's passage kept, untagged, and reported",
				filepath.Base(c.from), filepath.Base(c.into), got, err, rep.PassagesUntagged)
		}
	}
}

func TestMergeRefusesForgedTimes(t *testing.T) {
	dir := t.TempDir()
	f := colleagues(t, dir, 11, "Ada", "Ben")
	// A time past the fixed-width form would win every last-writer comparison.
	// A time from the far future would win against every later change.
	for _, forged := range []struct{ at, want string }{
		{"9999-99-99T99:99:99.999999Z~", "not of the form"},
		{"2099-01-01T00:00:00.000000Z", "more than a day ahead"},
	} {
		theirs := filepath.Join(t.TempDir(), "forged.gloss")
		copyFile(t, f[1], theirs)
		alter(t, theirs, `UPDATE tags SET updated_at = '`+forged.at+`' WHERE rowid = 1`)
		before := rowsOf(t, f[0])
		db, err := storage.Open(f[0])
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Merge(context.Background(), theirs)
		db.Close()
		if err == nil || !strings.Contains(err.Error(), theirs) || !strings.Contains(err.Error(), forged.want) {
			t.Fatalf("merge with the time %s: %v", forged.at, err)
		}
		if rowsOf(t, f[0]) != before {
			t.Fatal("a refused merge changed our file")
		}
	}
}
