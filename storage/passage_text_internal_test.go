package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gloss/annotate"
)

// TestTextIndexIsTheSnapshots checks what readText relies on: PRAGMA
// data_version read in a transaction of the text connection stays as it
// was while other connections commit, so an index read in that
// transaction carries the number of the snapshot it read; and the next
// transaction, which sees the commits, reads another number and so a new
// index.
func TestTextIndexIsTheSnapshots(t *testing.T) {
	ctx := context.Background()
	g := newGrove(t, filepath.Join(t.TempDir(), "p.gloss"), "The orange grove. The lemon tree.")
	db := g.db
	defer db.Close()
	add := func(start, end int, quote string) { g.add(t, db, start, end, quote) }
	add(0, 16, "The orange grove")
	var first *textIndex
	err := db.readText(ctx, "orange", func(tx *sql.Tx, x *textIndex) error {
		first = x
		if n := len(x.matches(foldCase("orange"))); n != 1 {
			t.Errorf("%d matches, want 1", n)
		}
		// A commit by the write connection while the transaction reads.
		add(18, 32, "The lemon tree")
		var v int64
		if err := tx.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			return err
		}
		if v != x.version {
			t.Errorf("data_version moved from %d to %d inside one read transaction", x.version, v)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM passages`).Scan(&n); err != nil {
			return err
		}
		if n != 1 {
			t.Errorf("the transaction sees %d passages, want its snapshot's 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.readText(ctx, "lemon", func(tx *sql.Tx, x *textIndex) error {
		if x == first || x.version == first.version {
			t.Errorf("the index of the snapshot before the commit is used after it")
		}
		if n := len(x.matches(foldCase("lemon"))); n != 1 {
			t.Errorf("%d matches, want 1", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.readText(ctx, "tree", func(tx *sql.Tx, x *textIndex) error {
		if x == first {
			t.Errorf("an old index is used")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTextIndexMatchesAsMatchesWords compares the index's search with
// matchesWords, the test of a single text, on texts and needles made of
// letters in two cases and scripts, digits, punctuation and spaces, where
// matches start and end at texts' edges and straddle two texts.
func TestTextIndexMatchesAsMatchesWords(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []string{"a", "A", "b", "é", "É", "σ", "Σ", "ς", " ", ".", "(", "1", "ß", "\u0301", "-"}
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	var texts []string
	var ft foldedTexts
	var all, ids strings.Builder
	for i := 0; i < 400; i++ {
		s := word(1 + rng.Intn(12))
		if i%3 == 0 {
			s = strings.Map(func(r rune) rune { return r % 128 }, s) // ASCII only
		}
		if got := string(appendFolded([]byte("x"), s)); got != "x"+foldCase(s) {
			t.Fatalf("appendFolded(%q) = %q, want %q", s, got[1:], foldCase(s))
		}
		texts = append(texts, s)
		ids.WriteString(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
		all.WriteString(foldCase(s))
		ft.ends = append(ft.ends, all.Len())
		all.WriteByte(0)
	}
	ft.text, ft.ids = all.String(), ids.String()
	for n := 0; n < 300; n++ {
		needle := strings.TrimSpace(word(1 + rng.Intn(3)))
		if needle == "" {
			continue
		}
		folded := foldCase(needle)
		var want []string
		for i, s := range texts {
			if matchesWords(s, folded) {
				want = append(want, ft.ids[i*idLen:(i+1)*idLen])
			}
		}
		var got []string
		ft.match(folded, func(id string) { got = append(got, id) })
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%q: the index finds %d texts, matchesWords %d", needle, len(got), len(want))
		}
	}
}

// TestTextIndexReadsEveryText reads the index of quotes and notes in
// several scripts, and checks that it finds what matchesWords finds in
// every passage's quote and note.
func TestTextIndexReadsEveryText(t *testing.T) {
	ctx := context.Background()
	db, err := Create(filepath.Join(t.TempDir(), "p.gloss"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAuthor("Ada")
	words := []string{"Café", "CAFÉ", "σοφία", "ΣΟΦΊΑ", "naïve", "Genève", "orange", "Orangeade", "straße", "STRASSE", "🙂", "(417.3)"}
	var text strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&text, "%s %s %d. ", words[i%len(words)], words[(i*5+1)%len(words)], i)
	}
	doc := &annotate.Document{Title: "Mixed", Text: text.String()}
	if _, err := db.CreateDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	tag := &annotate.Tag{Name: "All", Color: "#4363d8"}
	if err := db.CreateTag(ctx, tag); err != nil {
		t.Fatal(err)
	}
	at := annotate.NewText(doc.Text)
	var ps []*annotate.Passage
	for i, sentence := range strings.SplitAfter(doc.Text, ". ") {
		q := strings.TrimSpace(sentence)
		if q == "" {
			continue
		}
		start, end, err := annotate.FindQuote(at, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: q, Tags: []string{tag.ID}}
		if i%4 == 1 {
			p.Note.Text = words[(i*7)%len(words)] + " noted"
		}
		ps = append(ps, p)
	}
	if err := db.CreatePassages(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, needle := range append(words, "caf", "ΣΟΦ", "noted", "417", "e", "STRA") {
		folded := foldCase(needle)
		var want []string
		for _, p := range ps {
			if matchesWords(p.Quote, folded) || matchesWords(p.Note.Text, folded) {
				want = append(want, p.ID)
			}
		}
		sort.Strings(want)
		err := db.readText(ctx, needle, func(tx *sql.Tx, x *textIndex) error {
			if got := x.matches(folded); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%q: the index finds %d passages, matchesWords %d", needle, len(got), len(want))
			}
			if len(x.quotes.ends) != len(ps) {
				t.Errorf("the index holds %d quotes, want %d", len(x.quotes.ends), len(ps))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestTextIndexIsReadAgainAfterWrites: once a text filter has been used,
// each of this process's writes has the index read anew in the
// background, so that the next keystroke finds it ready and right; and
// Close waits for such a read.
func TestTextIndexIsReadAgainAfterWrites(t *testing.T) {
	g := newGrove(t, filepath.Join(t.TempDir(), "p.gloss"), "The orange grove. The lemon tree. Orangeade stands.")
	db := g.db
	add := func(start, end int, quote string) { g.add(t, db, start, end, quote) }
	db.waitTextIndex()
	if db.textIndex != nil {
		t.Fatal("an index was read before any text filter")
	}
	add(0, 16, "The orange grove")
	count := func() (int, *textIndex) { return orangeMatches(t, db) }
	if n, _ := count(); n != 1 {
		t.Fatalf("%d matches, want 1", n)
	}
	for i, q := range [][3]any{{18, 32, "The lemon tree"}, {34, 50, "Orangeade stands"}} {
		add(q[0].(int), q[1].(int), q[2].(string))
		db.waitTextIndex()
		db.mu.Lock()
		warmed := db.textIndex
		db.mu.Unlock()
		n, x := count()
		if x != warmed {
			t.Errorf("after write %d, the keystroke read the index itself", i+1)
		}
		if want := 1 + i; n != want {
			t.Errorf("after write %d: %d matches, want %d", i+1, n, want)
		}
	}
	add(18, 22, "The ")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db.waitTextIndex() // Close has waited: nothing is left running
	if !db.textWarm.stopped || db.textWarm.running {
		t.Error("a background read outlived Close")
	}
}

// TestTextIndexIsReadAgainAfterMerge: a merge changes the project as an
// edit does, so once a text filter has been used the index is read anew
// in the background, and the first keystroke after the merge finds the
// colleague's passages without reading it itself.
func TestTextIndexIsReadAgainAfterMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	g := newGrove(t, filepath.Join(dir, "ada.gloss"), "The orange grove. The lemon tree. Orangeade stands.")
	db := g.db
	defer db.Close()
	g.add(t, db, 0, 16, "The orange grove")
	colleague := filepath.Join(dir, "grace.gloss")
	if _, err := db.SaveCopy(ctx, colleague, CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	other, err := Open(colleague)
	if err != nil {
		t.Fatal(err)
	}
	other.SetAuthor("Grace")
	g.add(t, other, 34, 50, "Orangeade stands")
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if n, _ := orangeMatches(t, db); n != 1 {
		t.Fatalf("before the merge: %d matches, want 1", n)
	}
	if _, err := db.Merge(ctx, colleague); err != nil {
		t.Fatal(err)
	}
	db.waitTextIndex()
	db.mu.Lock()
	warmed := db.textIndex
	db.mu.Unlock()
	n, x := orangeMatches(t, db)
	if x != warmed {
		t.Error("after the merge, the keystroke read the index itself")
	}
	if n != 2 {
		t.Errorf("after the merge: %d matches, want 2", n)
	}
}

// grove is a project of one document and one tag, Ada's, for the text
// index's tests.
type grove struct {
	db  *DB
	doc *annotate.Document
	tag *annotate.Tag
}

// newGrove creates the project at path with text as its document.
func newGrove(t *testing.T, path, text string) *grove {
	t.Helper()
	ctx := context.Background()
	db, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetAuthor("Ada")
	g := &grove{db: db, doc: &annotate.Document{Title: "Grove", Text: text}, tag: &annotate.Tag{Name: "Fruit", Color: "#4363d8"}}
	if _, err := db.CreateDocument(ctx, g.doc); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTag(ctx, g.tag); err != nil {
		t.Fatal(err)
	}
	return g
}

// add codes the range with the grove's tag in db (the grove's project or
// a copy of it).
func (g *grove) add(t *testing.T, db *DB, start, end int, quote string) {
	t.Helper()
	p := &annotate.Passage{DocumentID: g.doc.ID, Start: start, End: end, Quote: quote, Tags: []string{g.tag.ID}}
	if err := db.CreatePassage(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

// orangeMatches filters db's passages for "orange" through the text index
// and returns the count and the index used.
func orangeMatches(t *testing.T, db *DB) (n int, x *textIndex) {
	t.Helper()
	if err := db.readText(context.Background(), "orange", func(_ *sql.Tx, ix *textIndex) error {
		n, x = len(ix.matches(foldCase("orange"))), ix
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n, x
}
