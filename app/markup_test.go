package app

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// The widgets' golden markup is in testdata/markup; a change that alters
// what they draw fails here until the files are updated from
// testdata/failed.

var markupTags = []*annotate.Tag{
	{ID: "cyber", Name: "Cyber red lines", Color: annotate.Palette[0]},
	{ID: "amb", Name: "Ambassadors", Color: annotate.Palette[2], ParentID: "cyber"},
}

func lightApp(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(themeFor(themeLight))
}

func TestChipMarkup(t *testing.T) {
	lightApp(t)
	key := newChip(markupTags[0], "1", func() {})
	test.AssertObjectRendersToMarkup(t, "markup/chip_key.xml", key)
	removable := newChip(markupTags[1], "", nil)
	removable.OnRemove = func() {}
	test.AssertObjectRendersToMarkup(t, "markup/chip_remove.xml", removable)
}

func TestStatusBarMarkup(t *testing.T) {
	lightApp(t)
	for _, tt := range []struct {
		name string
		err  error
		busy bool
	}{
		{"saved", nil, false},
		{"working", nil, true},
		{"not_saved", errors.New("disk full"), false},
	} {
		s := newStatusBar()
		s.set("~/Geneva summit.gloss", "4 documents · 2 passages · 9 codes · coding as Ada", tt.err, tt.busy)
		s.Resize(fyne.NewSize(900, s.MinSize().Height))
		test.AssertObjectRendersToMarkup(t, "markup/status_"+tt.name+".xml", s)
	}
}

func TestInspectorMarkup(t *testing.T) {
	lightApp(t)
	cb := newCodebook(markupTags)
	in := newInspector()
	at := time.Date(2021, 6, 17, 9, 30, 0, 0, time.Local)
	p := &annotate.Passage{ID: "p1", DocumentID: "d1", Start: 402, End: 442, Quote: "ambassadors would return to their posts",
		Tags: []string{"cyber", "amb"}, Author: "Ada", CreatedAt: at, UpdatedAt: at,
		Note: annotate.Note{ID: "n1", Text: "The one concrete outcome.", Author: "Sam", UpdatedAt: at.Add(time.Hour)}}
	in.show(p, "Biden and Putin hold their Geneva summit", cb, true)
	in.Resize(fyne.NewSize(360, 560))
	test.AssertObjectRendersToMarkup(t, "markup/inspector_passage.xml", in)
	in.clear()
	test.AssertObjectRendersToMarkup(t, "markup/inspector_empty.xml", in)
}
