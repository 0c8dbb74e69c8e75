// Package export writes a project's passages for people outside Gloss: a PDF
// briefing for decision makers, the same briefing in Markdown, and a CSV
// table for spreadsheets. It reads the project through Source, the four
// listings it needs, and never through storage directly.
package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gloss/annotate"
	"gloss/export/markup"
)

// Source is the part of a project the exporters read. *storage.DB satisfies it.
type Source interface {
	// Documents lists live documents without their text, by title.
	Documents(ctx context.Context, filter annotate.DocumentFilter) ([]*annotate.Document, error)
	// Document returns one live document with its text.
	Document(ctx context.Context, id string) (*annotate.Document, error)
	// Tags lists the codebook in its order.
	Tags(ctx context.Context) ([]*annotate.Tag, error)
	// Passages lists live passages by document title, then start.
	Passages(ctx context.Context, filter annotate.PassageFilter) ([]*annotate.Passage, error)
}

// PassageStreamer is what a Source may do besides: list passages one at a
// time as they are read, in the order and with the content Passages
// lists them, without holding them all, and count them. *storage.DB does;
// the CSV export uses it, so that its memory stays flat however many
// passages it writes.
type PassageStreamer interface {
	EachPassage(ctx context.Context, filter annotate.PassageFilter, fn func(*annotate.Passage) error) error
	CountPassages(ctx context.Context, filter annotate.PassageFilter) (int, error)
}

