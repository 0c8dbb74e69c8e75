package docview

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestScreenshots renders the reading view with overlapping passages to
// docs/screenshots when GLOSS_SCREENSHOTS names that directory.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GLOSS_SCREENSHOTS")
	if dir == "" {
		t.Skip("set GLOSS_SCREENSHOTS to a directory to write screenshots")
	}
	for _, variant := range []string{"light", "dark"} {
		a := test.NewTempApp(t)
		useTheme(a, variant == "dark")
		text := article(t)
		v, w := newView(t, text, 900, 640)
		v.SetTags(testTags)
		v.SetPassages(samplePassages(t, text))
		v.SelectPassage("p2")
		v.SetSelection(v.runesIndex(t, "a moment of high-stakes diplomacy"), v.runesIndex(t, "a moment of high-stakes diplomacy")+33)
		v.hover = v.passageByID("p4")
		v.Refresh()
		img := w.Canvas().Capture()
		f, err := os.Create(filepath.Join(dir, "docview-"+variant+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
