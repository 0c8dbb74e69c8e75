//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss/storage/storagetest"
)

// The benchmarks here time the real window under Xvfb, with Mesa's
// software GL, on a colleague's large project. They are not run by `make
// test` (it runs no benchmarks) and are run with:
//
//	go test -tags 'sqlite_fts5 e2e' -run '^$' -bench . -benchtime 3x -count 5 ./app/e2e/
//
// Times are taken in this process: from just before the program starts,
// or just after xdotool has sent a click or a key and exited, to when the
// X server reports the window mapped (mapWatch) or the app prints the
// event that says what the screen now shows (app/trace_e2e.go). The
// longest stall is what the app's watchdog measured: the longest time its
// UI goroutine, which draws every frame, ran nothing else.

// openTimeout bounds the wait for a colleague's large project to be
// usable: it is checked in full first, which takes minutes on a busy
// machine.
const openTimeout = 10 * time.Minute

// Sizes of the colleague's project, as in storage's benchmarks.
const (
	benchDocuments = storagetest.BigDocuments
	benchPassages  = storagetest.BigPassages
	benchTags      = storagetest.BigTags
)

// baseline is a Fyne program of testdata that a benchmark measures Gloss
// against, built once per test binary beside Gloss's own binary.
type baseline struct {
	dir, what string // its package under testdata; what it is, for errors
	once      sync.Once
	bin       string
	err       error
}

// build builds p's program the first time it is asked for and returns its
// path; a build that failed fails tb.
func (p *baseline) build(tb testing.TB) string {
	tb.Helper()
	p.once.Do(func() {
		p.bin = filepath.Join(filepath.Dir(glossBin), filepath.Base(p.dir))
		build := exec.Command("go", "build", "-o", p.bin, "./app/e2e/testdata/"+p.dir)
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			p.err = fmt.Errorf("building the %s: %v\n%s", p.what, err, out)
		}
	})
	if p.err != nil {
		tb.Fatal(p.err)
	}
	return p.bin
}

var (
	helloProgram = &baseline{dir: "hello", what: "hello window"}
	rowsProgram  = &baseline{dir: "rows", what: "bare List window"}
)

// cleanupBench removes what the benchmarks generated (about 100 MB); TestMain
// calls it when the test binary is done.
func cleanupBench() {
	storagetest.RemoveShared()
	for _, p := range []*baseline{helloProgram, rowsProgram} {
		if p.bin != "" {
			os.Remove(p.bin)
		}
	}
}

// bigProject generates, once per test binary, a project of 1,000
// documents and 100,000 passages over 20 codes, written by storage in a
// folder of its own, and returns its path. The benchmarks give the app a
// fresh copy each time: a file this machine did not write, so that Gloss
// checks it in full before loading it, as it does a colleague's.
func bigProject(b *testing.B) string {
	b.Helper()
	path, _, err := storagetest.Shared("A Colleague")
	if err != nil {
		b.Fatal(err)
	}
	return path
}

// helloWindow builds, once per test binary, the baseline: the smallest
// Fyne window (testdata/hello), at the size Gloss opens at.
func helloWindow(b *testing.B) string {
	b.Helper()
	return helloProgram.build(b)
}

