//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/assets"
)

// TestCodingWithMouseAndKeys codes three passages as a researcher would: a
// whole sentence across several lines (dragged from its first word to its
// last) pressed 1, a phrase inside a line pressed 3, and a word
// double-clicked and coded with a new code typed in "New code…". What is
// saved must quote exactly the words the screen shows, with the codes the
// keys and the typing name, by the researcher.
func TestCodingWithMouseAndKeys(t *testing.T) {
	d := newDesktop(t, desktopOptions{})
	project := d.path("x.gloss")
	d.gloss("new", project, "--samples", "--author", d.author)
	codes, err := assets.Codebook()
	if err != nil {
		t.Fatal(err)
	}

	a := d.launch(project)
	doc := d.document(project, a.await(`^ready (\S+)$`)[1])
	// The first paragraph of the article opened first is one sentence.
	sentence, _, _ := strings.Cut(doc.Text, "\n")
	phrase := "ambassadors would return to their posts."
	if !strings.Contains(doc.Text, phrase) {
		t.Fatalf("%q is not in %q", phrase, doc.Title)
	}

	type coded struct {
		read, tag  string
		start, end int
	}
	var want []coded
	for _, step := range []struct {
		text, key string
		code      int
	}{
		{sentence, "1", 0},
		{phrase, "3", 2},
	} {
		read, s, e := d.selectPhrase(a, doc, step.text)
		d.key(step.key)
		m := a.await(`^passage (\S+) (\d+) (\d+)$`)
		if m[2] != fmt.Sprint(s) || m[3] != fmt.Sprint(e) {
			t.Fatalf("pressing %s coded [%s, %s), want [%d, %d) %q", step.key, m[2], m[3], s, e, step.text)
		}
		want = append(want, coded{read, codes[step.code].Name, s, e})
	}

	// A word double-clicked, coded with a code typed on the spot.
	word := "mansion"
	s, e, err := annotate.FindQuote(annotate.NewText(doc.Text), word, 0)
	if err != nil {
		t.Fatal(err)
	}
	words, i, _ := d.awaitPhrase("a " + word + " overlooking")
	d.doubleClick(words[i+1].center())
	a.await(fmt.Sprintf(`^selection %d %d$`, s, e))
	_, field := d.findPhrase(words, "New code...")
	d.click(field.center())
	d.typeText("Venues")
	d.key("Return")
	m := a.await(`^passage (\S+) (\d+) (\d+)$`)
	if m[2] != fmt.Sprint(s) || m[3] != fmt.Sprint(e) {
		t.Fatalf("the new code coded [%s, %s), want [%d, %d) %q", m[2], m[3], s, e, word)
	}
	want = append(want, coded{words[i+1].text, "Venues", s, e})

	d.saveArtifact("e2e.png")
	a.quit()

	db := d.open(project)
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != len(want) {
		t.Fatalf("%d passages saved, want %d", len(ps), len(want))
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Start < ps[j].Start })
	sort.Slice(want, func(i, j int) bool { return want[i].start < want[j].start })
	for i, p := range ps {
		w := want[i]
		if normalize(p.Quote) != normalize(w.read) {
			t.Errorf("passage %d quotes %q; the screen read %q", i+1, p.Quote, w.read)
		}
		if p.Start != w.start || p.End != w.end {
			t.Errorf("passage %d is [%d, %d), want [%d, %d)", i+1, p.Start, p.End, w.start, w.end)
		}
		tag, err := db.Tag(context.Background(), p.Tags[0])
		if err != nil || len(p.Tags) != 1 || tag.Name != w.tag {
			t.Errorf("passage %d is coded %v (%v), want %q", i+1, p.Tags, err, w.tag)
		}
		if p.Author != d.author || p.DocumentID != doc.ID {
			t.Errorf("passage %d is by %q in %s, want by %q in %s", i+1, p.Author, p.DocumentID, d.author, doc.ID)
		}
	}
}