// eachPassage calls fn with the passages src lists for f, through
// PassageStreamer when src has it, and sets total to how many there are
// (counted first when streamed; the count may be off by a colleague's
// edit in between, and only serves progress).
func eachPassage(ctx context.Context, src Source, f annotate.PassageFilter, total *int, fn func(*annotate.Passage) error) error {
	s, ok := src.(PassageStreamer)
	if !ok {
		ps, err := src.Passages(ctx, f)
		if err != nil {
			return fmt.Errorf("read passages: %w", err)
		}
		*total = len(ps)
		for _, p := range ps {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}
	n, err := s.CountPassages(ctx, f)
	if err != nil {
		return fmt.Errorf("read passages: %w", err)
	}
	*total = n
	return s.EachPassage(ctx, f, fn)
}

// Grouping of the briefing's sections.
const (
	GroupByTag      = "tag"      // one section per tag, following the codebook's hierarchy (the default)
	GroupByDocument = "document" // one section per document
)

// Options says what goes into an export and how it is presented.
type Options struct {
	// Briefing, when set, is the saved briefing to write: its cover,
	// summary, findings, key quotes, annex and scope take the place of
	// Title, Subtitle, PreparedBy, Tags, Documents, Authors and
	// Attributes, and its
	// date, when it has one, of Created.
	Briefing *annotate.Briefing

	Title      string // the briefing's title; "Briefing" when empty
	Subtitle   string
	PreparedBy string // who prepared it, e.g. the researcher's name
	Project    string // the project's name, e.g. its file name without extension

	// Created is the briefing's date, shown on the title page and stored as
	// the PDF's creation date; the zero time means now. A fixed Created makes
	// the output byte-for-byte reproducible.
	Created time.Time

	// The scope: empty means everything. Tags are names (ignoring case) or
	// IDs, and take in the tags nested under them; Documents are IDs;
	// Authors are the names of the researchers who made the passages. A
	// passage is included when it carries any of the tags, lies in any of
	// the documents and was made by any of the authors.
	Tags      []string
	Documents []string
	Authors   []string
	// Attributes keeps the passages of documents meeting every condition.
	Attributes []annotate.AttributeCondition

	GroupBy string // GroupByTag or GroupByDocument; "" means GroupByTag

	// BOM prepares a CSV file for spreadsheet programs: it starts with a
	// UTF-8 byte order mark, which they need to read it as UTF-8, and a
	// cell that would be read as a formula (one starting with =, +, -, @,
	// a tab or a carriage return, as "- The Russian president…" does)
	// starts with an invisible word joiner (U+2060), so that it shows as
	// the text it is, with nothing added that can be seen, and a
	// colleague's note cannot run as a formula. Without BOM, fields are
	// written exactly as stored, for other programs.
	BOM bool

	// Progress, when set, is called as the export advances with the number
	// of quotes (CSV: passages) written so far and the total.
	Progress func(done, total int)

	// FindFont returns the path of a TrueType font that has a glyph for r,
	// or "" when there is none. The PDF briefing uses it for characters its
	// own fonts lack; nil means SystemFont (fontconfig).
	FindFont func(r rune) string
}

// brief is the content of a briefing, gathered once and shared by the
// PDF and Markdown writers.
type brief struct {
	opts       Options
	title      string
	subtitle   string
	audience   string
	preparedBy string
	created    time.Time
	summary    []markup.Block

	allTags  []*annotate.Tag          // the whole codebook, in its order
	tagByID  map[string]*annotate.Tag // the whole codebook
	tagRank  map[string]int           // a tag's place in the codebook's tree order
	tags     []*annotate.Tag          // tags on passages in scope, in tree order
	inScope  map[string]bool          // IDs of tags in scope
	docs     []*annotate.Document     // documents with passages in scope, numbered from 1 in this order
	docByID  map[string]*annotate.Document
	docNum   map[string]int // document ID -> its number in the sources
	passages []*annotate.Passage
	quotes   []*quote // every passage in scope, merged into quotes, by document and start
	keyed    bool     // some passages are key quotes: the findings quote only those
	findings []*section
	annex    []*section
	scope    []scopeLine // what the scope leaves out, for the method box
	coders   []string    // who coded the passages in scope, by name
	kappa    *kappaSummary
	blocks   int // quotes printed, for progress
	groupBy  string
}

// quote is a quotation as the briefing prints it: the passages of every
// coder on the same text, merged (see annotate.MergeQuotes).
type quote struct {
	*annotate.QuoteBlock
	text  string        // the quoted text, widened to whole words
	spans []markup.Span // the text with its links
	key   bool          // a key quote: starred for the briefing
	pos   float64       // a key quote's place in the order
	under string        // the tag it is quoted under, when the analyst chose one
	home  *section
}

// section is one chapter of the briefing: a tag's finding and quotes (or,
// grouped by document, a document's quotes).
type section struct {
	number      string // "2.1"
	depth       int    // 0 for a top-level tag
	title       string
	color       string // "#rrggbb"
	description string
	tag         *annotate.Tag      // when grouped by tag
	doc         *annotate.Document // when grouped by document
	finding     []markup.Block
	quotes      []*quote // printed here, in order
	documents   int      // distinct documents among the quotes
	// elsewhere counts this tag's quotes that are not printed in this
	// part: in the annex, or (without one) left out.
	elsewhere int
	// refs are the sections of this part that print quotes with this
	// section's tag too, printed there under another of their tags.
	refs   []sectionRef
	parent *section
}

// sectionRef points to another section with a count of quotes.
type sectionRef struct {
	to *section
	n  int
}

// scopeLine is one line of the method box's scope.
type scopeLine struct {
	label string
	value string
}

// kappaSummary is the coders' agreement over the briefing's scope.
type kappaSummary struct {
	kappa     float64 // Cohen's κ, or the mean of every pair's
	pairs     int
	documents int // documents compared (for one pair: both coded them)
}

// gather reads the project and arranges its passages into quotes and
// sections.
func gather(ctx context.Context, src Source, opts Options) (*brief, error) {
	return gatherEach(ctx, src, opts, nil)
}

// gatherEach is gather; with each set, it stops at the scope and hands
// the passages in it to each as they are read instead of keeping them
// (see PassageStreamer), and b.blocks is their count, read first.
func gatherEach(ctx context.Context, src Source, opts Options, each func(*brief, *annotate.Passage) error) (*brief, error) {
	bf := opts.Briefing
	if bf == nil {
		bf = &annotate.Briefing{Title: opts.Title, Subtitle: opts.Subtitle, PreparedBy: opts.PreparedBy,
			Scope: annotate.BriefingScope{DocumentIDs: opts.Documents, Coders: opts.Authors, Attributes: opts.Attributes}}
	}
	b := &brief{opts: opts, title: strings.TrimSpace(bf.Title), subtitle: strings.TrimSpace(bf.Subtitle),
		audience: strings.TrimSpace(bf.Audience), preparedBy: strings.TrimSpace(bf.PreparedBy), created: opts.Created,
		summary: markup.Parse(bf.Summary), tagByID: map[string]*annotate.Tag{}, tagRank: map[string]int{},
		inScope: map[string]bool{}, docByID: map[string]*annotate.Document{}, docNum: map[string]int{}}
	if b.title == "" {
		b.title = strings.TrimSpace(bf.Name)
	}
	if b.title == "" {
		b.title = "Briefing"
	}
	if bf.Date != "" {
		t, err := time.Parse("2006-01-02", bf.Date)
		if err != nil {
			return nil, annotate.Errorf(annotate.EINVALID, "briefing %q: date %q is not of the form YYYY-MM-DD", bf.Name, bf.Date)
		}
		b.created = t
	}
	if b.created.IsZero() {
		b.created = time.Now()
	}
	switch opts.GroupBy {
	case "", GroupByTag:
		b.groupBy = GroupByTag
	case GroupByDocument:
		b.groupBy = GroupByDocument
	default:
		return nil, annotate.Errorf(annotate.EINVALID, "cannot group a briefing by %q: use %q or %q", opts.GroupBy, GroupByTag, GroupByDocument)
	}
	if err := bf.Scope.Validate(); err != nil {
		return nil, err
	}

	tags, err := src.Tags(ctx)
	if err != nil {
		return nil, fmt.Errorf("read codes: %w", err)
	}
	b.allTags = tags
	for _, t := range tags {
		b.tagByID[t.ID] = t
	}
	for i, t := range treeOrder(tags) {
		b.tagRank[t.ID] = i
	}
	scopeTags := bf.Scope.TagIDs
	if opts.Briefing == nil {
		scopeTags = nil
		for _, want := range opts.Tags {
			t := findTag(tags, want)
			if t == nil {
				return nil, annotate.Errorf(annotate.ENOTFOUND, "no code named %q in the project", want)
			}
			scopeTags = append(scopeTags, t.ID)
		}
	}
	var tagIDs []string // the scope's tags with the tags under them
	for _, id := range scopeTags {
		if b.tagByID[id] == nil {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "the briefing's scope names a code that is no longer in the project (%s)", annotate.ShortID(id))
		}
		for _, t := range subtree(tags, id) {
			if !b.inScope[t.ID] {
				b.inScope[t.ID] = true
				tagIDs = append(tagIDs, t.ID)
			}
		}
	}

	docs, err := src.Documents(ctx, annotate.DocumentFilter{})
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	for _, d := range docs {
		b.docByID[d.ID] = d
	}
	var docIDs []string
	wantDoc := map[string]bool{}
	for _, id := range bf.Scope.DocumentIDs {
		if b.docByID[id] == nil {
			return nil, annotate.Errorf(annotate.ENOTFOUND, "no document %s in the project", id)
		}
		if !wantDoc[id] {
			wantDoc[id] = true
			docIDs = append(docIDs, id)
		}
	}
	dated := bf.Scope.From != "" || bf.Scope.To != ""
	if dated {
		// The date range narrows the documents (all of them, or those named).
		var in []string
		for _, d := range docs {
			if (len(wantDoc) == 0 || wantDoc[d.ID]) && bf.Scope.InDates(d.Published) {
				in = append(in, d.ID)
			}
		}
		docIDs = in
	}

	if each != nil {
		if len(tagIDs) == 0 {
			for _, t := range tags {
				b.inScope[t.ID] = true
			}
		}
		if dated && len(docIDs) == 0 {
			return b, nil
		}
		f, err := bf.Scope.PassageFilter(tagIDs, docIDs)
		if err != nil {
			return nil, err
		}
		return b, eachPassage(ctx, src, f, &b.blocks, func(p *annotate.Passage) error {
			if b.docByID[p.DocumentID] == nil {
				return nil // deleted between the two reads
			}
			return each(b, p)
		})
	}
	var ps []*annotate.Passage
	if !dated || len(docIDs) > 0 {
		f, err := bf.Scope.PassageFilter(tagIDs, docIDs)
		if err != nil {
			return nil, err
		}
		ps, err = src.Passages(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("read passages: %w", err)
		}
	}
	if len(tagIDs) == 0 {
		// Every tag is in scope.
		for _, t := range tags {
			b.inScope[t.ID] = true
		}
	}
	used := map[string]bool{}
	for _, p := range ps {
		if b.docByID[p.DocumentID] == nil {
			continue // deleted between the two reads
		}
		b.passages = append(b.passages, p)
		for _, id := range p.Tags {
			used[id] = true
		}
	}
	for _, t := range treeOrder(tags) {
		if b.inScope[t.ID] && used[t.ID] {
			b.tags = append(b.tags, t)
		}
	}
	// Sources in the order of the document listing (by title).
	cited := map[string]bool{}
	for _, p := range b.passages {
		cited[p.DocumentID] = true
	}
	for _, d := range docs {
		if cited[d.ID] {
			b.docs = append(b.docs, d)
			b.docNum[d.ID] = len(b.docs)
		}
	}
	b.scope = scopeLines(b, bf.Scope, scopeTags)
	if len(bf.Scope.Attributes) > 0 {
		line, err := whereLine(ctx, src, bf.Scope.Attributes)
		if err != nil {
			return nil, err
		}
		b.scope = append(b.scope, line)
	}

	if err := b.mergeQuotes(ctx, src, bf); err != nil {
		return nil, err
	}
	if b.groupBy == GroupByTag {
		b.tagSections(bf)
	} else {
		b.documentSections()
	}
	for _, s := range append(append([]*section(nil), b.findings...), b.annex...) {
		seen := map[string]bool{}
		for _, q := range s.quotes {
			if !seen[q.DocumentID] {
				seen[q.DocumentID] = true
				s.documents++
			}
		}
		b.blocks += len(s.quotes)
	}
	b.agreement()
	return b, nil
}

