package ingest

import (
	"errors"
	"net/url"
	"strings"
	"unicode"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gloss/annotate"
)

// looksLikeHTML reports whether text from a file without a known extension
// is an HTML document.
func looksLikeHTML(s string) bool {
	s = strings.TrimLeftFunc(strings.TrimPrefix(s, "\uFEFF"), unicode.IsSpace)
	if len(s) > 15 {
		s = s[:15]
	}
	s = strings.ToLower(s)
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html")
}

// readHTML fills doc with the article a web page holds and the metadata it
// declares. The article is found by Readability (the algorithm of Firefox's
// Reader View): navigation, headers and footers, sidebars, share bars,
// "related stories", comments and ads are left behind; what remains is read
// as text, with block elements as paragraphs, list items and table rows as
// lines (list items starting "- "). Leftover ad labels and share prompts
// are dropped. Metadata comes from JSON-LD, meta tags and the page's title,
// the title without the site's name.
func readHTML(doc *annotate.Document, raw string, rep *Report) error {
	root, err := html.Parse(strings.NewReader(raw))
	if err != nil {
		// The parser refuses elements nested more than 512 deep.
		if strings.Contains(err.Error(), "exceeds 512") {
			return errors.New("the HTML is nested too deeply to read (more than 512 elements)")
		}
		return errors.New("the HTML could not be read: " + strings.TrimPrefix(err.Error(), "html: "))
	}
	// Metadata first: Readability changes the tree it reads.
	head := &extractor{meta: make(map[string]string)}
	head.readMetadata(root)
	ld := jsonLD(root)

	var pageURL *url.URL
	if u := webURL(first(ld.url, head.meta["og:url"], head.meta["canonical"])); u != "" {
		pageURL, _ = url.Parse(u)
	}
	furniture := removeFurniture(root)
	parser := readability.NewParser()
	parser.MaxElemsToParse = 200000
	article, rerr := parser.ParseAndMutate(root, pageURL)

	e := &extractor{meta: map[string]string{}, article: 1}
	if rerr == nil && article.Node != nil {
		e.walk(article.Node)
	}
	text, dropped := dropBoilerplate(Normalize(e.b.String()))

	// pick returns the first value among keys that is not a web address.
	pick := func(keys ...string) string {
		for _, k := range keys {
			if v := cleanField(head.meta[k]); v != "" && webURL(v) == "" {
				return v
			}
		}
		return ""
	}
	outlet := first(ld.publisher, pick("og:site_name", "application-name"), cleanField(article.SiteName()))
	m := meta{
		outlet: outlet,
		// article:author is often a profile link rather than a name, and
		// an organization as author is the outlet again: a person's name
		// printed on the page is better.
		byline: first(ld.author, notOutlet(outlet, pick("author", "byl", "dc.creator", "parsely-author", "sailthru.author", "article:author")),
			notOutlet(outlet, bylineOf(cleanField(article.Byline()))), bylineParagraph(text), ld.authorOrg),
		published: first(ld.published, pick("article:published_time", "date", "datepublished", "dc.date.issued", "dc.date",
			"pubdate", "publish-date", "publishdate", "parsely-pub-date", "sailthru.date", "og:published_time")),
	}
	if m.published == "" {
		if t, err := article.PublishedTime(); err == nil {
			m.published = t.Format("2006-01-02")
		}
	}
	if len(m.byline) > 3 && strings.EqualFold(m.byline[:3], "by ") {
		m.byline = m.byline[3:]
	}
	for _, u := range []string{ld.url, head.meta["og:url"], head.meta["canonical"]} {
		if u := webURL(u); u != "" {
			m.url = u
			break
		}
	}
	m.title = pageTitle(first(cleanField(ld.headline), pick("og:title", "twitter:title"), cleanField(head.title), cleanField(article.Title())),
		cleanField(head.h1), cleanField(m.outlet))
	if m.title == "" {
		m.title = cleanField(head.h1)
	}
	// The headline heads the text, as it does on the page.
	if m.title != "" && text != "" && !strings.HasPrefix(text, m.title) {
		if h := cleanField(head.h1); h != "" && !strings.HasPrefix(text, h) && len(h) < 300 {
			text = h + "\n\n" + text
		}
	}
	doc.Text = Normalize(text)
	m.apply(doc)
	if doc.Text != "" && doc.Title == "" {
		doc.Title = firstLineTitle(doc.Text, false)
	}
	rep.Removed = append(rep.Removed, "the page around the article (navigation, header, footer, sidebars)")
	if furniture > 0 {
		rep.Removed = append(rep.Removed, plural(furniture, "block")+" of related stories, share and newsletter prompts, tags or comments")
	}
	rep.Removed = append(rep.Removed, dropped...)
	return nil
}

