package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// piece is text in one face, src[start:end], with its width in thousandths
// of an em. Pieces point into their segment's text, so that joining
// neighbours on a line costs no copy.
type piece struct {
	face       *face
	src        string
	start, end int
	w          int
	// mark tells the styled spans of rich text apart (see pdf_rich.go):
	// pieces of different marks are never joined. 0 for plain text.
	mark int
}

// newPiece returns a piece of all of text.
func newPiece(f *face, text string, w int) piece {
	return piece{face: f, src: text, end: len(text), w: w}
}

// text returns the piece's text.
func (p piece) text() string { return p.src[p.start:p.end] }

// appendPiece adds p to ps, extending the last piece when p continues it
// in the same face and source text.
func appendPiece(ps []piece, p piece) []piece {
	if n := len(ps); n > 0 && ps[n-1].face == p.face && ps[n-1].mark == p.mark {
		last := &ps[n-1]
		if last.end == p.start && unsafe.StringData(last.src) == unsafe.StringData(p.src) {
			last.end = p.end
		} else {
			last.src = last.text() + p.text()
			last.start, last.end = 0, len(last.src)
		}
		last.w += p.w
		return ps
	}
	return append(ps, p)
}

// atom is the unit of line breaking: a word (which may mix faces), one
// space, or one CJK character, between which lines may break.
type atom struct {
	pieces []piece
	w      int
	space  bool
}

// line is one laid-out line of text.
type line struct {
	pieces []piece
	w      int
	// para is the direction of the paragraph the line was broken from: 1
	// right to left, -1 left to right, 0 for a line on its own, whose
	// first strong character decides (see visual).
	para int8
}

// join returns a followed by b on one line.
func join(a, b line) line {
	out := line{pieces: append([]piece(nil), a.pieces...), w: a.w + b.w, para: a.para}
	for _, p := range b.pieces {
		out.pieces = appendPiece(out.pieces, p)
	}
	return out
}

// text returns the line's text.
func (l line) text() string {
	var b strings.Builder
	for _, p := range l.pieces {
		b.WriteString(p.text())
	}
	return b.String()
}

// breakingSpace reports whether r is a space a line may break at.
func breakingSpace(r rune) bool {
	if r < 0x80 {
		return r == ' '
	}
	return unicode.Is(unicode.Zs, r) && r != 0x00A0 && r != 0x2007 && r != 0x202F
}

// ideograph reports whether r is written without spaces and so allows a
// line break before and after it (Chinese, Japanese, Korean).
func ideograph(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF)
}

// breaksAfter reports whether a line may break after r inside a word.
func breaksAfter(r rune) bool {
	// Not after a hyphen: text extraction (pdftotext, copying from a
	// viewer) takes a hyphen at the end of a line for hyphenation and drops
	// it, garbling a quote such as "government-to-government".
	return r == '/' || r == 0x2013 || r == 0x2014
}

// tokenize turns segments into atoms for breakLines.
func tokenize(segs []seg) []atom {
	atoms, _ := tokenizeInto(segs, nil, nil)
	return atoms
}

