package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gloss/annotate"
	"gloss/export"
)

// outlineTitles returns the titles of a PDF's bookmarks, depth first, each
// prefixed with two spaces per level.
func outlineTitles(tb testing.TB, path string) []string {
	tb.Helper()
	var doc struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(tb, "qpdf", "--json", "--json-key=outlines", path)), &doc); err != nil {
		tb.Fatal(err)
	}
	var titles []string
	var walk func(os []outline, depth int)
	walk = func(os []outline, depth int) {
		for _, o := range os {
			titles = append(titles, strings.Repeat("  ", depth)+o.Title)
			walk(o.Kids, depth+1)
		}
	}
	walk(doc.Outlines, 0)
	return titles
}

type outline struct {
	Title string    `json:"title"`
	Kids  []outline `json:"kids"`
	Page  *int      `json:"destpageposfrom1"`
}

func seedOptions() export.Options {
	return export.Options{
		Title:      "Geneva summit, June 2021",
		Subtitle:   "What Biden and Putin said on cyber, arms control and human rights",
		PreparedBy: "Ada Lovelace",
		Project:    "geneva-2021",
		Created:    created,
	}
}

func TestPDFSampleBrief(t *testing.T) {
	db, docs, _ := seedProject(t)
	var calls, last, total int
	opts := seedOptions()
	opts.Progress = func(done, n int) { calls++; last, total = done, n }
	path := writePDF(t, db, opts)
	if dst := os.Getenv("GLOSS_SAMPLE_BRIEF"); dst != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(dst, b, 0o644)
	}

	qpdfCheck(t, path)
	info := pdfInfo(t, path)
	if info["Title"] != opts.Title {
		t.Errorf("pdfinfo Title = %q, want %q", info["Title"], opts.Title)
	}
	if info["Author"] != "Ada Lovelace" || info["Creator"] != "Gloss" {
		t.Errorf("pdfinfo Author %q, Creator %q", info["Author"], info["Creator"])
	}
	pages, _ := strconv.Atoi(info["Pages"])
	if pages < 5 || pages > 20 {
		t.Errorf("%d pages for %d passages", pages, len(seedPassages))
	}

	text := pdfText(t, path)
	flat := squash(text)
	for _, want := range []string{opts.Title, opts.Subtitle, "Ada Lovelace", "18 June 2021", "geneva-2021",
		"Contents", "Overview", "Passages per tag", "Passages by tag", "Sources", fmt.Sprintf("Page 2 of %d", pages)} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("briefing text lacks %q", want)
		}
	}
	for _, tag := range seedTags {
		if strings.Count(flat, squash(tag.name)) < 3 { // chart, table, section heading (and contents)
			t.Errorf("tag %q appears fewer than 3 times", tag.name)
		}
		if !strings.Contains(flat, squash(tag.desc)) {
			t.Errorf("description of %q missing", tag.name)
		}
	}
	for _, p := range seedPassages {
		if !strings.Contains(flat, squash(p.quote)) {
			t.Errorf("quote missing: %q", p.quote)
		}
		if p.note != "" && !strings.Contains(flat, squash(p.note)) {
			t.Errorf("note missing: %q", p.note)
		}
	}
	for _, d := range docs {
		if !strings.Contains(flat, squash(d.Title)) {
			t.Errorf("source %q missing", d.Title)
		}
	}
	if !strings.Contains(flat, squash("Aamer Madhani, Jonathan Lemire")) {
		t.Error("bylines missing from the sources")
	}

	outlines := outlineTitles(t, path)
	want := []string{"Contents", "Overview", "Passages by tag"}
	for _, tag := range seedTags {
		want = append(want, "  "+tag.name)
	}
	want = append(want, "Sources")
	if strings.Join(outlines, "\n") != strings.Join(want, "\n") {
		t.Errorf("bookmarks:\n%s\nwant:\n%s", strings.Join(outlines, "\n"), strings.Join(want, "\n"))
	}

	// The contents give each section's page: the page whose text starts
	// the section's heading.
	pageTexts := strings.Split(text, "\f")
	contents := squash(pageTexts[1])
	for _, tag := range seedTags {
		m := regexp.MustCompile(regexp.QuoteMeta(squash(tag.name)) + `(?:\.|…)*(\d+)`).FindStringSubmatch(contents)
		if m == nil {
			t.Errorf("contents lack %q with a page number", tag.name)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		starts := regexp.MustCompile(regexp.QuoteMeta(squash(tag.name)) + `\d+passages?from\d+documents?`)
		if n < 1 || n > len(pageTexts) || !starts.MatchString(squash(pageTexts[n-1])) {
			t.Errorf("contents put %q on page %d, which does not start it", tag.name, n)
		}
	}
	blocks := 0
	for _, p := range seedPassages {
		blocks += len(p.tags) // a passage appears under each of its tags
	}
	if calls < blocks || last != total || total != blocks {
		t.Errorf("progress: %d calls, last %d of %d; want %d of %d", calls, last, total, blocks, blocks)
	}
}

