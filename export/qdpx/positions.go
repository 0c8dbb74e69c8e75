package qdpx

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"gloss/annotate"
)

// Tools count a selection's positions in a source's text differently. The
// REFI-QDA standard counts characters; but a text with Windows line endings
// (CRLF) is counted with each CRLF as two characters by some (NVivo,
// MAXQDA) and as one by others (ATLAS.ti, and QualCoder's export with
// "MAXQDA line endings", which writes CRLF into the text file and keeps
// positions counted on its LF text), and tools built on UTF-16 strings may
// count a character beyond U+FFFF (an emoji, a flag) as two. Gloss does
// not guess from the tool's name alone: each selection whose name holds its
// quote (QualCoder writes the whole quote, ATLAS.ti and Gloss its start)
// is a witness, and the convention under which the most witnesses read
// their quote at their positions is the one taken, per source; the tool's
// name decides only when no witness does. A selection whose quote is then
// not at its positions but is found in the text is placed by its quote.

// convention is one way of counting positions in a source's text.
type convention struct {
	crlfOne bool // a CRLF line ending counts as one character
	utf16   bool // a character beyond U+FFFF counts as two
}

// describe names the convention for the report.
func (c convention) describe(crlf, astral bool) string {
	var parts []string
	if crlf {
		if c.crlfOne {
			parts = append(parts, "each CRLF line ending counted as one character")
		} else {
			parts = append(parts, "each CRLF line ending counted as two characters")
		}
	}
	if astral {
		if c.utf16 {
			parts = append(parts, "characters beyond U+FFFF counted as two (UTF-16)")
		} else {
			parts = append(parts, "characters beyond U+FFFF counted as one")
		}
	}
	return strings.Join(parts, ", ")
}

// toCodePoints maps positions counted under c in raw to code-point
// offsets in raw. A position inside a CRLF pair or a surrogate pair goes
// to the start of the pair; one past the end of the text gives -1.
func (c convention) toCodePoints(raw string, positions []int) []int {
	out := make([]int, len(positions))
	order := make([]int, len(positions))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return positions[order[a]] < positions[order[b]] })
	units, cp, k := 0, 0, 0
	for i := 0; i < len(raw) && k < len(order); {
		r, size := utf8.DecodeRuneInString(raw[i:])
		w := 1
		if r == '\r' && i+1 < len(raw) && raw[i+1] == '\n' {
			size = 2
			if !c.crlfOne {
				w = 2
			}
		} else if c.utf16 && r > 0xffff {
			w = 2
		}
		for ; k < len(order) && positions[order[k]] < units+w; k++ {
			out[order[k]] = cp
			if w == 2 && size == 2 && r == '\r' && positions[order[k]] == units+1 {
				out[order[k]] = cp + 1 // the LF of a pair counted as two
			}
		}
		units += w
		cp++
		if size == 2 && r == '\r' {
			cp++ // the LF of the pair: a code point of its own in raw
		}
		i += size
	}
	for ; k < len(order); k++ {
		if positions[order[k]] == units {
			out[order[k]] = cp
		} else {
			out[order[k]] = -1
		}
	}
	return out
}

// span is a selection of a source as the file gives it, and where it was
// placed in the source's normalized text.
type span struct {
	key        string // the selection, for messages
	start, end int    // the file's positions
	name       string // the file's name for it: often its quote, or a label
	s, e       int    // placed: code points of the normalized text
	ok         bool   // placed at all
	moved      string // why it was placed elsewhere than its positions say
}

// Witnesses of a convention: a name matches the text at a selection's
// positions when it reads the same in plain form (annotate.FoldQuote), or
// when it is the text's start, marked as cut ("…", "...") or long enough
// not to match by chance.
const (
	minCutName    = 8  // code points before the ellipsis of a cut name
	minPrefixName = 16 // code points of an unmarked name taken for the quote's start
)

// nameKind says what a selection's name can tell.
type nameKind int

const (
	nameLabel  nameKind = iota // nothing: a label, or no name
	nameQuote                  // the whole quote
	namePrefix                 // the quote's start
)