// tokenizeInto is tokenize with the atoms and their pieces appended to
// atoms[:0] and pieces[:0], which it returns for use again once the atoms
// are done with (lines copy the pieces they take).
func tokenizeInto(segs []seg, atoms []atom, pieces []piece) ([]atom, []piece) {
	n := 0
	for _, sg := range segs {
		n += len(sg.text)
	}
	// All atoms' pieces share one backing array; an atom's pieces are
	// always the last ones appended, so each atom is a slice of it.
	if cap(atoms) < n/5+1 {
		atoms = make([]atom, 0, n/5+1)
	}
	if cap(pieces) < n/5+len(segs)+1 {
		pieces = make([]piece, 0, n/5+len(segs)+1)
	}
	atoms, pieces = atoms[:0], pieces[:0]
	first, wordW := 0, 0 // the current word is pieces[first:], wordW wide
	endWord := func() {
		if len(pieces) > first {
			atoms = append(atoms, atom{pieces: pieces[first:len(pieces):len(pieces)], w: wordW})
		}
		first, wordW = len(pieces), 0
	}
	for _, sg := range segs {
		f, text := sg.face, sg.text
		start, w := 0, 0 // the pending piece of the current word: text[start:i]
		for i := 0; i < len(text); {
			if c := text[i]; c < utf8.RuneSelf && f.vector == nil {
				// ASCII, the common case: a space, a slash or a letter.
				rw := int(f.widths[c])
				switch c {
				case ' ':
					if i > start {
						pieces = append(pieces, piece{f, text, start, i, w, sg.mark})
						wordW += w
					}
					endWord()
					pieces = append(pieces, piece{f, text, i, i + 1, rw, sg.mark})
					atoms = append(atoms, atom{pieces: pieces[first:len(pieces):len(pieces)], w: rw, space: true})
					first = len(pieces)
					start, w = i+1, 0
				case '/':
					w += rw
					pieces = append(pieces, piece{f, text, start, i + 1, w, sg.mark})
					wordW += w
					endWord()
					start, w = i+1, 0
				default:
					w += rw
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			rw := f.width(r)
			switch {
			case breakingSpace(r), ideograph(r):
				if i > start {
					pieces = append(pieces, piece{f, text, start, i, w, sg.mark})
					wordW += w
				}
				endWord()
				pieces = append(pieces, piece{f, text, i, i + n, rw, sg.mark})
				atoms = append(atoms, atom{pieces: pieces[first:len(pieces):len(pieces)], w: rw, space: breakingSpace(r)})
				first = len(pieces)
				start, w = i+n, 0
			default:
				w += rw
				if breaksAfter(r) {
					end := i + n
					pieces = append(pieces, piece{f, text, start, end, w, sg.mark})
					wordW += w
					endWord()
					start, w = end, 0
				}
			}
			i += n
		}
		if len(text) > start {
			pieces = append(pieces, piece{f, text, start, len(text), w, sg.mark})
			wordW += w
		}
	}
	endWord()
	return atoms, pieces
}

// breakLines fills lines of at most width (thousandths of an em) greedily
// with atoms. Spaces at the end and start of a wrapped line are dropped; a
// word longer than a line is split between characters.
func breakLines(atoms []atom, width int) []line {
	var cur line
	// The spaces since the last word, while the line has a word: their
	// pieces and width.
	var spaceBuf [8]piece
	spaces, sw := spaceBuf[:0], 0
	// The lines' pieces are cut from one array, a line's after the one
	// before it, rather than each line growing its own.
	var arena []piece
	total := 0
	for _, a := range atoms {
		total += a.w
	}
	chunk := 4 * (total/max(width, 1) + 2) // a few pieces a line
	lines := make([]line, 0, total/max(width, 1)+1)
	begin := func() {
		if cap(arena)-len(arena) < 4 {
			arena = make([]piece, 0, chunk)
		}
		cur = line{pieces: arena[len(arena):]}
	}
	begin()
	add := func(p piece) {
		cur.pieces = appendPiece(cur.pieces, p)
		cur.w += p.w
	}
	emit := func() {
		n := len(cur.pieces)
		if rest := arena[len(arena):cap(arena)]; n <= len(rest) && unsafe.SliceData(cur.pieces) == unsafe.SliceData(rest) {
			arena = arena[:len(arena)+n]
		}
		cur.pieces = cur.pieces[:n:n]
		lines = append(lines, cur)
		begin()
		spaces, sw = spaces[:0], 0
	}
	for _, a := range atoms {
		if a.space {
			if len(cur.pieces) > 0 {
				spaces = append(spaces, a.pieces[0])
				sw += a.w
			}
			continue
		}
		if cur.w+sw+a.w <= width || len(cur.pieces) == 0 && a.w <= width {
			for _, s := range spaces {
				add(s)
			}
			spaces, sw = spaces[:0], 0
			for _, p := range a.pieces {
				add(p)
			}
			continue
		}
		if len(cur.pieces) > 0 {
			emit()
		}
		if a.w <= width {
			for _, p := range a.pieces {
				add(p)
			}
			continue
		}
		for _, p := range a.pieces {
			for i, r := range p.text() {
				rw := p.face.width(r)
				if cur.w+rw > width && len(cur.pieces) > 0 {
					emit()
				}
				add(piece{p.face, p.src, p.start + i, p.start + i + utf8.RuneLen(r), rw, p.mark})
			}
		}
	}
	if len(cur.pieces) > 0 {
		emit()
	}
	return lines
}

// truncate returns the longest start of l no wider than width.
func truncate(l line, width int) line {
	var out line
	for _, p := range l.pieces {
		for i, r := range p.text() {
			rw := p.face.width(r)
			if out.w+rw > width {
				return out
			}
			out.pieces = appendPiece(out.pieces, piece{p.face, p.src, p.start + i, p.start + i + utf8.RuneLen(r), rw, p.mark})
			out.w += rw
		}
	}
	return out
}

// ellipsize shortens l to at most width, ending it with ell (an ellipsis)
// when it has to cut.
func ellipsize(l line, width int, ell piece) line {
	if l.w <= width {
		return l
	}
	return withEllipsis(l, width, ell)
}

// withEllipsis ends l with ell, cutting l so that both fit width: the last
// line shown of a text that goes on.
func withEllipsis(l line, width int, ell piece) line {
	out := truncate(l, width-ell.w)
	out.para = l.para
	out.pieces = append(out.pieces, ell)
	out.w += ell.w
	return out
}
