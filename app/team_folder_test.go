package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	gstorage "gloss/storage"
)

// TestTeamFolderMergesColleagueIntoWindow watches the open project's
// folder: a colleague's file that a sync client renames into it is merged,
// the window reloads with the colleague's passage, and the status bar says
// so; the project's folder is remembered as a team folder.
func TestTeamFolderMergesColleagueIntoWindow(t *testing.T) {
	u, _ := newTestUI(t)
	work := make(chan func(), 16)
	old := teamDo
	teamDo = func(f func()) { work <- f }
	var said []string
	oldSay := teamSay
	teamSay = func(_ *ui, msg string) { said = append(said, msg) }
	t.Cleanup(func() { teamDo, teamSay = old, oldSay })

	folder := filepath.Dir(u.proj.db.Path())
	benPath := filepath.Join(t.TempDir(), "Ben.gloss")
	if _, err := u.proj.db.SaveCopy(context.Background(), benPath, gstorage.CopyOptions{}); err != nil {
		t.Fatal(err)
	}
	ben, err := gstorage.Open(benPath)
	if err != nil {
		t.Fatal(err)
	}
	ben.SetAuthor("Ben")
	s, e, err := annotate.FindQuote(u.text, quoteA, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ben.CreatePassage(context.Background(), &annotate.Passage{DocumentID: u.doc.ID, Start: s, End: e, Quote: quoteA, Tags: []string{u.cb.tags[0].ID}}); err != nil {
		t.Fatal(err)
	}
	ben.Close()

	u.watchTeamFolder()
	if u.proj.team == nil {
		t.Fatal("the folder is not watched")
	}
	if len(said) != 1 || !strings.Contains(said[0], "Watching the team folder") {
		t.Fatalf("status says %q", said)
	}
	data, err := os.ReadFile(benPath)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(folder, ".syncthing.Ben.gloss.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(folder, "Ben.gloss")); err != nil {
		t.Fatal(err)
	}
	select {
	case f := <-work:
		f()
	case <-time.After(30 * time.Second):
		t.Fatal("no word from the team folder")
	}
	if len(said) != 2 || !strings.HasPrefix(said[1], "Merged Ben.gloss: 1 passage added") {
		t.Fatalf("status says %q", said)
	}
	found := false
	for _, p := range u.passages {
		found = found || p.Author == "Ben" && p.Quote == quoteA
	}
	if !found {
		t.Fatalf("the window does not show Ben's passage: %+v", u.passages)
	}
	abs, _ := filepath.Abs(u.proj.db.Path())
	if got := u.app.Preferences().StringList(prefTeamProjects); len(got) != 1 || got[0] != abs {
		t.Fatalf("team projects = %v", got)
	}
	u.stopTeamFolder()
	if u.proj.team != nil || len(u.app.Preferences().StringList(prefTeamProjects)) != 0 {
		t.Fatal("stopping left the folder watched or remembered")
	}
}

func TestOwnFileName(t *testing.T) {
	for in, want := range map[string]string{"Ada Lovelace": "Ada Lovelace.gloss", " Ben/Cy: ": "Ben-Cy-.gloss", "..": "Me.gloss", "Zoë": "Zoë.gloss"} {
		if got := ownFileName(in); got != want {
			t.Errorf("ownFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
