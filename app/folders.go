package app

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"gloss/app/project"
)

// The kinds of file the dialogs remember a folder for: each dialog starts
// in the folder last used for its kind, so that importing articles does
// not start among the projects, nor exporting among the articles.
const (
	folderProjects    = "projects"    // open, new, save a copy
	folderColleagues  = "colleagues"  // colleagues' files to merge
	folderArticles    = "articles"    // articles to import
	folderAnnotations = "annotations" // annotation files to import
	folderExports     = "exports"     // briefings, tables and exported annotations
)

func folderPref(kind string) string { return "folder." + kind }

// startIn starts a file dialog in the folder last used for kind; the
// first time, in the open project's folder (when it is not Gloss's own
// data folder, hidden from the researcher), else in Documents or the home
// folder. near is the open project's path, "" for none.
func startIn(d *dialog.FileDialog, kind, near string) {
	if dir := startFolder(kind, near); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
}

// startFolder is the folder startIn starts in, "" when none is known.
func startFolder(kind, near string) string {
	var candidates []string
	if a := fyne.CurrentApp(); a != nil {
		candidates = append(candidates, a.Preferences().String(folderPref(kind)))
	}
	if near != "" {
		candidates = append(candidates, filepath.Dir(near))
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		candidates = append(candidates, filepath.Join(home, "Documents"), home)
	}
	for _, dir := range candidates {
		if dir == "" || inDataFolder(dir) {
			continue
		}
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return dir
		}
	}
	return ""
}

// remember records the folder of a file the researcher chose in a dialog
// of that kind (or the folder itself, for a folder dialog).
func remember(kind string, uri fyne.URI, isFolder bool) {
	a := fyne.CurrentApp()
	if a == nil || uri == nil || uri.Scheme() != "file" {
		return
	}
	dir := uri.Path()
	if !isFolder {
		dir = filepath.Dir(dir)
	}
	if !inDataFolder(dir) {
		a.Preferences().SetString(folderPref(kind), dir)
	}
}

// inDataFolder reports whether dir is in the folder where Gloss keeps the
// default project, or in another hidden folder of the home folder (such
// as ~/.local/share): file dialogs never start there.
func inDataFolder(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	if def, err := project.DefaultPath(); err == nil {
		if data, err := filepath.Abs(filepath.Dir(def)); err == nil && within(abs, data) {
			return true
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, abs); err == nil && !strings.HasPrefix(rel, "..") {
			for _, part := range strings.Split(rel, string(filepath.Separator)) {
				if strings.HasPrefix(part, ".") && part != "." {
					return true
				}
			}
		}
	}
	return false
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// colleagueFilter lists Gloss projects other than the open one (at path):
// a project cannot be merged with itself.
type colleagueFilter struct{ self string }

// Matches accepts .gloss files that are not the open project.
func (f colleagueFilter) Matches(u fyne.URI) bool {
	if !strings.EqualFold(u.Extension(), ".gloss") {
		return false
	}
	if u.Scheme() != "file" || f.self == "" {
		return true
	}
	a, err := os.Stat(u.Path())
	if err != nil {
		return true
	}
	b, err := os.Stat(f.self)
	return err != nil || !os.SameFile(a, b)
}
