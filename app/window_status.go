package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"gloss/annotate"
)

// updateStatus shows the project, its counts and that all is saved.
func (u *ui) updateStatus() {
	if u.proj == nil {
		u.status.set("No project open", "", nil, u.busy > 0)
		return
	}
	n := 0
	for _, d := range u.docs {
		n += d.Passages
	}
	counts := fmt.Sprintf("%s · %s · %s · coding as %s", plural(len(u.docs), "document"), plural(n, "passage"), plural(len(u.cb.tags), "code"), orUnknown(u.proj.db.Author()))
	u.status.set(homeRelative(u.proj.db.Path()), counts, u.saveError, u.busy > 0)
}

// homeRelative writes a path inside the home folder as ~/….
func homeRelative(path string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
		return filepath.Join("~", rel)
	}
	return path
}

// plural returns "1 passage", "2 passages", "100,000 passages": a count
// of a noun whose plural ends in s (see annotate.Count).
func plural(n int, what string) string {
	return annotate.Count(n, what, what+"s")
}

// showError shows err in a dialog with its reason.
func (u *ui) showError(err error) {
	if err == nil || u.fileChanged(err) {
		return
	}
	msg := err.Error()
	if annotate.ErrorCode(err) == annotate.EINTERNAL {
		u.saveError = err
		u.updateStatus()
	}
	d := dialog.NewError(fmt.Errorf("%s", capitalize(msg)), u.win)
	d.Show()
}

// capitalize makes an error message a sentence for a dialog.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
