package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/jung-kurt/gofpdf"
)

func testFonts(t testing.TB, find func(rune) string) *fontSet {
	t.Helper()
	if find == nil {
		find = func(rune) string { return "" }
	}
	fs, err := newFontSet(find)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// texts returns the text of each line.
func texts(ls []line) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.text())
	}
	return out
}

func TestBreakLines(t *testing.T) {
	fs := testFonts(t, nil)
	reg := fs.primary[regular]
	em := func(s string) int {
		w := 0
		for _, r := range s {
			w += reg.width(r)
		}
		return w
	}
	for _, tc := range []struct {
		name  string
		text  string
		width int
		want  []string
	}{
		{"fits", "Geneva summit", em("Geneva summit"), []string{"Geneva summit"}},
		{"wraps at spaces", "one two three", em("one two"), []string{"one two", "three"}},
		{"drops spaces at the break", "one   two", em("one "), []string{"one", "two"}},
		{"drops leading and trailing spaces", "  one  ", em("one"), []string{"one"}},
		{"keeps inner spaces", "a  b", em("a  b"), []string{"a  b"}},
		{"no break after a hyphen", "government-to-government talks", em("government-to-"), []string{"government-to-", "government", "talks"}},
		{"breaks after a dash", "yes—no", em("yes—"), []string{"yes—", "no"}},
		{"breaks after a slash", "and/or", em("and/"), []string{"and/", "or"}},
		{"splits a long word", "abcdefghij", em("abcd"), []string{"abcd", "efgh", "ij"}},
		{"no-break space holds", "10\u00a0km away", em("10\u00a0km"), []string{"10\u00a0km", "away"}},
		{"empty", "", 1000, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(breakLines(tokenize(fs.segments(tc.text, regular)), tc.width))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("breakLines(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
			}
		})
	}
}

func TestBreakLinesIdeographs(t *testing.T) {
	cjk := "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	fs := testFonts(t, func(r rune) string { return cjk })
	segs := fs.segments("日内瓦峰会", regular)
	if len(segs) != 1 || segs[0].face == fs.primary[regular] {
		t.Fatalf("no CJK font at %s: this test needs fonts-droid-fallback (make deps installs it)", cjk)
	}
	w := segs[0].face.width('日')
	got := texts(breakLines(tokenize(segs), 2*w))
	if strings.Join(got, "|") != "日内|瓦峰|会" {
		t.Errorf("ideographs break as %q", got)
	}
}

func TestSegments(t *testing.T) {
	fs := testFonts(t, nil)
	for _, tc := range []struct{ in, want string }{
		{"“Curly” — café Ελλάδα Москва", "“Curly” — café Ελλάδα Москва"},
		{"tab\there\nnewline", "tab here newline"},
		{"emoji 😀!", "emoji [U+1F600]!"},
		{"bell \a", "bell [U+0007]"},
		{"zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"},
		{"heart ❤️", "heart [U+2764]"},
		{"中", "[U+4E2D]"},
		{"\xff bad", "\ufffd bad"},
	} {
		var b strings.Builder
		for _, s := range fs.segments(tc.in, regular) {
			b.WriteString(s.text)
		}
		if b.String() != tc.want {
			t.Errorf("segments(%q) = %q, want %q", tc.in, b.String(), tc.want)
		}
	}
}

// TestSegmentsFastPath: a string the primary face draws as it is comes
// back whole, and as the character-by-character split gives it; others
// go that way.
func TestSegmentsFastPath(t *testing.T) {
	fs := testFonts(t, nil)
	for _, in := range []string{"", "plain", "“Curly” — café Ελλάδα Москва", "tab\there", "soft\u00adhyphen",
		"bell \a", "\u0085next", "emoji 😀!", "中", "\xff bad", "قمة جنيف", "line\u2028sep", "\ufffd",
		"Biden שלום", "digits ٣٤", "point \u05B0", "\uFB1D form", "lam-alef \uFEFC", "\u0590", "\u08FF", "ok\x7f", "e\u0301"} {
		for _, st := range []style{regular, bold, italic} {
			got, want := fs.segments(in, st), fs.segmentsOneByOne(in, st)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("segments(%q) = %v, one by one %v", in, got, want)
			}
		}
	}
}

func TestFontLookupsBounded(t *testing.T) {
	calls := 0
	fs := testFonts(t, func(rune) string { calls++; return "" })
	var b strings.Builder
	for r := rune(0x4E00); r < 0x4E00+3*maxFontLookups; r++ {
		b.WriteRune(r)
	}
	fs.segments(b.String(), regular)
	fs.segments(b.String(), bold)
	if calls != maxFontLookups {
		t.Errorf("%d font lookups, want at most %d", calls, maxFontLookups)
	}
}

func TestFallbackRefusesUnusableFonts(t *testing.T) {
	for _, path := range []string{"/nonexistent.ttf", "/etc/passwd",
		"/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"} { // CFF outlines: gofpdf cannot embed it
		fs := testFonts(t, func(rune) string { return path })
		segs := fs.segments("中", regular)
		if len(segs) != 1 || segs[0].text != "[U+4E2D]" {
			t.Errorf("%s: %d segments, first %q", path, len(segs), segs[0].text)
		}
	}
}

