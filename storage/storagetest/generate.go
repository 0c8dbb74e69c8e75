package storagetest

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"unicode/utf8"

	"gloss/annotate"
	"gloss/storage"
)

// The size of the project Generate writes.
const (
	BigDocuments = 1000
	BigPassages  = 100000
	BigTags      = 20
)

// Generate writes the project the benchmarks measure Gloss at scale on:
// BigDocuments documents of varied sentences, each sentence ending in a
// marker "(D.S)" (document and sentence), BigPassages passages of one
// sentence each with one or two of BigTags codes, and a note on every
// tenth passage, all by author. The same seed makes the same project
// every time. It returns the ID of the first code.
func Generate(path, author string) (string, error) {
	ctx := context.Background()
	db, err := storage.Create(path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetAuthor(author)
	rng := rand.New(rand.NewSource(1))
	var tags []string
	for i := 0; i < BigTags; i++ {
		t := &annotate.Tag{Name: fmt.Sprintf("Code %02d", i), Color: annotate.Palette[i%len(annotate.Palette)]}
		if err := db.CreateTag(ctx, t); err != nil {
			return "", err
		}
		tags = append(tags, t.ID)
	}
	words := strings.Fields("the summit in Geneva leaders agreed ambassadors would return to their posts cyber attacks on critical infrastructure human rights Navalny strategic stability talks arms control election interference Ukraine cooperation expectations were low")
	perDoc := BigPassages / BigDocuments
	for d := 0; d < BigDocuments; d++ {
		var sb strings.Builder
		var sentences [][2]int
		runes := 0 // of sb
		write := func(s string) {
			sb.WriteString(s)
			runes += utf8.RuneCountInString(s)
		}
		for s := 0; s < perDoc+5; s++ {
			start := runes
			n := 8 + rng.Intn(12)
			for w := 0; w < n; w++ {
				if w > 0 {
					write(" ")
				}
				write(words[rng.Intn(len(words))])
			}
			write(fmt.Sprintf(" (%d.%d).", d, s))
			sentences = append(sentences, [2]int{start, runes})
			write(" ")
			if s%5 == 4 {
				write("\n\n")
			}
		}
		doc := &annotate.Document{Title: fmt.Sprintf("Article %04d", d), Outlet: "Wire", Text: sb.String()}
		if _, err := db.CreateDocument(ctx, doc); err != nil {
			return "", err
		}
		t := annotate.NewText(doc.Text)
		var ps []*annotate.Passage
		for i := 0; i < perDoc; i++ {
			r := sentences[i]
			p := &annotate.Passage{DocumentID: doc.ID, Start: r[0], End: r[1], Quote: t.Slice(r[0], r[1]),
				Tags: []string{tags[rng.Intn(len(tags))]}}
			if extra := tags[rng.Intn(len(tags))]; rng.Intn(4) == 0 && extra != p.Tags[0] {
				p.Tags = append(p.Tags, extra)
			}
			if i%10 == 0 {
				p.Note.Text = "Compare with the other outlets' account."
			}
			ps = append(ps, p)
		}
		if err := db.CreatePassages(ctx, ps); err != nil {
			return "", err
		}
	}
	return tags[0], nil
}
