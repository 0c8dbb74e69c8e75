package ingest

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/annotate"
)

// readText fills doc from plain text or Markdown, which are kept as written
// apart from normalization and a leading block of front matter, which is read
// as metadata and removed.
func readText(doc *annotate.Document, raw string, markdown bool) {
	text := Normalize(raw)
	if fm, rest, ok := frontMatter(text); ok {
		text = Normalize(rest)
		if text != "" {
			fm.apply(doc)
		} else {
			text = Normalize(raw) // nothing but metadata: keep it as the text
		}
	}
	doc.Text = text
	if doc.Title == "" {
		doc.Title = firstLineTitle(text, markdown)
	}
}

// firstLineTitle returns the first line of text that has a letter or digit,
// cleaned of Markdown heading, quote, emphasis and link syntax when markdown
// is set, and shortened to maxTitle code points.
func firstLineTitle(text string, markdown bool) string {
	for line := range strings.SplitSeq(text, "\n") {
		if markdown {
			line = stripMarkdown(line)
		}
		line = strings.Join(strings.Fields(line), " ")
		if strings.IndexFunc(line, isWordChar) >= 0 {
			return shorten(line, maxTitle)
		}
	}
	return ""
}

func isWordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var (
	mdImage   = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdHeading = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+|$)`)
	mdClosing = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
)

// stripMarkdown removes the syntax around a line's words: quote markers,
// heading markers, wrapping emphasis and code marks, and link targets.
func stripMarkdown(line string) string {
	line = strings.TrimSpace(line)
	for strings.HasPrefix(line, ">") {
		line = strings.TrimSpace(line[1:])
	}
	if loc := mdHeading.FindStringIndex(line); loc != nil {
		line = line[loc[1]:]
		line = mdClosing.ReplaceAllString(line, "")
		if strings.Trim(line, "#") == "" {
			line = ""
		}
	}
	line = mdImage.ReplaceAllString(line, "$1")
	line = mdLink.ReplaceAllString(line, "$1")
	for _, re := range mdEmphasis {
		line = re.ReplaceAllString(line, "$1$2$3")
	}
	return strings.TrimSpace(line)
}

// mdEmphasis matches emphasis and code spans; each keeps what is around and
// inside the marks in groups 1 to 3.
var mdEmphasis = []*regexp.Regexp{
	regexp.MustCompile(`()\*\*([^*]+)\*\*()`),
	regexp.MustCompile(`(^|[^\w])__([^_]+)__([^\w]|$)`),
	regexp.MustCompile(`()\*([^*\s](?:[^*]*[^*\s])?)\*()`),
	regexp.MustCompile(`(^|[^\w])_([^_\s](?:[^_]*[^_\s])?)_([^\w]|$)`),
	regexp.MustCompile("()`([^`]+)`()"),
}

// shorten collapses white space in s and, when it is longer than n code
// points, cuts it to fewer than n at the end of a clause or a word and adds
// an ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	best := -1
	for _, sep := range []string{", ", "; ", ": ", " – ", " — ", " - ", " ("} {
		if i := strings.LastIndex(cut, sep); i > best {
			best = i
		}
	}
	if best < 0 || utf8.RuneCountInString(cut[:best]) < n/4 {
		best = strings.LastIndexByte(cut, ' ')
		if best >= 0 && utf8.RuneCountInString(cut[:best]) < n/2 {
			best = -1
		}
	}
	if best > 0 {
		cut = cut[:best]
	}
	cut = strings.TrimRightFunc(cut, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:–—-(", r)
	})
	if cut == "" {
		return annotate.Ellipsize(s, n)
	}
	return cut + "…"
}

// meta is metadata read from a file, before it is cleaned.
type meta struct {
	title, outlet, byline, published, url string
}

// apply sets doc's fields from m, cleaning and capping each value.
func (m meta) apply(doc *annotate.Document) {
	if t := cleanField(m.title); t != "" {
		doc.Title = shorten(t, maxTitle)
	}
	doc.Outlet = shorten(cleanField(m.outlet), maxMeta)
	doc.Byline = shorten(cleanField(m.byline), maxMeta)
	doc.Published = publishedDate(m.published)
	doc.URL = webURL(m.url)
}

// cleanField returns a metadata value on one line, normalized, with runs of
// white space collapsed.
func cleanField(s string) string {
	return strings.Join(strings.Fields(Normalize(s)), " ")
}