// copyFile copies a project file to a new file at dst.
func copyFile(b *testing.B, src, dst string) {
	b.Helper()
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// mapped waits for the next top-level window mapped on the watched
// display, the first n maps aside.
func mapped(b *testing.B, w *mapWatch, n int) windowMap {
	b.Helper()
	m, err := w.next(n, awaitTimeout)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkOpenColleaguesProject opens a colleague's project of 1,000
// documents and 100,000 passages from the command line, a fresh copy each
// time, and reports the milliseconds from the process's start to its
// window mapped on the screen (window-ms) and to the first document laid
// out in it (usable-ms), and the longest the window did not draw
// meanwhile (stall-ms, the worst of the runs: from the window mapped to
// the event loop's first turn, or the longest gap after it). Before each
// open, the baseline: the smallest Fyne window started the same way on the
// same display (hello-window-ms), and window-ms as a multiple of it.
func BenchmarkOpenColleaguesProject(b *testing.B) {
	project := bigProject(b)
	hello := helloWindow(b)
	d := newDesktop(b, desktopOptions{})
	w, err := watchMaps(d.display)
	if err != nil {
		b.Fatal(err)
	}
	defer w.close()
	var helloMs, windowMs, usableMs []float64
	var stall float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		n := w.count()
		start := time.Now()
		h := d.start(hello)
		helloMs = append(helloMs, ms(mapped(b, w, n).at.Sub(start)))
		h.kill()

		file := d.path(fmt.Sprintf("colleague-%d.gloss", i))
		copyFile(b, project, file)
		n = w.count()
		b.StartTimer()
		start = time.Now()
		a := d.start(glossBin, file)
		a.wait = openTimeout
		m := mapped(b, w, n)
		_, watching := a.awaitAt(`^watching$`)
		_, ready := a.awaitAt(`^ready \S+$`)
		b.StopTimer()
		windowMs = append(windowMs, ms(m.at.Sub(start)))
		usableMs = append(usableMs, ms(ready.Sub(start)))
		stall = max(stall, ms(watching.Sub(m.at)), a.stallMax())
		a.kill()
		if err := os.Remove(file); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(mean(windowMs), "window-ms")
	b.ReportMetric(mean(usableMs), "usable-ms")
	b.ReportMetric(mean(helloMs), "hello-window-ms")
	b.ReportMetric(mean(windowMs)/mean(helloMs), "window/hello")
	b.ReportMetric(stall, "stall-ms")
}

// passagesTab is Gloss open on a colleague's large project, with where
// its Passages tab and another tab are on the screen.
type passagesTab struct {
	d                  *desktop
	a                  *app
	passages, codebook word
	status             word // a word of the status bar, below the tabs
	export             word // the tab's Export button, just above its list

	// The bare List window keystroke-floor compares the tab with, once
	// opened (it stays open for the rest of the benchmark).
	bare *filterTyping
	b    *testing.B // the benchmark the desktops belong to
}

// openPassagesTab launches Gloss on a fresh copy of the large project,
// waits for it to be usable and finds its side tabs on the screen.
func openPassagesTab(b *testing.B) *passagesTab {
	b.Helper()
	project := bigProject(b)
	// Wide enough for the side tabs to show the list's scroll bar.
	d := newDesktop(b, desktopOptions{width: 1600, height: 900, window: true})
	file := d.path("colleague.gloss")
	copyFile(b, project, file)
	a := d.launch(file)
	a.wait = openTimeout
	a.await(`^ready \S+$`)
	a.wait = 0
	// The status bar says who is coding once the project is shown.
	words, i, _ := d.awaitPhrase("coding")
	status := words[i]
	passages, _ := d.findPhrase(words, "Passages")
	codebook, _ := d.findPhrase(words, "Codebook")
	return &passagesTab{d: d, a: a, passages: passages, codebook: codebook, status: status, b: b}
}

// clickAt clicks p and returns when xdotool, the click sent, exited.
func (d *desktop) clickAt(p word) time.Time {
	d.t.Helper()
	d.click(p.center())
	return time.Now()
}

// BenchmarkPassagesTab times the Passages tab on a colleague's project of
// 100,000 passages:
//
//   - open: a click on the tab (after one on the Codebook tab) to the tab
//     showing its listing of 100,000 with its first screen of passages;
//   - keystroke: a key typed in the text filter (typing "navalny", then
//     deleting it with BackSpace, a key at a time) to the listing for the
//     text shown, which waits 150 ms after the last key first
//     (beyond-debounce-ms is the rest);
//   - keystroke-floor: the same keys typed in turns into Gloss and into
//     a bare Fyne window of a List of rows like the tab's
//     (testdata/rows), with both windows' stalls a key (the worst and
//     the mean) and stall/bare, the ratio of the means: how much more a
//     key's frames cost in Gloss than Fyne's floor for such a list;
//     paint-px and bare-paint-px are the pixels a frame of each window
//     shades, its draw calls' areas added up (app/internal/overdraw);
//   - end: dragging the scroll bar's thumb from the top to the bottom, in
//     ten moves, to the last passages shown.
//
// Each reports stall-ms, the longest the window did not draw, over all
// its runs.
func BenchmarkPassagesTab(b *testing.B) {
	tab := openPassagesTab(b)
	d, a := tab.d, tab.a
	a.stallMax() // opening the project is BenchmarkOpenColleaguesProject's

	b.Run("open", func(b *testing.B) {
		defer tab.reportTo(b)()
		var open []float64
		var stall float64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d.click(tab.codebook.center())
			sent := d.clickAt(tab.passages)
			b.StartTimer()
			_, shown := a.awaitAt(fmt.Sprintf(`^passages %d $`, benchPassages))
			b.StopTimer()
			open = append(open, ms(shown.Sub(sent)))
			stall = max(stall, a.stallMax())
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(mean(open), "open-ms")
		b.ReportMetric(stall, "stall-ms")
	})

	b.Run("keystroke", func(b *testing.B) {
		defer tab.reportTo(b)()
		b.StopTimer()
		gloss := tab.filterTyping()
		a.stallMax() // opening the tab and clicking into the filter are not a key's
		var keys []float64
		var stall float64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			sent := gloss.key()
			b.StartTimer()
			shown := gloss.await()
			b.StopTimer()
			keys = append(keys, ms(shown.Sub(sent)))
			stall = max(stall, a.stallMax())
			b.StartTimer()
		}
		b.StopTimer()
		gloss.clear()
		b.ReportMetric(mean(keys), "keystroke-ms")
		b.ReportMetric(mean(keys)-ms(typingDelay), "beyond-debounce-ms")
		b.ReportMetric(stall, "stall-ms")
	})

	b.Run("keystroke-floor", func(b *testing.B) {
		defer tab.reportTo(b)()
		// The floor: the same key typed, in turns, into a bare Fyne
		// window of a List of rows like the tab's (testdata/rows), every
		// row's texts changed by it, on a display of its own of the same
		// size, its stalls timed by the same watchdog.
		b.StopTimer()
		gloss := tab.filterTyping()
		if tab.bare == nil {
			tab.bare = openRows(tab.b, b)
		}
		bare := tab.bare
		var keys, bareKeys, stalls, bareStalls []float64
		// Each window's stall for a key is asked for once the other has
		// listed its own key, at least the 150 ms pause later: the frame
		// that draws the new rows, which comes after the listing's
		// event, is drawn by then.
		gloss.a.stallMax()
		bare.a.stallMax()
		for i := 0; i < b.N; i++ {
			sent := gloss.key()
			b.StartTimer()
			shown := gloss.await()
			b.StopTimer()
			keys = append(keys, ms(shown.Sub(sent)))
			if i > 0 {
				bareStalls = append(bareStalls, bare.a.stallMax())
			}
			sent = bare.key()
			shown = bare.await()
			bareKeys = append(bareKeys, ms(shown.Sub(sent)))
			stalls = append(stalls, gloss.a.stallMax())
		}
		time.Sleep(typingDelay) // the interval measured, as between keys
		bareStalls = append(bareStalls, bare.a.stallMax())
		// What a frame of each window shades, with the last key's rows
		// shown: the pixels its draw calls cover, at scale 1.
		px := gloss.a.paint()
		barePx := bare.a.paint()
		gloss.clear()
		bare.clear()
		b.ReportMetric(px, "paint-px")
		b.ReportMetric(barePx, "bare-paint-px")
		b.ReportMetric(mean(keys), "keystroke-ms")
		b.ReportMetric(mean(bareKeys), "bare-keystroke-ms")
		b.ReportMetric(slices.Max(stalls), "stall-ms")
		b.ReportMetric(slices.Max(bareStalls), "bare-stall-ms")
		b.ReportMetric(mean(stalls), "mean-stall-ms")
		b.ReportMetric(mean(bareStalls), "bare-mean-stall-ms")
		b.ReportMetric(mean(stalls)/mean(bareStalls), "stall/bare")
	})

	b.Run("end", func(b *testing.B) {
		defer tab.reportTo(b)()
		// The last page of the listing, as the tab reads it (64 a page).
		last := (benchPassages - 1) / 64 * 64
		b.StopTimer()
		var ends []float64
		var stall float64
		d.click(tab.codebook.center())
		d.click(tab.passages.center())
		a.await(fmt.Sprintf(`^passages %d $`, benchPassages))
		// The screen is read again until it is drawn with the tab open.
		for tries := 0; tries < 10 && tab.export.text == ""; tries++ {
			for _, w := range d.readScreenAs(tries%2 == 1) {
				if strings.HasPrefix(w.text, "Export") && w.box.Min.X > tab.passages.box.Min.X {
					tab.export = w
				}
			}
		}
		if tab.export.text == "" {
			b.Fatal("the Passages tab shows no Export button")
		}
		thumb := tab.awaitThumb("anywhere", func(scrollThumb) bool { return true })
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			if !tab.atTop(thumb) {
				// Left at the end by the run before: dragged back up past
				// the top, then read until drawn there.
				d.drag(thumb.center(), image.Pt(thumb.x, 0), nil)
				thumb = tab.awaitThumb("at the top of the list", tab.atTop)
			}
			// A new listing, none of whose pages are read but the first.
			d.click(tab.codebook.center())
			d.click(tab.passages.center())
			a.await(fmt.Sprintf(`^passages %d $`, benchPassages))
			a.stallMax()
			b.StartTimer()
			// Ten moves to the bottom, a screen each, then the last
			// passages shown, then the button released (also when the
			// wait fails).
			top, bottom := thumb.center(), image.Pt(thumb.x, tab.listBottom())
			pressed := time.Now()
			var moved, shown time.Time
			func() {
				defer d.release()
				d.xdotool(append(append([]string{"mousemove"}, coords(top)...), "mousedown", "1")...)
				for k := 1; k <= 10; k++ {
					d.move(image.Pt(top.X, top.Y+(bottom.Y+40-top.Y)*k/10))
				}
				moved = time.Now()
				_, shown = a.awaitAt(fmt.Sprintf(`^passages-page %d \d+$`, last))
				b.StopTimer()
			}()
			if shown.Before(pressed) {
				b.Fatal("the last page was read before the drag began: the listing was made with the list at its end")
			}
			ends = append(ends, ms(shown.Sub(moved)))
			stall = max(stall, a.stallMax())
			// The release handled, the list stays at its end.
			thumb = tab.awaitThumb("at the end of the list", tab.atEnd)
			if i == 0 {
				// The screen shows the last passage, of the last article:
				// the end of the sentence before it, in its row.
				d.awaitText(fmt.Sprintf("(%d.%d)", benchDocuments-1, benchPassages/benchDocuments-2))
			}
			b.StartTimer()
		}
		b.StopTimer()
		b.ReportMetric(mean(ends), "end-ms")
		b.ReportMetric(stall, "stall-ms")
	})

	b.Run("idle", func(b *testing.B) {
		defer tab.reportTo(b)()
		// The baseline: the longest stall of the window doing nothing
		// for a second, on this machine as loaded as it is.
		var stall float64
		for i := 0; i < b.N; i++ {
			a.stallMax()
			time.Sleep(time.Second) // the interval measured
			stall = max(stall, a.stallMax())
		}
		b.ReportMetric(stall, "stall-ms")
	})
}

