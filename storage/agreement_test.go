package storage_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"gloss/annotate"
	"gloss/storage"
)

const article4 = "Ukraine hoped the summit would bring more than words; Kyiv watched closely.\n"

// TestAgreementOverWhatBothHad has Ben code his copy of Ada's project while
// Ada adds an article and a code he never had, then compares them on the
// merged file.
func TestAgreementOverWhatBothHad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	basePath := base(t, dir)
	adaPath, benPath := filepath.Join(dir, "ada.gloss"), filepath.Join(dir, "ben.gloss")
	copyFile(t, basePath, adaPath)
	copyFile(t, basePath, benPath)

	ben := openAs(t, benPath, "Ben")
	docs := byTitle(t, ben)
	tags := tagsByName(t, ben)
	MustPassage(t, ben, docs["Summit"], "ambassadors would return", tags["Ambassadors"].ID)
	MustPassage(t, ben, docs["Cyber"], "16 critical infrastructure entities", tags["Cyber red lines"].ID)
	MustPassage(t, ben, docs["Navalny"], "American human rights failures", tags["Human rights"].ID)
	ben.Close()

	ada := openAs(t, adaPath, "Ada")
	defer ada.Close()
	ukraine := MustDocument(t, ada, "Ukraine", article4)
	sanctions := MustTag(t, ada, "Sanctions")
	MustPassage(t, ada, ukraine, "Kyiv watched closely", tags["Cyber red lines"].ID)
	MustPassage(t, ada, docs["Summit"], "Vladimir Putin", sanctions.ID)
	if _, err := ada.Merge(ctx, benPath); err != nil {
		t.Fatal(err)
	}

	rep, err := ada.CodingAgreement(ctx, "Ada", "Ben")
	if err != nil {
		t.Fatal(err)
	}
	shared := int64(utf8.RuneCountInString(article) + utf8.RuneCountInString(article2) + utf8.RuneCountInString(article3))
	if rep.Documents != 3 || rep.Characters != shared {
		t.Fatalf("compared %d documents, %d characters; want the 3 both had, %d characters", rep.Documents, rep.Characters, shared)
	}
	if !slices.Equal(rep.DocumentsOnlyA, []string{"Ukraine"}) || rep.DocumentsOnlyB != nil {
		t.Fatalf("documents only one had: Ada %q, Ben %q", rep.DocumentsOnlyA, rep.DocumentsOnlyB)
	}
	if !slices.Equal(rep.TagsOnlyA, []string{"Sanctions"}) || rep.TagsOnlyB != nil {
		t.Fatalf("codes only one had: Ada %q, Ben %q", rep.TagsOnlyA, rep.TagsOnlyB)
	}
	rows := map[string]storage.AgreementRow{}
	for _, r := range rep.Rows {
		rows[r.Tag] = r
		if r.Total() != shared {
			t.Errorf("%s compares %d characters, want %d", r.Tag, r.Total(), shared)
		}
	}
	if len(rows) != 3 {
		t.Fatalf("rows %+v; want the three codes both had", rep.Rows)
	}
	// Ada's coding of the article Ben never had is not a disagreement.
	if c := rows["Cyber red lines"]; c.Both != 35 || c.OnlyA != 0 || c.OnlyB != 0 || c.Percent != 100 {
		t.Errorf("Cyber red lines: %+v; want full agreement on 35 characters", c.TagAgreement)
	}
	if a := rows["Ambassadors"]; a.Both != 24 || a.OnlyA != 15 || a.OnlyB != 0 {
		t.Errorf("Ambassadors: %+v; want 24 both, 15 only Ada", a.TagAgreement)
	}
	if h := rows["Human rights"]; h.Both != 0 || h.OnlyB != 30 || h.OnlyA != 0 {
		t.Errorf("Human rights: %+v; want 30 only Ben", h.TagAgreement)
	}
	if _, err := ada.CodingAgreement(ctx, "Ada", "Zoe"); err == nil {
		t.Fatal("an unknown researcher was compared")
	}
}

// byTitle returns a project's live documents by title.
func byTitle(t testing.TB, db *storage.DB) map[string]*annotate.Document {
	t.Helper()
	docs, err := db.Documents(context.Background(), annotate.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*annotate.Document{}
	for _, d := range docs {
		full, err := db.Document(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		m[d.Title] = full
	}
	return m
}

// tagsByName returns a project's live tags by name.
func tagsByName(t testing.TB, db *storage.DB) map[string]*annotate.Tag {
	t.Helper()
	tags, err := db.Tags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*annotate.Tag{}
	for _, tg := range tags {
		m[tg.Name] = tg
	}
	return m
}
