package ingest

import (
	"context"
	"os"
	"strings"
	"testing"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"gloss/annotate"
	"gloss/export/ingest/ingesttest"
)

// newsPage is a saved page modelled on a news site's structure, with the
// article's paragraphs and the page furniture around them.
type newsPage struct {
	file                             string
	title, byline, outlet, published string
	paragraphs                       []string // every one must be in the text, exactly
	furniture                        []string // none may be
}

var newsPages = []newsPage{
	{file: "wire.html", title: "Biden, Putin agree to return ambassadors after Geneva summit",
		byline: "Andrea Shalal, Steve Holland", outlet: "Wire Service", published: "2021-06-16",
		paragraphs: []string{
			"GENEVA, June 16 (Wire) - U.S. President Joe Biden and Russian President Vladimir Putin agreed on Wednesday to return their ambassadors to each other's capitals and to begin talks on arms control, after a summit both described as constructive.",
			`"There was no hostility," Putin told reporters afterwards, calling Biden an experienced statesman who knew what he wanted and how to achieve it.`,
			"The two sides issued a short joint statement on strategic stability, recalling the principle that a nuclear war cannot be won and must never be fought.",
			"Reporting by Andrea Shalal and Steve Holland; Editing by Mary Milliken",
		},
		furniture: []string{"Advertisement", "Scroll to continue", "Read more:", "Related Coverage", "Navalny moved to prison hospital",
			"More from Wire Service", "Oil prices", "Skip to main content", "Facebook", "All quotes delayed", "Trust Principles",
			"Subscribe", "Markets", "7:42 PM"}},
	{file: "broadcaster.html", title: "Biden-Putin summit: US and Russia agree to return envoys",
		byline: "Paul Kirby", outlet: "Broadcaster News", published: "2021-06-16",
		paragraphs: []string{
			"US President Joe Biden and Russia's Vladimir Putin have agreed to return their ambassadors to each other's capitals, after what both called constructive talks in Geneva.",
			"- Arms control talks will start soon\n- Consultations on cyber security were agreed",
			"A 'constructive' meeting",
			`"I did what I came to do," he told reporters, before boarding Air Force One.`,
		},
		furniture: []string{"Image caption", "More on this story", "Related Topics", "Top Stories", "Most Read", "Heatwave", "Share",
			"WhatsApp", "Terms of Use", "iPlayer", "Coronavirus"}},
	{file: "newspaper.html", title: "Putin and Biden Hold Talks in Geneva, With Low Expectations",
		byline: "David E. Sanger and Anton Troianovski", outlet: "The Daily Chronicle", published: "2021-06-16",
		paragraphs: []string{
			"The two leaders met for the first time since President Biden took office, with relations at a low point.",
			"Mr. Biden has said he wants a \"stable, predictable\" relationship with Moscow, a low bar that reflects how far relations have fallen.",
			"Yet both sides see some room for cooperation, especially on nuclear arms control, where the New START treaty was extended for five years in February.",
		},
		furniture: []string{"Advertisement", "Skip advertisement", "Continue reading the main story", "Sign up", "newsletter",
			"Give this article", "appears in print", "Order Reprints", "Related Coverage", "Most Popular", "heat wave", "Log in", "Work With Us"}},
	{file: "magazine.html", title: "What Biden got out of Geneva",
		byline: "Nahal Toosi", outlet: "Political Weekly", published: "2021-06-17",
		paragraphs: []string{
			"President Joe Biden left Geneva on Wednesday with little in the way of concrete deliverables, but aides insisted that was never the point.",
			"Critics on the right accused the president of handing Putin a propaganda victory simply by meeting him; critics on the left said the summit was a distraction from domestic priorities.",
		},
		furniture: []string{"Story Continues Below", "Related", "Biden and Putin agree to return ambassadors", "Share on", "Filed under",
			"Comments", "Join the conversation", "Playbook", "Newsletters", "POLITICAL WEEKLY"}},
}

// score counts the expected paragraphs found in text and the pieces of
// furniture left in it.
func (p newsPage) score(text string) (found int, missing []string, leaked []string) {
	paras := map[string]bool{}
	for _, q := range strings.Split(text, "\n\n") {
		paras[q] = true
	}
	for _, want := range p.paragraphs {
		if paras[want] {
			found++
		} else {
			missing = append(missing, want)
		}
	}
	for _, f := range p.furniture {
		if strings.Contains(text, f) {
			leaked = append(leaked, f)
		}
	}
	return found, missing, leaked
}

