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
