package storage_test

import (
	"context"
	"testing"

	"gloss/annotate"
)

func TestAnalysis(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	axios := MustDocument(t, db, "Axios", "Biden raised human rights and cyberattacks with Putin. The ambassadors return.")
	reuters := MustDocument(t, db, "Reuters", "Navalny was discussed. Ransomware too. Gone text.")
	rights := MustTag(t, db, "Human rights")
	cyber := MustTag(t, db, "Cyber")
	amb := MustTag(t, db, "Ambassadors")
	unused := MustTag(t, db, "Unused")

	MustPassage(t, db, axios, "Biden raised human rights", rights.ID)
	MustPassage(t, db, axios, "human rights and cyberattacks", cyber.ID) // overlaps the one above
	MustPassage(t, db, axios, "ambassadors", amb.ID, rights.ID)          // two tags
	MustPassage(t, db, reuters, "Navalny", rights.ID)
	db.SetAuthor("Bo")
	MustPassage(t, db, reuters, "Ransomware", cyber.ID)
	gone := MustPassage(t, db, reuters, "Gone text", cyber.ID, amb.ID)
	if err := db.DeletePassage(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	m, err := db.TagDocumentMatrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 4 || m.Rows[0].ID != rights.ID || len(m.Cols) != 2 || m.Cols[0].ID != axios.ID {
		t.Fatalf("matrix rows %v, cols %v", m.Rows, m.Cols)
	}
	for _, c := range []struct {
		tag, doc string
		n        int
	}{
		{rights.ID, axios.ID, 2}, {rights.ID, reuters.ID, 1}, {cyber.ID, axios.ID, 1}, {cyber.ID, reuters.ID, 1},
		{amb.ID, axios.ID, 1}, {amb.ID, reuters.ID, 0}, {unused.ID, axios.ID, 0},
	} {
		if got := m.At(c.tag, c.doc); got != c.n {
			t.Errorf("matrix[%s][%s] = %d, want %d", c.tag, c.doc, got, c.n)
		}
	}
	if m.RowTotal(0) != 3 {
		t.Errorf("Human rights total = %d, want 3", m.RowTotal(0))
	}
	// A cell's passages are what the passage list shows for its filter.
	ps, err := db.Passages(ctx, annotate.PassageFilter{TagIDs: []string{rights.ID}, DocumentIDs: []string{axios.ID}})
	if err != nil || len(ps) != m.At(rights.ID, axios.ID) {
		t.Errorf("cell filter lists %d passages, cell says %d (%v)", len(ps), m.At(rights.ID, axios.ID), err)
	}

	co, err := db.TagCooccurrence(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Human rights × Cyber: the overlapping pair in Axios. Human rights ×
	// Ambassadors: the passage with both. Cyber × Ambassadors: only the
	// deleted passage had both.
	if co.At(rights.ID, cyber.ID) != 1 || co.At(rights.ID, amb.ID) != 1 || co.At(cyber.ID, amb.ID) != 0 || co.At(rights.ID, rights.ID) != 3 {
		t.Errorf("co-occurrence: rights×cyber %d, rights×amb %d, cyber×amb %d, rights %d",
			co.At(rights.ID, cyber.ID), co.At(rights.ID, amb.ID), co.At(cyber.ID, amb.ID), co.At(rights.ID, rights.ID))
	}

	au, err := db.AuthorTagMatrix(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(au.Rows) != 2 || au.Rows[0].Name != "Ada" || au.Rows[1].Name != "Bo" {
		t.Fatalf("author rows = %v", au.Rows)
	}
	if au.At("Ada", rights.ID) != 3 || au.At("Ada", amb.ID) != 1 || au.At("Bo", cyber.ID) != 1 || au.At("Bo", amb.ID) != 0 ||
		au.Totals[0] != 4 || au.Totals[1] != 1 {
		t.Errorf("authors: Ada rights %d amb %d, Bo cyber %d amb %d, totals %v", au.At("Ada", rights.ID), au.At("Ada", amb.ID),
			au.At("Bo", cyber.ID), au.At("Bo", amb.ID), au.Totals)
	}
	// A deleted document leaves every view.
	if err := db.DeleteDocument(ctx, reuters.ID); err != nil {
		t.Fatal(err)
	}
	m, _ = db.TagDocumentMatrix(ctx)
	au, _ = db.AuthorTagMatrix(ctx)
	if len(m.Cols) != 1 || len(au.Rows) != 1 {
		t.Errorf("after deleting Reuters: %d documents, %d authors", len(m.Cols), len(au.Rows))
	}
}
