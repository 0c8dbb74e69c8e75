package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuthorIsSavedAndRead(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	if got := Author(); got != "" {
		t.Fatalf("author before any was saved = %q", got)
	}
	if err := SetAuthor("  Ada Lovelace "); err != nil {
		t.Fatal(err)
	}
	if got := Author(); got != "Ada Lovelace" {
		t.Fatalf("author = %q", got)
	}
	path, _ := Path()
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `"author": "Ada Lovelace"`) {
		t.Fatalf("%s holds %q (%v)", path, b, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".settings-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestUnreadableSettingsSayWhy(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path, _ := Path()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte("author = Ada\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not Gloss's settings") {
		t.Fatalf("Load of a damaged file: %v", err)
	}
	if got := Author(); got != "" {
		t.Fatalf("author from a damaged file = %q", got)
	}
	// Saving a name replaces what cannot be read.
	if err := SetAuthor("Ada"); err != nil {
		t.Fatal(err)
	}
	if got := Author(); got != "Ada" {
		t.Fatalf("author after saving over a damaged file = %q", got)
	}
}
