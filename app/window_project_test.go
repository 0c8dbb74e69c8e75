package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"gloss/app/project"
	gstorage "gloss/storage"
)

// TestLargeColleaguesFileIsCheckedInTheBackground opens a file that takes
// its checks a while: the window says so at once and keeps the project
// open before it usable; the file opens when its checks pass, and one that
// fails is refused, the open project staying open.
func TestLargeColleaguesFileIsCheckedInTheBackground(t *testing.T) {
	u, _ := newTestUI(t)
	before := u.proj.db.Path()
	theirs := filepath.Join(t.TempDir(), "theirs.gloss")
	db, err := project.Create(theirs, true, "Ben")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	size := backgroundCheckSize
	backgroundCheckSize = 0
	t.Cleanup(func() { backgroundCheckSize, openFile = size, gstorage.Open })
	gate := make(chan struct{})
	openFile = func(path string) (*gstorage.DB, error) {
		<-gate
		return gstorage.Open(path)
	}

	u.openProject(theirs)
	if u.proj == nil || u.proj.db.Path() != before || !strings.Contains(u.status.path.Text, "Checking theirs.gloss") || u.win.Title() != "Gloss — theirs.gloss" {
		t.Fatalf("while checking: project %v, status %q, title %q", u.proj, u.status.path.Text, u.win.Title())
	}
	gate <- struct{}{}
	u.opens.Wait()
	if u.proj == nil || u.proj.db.Path() != theirs || u.doc == nil {
		t.Fatalf("after the checks the window shows %v", u.proj)
	}

	// A file that fails its checks is refused; the project stays.
	broken := filepath.Join(t.TempDir(), "broken.gloss")
	if err := os.WriteFile(broken, []byte("not a database"), 0o644); err != nil {
		t.Fatal(err)
	}
	u.openProject(broken)
	gate <- struct{}{} // the checks themselves refuse it
	u.opens.Wait()
	if u.proj == nil || u.proj.db.Path() != theirs || u.win.Title() != "Gloss — theirs.gloss" {
		t.Fatalf("after a refused file the window shows %v, titled %q", u.proj, u.win.Title())
	}
	var texts []string
	for _, o := range overlayObjects(t, u) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if msg := strings.Join(texts, "\n"); !strings.Contains(msg, "not a Gloss project") {
		t.Fatalf("the dialog says:\n%s", msg)
	}
}
