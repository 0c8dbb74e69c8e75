package annotate

import (
	"sort"
	"strings"
	"unicode"
)

// QuoteBlock is one quotation as a briefing prints it: every passage in
// scope that shares text with it, whoever coded it, merged into one block.
// Start and End are the union of the passages' ranges, widened to whole
// words (see Quoter.Widen); Passages are ordered by start, then author.
type QuoteBlock struct {
	DocumentID string
	Start, End int
	Passages   []*Passage
	// CutStart and CutEnd report that the quote begins or ends inside a
	// sentence, where a briefing prints an ellipsis.
	CutStart, CutEnd bool
}

// Text returns the block's text in the document whose indexed text is t.
func (b *QuoteBlock) Text(t *Text) string { return t.Slice(b.Start, b.End) }

// Coders returns the names of the researchers whose passages make up the
// block, in the order of their first passage.
func (b *QuoteBlock) Coders() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range b.Passages {
		if !seen[p.Author] {
			seen[p.Author] = true
			out = append(out, p.Author)
		}
	}
	return out
}

// TagsBy returns the IDs of the tags the coder applied to the block's
// passages, each once, in the order first applied.
func (b *QuoteBlock) TagsBy(coder string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range b.Passages {
		if p.Author != coder {
			continue
		}
		for _, id := range p.Tags {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// Tags returns the IDs of every tag on the block's passages, each once.
func (b *QuoteBlock) Tags() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range b.Passages {
		for _, id := range p.Tags {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// HasTag reports whether any of the block's passages carries the tag.
func (b *QuoteBlock) HasTag(id string) bool {
	for _, p := range b.Passages {
		if p.HasTag(id) {
			return true
		}
	}
	return false
}

// Has reports whether the passage is one of the block's.
func (b *QuoteBlock) Has(passageID string) bool {
	for _, p := range b.Passages {
		if p.ID == passageID {
			return true
		}
	}
	return false
}

// MergeQuotes groups passages into quote blocks: passages of one document
// that overlap (share at least one code point), directly or through
// another, make one block, whoever coded them, so that a text coded by two
// researchers is quoted once. When quoter returns a Quoter for a document,
// the blocks are widened to whole words and their cut sentences marked;
// blocks that overlap once widened merge too. Blocks come in the order of
// their documents' first passage in ps, then by start.
func MergeQuotes(ps []*Passage, quoter func(documentID string) *Quoter) []*QuoteBlock {
	var order []string
	byDoc := map[string][]*Passage{}
	for _, p := range ps {
		if _, ok := byDoc[p.DocumentID]; !ok {
			order = append(order, p.DocumentID)
		}
		byDoc[p.DocumentID] = append(byDoc[p.DocumentID], p)
	}
	var out []*QuoteBlock
	for _, doc := range order {
		dps := append([]*Passage(nil), byDoc[doc]...)
		sort.SliceStable(dps, func(i, j int) bool {
			a, b := dps[i], dps[j]
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			if a.End != b.End {
				return a.End < b.End
			}
			if a.Author != b.Author {
				return a.Author < b.Author
			}
			return a.CreatedAt.Before(b.CreatedAt)
		})
		var q *Quoter
		if quoter != nil {
			q = quoter(doc)
		}
		var blocks []*QuoteBlock
		for _, p := range dps {
			s, e := p.Start, p.End
			if q != nil {
				s, e = q.Widen(s, e)
			}
			if n := len(blocks); n > 0 && s < blocks[n-1].End {
				last := blocks[n-1]
				last.End = max(last.End, e)
				last.Start = min(last.Start, s)
				last.Passages = append(last.Passages, p)
				continue
			}
			blocks = append(blocks, &QuoteBlock{DocumentID: doc, Start: s, End: e, Passages: []*Passage{p}})
		}
		if q != nil {
			for _, b := range blocks {
				b.CutStart, b.CutEnd = q.Cut(b.Start, b.End)
			}
		}
		out = append(out, blocks...)
	}
	return out
}

// maxWiden bounds how far Widen looks for the edge of a word, in code
// points: a "word" longer than that (a URL, a hash) is cut where it is.
const maxWiden = 64

// Quoter widens quotations of one document to whole words and tells where
// they cut a sentence. It indexes the text's sentences on first use.
type Quoter struct {
	text      *Text
	sentences [][2]int // nil until needed
	paras     [][2]int
}

// NewQuoter returns a Quoter for a document's text.
func NewQuoter(t *Text) *Quoter { return &Quoter{text: t} }

// Widen returns [start, end) moved outwards to the edges of the words it
// cuts, without the white space at either end, and with the punctuation
// that belongs to the quotation: an opening quotation mark or bracket just
// before the first word, and a full stop, question or exclamation mark and
// closing quotation marks just after the last. A range of nothing but
// white space stays as it is.
func (q *Quoter) Widen(start, end int) (int, int) {
	n := q.text.Len()
	start, end = max(0, min(start, n)), max(0, min(end, n))
	lo, hi := max(0, start-maxWiden-2), min(n, end+maxWiden+2)
	rs := []rune(q.text.Slice(lo, hi))
	at := func(i int) rune { // rune at code point i, or 0 outside the window
		if i < lo || i >= hi {
			return 0
		}
		return rs[i-lo]
	}
	s, e := start, end
	for s < e && unicode.IsSpace(at(s)) {
		s++
	}
	for e > s && unicode.IsSpace(at(e-1)) {
		e--
	}
	if s == e {
		return start, end
	}
	inWord := func(i int) bool { return wordRune(at(i-1), at(i), at(i+1)) }
	for k := 0; k < maxWiden && s > lo && inWord(s) && inWord(s-1); k++ {
		s--
	}
	for k := 0; k < maxWiden && e < hi && inWord(e-1) && inWord(e); k++ {
		e++
	}
	for e < hi && unicode.Is(unicode.Mn, at(e)) {
		e++ // combining marks belong to the letter before them
	}
	// Opening marks just before the first word.
	for k := 0; k < 2 && s > lo && strings.ContainsRune(`"'“‘«([`, at(s-1)); k++ {
		s--
	}
	// Sentence-ending punctuation and closing marks just after the last.
	if strings.ContainsRune(".!?…", at(e)) {
		for e < hi && strings.ContainsRune(".!?…", at(e)) {
			e++
		}
	}
	for k := 0; k < 2 && e < hi && strings.ContainsRune(`"'”’»)]`, at(e)) && closes(at(e), rs, s-lo, e-lo); k++ {
		e++
	}
	return s, e
}

// closes reports whether the quotation mark or bracket r just after a
// quotation rs[s:e] closes something the quotation opened, or ends its
// sentence: a closing mark that would be left unbalanced is not taken in.
func closes(r rune, rs []rune, s, e int) bool {
	open := map[rune]string{'"': `"`, '\'': `'`, '”': `“"`, '’': `‘'`, '»': `«`, ')': `(`, ']': `[`}[r]
	n := 0
	for _, c := range rs[s:e] {
		if strings.ContainsRune(open, c) {
			n++
		}
		if c == r && r != '"' && r != '\'' {
			n--
		}
	}
	if r == '"' || r == '\'' {
		// Straight marks both open and close: an odd count is open.
		return n%2 == 1 || e > s && strings.ContainsRune(".!?…", rs[e-1])
	}
	return n > 0
}

// wordRune reports whether r, between prev and next, is part of a word:
// a letter, digit or mark, or an apostrophe or hyphen between letters or
// digits ("don't", "government-to-government"), or a full stop or comma
// between digits ("1.5", "10,000").
func wordRune(prev, r, next rune) bool {
	alnum := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) }
	switch {
	case alnum(r):
		return true
	case strings.ContainsRune("'’-‐‑", r):
		return alnum(prev) && alnum(next)
	case r == '.' || r == ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

// Cut reports whether the quotation [start, end) begins after the start
// of its sentence and whether it ends before the sentence's end: where a
// briefing prints an ellipsis. A quotation that starts or ends a
// paragraph, or a sentence (as Sentences finds them), is not cut there.
func (q *Quoter) Cut(start, end int) (before, after bool) {
	if q.sentences == nil {
		text := q.text.String()
		q.sentences = Sentences(text)
		q.paras = Paragraphs(text)
		if q.sentences == nil {
			q.sentences = [][2]int{}
		}
	}
	starts := func(rs [][2]int, x int) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i][0] >= x })
		return i < len(rs) && rs[i][0] == x
	}
	ends := func(rs [][2]int, x int) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i][1] >= x })
		return i < len(rs) && rs[i][1] == x
	}
	before = !starts(q.sentences, start) && !starts(q.paras, start) && start > 0
	after = !ends(q.sentences, end) && !ends(q.paras, end) && end < q.text.Len()
	// Nothing but marks between the quotation and its sentence's edge (a
	// list's dash or bullet before it, a closing bracket after) is no cut.
	if before {
		i := sort.Search(len(q.sentences), func(i int) bool { return q.sentences[i][0] > start }) - 1
		if i >= 0 && q.sentences[i][1] > start && !hasWord(q.text.Slice(q.sentences[i][0], start)) {
			before = false
		}
	}
	if after {
		i := sort.Search(len(q.sentences), func(i int) bool { return q.sentences[i][1] >= end })
		if i < len(q.sentences) && q.sentences[i][0] < end && !hasWord(q.text.Slice(end, q.sentences[i][1])) {
			after = false
		}
	}
	return before, after
}

// hasWord reports whether s has a letter or digit.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
