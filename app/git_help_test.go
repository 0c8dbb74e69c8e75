package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// widgetsIn lists the widgets under o, renderers included.
func widgetsIn(t *testing.T, o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		out = append(out, o)
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, k := range test.TempWidgetRenderer(t, wd).Objects() {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

// Help ▸ Projects in a Git Repository offers the setup command, naming
// this program, to copy.
func TestGitHelpOffersTheSetupCommand(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(800, 600))
	showGitHelp(w)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cmd *widget.Entry
	var copyCmd *widget.Button
	for _, o := range widgetsIn(t, top) {
		switch o := o.(type) {
		case *widget.Entry:
			cmd = o
		case *widget.Button:
			if o.Text == "Copy Command" {
				copyCmd = o
			}
		}
	}
	if cmd == nil || copyCmd == nil {
		t.Fatal("the dialog has no command to copy")
	}
	if want := shellWord(exe) + " git-setup"; cmd.Text != want {
		t.Fatalf("command %q, want %q", cmd.Text, want)
	}
	test.Tap(copyCmd)
	if got := a.Clipboard().Content(); got != cmd.Text {
		t.Fatalf("clipboard %q, want %q", got, cmd.Text)
	}
	if !strings.Contains(shellWord("/opt/Gloss Apps/it's/gloss"), `'/opt/Gloss Apps/it'\''s/gloss'`) {
		t.Fatalf("shellWord does not quote: %s", shellWord("/opt/Gloss Apps/it's/gloss"))
	}
}