func readNews(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/news/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNewsPages reads saved pages shaped like four kinds of news site, and
// compares the result with the hand-written extraction Gloss used before
// Readability, which the same test measures.
func TestNewsPages(t *testing.T) {
	for _, p := range newsPages {
		t.Run(p.file, func(t *testing.T) {
			data := readNews(t, p.file)
			a, err := Options{}.Bytes(context.Background(), p.file, data)
			if err != nil {
				t.Fatal(err)
			}
			d := a.Doc
			if d.Title != p.title || d.Byline != p.byline || d.Outlet != p.outlet || d.Published != p.published {
				t.Errorf("metadata %q | %q | %q | %q\nwant     %q | %q | %q | %q", d.Title, d.Byline, d.Outlet, d.Published, p.title, p.byline, p.outlet, p.published)
			}
			if !strings.HasPrefix(d.Text, p.title+"\n\n") {
				t.Errorf("text does not open with the headline: %q", annotate.Ellipsize(d.Text, 80))
			}
			found, missing, leaked := p.score(d.Text)
			if len(missing) > 0 || len(leaked) > 0 {
				t.Errorf("missing paragraphs %q\nleft-over furniture %q\ntext:\n%s", missing, leaked, d.Text)
			}
			oldTitle, oldText := legacyHTML(t, string(data))
			oldFound, _, oldLeaked := p.score(oldText)
			t.Logf("%s: Readability %d/%d paragraphs, %d/%d furniture left, title %v; hand-written %d/%d, %d/%d, title %v (%q)",
				p.file, found, len(p.paragraphs), len(leaked), len(p.furniture), d.Title == p.title,
				oldFound, len(p.paragraphs), len(oldLeaked), len(p.furniture), oldTitle == p.title, oldTitle)
			if oldFound > found || len(oldLeaked) < len(leaked) {
				t.Errorf("the hand-written extraction did better")
			}
			// Readability's own metadata, which Gloss's reading of meta
			// tags and JSON-LD comes before.
			ra, err := readability.FromReader(strings.NewReader(string(data)), nil)
			if err != nil {
				t.Fatal(err)
			}
			date := ""
			if pt, err := ra.PublishedTime(); err == nil {
				date = pt.Format("2006-01-02")
			}
			t.Logf("%s: Readability's own metadata: %q | %q | %q | %q", p.file, ra.Title(), ra.Byline(), ra.SiteName(), date)
		})
	}
}

// legacyHTML is the extraction Gloss used before Readability: the whole
// page as text minus scripts, navigation, asides, forms and the headers
// and footers outside article or main, titled from <title> without a
// suffix naming og:site_name.
func legacyHTML(t testing.TB, raw string) (title, text string) {
	root, err := html.Parse(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	e := &extractor{meta: make(map[string]string)}
	e.walk(root)
	title = cleanField(e.title)
	if title == "" {
		title = cleanField(e.meta["og:title"])
	}
	return stripSiteName(title, cleanField(e.meta["og:site_name"])), Normalize(e.b.String())
}

// BenchmarkNewsPage reads the saved wire page and a 1 MB page of the
// same structure with Readability and with the hand-written extraction
// it replaced.
//
//	go test -tags sqlite_fts5 -run '^$' -bench NewsPage -count 5 ./export/ingest/
func BenchmarkNewsPage(b *testing.B) {
	for _, c := range []struct {
		name string
		data []byte
	}{{"wire", readNews(b, "wire.html")}, {"1MB", ingesttest.LargeHTML(1 << 20)}} {
		b.Run(c.name, func(b *testing.B) { benchmarkNews(b, c.data) })
	}
}

func benchmarkNews(b *testing.B, data []byte) {
	b.Run("readability", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		reportCPU(b, func() {
			for b.Loop() {
				if _, err := (Options{}).Bytes(context.Background(), "wire.html", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("hand-written", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		reportCPU(b, func() {
			for b.Loop() {
				legacyHTML(b, string(data))
			}
		})
	})
}