// mergeQuotes merges the passages in scope into quotes, widened to whole
// words in their documents' text, and marks the key quotes.
func (b *brief) mergeQuotes(ctx context.Context, src Source, bf *annotate.Briefing) error {
	texts := map[string]*annotate.Text{}
	for _, d := range b.docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		full, err := src.Document(ctx, d.ID)
		if err != nil {
			if annotate.ErrorCode(err) == annotate.ENOTFOUND {
				continue // deleted since the listing: its passages stay as they are
			}
			return fmt.Errorf("read document %q: %w", d.Title, err)
		}
		texts[d.ID] = annotate.NewText(full.Text)
	}
	blocks := annotate.MergeQuotes(b.passages, func(id string) *annotate.Quoter {
		if t := texts[id]; t != nil {
			return annotate.NewQuoter(t)
		}
		return nil
	})
	stars := map[string]annotate.KeyQuote{}
	for _, k := range bf.Quotes {
		stars[k.PassageID] = k
	}
	for _, bl := range blocks {
		q := &quote{QuoteBlock: bl}
		if t := texts[bl.DocumentID]; t != nil {
			q.text = bl.Text(t)
		} else {
			q.text = bl.Passages[0].Quote
		}
		q.spans = markup.ParseQuote(q.text)
		for _, p := range bl.Passages {
			if k, ok := stars[p.ID]; ok {
				if !q.key || k.Position < q.pos {
					q.pos, q.under = k.Position, k.TagID
				}
				q.key = true
			}
		}
		if q.key {
			b.keyed = true
		}
		b.quotes = append(b.quotes, q)
	}
	// Quotes by source, then place in it.
	sort.SliceStable(b.quotes, func(i, j int) bool {
		qi, qj := b.quotes[i], b.quotes[j]
		if b.docNum[qi.DocumentID] != b.docNum[qj.DocumentID] {
			return b.docNum[qi.DocumentID] < b.docNum[qj.DocumentID]
		}
		return qi.Start < qj.Start
	})
	return nil
}

