//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gloss/annotate"
)

// TestCodingArabic codes an Arabic article and a mixed one with the mouse.
// On the Arabic line "قمة جنيف ناقشت حقوق الإنسان" the word drawn at the
// right end, found on the screen by OCR, is double-clicked and coded with
// 1: the passage saved must quote that word, the first of the line, and
// not the last (as it did when lines were laid out left to right). Then,
// in an English article, a drag from "Geneva" to "lasted" across an Arabic
// name must save exactly the text between them.
func TestCodingArabic(t *testing.T) {
	d := newDesktop(t, desktopOptions{ocrLang: "ara+eng"})
	project := d.path("rtl.gloss")
	d.gloss("new", project, "--author", d.author)
	d.gloss("import", project, "../docview/testdata/article-ar.txt")

	a := d.launch(project)
	doc := d.document(project, a.await(`^ready (\S+)$`)[1])
	line := "قمة جنيف ناقشت حقوق الإنسان"
	if !strings.Contains(doc.Text, line) {
		t.Fatalf("the article opened first, %q, is not the Arabic one", doc.Title)
	}
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), line, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := "قمة"

	// The line's words as read on the screen, and the one drawn rightmost.
	words, i, j := d.awaitPhrase("جنيف ناقشت حقوق")
	var right word
	for _, w := range words {
		if w.line == words[i].line && w.box.Max.X > right.box.Max.X {
			right = w
		}
	}
	if right.text != first {
		t.Logf("the word drawn rightmost reads %q", right.text)
	}
	if right.box.Max.X <= words[i].box.Max.X || right.box.Max.X <= words[j].box.Max.X {
		t.Fatalf("no word right of %q on the line: %s", phrase(words, i, j), screenText(words))
	}
	d.doubleClick(right.center())
	a.await(fmt.Sprintf(`^selection %d %d$`, start, start+len([]rune(first))))
	d.key("1")
	m := a.await(`^passage (\S+) (\d+) (\d+)$`)
	if m[2] != fmt.Sprint(start) || m[3] != fmt.Sprint(start+len([]rune(first))) {
		t.Fatalf("coded [%s, %s), want the first word of [%d, %d)", m[2], m[3], start, end)
	}
	d.saveArtifact("e2e-rtl.png")
	a.quit()

	// An English article quoting Arabic: a drag from "Geneva" to "lasted"
	// crosses an Arabic name drawn right to left.
	mixedProject := d.path("mixed.gloss")
	d.gloss("new", mixedProject, "--author", d.author)
	d.gloss("import", mixedProject, "../docview/testdata/article-mixed.txt")
	a = d.launch(mixedProject)
	mixed := d.document(mixedProject, a.await(`^ready (\S+)$`)[1])
	dragged := "Geneva (قمة جنيف) lasted"
	ms, me, err := annotate.FindQuote(annotate.NewText(mixed.Text), dragged, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The English words are found on the screen; the Arabic between them
	// is not asked of OCR, which orders mixed words its own way.
	words, _, _ = d.awaitPhrase("The summit in Geneva")
	_, from := d.findPhrase(words, "The summit in Geneva")
	to, _ := d.findPhrase(words, "lasted four hours,")
	if to.line != from.line {
		t.Fatalf("%q and %q are not on one line: %s", "Geneva", "lasted", screenText(words))
	}
	text := annotate.NewText(mixed.Text)
	d.drag(from.start(), to.end(), func() {
		a.awaitFunc(fmt.Sprintf("the selection of [%d, %d) %q", ms, me, dragged), func(ev string) bool {
			var s, e int
			if _, err := fmt.Sscanf(ev, "selection %d %d", &s, &e); err != nil {
				return false
			}
			return s == ms && e >= me && strings.TrimSpace(text.Slice(me, e)) == ""
		})
	})
	read := from.text + " … " + to.text
	d.key("2")
	m = a.await(`^passage (\S+) (\d+) (\d+)$`)
	if m[2] != fmt.Sprint(ms) || m[3] != fmt.Sprint(me) {
		t.Fatalf("the drag coded [%s, %s), want [%d, %d) %q", m[2], m[3], ms, me, dragged)
	}
	a.quit()

	for _, c := range []struct{ project, quote, read string }{
		{project, first, right.text},
		{mixedProject, dragged, read},
	} {
		db := d.open(c.project)
		ps, err := db.Passages(context.Background(), annotate.PassageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 1 || ps[0].Quote != c.quote {
			t.Errorf("%s: saved %v, want one passage quoting %q (the screen read %q)", c.project, ps, c.quote, c.read)
		}
	}
}
