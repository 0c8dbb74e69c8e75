//go:build e2e

package e2e

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateScreenshots = flag.Bool("screenshots", false, "write the screenshots in docs/screenshots")

// TestScreenshots opens a sample project that two researchers have coded,
// in the light and the dark theme, clicks a passage and checks that the
// inspector shows it in the theme asked for. With -screenshots the screens
// become docs/screenshots/main-light.png and main-dark.png:
//
//	go test -tags 'sqlite_fts5 e2e' -count=1 -run Screenshots ./app/e2e/ -screenshots
func TestScreenshots(t *testing.T) {
	for _, theme := range []string{"light", "dark"} {
		t.Run(theme, func(t *testing.T) {
			d := newDesktop(t, desktopOptions{theme: theme, author: "Ada Lovelace"})
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
			highlight("Ada Lovelace", "Expectations", `Biden called the talks "positive"`, "")
			highlight("Ada Lovelace", "Ambassadors", "Russia's respective ambassadors would return to their posts",
				"The one concrete outcome announced at the press conferences. Compare with The Hill's framing.")
			highlight("Sam Carter", "Cyber red lines", "16 pieces of infrastructure limits that the U.S. would consider off limits", "")
			highlight("Sam Carter", "Human rights", "crackdown on dissidents", "")
			highlight("Ada Lovelace", "Cooperation", "to work together on the few issues, like nuclear security, where interests overlap", "")

			a := d.launch(project)
			a.await(`^ready `)
			words, first, last := d.awaitPhrase("respective ambassadors would return")
			d.click(words[(first+last)/2].center())
			a.await(`^inspect `)
			d.awaitPhrase("The one concrete outcome announced") // the note, in the inspector

			shot := d.path("main-" + theme + ".png")
			if *updateScreenshots {
				shot = filepath.Join(repoRoot, "docs", "screenshots", "main-"+theme+".png")
			}
			d.screenshot(shot)
			a.quit()
			lum := meanLuminance(t, shot)
			if (theme == "dark" && lum > 0.3) || (theme == "light" && lum < 0.7) {
				t.Errorf("the %s theme's screen has a mean luminance of %.2f", theme, lum)
			}
		})
	}
}