// first returns the first of values that is not empty.
func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// pageTitle returns a page's title without the site's name: cut at the
// first " | ", and cut before a separator when what follows is the
// outlet's name or what precedes is the page's main heading.
func pageTitle(title, h1, outlet string) string {
	if i := strings.Index(title, " | "); i > 0 && len(strings.Fields(title[:i])) >= 2 {
		title = strings.TrimSpace(title[:i])
	}
	title = stripSiteName(title, outlet)
	if h1 != "" && title != h1 && strings.HasPrefix(title, h1) {
		rest := strings.TrimSpace(title[len(h1):])
		for _, sep := range []string{"|", "-", "–", "—", "::", "·", "•"} {
			if strings.HasPrefix(rest, sep) {
				return h1
			}
		}
	}
	return title
}

// stripSiteName removes " | Site" and similar from the end of a page title
// when Site is the outlet's name.
func stripSiteName(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • "} {
		if i := strings.LastIndex(title, sep); i > 0 && strings.EqualFold(strings.TrimSpace(title[i+len(sep):]), site) {
			return strings.TrimSpace(title[:i])
		}
	}
	return title
}

// boilerplate are whole paragraphs or lines that label the page rather than
// tell the story, lower-cased: ad labels, share bars, prompts.
var boilerplate = map[string]string{}

func init() {
	for kind, lines := range map[string][]string{
		"ad label": {"advertisement", "advertisement · scroll to continue", "advertisement - scroll to continue", "scroll to continue",
			"scroll to continue with content", "story continues below advertisement", "article continues below advertisement",
			"article continues below", "continue reading below", "skip advertisement", "sponsored", "sponsored content", "ad", "ads",
			"continue reading the main story", "paid content", "promoted", "story continues below", "article continues after advertisement"},
		"share prompt": {"share", "share this", "share this article", "share this story", "share article", "copy link", "link copied",
			"copy link to clipboard", "save", "save article", "print", "comments", "gift this article", "listen to this article"},
		"print edition note": {},
		"newsletter prompt":  {"sign up for our newsletter", "sign up", "subscribe", "subscribe to our newsletter", "get our newsletter"},
	} {
		for _, l := range lines {
			boilerplate[l] = kind
		}
	}
}

// shareWords are the words of a share bar: a line of nothing else is one.
var shareWords = map[string]bool{"share": true, "facebook": true, "twitter": true, "x": true, "email": true, "e-mail": true,
	"whatsapp": true, "linkedin": true, "reddit": true, "print": true, "copy": true, "link": true, "tweet": true,
	"messenger": true, "telegram": true, "pinterest": true, "on": true, "via": true, "bluesky": true, "threads": true}

// readMorePrefixes open the links to other stories that sites put between
// paragraphs.
var readMorePrefixes = []string{"read more:", "related:", "see also:", "also read:", "read also:", "more:", "watch:", "recommended:", "most read:"}

