//go:build e2e

package e2e

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateScreenshots = flag.Bool("screenshots", false, "write the screenshots in docs/screenshots")

// TestScreenshots opens a sample project that two researchers have coded,
// with passages that overlap, at 1400×900 and at 900×600, in the light and
// the dark theme; the window opens at the size it had when it last closed,
// filling the screen. It clicks a passage and checks that the inspector
// shows it in the theme asked for. With -screenshots the screens become
// docs/screenshots/main-WxH-THEME.png:
//
//	go test -tags 'sqlite_fts5 e2e' -count=1 -run Screenshots ./app/e2e/ -screenshots
func TestScreenshots(t *testing.T) {
	for _, size := range [][2]int{{1400, 900}, {900, 600}} {
		// Where the passage to click is: read off the light screen, whose
		// layout the dark one shares (the OCR cannot read coded text on
		// the dark theme's bands).
		var at image.Point
		for _, theme := range []string{"light", "dark"} {
			name := fmt.Sprintf("main-%dx%d-%s", size[0], size[1], theme)
			t.Run(name, func(t *testing.T) {
				if theme == "dark" && at == (image.Point{}) {
					t.Fatal("the light screen did not show where the passage is")
				}
				screenshot(t, name, size[0], size[1], theme, &at)
			})
		}
	}
}

// screenshot makes one screenshot; at is where to click the passage, found
// on the screen when it is zero.
func screenshot(t *testing.T, name string, width, height int, theme string, at *image.Point) {
	d := newDesktop(t, desktopOptions{theme: theme, author: "Ada Lovelace", width: width, height: height, window: true})
	docs := filepath.Join(d.dir, "home", "Documents")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(docs, "Geneva summit.gloss")
	d.gloss("new", project, "--samples", "--author", "Ada Lovelace")
	var doc string
	for _, line := range strings.Split(d.gloss("docs", project), "\n") {
		if strings.Contains(line, "Biden and Putin hold their Geneva summit") {
			doc = strings.Fields(line)[0]
		}
	}
	if doc == "" {
		t.Fatal("no sample article titled \"Biden and Putin hold their Geneva summit\"")
	}
	highlight := func(author, tag, quote, note string) {
		args := []string{"highlight", project, "--author", author, "--doc", doc, "--tag", tag, "--quote", quote}
		if note != "" {
			args = append(args, "--note", note)
		}
		d.gloss(args...)
	}
	// Two researchers, and passages that overlap: Sam's Cooperation runs
	// over the end of Ada's Ambassadors and the start of her Expectations;
	// Ada's Human rights over the start of Sam's Cyber red lines.
	highlight("Ada Lovelace", "Ambassadors", "Russia's respective ambassadors would return to their posts",
		"The one concrete outcome announced at the press conferences. Compare with The Hill's framing.")
	highlight("Sam Carter", "Cooperation", "ambassadors would return to their posts. Biden called the talks", "")
	highlight("Ada Lovelace", "Expectations", `Biden called the talks "positive"`, "")
	highlight("Sam Carter", "Cyber red lines", "16 pieces of infrastructure limits that the U.S. would consider off limits", "")
	highlight("Ada Lovelace", "Human rights", "raised human rights and cyberattacks with Putin, including 16 pieces of infrastructure", "")
	highlight("Sam Carter", "Human rights", "crackdown on dissidents", "")
	highlight("Ada Lovelace", "Cooperation", "to work together on the few issues, like nuclear security, where interests overlap", "")

	a := d.launch(project)
	a.await(`^ready `)
	if geom := d.run("xdotool", "getwindowgeometry", a.window); !strings.Contains(geom, fmt.Sprintf("Geometry: %dx%d", width, height)) {
		t.Fatalf("the window did not open at the size it last had (%d×%d):\n%s", width, height, geom)
	}
	if *at == (image.Point{}) {
		words, first, _ := d.awaitPhrase("respective ambassadors would return")
		*at = words[first].center() // "respective": Ada's passage alone
	}
	d.click(*at)
	a.await(`^inspect `)
	d.awaitPhrase("The one concrete outcome") // the note, in the inspector

	shot := d.path(name + ".png")
	if *updateScreenshots {
		shot = filepath.Join(repoRoot, "docs", "screenshots", name+".png")
	}
	d.screenshot(shot)
	a.quit()
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != width || cfg.Height != height {
		t.Errorf("the screenshot is %d×%d (%v), want %d×%d", cfg.Width, cfg.Height, err, width, height)
	}
	lum := meanLuminance(t, shot)
	if (theme == "dark" && lum > 0.3) || (theme == "light" && lum < 0.7) {
		t.Errorf("the %s theme's screen has a mean luminance of %.2f", theme, lum)
	}
}
