package app

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gstorage "gloss/storage"
)

// TestHostileFileRefusedInTheWindow opens and merges colleagues' files
// that lie, as the researcher does from the File menu: the window says
// why with the sentence gloss check gives first, keeps the project it
// has open, and neither file changes by a byte.
func TestHostileFileRefusedInTheWindow(t *testing.T) {
	for _, h := range []struct {
		name  string
		alter []string
	}{
		{"a trigger under the name of SQLite's own table", []string{
			"PRAGMA writable_schema = ON",
			`INSERT INTO sqlite_schema VALUES ('trigger', 'sqlite_stat1', 'passages', 0,
				'CREATE TRIGGER sqlite_stat1 AFTER INSERT ON passages BEGIN UPDATE passages SET deleted_at = NEW.created_at; END')`,
		}},
		{"a code dated in the future", []string{"UPDATE tags SET updated_at = '2099-01-01T00:00:00.000000Z' WHERE rowid = 1"}},
	} {
		t.Run(h.name, func(t *testing.T) {
			u, _ := newTestUI(t)
			inline(t)
			mine := u.proj.db
			theirs := filepath.Join(t.TempDir(), "theirs.gloss")
			if _, err := mine.SaveCopy(bg, theirs, gstorage.CopyOptions{}); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open("sqlite3", theirs)
			if err != nil {
				t.Fatal(err)
			}
			raw.SetMaxOpenConns(1)
			for _, s := range h.alter {
				if _, err := raw.Exec(s); err != nil {
					t.Fatal(s, err)
				}
			}
			raw.Close()
			_, problems, err := gstorage.CheckFile(context.Background(), theirs)
			if err != nil || len(problems) == 0 {
				t.Fatalf("check: %q, %v", problems, err)
			}
			sentence := problems[0]
			before := fileBytes(t, theirs, mine.Path())

			u.openProject(theirs)
			if got := dialogText(t, u); !strings.Contains(got, sentence) {
				t.Errorf("opening it says %q\nwant %q", got, sentence)
			}
			if u.proj == nil || u.proj.db != mine {
				t.Fatal("the window let go of the open project")
			}
			u.win.Canvas().Overlays().Top().Hide()

			previewMerge(u.win, u.proj, theirs, u.afterOutsideChange, u.undo)
			if got := dialogText(t, u); !strings.Contains(got, sentence) {
				t.Errorf("merging it says %q\nwant %q", got, sentence)
			}
			if after := fileBytes(t, theirs, mine.Path()); after != before {
				t.Fatal("a file changed")
			}
		})
	}
}

// fileBytes returns the contents of the files at paths.
func fileBytes(t *testing.T, paths ...string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range paths {
		c, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(c)
		b.WriteString("\x00")
	}
	return b.String()
}