// homeTag returns the tag a quote is printed under: the one the analyst
// chose for it, else the first of its tags in scope in the codebook's
// order.
func (b *brief) homeTag(q *quote) *annotate.Tag {
	if q.under != "" && b.inScope[q.under] && q.HasTag(q.under) && b.tagByID[q.under] != nil {
		return b.tagByID[q.under]
	}
	var best *annotate.Tag
	for _, id := range q.Tags() {
		t := b.tagByID[id]
		if t == nil || !b.inScope[id] {
			continue
		}
		if best == nil || b.tagRank[id] < b.tagRank[best.ID] {
			best = t
		}
	}
	return best
}

// tagSections builds the findings, a section per tag following the
// codebook's hierarchy, and the annex. A tag has a finding section when
// the analyst wrote a finding for it or it has quotes to show there (key
// quotes, or every quote when none is starred); the annex has the quotes
// that are not key quotes, when the briefing asks for one. A parent tag
// heads its children's sections even with nothing of its own.
func (b *brief) tagSections(bf *annotate.Briefing) {
	type slot struct{ finding, annex *section }
	slots := map[string]*slot{}
	for _, t := range b.allTags {
		slots[t.ID] = &slot{}
	}
	home := map[string][]*quote{} // tag ID -> quotes printed under it
	// Per part (0 findings, 1 annex), the quotes with a tag printed under
	// another: tag ID -> home tag ID -> count.
	refs := [2]map[string]map[string]int{{}, {}}
	for _, q := range b.quotes {
		t := b.homeTag(q)
		if t == nil {
			continue
		}
		home[t.ID] = append(home[t.ID], q)
		part := -1
		switch {
		case q.key || !b.keyed:
			part = 0
		case bf.Annex:
			part = 1
		}
		if part < 0 {
			continue
		}
		for _, id := range q.Tags() {
			if id != t.ID && b.inScope[id] {
				if refs[part][id] == nil {
					refs[part][id] = map[string]int{}
				}
				refs[part][id][t.ID]++
			}
		}
	}
	newSection := func(t *annotate.Tag) *section {
		return &section{title: t.Name, color: t.Color, description: t.Description, tag: t}
	}
	var walk func(parent string, depth int, fparent, aparent *section) (hasF, hasA bool)
	var findings, annex []*section
	walk = func(parent string, depth int, fparent, aparent *section) (bool, bool) {
		anyF, anyA := false, false
		for _, t := range children(b.allTags, parent) {
			if !b.inScope[t.ID] && !hasInScope(b, t.ID) {
				continue
			}
			fs, as := newSection(t), newSection(t)
			fs.depth, as.depth, fs.parent, as.parent = depth, depth, fparent, aparent
			if b.inScope[t.ID] {
				fs.finding = markup.Parse(bf.Finding(t.ID))
				for _, q := range home[t.ID] {
					switch {
					case q.key || !b.keyed:
						fs.quotes = append(fs.quotes, q)
					case bf.Annex:
						as.quotes = append(as.quotes, q)
						fs.elsewhere++
					default:
						fs.elsewhere++
					}
				}
			}
			sort.SliceStable(fs.quotes, func(i, j int) bool {
				if b.keyed && fs.quotes[i].pos != fs.quotes[j].pos {
					return fs.quotes[i].pos < fs.quotes[j].pos
				}
				return false // otherwise in source order, as they come
			})
			fi, ai := len(findings), len(annex)
			findings = append(findings, fs)
			annex = append(annex, as)
			cf, ca := walk(t.ID, depth+1, fs, as)
			// A code quoted only under others has a section of its own
			// (pointing to them) where the briefing lists everything: not
			// among findings the analyst chose.
			keepF := cf || len(fs.finding) > 0 || len(fs.quotes) > 0 || !b.keyed && len(refs[0][t.ID]) > 0
			keepA := ca || len(as.quotes) > 0 || len(refs[1][t.ID]) > 0
			if !keepF {
				findings[fi] = nil
			}
			if !keepA {
				annex[ai] = nil
			}
			anyF, anyA = anyF || keepF, anyA || keepA
			slots[t.ID].finding, slots[t.ID].annex = fs, as
		}
		return anyF, anyA
	}
	walk("", 0, nil, nil)
	b.findings = number(compact(findings))
	b.annex = number(compact(annex))
	// Cross-references, in the order of the sections they point to.
	for part, ss := range [][]*section{b.findings, b.annex} {
		for _, s := range ss {
			for to, n := range refs[part][s.tag.ID] {
				target := slots[to].finding
				if part == 1 {
					target = slots[to].annex
				}
				if inList(ss, target) {
					s.refs = append(s.refs, sectionRef{target, n})
				}
			}
			sort.Slice(s.refs, func(i, j int) bool { return b.tagRank[s.refs[i].to.tag.ID] < b.tagRank[s.refs[j].to.tag.ID] })
		}
	}
	// An annex section refers to the finding of its tag.
	for _, s := range b.annex {
		s.number = ""
		if f := slots[s.tag.ID].finding; f != nil && f.number != "" && inList(b.findings, f) {
			s.number = f.number
		}
	}
}

