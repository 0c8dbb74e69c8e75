package app

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// gitSetupCommand is the command that sets up a Git repository for
// projects, naming this program so that it can be pasted as it is.
func gitSetupCommand() string {
	program := "gloss"
	if exe, err := os.Executable(); err == nil {
		program = exe
	}
	return shellWord(program) + " git-setup"
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '_' || r == '-') {
			out := "'"
			for _, r := range s {
				if r == '\'' {
					out += `'\''`
				} else {
					out += string(r)
				}
			}
			return out + "'"
		}
	}
	return s
}

// gitHelpText explains Git with projects, in the words of the Help menu.
const gitHelpText = "A project kept in a Git repository can be merged by Git like any text file. " +
	"Run the command below once in each clone of the repository (in a terminal, inside it): " +
	"it marks .gloss files in .gitattributes, so that git merge and git pull merge two researchers' versions of a project " +
	"with Gloss's own merge, without a conflict, and git diff, git log -p and git show print a project as text " +
	"(who coded which passage with which codes, and their notes).\n\n" +
	"Commit .gitattributes and .gitignore. A colleague's version that Gloss refuses (damaged, or altered outside Gloss) " +
	"is left as a conflict, with the reason. Gloss folds your latest changes into the file a moment after you stop, " +
	"so commit after a pause (or after closing the project)."

// showGitHelp explains how to use projects with Git and offers the setup
// command to copy.
func showGitHelp(win fyne.Window) {
	text := widget.NewLabel(gitHelpText)
	text.Wrapping = fyne.TextWrapWord
	cmd := widget.NewEntry()
	cmd.SetText(gitSetupCommand())
	copyCmd := widget.NewButton("Copy Command", func() {
		fyne.CurrentApp().Clipboard().SetContent(cmd.Text)
	})
	content := container.NewVBox(text, container.NewBorder(nil, nil, nil, copyCmd, cmd))
	d := dialog.NewCustom("Projects in a Git Repository", "Close", content, win)
	d.Resize(fyne.NewSize(620, 340))
	d.Show()
}