// filterTyping types "navalny" into a window's text filter a key at a
// time, then deletes it with BackSpace, a key at a time, and waits for the
// listing of what the filter holds.
type filterTyping struct {
	d    *desktop
	a    *app
	i    int    // keys typed
	text string // what the filter holds
}

// typedWord is what filterTyping types.
const typedWord = "navalny"

// filterTyping clicks the Passages tab open, anew, and into its text
// filter.
func (tab *passagesTab) filterTyping() *filterTyping {
	d, a := tab.d, tab.a
	d.click(tab.codebook.center())
	d.click(tab.passages.center())
	a.await(fmt.Sprintf(`^passages %d $`, benchPassages))
	return focusFilter(d, a)
}

// focusFilter clicks into the text filter, found on the screen by its
// placeholder.
func focusFilter(d *desktop, a *app) *filterTyping {
	words, _, j := d.awaitPhrase("Words in quote or note")
	d.click(words[j].center())
	return &filterTyping{d: d, a: a}
}

// key types the next key and returns when xdotool, the key sent, exited.
func (f *filterTyping) key() time.Time {
	f.d.t.Helper()
	key := ""
	k := f.i % (2 * len(typedWord))
	if k < len(typedWord) {
		key = typedWord[k : k+1]
		f.text += key
	} else {
		key = "BackSpace"
		f.text = f.text[:len(f.text)-1]
	}
	f.i++
	f.d.xdotool("key", "--delay", "0", key)
	return time.Now()
}