// matchName says how a name relates to the text at a selection's place:
// the whole quote, its start, or neither.
func matchName(name, got string) nameKind {
	n := strings.TrimSpace(annotate.FoldQuote(name))
	if n == "" {
		return nameLabel
	}
	g := strings.TrimSpace(annotate.FoldQuote(got))
	if n == g {
		return nameQuote
	}
	if cut, ok := cutName(n); ok {
		if strings.HasPrefix(g, cut) {
			return namePrefix
		}
		return nameLabel
	}
	if utf8.RuneCountInString(n) >= minPrefixName && strings.HasPrefix(g, n) {
		return namePrefix
	}
	return nameLabel
}

// cutName returns a name marked as cut without its ellipsis.
func cutName(n string) (string, bool) {
	for _, e := range []string{"...", "…"} {
		if cut, ok := strings.CutSuffix(n, e); ok {
			cut = strings.TrimSpace(cut)
			return cut, utf8.RuneCountInString(cut) >= minCutName
		}
	}
	return "", false
}

// placeSpans normalizes a source's raw text (see normalize) and places
// every span in it under the convention its names bear out (def when none
// does), re-anchoring by name the spans whose quote is elsewhere. It
// returns the text and a sentence on the convention and the evidence, for
// the report ("" when there was no choice to make and nothing moved).
func placeSpans(raw string, spans []*span, def convention) (string, string) {
	crlf := strings.Contains(raw, "\r\n")
	astral := false
	for _, r := range raw {
		if r > 0xffff {
			astral = true
			break
		}
	}
	convs := []convention{{}}
	if crlf {
		convs = append(convs, convention{crlfOne: true})
	}
	if astral {
		for _, c := range append([]convention(nil), convs...) {
			c.utf16 = true
			convs = append(convs, c)
		}
	}
	// One pass of normalization for every convention's positions.
	var all []int
	for _, c := range convs {
		pos := make([]int, 0, 2*len(spans))
		for _, sp := range spans {
			pos = append(pos, sp.start, sp.end)
		}
		all = append(all, c.toCodePoints(raw, pos)...)
	}
	valid := make([]bool, len(all))
	for i, p := range all {
		valid[i] = p >= 0
		if p < 0 {
			all[i] = 0
		}
	}
	text, mapped := normalize(raw, all)
	t := annotate.NewText(text)
	at := func(ci, si int) (int, int, bool) {
		i := ci*2*len(spans) + 2*si
		return mapped[i], mapped[i+1], valid[i] && valid[i+1] && mapped[i] < mapped[i+1]
	}
	best, bestScore, witnesses := 0, -1, 0
	for ci, c := range convs {
		score := 0
		for si, sp := range spans {
			if s, e, ok := at(ci, si); ok && matchName(sp.name, t.Slice(s, e)) != nameLabel {
				score++
			}
		}
		if score > bestScore || score == bestScore && c == def {
			best, bestScore = ci, score
		}
	}
	witnesses = bestScore
	var finder *annotate.QuoteFinder
	moved := 0
	for si, sp := range spans {
		s, e, ok := at(best, si)
		if ok && (sp.name == "" || matchName(sp.name, t.Slice(s, e)) != nameLabel) {
			sp.s, sp.e, sp.ok = s, e, true
			continue
		}
		// Not at its positions: look for its quote, near where they point.
		if finder == nil {
			finder = annotate.NewQuoteFinder(t)
		}
		length := e - s
		if !ok {
			length = sp.end - sp.start
			s = 0
		}
		if a, b, found := relocate(finder, sp.name, s, length); found {
			sp.s, sp.e, sp.ok = a, b, true
			sp.moved = fmt.Sprintf("its positions [%d, %d) do not hold its quote %q, found at [%d, %d): placed by its quote",
				sp.start, sp.end, annotate.Ellipsize(strings.Join(strings.Fields(sp.name), " "), 50), a, b)
			moved++
			continue
		}
		if ok {
			sp.s, sp.e, sp.ok = s, e, true // its name is a label: the positions stand
		}
	}
	var detail []string
	if crlf || astral {
		how := "positions read with " + convs[best].describe(crlf, astral)
		switch {
		case witnesses > 0:
			how += fmt.Sprintf(" (%d selection quote(s) confirm it)", witnesses)
		case len(convs) > 1:
			how += " (no selection carries its quote to check the positions against: the convention of the tool that wrote the file)"
		}
		detail = append(detail, how)
	}
	if moved > 0 {
		detail = append(detail, fmt.Sprintf("%d selection(s) placed by their quote", moved))
	}
	return text, strings.Join(detail, "; ")
}