func TestPDFGroupByDocument(t *testing.T) {
	db, docs, tags := seedProject(t)
	opts := seedOptions()
	opts.GroupBy = export.GroupByDocument
	opts.Tags = []string{"ambassadors", tags["Ukraine"].ID}
	path := writePDF(t, db, opts)
	qpdfCheck(t, path)
	flat := squash(pdfText(t, path))
	outlines := outlineTitles(t, path)
	var sections []string
	for _, o := range outlines {
		if strings.HasPrefix(o, "  ") {
			sections = append(sections, strings.TrimSpace(o))
		}
	}
	// Every document has passages on Ambassadors or Ukraine; by title.
	want := []string{docs[2].Title, docs[0].Title, docs[1].Title, docs[3].Title}
	if strings.Join(sections, "|") != strings.Join(want, "|") {
		t.Errorf("document sections %q, want %q", sections, want)
	}
	if !strings.Contains(flat, "Ambassadors,Ukraine") {
		t.Error("scope does not name the tags")
	}
	if strings.Contains(flat, squash("In advance, both sides set out to lower expectations.")) {
		t.Error("a passage outside the scope is in the briefing")
	}
	if !strings.Contains(flat, squash("His portfolio included messy spots like Iraq and Ukraine")) {
		t.Error("a passage in scope is missing")
	}
}

func TestPDFEmpty(t *testing.T) {
	db := MustOpen(t)
	path := writePDF(t, db, export.Options{Created: created})
	qpdfCheck(t, path)
	text := squash(pdfText(t, path))
	for _, want := range []string{"Briefing", "Nopassagesmatchthescopeofthisbriefing", "Nodocumentsarecited"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty briefing lacks %q", want)
		}
	}
	if got := outlineTitles(t, path); strings.Join(got, "|") != "Contents|Overview|Sources" {
		t.Errorf("bookmarks %q", got)
	}
}

func TestPDFScopeErrors(t *testing.T) {
	db, _, _ := seedProject(t)
	for _, opts := range []export.Options{
		{Tags: []string{"No such tag"}},
		{Documents: []string{annotate.NewID()}},
		{GroupBy: "author"},
	} {
		var buf bytes.Buffer
		err := export.PDF(context.Background(), &buf, db, opts)
		if err == nil || buf.Len() > 0 {
			t.Errorf("%+v: err %v, %d bytes written", opts, err, buf.Len())
		}
	}
}

// unicodeNote holds characters of many scripts.
const unicodeNote = "Note “quoted” — ‘single’ … Ελληνικά: Αθήνα; Кириллица: Москва, Ёж; Čeština ŽŠ; Œuvre naïve façade ß Ø å İ ğ"

func unicodeProject(t *testing.T) (src export.Source, quote string) {
	db := MustOpen(t)
	quote = "Putin said “we agreed” — café déjà vu; Greek Ελλάδα; Russian «Россия» ёлка; emoji 😀👍🏽 ❤️; CJK 日内瓦峰会 会谈; Arabic قمة جنيف; math 𝔸; private \U0010FFFD; control \u0007 done."
	doc := MustDocument(t, db, &annotate.Document{Title: "Geneva — “Женева” 🇨🇭", Outlet: "Ελληνικά Νέα", Published: "2021-06-16", URL: "https://example.org/genève?q=ü", Text: "Intro.\n" + quote + "\nEnd."})
	tag := MustTag(t, db, "Émigrés & “Ёлки” 😀", "#e6194b", "Descripción — ✓ ☃ 中文")
	MustPassage(t, db, doc, quote, unicodeNote+" 🙂", tag)
	return db, quote
}

