//go:build e2e

package e2e

import (
	"image"
	"os"
	"strings"
	"testing"
)

// testdata/screen-x2.tsv is what tesseract read on a screenshot of the app
// (the sample project just opened) enlarged twice.

func TestParseTSVAndLocate(t *testing.T) {
	f, err := os.Open("testdata/screen-x2.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	words, err := parseTSV(f, 2)
	if err != nil {
		t.Fatal(err)
	}
	first, last, ok := locate(words, "President Biden met with Russian President Vladimir Putin in Geneva for less than four hours of talks on Wednesday, a highly anticipated summit that comes as both sides say U.S.-Russia relations have sunk to a new post-Cold War low.")
	if !ok {
		t.Fatalf("the first sentence is not found in:\n%s", screenText(words))
	}
	// In the TSV: "President" at (640, 526) sized 122×23 and "low." on the
	// fourth line of the paragraph, halved to screen pixels.
	if w := words[first]; w.text != "President" || w.box != image.Rect(320, 263, 381, 275) {
		t.Errorf("first word %q at %v", w.text, w.box)
	}
	if w := words[last]; w.text != "low." || w.line != words[first].line+3 {
		t.Errorf("last word %q on line %d, want low. three lines below line %d", w.text, w.line, words[first].line)
	}
	if p := words[first].start(); p != image.Pt(321, 269) {
		t.Errorf("start of the first word at %v", p)
	}
	if got := phrase(words, first, last); !strings.HasPrefix(got, "President Biden met") || !strings.HasSuffix(got, "War low.") {
		t.Errorf("phrase read %q", got)
	}
	// Typographic quotes match the plain ones OCR reads.
	if _, _, ok := locate(words, "Putin called the talks “very constructive’"); !ok {
		t.Error("a phrase with typographic quotes is not found")
	}
	if _, _, ok := locate(words, "Putin called the talks positive"); ok {
		t.Error("a phrase that is not on the screen is found")
	}
	if !strings.Contains(screenText(words), "\nthan four hours of talks on Wednesday, a highly anticipated summit that\n") {
		t.Errorf("screen text lacks the second line of the article:\n%s", screenText(words))
	}
}

func TestParseTSVRefusesOtherInput(t *testing.T) {
	if _, err := parseTSV(strings.NewReader("President Biden\n"), 1); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("text that is not TSV: %v", err)
	}
	bad := "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n5\t1\t1\t1\t1\t1\tx\t0\t1\t1\t90\tword\n"
	if _, err := parseTSV(strings.NewReader(bad), 1); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a malformed box: %v", err)
	}
}
