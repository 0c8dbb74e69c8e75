package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"os"
	"path/filepath"
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

// TestPDFAdHoc exports the sample project without a saved briefing: no
// summary, findings or stars, so every passage is quoted, once, under the
// first of its codes.
func TestPDFAdHoc(t *testing.T) {
	db, docs, _ := seedProject(t)
	var calls, last, total int
	opts := seedOptions()
	opts.Progress = func(done, n int) { calls++; last, total = done, n }
	path := writePDF(t, db, opts)

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
	for _, want := range []string{opts.Title, opts.Subtitle, "Prepared by Ada Lovelace", "18 June 2021", "geneva-2021",
		"Method and sources", "Contents", "Overview", "Quotations per code, by outlet", "Findings", "Sources", fmt.Sprintf("Page 2 of %d", pages)} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("briefing text lacks %q", want)
		}
	}
	for _, tag := range seedTags {
		if strings.Count(flat, squash(tag.name)) < 3 { // chart, section heading, contents
			t.Errorf("tag %q appears fewer than 3 times", tag.name)
		}
		if !strings.Contains(flat, squash(tag.desc)) {
			t.Errorf("description of %q missing", tag.name)
		}
	}
	for _, p := range seedPassages {
		if n := strings.Count(flat, squash(p.quote)); n != 1 {
			t.Errorf("quote printed %d times, want once: %q", n, p.quote)
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
	want := []string{opts.Title, "Method and sources", "Contents", "Overview", "Findings"}
	for i, tag := range seedTags {
		want = append(want, fmt.Sprintf("  %d %s", i+1, tag.name))
	}
	want = append(want, "Sources")
	if strings.Join(outlines, "\n") != strings.Join(want, "\n") {
		t.Errorf("bookmarks:\n%s\nwant:\n%s", strings.Join(outlines, "\n"), strings.Join(want, "\n"))
	}

	// The contents give each section's page: the page whose text starts
	// the section's heading.
	pageTexts := strings.Split(text, "\f")
	toc := contentsPages(t, path, 2, 2)
	for i, tag := range seedTags {
		name := fmt.Sprintf("%d %s", i+1, tag.name)
		n, ok := toc[name]
		if !ok {
			t.Errorf("contents lack %q with a page number: %v", name, toc)
			continue
		}
		starts := regexp.MustCompile(regexp.QuoteMeta(squash(name)) + `\d+quotations?(from\d+sources?|,printedunderothercodes)`)
		if n < 1 || n > len(pageTexts) || !starts.MatchString(squash(pageTexts[n-1])) {
			t.Errorf("contents put %q on page %d, which does not start it", name, n)
		}
	}
	if calls < len(seedPassages) || last != total || total != len(seedPassages) {
		t.Errorf("progress: %d calls, last %d of %d; want %d of %d", calls, last, total, len(seedPassages), len(seedPassages))
	}
}

// contentsPages reads the table of contents on pages first to last: the
// page number of each entry.
func contentsPages(tb testing.TB, path string, first, last int) map[string]int {
	tb.Helper()
	toc := map[string]int{}
	line := regexp.MustCompile(`^\s*(\S.*?)\s{2,}(\d+)\s*$`)
	for _, l := range strings.Split(run(tb, "pdftotext", "-layout", "-enc", "UTF-8", "-f", fmt.Sprint(first), "-l", fmt.Sprint(last), path, "-"), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[2])
			toc[strings.Join(strings.Fields(m[1]), " ")] = n
		}
	}
	return toc
}

// textRuns reads a PDF's text runs with their styles, as pdftohtml
// reports them (bold and italic from the fonts), page by page.
func textRuns(tb testing.TB, path string) []textRun {
	tb.Helper()
	var doc struct {
		Pages []struct {
			Number int `xml:"number,attr"`
			Texts  []struct {
				Inner string `xml:",innerxml"`
			} `xml:"text"`
		} `xml:"page"`
	}
	if err := xml.Unmarshal([]byte(run(tb, "pdftohtml", "-xml", "-i", "-stdout", "-enc", "UTF-8", path)), &doc); err != nil {
		tb.Fatal(err)
	}
	var runs []textRun
	for _, p := range doc.Pages {
		for _, t := range p.Texts {
			r := textRun{page: p.Number, bold: strings.Contains(t.Inner, "<b>"), italic: strings.Contains(t.Inner, "<i>")}
			r.text = html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(t.Inner, ""))
			runs = append(runs, r)
		}
	}
	return runs
}

type textRun struct {
	page         int
	text         string
	bold, italic bool
}