func TestPDFUnicodeText(t *testing.T) {
	src, quote := unicodeProject(t)
	for _, fallback := range []bool{true, false} {
		t.Run(fmt.Sprintf("fallback=%v", fallback), func(t *testing.T) {
			opts := export.Options{Title: "Brief “Женева” — Ελλάδα 😀", Created: created}
			if !fallback {
				opts.FindFont = func(rune) string { return "" }
			}
			path := writePDF(t, src, opts)
			qpdfCheck(t, path)
			if got := pdfInfo(t, path)["Title"]; got != "Brief “Женева” — Ελλάδα [U+1F600]" {
				t.Errorf("title metadata %q", got)
			}
			text := pdfText(t, path)
			flat := squash(text)
			// Every Latin, Greek and Cyrillic character comes back unchanged.
			for _, s := range []string{quote, unicodeNote} {
				for _, word := range strings.Fields(s) {
					keep := strings.Map(func(r rune) rune {
						if unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) || strings.ContainsRune("“”‘’—…«».,;:&", r) {
							return r
						}
						return -1
					}, word)
					if keep == word && !strings.Contains(flat, word) {
						t.Errorf("%q did not survive: text is\n%s", word, text)
					}
				}
			}
			// A character no font has is a marker, with fonts or without.
			for _, want := range []string{"[U+10FFFD]", "[U+0007]"} {
				if !strings.Contains(flat, want) {
					t.Errorf("marker %q missing", want)
				}
			}
			// Emoji and other characters above U+FFFF are drawn from a
			// system font's outlines when one has them, and read back as
			// themselves; without fonts they are markers.
			for _, c := range []struct{ r, marker string }{
				{"😀", "[U+1F600]"}, {"👍", "[U+1F44D]"}, {"🏽", "[U+1F3FD]"}, {"𝔸", "[U+1D538]"}, {"🙂", "[U+1F642]"},
				{"Émigrés&“Ёлки”😀", "Émigrés&“Ёлки”[U+1F600]"},
			} {
				want := c.marker
				if fallback {
					want = c.r
					if export.SystemFont([]rune(c.r)[len([]rune(c.r))-1]) == "" {
						t.Fatalf("no system font for %s: this test needs fontconfig and fonts-symbola (make deps installs them)", c.r)
					}
				}
				if !strings.Contains(flat, want) {
					t.Errorf("%q missing", want)
				}
				if fallback && strings.Contains(flat, c.marker) {
					t.Errorf("%s shown as %s although a font has it", c.r, c.marker)
				}
			}
			if got := outlineTitles(t, path); len(got) != 5 || got[3] != "  Émigrés & “Ёлки” [U+1F600]" {
				t.Errorf("bookmarks %q", got)
			}
			if !fallback {
				if !strings.Contains(flat, "[U+65E5]") || !strings.Contains(flat, "[U+0642]") {
					t.Error("CJK or Arabic without a font is not marked")
				}
				return
			}
			if export.SystemFont('日') == "" || export.SystemFont(0xFED7) == "" {
				t.Fatal("no system font for CJK or Arabic: this test needs fontconfig, fonts-droid-fallback and fonts-dejavu-core (make deps installs them)")
			}
			if !strings.Contains(flat, "日内瓦峰会") {
				t.Errorf("CJK lost although fontconfig has a font for it:\n%s", text)
			}
			// Arabic is shaped: its letters joined, in their contextual forms.
			if !strings.Contains(flat, "\uFED7\uFEE4\uFE94") {
				t.Errorf("Arabic not shaped although a font has the forms:\n%s", text)
			}
		})
	}
}

func TestPDFLongQuote(t *testing.T) {
	db := MustOpen(t)
	var b strings.Builder
	for i := 0; b.Len() < 14000; i++ {
		fmt.Fprintf(&b, "Sentence %d of the long statement — “on strategic stability” and the arms-control agenda. ", i)
		if i%12 == 11 {
			b.WriteString("\n\n")
		}
	}
	long := strings.TrimSpace(b.String())
	doc := MustDocument(t, db, &annotate.Document{Title: "Transcript", Text: long})
	tag := MustTag(t, db, "Arms control", "#4363d8", "")
	MustPassage(t, db, doc, long, "A note after a long quote.", tag)
	// A word wider than the line is split, not lost or overflowing.
	word := strings.Repeat("Supercalifragilistic", 12)
	doc2 := MustDocument(t, db, &annotate.Document{Title: "Word", Text: word})
	MustPassage(t, db, doc2, word, "", tag)

	path := writePDF(t, db, export.Options{Created: created})
	qpdfCheck(t, path)
	pages, _ := strconv.Atoi(pdfInfo(t, path)["Pages"])
	if pages < 7 {
		t.Errorf("%d pages: the long quote cannot have spread over several", pages)
	}
	flat := squash(pdfText(t, path))
	// Without running headers and footers, the quote reads on across pages.
	body := squash(run(t, "pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "50", "-W", "600", "-H", "740", path, "-"))
	if !strings.Contains(body, squash(long)) {
		t.Error("the long quote is not whole")
	}
	if !strings.Contains(flat, squash("A note after a long quote.")) || !strings.Contains(flat, word) {
		t.Error("what follows the long quote is missing")
	}
}

func TestPDFHundredTags(t *testing.T) {
	db := MustOpen(t)
	var text strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&text, "Paragraph %03d about topic number %03d.\n", i, i)
	}
	doc := MustDocument(t, db, &annotate.Document{Title: "Many topics", Text: text.String()})
	for i := 0; i < 100; i++ {
		tag := MustTag(t, db, fmt.Sprintf("Topic %03d", i), annotate.Palette[i%len(annotate.Palette)], "")
		MustPassage(t, db, doc, fmt.Sprintf("about topic number %03d", i), "", tag)
	}
	path := writePDF(t, db, export.Options{Created: created})
	qpdfCheck(t, path)
	outlines := outlineTitles(t, path)
	if len(outlines) != 104 || outlines[2] != "Passages by tag" || outlines[103] != "Sources" {
		t.Errorf("%d bookmarks: %q", len(outlines), outlines)
	}
	pageTexts := strings.Split(pdfText(t, path), "\f")
	// The contents run over several pages, up to the overview, and list
	// all 100 sections.
	var contents string
	for _, p := range pageTexts[1:] {
		if strings.Contains(squash(p), "Thisbriefingcollects") {
			break
		}
		contents += squash(p)
	}
	for i := 0; i < 100; i++ {
		if !strings.Contains(contents, fmt.Sprintf("Topic%03d", i)) {
			t.Errorf("contents lack Topic %03d", i)
		}
	}
}

