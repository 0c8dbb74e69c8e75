package storage_test

import (
	"context"
	"strings"
	"testing"

	"gloss/annotate"
	"gloss/assets"
	"gloss/storage"
)

// summit is the sample articles with the seed codebook, a sub-code and
// passages by two researchers where codes overlap, as in a real project:
// five "Cyber red lines" passages, of which two co-occur with "Human
// rights" (one by overlapping, one on the same passage).
type summit struct {
	db   *storage.DB
	docs []*annotate.Document // in the samples' order
	tags map[string]*annotate.Tag
	p    map[string]*annotate.Passage // by letter, see newSummit
}

func newSummit(t testing.TB) *summit {
	t.Helper()
	ctx := context.Background()
	s := &summit{db: MustOpen(t), tags: map[string]*annotate.Tag{}, p: map[string]*annotate.Passage{}}
	codes, err := assets.Codebook()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		tag := &annotate.Tag{Name: c.Name, Color: c.Color, Description: c.Description}
		if err := s.db.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
		s.tags[c.Name] = tag
	}
	ransom := &annotate.Tag{Name: "Ransomware", Color: "#808000", ParentID: s.tags["Cyber red lines"].ID}
	if err := s.db.CreateTag(ctx, ransom); err != nil {
		t.Fatal(err)
	}
	s.tags[ransom.Name] = ransom
	samples, err := assets.Samples()
	if err != nil {
		t.Fatal(err)
	}
	for _, smp := range samples {
		d := &annotate.Document{Title: smp.Title, Outlet: smp.Outlet, Published: smp.Published, Source: smp.File,
			Text: strings.ReplaceAll(string(smp.Data), "\r\n", "\n")}
		if _, err := s.db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		s.docs = append(s.docs, d)
	}
	for _, p := range []struct {
		key, author string
		doc         int
		quote       string
		tags        []string
	}{
		{"a", "Ada", 0, "cyberattacks with Putin, including 16 pieces of infrastructure", []string{"Cyber red lines"}},
		{"b", "Ben", 0, "raised human rights and cyberattacks", []string{"Human rights"}},
		{"c", "Ada", 0, "harboring of cyber criminals", []string{"Cyber red lines"}},
		{"k", "Ada", 0, "crackdown on dissidents", []string{"Navalny & dissidents"}},
		{"d", "Ada", 0, "ambassadors would return to their posts", []string{"Ambassadors"}},
		{"e", "Ben", 1, "malicious cyberattacks by Russian-based hackers on US interests", []string{"Cyber red lines"}},
		{"j", "Ada", 1, "a disregard for democracy with the jailing of Russia’s foremost opposition leader", []string{"Human rights"}},
		{"f", "Ada", 1, "Russia-based hackers have launched crippling attacks on a major US oil pipeline", []string{"Cyber red lines"}},
		{"g", "Ben", 1, "crippling attacks on a major US oil pipeline", []string{"Ransomware"}},
		{"h", "Ada", 3, "Russia’s state-sponsored cyberattacks, the Kremlin's poisoning and jailing of opposition Alexei Navalny and human rights", []string{"Cyber red lines", "Human rights"}},
		{"i", "Ben", 3, "the two ambassadors to their posts", []string{"Ambassadors"}},
	} {
		s.db.SetAuthor(p.author)
		var ids []string
		for _, n := range p.tags {
			ids = append(ids, s.tags[n].ID)
		}
		s.p[p.key] = MustPassage(t, s.db, s.docs[p.doc], p.quote, ids...)
	}
	s.db.SetAuthor("Ada")
	return s
}

// letters names passages by their letters, in listing order.
func (s *summit) letters(ps []*annotate.Passage) string {
	var out []string
	for _, p := range ps {
		for k, q := range s.p {
			if q.ID == p.ID {
				out = append(out, k)
			}
		}
	}
	return strings.Join(out, "")
}

func (s *summit) refLetters(refs []storage.PassageRef) string {
	var out []string
	for _, r := range refs {
		for k, q := range s.p {
			if q.ID == r.ID {
				out = append(out, k)
			}
		}
	}
	return strings.Join(out, "")
}
