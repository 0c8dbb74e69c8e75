package annotate

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Proposal is a passage an auto-coding rule proposes: the range to
// highlight, the tag to give it and the rule and match behind it.
type Proposal struct {
	DocumentID string
	Start, End int // code points, End exclusive
	Quote      string
	TagID      string
	RuleID     string
	RuleName   string
	// MatchStart and MatchEnd are the words the rule matched, inside the
	// range (the same range for ScopeMatch).
	MatchStart, MatchEnd int
	// Overlaps, when set, is the ID of a passage already coded with the
	// tag that overlaps the range: accepting would code part of it twice.
	Overlaps string
}

// wordEntry is one word or phrase of a RuleWords pattern, folded to lower
// case and split into words; prefix lets the last word have any ending.
type wordEntry struct {
	tokens []string
	prefix bool
}

// isWordRune reports whether r belongs to a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// forEachWord calls fn with the byte and code-point range of each word of s
// (a run of letters, digits and marks), in order.
func forEachWord(s string, fn func(b0, b1, cp0, cp1 int, s string)) {
	cp, b0, cp0 := 0, -1, 0
	for i := 0; i < len(s); {
		c := s[i]
		var word bool
		size := 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = isWordRune(r)
		}
		if word && b0 < 0 {
			b0, cp0 = i, cp
		} else if !word && b0 >= 0 {
			fn(b0, i, cp0, cp, s)
			b0 = -1
		}
		i += size
		cp++
	}
	if b0 >= 0 {
		fn(b0, len(s), cp0, cp, s)
	}
}

// Coder runs a set of auto-coding rules over texts.
type Coder struct {
	rules []*compiledRule
	// trie holds the words of every RuleWords rule by their first word
	// (folded to lower case), byte by byte: one walk per word of a text
	// finds every entry that can start there.
	trie       []trieNode
	sentences  bool
	paragraphs bool
}

// trieNode is a node of Coder.trie; node 0 is the root.
type trieNode struct {
	next   [256]int32 // child by next byte; 0 for none
	exact  []entryRef // entries whose first word is the path to here
	prefix []entryRef // one-word prefix entries that are the path to here
}

// insert returns the node for word, adding nodes as needed.
func (c *Coder) insert(word string) *trieNode {
	n := int32(0)
	for i := 0; i < len(word); i++ {
		next := c.trie[n].next[word[i]]
		if next == 0 {
			c.trie = append(c.trie, trieNode{})
			next = int32(len(c.trie) - 1)
			c.trie[n].next[word[i]] = next
		}
		n = next
	}
	return &c.trie[n]
}

type entryRef struct {
	rule  int // index into Coder.rules
	entry *wordEntry
}

// CompileRules prepares rules to run; a rule that does not compile is
// EINVALID with a message naming it.
func CompileRules(rules []*Rule) (*Coder, error) {
	c := &Coder{trie: make([]trieNode, 1, 64)}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		cr, _ := compileRule(r)
		i := len(c.rules)
		c.rules = append(c.rules, cr)
		for k := range cr.entries {
			e := &cr.entries[k]
			if len(e.tokens) == 1 && e.prefix {
				n := c.insert(e.tokens[0])
				n.prefix = append(n.prefix, entryRef{i, e})
			} else {
				n := c.insert(e.tokens[0])
				n.exact = append(n.exact, entryRef{i, e})
			}
		}
		c.sentences = c.sentences || r.Scope == ScopeSentence
		c.paragraphs = c.paragraphs || r.Scope == ScopeParagraph
	}
	return c, nil
}

// token is a word of the folded text.
type token struct {
	b0, b1   int32 // bytes in the folded text
	cp0, cp1 int32 // code points
}