func inList(ss []*section, s *section) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// hasInScope reports whether a tag nested under id is in scope.
func hasInScope(b *brief, id string) bool {
	for _, t := range subtree(b.allTags, id) {
		if t.ID != id && b.inScope[t.ID] {
			return true
		}
	}
	return false
}

// documentSections builds a section per document with its quotes, in
// source order: key quotes when some are starred (the rest in the annex
// when asked for), else all of them.
func (b *brief) documentSections() {
	for _, d := range b.docs {
		fs := &section{title: d.Title, doc: d, color: "#1f4e79"}
		as := &section{title: d.Title, doc: d, color: "#1f4e79"}
		for _, q := range b.quotes {
			if q.DocumentID != d.ID {
				continue
			}
			switch {
			case q.key || !b.keyed:
				fs.quotes = append(fs.quotes, q)
			case b.opts.Briefing != nil && b.opts.Briefing.Annex:
				as.quotes = append(as.quotes, q)
				fs.elsewhere++
			default:
				fs.elsewhere++
			}
		}
		if len(fs.quotes) > 0 {
			b.findings = append(b.findings, fs)
		}
		if len(as.quotes) > 0 {
			b.annex = append(b.annex, as)
		}
	}
	number(b.findings)
	for _, s := range b.annex {
		s.number = ""
	}
}