// relocate finds a selection by its name: the whole quote, of about the
// selection's length, or a quote's start (cut, or long enough), nearest to
// where its positions point.
func relocate(f *annotate.QuoteFinder, name string, near, length int) (int, int, bool) {
	n := strings.TrimSpace(annotate.FoldQuote(name))
	if n == "" {
		return 0, 0, false
	}
	if cut, ok := cutName(n); ok {
		a, _, found := f.Anchor(annotate.Selector{Exact: cut, Start: near})
		return a, a + length, found && length > 0
	}
	nl := utf8.RuneCountInString(n)
	if d := nl - length; d <= 2+length/10 && -d <= 2+length/10 {
		if a, b, found := f.Anchor(annotate.Selector{Exact: name, Start: near}); found {
			return a, b, true
		}
	}
	if nl >= minPrefixName && length > nl {
		a, _, found := f.Anchor(annotate.Selector{Exact: name, Start: near})
		return a, a + length, found
	}
	return 0, 0, false
}

// normalizeNote gives a note Gloss's line endings and Unicode form.
func normalizeNote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return norm.NFC.String(strings.ReplaceAll(s, "\r", "\n"))
}

// normalize gives a source text Gloss's form (LF line endings, Unicode NFC)
// and maps code-point positions in the original to positions in the
// result. Texts already in that form, the common case, come back as they
// are.
func normalize(s string, positions []int) (string, []int) {
	if !strings.ContainsRune(s, '\r') && norm.NFC.IsNormalString(s) {
		return s, positions
	}
	// Walk the original once, code point by code point, building the result
	// one normalization segment at a time and noting where each original
	// position lands.
	mapped := make([]int, len(positions))
	var out strings.Builder
	out.Grow(len(s))
	in := strings.ReplaceAll(s, "\r\n", "\n")
	in = strings.ReplaceAll(in, "\r", "\n")
	// cps[i] is the original code point index of in's i-th code point: a
	// CRLF pair became one LF that stands at the CR's position.
	cps := make([]int, 0, len(in))
	orig := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		cps = append(cps, orig)
		if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i += 2
			orig += 2
			continue
		}
		i += size
		orig++
	}
	total := orig
	// origToIn maps an original position to in's code point index.
	origToIn := func(p int) int {
		lo, hi := 0, len(cps)
		for lo < hi {
			mid := (lo + hi) / 2
			if cps[mid] < p {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	inPos := make([]int, len(positions))
	for i, p := range positions {
		if p > total {
			p = total
		}
		inPos[i] = origToIn(p)
	}
	// Normalize segment by segment; a position inside a segment that
	// normalization rewrites lands at the segment's start.
	order := make([]int, len(inPos))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return inPos[order[a]] < inPos[order[b]] })
	var it norm.Iter
	it.InitString(norm.NFC, in)
	inCP, outCP, prev, k := 0, 0, 0, 0
	for !it.Done() {
		seg := it.Next()
		end := it.Pos()
		segCPs := utf8.RuneCountInString(in[prev:end])
		outCPs := utf8.RuneCount(seg)
		for ; k < len(order) && inPos[order[k]] < inCP+segCPs; k++ {
			p := inPos[order[k]]
			if segCPs == outCPs {
				mapped[order[k]] = outCP + (p - inCP)
			} else {
				mapped[order[k]] = outCP
			}
		}
		out.Write(seg)
		outCP += outCPs
		inCP += segCPs
		prev = end
	}
	for ; k < len(order); k++ {
		mapped[order[k]] = outCP
	}
	return out.String(), mapped
}
