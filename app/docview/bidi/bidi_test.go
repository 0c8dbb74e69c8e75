package bidi

import (
	"bufio"
	"compress/gzip"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// assigned reports whether r is assigned in the Unicode version of the
// character tables in use: the conformance file may be newer.
func assigned(r rune) bool {
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf, unicode.Co)
}

// TestConformance runs every case of the Unicode conformance file
// BidiCharacterTest.txt (testdata/, from Unicode 17.0.0; cases using
// characters the tables in use do not know yet are left out and counted):
// paragraph level, the level of every character after rule L1, and the
// visual order after L2.
func TestConformance(t *testing.T) {
	f, err := os.Open("testdata/BidiCharacterTest.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var p Paragraph
	cases, skipped, failed := 0, 0, 0
	line := 0
next:
	for sc.Scan() {
		line++
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		fields := strings.Split(s, ";")
		if len(fields) != 5 {
			t.Fatalf("line %d: %d fields", line, len(fields))
		}
		var text []rune
		for _, h := range strings.Fields(fields[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("line %d: %v", line, err)
			}
			if !assigned(rune(v)) {
				skipped++
				continue next
			}
			text = append(text, rune(v))
		}
		base := map[string]int8{"0": 0, "1": 1, "2": -1}[fields[1]]
		wantPara, _ := strconv.Atoi(fields[2])
		wantLevels := strings.Fields(fields[3])
		var wantOrder []int
		for _, o := range strings.Fields(fields[4]) {
			v, _ := strconv.Atoi(o)
			wantOrder = append(wantOrder, v)
		}
		cases++

		levels := make([]int8, len(text))
		para := p.Resolve(text, base, levels)
		Line(text, levels, para)
		ok := int(para) == wantPara
		var keptLevels []int8
		var kept []int
		for i, w := range wantLevels {
			if w == "x" {
				continue
			}
			v, _ := strconv.Atoi(w)
			if int(levels[i]) != v {
				ok = false
			}
			keptLevels = append(keptLevels, levels[i])
			kept = append(kept, i)
		}
		order := make([]int, len(keptLevels))
		Reorder(keptLevels, order)
		if len(order) != len(wantOrder) {
			ok = false
		} else {
			for i := range order {
				if kept[order[i]] != wantOrder[i] {
					ok = false
				}
			}
		}
		if !ok {
			failed++
			if failed <= 10 {
				t.Errorf("line %d: %s\n got paragraph %d levels %v", line, s, para, levels)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases, %d failed, %d left out for characters unknown to Unicode %s", cases, failed, skipped, unicode.Version)
	if failed > 0 {
		t.Errorf("%d of %d conformance cases failed", failed, cases)
	}
	if cases < 80000 {
		t.Errorf("only %d cases run", cases)
	}
}
