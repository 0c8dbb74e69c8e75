package docview

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

const renderText = "For four months, the two leaders have traded sharp rhetoric. Biden repeatedly called out Putin for malicious cyberattacks by Russian-based hackers on US interests.\n\nPutin, for his part, has reacted with obfuscations."

func TestRender(t *testing.T) {
	one := func(t *testing.T) []*annotate.Passage {
		return []*annotate.Passage{passage(t, renderText, "p1", "Biden repeatedly called out Putin", "cyber")}
	}
	overlapping := func(t *testing.T) []*annotate.Passage {
		return []*annotate.Passage{
			passage(t, renderText, "p1", "Biden repeatedly called out Putin for malicious cyberattacks", "cyber"),
			passage(t, renderText, "p2", "malicious cyberattacks by Russian-based hackers", "rights", "amb"),
		}
	}
	tests := []struct {
		name     string
		dark     bool
		passages func(t *testing.T) []*annotate.Passage
		setup    func(v *DocView)
	}{
		{name: "plain"},
		{name: "passage", passages: one},
		{name: "overlapping", passages: overlapping},
		{name: "selection", passages: one, setup: func(v *DocView) { v.SetSelection(5, 70) }},
		{name: "selected_passage", passages: overlapping, setup: func(v *DocView) { v.SelectPassage("p2") }},
		{name: "find", setup: func(v *DocView) { v.SetFindMatches([][2]int{{4, 8}, {119, 123}}, 1) }},
		{name: "dark", dark: true, passages: overlapping, setup: func(v *DocView) { v.SetSelection(130, 150) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			useTheme(a, tt.dark)
			v, w := newView(t, renderText, 500, 220)
			v.SetTags(testTags)
			if tt.passages != nil {
				v.SetPassages(tt.passages(t))
			}
			if tt.setup != nil {
				tt.setup(v)
			}
			test.AssertRendersToMarkup(t, "docview/"+tt.name+".xml", w.Canvas())
		})
	}
}

const renderArabic = "قمة جنيف ناقشت حقوق الإنسان والأمن السيبراني، واتفق الرئيسان على إعادة السفيرين في 16 يونيو 2021.\n\nThe summit in Geneva (قمة جنيف) lasted four hours; פסגת ז'נבה דנה בזכויות אדם."

// TestRenderRTL renders highlighted right-to-left and mixed lines: the
// bands, the selection and the text objects must sit where the visual runs
// put the characters stored.
func TestRenderRTL(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, v *DocView)
	}{
		{name: "rtl_passages", setup: func(t *testing.T, v *DocView) {
			v.SetPassages([]*annotate.Passage{
				passage(t, renderArabic, "p1", "قمة", "cyber"),
				passage(t, renderArabic, "p2", "حقوق الإنسان والأمن", "rights"),
				passage(t, renderArabic, "p3", "الإنسان والأمن السيبراني", "amb"),
				passage(t, renderArabic, "p4", "في 16 يونيو 2021", "arms"),
			})
		}},
		{name: "mixed_selection", setup: func(t *testing.T, v *DocView) {
			v.SetPassages([]*annotate.Passage{passage(t, renderArabic, "p1", "Geneva (قمة", "cyber")})
			s := v.runesIndex(t, "in Geneva")
			v.SetSelection(s, s+len([]rune("in Geneva (قمة جنيف) lasted")))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			useTheme(a, false)
			v, w := newView(t, renderArabic, 500, 220)
			v.SetTags(testTags)
			tt.setup(t, v)
			test.AssertRendersToMarkup(t, "docview/"+tt.name+".xml", w.Canvas())
		})
	}
}
