// Package app is Gloss's desktop user interface.
package app

import (
	"fmt"
	"os"
)

// Run opens the app on the project at path ("" for the default project).
func Run(path string) int {
	fmt.Fprintln(os.Stderr, "gloss: the desktop app is not built into this revision; use 'gloss help'")
	return 1
}
