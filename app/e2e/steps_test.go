//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"

	"gloss/annotate"
	"gloss/storage"
)

// document reads a document from the project with storage (the app may be
// running: the project is opened for this read only).
func (d *desktop) document(project, id string) *annotate.Document {
	d.t.Helper()
	db, err := storage.Open(project)
	if err != nil {
		d.t.Fatal(err)
	}
	defer db.Close()
	doc, err := db.Document(context.Background(), id)
	if err != nil {
		d.t.Fatal(err)
	}
	return doc
}

// selectPhrase finds p on the screen and drags across it, from just
// inside its first letter to just past its last, then waits until the app
// reports the selection of exactly that text in doc (trailing white space
// aside). It returns what the screen reads there and the range selected.
func (d *desktop) selectPhrase(a *app, doc *annotate.Document, p string) (read string, start, end int) {
	t := d.t
	t.Helper()
	text := annotate.NewText(doc.Text)
	start, end, err := annotate.FindQuote(text, p, 0)
	if err != nil {
		t.Fatalf("%q in %q: %v", p, doc.Title, err)
	}
	words, i, j := d.awaitPhrase(p)
	d.drag(words[i].start(), words[j].end(), func() {
		a.awaitFunc(fmt.Sprintf("the selection of [%d, %d) %q", start, end, p), func(ev string) bool {
			var s, e int
			if _, err := fmt.Sscanf(ev, "selection %d %d", &s, &e); err != nil {
				return false
			}
			return s == start && e >= end && strings.TrimSpace(text.Slice(end, e)) == ""
		})
	})
	return phrase(words, i, j), start, end
}
