package export_test

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/annotate"
	"gloss/assets"
	"gloss/export"
	"gloss/storage"
)

// created is the fixed date of every test briefing.
var created = time.Date(2021, 6, 18, 9, 0, 0, 0, time.UTC)

// MustOpen creates a new project in a temporary directory with a fixed clock.
func MustOpen(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Create(filepath.Join(tb.TempDir(), "test.gloss"))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetAuthor("Ada Lovelace")
	t0 := time.Date(2021, 6, 17, 12, 0, 0, 0, time.UTC)
	n := 0
	db.Now = func() time.Time { n++; return t0.Add(time.Duration(n) * time.Millisecond) }
	tb.Cleanup(func() { db.Close() })
	return db
}

// MustDocument adds a document.
func MustDocument(tb testing.TB, db *storage.DB, doc *annotate.Document) *annotate.Document {
	tb.Helper()
	if _, err := db.CreateDocument(context.Background(), doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// MustTag adds a tag.
func MustTag(tb testing.TB, db *storage.DB, name, color, desc string) *annotate.Tag {
	tb.Helper()
	tag := &annotate.Tag{Name: name, Color: color, Description: desc}
	if err := db.CreateTag(context.Background(), tag); err != nil {
		tb.Fatal(err)
	}
	return tag
}

// MustPassage highlights the first occurrence of quote in doc with tags and a note.
func MustPassage(tb testing.TB, db *storage.DB, doc *annotate.Document, quote, note string, tags ...*annotate.Tag) *annotate.Passage {
	tb.Helper()
	start, end, err := annotate.FindQuote(annotate.NewText(doc.Text), quote, 1)
	if err != nil {
		tb.Fatalf("%s: %v", doc.Title, err)
	}
	p := &annotate.Passage{DocumentID: doc.ID, Start: start, End: end, Quote: quote, Note: annotate.Note{Text: note}}
	for _, t := range tags {
		p.Tags = append(p.Tags, t.ID)
	}
	if err := db.CreatePassage(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// seedTags are the codebook of the sample project.
var seedTags = []struct{ name, desc string }{
	{"Cyber red lines", "Limits on cyber operations the U.S. put to Russia: critical infrastructure declared off limits, ransomware havens, responses promised."},
	{"Human rights", "Human-rights concerns raised with the Kremlin, and Russia's answers to them."},
	{"Ambassadors", "The recall and return of the two countries' ambassadors."},
	{"Arms control & strategic stability", "New START, nuclear risk and the proposed strategic-stability dialogue."},
	{"Election interference", "Russian interference in U.S. elections and the U.S. response."},
	{"Ukraine", "Ukraine's sovereignty and Russia's actions in the region."},
	{"Navalny & dissidents", "Alexei Navalny's poisoning and imprisonment, and the treatment of dissidents."},
	{"Cooperation", "Areas where both sides said they could work together."},
	{"Expectations", "How both sides set and managed expectations for the summit."},
}

// seedDocs are the sample articles' metadata, by file.
var seedDocs = []struct{ file, outlet, byline, published string }{
	{"000_98207044687a33cb.txt", "Axios", "Dave Lawler", "2021-06-16"},
	{"001_cd9eba4ed8eb89c9.txt", "The Independent", "Aamer Madhani, Jonathan Lemire", "2021-06-16"},
	{"002_196b23ef3a929870.txt", "", "", "2021-06-17"},
	{"003_9517d3311cb2f6c2.txt", "The Hill", "Morgan Chalfant", "2021-06-16"},
}

// seedPassages are realistic passages for every seed tag: document index,
// quote, note, tags.
var seedPassages = []struct {
	doc   int
	quote string
	note  string
	tags  []string
}{
	{0, "announced that the U.S. and Russia's respective ambassadors would return to their posts", "The one concrete deliverable announced on the day.", []string{"Ambassadors", "Cooperation"}},
	{0, "Biden said he raised human rights and cyberattacks with Putin, including 16 pieces of infrastructure limits that the U.S. would consider off limits", "The list of 16 critical-infrastructure sectors is the first explicit U.S. cyber red line put to Moscow.", []string{"Cyber red lines", "Human rights"}},
	{0, "\"The bottom line is I told President Putin that we need to have some basic rules of the road that we can all abide by.\"", "", []string{"Cyber red lines"}},
	{0, "Neither side believes that substantive agreement will come from the meeting.", "Both delegations lowered expectations in advance — a deliberate choice, not pessimism.", []string{"Expectations"}},
	{0, "Biden is expected to raise concerns about Russia's election interference, harboring of cyber criminals, crackdown on dissidents, detention of American citizens, and aggression toward Ukraine.", "", []string{"Expectations", "Election interference", "Navalny & dissidents", "Ukraine"}},
	{0, "Biden's goals are more modest: to work together on the few issues, like nuclear security, where interests overlap, and to avoid crises that will cause relations to deteriorate any further.", "", []string{"Cooperation", "Arms control & strategic stability"}},
	{1, "Biden repeatedly called out Putin for malicious cyberattacks by Russian-based hackers on US interests, a disregard for democracy with the jailing of Russia’s foremost opposition leader and interference in American elections.", "", []string{"Cyber red lines", "Navalny & dissidents", "Election interference"}},
	{1, "In advance, both sides set out to lower expectations.", "", []string{"Expectations"}},
	{1, "“We should decide where it’s in our mutual interest, in the interest of the world, to cooperate, and see if we can do that,” Biden told reporters earlier this week. “And the areas where we don’t agree, make it clear what the red lines are.”", "Biden’s own framing: cooperation where interests meet, red lines where they don’t.", []string{"Cooperation", "Cyber red lines"}},
	{1, "“However, the fact that the two presidents agreed to meet and finally start to speak openly about the problems is already an achievement,” Peskov said several hours before the summit’s scheduled start time.", "The Kremlin presents the meeting itself as the result.", []string{"Expectations", "Cooperation"}},
	{1, "part of an effort to hold the Kremlin accountable for interference in last year’s presidential election and the hacking of federal agencies", "", []string{"Election interference"}},
	{1, "Russia’s ambassador to the US, Anatoly Antonov, was recalled from Washington about three months ago after Biden called Putin a killer; US Ambassador to Russia John Sullivan left Moscow almost two months ago, after Russia suggested he return to Washington for consultations.", "", []string{"Ambassadors"}},
	{1, "International arms control groups are pressing the Russian and American leaders to start a push for new arms control by holding “strategic stability” talks – a series of government-to-government discussions meant to sort through the many areas of disagreement and tension on the national security front.", "The summit’s joint statement launched exactly this dialogue.", []string{"Arms control & strategic stability"}},
	{1, "In recent months, Russia-based hackers have launched crippling attacks on a major US oil pipeline and a Brazil-headquartered meat supplier that operates in the US.", "Colonial Pipeline (May 2021) and JBS (June 2021).", []string{"Cyber red lines"}},
	{1, "The Russian side has said that the imprisonment of Russian opposition leader Alexei Navalny is an internal political matter and one area where Putin will not engage Biden.", "", []string{"Navalny & dissidents", "Human rights"}},
	{1, "His portfolio included messy spots like Iraq and Ukraine", "", []string{"Ukraine"}},
	{2, "The US stance is clear: support for Ukraine's sovereignty and territorial integrity.", "", []string{"Ukraine"}},
	{2, "Biden raised concerns about the treatment of political dissidents and the overall state of democratic freedoms in Russia.", "", []string{"Human rights", "Navalny & dissidents"}},
	{2, "The START treaty, for example, was extended earlier in the year, and this meeting was a chance to reinforce the commitment to that and potentially discuss further steps.", "New START was extended in February 2021 to February 2026.", []string{"Arms control & strategic stability"}},
	{2, "Both sides agreed to keep communication channels open, which is, you know, crucial.", "", []string{"Cooperation"}},
	{2, "The espionage and interference in elections were also likely discussed", "Hedged (“likely”): the source is speculative — do not cite it alone.", []string{"Election interference"}},
	{3, "“We agreed that they would return to their service,” Putin said at a news conference following a summit with President Biden in Geneva.", "", []string{"Ambassadors"}},
	{3, "Putin did not offer specific timing on the exchange but indicated it could happen over the next few days.", "", []string{"Ambassadors", "Expectations"}},
	{3, "the Kremlin's poisoning and jailing of opposition Alexei Navalny and human rights", "", []string{"Navalny & dissidents", "Human rights"}},
}

// seedProject builds the sample project: the four seed articles, the seed
// codebook and a passage set that gives every tag passages.
func seedProject(tb testing.TB) (*storage.DB, []*annotate.Document, map[string]*annotate.Tag) {
	tb.Helper()
	db := MustOpen(tb)
	tags := map[string]*annotate.Tag{}
	for i, t := range seedTags {
		tags[t.name] = MustTag(tb, db, t.name, annotate.Palette[i%len(annotate.Palette)], t.desc)
	}
	ss, err := assets.Samples()
	if err != nil {
		tb.Fatal(err)
	}
	samples := map[string][]byte{}
	for _, s := range ss {
		samples[s.File] = s.Data
	}
	var docs []*annotate.Document
	for _, d := range seedDocs {
		b, ok := samples[d.file]
		if !ok {
			tb.Fatalf("sample %s is not among the articles in package assets", d.file)
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		title, _, _ := strings.Cut(text, "\n")
		docs = append(docs, MustDocument(tb, db, &annotate.Document{Title: strings.TrimSpace(title), Outlet: d.outlet,
			Byline: d.byline, Published: d.published, Source: d.file, Text: text}))
	}
	for _, p := range seedPassages {
		var ts []*annotate.Tag
		for _, name := range p.tags {
			ts = append(ts, tags[name])
		}
		MustPassage(tb, db, docs[p.doc], p.quote, p.note, ts...)
	}
	return db, docs, tags
}

// writePDF exports a briefing to a file in a temporary directory.
func writePDF(tb testing.TB, src export.Source, opts export.Options) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "brief.pdf")
	if err := export.WriteFile(path, func(w io.Writer) error { return export.PDF(context.Background(), w, src, opts) }); err != nil {
		tb.Fatal(err)
	}
	return path
}

// run runs a command and returns its standard output, failing the test on error.
func run(tb testing.TB, name string, args ...string) string {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// pdfText extracts a PDF's text with poppler.
func pdfText(tb testing.TB, path string) string {
	tb.Helper()
	return run(tb, "pdftotext", "-enc", "UTF-8", path, "-")
}

// squash removes all white space, so that text compares equal however
// lines were broken.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// pdfInfo returns pdfinfo's fields.
func pdfInfo(tb testing.TB, path string) map[string]string {
	tb.Helper()
	info := map[string]string{}
	for _, l := range strings.Split(run(tb, "pdfinfo", "-enc", "UTF-8", path), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// qpdfCheck fails the test unless qpdf finds the file sound.
func qpdfCheck(tb testing.TB, path string) {
	tb.Helper()
	out := run(tb, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors found") {
		tb.Fatalf("qpdf --check %s:\n%s", path, out)
	}
}

// benPassages are a second coder's passages on the sample articles: some
// on text Ada coded too (the same range, or overlapping it, one cut in
// the middle of a word), some of his own.
var benPassages = []struct {
	doc   int
	quote string
	note  string
	tags  []string
}{
	{0, `he raised human rights and cyberattacks with Putin, including 16 pieces of infrastructure limits that the U.S. would consider off limits: "T`, "Sixteen sectors: the **critical infrastructure** list of the Department of Homeland Security.", []string{"Cyber red lines"}},
	{0, "announced that the U.S. and Russia's respective ambassadors would return to their posts", "Confirmed by the Kremlin the next day.", []string{"Ambassadors"}},
	{2, "On the cybersecurity front, Biden definitely put Putin on notice about Russian-backed hacking groups targeting US infrastructure.", "", []string{"Cyber red lines"}},
	{2, "They touched upon the future of strategic stability, including things like nuclear weapons and other WMDs.", "", []string{"Arms control & strategic stability"}},
	{1, "start a push for new arms control by holding “strategic stability” talks", "See [the joint statement on strategic stability](https://www.whitehouse.gov/briefing-room/statements-releases/2021/06/16/u-s-russia-presidential-joint-statement-on-strategic-stability/).", []string{"Arms control & strategic stability"}},
}

// sampleSummary is the analyst's executive summary of the sample briefing.
const sampleSummary = `Geneva produced **one concrete deliverable** — the return of both ambassadors — and a *process*: a dialogue on strategic stability. Nothing on cyber or human rights was settled.

- **Cyber:** Biden put a list of 16 critical-infrastructure sectors to Putin as off limits; the test is whether ransomware attacks from Russian territory stop.
- **Arms control:** the leaders agreed to talks that could lead to a successor to New START.
- **Ambassadors:** both return to their posts within days.

Expect slow movement. Both delegations lowered expectations beforehand, and the Kremlin presents the meeting itself as the result.`

// sampleFindings are the analyst's findings, by code.
var sampleFindings = map[string]string{
	"Cyber red lines":                    "The United States drew its **first explicit cyber red line** with Russia: sixteen sectors of critical infrastructure declared off limits. Whether Moscow acts against ransomware groups on its territory is the measure of success; the coverage treats the list as a warning rather than an agreement.",
	"Ambassadors":                        "The return of the two ambassadors is the summit's one concrete outcome, announced by both sides. Timing was left open, but Putin spoke of *days*.",
	"Arms control & strategic stability": "Both sides committed to a strategic-stability dialogue, the process that would have to produce a successor to New START before it expires in February 2026.",
}

// sampleBriefing builds the sample project coded by two researchers, Ada
// Lovelace and Ben Okri, and its briefing: a summary, three findings and
// key quotes in the analyst's order, the rest in the annex.
func sampleBriefing(tb testing.TB) (*storage.DB, *annotate.Briefing, []*annotate.Document, map[string]*annotate.Tag) {
	tb.Helper()
	db, docs, tags := seedProject(tb)
	db.SetAuthor("Ben Okri")
	var ben []*annotate.Passage
	for _, p := range benPassages {
		var ts []*annotate.Tag
		for _, name := range p.tags {
			ts = append(ts, tags[name])
		}
		ben = append(ben, MustPassage(tb, db, docs[p.doc], p.quote, p.note, ts...))
	}
	db.SetAuthor("Ada Lovelace")
	ps, err := db.Passages(context.Background(), annotate.PassageFilter{Authors: []string{"Ada Lovelace"}})
	if err != nil {
		tb.Fatal(err)
	}
	ada := func(prefix string) string {
		for _, p := range ps {
			if strings.HasPrefix(p.Quote, prefix) {
				return p.ID
			}
		}
		tb.Fatalf("no passage of Ada's starts %q", prefix)
		return ""
	}
	bf := &annotate.Briefing{
		Name:       "Geneva summit",
		Title:      "Geneva summit, June 2021",
		Subtitle:   "What Biden and Putin agreed on cyber, arms control and their embassies",
		Audience:   "Minister’s office · Official",
		Date:       "2021-06-18",
		PreparedBy: "Ada Lovelace",
		Summary:    sampleSummary,
		Annex:      true,
	}
	for name, text := range sampleFindings {
		bf.Findings = append(bf.Findings, annotate.Finding{TagID: tags[name].ID, Text: text})
	}
	// Key quotes in the analyst's order, not the sources'.
	for i, id := range []string{
		ada("In recent months, Russia-based hackers"),
		ada("Biden said he raised human rights"),
		ben[2].ID,
		ada("announced that the U.S. and Russia"),
		ada("“We agreed that they would return"),
		ben[4].ID,
		ada("The START treaty"),
	} {
		bf.Quotes = append(bf.Quotes, annotate.KeyQuote{PassageID: id, Position: float64(i + 1)})
	}
	return db, bf, docs, tags
}
