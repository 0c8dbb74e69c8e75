package teamfolder

import "testing"

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		kind Kind
		ok   bool
	}{
		{"Ben.gloss", Colleague, true},
		{"ben smith.GLOSS", Colleague, true},
		{"Ada.gloss", 0, false}, // the researcher's own
		{"ada.gloss", 0, false},
		{"Ada.sync-conflict-20210616-120000-ABCDEFG.gloss", OwnConflict, true},
		{"Ada (Ben's conflicted copy 2021-06-16).gloss", OwnConflict, true},
		{"Ada (conflicted copy 2021-06-16 120000).gloss", OwnConflict, true},
		{"Ada_conflict-20210616-120000.gloss", OwnConflict, true},
		{"Ada-conflict-20210616.gloss", OwnConflict, true},
		{"Ben.sync-conflict-20210616-120000-ABCDEFG.gloss", ColleagueConflict, true},
		{"Ben (conflicted copy 2021-06-16).gloss", ColleagueConflict, true},
		{"Adam.sync-conflict-20210616-120000-ABCDEFG.gloss", ColleagueConflict, true},
		// A sync client's files in progress, SQLite's own, and others.
		{".syncthing.Ben.gloss.tmp", 0, false},
		{".Ben.gloss.~1a2b", 0, false},
		{".Ben.gloss", 0, false},
		{"~Ben.gloss", 0, false},
		{"Ben.gloss.part", 0, false},
		{"Ben.gloss.!sync", 0, false},
		{"Ben.gloss-wal", 0, false},
		{"Ben.gloss-shm", 0, false},
		{"Ben.gloss.bak-v3", 0, false},
		{"notes.txt", 0, false},
	} {
		kind, ok := classify(tc.name, "Ada.gloss")
		if ok != tc.ok || ok && kind != tc.kind {
			t.Errorf("classify(%q) = %v, %v; want %v, %v", tc.name, kind, ok, tc.kind, tc.ok)
		}
	}
}