// compact drops the nil sections.
func compact(ss []*section) []*section {
	out := ss[:0]
	for _, s := range ss {
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

// number numbers sections in their order by depth: 1, 1.1, 1.2, 2, …;
// a section whose parent is not listed counts as top-level.
func number(ss []*section) []*section {
	listed := map[*section]bool{}
	for _, s := range ss {
		listed[s] = true
	}
	counts := map[*section]int{}
	for _, s := range ss {
		p := s.parent
		for p != nil && !listed[p] {
			p = p.parent
		}
		counts[p]++
		if p == nil {
			s.number = fmt.Sprint(counts[nil])
			s.depth = 0
		} else {
			s.number = fmt.Sprintf("%s.%d", p.number, counts[p])
			s.depth = p.depth + 1
		}
		for _, q := range s.quotes {
			q.home = s
		}
	}
	return ss
}

// treeOrder returns the codebook depth first: each tag followed by the
// tags nested under it, siblings in the codebook's order. A tag whose
// parent is missing counts as top-level.
func treeOrder(tags []*annotate.Tag) []*annotate.Tag {
	var out []*annotate.Tag
	var walk func(parent string)
	walk = func(parent string) {
		for _, t := range children(tags, parent) {
			out = append(out, t)
			walk(t.ID)
		}
	}
	walk("")
	return out
}

// children returns the tags directly under parent ("" for the top level,
// which includes tags whose parent is missing), in the codebook's order.
func children(tags []*annotate.Tag, parent string) []*annotate.Tag {
	known := map[string]bool{}
	for _, t := range tags {
		known[t.ID] = true
	}
	var out []*annotate.Tag
	for _, t := range tags {
		p := t.ParentID
		if !known[p] || p == t.ID {
			p = ""
		}
		if p == parent {
			out = append(out, t)
		}
	}
	return out
}

// subtree returns the tag id and every tag nested under it.
func subtree(tags []*annotate.Tag, id string) []*annotate.Tag {
	var out []*annotate.Tag
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, t := range tags {
			if t.ID == id {
				out = append(out, t)
			}
		}
		for _, t := range children(tags, id) {
			walk(t.ID)
		}
	}
	walk(id)
	return out
}

// scopeLines describes what the scope leaves out; nothing for a briefing
// of the whole project.
func scopeLines(b *brief, s annotate.BriefingScope, tags []string) []scopeLine {
	var out []scopeLine
	if len(tags) > 0 {
		var names []string
		for _, id := range tags {
			names = append(names, b.tagByID[id].Name)
		}
		out = append(out, scopeLine{"Codes", strings.Join(names, ", ") + " (with the codes under them)"})
	}
	if len(s.DocumentIDs) > 0 {
		var names []string
		for _, id := range s.DocumentIDs {
			names = append(names, b.docByID[id].Title)
		}
		out = append(out, scopeLine{"Documents", strings.Join(names, "; ")})
	}
	if len(s.Coders) > 0 {
		out = append(out, scopeLine{"Coders", strings.Join(s.Coders, ", ")})
	}
	if q := strings.TrimSpace(s.Query); q != "" {
		if parsed, err := annotate.ParseQuery(q); err == nil {
			q = parsed.Describe()
		}
		if s.Subcodes {
			q += " (with the codes under them)"
		}
		out = append(out, scopeLine{"Query", q})
	}
	switch {
	case s.From != "" && s.To != "":
		out = append(out, scopeLine{"Published", formatPublished(s.From) + " to " + formatPublished(s.To)})
	case s.From != "":
		out = append(out, scopeLine{"Published", "from " + formatPublished(s.From)})
	case s.To != "":
		out = append(out, scopeLine{"Published", "until " + formatPublished(s.To)})
	}
	return out
}

// attributeSource is a Source that defines document attributes, as a
// project does.
type attributeSource interface {
	Attributes(ctx context.Context) ([]*annotate.Attribute, error)
}

// whereLine describes the scope's attribute conditions for the method
// box, naming each attribute.
func whereLine(ctx context.Context, src Source, conds []annotate.AttributeCondition) (scopeLine, error) {
	names := map[string]string{}
	if as, ok := src.(attributeSource); ok {
		attrs, err := as.Attributes(ctx)
		if err != nil {
			return scopeLine{}, fmt.Errorf("read attributes: %w", err)
		}
		for _, a := range attrs {
			names[a.ID] = a.Name
		}
	}
	var parts []string
	for _, c := range conds {
		name, ok := names[c.AttributeID]
		if !ok {
			return scopeLine{}, annotate.Errorf(annotate.ENOTFOUND, "the briefing's scope names a document attribute that is no longer in the project (%s)", annotate.ShortID(c.AttributeID))
		}
		parts = append(parts, c.Describe(name))
	}
	return scopeLine{"Where", strings.Join(parts, "; ")}, nil
}

// agreement finds who coded the passages in scope and, for two or more,
// how far they agree: Cohen's κ over the documents each pair both coded
// and the tags in scope both used (the mean of every pair's for more
// than two).
func (b *brief) agreement() {
	work := map[string]*annotate.CoderWork{}
	for _, p := range b.passages {
		cw := work[p.Author]
		if cw == nil {
			cw = &annotate.CoderWork{Documents: map[string]bool{}, Tags: map[string]bool{}}
			work[p.Author] = cw
			b.coders = append(b.coders, p.Author)
		}
		cw.Documents[p.DocumentID] = true
		for _, id := range p.Tags {
			if b.inScope[id] {
				cw.Codings = append(cw.Codings, annotate.Coding{DocumentID: p.DocumentID, TagID: id, Start: p.Start, End: p.End})
			}
		}
	}
	sort.Slice(b.coders, func(i, j int) bool { return strings.ToLower(b.coders[i]) < strings.ToLower(b.coders[j]) })
	if len(b.coders) < 2 {
		return
	}
	lengths := map[string]int{}
	for _, d := range b.docs {
		lengths[d.ID] = d.Length
	}
	var tags []string
	for _, t := range b.tags {
		tags = append(tags, t.ID)
	}
	k := &kappaSummary{}
	docs := map[string]bool{}
	sum := 0.0
	for i, a := range b.coders {
		for _, c := range b.coders[i+1:] {
			cmp := annotate.Compare(lengths, tags, *work[a], *work[c])
			if len(cmp.Documents) == 0 || len(cmp.PerTag) == 0 {
				continue
			}
			sum += cmp.Overall.Kappa
			k.pairs++
			for _, d := range cmp.Documents {
				docs[d] = true
			}
		}
	}
	if k.pairs == 0 {
		return
	}
	k.kappa, k.documents = sum/float64(k.pairs), len(docs)
	b.kappa = k
}

// outlets returns the outlets of the documents in scope, each once, in
// the order of the documents; documents without one count as "", last.
func (b *brief) outlets() []string {
	var out []string
	seen := map[string]bool{}
	none := false
	for _, d := range b.docs {
		o := strings.TrimSpace(d.Outlet)
		if o == "" {
			none = true
		} else if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	if none {
		out = append(out, "")
	}
	return out
}

// dateRange returns the first and last publication dates of the
// documents in scope that have one.
func (b *brief) dateRange() (first, last string) {
	for _, d := range b.docs {
		if day, ok := annotate.ISODate(d.Published); ok {
			if first == "" || day < first {
				first = day
			}
			if day > last {
				last = day
			}
		}
	}
	return first, last
}

// findTag finds a tag by ID or by name, ignoring case.
func findTag(tags []*annotate.Tag, want string) *annotate.Tag {
	for _, t := range tags {
		if t.ID == want {
			return t
		}
	}
	for _, t := range tags {
		if strings.EqualFold(t.Name, strings.TrimSpace(want)) {
			return t
		}
	}
	return nil
}

// otherTags returns the tags of a quote other than those of its section,
// in the codebook's order.
func (b *brief) otherTags(q *quote, s *section) []*annotate.Tag {
	var ts []*annotate.Tag
	for _, id := range q.Tags() {
		if t := b.tagByID[id]; t != nil && (s.tag == nil || id != s.tag.ID) {
			ts = append(ts, t)
		}
	}
	sort.SliceStable(ts, func(i, j int) bool { return b.tagRank[ts[i].ID] < b.tagRank[ts[j].ID] })
	return ts
}

// quoteColor is the colour of a quote's bar in a section: the section's
// tag, or the quote's first tag in scope.
func (b *brief) quoteColor(s *section, q *quote) string {
	if s.tag != nil {
		return s.tag.Color
	}
	if t := b.homeTag(q); t != nil {
		return t.Color
	}
	return "#808080"
}

// refsText says where a section's tag is quoted under other codes:
// "Also quoted under 1 Cyber red lines (2) and 3 Human rights (1)."
func (s *section) refsText(numbered bool) string {
	if len(s.refs) == 0 {
		return ""
	}
	var parts []string
	for _, r := range s.refs {
		name := r.to.title
		if numbered && r.to.number != "" {
			name = r.to.number + " " + name
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", name, r.n))
	}
	list := parts[0]
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	what := "Quoted"
	if len(s.quotes) > 0 {
		what = "Also quoted"
	}
	return what + " under " + list + "."
}

// coding describes who coded a quote with what: "Ada Lovelace: Cyber red
// lines, Human rights · Ben Okri: Cyber red lines".
func (b *brief) coding(q *quote) string {
	var parts []string
	for _, c := range q.Coders() {
		var names []string
		for _, id := range q.TagsBy(c) {
			if t := b.tagByID[id]; t != nil {
				names = append(names, t.Name)
			}
		}
		name := c
		if name == "" {
			name = "unknown coder"
		}
		parts = append(parts, name+": "+strings.Join(names, ", "))
	}
	return strings.Join(parts, " · ")
}

// notes returns a quote's notes, each with its author, in the order of
// the passages.
func (q *quote) notes() []annotate.Note {
	var out []annotate.Note
	for _, p := range q.Passages {
		if strings.TrimSpace(p.Note.Text) != "" {
			n := p.Note
			if n.Author == "" {
				n.Author = p.Author
			}
			out = append(out, n)
		}
	}
	return out
}

// quoted returns the quote's text as printed: with an ellipsis where it
// cuts a sentence.
func (q *quote) quoted() []markup.Span {
	spans := append([]markup.Span(nil), q.spans...)
	if q.CutStart {
		spans = append([]markup.Span{{Text: "…"}}, spans...)
	}
	if q.CutEnd {
		spans = append(spans, markup.Span{Text: "…"})
	}
	return spans
}

// source returns a document's source line: title, outlet, date.
func (b *brief) source(d *annotate.Document) string {
	parts := []string{d.Title}
	if d.Outlet != "" {
		parts = append(parts, d.Outlet)
	}
	if d.Published != "" {
		parts = append(parts, formatPublished(d.Published))
	}
	return strings.Join(parts, " · ")
}

// sourceSuffix returns a document's outlet and date.
func (b *brief) sourceSuffix(d *annotate.Document) string {
	var parts []string
	if d.Outlet != "" {
		parts = append(parts, d.Outlet)
	}
	if d.Published != "" {
		parts = append(parts, formatPublished(d.Published))
	}
	return strings.Join(parts, " · ")
}

// docMeta is a document's outlet, author and date on one line.
func (b *brief) docMeta(d *annotate.Document) string {
	var parts []string
	for _, s := range []string{d.Outlet, d.Byline, formatPublished(d.Published)} {
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
	}
	n := fmt.Sprintf("source [%d]", b.docNum[d.ID])
	if len(parts) == 0 {
		return n
	}
	return strings.Join(parts, " · ") + " · " + n
}

// formatPublished writes an ISO date (YYYY-MM-DD) the way a reader expects,
// and any other text as it is.
func formatPublished(s string) string {
	if t, err := time.Parse("2006-01-02", strings.TrimSpace(s)); err == nil {
		return t.Format("2 January 2006")
	}
	return s
}

// formatRange writes a span of ISO dates compactly: "16–17 June 2021".
func formatRange(first, last string) string {
	a, err1 := time.Parse("2006-01-02", first)
	z, err2 := time.Parse("2006-01-02", last)
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case first == last:
		return a.Format("2 January 2006")
	case a.Year() == z.Year() && a.Month() == z.Month():
		return fmt.Sprintf("%d–%s", a.Day(), z.Format("2 January 2006"))
	case a.Year() == z.Year():
		return a.Format("2 January") + " – " + z.Format("2 January 2006")
	}
	return a.Format("2 January 2006") + " – " + z.Format("2 January 2006")
}

// plural writes n with word, one or many, its digits grouped as the
// window writes counts: "1 code", "12,000 codes".
func plural(n int, word string) string { return annotate.Count(n, word, word+"s") }

// progress reports progress when the caller asked for it.
func (b *brief) progress(done int) {
	if b.opts.Progress != nil {
		b.opts.Progress(done, b.blocks)
	}
}

// WriteFile writes a file through write without ever leaving a half-written
// file behind: the content goes to a temporary file in the same directory,
// which replaces path only when write succeeds. When the disk is full, the
// error says so, naming path (see annotate.NotWritten); what was at path is
// kept.
func WriteFile(path string, write func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return annotate.NotWritten(path, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = annotate.NotWritten(path, err)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return nil
}

// unwrapPathError drops the *PathError's repetition of the path.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