// dropBoilerplate removes ad labels, share bars and prompts and "Read
// more:" links from normalized text, and says what it removed.
func dropBoilerplate(text string) (string, []string) {
	counts := map[string]int{}
	var order []string
	count := func(kind string) {
		if counts[kind] == 0 {
			order = append(order, kind)
		}
		counts[kind]++
	}
	var paras []string
	for _, p := range strings.Split(text, "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if kind := boilerplateKind(l); kind != "" {
				count(kind)
				continue
			}
			lines = append(lines, l)
		}
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
		}
	}
	var removed []string
	for _, kind := range order {
		removed = append(removed, plural(counts[kind], kind))
	}
	return strings.Join(paras, "\n\n"), removed
}

// boilerplateKind says which kind of page furniture a line is, or "".
func boilerplateKind(line string) string {
	l := strings.ToLower(strings.Join(strings.Fields(strings.TrimLeft(line, "- ")), " "))
	l = strings.TrimRight(l, ".:…")
	if kind, ok := boilerplate[l]; ok {
		return kind
	}
	for _, p := range readMorePrefixes {
		if strings.HasPrefix(l, p) && len(l) < 300 {
			return "link to another story"
		}
	}
	if strings.HasPrefix(l, "a version of this article appears in print") {
		return "print edition note"
	}
	if timestamp(l) {
		return "timestamp"
	}
	if parts := strings.Split(l, " | "); len(parts) >= 3 {
		short := true
		for _, p := range parts {
			short = short && len(strings.Fields(p)) <= 3
		}
		if short {
			return "row of links"
		}
	}
	words := strings.FieldsFunc(l, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("·|/•,", r) })
	if len(words) >= 2 {
		for _, w := range words {
			if !shareWords[w] {
				return ""
			}
		}
		return "share bar"
	}
	return ""
}

// dateWords are what a line holding only a date and a time is made of.
var dateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("january february march april may june july august september october november december " +
		"jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday " +
		"mon tue wed thu fri sat sun am pm a.m p.m utc gmt bst cet cest est edt cst cdt pst pdt et " +
		"published updated posted last modified on at") {
		dateWords[w] = true
	}
}

// timestamp reports whether a lower-cased line is only a date or a time,
// as pages print under the headline: "June 16, 2021 7:42 PM UTC".
func timestamp(l string) bool {
	if len(l) > 60 {
		return false
	}
	digits := false
	for _, w := range strings.FieldsFunc(l, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",:/-.()|", r) }) {
		if strings.Trim(w, "0123456789") == "" {
			digits = true
			continue
		}
		if strings.TrimLeft(w, "0123456789") == "th" || strings.TrimLeft(w, "0123456789") == "st" || strings.TrimLeft(w, "0123456789") == "nd" || strings.TrimLeft(w, "0123456789") == "rd" {
			digits = true
			continue
		}
		if !dateWords[w] {
			return false
		}
	}
	return digits
}

// notOutlet returns byline unless it names the outlet.
func notOutlet(outlet, byline string) string {
	if strings.EqualFold(strings.TrimSpace(byline), strings.TrimSpace(outlet)) {
		return ""
	}
	return byline
}

// bylineOf returns a byline without its "By ", or "" when it is too long
// to be one.
func bylineOf(s string) string {
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	if len(s) > 120 || strings.Count(s, " ") > 12 {
		return ""
	}
	return s
}

// bylineParagraph returns the byline printed near the top of the text: a
// short paragraph among the first five that starts "By ".
func bylineParagraph(text string) string {
	for i, p := range strings.SplitN(text, "\n\n", 6) {
		if i == 5 {
			break
		}
		if len(p) < 120 && strings.HasPrefix(p, "By ") && !strings.Contains(p, "\n") {
			return bylineOf(p)
		}
	}
	return ""
}

// furnitureTokens mark, in an element's class, id or data-component, the
// blocks inside an article that are not the story: related stories,
// share bars, newsletter sign-ups, tag lists, comments, ad slots.
var furnitureTokens = []string{"related", "see-also", "seealso", "more-on", "tag-list", "story-tags", "recommend", "most-read",
	"mostread", "most-popular", "share", "social", "newsletter", "comments", "ad-slot", "advert", "promo", "outbrain",
	"taboola", "sponsored", "breadcrumb", "story-continued", "bottom-of-article", "trust-principles"}

