package docview

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
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

// TestScreenshotRTL renders the Arabic sample article, coded with
// overlapping passages and a selection across a number, to
// docs/screenshots/rtl.png when GLOSS_SCREENSHOTS names that directory.
func TestScreenshotRTL(t *testing.T) {
	dir := os.Getenv("GLOSS_SCREENSHOTS")
	if dir == "" {
		t.Skip("set GLOSS_SCREENSHOTS to a directory to write screenshots")
	}
	a := test.NewTempApp(t)
	useTheme(a, false)
	text := arabicArticle(t) + "\n\nThe summit in Geneva (قمة جنيف) lasted four hours; פסגת ז'נבה דנה בזכויות אדם."
	v, w := newView(t, text, 900, 700)
	v.SetTags(testTags)
	v.SetPassages([]*annotate.Passage{
		passage(t, text, "p1", "قمة جنيف ناقشت", "cyber"),
		passage(t, text, "p2", "حقوق الإنسان", "rights"),
		passage(t, text, "p3", "فيلا لا غرانج (Villa La Grange)", "amb"),
		passage(t, text, "p4", "قائمة تضم 16 قطاعًا من البنية التحتية الحيوية", "cyber"),
		passage(t, text, "p5", "16 قطاعًا من البنية", "arms"),
		passage(t, text, "p6", "معاهدة ستارت الجديدة (New START)", "arms"),
		passage(t, text, "p7", "Geneva (قمة جنيف) lasted", "amb"),
	})
	v.SelectPassage("p3")
	s := v.runesIndex(t, "حتى عام 2026")
	v.SetSelection(s, s+len([]rune("حتى عام 2026")))
	img := w.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, "rtl.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