// TestPDFSampleBrief writes the sample briefing: two coders, a summary,
// three findings, key quotes in the analyst's order and an annex. It
// reads as a briefing: the cover has the summary and the method box, the
// findings quote only the key quotes, a text both coders coded is quoted
// once with both names, quotes are whole words, Markdown is rendered and
// never shown, and the overview has its charts.
func TestPDFSampleBrief(t *testing.T) {
	db, bf, docs, _ := sampleBriefing(t)
	opts := export.Options{Briefing: bf, Project: "geneva-2021"}
	path := writePDF(t, db, opts)
	if dst := os.Getenv("GLOSS_SAMPLE_BRIEF"); dst != "" {
		b, _ := os.ReadFile(path)
		os.WriteFile(dst, b, 0o644)
	}
	qpdfCheck(t, path)
	info := pdfInfo(t, path)
	if info["Title"] != bf.Title || info["Author"] != bf.PreparedBy || info["Subject"] != bf.Subtitle {
		t.Errorf("pdfinfo %q", info)
	}
	text := pdfText(t, path)
	pages := strings.Split(text, "\f")
	flat := squash(text)

	// The cover: who it is for, the title, who prepared it when, the
	// summary and the method box.
	cover := squash(pages[0])
	for _, want := range []string{"BRIEFING · MINISTER’S OFFICE · OFFICIAL", bf.Title, bf.Subtitle, "Prepared by Ada Lovelace",
		"18 June 2021", "Executive summary", "Geneva produced one concrete deliverable", "• Cyber: Biden put a list",
		"Method and sources", "4 documents from 3 outlets (Axios, The Independent, The Hill); 1 without an outlet",
		"16–17 June 2021", "Ada Lovelace, Ben Okri", "Cohen’s κ ="} {
		if !strings.Contains(cover, squash(want)) {
			t.Errorf("the cover lacks %q:\n%s", want, pages[0])
		}
	}
	if strings.Contains(cover, squash("passages / 6 documents")) {
		t.Error("the cover leads with counts")
	}
	// No Markdown syntax anywhere: not from the summary, the findings, the
	// notes or the sources.
	for _, syntax := range []string{"**", "](", "](http", "- **", "*process*", "[the joint statement"} {
		if strings.Contains(text, syntax) {
			t.Errorf("the briefing shows Markdown syntax %q", syntax)
		}
	}
	// The Markdown is rendered: bold and italic in their faces, bullets.
	runs := textRuns(t, path)
	styled := func(s string, bold, italic bool) bool {
		for _, r := range runs {
			if strings.Contains(r.text, s) && r.bold == bold && r.italic == italic {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		text         string
		bold, italic bool
	}{
		{"one concrete deliverable", true, false}, {"process", false, true}, {"Cyber:", true, false},
		{"first explicit cyber red line", true, false},
		{"critical infrastructure", true, true}, // bold in an italic note
	} {
		if !styled(c.text, c.bold, c.italic) {
			t.Errorf("%q is not set bold=%v italic=%v", c.text, c.bold, c.italic)
		}
	}
	if !bytes.Contains(mustRead(t, path), []byte("whitehouse.gov/briefing-room")) {
		t.Error("the link in a note is not a link")
	}

	// The findings, numbered in the codebook's order, with the key quotes
	// in the analyst's order.
	outlines := outlineTitles(t, path)
	var findings []string
	inFindings := false
	for _, o := range outlines {
		switch {
		case o == "Findings":
			inFindings = true
		case !strings.HasPrefix(o, "  "):
			inFindings = false
		case inFindings:
			findings = append(findings, strings.TrimSpace(o))
		}
	}
	if got := strings.Join(findings, "|"); got != "1 Cyber red lines|2 Ambassadors|3 Arms control & strategic stability" {
		t.Errorf("findings %q", got)
	}
	for _, f := range sampleFindings {
		plain := strings.NewReplacer("**", "", "*", "", "'", "’").Replace(f)
		if !strings.Contains(flat, squash(plain)) {
			t.Errorf("finding missing: %q", plain)
		}
	}
	order := []string{"In recent months, Russia-based hackers", "Biden said he raised human rights", "On the cybersecurity front",
		"announced that the U.S. and Russia's respective ambassadors", "“We agreed that they would return",
		"International arms control groups", "The START treaty, for example"}
	at := -1
	for _, q := range order {
		i := strings.Index(flat, squash(q))
		if i < at {
			t.Errorf("key quote %q is out of the analyst's order", q)
		}
		at = i
	}
	annex := strings.Index(flat[at:], squash("Annex: further quotations"))
	if annex < 0 {
		t.Fatal("no annex after the findings")
	}
	annex += at
	// Ada's other passages are in the annex, once.
	for _, q := range []string{"In advance, both sides set out to lower expectations.", "His portfolio included messy spots like Iraq and Ukraine"} {
		if i := strings.Index(flat, squash(q)); i < annex || strings.Count(flat, squash(q)) != 1 {
			t.Errorf("%q is not in the annex once", q)
		}
	}

	// A text both coders coded is quoted once, with both names, their
	// codes and their notes.
	amb := squash("…announced that the U.S. and Russia's respective ambassadors would return to their posts.")
	if n := strings.Count(flat, amb); n != 1 {
		t.Errorf("the ambassadors quote both coded is printed %d times, want once (with an ellipsis, to the full stop)", n)
	}
	after := flat[strings.Index(flat, amb):]
	for _, want := range []string{"Coded by Ada Lovelace: Ambassadors, Cooperation · Ben Okri: Ambassadors",
		"Ada Lovelace The one concrete deliverable announced on the day.", "Ben Okri Confirmed by the Kremlin the next day."} {
		if !strings.HasPrefix(after[len(amb):], "") || !strings.Contains(after[:min(len(after), 600)], squash(want)) {
			t.Errorf("the merged quote lacks %q", want)
		}
	}
	// Overlapping passages of both, one cut in a word ("T"), are one
	// quote of whole words: Ada's two sentences with Ben's in between.
	merged := squash(`Biden said he raised human rights and cyberattacks with Putin, including 16 pieces of infrastructure limits that the U.S. would consider off limits: "The bottom line is I told President Putin that we need to have some basic rules of the road that we can all abide by."`)
	if strings.Count(flat, merged) != 1 {
		t.Error("the overlapping passages are not one quote")
	}
	if strings.Contains(flat, squash(`off limits: "T`)+"…") || strings.Count(flat, squash("basic rules of the road")) != 1 {
		t.Error("a passage cut in a word, or printed twice")
	}

	// The overview's charts: labels as text, bars as vector paths.
	var overview int
	for i, p := range pages {
		if strings.Contains(squash(p), squash("Quotations per code, by outlet")) {
			overview = i
		}
	}
	ov := squash(pages[overview])
	for _, want := range []string{"Quotations over time, by code", "Axios", "TheIndependent", "TheHill", "Nooutletgiven", "16Jun", "17Jun", "Quotations"} {
		if !strings.Contains(ov, squash(want)) {
			t.Errorf("the overview's charts lack %q", want)
		}
	}
	if fills := pageFills(t, path, overview+1); fills < 40 {
		t.Errorf("the overview page fills %d paths: the charts are not drawn as vectors", fills)
	}
	last := squash(pages[len(pages)-2]) // pdftotext ends every page with a form feed
	for _, d := range docs {
		if !strings.Contains(last, squash(d.Title)) {
			t.Errorf("source %q missing from the last page", d.Title)
		}
	}
}

// mustRead reads a file.
func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// pageFills counts the filled paths in a page's content stream, which
// qpdf writes out uncompressed and annotated in its QDF form.
func pageFills(tb testing.TB, path string, page int) int {
	tb.Helper()
	qdf := filepath.Join(tb.TempDir(), "page.qdf")
	run(tb, "qpdf", "--qdf", "--object-streams=disable", "--pages", path, fmt.Sprint(page), "--", path, qdf)
	body := string(mustRead(tb, qdf))
	start := strings.Index(body, "%% Contents for page 1")
	if start < 0 {
		tb.Fatalf("qpdf wrote no contents for page %d", page)
	}
	end := strings.Index(body[start:], "endstream")
	n := 0
	for _, l := range strings.Split(body[start:start+end], "\n") {
		l = strings.TrimSpace(l)
		if l == "f" || strings.HasSuffix(l, " f") || strings.HasSuffix(l, " re f") {
			n++
		}
	}
	return n
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
	var want []string
	for i, d := range []*annotate.Document{docs[2], docs[0], docs[1], docs[3]} {
		want = append(want, fmt.Sprintf("%d %s", i+1, d.Title))
	}
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
	if got := outlineTitles(t, path); strings.Join(got, "|") != "Briefing|Method and sources|Sources" {
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
			if got := outlineTitles(t, path); len(got) != 6 || got[4] != "  1 Émigrés & “Ёлки” [U+1F600]" {
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
	if len(outlines) != 106 || outlines[4] != "Findings" || outlines[5] != "  1 Topic 000" || outlines[105] != "Sources" {
		t.Errorf("%d bookmarks: %q", len(outlines), outlines)
	}
	pageTexts := strings.Split(pdfText(t, path), "\f")
	// The contents run over several pages, up to the overview, and list
	// all 100 sections.
	var contents string
	for _, p := range pageTexts[1:] {
		if strings.Contains(squash(p), "Thebriefingrestson") {
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
			if strings.Contains(flat, "Zeta1quotationfrom1source") {
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
	// Three ellipses cut the title, the subtitle and the name; one more
	// is quoted in the method box's note.
	if strings.Count(cover, "…") != 4 || !strings.Contains(squash(cover), "Quotationsareverbatim") {
		t.Errorf("the cover does not cut the long title, subtitle and name to fit:\n%s", cover)
	}
}