// furnitureHeadings open the blocks of links to other stories.
var furnitureHeadings = map[string]bool{"related": true, "related stories": true, "related coverage": true, "related topics": true,
	"related articles": true, "related content": true, "more on this story": true, "top stories": true, "most read": true,
	"most popular": true, "most viewed": true, "you may also like": true, "recommended": true, "recommended for you": true,
	"read next": true, "read more": true, "around the web": true, "more stories": true, "comments": true, "trending": true,
	"sign up for our newsletter": true, "popular now": true, "editor's picks": true, "more from this section": true}

// removeFurniture takes out of the tree the blocks furnitureTokens and
// furnitureHeadings mark, unless a block holds a third of the page's
// text or more (then it is the article, whatever its class says). It
// returns how many it removed.
func removeFurniture(root *html.Node) int {
	total := textLength(root)
	var doomed []*html.Node
	n := root
	for n != nil {
		if n.Type == html.ElementNode && tag(n) != atom.Head && tag(n) != atom.Html && hidden(n) {
			doomed = append(doomed, n) // not shown, so not read (not counted either)
			n = skipChildren(root, n)
			continue
		}
		if n.Type == html.ElementNode && isFurniture(n) && textLength(n)*3 < total {
			doomed = append(doomed, n)
			n = skipChildren(root, n)
			continue
		}
		n = nextNode(root, n)
	}
	count := 0
	for _, d := range doomed {
		if !hidden(d) {
			count++
		}
		if d.Parent != nil {
			d.Parent.RemoveChild(d)
		}
	}
	return count
}

// skipChildren returns the node after n and its children in document order.
func skipChildren(root, n *html.Node) *html.Node {
	for n != root && n.NextSibling == nil {
		n = n.Parent
	}
	if n == root {
		return nil
	}
	return n.NextSibling
}

// isFurniture reports whether an element is marked as a block around the
// story rather than part of it.
func isFurniture(n *html.Node) bool {
	switch tag(n) {
	case atom.Html, atom.Body, atom.Main, atom.Article, atom.Head, atom.Script, atom.Style, atom.P, atom.H1:
		return false
	}
	for _, key := range []string{"class", "id", "data-component"} {
		for _, tok := range strings.Fields(strings.ToLower(attr(n, key))) {
			for _, f := range furnitureTokens {
				if strings.Contains(tok, f) {
					return true
				}
			}
		}
	}
	// A block whose first heading announces links to other stories.
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return false
		}
		if c.Type != html.ElementNode {
			continue
		}
		switch tag(c) {
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			h := strings.ToLower(strings.TrimRight(cleanField(textContent(c)), ":"))
			return furnitureHeadings[h] || strings.HasPrefix(h, "more from ")
		}
		return false
	}
	return false
}

// textLength counts the bytes of text under n, scripts and styles aside.
func textLength(root *html.Node) int {
	total := 0
	n := root
	for n != nil {
		if n.Type == html.ElementNode && (tag(n) == atom.Script || tag(n) == atom.Style) {
			n = skipChildren(root, n)
			continue
		}
		if n.Type == html.TextNode {
			total += len(strings.TrimSpace(n.Data))
		}
		n = nextNode(root, n)
	}
	return total
}

// readMetadata collects the title, the first h1, meta tags and the
// canonical link of a page.
func (e *extractor) readMetadata(root *html.Node) {
	n := root
	for n != nil {
		descend := true
		if n.Type == html.ElementNode && n.Namespace == "" {
			switch n.DataAtom {
			case atom.Title:
				if e.title == "" {
					e.title = textContent(n)
				}
				descend = false
			case atom.Meta:
				e.readMeta(n)
			case atom.Link:
				if strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
					e.setMeta("canonical", attr(n, "href"))
				}
			case atom.H1:
				if e.h1 == "" && !hidden(n) {
					e.h1 = textContent(n)
				}
				descend = false
			case atom.Script, atom.Style, atom.Svg, atom.Template:
				descend = false
			}
		}
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// Break levels between pieces of text.
const (
	noBreak   = 0
	lineBreak = 1
	paraBreak = 2
)

// extractor accumulates the readable text of an HTML tree.
type extractor struct {
	b      strings.Builder
	brk    int    // break owed before the next text
	sep    string // separator owed before the next text on the same line
	prefix string // list marker owed at the start of the next line

	pre     int // depth inside <pre>
	article int // depth inside <article> or <main>
	lists   int // depth inside <ul> or <ol>
	title   string
	h1      string
	meta    map[string]string // first value of each meta name, lower-cased
}

// skipped holds the elements whose content is never part of the text.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Nav: true,
	atom.Aside: true, atom.Noscript: true, atom.Template: true, atom.Form: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Dialog: true,
}