func TestPDFDeterministic(t *testing.T) {
	src, _ := unicodeProject(t)
	db, _, _ := seedProject(t)
	for _, s := range []export.Source{src, db} {
		a, err := os.ReadFile(writePDF(t, s, seedOptions()))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(writePDF(t, s, seedOptions()))
		if !bytes.Equal(a, b) {
			t.Errorf("two exports with the same Created differ (%d and %d bytes)", len(a), len(b))
		}
	}
}

// TestPDFHeadingKeepsWithPassage checks, for every filling of the page
// before it, that a section heading never ends a page without the start of
// its first passage.
func TestPDFHeadingKeepsWithPassage(t *testing.T) {
	filler := "A filler statement on the summit’s atmosphere, long enough to take two lines of the quote block in the briefing, and then some more words."
	zeta := "Zeta quote begins here. " + strings.Repeat("It goes on for several lines so that the block is tall. ", 8)
	var text strings.Builder
	for i := 0; i < 14; i++ {
		fmt.Fprintf(&text, "%d. %s\n", i, filler)
	}
	text.WriteString(zeta + "\n")
	for k := 0; k < 20; k++ {
		n := 1 + k%10
		desc := strings.Repeat("The description grows by a line at a time. ", k/2*2)
		db := MustOpen(t)
		doc := MustDocument(t, db, &annotate.Document{Title: "Transcript", Text: text.String()})
		a := MustTag(t, db, "Atmosphere", "#3cb44b", "")
		z := MustTag(t, db, "Zeta", "#e6194b", desc)
		for i := 0; i < n; i++ {
			MustPassage(t, db, doc, fmt.Sprintf("%d. %s", i, filler), "", a)
		}
		MustPassage(t, db, doc, strings.TrimSpace(zeta), "", z)
		pages := strings.Split(pdfText(t, writePDF(t, db, export.Options{Created: created})), "\f")
		heading, quote := -1, -1
		for i, p := range pages {
			flat := squash(p)
			if strings.Contains(flat, "Zeta1passagefrom1document") {
				heading = i
			}
			if strings.Contains(flat, "Zetaquotebeginshere") {
				quote = i
			}
		}
		if heading < 0 || heading != quote {
			t.Errorf("%d passages before, %d words of description: heading on page %d, its first quote on page %d", n, len(strings.Fields(desc)), heading+1, quote+1)
		}
	}
}

func TestPDFLongTitle(t *testing.T) {
	db, _, _ := seedProject(t)
	title := strings.TrimSpace(strings.Repeat("A very long briefing title about the summit ", 40))
	path := writePDF(t, db, export.Options{Title: title, Subtitle: title, PreparedBy: title, Created: created})
	qpdfCheck(t, path)
	if got := pdfInfo(t, path)["Title"]; got != title {
		t.Errorf("the metadata title is cut: %q", got)
	}
	cover := strings.Split(pdfText(t, path), "\f")[0]
	if strings.Count(cover, "…") != 3 || !strings.Contains(squash(cover), "Quotationsareverbatim") {
		t.Errorf("the cover does not cut the long title, subtitle and name to fit:\n%s", cover)
	}
}
