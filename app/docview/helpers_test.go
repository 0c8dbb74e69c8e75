package docview

import (
	"image/color"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gloss/annotate"
	"gloss/assets"
)

// seedTexts returns the sample articles that ship with Gloss (embedded in
// package assets), trimmed.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	ss, err := assets.Samples()
	if err != nil {
		tb.Fatal(err)
	}
	if len(ss) == 0 {
		tb.Fatal("no sample articles in package assets")
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.TrimSpace(string(s.Data))
	}
	return out
}

// article returns the sample article the widget tests render.
func article(tb testing.TB) string {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// bigText returns about n bytes of article text.
func bigText(tb testing.TB, n int) string {
	texts := seedTexts(tb)
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(texts[i%len(texts)])
		b.WriteString("\n\n")
	}
	s := b.String()[:n]
	for !utf8.ValidString(s) { // do not cut a character in half
		s = s[:len(s)-1]
	}
	return s
}

// newView shows text in a DocView filling a w×h window.
func newView(t *testing.T, text string, w, h float32) (*DocView, fyne.Window) {
	t.Helper()
	v := New()
	v.SetDocument(&annotate.Document{ID: "doc", Title: "Test", Text: text})
	win := test.NewTempWindow(t, v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	return v, win
}

// variantTheme is the default theme held to one variant, light or dark,
// whatever the system asks for.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// useTheme sets the app's theme to the default in the light or dark variant.
func useTheme(a fyne.App, dark bool) {
	v := theme.VariantLight
	if dark {
		v = theme.VariantDark
	}
	a.Settings().SetTheme(variantTheme{Theme: theme.DefaultTheme(), variant: v})
}

var testTags = []*annotate.Tag{
	{ID: "cyber", Name: "Cyber red lines", Color: annotate.Palette[0]},
	{ID: "rights", Name: "Human rights", Color: annotate.Palette[2]},
	{ID: "amb", Name: "Ambassadors", Color: annotate.Palette[10]},
	{ID: "arms", Name: "Arms control", Color: annotate.Palette[1]},
}

// shapeWith measures text with c, in one go, as the UI goroutine, and
// resolves its paragraphs' directions.
func shapeWith(text string, c *advanceCache, tab float32, dir Direction) *shapedText {
	c.lockUI()
	t := shape(text, len(text), c, tab)
	c.unlock()
	t.bidi = resolveLevels(&t.index, dir)
	return t
}

// fakeCache returns an advance cache measuring with fakeMeasure.
func fakeCache() *advanceCache { return newAdvanceCache(fakeMeasure, nil, 14) }

// passage returns a passage over the first occurrence of quote in text.
func passage(t testing.TB, text, id, quote string, tags ...string) *annotate.Passage {
	t.Helper()
	b := strings.Index(text, quote)
	if b < 0 {
		t.Fatalf("%q not in text", quote)
	}
	tx := annotate.NewText(text)
	s := tx.CodePoint(b)
	return &annotate.Passage{ID: id, DocumentID: "doc", Start: s, End: s + len([]rune(quote)), Quote: quote, Tags: tags}
}
