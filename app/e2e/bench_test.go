//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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

var (
	helloOnce sync.Once
	helloBin  string
	helloErr  error
)

// cleanupBench removes what the benchmarks generated (about 100 MB); TestMain
// calls it when the test binary is done.
func cleanupBench() {
	storagetest.RemoveShared()
	if helloBin != "" {
		os.Remove(helloBin)
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
	helloOnce.Do(func() {
		helloBin = filepath.Join(filepath.Dir(glossBin), "hello")
		build := exec.Command("go", "build", "-o", helloBin, "./app/e2e/testdata/hello")
		build.Dir = repoRoot
		if out, err := build.CombinedOutput(); err != nil {
			helloErr = fmt.Errorf("building the hello window: %v\n%s", err, out)
		}
	})
	if helloErr != nil {
		b.Fatal(helloErr)
	}
	return helloBin
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
	return &passagesTab{d: d, a: a, passages: passages, codebook: codebook, status: status}
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
		b.StopTimer()
		d.click(tab.codebook.center())
		d.click(tab.passages.center())
		a.await(fmt.Sprintf(`^passages %d $`, benchPassages))
		words, _, j := d.awaitPhrase("Words in quote or note")
		d.click(words[j].center())
		const word = "navalny"
		var keys []float64
		var stall float64
		text := ""
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			key := ""
			k := i % (2 * len(word))
			if k < len(word) {
				key = word[k : k+1]
				text += key
			} else {
				key = "BackSpace"
				text = text[:len(text)-1]
			}
			d.xdotool("key", "--delay", "0", key)
			sent := time.Now()
			b.StartTimer()
			_, shown := a.awaitAt(fmt.Sprintf(`^passages \d+ %s$`, text))
			b.StopTimer()
			keys = append(keys, ms(shown.Sub(sent)))
			stall = max(stall, a.stallMax())
			b.StartTimer()
		}
		b.StopTimer()
		// What is left typed is deleted, for the next run.
		for ; text != ""; text = text[:len(text)-1] {
			d.xdotool("key", "--delay", "0", "BackSpace")
			a.await(fmt.Sprintf(`^passages \d+ %s$`, text[:len(text)-1]))
		}
		b.ReportMetric(mean(keys), "keystroke-ms")
		b.ReportMetric(mean(keys)-ms(typingDelay), "beyond-debounce-ms")
		b.ReportMetric(stall, "stall-ms")
	})

	b.Run("end", func(b *testing.B) {
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
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			top, bottom, ok := tab.thumb()
			if !ok {
				b.Fatal("the Passages list shows no scroll bar")
			}
			if top.Y > bottom.Y-100 {
				// Left at the end by the run before: back to the top,
				// the screen read until it is drawn there.
				d.drag(top, image.Pt(top.X, 0), nil)
				for tries := 0; ok && top.Y > bottom.Y-100; tries++ {
					if tries == 20 {
						b.Fatal("the Passages list's scroll bar did not go back to the top")
					}
					top, bottom, ok = tab.thumb()
				}
				if !ok {
					b.Fatal("the Passages list shows no scroll bar")
				}
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
			ends = append(ends, ms(shown.Sub(moved)))
			stall = max(stall, a.stallMax())
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

// typingDelay is how long the Passages tab's text filter waits after a
// key before it lists (app/passagelist.go).
const typingDelay = 150 * time.Millisecond

// thumb finds the Passages list's scroll bar thumb on the screen: the
// rightmost column, right of the tab's label, between the tab's Export
// button and the status bar, with a run of at least 8 pixels of one
// colour that is not the background's. It returns where to press it and
// the bottom of the list below it.
func (tab *passagesTab) thumb() (top, bottom image.Point, ok bool) {
	d := tab.d
	d.t.Helper()
	d.shots++
	shot := d.path(fmt.Sprintf("thumb-%d.png", d.shots))
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
	r := img.Bounds()
	bg := img.At(tab.export.box.Max.X, tab.export.box.Max.Y+2)
	same := func(a, b color.Color) bool {
		ar, ag, ab, _ := a.RGBA()
		br, bg, bb, _ := b.RGBA()
		near := func(x, y uint32) bool { return x-y < 0x0800 || y-x < 0x0800 }
		return near(ar, br) && near(ag, bg) && near(ab, bb)
	}
	y0, y1 := tab.export.box.Max.Y+2, tab.status.box.Min.Y-12
	for x := r.Max.X - 1; x > tab.passages.box.Min.X; x-- {
		run := 0
		for y := y0; y < y1; y++ {
			c := img.At(x, y)
			if same(c, bg) || (run > 0 && !same(c, img.At(x, y-1))) {
				if run >= 8 {
					return image.Pt(x, y-run/2), image.Pt(x, y1), true
				}
				run = 0
			}
			if !same(c, bg) {
				run++
			}
		}
	}
	return image.Point{}, image.Point{}, false
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