// frontKeys maps the keys accepted in front matter to the field they set.
var frontKeys = map[string]string{
	"title":       "title",
	"headline":    "title",
	"outlet":      "outlet",
	"source":      "outlet",
	"publication": "outlet",
	"publisher":   "outlet",
	"site":        "outlet",
	"author":      "byline",
	"authors":     "byline",
	"by":          "byline",
	"byline":      "byline",
	"date":        "published",
	"published":   "published",
	"url":         "url",
	"link":        "url",
}

var (
	// frontLine is a "Key: value" line.
	frontLine = regexp.MustCompile(`^([A-Za-z][A-Za-z_ -]{0,30}):(?:[ \t]+(.*))?$`)
	// yamlLine is any YAML mapping line, such as "og:image: x" or "tags:".
	yamlLine = regexp.MustCompile(`^([A-Za-z0-9_"'][^\s]*?):(?:[ \t]+(.*))?$`)
)

// frontMatter reads metadata from the start of normalized text: either a YAML
// block between "---" lines (unknown keys ignored) or a block of "Key: value"
// lines, every one of them a known key (Title, Outlet or Source, Author or By,
// Date or Published, URL), ended by a blank line. It returns the metadata and
// the text after the block.
func frontMatter(text string) (meta, string, bool) {
	var m meta
	// Front matter is short: the last element holds the rest of the text.
	lines := strings.SplitN(text, "\n", 102)
	set := func(key, value string) bool {
		field, ok := frontKeys[strings.ToLower(strings.TrimSpace(key))]
		if !ok {
			return false
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' && value[len(value)-1] == '"' || value[0] == '\'' && value[len(value)-1] == '\'') {
			value = value[1 : len(value)-1]
		}
		switch field {
		case "title":
			m.title = value
		case "outlet":
			m.outlet = value
		case "byline":
			m.byline = value
		case "published":
			m.published = value
		case "url":
			m.url = value
		}
		return true
	}

	if lines[0] == "---" {
		for i := 1; i < len(lines) && i <= 100; i++ {
			if lines[i] != "---" && lines[i] != "..." {
				continue
			}
			// A Markdown rule opens the text, not front matter, unless
			// every line up to the next rule is YAML.
			keys := 0
			for _, l := range lines[1:i] {
				switch sm := yamlLine.FindStringSubmatch(l); {
				case sm != nil:
					set(strings.Trim(sm[1], `"'`), sm[2])
					keys++
				case l == "", strings.HasPrefix(l, " "), strings.HasPrefix(l, "\t"), strings.HasPrefix(l, "- "):
					// blank, nested value or list item
				default:
					return meta{}, text, false
				}
			}
			if keys == 0 {
				return meta{}, text, false
			}
			return m, strings.Join(lines[i+1:], "\n"), true
		}
		return meta{}, text, false
	}

	n := 0
	for n < len(lines) && lines[n] != "" {
		sm := frontLine.FindStringSubmatch(lines[n])
		if sm == nil || !set(sm[1], sm[2]) {
			return meta{}, text, false
		}
		n++
	}
	if n == 0 || n == len(lines) {
		return meta{}, text, false
	}
	return m, strings.Join(lines[n:], "\n"), true
}

// dateLayouts are the date forms publishedDate understands, beyond a leading
// ISO 8601 date.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC850, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Monday, January 2, 2006", "Monday, 2 January 2006",
	"January 2, 2006", "Jan 2, 2006", "Jan. 2, 2006", "January 2 2006",
	"2 January 2006", "2 Jan 2006", "02 Jan 2006",
	"2006/01/02", "2006.01.02", "20060102",
}

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])`)

// publishedDate returns s as YYYY-MM-DD when it is a date Gloss recognizes,
// in the time zone it was written in; otherwise the cleaned value itself.
func publishedDate(s string) string {
	s = cleanField(s)
	if s == "" {
		return ""
	}
	if m := isoDate.FindStringSubmatch(s); m != nil {
		d := m[1] + "-" + m[2] + "-" + m[3]
		if _, err := time.Parse("2006-01-02", d); err == nil {
			return d
		}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return shorten(s, annotate.MaxPublished)
}

// webURL returns s if it is an absolute http or https URL of reasonable
// length, and "" otherwise.
func webURL(s string) string {
	s = strings.TrimSpace(Normalize(s))
	if s == "" || len(s) > maxURL || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}
