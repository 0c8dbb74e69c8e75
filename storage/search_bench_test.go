package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/storage"
)

// seedArticles reads the sample articles.
func seedArticles(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob("../export/ingest/testdata/seeds/*.txt")
	if len(files) == 0 {
		tb.Fatal("no seed articles in ../export/ingest/testdata/seeds")
	}
	var arts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, string(b))
	}
	return arts
}

// variedArticle makes the i-th variation of the seed articles: paragraphs
// shuffled, some dropped, a dateline and a few words changed, so that every
// document is distinct and the vocabulary grows with the corpus.
func variedArticle(arts []string, i int, rng *rand.Rand) string {
	paras := strings.Split(strings.TrimSpace(arts[i%len(arts)]), "\n")
	rng.Shuffle(len(paras), func(a, b int) { paras[a], paras[b] = paras[b], paras[a] })
	cities := []string{"Geneva", "Moscow", "Washington", "Brussels", "Kyiv", "Vienna", "Helsinki"}
	var b strings.Builder
	fmt.Fprintf(&b, "%s, dispatch %d — correspondent%d reports.\n", cities[i%len(cities)], i, i%97)
	for k, p := range paras {
		if k > 0 && rng.Intn(8) == 0 {
			continue
		}
		if rng.Intn(3) == 0 {
			p = strings.Replace(p, "the", fmt.Sprintf("the term%d", rng.Intn(5000)), 1)
		}
		b.WriteString(p)
		b.WriteString("\n")
	}
	return b.String()
}

// bulkProject makes a project of n varied documents, written in one
// transaction through a plain connection (the triggers index them as the
// services would), and returns it open.
func bulkProject(b *testing.B, n int) (*storage.DB, []string) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.gloss")
	db, err := storage.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	db.SetAuthor("Ada")
	MustTag(b, db, "Bootstrap") // records the author
	raw, err := sql.Open("sqlite3", path+"?_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	arts := seedArticles(b)
	rng := rand.New(rand.NewSource(1))
	var ids []string
	size := 0
	for i := 0; i < n; i++ {
		text := variedArticle(arts, i, rng)
		id := annotate.NewID()
		ids = append(ids, id)
		size += len(text)
		if _, err := tx.Exec(`INSERT INTO documents (id, title, sha256, length, author_id, created_at, updated_at, text)
			VALUES (?, ?, ?, ?, 1, '2021-06-16T12:00:00.000000Z', '2021-06-16T12:00:00.000000Z', ?)`,
			id, fmt.Sprintf("Dispatch %04d", i), annotate.HashText(text), len([]rune(text)), text); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d documents, %.1f MB of text", n, float64(size)/1e6)
	return db, ids
}

// BenchmarkSearch searches 1,000 documents (about 5 MB) with FTS5 against a
// LIKE scan that finds the same documents and their first matches.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db, _ := bulkProject(b, 1000)
	for _, q := range []struct{ name, fts, like string }{
		{"word", "ambassadors", "ambassadors"},
		{"phrase", `"human rights"`, "human rights"},
		{"common", "putin", "putin"},
		{"rare", "correspondent42", "correspondent42"},
	} {
		b.Run("fts5/"+q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				res, err := db.Search(ctx, q.fts, storage.SearchOptions{})
				if err != nil || len(res.Hits) == 0 {
					b.Fatalf("search %q: %v", q.fts, err)
				}
			}
		})
		b.Run("like/"+q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if n := likeSearch(b, db.Path(), q.like); n == 0 {
					b.Fatal("like found nothing")
				}
			}
		})
	}
}

// likeSearch is the baseline: a LIKE scan over every text (no ranking, but
// every match, as a results list needs to know how many there are), then up
// to three case-insensitive matches per document located in Go for the
// first 50 documents, as many as Search lists by default.
func likeSearch(b *testing.B, path, q string) int {
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT id, title, text FROM documents WHERE deleted_at IS NULL AND text LIKE '%' || ? || '%'`, q)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	hits, docs := 0, 0
	for rows.Next() {
		var id, title, text string
		rows.Scan(&id, &title, &text)
		if docs++; docs > 50 {
			continue
		}
		t := annotate.NewText(text)
		for k, r := range annotate.NewFinder(text).FindAll(q) {
			if k == 3 {
				break
			}
			annotate.KWIC(t, r[0], r[1], annotate.KWICWidth)
			hits++
		}
	}
	return hits
}

// BenchmarkMatrix counts 100,000 passages per tag and document from the
// counts the triggers maintain, against grouping the passages in SQL and
// against listing them and counting in Go; it also times co-occurrence and
// passages per author on the same project.
func BenchmarkMatrix(b *testing.B) {
	ctx := context.Background()
	db, docs := bulkProject(b, 200)
	var tags []string
	for _, name := range []string{"Cyber red lines", "Human rights", "Ambassadors", "Arms control & strategic stability",
		"Election interference", "Ukraine", "Navalny & dissidents", "Cooperation", "Expectations"} {
		tags = append(tags, MustTag(b, db, name).ID)
	}
	raw, err := sql.Open("sqlite3", db.Path()+"?_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	tx, _ := raw.Begin()
	rng := rand.New(rand.NewSource(2))
	const n = 100000
	for i := 0; i < n; i++ {
		id := annotate.NewID()
		start := rng.Intn(3000)
		if _, err := tx.Exec(`INSERT INTO passages (id, document_id, start_offset, end_offset, quote, provenance, author_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'q', 'auto', 1, '2021-06-16T12:00:00.000000Z', '2021-06-16T12:00:00.000000Z')`,
			id, docs[rng.Intn(len(docs))], start, start+1+rng.Intn(200)); err != nil {
			b.Fatal(err)
		}
		k := rng.Intn(len(tags))
		for j := 0; j <= i%2; j++ { // every other passage has two tags
			if _, err := tx.Exec(`INSERT INTO passage_tags (passage_id, tag_id, author_id, created_at, updated_at)
				VALUES (?, ?, 1, '2021-06-16T12:00:00.000000Z', '2021-06-16T12:00:00.000000Z')`, id, tags[(k+j)%len(tags)]); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	raw.Close()

	total := func(m *annotate.Matrix) int {
		n := 0
		for r := range m.Rows {
			n += m.RowTotal(r)
		}
		return n
	}
	var want int
	b.Run("matrix/maintained-counts", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m, err := db.TagDocumentMatrix(ctx)
			if err != nil {
				b.Fatal(err)
			}
			want = total(m)
		}
	})
	b.Run("matrix/grouped-query", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			m, err := db.TagDocumentMatrixDirect(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if total(m) != want {
				b.Fatalf("grouped query counts %d, the maintained counts %d", total(m), want)
			}
		}
	})
	b.Run("matrix/list-and-count", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ps, err := db.Passages(ctx, annotate.PassageFilter{})
			if err != nil {
				b.Fatal(err)
			}
			counts := map[[2]string]int{}
			total := 0
			for _, p := range ps {
				for _, t := range p.Tags {
					counts[[2]string{t, p.DocumentID}]++
					total++
				}
			}
			if total != want {
				b.Fatalf("counted %d tag applications, the matrix %d", total, want)
			}
		}
	})
	b.Run("cooccurrence", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.TagCooccurrence(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("authors", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := db.AuthorTagMatrix(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