// await waits for the listing of what the filter holds and returns when
// its event was read.
func (f *filterTyping) await() time.Time {
	f.d.t.Helper()
	_, shown := f.a.awaitAt(fmt.Sprintf(`^passages \d+ %s$`, f.text))
	return shown
}

// clear deletes what is left typed, for the next run.
func (f *filterTyping) clear() {
	f.d.t.Helper()
	for f.text != "" {
		f.text = f.text[:len(f.text)-1]
		f.d.xdotool("key", "--delay", "0", "BackSpace")
		f.await()
	}
	f.i = 0
}

// openRows builds, once per test binary, the bare List window the
// keystroke's floor is taken on (testdata/rows), starts it on a display
// of its own of the size the Passages tab's benchmark gives Gloss, owned
// by owner (they end with it), and clicks into its text filter;
// failures are reported to b.
func openRows(owner, b *testing.B) *filterTyping {
	b.Helper()
	bin := rowsProgram.build(b)
	d := newDesktop(owner, desktopOptions{width: 1600, height: 900})
	a := d.start(bin)
	d.t = b
	a.await(`^watching$`)
	return focusFilter(d, a)
}

// typingDelay is how long the Passages tab's text filter waits after a
// key before it lists (app/passagelist.go).
const typingDelay = 150 * time.Millisecond