// FuzzLayout checks that no text can make the layout or gofpdf fail, that
// nothing above U+FFFF reaches gofpdf and that every character the fonts
// have comes out in order.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"", "plain", "😀👍🏽\u200d", "日本語 العربية", "\x00\x01\ufffe\uffff", "a\u0301\u20dd",
		strings.Repeat("w", 500), "(paren) \\back\\ ", "\U0010FFFF", "\xed\xa0\x80"} {
		f.Add(s)
	}
	fs := testFonts(f, nil)
	f.Fuzz(func(t *testing.T, s string) {
		pdf := gofpdf.New("P", "mm", "A4", "")
		for _, st := range []style{regular, italic} {
			pdf.AddUTF8FontFromBytes(fs.primary[st].family, fs.primary[st].style, fs.primary[st].ttf)
		}
		pdf.AddPage()
		var out strings.Builder
		for _, st := range []style{regular, italic} {
			out.Reset()
			for _, l := range breakLines(tokenize(fs.segments(s, st)), 20000) {
				for _, p := range l.pieces {
					for _, r := range p.text() {
						if r > 0xFFFF {
							t.Fatalf("rune %U reaches gofpdf", r)
						}
					}
					pdf.SetFont(p.face.family, p.face.style, 10)
					pdf.Text(10, 10, p.text())
					pdf.GetStringWidth(p.text())
					out.WriteString(p.text())
				}
			}
		}
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		// Letters and digits of the Go fonts' scripts come out in order.
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) && (unicode.IsLetter(r) || unicode.IsDigit(r)) && r != 'U' && !(r >= 'A' && r <= 'F') && !(r >= '0' && r <= '9') {
					return r
				}
				return -1
			}, s)
		}
		if keep(out.String()) != keep(s) {
			t.Errorf("letters changed: %q became %q", s, out.String())
		}
	})
}

func TestShapeArabic(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []rune
	}{
		{"بيت", []rune{0xFE91, 0xFEF4, 0xFE96}},      // initial, medial, final
		{"لا", []rune{0xFEFB, -1}},                   // lam-alef ligature, isolated
		{"سلام", []rune{0xFEB3, 0xFEFC, -1, 0xFEE1}}, // seen initial, lam-alef final, meem isolated
		{"دار", []rune{0xFEA9, 0xFE8D, 0xFEAD}},      // right-joining letters do not join forward
		{"بَيت", []rune{0xFE91, 0, 0xFEF4, 0xFE96}},  // a vowel mark is transparent
		{"a ب b", []rune{0, 0, 0xFE8F, 0, 0}},        // isolated among Latin
		{"پیک", []rune{0xFB58, 0xFBFF, 0xFB8F}},      // Persian letters
	} {
		got := shapeArabic([]rune(tc.in))
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("shapeArabic(%q) = %X, want %X", tc.in, got, tc.want)
		}
	}
}

func TestVisualOrder(t *testing.T) {
	fs := testFonts(t, nil)
	for _, tc := range []struct {
		in    string
		para  int8 // the paragraph's direction; 0 for a line on its own
		want  string
		right bool
	}{
		{"plain text", 0, "plain text", false},
		{"abc אבג def", 0, "abc גבא def", false},
		{"אבג abc.", 0, ".abc גבא", true},
		{"אבג (דה) 2021", 0, "2021 (הד) גבא", true},
		{"מספר 123 ו", 0, "ו 123 רפסמ", true},
		// An ellipsis where a quote starts inside a sentence stays at
		// the start of a right-to-left line, on its right.
		{"…אבג דה", 0, "הד גבא…", true},
		{"אבג דה…", 0, "…הד גבא", true},
		// A wrapped line of a right-to-left paragraph reads right to
		// left even when it starts with a Latin word, or has no Hebrew
		// at all; a left-to-right paragraph's line starting in Hebrew
		// reads left to right.
		{"Biden אמר כי", 1, "יכ רמא Biden", true},
		{"Biden and Putin.", 1, ".Biden and Putin", true},
		{"אבג said Biden", -1, "גבא said Biden", false},
	} {
		// Only the order matters here, not whether a font has the letters.
		l := line{pieces: []piece{newPiece(fs.primary[regular], tc.in, 0)}, para: tc.para}
		got, right := visual(l)
		if got.text() != tc.want || right != tc.right {
			t.Errorf("visual(%q, paragraph %d) = %q, %v; want %q, %v", tc.in, tc.para, got.text(), right, tc.want, tc.right)
		}
	}
}

// TestLinesKeepTheirParagraphsDirection breaks a Hebrew paragraph so that
// a line starts with a Latin name: every line of it is marked right to
// left and drawn so, and a Latin paragraph's lines left to right.
func TestLinesKeepTheirParagraphsDirection(t *testing.T) {
	hebrew := "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf"
	fs := testFonts(t, func(r rune) string { return hebrew })
	if segs := fs.segments("א", regular); len(segs) != 1 || segs[0].face == fs.primary[regular] {
		t.Fatalf("no Hebrew font at %s: this test needs fonts-noto-core (make deps installs it)", hebrew)
	}
	w := &layouter{fs: fs}
	ts := tstyle{regular, 10, rgb{}, 1.3}
	he := w.lines("אבג דה וזח טיכ Biden למנ סעפ צקר שת", ts, 25)
	if len(he) < 3 {
		t.Fatalf("%d lines %q; want the paragraph wrapped", len(he), texts(he))
	}
	latin := false
	for _, l := range he {
		if l.para != 1 {
			t.Errorf("line %q of the Hebrew paragraph has direction %d", l.text(), l.para)
		}
		if strings.HasPrefix(l.text(), "Biden") {
			latin = true
			if v, right := visual(l); !right || !strings.HasSuffix(v.text(), "Biden") {
				t.Errorf("the wrapped line %q is drawn as %q, right-aligned %v; want Biden on the right", l.text(), v.text(), right)
			}
		}
	}
	if !latin {
		t.Errorf("no line of the Hebrew paragraph starts with the Latin name: %q", texts(he))
	}
	for _, l := range w.lines("Biden said אבג", ts, 100) {
		if l.para != -1 {
			t.Errorf("the Latin paragraph's line %q has direction %d", l.text(), l.para)
		}
	}
}