// Propose runs the rules over a document's text and returns the passages
// they propose, by start, end and rule order. Matches of one rule, or of
// rules with the same tag, that give the same range make one proposal.
func (c *Coder) Propose(documentID string, t *Text) []Proposal {
	type match struct {
		rule, start, end int
	}
	var matches []match
	if len(c.trie) > 1 {
		text := t.String()
		tokens := make([]token, 0, len(text)/6)
		forEachWord(text, func(b0, b1, cp0, cp1 int, _ string) {
			tokens = append(tokens, token{int32(b0), int32(b1), int32(cp0), int32(cp1)})
		})
		word := func(k int) string { return foldWord(text[tokens[k].b0:tokens[k].b1]) }
		for k, tok := range tokens {
			w := text[tok.b0:tok.b1]
			if !isASCII(w) {
				w = fold(w)
			}
			n, i := int32(0), 0
			for ; i < len(w); i++ {
				ch := w[i]
				if 'A' <= ch && ch <= 'Z' {
					ch += 'a' - 'A'
				}
				if n = c.trie[n].next[ch]; n == 0 {
					break
				}
				for _, ref := range c.trie[n].prefix {
					matches = append(matches, match{ref.rule, int(tok.cp0), int(tok.cp1)})
				}
			}
			if n == 0 || i < len(w) {
				continue
			}
			for _, ref := range c.trie[n].exact {
				if end, ok := matchPhrase(ref.entry, tokens, k, word); ok {
					matches = append(matches, match{ref.rule, int(tok.cp0), end})
				}
			}
		}
	}
	for i, r := range c.rules {
		if r.re == nil {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(t.String(), -1) {
			if m[1] > m[0] {
				matches = append(matches, match{i, t.CodePoint(m[0]), t.CodePoint(m[1])})
			}
		}
	}
	if len(matches) == 0 {
		return nil
	}
	var sentences, paragraphs [][2]int
	if c.sentences {
		sentences = Sentences(t.String())
	}
	if c.paragraphs {
		paragraphs = Paragraphs(t.String())
	}
	type key struct {
		tag        string
		start, end int
	}
	seen := map[key]bool{}
	var out []Proposal
	for _, m := range matches {
		r := c.rules[m.rule].rule
		start, end := m.start, m.end
		switch r.Scope {
		case ScopeSentence:
			start, end = widen(sentences, start, end)
		case ScopeParagraph:
			start, end = widen(paragraphs, start, end)
		}
		k := key{r.TagID, start, end}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Proposal{DocumentID: documentID, Start: start, End: end, TagID: r.TagID,
			RuleID: r.ID, RuleName: r.Name, MatchStart: m.start, MatchEnd: m.end})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End < out[j].End
	})
	for i := range out {
		out[i].Quote = t.Slice(out[i].Start, out[i].End)
	}
	return out
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldWord returns a word in lower case, without copying a word that is
// lower-case ASCII already.
func foldWord(w string) string {
	if isASCII(w) {
		for i := 0; i < len(w); i++ {
			if 'A' <= w[i] && w[i] <= 'Z' {
				return strings.ToLower(w)
			}
		}
		return w
	}
	return fold(w)
}

// matchPhrase reports whether e's words follow one another from token k,
// and where the last one ends.
func matchPhrase(e *wordEntry, tokens []token, k int, word func(int) string) (int, bool) {
	if k+len(e.tokens) > len(tokens) {
		return 0, false
	}
	last := len(e.tokens) - 1
	for j := 1; j <= last; j++ {
		w := word(k + j)
		if j == last && e.prefix {
			if len(w) < len(e.tokens[j]) || w[:len(e.tokens[j])] != e.tokens[j] {
				return 0, false
			}
		} else if w != e.tokens[j] {
			return 0, false
		}
	}
	if last == 0 && e.prefix { // a one-word prefix entry is indexed by prefix
		return 0, false
	}
	return int(tokens[k+last].cp1), true
}

// widen returns the union of the segments that [start, end) touches, or
// [start, end) itself when it falls between segments.
func widen(segs [][2]int, start, end int) (int, int) {
	i := sort.Search(len(segs), func(i int) bool { return segs[i][1] > start })
	j := sort.Search(len(segs), func(i int) bool { return segs[i][1] >= end })
	if i >= len(segs) || segs[i][0] >= end {
		return start, end
	}
	if j >= len(segs) || j > i && segs[j][0] >= end {
		j--
	}
	s, e := segs[i][0], segs[j][1]
	if start < s {
		s = start
	}
	if end > e {
		e = end
	}
	return s, e
}
