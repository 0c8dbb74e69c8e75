// Gloss is a desktop app for coding and annotating texts. Run with no
// arguments, or with a .gloss file, it opens the app; run with a command
// name (gloss help lists them), it works from the command line.
package main

import (
	"os"
	"strings"

	"gloss/app"
	"gloss/app/cli"
)

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 0:
		os.Exit(app.Run(""))
	case len(args) == 1 && !cli.IsCommand(args[0]) && isProject(args[0]):
		os.Exit(app.Run(args[0]))
	}
	attachConsole()
	os.Exit(cli.Run(args, os.Stdout, os.Stderr))
}

// isProject reports whether arg names a project to open in the app: a
// .gloss file, or any existing file.
func isProject(arg string) bool {
	if strings.HasSuffix(strings.ToLower(arg), ".gloss") {
		return true
	}
	fi, err := os.Stat(arg)
	return err == nil && fi.Mode().IsRegular()
}