// blocks maps block elements to the break they make before and after.
var blocks = map[atom.Atom]int{
	atom.P: paraBreak, atom.Div: paraBreak, atom.Blockquote: paraBreak,
	atom.Pre: paraBreak, atom.Article: paraBreak, atom.Section: paraBreak,
	atom.Main: paraBreak, atom.Header: paraBreak, atom.Footer: paraBreak,
	atom.H1: paraBreak, atom.H2: paraBreak, atom.H3: paraBreak,
	atom.H4: paraBreak, atom.H5: paraBreak, atom.H6: paraBreak,
	atom.Ul: paraBreak, atom.Ol: paraBreak, atom.Dl: paraBreak,
	atom.Table: paraBreak, atom.Figure: paraBreak, atom.Figcaption: paraBreak,
	atom.Hr: paraBreak, atom.Address: paraBreak, atom.Details: paraBreak,
	atom.Fieldset: paraBreak, atom.Center: paraBreak, atom.Caption: paraBreak,
	atom.Li: lineBreak, atom.Tr: lineBreak, atom.Dt: lineBreak,
	atom.Dd: lineBreak, atom.Summary: lineBreak,
}

// walk visits the tree in document order without recursion, so that deeply
// nested input cannot exhaust the stack.
func (e *extractor) walk(root *html.Node) {
	n := root
	for {
		entered := e.enter(n)
		if entered && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if entered {
			e.leave(n)
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
			e.leave(n)
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// enter handles the start of n and reports whether its children are to be
// visited.
func (e *extractor) enter(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		e.text(n.Data)
		return false
	case html.DocumentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	switch tag(n) {
	case atom.Title:
		if e.title == "" && n.Namespace == "" {
			e.title = textContent(n)
		}
		return false
	case atom.Meta:
		e.readMeta(n)
		return false
	case atom.Link:
		if strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
			e.setMeta("canonical", attr(n, "href"))
		}
		return false
	case atom.Header, atom.Footer:
		if e.article == 0 {
			return false
		}
	case atom.Br:
		e.brk = min(e.brk+1, paraBreak)
		e.sep = ""
		return false
	case atom.Td, atom.Th:
		if e.brk == noBreak && e.b.Len() > 0 {
			e.sep = "\t"
		}
	}
	if n.Namespace != "" || skipped[tag(n)] || hidden(n) {
		// Title, meta and link elements in the head are read above; the
		// rest of the head, and foreign content, is not text.
		if tag(n) == atom.Head {
			e.readHead(n)
		}
		return false
	}
	switch tag(n) {
	case atom.H1:
		if e.h1 == "" {
			e.h1 = textContent(n)
		}
	case atom.Article, atom.Main:
		e.article++
	case atom.Pre:
		e.pre++
	case atom.Ul, atom.Ol:
		if e.lists > 0 {
			e.block(lineBreak)
			e.lists++
			return true
		}
		e.lists++
	case atom.Li:
		e.block(lineBreak)
		e.prefix = strings.Repeat("  ", max(e.lists-1, 0)) + "- "
		return true
	}
	if level, ok := blocks[tag(n)]; ok {
		e.block(level)
	}
	return true
}

// leave handles the end of an element whose start enter accepted.
func (e *extractor) leave(n *html.Node) {
	if n.Type != html.ElementNode {
		return
	}
	switch tag(n) {
	case atom.Article, atom.Main:
		e.article--
	case atom.Pre:
		e.pre--
	case atom.Ul, atom.Ol:
		e.lists--
		if e.lists > 0 {
			e.block(lineBreak)
			return
		}
	case atom.Li:
		e.prefix = ""
	}
	if level, ok := blocks[tag(n)]; ok {
		e.block(level)
	}
}

// readHead reads the title and metadata of a head element, whose other
// content is not shown.
func (e *extractor) readHead(head *html.Node) {
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch tag(c) {
		case atom.Title, atom.Meta, atom.Link:
			e.enter(c)
		}
	}
}

// readMeta records a meta element's content under its name, property or
// itemprop.
func (e *extractor) readMeta(n *html.Node) {
	content := attr(n, "content")
	for _, key := range []string{"property", "name", "itemprop"} {
		if k := attr(n, key); k != "" {
			e.setMeta(k, content)
		}
	}
}

// setMeta records value under key unless key already has a value.
func (e *extractor) setMeta(key, value string) {
	key = strings.ToLower(strings.TrimSpace(key))
	if _, ok := e.meta[key]; !ok && strings.TrimSpace(value) != "" && len(e.meta) < 1000 {
		e.meta[key] = value
	}
}

// block owes a break of at least level before the next text.
func (e *extractor) block(level int) {
	e.brk = max(e.brk, level)
	e.sep = ""
}

// text adds a text node: verbatim inside <pre>, otherwise with runs of white
// space (non-breaking spaces included) collapsed to one space.
func (e *extractor) text(s string) {
	if e.pre > 0 {
		if s != "" {
			e.flush()
			e.b.WriteString(s)
		}
		return
	}
	s = strings.ReplaceAll(s, "\u00A0", " ")
	words := strings.Fields(s)
	if len(words) == 0 {
		if s != "" && e.sep == "" {
			e.sep = " "
		}
		return
	}
	if unicode.IsSpace(rune(s[0])) && e.sep == "" {
		e.sep = " "
	}
	for i, w := range words {
		if i > 0 {
			e.sep = " "
		}
		e.flush()
		e.b.WriteString(w)
	}
	if last := s[len(s)-1]; last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '\f' {
		e.sep = " "
	}
}

// flush writes what is owed before the next text: a break, or a separator
// when the text continues a line, then any list marker.
func (e *extractor) flush() {
	atStart := e.b.Len() == 0
	switch {
	case e.brk > noBreak && !atStart:
		e.b.WriteString("\n\n"[:e.brk])
		atStart = true
	case e.sep != "" && !atStart:
		e.b.WriteString(e.sep)
	case e.brk > noBreak:
		atStart = true
	}
	if atStart && e.prefix != "" {
		e.b.WriteString(e.prefix)
		e.prefix = ""
	}
	e.brk, e.sep = noBreak, ""
}

// hidden reports whether an element is marked as not shown.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch strings.ToLower(a.Key) {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			s := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		case "class":
			// Text only screen readers announce: "Image caption, ".
			for _, c := range strings.Fields(strings.ToLower(a.Val)) {
				switch c {
				case "visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text", "screen-reader-only", "a11y-hidden", "hidden":
					return true
				}
			}
		}
	}
	return false
}

// tag returns n's element type by its name: Readability renames elements
// (a div holding only text becomes a p) without updating their atoms.
func tag(n *html.Node) atom.Atom {
	if n.DataAtom != 0 && n.DataAtom.String() == n.Data {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// textContent returns the text under n, skipping scripts and styles, without
// recursion.
func textContent(root *html.Node) string {
	var b strings.Builder
	n := root
	for {
		descend := true
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case n.Type == html.ElementNode && n != root && (skipped[tag(n)] || hidden(n)):
			descend = false
		}
		if descend && n.FirstChild != nil && b.Len() < 4096 {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return b.String()
		}
		n = n.NextSibling
	}
}
