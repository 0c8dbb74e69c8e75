package docview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"gloss/annotate"
)

// longView shows a document long enough to be measured in two steps (the
// first screens at once, the rest in a job the test runs) in an 800×600
// window, and returns the jobs started.
func longView(t *testing.T, text string) (*DocView, fyne.Window, *[]func()) {
	t.Helper()
	v := New()
	v.firstAt = 64 << 10
	jobs := &[]func(){}
	v.spawn = func(f func()) { *jobs = append(*jobs, f) }
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(800, 600))
	v.SetDocument(&annotate.Document{ID: "doc", Title: "Long", Text: text})
	return v, w, jobs
}

func runJobs(jobs *[]func()) {
	for len(*jobs) > 0 {
		j := (*jobs)[0]
		*jobs = (*jobs)[1:]
		j()
	}
}

// TestLongDocumentShowsItsStartFirst: a long document is drawn from what
// is measured of its start, while the rest is measured off the UI
// goroutine; a jump to its end and a selection there made meanwhile take
// effect once all of it is laid out, as the same document laid out in
// one go.
func TestLongDocumentShowsItsStartFirst(t *testing.T) {
	test.NewTempApp(t)
	text := bigText(t, 300<<10) + "\n\nThe very last paragraph of the long document."
	v, _, jobs := longView(t, text)
	if !v.text.partial || v.layout == nil || len(*jobs) != 1 {
		t.Fatalf("partial %v, layout %v, %d jobs", v.text.partial, v.layout != nil, len(*jobs))
	}
	if v.text.end > 64<<10 {
		t.Errorf("measured %d bytes at once", v.text.end)
	}
	var first string
	for _, o := range test.WidgetRenderer(v).Objects() {
		if tx, ok := o.(*canvas.Text); ok && first == "" {
			first = tx.Text
		}
	}
	if first == "" || !strings.HasPrefix(text, first) {
		t.Fatalf("first line drawn %q", first)
	}

	n := len([]rune(text))
	last := strings.Index(text, "The very last")
	at := annotate.NewText(text).CodePoint(last)
	v.SetSelection(at, n)
	v.ScrollToOffset(at)
	if got := v.SelectedText(); got != text[last:] {
		t.Errorf("selected %q while measuring", got)
	}
	runJobs(jobs)
	if v.text.partial || v.textLen() != n {
		t.Fatalf("partial %v, %d code points, want %d", v.text.partial, v.textLen(), n)
	}
	if s, e := v.Selection(); s != at || e != n {
		t.Errorf("selection [%d, %d), want [%d, %d)", s, e, at, n)
	}
	if p := v.PositionOf(at); p.Y < 0 || p.Y > 600 {
		t.Errorf("the last paragraph is at y=%v, not in view", p.Y)
	}
	// The same lines as laid out in one go.
	whole := New()
	whole.firstAt = len(text) + 1
	ww := test.NewTempWindow(t, whole)
	ww.SetPadded(false)
	ww.Resize(fyne.NewSize(800, 600))
	whole.SetDocument(&annotate.Document{Text: text})
	if spans(whole.layout.Lines) != spans(v.layout.Lines) {
		t.Error("the layout measured in two steps differs from the one made at once")
	}
}

// TestStaleMeasuringIsDropped: a document replaced (or zoomed) while its
// text is being measured never shows the stale result.
func TestStaleMeasuringIsDropped(t *testing.T) {
	test.NewTempApp(t)
	v, _, jobs := longView(t, bigText(t, 200<<10))
	v.SetDocument(&annotate.Document{Text: fox})
	runJobs(jobs)
	if v.textLen() != len([]rune(fox)) || v.text.partial {
		t.Fatalf("the stale measurement replaced the new document: %d code points", v.textLen())
	}

	v.SetDocument(&annotate.Document{Text: bigText(t, 200<<10)})
	runJobs(jobs)
	v.ScrollToOffset(150_000)
	top := v.topOffset()
	v.SetZoom(1.5)
	if !v.text.partial || len(*jobs) != 1 {
		t.Fatalf("zooming: partial %v, %d jobs", v.text.partial, len(*jobs))
	}
	runJobs(jobs)
	if v.text.partial || v.shapedAt != v.textSize() {
		t.Fatal("not measured at the new size")
	}
	if got := v.topOffset(); got > top || top-got > 200 {
		t.Errorf("after zooming the top line starts at %d, before at %d", got, top)
	}
}
