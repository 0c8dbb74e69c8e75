package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// The tests here damage a file the ways the check finds by a shortcut
// (a count before the scan, a time the row's created_at stands for, the
// passage counts read from tag_spans) and expect each problem as the
// row-by-row rules word it, once.

// TestCheckTagsOnMissingPassages has tags on passages that are not in the
// file: the count of passages named tells them, the scan words each.
func TestCheckTagsOnMissingPassages(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	MustPassage(t, db, doc, "ambassadors", tag.ID)
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("healthy project: %q, %v", problems, err)
	}
	raw := rawOpen(t, db.Path())
	missing := func(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }
	if _, err := raw.Exec(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
		SELECT ?, tag_id, author_id, created_at, updated_at FROM passage_tags LIMIT 1`, missing(1)); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := "code on passage " + missing(1) + " (code " + tag.ID + "): its passage " + missing(1) + " is not in the file"
	if len(problems) != 1 || problems[0] != want {
		t.Fatalf("problems = %q; want [%q]", problems, want)
	}
	// Beyond 20, the rest are counted.
	for i := 2; i <= 25; i++ {
		if _, err := raw.Exec(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
			SELECT ?, tag_id, author_id, created_at, updated_at FROM passage_tags LIMIT 1`, missing(i)); err != nil {
			t.Fatal(err)
		}
	}
	problems, err = db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 21 || problems[0] != want || problems[20] != "5 more codes on passages break the same rule" {
		t.Fatalf("problems = %q", problems)
	}
}

// TestCheckTimesLikeCreatedAt damages updated_at where it is the row's
// created_at and where it is not: each bad time is named, whichever
// column holds it.
func TestCheckTimesLikeCreatedAt(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	raw := rawOpen(t, db.Path())
	for _, tc := range []struct {
		name, alter string
		want        []string
	}{
		{"both the same bad time", `UPDATE passages SET created_at = '2021-06-16 12:00:00', updated_at = '2021-06-16 12:00:00'`, []string{
			`passage ` + p.ID + `: created_at: the time "2021-06-16 12:00:00" is not of the form 2006-01-02T15:04:05.000000Z`,
			`passage ` + p.ID + `: updated_at: the time "2021-06-16 12:00:00" is not of the form 2006-01-02T15:04:05.000000Z`,
		}},
		{"updated_at bad only", `UPDATE passages SET created_at = '2021-06-16T12:00:00.000000Z', updated_at = '2021-06-31T12:00:00.000000Z'`, []string{
			`passage ` + p.ID + `: updated_at: the time "2021-06-31T12:00:00.000000Z" is not of the form 2006-01-02T15:04:05.000000Z`,
		}},
		{"a NUL after a sound time", `UPDATE passages SET created_at = '2021-06-16T12:00:00.000000Z' || char(0) || 'x', updated_at = '2021-06-16T12:00:00.000000Z'`, []string{
			`passage ` + p.ID + `: created_at: the time "2021-06-16T12:00:00.000000Z\x00x" is not of the form 2006-01-02T15:04:05.000000Z`,
		}},
		{"both the same bytes, not text", `UPDATE passage_tags SET created_at = X'35', updated_at = X'35'`, []string{
			`code on passage ` + p.ID + ` (code ` + tag.ID + `): created_at: the time "5" is not of the form 2006-01-02T15:04:05.000000Z`,
			`code on passage ` + p.ID + ` (code ` + tag.ID + `): updated_at: the time "5" is not of the form 2006-01-02T15:04:05.000000Z`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := raw.Exec(tc.alter); err != nil {
				t.Fatal(err)
			}
			problems, err := db.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(problems, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("problems = %q; want %q", problems, tc.want)
			}
			if _, err := raw.Exec(`UPDATE passages SET created_at = '2021-06-16T12:00:00.000000Z', updated_at = '2021-06-16T12:00:00.000000Z'`); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`UPDATE passage_tags SET created_at = '2021-06-16T12:00:00.000000Z', updated_at = '2021-06-16T12:00:00.000000Z'`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestCheckCountsWhenSpansDiffer has tag_spans out of step with the
// passages while the passage counts are right: the counts are still
// compared with what the passages make (2), not with tag_spans (1).
func TestCheckCountsWhenSpansDiffer(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	doc := MustDocument(t, db, "Summit", article)
	tag := MustTag(t, db, "Ambassadors")
	p := MustPassage(t, db, doc, "ambassadors", tag.ID)
	MustPassage(t, db, doc, "Vladimir Putin", tag.ID)
	raw := rawOpen(t, db.Path())
	if _, err := raw.Exec(`DELETE FROM tag_spans WHERE passage_id = ?`, p.ID); err != nil {
		t.Fatal(err)
	}
	problems, err := db.Check(ctx)
	if err != nil || len(problems) != 1 || problems[0] != "1 live applications of a code are missing from tag_spans or stand at another place" {
		t.Fatalf("a span missing: %q, %v", problems, err)
	}
	// The span at another place: missing where the passage stands, and
	// of no application where it is.
	if _, err := raw.Exec(`INSERT INTO tag_spans (tag_id, document_id, start_offset, end_offset, passage_id, author_id)
		SELECT pt.tag_id, p.document_id, p.start_offset, p.end_offset + 1, p.id, p.author_id FROM passage_tags pt JOIN passages p ON p.id = pt.passage_id
		WHERE p.id = ?`, p.ID); err != nil {
		t.Fatal(err)
	}
	problems, err = db.Check(ctx)
	if err != nil || len(problems) != 2 || problems[0] != "1 live applications of a code are missing from tag_spans or stand at another place" ||
		problems[1] != "1 rows of tag_spans are of no live application of a code" {
		t.Fatalf("a span at another place: %q, %v", problems, err)
	}
	// The counts wrong as well: named with what the passages make.
	if _, err := raw.Exec(`UPDATE tag_document_counts SET n = 5`); err != nil {
		t.Fatal(err)
	}
	problems, err = db.Check(ctx)
	want := "passage count of code " + tag.ID + " in document " + doc.ID + ": it is 5, the passages make it 2"
	if err != nil || len(problems) != 3 || problems[0] != want {
		t.Fatalf("counts wrong too: %q, %v; want %q first", problems, err, want)
	}
	mustNil(t, db.RebuildAnalysisCounts(ctx))
	if problems, err := db.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("after rebuilding: %q, %v", problems, err)
	}
	// tag_spans right, the counts wrong: read from tag_spans, the same.
	if _, err := raw.Exec(`UPDATE tag_document_counts SET n = 1`); err != nil {
		t.Fatal(err)
	}
	problems, err = db.Check(ctx)
	want = "passage count of code " + tag.ID + " in document " + doc.ID + ": it is 1, the passages make it 2"
	if err != nil || len(problems) != 1 || problems[0] != want {
		t.Fatalf("counts wrong: %q, %v; want %q", problems, err, want)
	}
}
