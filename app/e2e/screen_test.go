//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ocrScale is how much the screenshot is enlarged before tesseract reads
// it: screen text is small for it, and at twice the size it reads the
// sample articles without a mistake.
const ocrScale = 2

// word is a word tesseract read on the screen.
type word struct {
	text string
	box  image.Rectangle // on screen, in pixels
	conf float64         // tesseract's confidence, 0–100
	line int             // the words of one line of text share it, numbered in reading order
}

// start is a point just inside the word's first letter: a press there puts
// the caret before the word.
func (w word) start() image.Point {
	return image.Pt(w.box.Min.X+1, (w.box.Min.Y+w.box.Max.Y)/2)
}

// end is a point just past the word's last letter: a press there puts the
// caret after the word.
func (w word) end() image.Point {
	return image.Pt(w.box.Max.X+1, (w.box.Min.Y+w.box.Max.Y)/2)
}

// center is the middle of the word.
func (w word) center() image.Point {
	return image.Pt((w.box.Min.X+w.box.Max.X)/2, (w.box.Min.Y+w.box.Max.Y)/2)
}

// readScreenAs screenshots the screen and returns the words on it in
// reading order, with the enlarged screen made black and white first when
// binary is set: light text on a strong passage band in the dark theme is
// lost in grey, and found in black and white.
func (d *desktop) readScreenAs(binary bool) []word {
	t := d.t
	t.Helper()
	d.shots++
	shot := d.path(fmt.Sprintf("screen-%d.png", d.shots))
	big := d.path(fmt.Sprintf("screen-%d-x%d.png", d.shots, ocrScale))
	d.screenshot(shot)
	args := []string{shot, "-resize", fmt.Sprintf("%d%%", 100*ocrScale), "-colorspace", "Gray"}
	if meanLuminance(t, shot) < 0.5 {
		// Light text on dark: tesseract reads dark on light twice as fast.
		args = append(args, "-negate")
	}
	if binary {
		args = append(args, "-threshold", "45%")
	}
	d.run("/usr/bin/convert", append(args, big)...)
	tsv := d.path(fmt.Sprintf("screen-%d", d.shots))
	d.run("tesseract", big, tsv, "-l", d.ocrLang, "tsv")
	f, err := os.Open(tsv + ".tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	words, err := parseTSV(f, ocrScale)
	if err != nil {
		t.Fatalf("%s.tsv: %v", tsv, err)
	}
	return words
}

// parseTSV reads tesseract's TSV output for an image scaled by scale: its
// words, with boxes in the unscaled image's pixels.
func parseTSV(r io.Reader, scale int) ([]word, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var words []word
	lines := map[string]int{}
	header := true
	for n := 1; sc.Scan(); n++ {
		if header {
			if !strings.HasPrefix(sc.Text(), "level\t") {
				return nil, fmt.Errorf("line 1 is not tesseract's TSV header: %q", sc.Text())
			}
			header = false
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 12 {
			return nil, fmt.Errorf("line %d has %d fields, want 12", n, len(f))
		}
		if f[0] != "5" || strings.TrimSpace(f[11]) == "" {
			continue // not a word
		}
		var v [4]int
		for i := range v {
			x, err := strconv.Atoi(f[6+i])
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			v[i] = x
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		key := strings.Join(f[1:5], " ") // page, block, paragraph, line
		ln, ok := lines[key]
		if !ok {
			ln = len(lines)
			lines[key] = ln
		}
		left, top, width, height := v[0], v[1], v[2], v[3]
		words = append(words, word{
			text: f[11],
			box:  image.Rect(left/scale, top/scale, (left+width+scale-1)/scale, (top+height+scale-1)/scale),
			conf: conf,
			line: ln,
		})
	}
	return words, sc.Err()
}

// normalize maps typographic quotes and dashes to their plain forms, which
// OCR does not tell apart, and folds runs of white space to one space.
func normalize(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// phrase returns the text of words[i..j], one space between words.
func phrase(words []word, i, j int) string {
	var parts []string
	for _, w := range words[i : j+1] {
		parts = append(parts, w.text)
	}
	return strings.Join(parts, " ")
}

// locate returns the first run of consecutive words that reads p (after
// normalize): the indexes of its first and last words.
func locate(words []word, p string) (first, last int, ok bool) {
	want := strings.Fields(normalize(p))
	if len(want) == 0 {
		return 0, 0, false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		j := 0
		for j < len(want) && normalize(words[i+j].text) == want[j] {
			j++
		}
		if j == len(want) {
			return i, i + len(want) - 1, true
		}
	}
	return 0, 0, false
}

// screenText is the words as tesseract read them, a line of text a line.
func screenText(words []word) string {
	var b strings.Builder
	for i, w := range words {
		switch {
		case i == 0:
		case w.line != words[i-1].line:
			b.WriteByte('\n')
		default:
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// findPhrase returns the first and last words of p on the screen, failing
// the test (with what the screen reads) when it is not there.
func (d *desktop) findPhrase(words []word, p string) (first, last word) {
	d.t.Helper()
	i, j, ok := locate(words, p)
	if !ok {
		d.t.Fatalf("%q is not on the screen, which reads:\n%s", p, screenText(words))
	}
	return words[i], words[j]
}

// awaitPhrase reads the screen until p is on it and returns the words read
// with the indexes of p's first and last words.
func (d *desktop) awaitPhrase(p string) (words []word, first, last int) {
	d.t.Helper()
	for tries := 0; ; tries++ {
		// Every other read in black and white, for text on strong bands.
		words = d.readScreenAs(tries%2 == 1)
		if i, j, ok := locate(words, p); ok {
			return words, i, j
		}
		if tries == 10 {
			d.t.Fatalf("%q never appeared on the screen, which reads:\n%s", p, screenText(words))
		}
	}
}

// meanLuminance is the mean relative luminance of a PNG, from 0 (black)
// to 1 (white), over every other pixel of every other row.
func meanLuminance(t testing.TB, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	var sum float64
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			sum += (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(bl)) / 0xffff
			n++
		}
	}
	return sum / float64(n)
}