// scrollThumb is the Passages list's scroll bar thumb as a screenshot
// shows it.
type scrollThumb struct {
	x           int  // the rightmost column through it
	top, bottom int  // its first and last rows drawn in full
	thin        bool // drawn thin: neither dragged nor under the pointer
}

func (s scrollThumb) center() image.Point { return image.Pt(s.x, (s.top+s.bottom)/2) }

// The thumb's size on the screen, in pixels: 8 to 64 rows (Fyne's
// thumb is never shorter than the theme's scroll bar size, 12 at scale
// 1, anti-aliased at its ends; with 100,000 passages it is that short),
// and at most thinWidth columns wide when thin (3, against 12 while
// dragged or under the pointer).
const (
	thumbMin, thumbMax = 8, 64
	thinWidth          = 6
)

// listTop and listBottom bound the rows the list's thumb can be drawn
// in: between the tab's Export button and the status bar.
func (tab *passagesTab) listTop() int    { return tab.export.box.Max.Y + 2 }
func (tab *passagesTab) listBottom() int { return tab.status.box.Min.Y - 12 }

// atTop and atEnd say whether the thumb is at the top or the end of the
// list's track: within two of its own lengths of the rows listTop and
// listBottom, which lie a few pixels outside the track. A pixel of the
// track is about 190 passages, so a list left anywhere but at its first
// or last few thousand passages is neither.
func (tab *passagesTab) atTop(s scrollThumb) bool {
	return s.top-tab.listTop() < 2*(s.bottom-s.top+1)
}

