// Package settings keeps what the app and the command line share about the
// researcher, in a file of Gloss's own: settings.json in Gloss's folder of
// the user's configuration directory ($XDG_CONFIG_HOME/gloss on Linux,
// %AppData%\Gloss on Windows). The app keeps its window preferences (theme,
// zoom, recent projects) with Fyne; this is what a command run from a
// terminal must read too.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"gloss/annotate"
)

// Settings are the researcher's settings.
type Settings struct {
	// Author is the name stamped on every change, "" until given.
	Author string `json:"author"`
}

// Path returns where the settings are kept.
func Path() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for Gloss's settings: %w", err)
	}
	name := "gloss"
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		name = "Gloss"
	}
	return filepath.Join(dir, name, "settings.json"), nil
}

// Load reads the settings. Settings never saved are empty, not an error; a
// file that cannot be read or is not settings is an error naming it.
func Load() (Settings, error) {
	var s Settings
	path, err := Path()
	if err != nil {
		return s, err
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Settings{}, fmt.Errorf("%s: not Gloss's settings: %w", path, err)
	}
	s.Author = strings.TrimSpace(s.Author)
	return s, nil
}

// Save writes the settings, through a temporary file renamed over the old
// one so that they are never half written. On a full disk the error says
// so (see annotate.NotWritten), and the settings saved before are kept.
func Save(s Settings) error {
	path, err := Path()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return annotate.NotWritten(path, err)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".settings-*.json")
	if err != nil {
		return annotate.NotWritten(path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return annotate.NotWritten(path, fmt.Errorf("%s: %w", path, err))
	}
	if err := tmp.Close(); err != nil {
		return annotate.NotWritten(path, fmt.Errorf("%s: %w", path, err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Author returns the saved name of the researcher, or "" when none was
// saved or the settings cannot be read.
func Author() string {
	s, _ := Load()
	return s.Author
}

// SetAuthor saves the researcher's name.
func SetAuthor(name string) error {
	s, err := Load()
	if err != nil {
		// Unreadable settings hold nothing to keep but the name.
		s = Settings{}
	}
	s.Author = strings.TrimSpace(name)
	return Save(s)
}
