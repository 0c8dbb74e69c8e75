package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// refreshCounter is a label that counts its refreshes.
type refreshCounter struct {
	widget.Label
	n int
}

func newRefreshCounter(text string) *refreshCounter {
	c := &refreshCounter{}
	c.Text = text
	c.ExtendBaseWidget(c)
	return c
}

func (c *refreshCounter) Refresh() {
	c.n++
	c.Label.Refresh()
}

// TestTabPaneRefreshesItsContentOnlyForATheme chooses side tabs back and
// forth: the panels are not refreshed (the tabs would refresh all of them
// at each click); a change of theme refreshes them.
func TestTabPaneRefreshesItsContentOnlyForATheme(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(themeFor(themeLight))
	one, two := newRefreshCounter("one"), newRefreshCounter("two")
	tabs := container.NewAppTabs(container.NewTabItem("One", newTabPane(one)), container.NewTabItem("Two", newTabPane(two)))
	w := test.NewTempWindow(t, tabs)
	w.Resize(fyne.NewSize(400, 300))
	one.n, two.n = 0, 0
	for i := 0; i < 3; i++ {
		tabs.SelectIndex(1)
		tabs.SelectIndex(0)
	}
	if one.n != 0 || two.n != 0 {
		t.Fatalf("choosing tabs refreshed the panels %d and %d times", one.n, two.n)
	}
	if !tabs.Items[0].Content.Visible() || tabs.Items[1].Content.Visible() {
		t.Fatal("the chosen tab's panel is not the one shown")
	}
	a.Settings().SetTheme(themeFor(themeDark))
	tabs.Refresh()
	if one.n == 0 || two.n == 0 {
		t.Fatalf("a new theme refreshed the panels %d and %d times", one.n, two.n)
	}
}