func (tab *passagesTab) atEnd(s scrollThumb) bool {
	return tab.listBottom()-s.bottom < 2*(s.bottom-s.top+1)
}

// readThumb reads the screen once for the Passages list's scroll bar
// thumb: in the rightmost column, right of the tab's label and between
// listTop and listBottom, with a run of thumbMin to thumbMax pixels that
// stand out from the background below the Export button (by a quarter
// of the full scale in some channel: the anti-aliased ends, the list's
// separators and shadows and, while it is dragged or hovered, the
// track do not). Its width, read along its middle row, tells whether it
// is drawn thin.
func (tab *passagesTab) readThumb() (scrollThumb, bool) {
	d := tab.d
	d.t.Helper()
	shot := d.path("thumb.png")
	d.screenshot(shot)
	f, err := os.Open(shot)
	if err != nil {
		d.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		d.t.Fatalf("%s: %v", shot, err)
	}
	bg := img.At(tab.export.box.Max.X, tab.export.box.Max.Y+2)
	br, bgr, bb, _ := bg.RGBA()
	far := func(a, b uint32) bool { return max(a, b)-min(a, b) >= 0x4000 }
	strong := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return far(r, br) || far(g, bgr) || far(b, bb)
	}
	y0, y1 := tab.listTop(), tab.listBottom()
	for x := img.Bounds().Max.X - 1; x > tab.passages.box.Min.X; x-- {
		run := 0
		for y := y0; y <= y1; y++ {
			if y < y1 && strong(x, y) {
				run++
				continue
			}
			if run >= thumbMin && run <= thumbMax {
				s := scrollThumb{x: x, top: y - run, bottom: y - 1}
				w := 0
				for mid := (s.top + s.bottom) / 2; x-w >= 0 && strong(x-w, mid); w++ {
				}
				s.thin = w <= thinWidth
				return s, true
			}
			run = 0
		}
	}
	return scrollThumb{}, false
}

// awaitThumb reads the screen until it shows the list's thumb drawn thin,
// so drawn after the app handled the last release of the button, and
// where ok says; what is what ok asks for, for the failure message.
func (tab *passagesTab) awaitThumb(what string, ok func(scrollThumb) bool) scrollThumb {
	d := tab.d
	d.t.Helper()
	deadline := time.Now().Add(awaitTimeout)
	for {
		s, found := tab.readThumb()
		if found && s.thin && ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("the Passages list's scroll bar thumb was not drawn thin %s within %v; last seen: %+v (found: %v), the list's track between rows %d and %d",
				what, awaitTimeout, s, found, tab.listTop(), tab.listBottom())
		}
	}
}

// reportTo has the desktop and the app report failures to the
// sub-benchmark b (so that a failed wait stops it, not its parent's
// goroutine from another), until the function returned is called.
func (tab *passagesTab) reportTo(b *testing.B) func() {
	tab.d.t = b
	if tab.bare != nil {
		tab.bare.d.t = b
	}
	return func() {
		tab.d.t = tab.b
		if tab.bare != nil {
			tab.bare.d.t = tab.b
		}
	}
}

// release releases the left mouse button, whatever happened before: it
// runs while a failed benchmark ends, so it reports nothing.
func (d *desktop) release() {
	cmd := exec.Command("xdotool", "mouseup", "1")
	cmd.Env = d.env
	cmd.Run()
}

// awaitText reads the screen until s is in what it reads.
func (d *desktop) awaitText(s string) {
	d.t.Helper()
	for tries := 0; ; tries++ {
		words := d.readScreenAs(tries%2 == 1)
		if strings.Contains(screenText(words), s) {
			return
		}
		if tries == 4 {
			d.t.Fatalf("%q never appeared on the screen, which reads:\n%s", s, screenText(words))
		}
	}
}
