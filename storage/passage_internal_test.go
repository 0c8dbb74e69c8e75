package storage

import (
	"strings"
	"testing"

	"gloss/annotate"
)

// TestSplitPassageKeys reads the joined columns of a passage row, and
// refuses a row too short to hold Gloss's fixed-width IDs and times
// rather than cutting it at the wrong places.
func TestSplitPassageKeys(t *testing.T) {
	id, doc := annotate.NewID(), annotate.NewID()
	created, updated := "2026-12-01T10:00:00.000001Z", "2026-12-01T10:00:00.000002Z"
	for _, prov := range []string{annotate.ProvenanceManual, annotate.ProvenanceAuto, annotate.ProvenanceImport, "other"} {
		gi, gd, gc, gu, gp, err := splitPassageKeys(id + doc + created + updated + prov)
		if err != nil || gi != id || gd != doc || gc != created || gu != updated || gp != prov {
			t.Errorf("%s: got %q %q %q %q %q, %v", prov, gi, gd, gc, gu, gp, err)
		}
	}
	short := id + doc + "2026-12-01T10:00:00Z" + updated
	if _, _, _, _, _, err := splitPassageKeys(short); err == nil || !strings.Contains(err.Error(), "not in Gloss's form") {
		t.Errorf("a short time: %v", err)
	}
}
